import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox conversations', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;
  let bot: SandboxClient;
  let botId: number;
  let botInboxId: number;
  let plainInboxId: number;
  let sequence = 0;

  const newConversation = async (inboxId: number, extra: Record<string, unknown> = {}) => {
    sequence += 1;
    const contact = await api.createContact(
      { name: `Customer ${sequence}`, email: `c${sequence}@example.org` },
      inboxId,
      `src-${sequence}`,
    );
    return api.createConversation(inboxId, contact.id, `src-${sequence}`, extra);
  };

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
    const created = await api.post(api.account('/agent_bots'), {
      name: 'Bot',
      outgoing_url: `${receiver.url}/bot`,
    });
    botId = created.body.id;
    bot = api.as(created.body.access_token);
    botInboxId = (await api.createApiInbox('Bot inbox', `${receiver.url}/bot-inbox`)).id;
    await api.post(api.account(`/inboxes/${botInboxId}/set_agent_bot`), { agent_bot: botId });
    plainInboxId = (await api.createApiInbox('Plain inbox', `${receiver.url}/plain-inbox`)).id;
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('starts pending in an inbox with an active agent bot, even when open is requested', async () => {
    const pending = await newConversation(botInboxId, { status: 'open' });
    assert.equal(pending.status, 'pending');
    const open = await newConversation(plainInboxId);
    assert.equal(open.status, 'open');
    const requested = await newConversation(plainInboxId, { status: 'pending' });
    assert.equal(requested.status, 'pending');
  });

  it('hands a pending conversation off when the bot opens it', async () => {
    const conversation = await newConversation(botInboxId);
    await sandbox.settle();
    receiver.received.length = 0;
    const answer = await bot.post(bot.account(`/conversations/${conversation.id}/toggle_status`), {
      status: 'open',
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      meta: {},
      payload: {
        success: null,
        conversation_id: conversation.id,
        current_status: 'open',
        snoozed_until: null,
      },
    });
    await sandbox.settle();
    const inboxEvents = receiver.postsTo('/bot-inbox').map((post) => post.body.event);
    assert.deepEqual(inboxEvents, ['conversation_status_changed', 'conversation_updated']);
    const botEvents = receiver.postsTo('/bot').map((post) => post.body.event);
    assert.deepEqual(botEvents, ['conversation_opened']);
    const updated = receiver.postsTo('/bot-inbox')[1]?.body.changed_attributes as Array<
      Record<string, unknown>
    >;
    assert.deepEqual(updated[0], { status: { previous_value: 'pending', current_value: 'open' } });
    const shown = await api.get(api.account(`/conversations/${conversation.id}`));
    assert.equal(shown.body.messages[0].content, 'Conversation was reopened by Bot');
  });

  it('toggles status without a status parameter and sets snoozed_until', async () => {
    const conversation = await newConversation(plainInboxId);
    const toggled = await api.post(api.account(`/conversations/${conversation.id}/toggle_status`));
    assert.equal(toggled.body.payload.current_status, 'resolved');
    assert.equal(toggled.body.payload.success, true);
    const reopened = await api.post(api.account(`/conversations/${conversation.id}/toggle_status`), {});
    assert.equal(reopened.body.payload.current_status, 'open');
    const snoozed = await api.post(api.account(`/conversations/${conversation.id}/toggle_status`), {
      status: 'snoozed',
      snoozed_until: 4102444800,
    });
    assert.equal(snoozed.body.payload.current_status, 'snoozed');
    assert.equal(snoozed.body.payload.snoozed_until, '2100-01-01T00:00:00.000Z');
  });

  it('returns the last conversation of the contact inbox with lock_to_single_conversation', async () => {
    const locked = await api.createApiInbox('Locked', undefined, { lock_to_single_conversation: true });
    const contact = await api.createContact(
      { name: 'Locked', email: 'locked@example.org' },
      locked.id,
      'locked-1',
    );
    const first = await api.createConversation(locked.id, contact.id, 'locked-1');
    await api.post(api.account(`/conversations/${first.id}/toggle_status`), { status: 'resolved' });
    const second = await api.createConversation(locked.id, contact.id, 'locked-1');
    assert.equal(second.id, first.id);
    const unlocked = await api.createConversation(plainInboxId, contact.id, 'free-1');
    const again = await api.createConversation(plainInboxId, contact.id, 'free-1');
    assert.notEqual(again.id, unlocked.id);
  });

  it('creates the first message with the conversation', async () => {
    const contact = await api.createContact(
      { name: 'First', email: 'first@example.org' },
      plainInboxId,
      'first-1',
    );
    const conversation = await api.createConversation(plainInboxId, contact.id, 'first-1', {
      message: { content: 'Hello from the agent' },
    });
    assert.equal(conversation.messages[0].content, 'Hello from the agent');
    assert.equal(conversation.messages[0].message_type, 1);
  });

  it('lists conversations in the data.meta envelope with status and assignee filters', async () => {
    const a = await newConversation(plainInboxId);
    await api.post(api.account(`/conversations/${a.id}/assignments`), { assignee_id: sandbox.adminUserId });
    const list = await api.get(api.account(`/conversations?inbox_id=${plainInboxId}&assignee_type=me`));
    assert.equal(list.status, 200);
    assert.deepEqual(Object.keys(list.body.data.meta).sort(), [
      'all_count',
      'assigned_count',
      'mine_count',
      'unassigned_count',
    ]);
    assert.ok(
      list.body.data.payload.every(
        (row: { meta: { assignee?: { id: number } } }) => row.meta.assignee?.id === sandbox.adminUserId,
      ),
    );
    assert.ok(list.body.data.meta.all_count >= list.body.data.payload.length);
    const pendingOnly = await api.get(api.account('/conversations?status=pending'));
    assert.ok(pendingOnly.body.data.payload.every((row: { status: string }) => row.status === 'pending'));
    const all = await api.get(api.account('/conversations?status=all'));
    assert.ok(all.body.data.payload.length > pendingOnly.body.data.payload.length);
  });

  it('replaces labels and filters conversations by them', async () => {
    const conversation = await newConversation(plainInboxId);
    await api.post(api.account(`/conversations/${conversation.id}/labels`), { labels: ['billing', 'vip'] });
    const replaced = await api.post(api.account(`/conversations/${conversation.id}/labels`), {
      labels: ['vip', 'refund'],
    });
    assert.deepEqual(replaced.body, { payload: ['vip', 'refund'] });
    assert.deepEqual((await api.get(api.account(`/conversations/${conversation.id}/labels`))).body.payload, [
      'vip',
      'refund',
    ]);
    const byLabel = await api.get(api.account('/conversations?labels[]=refund'));
    assert.deepEqual(
      byLabel.body.data.payload.map((row: { id: number }) => row.id),
      [conversation.id],
    );
    const filtered = await api.post(api.account('/conversations/filter'), {
      payload: [
        { attribute_key: 'labels', filter_operator: 'equal_to', values: ['refund'], query_operator: null },
      ],
    });
    assert.deepEqual(
      filtered.body.payload.map((row: { id: number }) => row.id),
      [conversation.id],
    );
    assert.deepEqual(Object.keys(filtered.body.meta).sort(), ['all_count', 'mine_count', 'unassigned_count']);
  });

  it('assigns agents, agent bots and teams', async () => {
    const conversation = await newConversation(plainInboxId);
    const agent = await api.post(api.account(`/conversations/${conversation.id}/assignments`), {
      assignee_id: sandbox.adminUserId,
    });
    assert.equal(agent.body.id, sandbox.adminUserId);
    assert.equal(agent.body.role, 'administrator');
    const botAssigned = await api.post(api.account(`/conversations/${conversation.id}/assignments`), {
      assignee_id: botId,
      assignee_type: 'AgentBot',
    });
    assert.equal(botAssigned.body.id, botId);
    const shown = await api.get(api.account(`/conversations/${conversation.id}`));
    assert.equal(shown.body.meta.assignee_type, 'AgentBot');
    const team = await api.post(api.account('/teams'), { name: 'Support' });
    const teamAssigned = await api.post(api.account(`/conversations/${conversation.id}/assignments`), {
      team_id: team.body.id,
    });
    assert.equal(teamAssigned.body.name, 'support');
    const unassigned = await api.post(api.account(`/conversations/${conversation.id}/assignments`), {
      assignee_id: null,
    });
    assert.equal(unassigned.body, null);
  });

  it('sends messages of a bot-assigned conversation to that bot', async () => {
    const conversation = await newConversation(plainInboxId);
    await api.post(api.account(`/conversations/${conversation.id}/assignments`), {
      assignee_id: botId,
      assignee_type: 'AgentBot',
    });
    await sandbox.settle();
    receiver.received.length = 0;
    await api.sendMessage(conversation.id, { content: 'for the bot', message_type: 'incoming' });
    await sandbox.settle();
    assert.ok(
      receiver
        .postsTo('/bot')
        .some((post) => post.body.event === 'message_created' && post.body.content === 'for the bot'),
    );
  });

  it('updates priority and custom attributes', async () => {
    const conversation = await newConversation(plainInboxId);
    assert.equal(
      (await api.post(api.account(`/conversations/${conversation.id}/toggle_priority`), { priority: 'high' }))
        .status,
      200,
    );
    const patched = await api.patch(api.account(`/conversations/${conversation.id}`), { priority: 'urgent' });
    assert.equal(patched.body.priority, 'urgent');
    const attributes = await api.post(api.account(`/conversations/${conversation.id}/custom_attributes`), {
      custom_attributes: { order: 'A-1' },
    });
    assert.deepEqual(attributes.body, { custom_attributes: { order: 'A-1' } });
    const replaced = await bot.post(bot.account(`/conversations/${conversation.id}/custom_attributes`), {
      custom_attributes: { order: 'B-2' },
    });
    assert.deepEqual(replaced.body, { custom_attributes: { order: 'B-2' } });
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
