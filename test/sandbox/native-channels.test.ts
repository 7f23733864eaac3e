import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox native channels', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;

  const createInbox = async (channelType: string, extra: Record<string, unknown> = {}) => {
    const answer = await api.hook('/__sandbox/inboxes', {
      channel_type: channelType,
      name: channelType,
      ...extra,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body;
  };
  const receive = async (inboxId: number, body: Record<string, unknown>) => {
    const answer = await api.hook(`/__sandbox/inboxes/${inboxId}/incoming`, body);
    assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
    return answer.body;
  };

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
    await api.post(api.account('/webhooks'), {
      webhook: {
        url: `${receiver.url}/account`,
        subscriptions: ['contact_created', 'conversation_created', 'message_created'],
      },
    });
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('creates native inboxes of every channel type with their channel attributes', async () => {
    const widget = await createInbox('Channel::WebWidget');
    assert.equal(widget.channel_type, 'Channel::WebWidget');
    assert.match(widget.website_token, /^\w{24}$/);
    assert.match(widget.hmac_token, /^\w{24}$/);
    const twilio = await createInbox('Channel::TwilioSms', { medium: 'whatsapp' });
    assert.equal(twilio.medium, 'whatsapp');
    for (const type of [
      'Channel::Whatsapp',
      'Channel::FacebookPage',
      'Channel::Instagram',
      'Channel::Telegram',
      'Channel::Line',
      'Channel::Sms',
      'Channel::Email',
    ]) {
      assert.equal((await createInbox(type)).channel_type, type);
    }
    assert.equal((await api.hook('/__sandbox/inboxes', { channel_type: 'Channel::Fax' })).status, 422);
  });

  it('WhatsApp: source id is the phone digits and the contact is found by phone number', async () => {
    const inbox = await createInbox('Channel::Whatsapp');
    const existing = await api.createContact({ name: 'Marta Silva', phone_number: '+351912345678' });
    await sandbox.settle();
    receiver.received.length = 0;
    const first = await receive(inbox.id, {
      contact: { name: 'Marta', phone_number: '+351912345678' },
      content: 'Olá',
      source_id: 'wamid.1',
    });
    assert.equal(first.contact.id, existing.id);
    assert.equal(first.contact_inbox.source_id, '351912345678');
    assert.equal(first.message.message_type, 0);
    assert.equal(first.message.source_id, 'wamid.1');
    const second = await receive(inbox.id, {
      contact: { phone_number: '+351912345678' },
      content: 'again',
      source_id: 'wamid.2',
    });
    assert.equal(second.conversation.id, first.conversation.id);
    const duplicate = await receive(inbox.id, {
      contact: { phone_number: '+351912345678' },
      content: 'again',
      source_id: 'wamid.2',
    });
    assert.equal(duplicate.duplicate, true);
    assert.equal(duplicate.message.id, second.message.id);
    await sandbox.settle();
    const events = receiver.postsTo('/account').map((post) => post.body.event);
    assert.deepEqual(events, ['conversation_created', 'message_created', 'message_created']);
  });

  it('WhatsApp: a new contact gets the profile name and a new conversation after resolution', async () => {
    const inbox = await createInbox('Channel::Whatsapp');
    await sandbox.settle();
    receiver.received.length = 0;
    const first = await receive(inbox.id, {
      contact: { name: 'João', phone_number: '+5511987654321' },
      content: 'Oi',
    });
    assert.equal(first.contact.name, 'João');
    assert.equal(first.contact.phone_number, '+5511987654321');
    await api.post(api.account(`/conversations/${first.conversation.id}/toggle_status`), {
      status: 'resolved',
    });
    const next = await receive(inbox.id, {
      contact: { phone_number: '+5511987654321' },
      content: 'Oi de novo',
    });
    assert.notEqual(next.conversation.id, first.conversation.id);
    await sandbox.settle();
    assert.deepEqual(
      receiver
        .postsTo('/account')
        .map((post) => post.body.event)
        .slice(0, 3),
      ['contact_created', 'conversation_created', 'message_created'],
    );
  });

  it('lock_to_single_conversation reopens the resolved conversation instead', async () => {
    const inbox = await createInbox('Channel::Telegram', { lock_to_single_conversation: true });
    const first = await receive(inbox.id, {
      contact: { name: 'Tele Gram', source_id: '889102334' },
      content: 'hi',
    });
    assert.equal(first.contact_inbox.source_id, '889102334');
    assert.equal(first.contact.additional_attributes.social_telegram_user_id, 889102334);
    assert.deepEqual(first.conversation.additional_attributes, {
      chat_id: 889102334,
      business_connection_id: null,
    });
    await api.post(api.account(`/conversations/${first.conversation.id}/toggle_status`), {
      status: 'resolved',
    });
    const next = await receive(inbox.id, { contact: { source_id: '889102334' }, content: 'back' });
    assert.equal(next.conversation.id, first.conversation.id);
    assert.equal(next.conversation.status, 'open');
  });

  it('Facebook, Instagram and LINE identify the sender by source id', async () => {
    const facebook = await createInbox('Channel::FacebookPage');
    const fb = await receive(facebook.id, {
      contact: { name: 'Face Book', source_id: 'psid-1' },
      content: 'fb',
    });
    const fbAgain = await receive(facebook.id, { contact: { source_id: 'psid-1' }, content: 'fb 2' });
    assert.equal(fbAgain.contact.id, fb.contact.id);
    const instagram = await createInbox('Channel::Instagram');
    const ig = await receive(instagram.id, { contact: { source_id: 'psid-1' }, content: 'ig' });
    assert.equal(
      ig.contact.id,
      fb.contact.id,
      'Instagram reuses the contact of a Facebook contact inbox with the same id',
    );
    const line = await createInbox('Channel::Line');
    const first = await receive(line.id, {
      contact: { name: 'Line User', source_id: 'U123' },
      content: 'line',
    });
    await api.post(api.account(`/conversations/${first.conversation.id}/toggle_status`), {
      status: 'resolved',
    });
    const again = await receive(line.id, { contact: { source_id: 'U123' }, content: 'line 2' });
    assert.equal(
      again.conversation.id,
      first.conversation.id,
      'LINE always continues its first conversation',
    );
  });

  it('SMS and Twilio use the phone number (Twilio WhatsApp prefixes whatsapp:)', async () => {
    const sms = await createInbox('Channel::Sms');
    const bySms = await receive(sms.id, { contact: { phone_number: '+14155550100' }, content: 'sms' });
    assert.equal(bySms.contact_inbox.source_id, '+14155550100');
    assert.equal(bySms.contact.name, '+1 415 555 0100');
    const twilio = await createInbox('Channel::TwilioSms', { medium: 'whatsapp' });
    const byTwilio = await receive(twilio.id, {
      contact: { phone_number: '+14155550100', name: 'Profile' },
      content: 'tw',
    });
    assert.equal(byTwilio.contact_inbox.source_id, 'whatsapp:+14155550100');
    assert.equal(byTwilio.contact.id, bySms.contact.id);
  });

  it('Email: contact by address, a new conversation per thread, replies join by In-Reply-To', async () => {
    const inbox = await createInbox('Channel::Email');
    const first = await receive(inbox.id, {
      contact: { email: 'Buyer@Example.org', name: 'Buyer' },
      content: 'Where is my order?',
      source_id: '<m1@mail.example>',
      email: { subject: 'Order' },
    });
    assert.equal(first.contact_inbox.source_id, 'buyer@example.org');
    assert.equal(first.message.content_type, 'incoming_email');
    assert.equal(first.conversation.additional_attributes.mail_subject, 'Order');
    const reply = await receive(inbox.id, {
      contact: { email: 'buyer@example.org' },
      content: 'Any news?',
      source_id: '<m2@mail.example>',
      email: { subject: 'Re: Order', in_reply_to: '<m1@mail.example>' },
    });
    assert.equal(reply.conversation.id, first.conversation.id);
    const fresh = await receive(inbox.id, {
      contact: { email: 'buyer@example.org' },
      content: 'New topic',
      email: { subject: 'Invoice' },
    });
    assert.notEqual(fresh.conversation.id, first.conversation.id);
    assert.equal(fresh.contact.id, first.contact.id);
  });

  it('Web widget: identifier with a valid HMAC marks the contact inbox verified', async () => {
    const inbox = await createInbox('Channel::WebWidget');
    const hash = createHmac('sha256', inbox.hmac_token).update('user-42').digest('hex');
    const arrival = await receive(inbox.id, {
      contact: {
        identifier: 'user-42',
        identifier_hash: hash,
        name: 'Verified',
        email: 'verified@example.org',
      },
      content: 'Hello from the site',
    });
    assert.equal(arrival.contact.identifier, 'user-42');
    assert.equal(arrival.contact_inbox.hmac_verified, true);
    assert.equal(arrival.conversation.meta.hmac_verified, true);
    assert.match(arrival.contact_inbox.source_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(arrival.message.content_attributes, { in_reply_to: null });
    const again = await receive(inbox.id, {
      contact: { source_id: arrival.contact_inbox.source_id },
      content: 'same session',
    });
    assert.equal(again.conversation.id, arrival.conversation.id);
  });

  it('Web widget: a wrong hash is refused with 401, and identification merges into the known contact', async () => {
    const inbox = await createInbox('Channel::WebWidget');
    const refused = await api.hook(`/__sandbox/inboxes/${inbox.id}/incoming`, {
      contact: { identifier: 'user-7', identifier_hash: 'deadbeef' },
      content: 'x',
    });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'HMAC failed: Invalid Identifier Hash Provided' });
    const known = await api.createContact({
      name: 'Known',
      identifier: 'user-7',
      email: 'known@example.org',
    });
    const anonymous = await receive(inbox.id, { content: 'anonymous first' });
    assert.notEqual(anonymous.contact.id, known.id);
    assert.match(anonymous.contact.name, /^[a-z]+-[a-z]+-\d+$/);
    const identified = await receive(inbox.id, {
      contact: { source_id: anonymous.contact_inbox.source_id, identifier: 'user-7' },
      content: 'now known',
    });
    assert.equal(identified.contact.id, known.id);
    assert.equal(identified.contact_inbox.hmac_verified, false);
    assert.equal((await api.get(api.account(`/contacts/${anonymous.contact.id}`))).status, 404);
  });

  it('Web widget: a mandatory HMAC requires a hash for identified visitors', async () => {
    const inbox = await createInbox('Channel::WebWidget', { hmac_mandatory: true });
    const refused = await api.hook(`/__sandbox/inboxes/${inbox.id}/incoming`, {
      contact: { identifier: 'u-1' },
      content: 'x',
    });
    assert.equal(refused.status, 401);
  });

  it('Web widget: resolved conversations continue only when messages after resolution are allowed', async () => {
    const allowed = await createInbox('Channel::WebWidget');
    const first = await receive(allowed.id, { content: 'one' });
    await api.post(api.account(`/conversations/${first.conversation.id}/toggle_status`), {
      status: 'resolved',
    });
    const continued = await receive(allowed.id, {
      contact: { source_id: first.contact_inbox.source_id },
      content: 'two',
    });
    assert.equal(continued.conversation.id, first.conversation.id);
    assert.equal(continued.conversation.status, 'open');
    const strict = await createInbox('Channel::WebWidget', { allow_messages_after_resolved: false });
    const start = await receive(strict.id, { content: 'one' });
    await api.post(api.account(`/conversations/${start.conversation.id}/toggle_status`), {
      status: 'resolved',
    });
    const fresh = await receive(strict.id, {
      contact: { source_id: start.contact_inbox.source_id },
      content: 'two',
    });
    assert.notEqual(fresh.conversation.id, start.conversation.id);
  });

  it('a greeting template follows the first message when the inbox has one', async () => {
    const inbox = await createInbox('Channel::Telegram', {
      greeting_enabled: true,
      greeting_message: 'Hi! We reply within minutes.',
    });
    const arrival = await receive(inbox.id, {
      contact: { name: 'Greeted', source_id: '1001' },
      content: 'hello',
    });
    const messages = await api.get(api.account(`/conversations/${arrival.conversation.id}/messages`));
    const template = messages.body.payload.find(
      (message: { message_type: number }) => message.message_type === 3,
    );
    assert.equal(template?.content, 'Hi! We reply within minutes.');
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
