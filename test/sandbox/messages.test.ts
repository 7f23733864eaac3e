import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox messages', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;
  let bot: SandboxClient;
  let botId: number;
  let inboxId: number;
  let conversationId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
    inboxId = (await api.createApiInbox('Messages', `${receiver.url}/inbox`)).id;
    const created = await api.post(api.account('/agent_bots'), { name: 'Responder' });
    botId = created.body.id;
    bot = api.as(created.body.access_token);
    const contact = await api.createContact(
      { name: 'Writer', email: 'writer@example.org' },
      inboxId,
      'writer',
    );
    conversationId = (await api.createConversation(inboxId, contact.id, 'writer')).id;
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('records incoming messages from the contact in API inboxes', async () => {
    const answer = await api.sendMessage(conversationId, {
      content: 'Hi',
      message_type: 'incoming',
      source_id: 'ext-1',
      echo_id: 'tmp-1',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.message_type, 0);
    assert.equal(answer.body.sender.type, 'contact');
    assert.equal(answer.body.source_id, 'ext-1');
    assert.equal(answer.body.echo_id, 'tmp-1');
  });

  it('refuses incoming messages in other inboxes', async () => {
    const widget = await api.hook('/__sandbox/inboxes', { channel_type: 'Channel::WebWidget', name: 'Site' });
    const arrival = await api.hook(`/__sandbox/inboxes/${widget.body.id}/incoming`, { content: 'hello' });
    const answer = await api.sendMessage(arrival.body.conversation.id, {
      content: 'fake',
      message_type: 'incoming',
    });
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body, { error: 'Incoming messages are only allowed in Api inboxes' });
  });

  it('sends outgoing messages as the calling user, the calling bot, or a bot named by an admin', async () => {
    const byUser = await api.sendMessage(conversationId, { content: 'from agent' });
    assert.equal(byUser.body.sender.type, 'user');
    const byBot = await bot.sendMessage(conversationId, { content: 'from bot token' });
    assert.equal(byBot.body.sender.type, 'agent_bot');
    assert.equal(byBot.body.sender.id, botId);
    const asBot = await api.sendMessage(conversationId, {
      content: 'admin as bot',
      sender_type: 'AgentBot',
      sender_id: botId,
    });
    assert.equal(asBot.body.sender.type, 'agent_bot');
  });

  it('keeps only items and in_reply_to of content_attributes', async () => {
    const original = await api.sendMessage(conversationId, {
      content: 'original',
      message_type: 'incoming',
      source_id: 'ext-orig',
    });
    const reply = await api.sendMessage(conversationId, {
      content: 'Pick one',
      content_type: 'input_select',
      content_attributes: {
        items: [{ title: 'Yes', value: 'yes' }],
        in_reply_to: original.body.id,
        custom: 'dropped',
      },
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.content_attributes, {
      items: [{ title: 'Yes', value: 'yes' }],
      in_reply_to: original.body.id,
      in_reply_to_external_id: 'ext-orig',
    });
    const invalid = await api.sendMessage(conversationId, {
      content: 'Pick',
      content_type: 'input_select',
      content_attributes: {},
    });
    assert.equal(invalid.status, 422);
    assert.match(invalid.body.error, /At least one item is required/);
  });

  it('delivers private notes to the inbox webhook', async () => {
    await sandbox.settle();
    receiver.received.length = 0;
    const note = await api.sendMessage(conversationId, { content: 'internal', private: true });
    assert.equal(note.body.private, true);
    await sandbox.settle();
    const delivered = receiver.postsTo('/inbox').find((post) => post.body.event === 'message_created');
    assert.equal(delivered?.body.private, true);
    assert.equal(delivered?.body.content, 'internal');
  });

  it('stores multipart attachments in memory and serves them at data_url', async () => {
    const form = new FormData();
    form.append('content', 'see attached');
    form.append('private', 'false');
    form.append('attachments[]', new Blob(['%PDF-1.4 sandbox'], { type: 'application/pdf' }), 'invoice.pdf');
    const answer = await api.sendMessage(conversationId, form as unknown as Record<string, unknown>);
    assert.equal(answer.status, 200);
    const [attachment] = answer.body.attachments;
    assert.equal(attachment.file_type, 'file');
    assert.equal(attachment.file_size, 16);
    assert.ok(attachment.data_url.startsWith(sandbox.url));
    const file = await fetch(attachment.data_url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.equal(await file.text(), '%PDF-1.4 sandbox');
  });

  it('lists messages with meta and pages with before', async () => {
    const list = await api.get(api.account(`/conversations/${conversationId}/messages`));
    assert.equal(list.status, 200);
    assert.equal(list.body.meta.contact.type, 'contact');
    const ids = list.body.payload.map((message: { id: number }) => message.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a: number, b: number) => a - b),
    );
    const before = await api.get(api.account(`/conversations/${conversationId}/messages?before=${ids[2]}`));
    assert.deepEqual(
      before.body.payload.map((message: { id: number }) => message.id),
      ids.slice(0, 2),
    );
  });

  it('updates delivery status of messages in API inboxes and emits message_updated', async () => {
    const sent = await api.sendMessage(conversationId, { content: 'status me' });
    await sandbox.settle();
    receiver.received.length = 0;
    const failed = await api.patch(api.account(`/conversations/${conversationId}/messages/${sent.body.id}`), {
      status: 'failed',
      external_error: 'discord: missing access',
    });
    assert.equal(failed.status, 200);
    assert.equal(failed.body.status, 'failed');
    assert.equal(failed.body.content_attributes.external_error, 'discord: missing access');
    const read = await api.patch(api.account(`/conversations/${conversationId}/messages/${sent.body.id}`), {
      status: 'read',
    });
    assert.equal(read.body.status, 'read');
    assert.equal(read.body.content_attributes.external_error, null);
    const ignored = await api.patch(
      api.account(`/conversations/${conversationId}/messages/${sent.body.id}`),
      { status: 'delivered' },
    );
    assert.equal(ignored.body.status, 'read', 'read never goes back to delivered');
    await sandbox.settle();
    assert.equal(
      receiver.postsTo('/inbox').filter((post) => post.body.event === 'message_updated').length,
      2,
    );
  });

  it('forbids status updates outside API inboxes', async () => {
    const widget = await api.hook('/__sandbox/inboxes', { channel_type: 'Channel::WebWidget' });
    const arrival = await api.hook(`/__sandbox/inboxes/${widget.body.id}/incoming`, { content: 'hi' });
    const answer = await api.patch(
      api.account(`/conversations/${arrival.body.conversation.id}/messages/${arrival.body.message.id}`),
      { status: 'read' },
    );
    assert.equal(answer.status, 403);
  });

  it('deletes messages by blanking them', async () => {
    const sent = await api.sendMessage(conversationId, { content: 'oops' });
    const deleted = await api.delete(
      api.account(`/conversations/${conversationId}/messages/${sent.body.id}`),
    );
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.content, 'This message was deleted');
    assert.deepEqual(deleted.body.content_attributes, { deleted: true });
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
