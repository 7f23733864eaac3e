import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { shapeDifferences } from './helpers/compare-shape.ts';
import { readSamplePayload } from './helpers/read-sample-payload.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import {
  type ReceivedPost,
  type WebhookReceiver,
  startWebhookReceiver,
} from './helpers/start-webhook-receiver.ts';

/** A 2×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEJAAAJ+gH/TnqLNgAAAABJRU5ErkJggg==',
  'base64',
);

function find(
  posts: ReceivedPost[],
  event: string,
  predicate: (body: Record<string, unknown>) => boolean = () => true,
) {
  const post = posts.find((entry) => entry.body.event === event && predicate(entry.body));
  assert.ok(post, `no ${event} delivered; got ${posts.map((entry) => entry.body.event).join(', ')}`);
  return post.body;
}

function assertShape(actual: Record<string, unknown>, sampleName: string): void {
  assert.deepEqual(shapeDifferences(actual, readSamplePayload(sampleName)), [], `shape of ${sampleName}`);
}

describe('sandbox webhook payloads match Chatwoot samples', () => {
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let api: SandboxClient;
  let bot: SandboxClient;
  let conversationId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    receiver = await startWebhookReceiver();
    api = new SandboxClient(sandbox);
    const webhook = await api.post(api.account('/webhooks'), {
      webhook: {
        url: `${receiver.url}/account`,
        subscriptions: [
          'conversation_status_changed',
          'conversation_updated',
          'conversation_created',
          'contact_created',
          'contact_updated',
          'message_created',
          'message_updated',
          'webwidget_triggered',
          'conversation_typing_on',
          'conversation_typing_off',
        ],
      },
    });
    assert.equal(webhook.status, 200);
    const inbox = await api.createApiInbox('Omniloom Telegram Bridge', `${receiver.url}/inbox`);
    const agentBot = await api.post(api.account('/agent_bots'), {
      name: 'Omniloom Bot',
      outgoing_url: `${receiver.url}/bot`,
    });
    bot = api.as(agentBot.body.access_token);
    assert.equal(
      (await api.post(api.account(`/inboxes/${inbox.id}/set_agent_bot`), { agent_bot: agentBot.body.id }))
        .status,
      200,
    );

    const contact = await api.createContact(
      { name: 'Marta Silva', identifier: 'tg:889102334' },
      inbox.id,
      'tg-chat-889102334',
    );
    await api.put(api.account(`/contacts/${contact.id}`), {
      email: 'marta.silva@example.org',
      phone_number: '+351912345678',
      additional_attributes: { city: 'Lisbon', country: 'Portugal', company_name: 'Acme Tiles' },
      custom_attributes: { plan: 'pro' },
    });
    const conversation = await api.createConversation(inbox.id, contact.id, 'tg-chat-889102334', {
      status: 'open',
    });
    conversationId = conversation.id;
    await api.sendMessage(conversationId, {
      content: 'Hi, my order #A-2291 still hasn’t shipped.',
      message_type: 'incoming',
      source_id: 'tg-msg-77120',
    });
    await bot.sendMessage(conversationId, { content: 'Thanks! Let me look up order A-2291 for you.' });
    await bot.post(bot.account(`/conversations/${conversationId}/toggle_status`), { status: 'open' });
    await sandbox.settle();
    await api.post(api.account(`/conversations/${conversationId}/assignments`), {
      assignee_id: sandbox.adminUserId,
    });
    await api.post(api.account(`/conversations/${conversationId}/labels`), { labels: ['shipping'] });
    await api.post(api.account(`/conversations/${conversationId}/toggle_typing_status`), {
      typing_status: 'on',
    });
    await sandbox.settle();
    receiver.respondWith('/inbox', 500);
    const form = new FormData();
    form.append('content', 'Sorry about that, Marta! It ships today — tracking to follow.');
    form.append('attachments[]', new Blob([PNG], { type: 'image/png' }), 'label.png');
    const reply = await api.sendMessage(conversationId, form as unknown as Record<string, unknown>);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    await sandbox.settle();
    receiver.respondWith('/inbox', 200);
    await api.sendMessage(conversationId, { content: 'Customer is VIP, expedite.', private: true });
    await api.post(api.account(`/conversations/${conversationId}/toggle_status`), { status: 'resolved' });

    const widget = await api.hook('/__sandbox/inboxes', {
      channel_type: 'Channel::WebWidget',
      name: 'Website',
    });
    await api.post(api.account(`/inboxes/${widget.body.id}/set_agent_bot`), { agent_bot: agentBot.body.id });
    await api.hook(`/__sandbox/inboxes/${widget.body.id}/widget_triggered`, {
      event_info: { referer: 'https://shop.northwind.example/orders' },
    });
    await sandbox.settle();
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('contact_created and contact_updated go to account webhooks only', () => {
    const account = receiver.postsTo('/account');
    assertShape(find(account, 'contact_created'), 'contact_created');
    const updated = find(account, 'contact_updated', (body) =>
      JSON.stringify(body.changed_attributes).includes('email'),
    );
    assertShape(updated, 'contact_updated');
    assert.ok(!receiver.postsTo('/inbox').some((post) => String(post.body.event).startsWith('contact_')));
  });

  it('conversation_created for a bot inbox is pending, with contact_inbox and no account key', () => {
    const created = find(receiver.postsTo('/inbox'), 'conversation_created');
    assertShape(created, 'conversation_created');
    assert.equal(created.status, 'pending');
    assert.equal('account' in created, false);
    assert.ok(!receiver.postsTo('/bot').some((post) => post.body.event === 'conversation_created'));
  });

  it('message_created for an incoming message carries the contact webhook shape as sender', () => {
    const message = find(
      receiver.postsTo('/inbox'),
      'message_created',
      (body) => body.message_type === 'incoming',
    );
    assertShape(message, 'message_created.incoming');
    assert.equal((message.sender as Record<string, unknown>).type, undefined);
  });

  it('message_created by the agent bot has an agent_bot sender and reaches the bot too', () => {
    const message = find(
      receiver.postsTo('/inbox'),
      'message_created',
      (body) => (body.sender as { type?: string })?.type === 'agent_bot',
    );
    assertShape(message, 'message_created.outgoing_by_agent_bot');
    find(
      receiver.postsTo('/bot'),
      'message_created',
      (body) => (body.sender as { type?: string })?.type === 'agent_bot',
    );
  });

  it('a bot handoff emits conversation_status_changed (changed_attributes null) and conversation_opened to the bot', () => {
    const changed = find(
      receiver.postsTo('/inbox'),
      'conversation_status_changed',
      (body) => body.status === 'open',
    );
    assertShape(changed, 'conversation_status_changed');
    assert.equal(changed.changed_attributes, null);
    assertShape(find(receiver.postsTo('/bot'), 'conversation_opened'), 'conversation_opened.agent_bot');
  });

  it('conversation_updated lists changed_attributes as one-key objects', () => {
    const updated = find(receiver.postsTo('/inbox'), 'conversation_updated', (body) =>
      JSON.stringify(body.changed_attributes).includes('assignee_id'),
    );
    const sample = readSamplePayload('conversation_updated');
    assert.deepEqual(
      shapeDifferences({ ...updated, changed_attributes: null }, { ...sample, changed_attributes: null }),
      [],
    );
    const changes = updated.changed_attributes as Array<
      Record<string, { previous_value: unknown; current_value: unknown }>
    >;
    assert.ok(changes.every((entry) => Object.keys(entry).length === 1));
    assert.deepEqual(changes.find((entry) => 'assignee_id' in entry)?.assignee_id, {
      previous_value: null,
      current_value: sandbox.adminUserId,
    });
    const labels = find(receiver.postsTo('/inbox'), 'conversation_updated', (body) =>
      JSON.stringify(body.changed_attributes).includes('label_list'),
    );
    const labelChange = (labels.changed_attributes as Array<Record<string, unknown>>).find(
      (entry) => 'label_list' in entry,
    );
    assert.deepEqual(labelChange, { label_list: { previous_value: [], current_value: ['shipping'] } });
  });

  it('conversation_typing_on has user, conversation and is_private', () => {
    assertShape(find(receiver.postsTo('/inbox'), 'conversation_typing_on'), 'conversation_typing_on');
  });

  it('an agent reply with an image is message_created outgoing with attachments', () => {
    const message = find(
      receiver.postsTo('/inbox'),
      'message_created',
      (body) => body.message_type === 'outgoing' && Array.isArray(body.attachments),
    );
    assertShape(message, 'message_created.outgoing');
    const [attachment] = message.attachments as Array<Record<string, unknown>>;
    assert.equal(attachment?.file_type, 'image');
    assert.equal(attachment?.width, 2);
    assert.equal(attachment?.height, 1);
  });

  it('a failed delivery to the inbox webhook marks the message failed and emits message_updated', () => {
    const updated = find(receiver.postsTo('/account'), 'message_updated');
    assertShape(updated, 'message_updated');
    assert.equal(
      (updated.content_attributes as Record<string, unknown>).external_error,
      '500 Internal Server Error',
    );
    const conversation = updated.conversation as { messages: Array<{ status: string }> };
    assert.equal(conversation.messages[0]?.status, 'failed');
  });

  it('private notes are delivered to the inbox webhook too', () => {
    const note = find(receiver.postsTo('/inbox'), 'message_created', (body) => body.private === true);
    assertShape(note, 'message_created.private_note');
  });

  it('resolving sends conversation_resolved to the bot', () => {
    assertShape(find(receiver.postsTo('/bot'), 'conversation_resolved'), 'conversation_resolved.agent_bot');
  });

  it('webwidget_triggered reaches account webhooks and the inbox bot', () => {
    assertShape(find(receiver.postsTo('/account'), 'webwidget_triggered'), 'webwidget_triggered');
    find(receiver.postsTo('/bot'), 'webwidget_triggered');
  });

  it('every delivery is a JSON POST with Chatwoot headers and no signature by default', () => {
    for (const post of receiver.received) {
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(post.headers.accept, 'application/json');
      assert.equal(post.headers['x-chatwoot-signature'], undefined);
    }
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
