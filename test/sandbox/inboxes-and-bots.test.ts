import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox inboxes and agent bots', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
  });
  after(() => sandbox.close());

  it('creates API inboxes with webhook_url, hmac_token and inbox_identifier', async () => {
    const inbox = await api.createApiInbox('Discord Bridge', 'https://bridge.example/hook', {
      lock_to_single_conversation: true,
    });
    assert.equal(inbox.channel_type, 'Channel::Api');
    assert.equal(inbox.webhook_url, 'https://bridge.example/hook');
    assert.equal(inbox.lock_to_single_conversation, true);
    assert.match(inbox.hmac_token, /^[1-9A-HJ-NP-Za-km-z]{24}$/);
    assert.match(inbox.inbox_identifier, /^[1-9A-HJ-NP-Za-km-z]{24}$/);
    const shown = await api.get(api.account(`/inboxes/${inbox.id}`));
    assert.equal(shown.body.inbox_identifier, inbox.inbox_identifier);
    const listed = await api.get(api.account('/inboxes'));
    assert.ok(listed.body.payload.some((entry: { id: number }) => entry.id === inbox.id));
  });

  it('hides hmac_token from agents and updates editable channel attributes', async () => {
    const inbox = await api.createApiInbox('Slack Bridge');
    const agent = await api.hook(`/__sandbox/accounts/${sandbox.accountId}/agents`, {
      name: 'Ana',
      inbox_ids: [inbox.id],
    });
    const asAgent = await api.as(agent.body.accessToken).get(api.account(`/inboxes/${inbox.id}`));
    assert.equal(asAgent.body.hmac_token, undefined);
    const updated = await api.patch(api.account(`/inboxes/${inbox.id}`), {
      name: 'Slack Connect',
      channel: {
        webhook_url: 'https://new.example/hook',
        additional_attributes: { agent_reply_time_window: 12 },
      },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'Slack Connect');
    assert.equal(updated.body.webhook_url, 'https://new.example/hook');
    assert.deepEqual(updated.body.additional_attributes, { agent_reply_time_window: 12 });
    const invalid = await api.patch(api.account(`/inboxes/${inbox.id}`), {
      channel: { additional_attributes: { agent_reply_time_window: -1 } },
    });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.attributes, ['agent_reply_time_window']);
  });

  it('deletes an inbox with its conversations', async () => {
    const inbox = await api.createApiInbox('Temporary');
    const contact = await api.createContact({ name: 'Temp' }, inbox.id, 'temp-1');
    const conversation = await api.createConversation(inbox.id, contact.id, 'temp-1');
    const deleted = await api.delete(api.account(`/inboxes/${inbox.id}`));
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, {
      message: 'Your inbox deletion request will be processed in some time.',
    });
    assert.equal((await api.get(api.account(`/inboxes/${inbox.id}`))).status, 404);
    assert.equal((await api.get(api.account(`/conversations/${conversation.id}`))).status, 404);
  });

  it('creates agent bots with an access token and attaches one to an inbox', async () => {
    const created = await api.post(api.account('/agent_bots'), {
      name: 'Omniloom',
      description: 'AI agent',
      outgoing_url: 'https://omniloom.example/bot',
      bot_config: { model: 'gemini' },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.account_id, sandbox.accountId);
    assert.equal(created.body.system_bot, false);
    assert.equal(typeof created.body.access_token, 'string');
    const inbox = await api.createApiInbox('Bot inbox');
    assert.deepEqual((await api.get(api.account(`/inboxes/${inbox.id}/agent_bot`))).body, { agent_bot: {} });
    await api.post(api.account(`/inboxes/${inbox.id}/set_agent_bot`), { agent_bot: created.body.id });
    const attached = await api.get(api.account(`/inboxes/${inbox.id}/agent_bot`));
    assert.equal(attached.body.agent_bot.id, created.body.id);
    await api.post(api.account(`/inboxes/${inbox.id}/set_agent_bot`), { agent_bot: null });
    assert.deepEqual((await api.get(api.account(`/inboxes/${inbox.id}/agent_bot`))).body, { agent_bot: {} });
    const updated = await api.patch(api.account(`/agent_bots/${created.body.id}`), {
      outgoing_url: 'https://omniloom.example/v2',
    });
    assert.equal(updated.body.outgoing_url, 'https://omniloom.example/v2');
    const list = await api.get(api.account('/agent_bots'));
    assert.ok(list.body.some((bot: { id: number }) => bot.id === created.body.id));
    assert.equal((await api.delete(api.account(`/agent_bots/${created.body.id}`))).status, 200);
    assert.equal((await api.get(api.account(`/agent_bots/${created.body.id}`))).status, 404);
  });

  it('refuses to create native channels through the API (they need their platform)', async () => {
    const answer = await api.post(api.account('/inboxes'), { name: 'WA', channel: { type: 'whatsapp' } });
    assert.equal(answer.status, 422);
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
