import assert from 'node:assert/strict';
import { decideMatch, findConflicts, type AutoMergePolicy } from '../../plugin/identity/decide-match.ts';
import type { IdentityRecord } from '../../plugin/store/store.ts';

const on: AutoMergePolicy = { email: true, phone: true, external_id: true, channel_user: true };
let nextContact = 1;
function contact(...ids: Array<[IdentityRecord['type'], string, boolean, string?]>): IdentityRecord[] {
  const contactId = nextContact++;
  return ids.map(([type, value, verified, source]) => ({
    installationId: 'inst',
    contactId,
    type,
    value,
    verified,
    ...(source ? { source } : {}),
    createdAt: '2025-01-01T00:00:00.000Z',
  }));
}

describe('identity: the merge policy', () => {
  const email = { type: 'email' as const, value: 'ana@example.org' };

  it('merges when both contacts hold the identifier verified', () => {
    const decision = decideMatch({
      identifier: email,
      mine: contact(
        ['email', 'ana@example.org', true, 'slack:users.info'],
        ['channel_user', 'slack:U1', true],
      ),
      theirs: contact(['email', 'ana@example.org', true, 'email:from']),
      autoMerge: on,
      pairDismissed: false,
    });
    assert.deepEqual(decision, { action: 'merge', reason: 'same verified email ana@example.org' });
  });

  it('only suggests when either side merely claims it: typing an address proves nothing', () => {
    const decision = decideMatch({
      identifier: email,
      mine: contact(
        ['email', 'ana@example.org', false, 'message-text'],
        ['channel_user', 'telegram:42', true],
      ),
      theirs: contact(['email', 'ana@example.org', true, 'email:from']),
      autoMerge: on,
      pairDismissed: false,
    });
    assert.equal(decision.action, 'suggest');
    assert.match(
      decision.reason,
      /claimed \(message-text\) on one contact, verified \(email:from\) on the other/,
    );
  });

  it('suggests instead of merging when auto-merge is off for the kind', () => {
    const decision = decideMatch({
      identifier: { type: 'phone', value: '+14155552671' },
      mine: contact(['phone', '+14155552671', true]),
      theirs: contact(['phone', '+14155552671', true]),
      autoMerge: { ...on, phone: false },
      pairDismissed: false,
    });
    assert.equal(decision.action, 'suggest');
    assert.match(decision.reason, /turned off/);
  });

  it('flags two different verified phones behind one email as a conflict, never a merge', () => {
    const mine = contact(['email', 'ana@example.org', true], ['phone', '+14155552671', true]);
    const theirs = contact(
      ['email', 'ana@example.org', true],
      ['phone', '+14155550000', false],
      ['phone', '+447911123456', true],
    );
    const decision = decideMatch({ identifier: email, mine, theirs, autoMerge: on, pairDismissed: false });
    assert.equal(decision.action, 'suggest');
    assert.equal(decision.action === 'suggest' && decision.conflict, true);
    assert.match(
      decision.reason,
      /^Conflict: same email ana@example.org, but different verified phones \(\+14155552671 \/ \+447911123456\)/,
    );
    assert.deepEqual(findConflicts('email', mine, theirs), [
      { type: 'phone', mine: ['+14155552671'], theirs: ['+447911123456'] },
    ]);
  });

  it('does not call it a conflict when the contacts share one of the values, or one side has none', () => {
    const shared = findConflicts(
      'email',
      contact(['phone', '+14155552671', true], ['phone', '+447911123456', true]),
      contact(['phone', '+447911123456', true]),
    );
    assert.deepEqual(shared, []);
    assert.deepEqual(
      findConflicts(
        'email',
        contact(['phone', '+14155552671', true]),
        contact(['channel_user', 'x:1', true]),
      ),
      [],
    );
    // Two verified emails are not a conflict when the match is on email itself.
    assert.deepEqual(
      findConflicts('email', contact(['email', 'a@x.org', true]), contact(['email', 'b@x.org', true])),
      [],
    );
  });

  it('leaves a pair someone dismissed alone for good', () => {
    const decision = decideMatch({
      identifier: email,
      mine: contact(['email', 'ana@example.org', true]),
      theirs: contact(['email', 'ana@example.org', true]),
      autoMerge: on,
      pairDismissed: true,
    });
    assert.equal(decision.action, 'skip');
  });
});
