import assert from 'node:assert/strict';
import { ConfigError } from '../../plugin/errors.ts';
import { findProfile, getProfile, PROFILE_IDS } from '../../plugin/channels/profiles.ts';
import { CHATWOOT_CONTENT_MAX } from '../../plugin/channels/render-reply.ts';

const REPLY = [
  '# Your order',
  '',
  'Hi **Ana**, your order *#1234* ships today. Track it [here](https://shop.example/t/1234).',
  '',
  '- Item: `SKU_42`',
  '- Total: 2 × 9.99 = 19.98',
].join('\n');

describe('channels/profiles: registry', () => {
  const table: [
    id: string,
    displayName: string,
    textLimit: number,
    unit: string,
    format: string,
    converts: boolean,
  ][] = [
    ['Channel::WebWidget', 'Website live chat', Infinity, 'utf16', 'markdown', true],
    ['Channel::Api', 'API inbox', Infinity, 'utf16', 'markdown', false],
    ['Channel::Email', 'Email', Infinity, 'utf16', 'markdown', true],
    ['Channel::Telegram', 'Telegram', 4096, 'utf16', 'chatwoot-telegram-markdown', true],
    ['Channel::Whatsapp', 'WhatsApp', 4096, 'utf16', 'whatsapp', false],
    ['Channel::FacebookPage', 'Facebook Messenger', 2000, 'utf16', 'plain', false],
    ['Channel::Instagram', 'Instagram', 1000, 'utf8-bytes', 'plain', false],
    ['Channel::Line', 'LINE', 5000, 'utf16', 'plain', false],
    ['Channel::Sms', 'SMS', 1600, 'utf16', 'plain', false],
    ['Channel::TwilioSms', 'Twilio SMS', 1600, 'utf16', 'plain', false],
    ['discord', 'Discord', 2000, 'utf16', 'discord', false],
    ['slack', 'Slack', 4000, 'utf16', 'slack-mrkdwn', false],
    ['viber', 'Viber', 7000, 'utf16', 'viber', false],
    ['teams', 'Microsoft Teams', 28_000, 'utf16', 'teams-markdown', false],
  ];
  for (const [id, displayName, textLimit, unit, format, converts] of table) {
    it(`${id}: ${format}, limit ${textLimit} ${unit}, Chatwoot converts: ${converts}`, () => {
      const profile = getProfile(id);
      assert.equal(profile.id, id);
      assert.equal(profile.displayName, displayName);
      assert.equal(profile.textLimit, textLimit);
      assert.equal(profile.lengthUnit, unit);
      assert.equal(profile.format, format);
      assert.equal(profile.chatwootConvertsMarkdown, converts);
      assert.equal(profile.delivery, id.startsWith('Channel::') ? 'chatwoot' : 'bridge');
      assert.equal(typeof profile.identity, id.startsWith('Channel::') ? 'function' : 'undefined');
    });
  }

  it('lists every id and rejects unknown ones with a configuration error', () => {
    assert.deepEqual([...PROFILE_IDS].sort(), table.map(([id]) => id).sort());
    assert.equal(findProfile('Channel::TwitterProfile'), undefined);
    assert.throws(
      () => getProfile('Channel::Voice'),
      (error: unknown) => error instanceof ConfigError && /Channel::Whatsapp/.test(error.message),
    );
  });

  it('has SMS segment caps only on SMS profiles (default 6, configurable)', () => {
    assert.equal(getProfile('Channel::Sms').smsMaxSegments, 6);
    assert.equal(getProfile('Channel::TwilioSms', { smsMaxSegments: 3 }).smsMaxSegments, 3);
    assert.equal(getProfile('Channel::Whatsapp').smsMaxSegments, undefined);
  });

  it('treats the Twilio WhatsApp medium as WhatsApp formatting with Twilio’s 1600 limit', () => {
    const profile = getProfile('Channel::TwilioSms', { medium: 'whatsapp' });
    assert.equal(profile.format, 'whatsapp');
    assert.equal(profile.textLimit, 1600);
    assert.equal(profile.smsMaxSegments, undefined);
    assert.deepEqual(profile.identity?.({ sourceId: 'whatsapp:+12025550164' }), [
      { type: 'phone', value: '+12025550164', verified: true, source: 'twilio-whatsapp:source_id' },
    ]);
  });

  it('gives Instagram DMs in a Facebook Page inbox Instagram’s byte limit and ids', () => {
    const profile = getProfile('Channel::FacebookPage', { conversationType: 'instagram_direct_message' });
    assert.equal(profile.lengthUnit, 'utf8-bytes');
    assert.equal(profile.textLimit, 1000);
    assert.equal(profile.identity?.({ sourceId: '17' })[0]?.value, 'instagram:17');
  });
});

