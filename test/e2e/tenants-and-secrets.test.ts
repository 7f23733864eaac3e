import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { rotateSecretKey } from '../../plugin/security/rotate-secret-key.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

const SECRETS = {
  webhookSecretA: `whsec-A-${randomUUID()}`,
  webhookSecretB: `whsec-B-${randomUUID()}`,
  slackBotToken: `xoxb-${randomUUID()}`,
  slackSigning: `slack-signing-${randomUUID()}`,
};

function message(channelMessageId: string, text: string) {
  return {
    kind: 'message',
    channel: 'webhook',
    dedupeKey: channelMessageId,
    occurredAt: new Date().toISOString(),
    channelMessageId,
    thread: { key: 'same-thread-key', kind: 'direct', address: {} },
    sender: { channelUserId: 'same-user-id', identifiers: [] },
    text,
    attachments: [],
  };
}

describe('two installations side by side, and no secret in clear text anywhere', function () {
  this.timeout(90_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  const installations: Array<{ id: string; accountId: number; token: string; inbox: number }> = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom({ env: { LOG_LEVEL: 'debug' } });
    const second = (await (await fetch(`${sandbox.url}/__sandbox/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Second"}' })).json()) as any;
    for (const [accountId, token, secret] of [
      [sandbox.accountId, sandbox.adminToken, SECRETS.webhookSecretA],
      [second.id, second.adminToken, SECRETS.webhookSecretB],
    ] as const) {
      const installed = (await (
        await omniloom.admin('/api/installations', { method: 'POST', json: { chatwootUrl: sandbox.url, accountId, token, channels: ['webhook', 'slack'] } })
      ).json()) as any;
      await omniloom.admin(`/api/installations/${installed.installationId}/channels/webhook`, { method: 'PUT', json: { credentials: { signingSecret: secret } } });
      await omniloom.admin(`/api/installations/${installed.installationId}/channels/slack`, {
        method: 'PUT',
        json: { credentials: { botToken: SECRETS.slackBotToken, signingSecret: SECRETS.slackSigning } },
      });
      installations.push({ id: installed.installationId, accountId, token, inbox: installed.inboxes.bridged.webhook });
    }
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('keeps every record and message in its own account, even with identical channel ids', async () => {
    const [a, b] = installations as [(typeof installations)[0], (typeof installations)[0]];
    await omniloom.admin(`/api/installations/${a.id}/inbound`, { method: 'POST', json: message('same-id', 'for account A') });
    await omniloom.admin(`/api/installations/${b.id}/inbound`, { method: 'POST', json: message('same-id', 'for account B') });
    for (const [installation, text] of [[a, 'for account A'], [b, 'for account B']] as const) {
      const api = sandboxApi(sandbox.url, installation.token, installation.accountId);
      const contents = await eventually(async () => {
        const conversations = (await api.get(`/conversations?inbox_id=${installation.inbox}&status=all`)).data.payload as Array<{ id: number }>;
        if (conversations.length === 0) return undefined;
        return ((await api.get(`/conversations/${conversations[0]!.id}/messages`)).payload as Array<{ content: string }>).map((m) => m.content);
      }, 15_000, `message in account ${installation.accountId}`);
      assert.deepEqual(contents, [text], 'the same channel message id is a different message per installation');
    }

    // One installation's admin view and identity API never reach the other's records.
    const store = omniloom.runtime.store;
    const threadA = await store.threads.get(a.id, 'webhook', 'same-thread-key');
    const threadB = await store.threads.get(b.id, 'webhook', 'same-thread-key');
    assert.ok(threadA && threadB);
    assert.equal(await store.threads.findByConversation(a.id, threadB.conversationId).then((link) => link?.installationId ?? a.id), a.id);
    const foreign = await omniloom.admin(`/api/installations/${a.id}/contacts/${threadB.contactId}/identity`);
    assert.ok([403, 404].includes(foreign.status) || (((await foreign.json()) as any).identifiers ?? []).length === 0, 'no identities of another account');

    // A webhook signed with B's secret is refused on A's URL.
    const body = JSON.stringify(message(`cross-${randomUUID()}`, 'cross'));
    const { signBody } = await import('../../connectors/webhook/sign-body.ts');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const crossed = await fetch(`${omniloom.url}/webhooks/webhook/${a.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-omniloom-timestamp': timestamp, 'x-omniloom-signature': signBody(SECRETS.webhookSecretB, timestamp, body) },
      body,
    });
    assert.equal(crossed.status, 401);
  });

  it('stores tokens only encrypted, and never logs or returns them', async () => {
    const clearTexts = [...Object.values(SECRETS), sandbox.adminToken, ...installations.map((installation) => installation.token)];
    const files = (await readdir(omniloom.dataDir)).filter((file) => file.startsWith('omniloom.sqlite'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const bytes = await readFile(path.join(omniloom.dataDir, file));
      for (const secret of clearTexts) assert.equal(bytes.includes(Buffer.from(secret)), false, `${file} holds a secret in clear text`);
    }
    const responses = [
      await (await omniloom.admin('/api/installations')).text(),
      ...(await Promise.all(installations.map(async (installation) => (await omniloom.admin(`/api/installations/${installation.id}`)).text()))),
      ...(await Promise.all(installations.map(async (installation) => (await omniloom.admin(`/api/installations/${installation.id}/channels`)).text()))),
    ];
    const logs = omniloom.logs.join('');
    assert.ok(logs.length > 1000, 'debug logs were captured');
    for (const secret of clearTexts) {
      for (const response of responses) assert.equal(response.includes(secret), false, 'an API response shows a secret');
      assert.equal(logs.includes(secret), false, `the logs show a secret`);
    }
  });

  it('refuses credentials with control characters, keeping the stored ones', async () => {
    const [first] = installations;
    const refused = await omniloom.admin(`/api/installations/${first!.id}/channels/slack`, {
      method: 'PUT',
      json: { credentials: { botToken: 'xoxb-pasted\nwith-a-line-break', signingSecret: 'ok-secret-value' } },
    });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /botToken must be text without control characters/);
    const account = await omniloom.runtime.store.channelAccounts.get(first!.id, 'slack');
    const stored = JSON.parse(omniloom.runtime.secrets.open(account!.credentialsCiphertext!)) as Record<string, string>;
    assert.equal(stored.botToken, SECRETS.slackBotToken);
  });

  it('rotates the encryption key: everything still opens under the new key only', async () => {
    const { store } = omniloom.runtime;
    const keyFile = path.join(omniloom.dataDir, 'secret.key');
    const oldKey = (await readFile(keyFile, 'utf8')).trim();
    const newKey = 'ab'.repeat(32);
    const result = await rotateSecretKey(store, oldKey, newKey);
    assert.equal(result.installations, 2);
    assert.equal(result.channelAccounts, 4);
    const onlyNew = createSecretBox(newKey);
    for (const installation of await store.installations.list()) {
      assert.ok(onlyNew.open(installation.tokenCiphertext).length > 0);
      for (const account of await store.channelAccounts.list(installation.id)) assert.ok(JSON.parse(onlyNew.open(account.credentialsCiphertext)));
    }
    assert.deepEqual(await rotateSecretKey(store, oldKey, newKey), { ...result }, 'running it again is harmless');
  });
});
