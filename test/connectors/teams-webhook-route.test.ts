/**
 * Teams end to end through a running Omniloom: Bot Connector JWTs checked on
 * `/webhooks/teams/:installation` (pure claims, then keys from the fake's
 * OpenID metadata), activities into the sandbox Chatwoot, duplicates, and an
 * agent reply going out through the fake Bot Connector.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { type FakeTeams, startFakeTeams } from '../fakes/fake-teams/start-fake-teams.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { fixturesFor } from './contract-harness.ts';

describe('teams webhook route (end to end)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let teams: FakeTeams;
  let api: SandboxApi;
  let installationId: string;
  let inboxId: number;
  let webhookUrl: string;

  /** The personal-chat fixture, pointed at the fake Bot Connector as its serviceUrl. */
  const activity = () =>
    readFileSync(path.join(fixturesFor('teams'), 'message-personal.json'), 'utf8').replaceAll(
      'https://smba.trafficmanager.net/emea/',
      teams.serviceUrl,
    );
  const post = (body: string, headers: Record<string, string>) =>
    fetch(webhookUrl, { method: 'POST', headers, body });

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom();
    teams = await startFakeTeams();
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['teams'],
        },
      })
    ).json()) as any;
    installationId = installed.installationId;
    inboxId = installed.inboxes.bridged.teams;
    // The members API knows the sender: the worker's enrichSender adds the tenant-verified email.
    teams.members.set(
      'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0|29:1FAKEpersonalUserId_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      {
        id: '29:1FAKEpersonalUserId_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
        name: 'Morgan Lee',
        aadObjectId: '0f1e2d3c-FAKE-4b5a-9c8d-000000000001',
        email: 'morgan.lee@example.com',
      },
    );
    const account = teams.account();
    const configured = await omniloom.admin(`/api/installations/${installationId}/channels/teams`, {
      method: 'PUT',
      json: { credentials: account.credentials, config: account.config },
    });
    assert.equal(configured.status, 200, await configured.clone().text());
    webhookUrl = `${omniloom.url}/webhooks/teams/${installationId}`;
  });

  after(async () => {
    await omniloom?.stop();
    await teams?.close();
    await sandbox?.close();
  });

  async function messages() {
    const list = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{
      id: number;
    }>;
    if (list.length === 0) return [];
    return (await api.get(`/conversations/${list[0]!.id}/messages`)).payload as Array<{
      content: string;
      source_id: string | null;
    }>;
  }

  it('refuses missing, expired, foreign-key and wrong-audience tokens with 401 before queueing anything', async () => {
    const body = activity();
    assert.equal((await post(body, { 'content-type': 'application/json' })).status, 401);
    assert.equal((await post(body, teams.sign(body, new Date(Date.now() - 15 * 60_000)))).status, 401);
    const unknownKey = await post(body, teams.signWithUnknownKey(body));
    assert.equal(unknownKey.status, 401);
    assert.equal(((await unknownKey.json()) as any).error.code, 'connector_bad_signature');
    assert.equal((await post(body, teams.sign(body, new Date(), { audience: 'another-bot' }))).status, 401);
    assert.deepEqual(await messages(), []);
  });

  it('posts a verified activity into Chatwoot once, however often it is delivered', async () => {
    const body = activity();
    const first = await post(body, teams.sign(body));
    assert.equal(first.status, 200, await first.clone().text());
    assert.deepEqual(await first.json(), { status: 'ok', queued: 1, duplicates: 0, ignored: 0 });
    const incoming = await eventually(
      async () =>
        (await messages()).find((m) => m.content === "Hi, I can't sign in to the portal since this morning"),
      10_000,
      'incoming Teams message',
    );
    assert.ok(incoming.source_id?.endsWith('|1774001200123'));
    const again = await post(body, teams.sign(body));
    assert.deepEqual(await again.json(), { status: 'ok', queued: 0, duplicates: 1, ignored: 0 });
  });

  it('enriches the sender through the members API: the contact gets the tenant-verified email', async () => {
    const conversation = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload[0];
    const contactId = conversation.meta.sender.id as number;
    const identity = await eventually(
      async () => {
        const response = await omniloom.admin(
          `/api/installations/${installationId}/contacts/${contactId}/identity`,
        );
        const view = (await response.json()) as {
          identifiers: Array<{ type: string; value: string; verified: boolean; source?: string }>;
        };
        return view.identifiers.some((id) => id.type === 'email') ? view : undefined;
      },
      10_000,
      'enriched identity',
    );
    assert.deepEqual(
      identity.identifiers
        .filter((id) => id.type !== 'external_id')
        .map(({ type, value, verified }) => ({ type, value, verified }))
        .sort((a, b) => a.type.localeCompare(b.type)),
      [
        { type: 'channel_user', value: 'teams:0f1e2d3c-FAKE-4b5a-9c8d-000000000001', verified: true },
        { type: 'email', value: 'morgan.lee@example.com', verified: true },
      ],
    );
  });

  it('acknowledges ignored activities (conversationUpdate) without queueing them', async () => {
    const body = readFileSync(
      path.join(fixturesFor('teams'), 'conversation-update-bot-added.json'),
      'utf8',
    ).replaceAll('https://smba.trafficmanager.net/emea/', teams.serviceUrl);
    const response = await post(body, teams.sign(body));
    assert.deepEqual(await response.json(), { status: 'ok', queued: 0, duplicates: 0, ignored: 1 });
  });

  it('answers a malformed activity with a valid token with 400, and an oversized one with 413', async () => {
    const body = JSON.stringify({ type: 'message', serviceUrl: teams.serviceUrl, channelId: 'msteams' });
    assert.equal((await post(body, teams.sign(body))).status, 400);
    const huge = activity().replace('"Hi, I', `"${'x'.repeat(1_100_000)} I`);
    assert.equal((await post(huge, teams.sign(huge))).status, 413);
  });

  it('sends the agent reply to the conversation through the Bot Connector', async () => {
    const conversation = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload[0];
    await api.post(`/conversations/${conversation.id}/messages`, {
      content: 'Thanks **Morgan**, please try [the reset page](https://portal.example.com/reset)',
      message_type: 'outgoing',
    });
    const sent = await eventually(
      () => teams.activities.find((entry) => entry.body.type === 'message'),
      10_000,
      'Teams reply',
    );
    assert.equal(sent.conversationId, 'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0');
    assert.equal(
      sent.body.text,
      'Thanks **Morgan**, please try [the reset page](https://portal.example.com/reset)',
    );
    assert.equal(sent.body.textFormat, 'markdown');
  });
});
