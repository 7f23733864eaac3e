import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  readApiContactIdentity,
  readContactIdentity,
  readMessageIdentity,
} from '../../plugin/identity/read-chatwoot-identity.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const payload = (name: string) =>
  JSON.parse(
    readFileSync(path.resolve(repoRoot, '..', 'shared', 'chatwoot', 'payloads', `${name}.json`), 'utf8'),
  ) as Record<string, any>;

function withChannel(base: Record<string, any>, channel: string, sourceId: string, hmac = false) {
  const copy = structuredClone(base);
  copy.conversation.channel = channel;
  copy.conversation.contact_inbox.source_id = sourceId;
  copy.conversation.meta.hmac_verified = hmac;
  return copy;
}

describe('identity: reading Chatwoot webhook payloads', () => {
  const incoming = payload('message_created.incoming');

  it('takes the sender phone of a WhatsApp message as verified and the contact attributes as claims', () => {
    const facts = readMessageIdentity(withChannel(incoming, 'Channel::Whatsapp', '351912345678'), 'PT');
    assert.equal(facts?.contactId, 4512);
    assert.equal(facts?.conversationId, 118);
    assert.equal(facts?.inboxId, 31);
    const phone = facts?.identifiers.find((id) => id.type === 'phone');
    assert.deepEqual(phone, {
      type: 'phone',
      value: '+351912345678',
      verified: true,
      source: 'whatsapp:source_id',
    });
    const email = facts?.identifiers.find((id) => id.type === 'email');
    assert.equal(email?.verified, false, 'an attribute anyone can edit is a claim');
  });

  it('takes an email From address as verified', () => {
    const facts = readMessageIdentity(withChannel(incoming, 'Channel::Email', 'Marta.Silva@Example.org'));
    assert.ok(
      facts?.identifiers.some(
        (id) => id.type === 'email' && id.value === 'marta.silva@example.org' && id.verified,
      ),
    );
  });

  it('trusts a widget identity only with hmac_verified, then also its email and phone', () => {
    const verified = readMessageIdentity(
      withChannel(incoming, 'Channel::WebWidget', 'session-1', true),
      'PT',
    );
    const kinds = verified?.identifiers
      .filter((id) => id.verified)
      .map((id) => `${id.type}:${id.value}`)
      .sort();
    assert.deepEqual(kinds, [
      'email:marta.silva@example.org',
      'external_id:tg:889102334',
      'phone:+351912345678',
    ]);
    const unverified = readMessageIdentity(
      withChannel(incoming, 'Channel::WebWidget', 'session-1', false),
      'PT',
    );
    assert.deepEqual(
      unverified?.identifiers.filter((id) => id.verified),
      [],
    );
  });

  it('adds what the customer typed as claims, and ignores agents, private notes and order numbers', () => {
    const typed = structuredClone(incoming);
    typed.content = 'It is order #A-2291, and my other address is marta@work.example';
    const facts = readMessageIdentity(typed);
    assert.ok(
      facts?.identifiers.some(
        (id) => id.value === 'marta@work.example' && !id.verified && id.source === 'message-text',
      ),
    );
    assert.equal(
      facts?.identifiers.some((id) => id.type === 'phone' && id.value.includes('2291')),
      false,
    );
    assert.equal(readMessageIdentity(payload('message_created.outgoing')), undefined);
    assert.equal(readMessageIdentity(payload('message_created.private_note')), undefined);
  });

  it('treats a shared contact card as a claim', () => {
    const card = withChannel(incoming, 'Channel::Telegram', '889102334');
    card.attachments = [
      { file_type: 'contact', fallback_title: '+447911123456', meta: { firstName: 'Marta' } },
    ];
    const facts = readMessageIdentity(card);
    assert.deepEqual(
      facts?.identifiers.find((id) => id.value === '+447911123456'),
      { type: 'phone', value: '+447911123456', verified: false, source: 'chatwoot:contact_card' },
    );
    assert.ok(
      facts?.identifiers.some(
        (id) => id.type === 'channel_user' && id.value === 'telegram:889102334' && id.verified,
      ),
    );
  });

  it('reads contact events as claims only', () => {
    const facts = readContactIdentity(payload('contact_updated'), 'PT');
    assert.equal(facts?.contactId, 4512);
    assert.deepEqual(
      facts?.identifiers.map((id) => [id.type, id.value, id.verified]),
      [
        ['email', 'marta.silva@example.org', false],
        ['phone', '+351912345678', false],
        ['external_id', 'tg:889102334', false],
      ],
    );
  });

  it('reads a contact from the API through its inbox addresses', () => {
    const identifiers = readApiContactIdentity({
      id: 9,
      email: 'ana@example.org',
      phone_number: null,
      contact_inboxes: [
        { source_id: 'ana@example.org', inbox: { id: 1, channel_type: 'Channel::Email' } },
        { source_id: '14155552671', inbox: { id: 2, channel_type: 'Channel::Whatsapp' } },
        { source_id: 'd2a1-uuid', inbox: { id: 3, channel_type: 'Channel::Api' } },
      ],
    });
    assert.deepEqual(
      identifiers.map((id) => [id.type, id.value, id.verified]),
      [
        ['email', 'ana@example.org', true],
        ['phone', '+14155552671', true],
      ],
    );
  });
});
