import assert from 'node:assert/strict';
import { installRequestSchema } from '../../plugin/install/install-request.ts';

describe('install request', () => {
  const valid = { chatwootUrl: 'https://chat.example.com/', accountId: '3', token: 'Ab3dEf6hIj9kLm2n' };

  it('takes the base URL without a trailing slash and a numeric account id', () => {
    const parsed = installRequestSchema.parse(valid);
    assert.equal(parsed.chatwootUrl, 'https://chat.example.com');
    assert.equal(parsed.accountId, 3);
    assert.deepEqual([parsed.channels, parsed.inboxes], [[], []]);
  });

  it('refuses a token that could not travel in an HTTP header', () => {
    // Found by fuzzing: control and bidi characters made the Chatwoot call throw, a 500 instead of a 400.
    for (const token of ['\u0000\u0000\u202eevil\u202c', 'token with spaces', 'tökenmitumlaut', 'line\nbreak-token'])
      assert.equal(installRequestSchema.safeParse({ ...valid, token }).success, false, JSON.stringify(token));
    assert.equal(installRequestSchema.safeParse({ ...valid, token: '  Ab3dEf6hIj9kLm2n  ' }).success, true, 'trimmed first');
  });
});
