import assert from 'node:assert/strict';
import type { Identifier } from '../../plugin/messages/normalized-message.ts';
import {
  identifyChatwootContact,
  type ChatwootChannelType,
  type ChatwootContactFacts,
} from '../../plugin/channels/identity/identify-chatwoot-contact.ts';
import { normalizeEmail } from '../../plugin/channels/identity/normalize-email.ts';
import { normalizePhone, type CountryCode } from '../../plugin/channels/identity/normalize-phone.ts';

describe('channels/identity: normalizePhone', () => {
  const cases: [
    raw: string | null | undefined,
    region: CountryCode | undefined,
    expected: string | undefined,
  ][] = [
    ['+1 202-555-0164', undefined, '+12025550164'],
    ['+12025550164', undefined, '+12025550164'],
    ['(202) 555-0164', 'US', '+12025550164'],
    ['202 555 0164', undefined, undefined],
    ['030 123456', 'DE', '+4930123456'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', 'DE', '+442079460958'],
    ['+44 (0) 20 7946 0958', undefined, '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['  +33 6 12 34 56 78  ', 'DE', '+33612345678'],
    ['tel:+33612345678', undefined, '+33612345678'],
    ['whatsapp:+5541988887777', undefined, '+5541988887777'],
    ['+12025550100 ext. 12', undefined, '+12025550100'],
    ['12345', 'US', undefined],
    ['+1 202 555 01', undefined, undefined],
    ['+99912345678', undefined, undefined],
    ['+1 800 FLOWERS', undefined, undefined],
    ['call me maybe', 'US', undefined],
    ['', 'US', undefined],
    [null, 'US', undefined],
    [undefined, undefined, undefined],
  ];
  for (const [raw, region, expected] of cases) {
    it(`${JSON.stringify(raw)} in ${region ?? 'no region'} → ${expected ?? 'undefined'}`, () => {
      assert.equal(normalizePhone(raw, region), expected);
    });
  }
});

describe('channels/identity: normalizeEmail', () => {
  const cases: [raw: string | null | undefined, expected: string | undefined][] = [
    ['  Ana@Example.COM ', 'ana@example.com'],
    ['mailto:bob@example.org', 'bob@example.org'],
    ['<carol@example.net>', 'carol@example.net'],
    ['first.last+tag@Sub.Example.co.uk', 'first.last+tag@sub.example.co.uk'],
    ['user@bücher.example', 'user@xn--bcher-kva.example'],
    ['José@Ñandú.example', 'josé@xn--and-6ma2c.example'],
    ['dave@example.com.', 'dave@example.com'],
    ['no-at-sign', undefined],
    ['a@', undefined],
    ['@b.com', undefined],
    ['a@localhost', undefined],
    ['a b@c.com', undefined],
    ['a@b..com', undefined],
    ['a@exa mple.com', undefined],
    [null, undefined],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${expected ?? 'undefined'}`, () =>
      assert.equal(normalizeEmail(raw), expected));
  }
});

describe('channels/identity: identifiers per Chatwoot inbox type', () => {
  const claimedContact = {
    email: 'Typed@Example.com',
    phone_number: '+44 20 7946 0958',
    identifier: 'crm-42',
  };
  const claims: Identifier[] = [
    { type: 'external_id', value: 'crm-42', verified: false, source: 'chatwoot:contact.identifier' },
    { type: 'email', value: 'typed@example.com', verified: false, source: 'chatwoot:contact.email' },
    { type: 'phone', value: '+442079460958', verified: false, source: 'chatwoot:contact.phone_number' },
  ];

  const cases: [
    name: string,
    channel: ChatwootChannelType,
    facts: ChatwootContactFacts,
    expected: Identifier[],
  ][] = [
    [
      'WhatsApp: wa_id source id is a verified phone; contact attributes are claims',
      'Channel::Whatsapp',
      { sourceId: '12025550164', contact: claimedContact },
      [{ type: 'phone', value: '+12025550164', verified: true, source: 'whatsapp:source_id' }, ...claims],
    ],
    [
      'WhatsApp: the contact phone equal to the sender is kept once, verified',
      'Channel::Whatsapp',
      { sourceId: '12025550164', contact: { phone_number: '+12025550164' } },
      [{ type: 'phone', value: '+12025550164', verified: true, source: 'whatsapp:source_id' }],
    ],
    [
      'SMS (Bandwidth): sender phone verified',
      'Channel::Sms',
      { sourceId: '+12025550164', contact: { phone_number: '+12025550164' } },
      [{ type: 'phone', value: '+12025550164', verified: true, source: 'sms:source_id' }],
    ],
    [
      'Twilio SMS: sender phone verified',
      'Channel::TwilioSms',
      { sourceId: '+12025550164' },
      [{ type: 'phone', value: '+12025550164', verified: true, source: 'twilio-sms:source_id' }],
    ],
    [
      'Twilio WhatsApp: whatsapp: prefix stripped, medium inferred',
      'Channel::TwilioSms',
      { sourceId: 'whatsapp:+5541988887777' },
      [{ type: 'phone', value: '+5541988887777', verified: true, source: 'twilio-whatsapp:source_id' }],
    ],
    [
      'Email: From address (source id) verified, a different contact email only claimed',
      'Channel::Email',
      { sourceId: 'Ana@Example.com', contact: { email: 'other@example.com' } },
      [
        { type: 'email', value: 'ana@example.com', verified: true, source: 'email:from' },
        { type: 'email', value: 'other@example.com', verified: false, source: 'chatwoot:contact.email' },
      ],
    ],
    [
      'Email: without a source id the contact email is the From address',
      'Channel::Email',
      { contact: { email: 'ana@example.com' } },
      [{ type: 'email', value: 'ana@example.com', verified: true, source: 'email:from' }],
    ],
    [
      'Telegram: user id as verified channel_user',
      'Channel::Telegram',
      { sourceId: '12345', contact: { phone_number: '+12025550164' } },
      [
        { type: 'channel_user', value: 'telegram:12345', verified: true, source: 'telegram:source_id' },
        { type: 'phone', value: '+12025550164', verified: false, source: 'chatwoot:contact.phone_number' },
      ],
    ],
    [
      'Messenger: PSID',
      'Channel::FacebookPage',
      { sourceId: '6543210987654321' },
      [
        {
          type: 'channel_user',
          value: 'messenger:6543210987654321',
          verified: true,
          source: 'messenger:source_id',
        },
      ],
    ],
    [
      'Facebook Page inbox carrying an Instagram DM: IGSID',
      'Channel::FacebookPage',
      { sourceId: '1789', conversationType: 'instagram_direct_message' },
      [{ type: 'channel_user', value: 'instagram:1789', verified: true, source: 'instagram:source_id' }],
    ],
    [
      'Instagram: IGSID',
      'Channel::Instagram',
      { sourceId: '1789' },
      [{ type: 'channel_user', value: 'instagram:1789', verified: true, source: 'instagram:source_id' }],
    ],
    [
      'LINE: user id',
      'Channel::Line',
      { sourceId: 'U4af4980629' },
      [{ type: 'channel_user', value: 'line:U4af4980629', verified: true, source: 'line:source_id' }],
    ],
    [
      'Web widget with HMAC: identifier verified, pre-chat email/phone claimed',
      'Channel::WebWidget',
      { sourceId: 'b5a1c3e0-uuid', hmacVerified: true, contact: claimedContact },
      [
        { type: 'external_id', value: 'crm-42', verified: true, source: 'chatwoot:hmac_verified_identifier' },
        ...claims.slice(1),
      ],
    ],
    [
      'Web widget without HMAC: everything claimed',
      'Channel::WebWidget',
      { hmacVerified: false, contact: claimedContact },
      claims,
    ],
    [
      'API inbox with HMAC: identifier verified',
      'Channel::Api',
      { sourceId: 'discord:8123', hmacVerified: true, contact: { identifier: 'crm-7' } },
      [{ type: 'external_id', value: 'crm-7', verified: true, source: 'chatwoot:hmac_verified_identifier' }],
    ],
    [
      'HMAC means nothing outside widget/API inboxes',
      'Channel::Telegram',
      { sourceId: '5', hmacVerified: true, contact: { identifier: 'crm-7' } },
      [
        { type: 'channel_user', value: 'telegram:5', verified: true, source: 'telegram:source_id' },
        { type: 'external_id', value: 'crm-7', verified: false, source: 'chatwoot:contact.identifier' },
      ],
    ],
    [
      'invalid values are dropped',
      'Channel::Whatsapp',
      { sourceId: 'not-a-number', contact: { email: 'nope', phone_number: '123' } },
      [],
    ],
  ];
  for (const [name, channel, facts, expected] of cases) {
    it(name, () => assert.deepEqual(identifyChatwootContact(channel, facts), expected));
  }

  it('reads national phone formats in the configured region', () => {
    assert.deepEqual(
      identifyChatwootContact(
        'Channel::WebWidget',
        { contact: { phone_number: '030 123456' } },
        { defaultRegion: 'DE' },
      ),
      [{ type: 'phone', value: '+4930123456', verified: false, source: 'chatwoot:contact.phone_number' }],
    );
  });
});