describe('channels/profiles: rendering a reply per channel (pinned Chatwoot)', () => {
  const expected: Record<string, string> = {
    'Channel::WebWidget': REPLY.replace('*#1234*', '*#1234*'),
    'Channel::Api': REPLY,
    'Channel::Telegram':
      '**Your order**\n\nHi **Ana**, your order *#1234* ships today. Track it [here](https://shop.example/t/1234).\n\n• Item: `SKU_42`\n• Total: 2 × 9.99 = 19.98',
    'Channel::Whatsapp':
      '*Your order*\n\nHi *Ana*, your order _#1234_ ships today. Track it here (https://shop.example/t/1234).\n\n- Item: `SKU_42`\n- Total: 2 × 9.99 = 19.98',
    'Channel::FacebookPage':
      'Your order\n\nHi Ana, your order #1234 ships today. Track it here (https://shop.example/t/1234).\n\n- Item: SKU_42\n- Total: 2 × 9.99 = 19.98',
    discord:
      '# Your order\n\nHi **Ana**, your order *#1234* ships today. Track it [here](https://shop.example/t/1234).\n\n- Item: `SKU_42`\n- Total: 2 × 9.99 = 19.98',
    slack:
      '*Your order*\n\nHi *Ana*, your order _#1234_ ships today. Track it <https://shop.example/t/1234|here>.\n\n• Item: `SKU_42`\n• Total: 2 × 9.99 = 19.98',
    viber:
      '*Your order*\n\nHi *Ana*, your order _#1234_ ships today. Track it here (https://shop.example/t/1234).\n\n- Item: ```SKU_42```\n- Total: 2 × 9.99 = 19.98',
    teams:
      '**Your order**\n\nHi **Ana**, your order *#1234* ships today. Track it [here](https://shop.example/t/1234).\n\n- Item: `SKU_42`\n- Total: 2 × 9.99 = 19.98',
  };
  for (const [id, text] of Object.entries(expected)) {
    it(id, () => {
      const reply = getProfile(id).render(REPLY);
      assert.deepEqual(reply.parts, [text]);
      assert.equal(reply.truncated, false);
    });
  }

  it('Email: markdown for Chatwoot plus a safe HTML body and a plain-text alternative', () => {
    const reply = getProfile('Channel::Email').render(`${REPLY}\n\n<script>x</script>`);
    assert.equal(reply.parts.length, 1);
    assert.match(reply.html ?? '', /^<h1>Your order<\/h1>\n<p>Hi <strong>Ana<\/strong>/);
    assert.match(reply.html ?? '', /<a href="https:\/\/shop.example\/t\/1234">here<\/a>/);
    assert.match(reply.html ?? '', /&lt;script&gt;x&lt;\/script&gt;/);
    assert.match(reply.text ?? '', /^Your order\n\nHi Ana, .* here \(https:\/\/shop.example\/t\/1234\)\./);
  });

  it('splits each channel at its own limit', () => {
    const long = Array.from({ length: 70 }, (_, i) => `Sentence number ${i} with **bold** and ü.`).join(' ');
    for (const id of [
      'Channel::Whatsapp',
      'Channel::FacebookPage',
      'Channel::Instagram',
      'Channel::Line',
      'Channel::Telegram',
      'discord',
      'slack',
    ]) {
      const profile = getProfile(id);
      const parts = profile.render(long).parts;
      assert.ok(parts.length > 1 || profile.textLimit > long.length, id);
      for (const part of parts) {
        const size = profile.lengthUnit === 'utf8-bytes' ? Buffer.byteLength(part) : part.length;
        assert.ok(size <= profile.textLimit, `${id}: ${size}`);
      }
    }
  });

  it('keeps every part posted to Chatwoot under its 150,000-character content cap', () => {
    const code = Array.from({ length: 1600 }, (_, i) => `${i}`.padEnd(99, '.')).join('\n');
    const parts = getProfile('Channel::WebWidget').render(`\`\`\`\n${code}\n\`\`\``).parts;
    assert.equal(parts.length, 2);
    for (const part of parts)
      assert.ok(part.length <= CHATWOOT_CONTENT_MAX && /^```\n[\s\S]*\n```$/.test(part));
  });

  it('honours a smaller per-call limit (captions)', () => {
    const parts = getProfile('Channel::Whatsapp').split('word '.repeat(400), 1024);
    assert.ok(parts.length === 2 && parts.every((part) => part.length <= 1024));
  });
});

describe('channels/profiles: Chatwoot builds that convert markdown per channel', () => {
  const perChannel = { chatwootRendering: 'per-channel' } as const;

  it('posts markdown to every native channel Chatwoot converts, so nothing is converted twice', () => {
    for (const id of [
      'Channel::Whatsapp',
      'Channel::FacebookPage',
      'Channel::Instagram',
      'Channel::Line',
      'Channel::Sms',
      'Channel::TwilioSms',
      'Channel::Telegram',
      'Channel::Email',
      'Channel::WebWidget',
    ]) {
      const profile = getProfile(id, perChannel);
      assert.equal(profile.format, 'markdown', id);
      assert.equal(profile.chatwootConvertsMarkdown, true, id);
    }
    assert.equal(getProfile('Channel::Whatsapp', perChannel).render('**bold**').parts[0], '**bold**');
    assert.equal(getProfile('Channel::TwilioSms', { ...perChannel, medium: 'whatsapp' }).format, 'markdown');
  });

  it('leaves API inboxes and bridged connectors unchanged', () => {
    assert.equal(getProfile('Channel::Api', perChannel).chatwootConvertsMarkdown, false);
    assert.equal(getProfile('discord', perChannel).format, 'discord');
  });

  it('counts LINE’s padded markers when measuring', () => {
    const line = getProfile('Channel::Line', perChannel);
    const parts = line.render(Array.from({ length: 300 }, (_, i) => `*emphasised${i}*`).join(' ')).parts;
    assert.ok(parts.length > 1);
    for (const part of parts) assert.ok(part.length + (part.match(/[*_`]+/g)?.length ?? 0) <= 5000);
  });
});
