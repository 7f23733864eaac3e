import assert from 'node:assert/strict';
import type request from 'supertest';
import { PermanentJobError } from '../../plugin/queue/queue.ts';
import type { InstallationRecord } from '../../plugin/store/store.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import {
  openPage,
  seedInstallation,
  signIn,
  startInboxChatwoot,
  type InboxChatwoot,
} from './admin-test-kit.ts';

const TEST_QUEUE = 'admin-status-test';

describe('admin pages: status panel, dead-letter retry and uninstall', () => {
  let harness: OmniloomHarness;
  let record: InstallationRecord;
  let otherRecord: InstallationRecord;
  let agent: request.Agent;
  let chatwoot: InboxChatwoot;
  const runs: string[] = [];

  before(async () => {
    harness = await startOmniloom();
    chatwoot = await startInboxChatwoot({ accountId: 1, token: 'chatwoot-token-status', inboxes: [] });
    record = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 1,
      token: 'chatwoot-token-status',
    });
    otherRecord = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 2,
      token: 'chatwoot-token-status',
    });
    // A job that fails for good the first time and succeeds once retried.
    harness.runtime.queue.process<{ installationId: string; name: string }>(TEST_QUEUE, async (job) => {
      runs.push(job.data.name);
      if (runs.filter((name) => name === job.data.name).length === 1)
        throw new PermanentJobError(`Chatwoot said no to ${job.data.name}`);
    });
    agent = await signIn(harness);
  });
  after(async () => {
    await harness?.stop();
    await chatwoot?.close();
  });

  it('shows the last webhook per channel and the queue depths', async () => {
    await harness.runtime.store.channelAccounts.upsert({
      installationId: record.id,
      channel: 'discord',
      inboxId: 31,
      config: {},
      credentialsCiphertext: harness.runtime.secrets.seal('{}'),
    });
    await harness.runtime.store.channelAccounts.touchInbound(
      record.id,
      'discord',
      '2025-03-04T05:06:07.000Z',
    );
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    const status = /<section class="section" id="status"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(
      status,
      /<td>Discord<\/td>\s*<td>#31<\/td>\s*<td><time datetime="2025-03-04T05:06:07.000Z">2025-03-04 05:06:07 UTC<\/time><\/td>/,
    );
    for (const queue of ['inbound', 'chatwoot-events', 'cw-outbound'])
      assert.match(status, new RegExp(`<code>${queue}</code>`));
    assert.match(status, /No failed jobs/);
  });

  it("lists this installation's dead letters and retries one", async () => {
    await harness.runtime.queue.add(
      TEST_QUEUE,
      { installationId: record.id, name: 'mine' },
      { jobId: 'job-mine' },
    );
    await harness.runtime.queue.add(
      TEST_QUEUE,
      { installationId: otherRecord.id, name: 'theirs' },
      { jobId: 'job-theirs' },
    );
    await eventually(
      async () => (await harness.runtime.queue.deadLetters(TEST_QUEUE)).length === 2,
      10_000,
      'two dead letters',
    );

    const { html, csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    assert.match(html, /Chatwoot said no to mine/);
    assert.doesNotMatch(html, /Chatwoot said no to theirs/, "another installation's dead letter is listed");
    assert.match(html, /<input type="hidden" name="job" value="job-mine">/);

    // The other installation's job cannot be retried from this page.
    await agent
      .post(`/admin/installations/${record.id}/dead-letters/retry`)
      .type('form')
      .send({ _csrf: csrf, queue: TEST_QUEUE, job: 'job-theirs' })
      .expect(303)
      .expect('location', `/admin/installations/${record.id}?notice=retry-missing#status`);

    await agent
      .post(`/admin/installations/${record.id}/dead-letters/retry`)
      .type('form')
      .send({ _csrf: csrf, queue: TEST_QUEUE, job: 'job-mine' })
      .expect(303)
      .expect('location', `/admin/installations/${record.id}?notice=retried#status`);
    await eventually(
      () => runs.filter((name) => name === 'mine').length === 2,
      10_000,
      'the retried job to run',
    );
    await eventually(
      async () =>
        (await harness.runtime.queue.deadLetters(TEST_QUEUE)).map((letter) => letter.id).join() ===
        'job-theirs',
      10_000,
      'only the other dead letter left',
    );

    const after = await openPage(agent, `/admin/installations/${record.id}?notice=retried`);
    assert.match(after.html, /The job is queued again\./);
    assert.doesNotMatch(after.html, /Chatwoot said no to mine/);
  });

  it('asks for confirmation, then uninstalls', async () => {
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    assert.match(html, new RegExp(`href="/admin/installations/${record.id}/uninstall"`));
    const confirm = await openPage(agent, `/admin/installations/${record.id}/uninstall`);
    assert.match(confirm.html, /Uninstall Omniloom from account 1\?/);
    assert.match(confirm.html, /Yes, uninstall/);
    assert.ok(
      await harness.runtime.store.installations.get(record.id),
      'opening the confirmation changes nothing',
    );

    await agent
      .post(`/admin/installations/${record.id}/uninstall`)
      .type('form')
      .send({ _csrf: confirm.csrf })
      .expect(303)
      .expect('location', '/admin?notice=uninstalled');
    assert.equal(await harness.runtime.store.installations.get(record.id), undefined);
    assert.equal(await harness.runtime.store.channelAccounts.get(record.id, 'discord'), undefined);
    const list = await openPage(agent, '/admin?notice=uninstalled');
    assert.match(list.html, /Omniloom was removed from that Chatwoot account\./);
    assert.ok(!list.html.includes(record.id));
    assert.ok(list.html.includes(otherRecord.id));
  });
});
