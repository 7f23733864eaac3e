import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { findClosedPort } from './helpers/find-closed-port.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox webhook delivery', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;

  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookTimeoutMs: 300 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('validates account webhooks: subscriptions and a unique http(s) URL per account', async () => {
    const invalid = await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/x`, subscriptions: ['message_created', 'nope'] },
    });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body, {
      message: 'Subscriptions Invalid events',
      attributes: ['subscriptions'],
    });
    const empty = await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/x`, subscriptions: [] },
    });
    assert.equal(empty.status, 422);
    const created = await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/x`, name: 'X', subscriptions: ['message_created'] },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(Object.keys(created.body.payload.webhook).sort(), [
      'account_id',
      'id',
      'name',
      'subscriptions',
      'url',
    ]);
    const duplicate = await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/x`, subscriptions: ['message_created'] },
    });
    assert.deepEqual(duplicate.body, { message: 'Url has already been taken', attributes: ['url'] });
    const defaults = await api.post(api.account('/webhooks'), { url: `${receiver.url}/defaults` });
    assert.equal(defaults.status, 200, 'flat parameters are wrapped like Rails does');
    assert.equal(defaults.body.payload.webhook.subscriptions.length, 8);
    const updated = await api.patch(api.account(`/webhooks/${created.body.payload.webhook.id}`), {
      webhook: { subscriptions: ['contact_created'] },
    });
    assert.deepEqual(updated.body.payload.webhook.subscriptions, ['contact_created']);
    const list = await api.get(api.account('/webhooks'));
    assert.equal(list.body.payload.webhooks.length, 2);
    assert.equal(
      (await api.delete(api.account(`/webhooks/${defaults.body.payload.webhook.id}`))).status,
      200,
    );
    assert.equal((await api.delete(api.account(`/webhooks/${created.body.payload.webhook.id}`))).status, 200);
  });

  it('sends only subscribed events, for every inbox of the account', async () => {
    await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/only-messages`, subscriptions: ['message_created'] },
    });
    const first = await api.createApiInbox('First');
    const second = await api.createApiInbox('Second');
    for (const [inbox, source] of [
      [first, 'a'],
      [second, 'b'],
    ] as const) {
      const contact = await api.createContact(
        { name: source, email: `${source}@example.org` },
        inbox.id,
        source,
      );
      const conversation = await api.createConversation(inbox.id, contact.id, source);
      await api.sendMessage(conversation.id, { content: `hello ${source}` });
    }
    await sandbox.settle();
    const posts = receiver.postsTo('/only-messages');
    assert.deepEqual(
      posts.map((post) => post.body.event),
      ['message_created', 'message_created'],
    );
    assert.deepEqual(
      posts.map((post) => (post.body.inbox as { id: number }).id),
      [first.id, second.id],
    );
  });

  it('delivers to one receiver in order even when it is slow', async () => {
    receiver.respondWith('/ordered', 200, 50);
    const inbox = await api.createApiInbox('Ordered', `${receiver.url}/ordered`);
    const contact = await api.createContact({ name: 'Order', email: 'order@example.org' }, inbox.id, 'order');
    const conversation = await api.createConversation(inbox.id, contact.id, 'order');
    for (let index = 1; index <= 5; index += 1)
      await api.sendMessage(conversation.id, { content: `m${index}` });
    await sandbox.settle();
    const contents = receiver
      .postsTo('/ordered')
      .filter((post) => post.body.event === 'message_created')
      .map((post) => post.body.content);
    assert.deepEqual(contents, ['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('marks a message failed when its delivery to the API inbox webhook fails (status, timeout, refused)', async () => {
    receiver.respondWith('/down', 502);
    receiver.respondWith('/slow', 200, 1000);
    const closed = await findClosedPort();
    const cases: Array<[string, RegExp]> = [
      [`${receiver.url}/down`, /^502 Bad Gateway$/],
      [`${receiver.url}/slow`, /^Timed out reading data from server$/],
      [
        `http://127.0.0.1:${closed}/closed`,
        /^Failed to open TCP connection to 127\.0\.0\.1:\d+ \(Connection refused/,
      ],
    ];
    for (const [url, error] of cases) {
      const inbox = await api.createApiInbox(`Failing ${url}`, url);
      const contact = await api.createContact({ name: 'F' }, inbox.id, `f-${url}`);
      const conversation = await api.createConversation(inbox.id, contact.id, `f-${url}`);
      const sent = await api.sendMessage(conversation.id, { content: 'will fail' });
      await sandbox.settle();
      const messages = await api.get(api.account(`/conversations/${conversation.id}/messages`));
      const stored = messages.body.payload.find((message: { id: number }) => message.id === sent.body.id);
      assert.equal(stored.status, 'failed');
      assert.match(stored.content_attributes.external_error, error);
      const attempts = sandbox
        .deliveries()
        .filter((entry) => entry.url === url && entry.event === 'message_created');
      assert.equal(attempts.length, 1, 'one attempt, no retries');
      assert.equal(
        sandbox.deliveries().filter((entry) => entry.url === url && entry.event === 'message_updated').length,
        1,
      );
    }
  });

  it('opens a pending conversation with an activity message when the bot cannot be reached', async () => {
    const closed = await findClosedPort();
    const created = await api.post(api.account('/agent_bots'), {
      name: 'Offline bot',
      outgoing_url: `http://127.0.0.1:${closed}/bot`,
    });
    const inbox = await api.createApiInbox('Offline bot inbox');
    await api.post(api.account(`/inboxes/${inbox.id}/set_agent_bot`), { agent_bot: created.body.id });
    const contact = await api.createContact({ name: 'Waiting' }, inbox.id, 'waiting');
    const conversation = await api.createConversation(inbox.id, contact.id, 'waiting');
    assert.equal(conversation.status, 'pending');
    await api.sendMessage(conversation.id, { content: 'anyone?', message_type: 'incoming' });
    await sandbox.settle();
    const shown = await api.get(api.account(`/conversations/${conversation.id}`));
    assert.equal(shown.body.status, 'open');
    const messages = await api.get(api.account(`/conversations/${conversation.id}/messages`));
    const activity = messages.body.payload.filter(
      (message: { message_type: number }) => message.message_type === 2,
    );
    assert.ok(
      activity.some(
        (message: { content: string }) =>
          message.content === 'Conversation was marked open by system due to an error with the agent bot.',
      ),
    );
  });

  it('lists every attempt at GET /__sandbox/deliveries', async () => {
    const answer = await api.get('/__sandbox/deliveries?settle=1&event=message_created');
    assert.equal(answer.status, 200);
    assert.ok(answer.body.length > 0);
    for (const entry of answer.body) {
      assert.equal(entry.event, 'message_created');
      assert.ok('url' in entry && 'status' in entry && 'body' in entry && 'error' in entry);
    }
  });

  it('signs deliveries when a receiver has a secret (later Chatwoot releases)', async () => {
    const inbox = await api.createApiInbox('Signed', `${receiver.url}/signed`);
    assert.equal(
      (
        await api.hook('/__sandbox/signing-secrets', {
          receiver: 'api_inbox_webhook',
          id: inbox.id,
          secret: 's3cret',
        })
      ).status,
      204,
    );
    const contact = await api.createContact({ name: 'S' }, inbox.id, 'signed');
    await api.createConversation(inbox.id, contact.id, 'signed');
    await sandbox.settle();
    const [post] = receiver.postsTo('/signed');
    assert.ok(post);
    const timestamp = String(post.headers['x-chatwoot-timestamp']);
    const expected = createHmac('sha256', 's3cret').update(`${timestamp}.${post.rawBody}`).digest('hex');
    assert.equal(post.headers['x-chatwoot-signature'], `sha256=${expected}`);
    assert.match(String(post.headers['x-chatwoot-delivery']), /^[0-9a-f-]{36}$/);
  });
});
