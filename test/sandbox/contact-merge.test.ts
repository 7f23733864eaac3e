import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox contact merge', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
    await api.post(api.account('/webhooks'), {
      webhook: { url: `${receiver.url}/account`, subscriptions: ['contact_updated', 'message_updated'] },
    });
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('keeps the base contact, moves conversations, messages and contact inboxes, and fills blanks from the mergee', async () => {
    const discord = await api.createApiInbox('Discord');
    const slack = await api.createApiInbox('Slack');
    const base = await api.createContact(
      {
        name: 'Marta',
        email: 'marta@example.org',
        additional_attributes: { city: 'Lisbon', social: { x: '@marta' } },
        custom_attributes: { plan: '' },
      },
      discord.id,
      'discord-1',
    );
    const mergee = await api.createContact(
      {
        name: 'Marta S.',
        identifier: 'slack:U1',
        phone_number: '+351912345678',
        email: 'other@example.org',
        additional_attributes: { city: 'Porto', country: 'Portugal', social: { slack: 'U1' } },
        custom_attributes: { plan: 'pro', tier: 2 },
      },
      slack.id,
      'slack-U1',
    );
    const conversation = await api.createConversation(slack.id, mergee.id, 'slack-U1');
    await api.sendMessage(conversation.id, { content: 'from slack', message_type: 'incoming' });
    await sandbox.settle();
    receiver.received.length = 0;

    const merged = await api.post(api.account('/actions/contact_merge'), {
      base_contact_id: base.id,
      mergee_contact_id: mergee.id,
    });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.id, base.id);
    assert.equal(merged.body.payload, undefined, 'no payload wrapper');
    assert.equal(merged.body.name, 'Marta');
    assert.equal(merged.body.email, 'marta@example.org');
    assert.equal(merged.body.identifier, 'slack:U1');
    assert.equal(merged.body.phone_number, '+351912345678');
    assert.deepEqual(merged.body.additional_attributes, {
      city: 'Lisbon',
      country: 'Portugal',
      social: { slack: 'U1', x: '@marta' },
    });
    assert.deepEqual(merged.body.custom_attributes, { plan: '', tier: 2 });

    assert.equal((await api.get(api.account(`/contacts/${mergee.id}`))).status, 404);
    const inboxes = await api.get(api.account(`/contacts/${base.id}`));
    assert.deepEqual(
      inboxes.body.payload.contact_inboxes.map((row: { source_id: string }) => row.source_id).sort(),
      ['discord-1', 'slack-U1'],
    );
    const moved = await api.get(api.account(`/conversations/${conversation.id}`));
    assert.equal(moved.body.meta.sender.id, base.id);
    const messages = await api.get(api.account(`/conversations/${conversation.id}/messages`));
    assert.equal(messages.body.payload[0].sender.id, base.id);

    await sandbox.settle();
    const events = receiver.postsTo('/account').map((post) => post.body.event);
    assert.ok(events.includes('contact_updated'));
    assert.ok(events.includes('message_updated'), 'moving messages saves them');

    const reused = await api.post(api.account('/contacts'), { name: 'New', identifier: 'slack:U1' });
    assert.equal(reused.status, 422, 'the identifier now belongs to the base contact');
  });

  it('is a no-op for the same contact and 404 for unknown ids', async () => {
    const contact = await api.createContact({ name: 'Solo', email: 'solo@example.org' });
    const same = await api.post(api.account('/actions/contact_merge'), {
      base_contact_id: contact.id,
      mergee_contact_id: contact.id,
    });
    assert.equal(same.status, 200);
    assert.equal(same.body.id, contact.id);
    const missing = await api.post(api.account('/actions/contact_merge'), {
      base_contact_id: contact.id,
      mergee_contact_id: 99999,
    });
    assert.equal(missing.status, 404);
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
