import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getProfile } from '../../plugin/channels/profiles.ts';
import { countSmsSegments, isGsm7, smsEllipsis } from '../../plugin/channels/split/count-sms-segments.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const twilioSamples = path.resolve(repoRoot, '..', 'shared', 'channels', 'sms-twilio');

describe('channels/split: SMS segment accounting', () => {
  const cases: [name: string, text: string, encoding: 'GSM-7' | 'UCS-2', units: number, segments: number][] =
    [
      ['empty', '', 'GSM-7', 0, 0],
      ['160 GSM-7 characters fit one SMS', 'a'.repeat(160), 'GSM-7', 160, 1],
      ['161 need two parts of 153', 'a'.repeat(161), 'GSM-7', 161, 2],
      ['306 = 2 × 153', 'a'.repeat(306), 'GSM-7', 306, 2],
      ['307 need a third part', 'a'.repeat(307), 'GSM-7', 307, 3],
      ['basic-table accents stay GSM-7', 'àèéìòùÄÖÑÜäöñü£¥§¿¡ΔΦΓΛΩΠΨΣΘΞ@$_', 'GSM-7', 32, 1],
      ['extension characters cost two septets', '{}[]~^|\\€', 'GSM-7', 18, 1],
      ['80 euro signs = 160 septets = one SMS', '€'.repeat(80), 'GSM-7', 160, 1],
      ['81 euro signs need two parts', '€'.repeat(81), 'GSM-7', 162, 2],
      ['an escape pair is not split across parts', `${'a'.repeat(152)}€${'a'.repeat(152)}`, 'GSM-7', 306, 3],
      ['one non-GSM character switches to UCS-2', `${'a'.repeat(69)}ç`, 'UCS-2', 70, 1],
      ['71 UCS-2 units need two parts of 67', 'ж'.repeat(71), 'UCS-2', 71, 2],
      ['134 = 2 × 67', 'ж'.repeat(134), 'UCS-2', 134, 2],
      ['135 need a third part', 'ж'.repeat(135), 'UCS-2', 135, 3],
      ['astral emoji cost two units: 35 fit one SMS', '😀'.repeat(35), 'UCS-2', 70, 1],
      ['36 emoji take two parts', '😀'.repeat(36), 'UCS-2', 72, 2],
      ['a surrogate pair is not split across parts', `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`, 'UCS-2', 134, 3],
      ['ZWJ family emoji: 7 code units', '👩‍👩‍👧', 'UCS-2', 8, 1],
    ];
  for (const [name, text, encoding, units, segments] of cases) {
    it(name, () => assert.deepEqual(countSmsSegments(text), { encoding, units, segments }));
  }

  it('agrees with NumSegments in the Twilio samples', () => {
    for (const file of [
      '01-inbound-sms.txt',
      '02-inbound-mms-with-caption.txt',
      '03-inbound-unicode-emoji.txt',
      '06-inbound-stop-opt-out.txt',
    ]) {
      const form = new URLSearchParams(readFileSync(path.join(twilioSamples, file), 'utf8'));
      assert.equal(countSmsSegments(form.get('Body') ?? '').segments, Number(form.get('NumSegments')), file);
    }
    const unicode = new URLSearchParams(
      readFileSync(path.join(twilioSamples, '03-inbound-unicode-emoji.txt'), 'utf8'),
    );
    assert.equal(countSmsSegments(unicode.get('Body') ?? '').encoding, 'UCS-2');
  });

  it('ends a trimmed GSM-7 text with "..." so it stays GSM-7', () => {
    assert.equal(smsEllipsis('plain text'), '...');
    assert.equal(smsEllipsis('emoji 😀'), '…');
    assert.ok(isGsm7('Hi, is my appointment on Tuesday still on?'));
    assert.ok(isGsm7('Ça marche très bien'));
    assert.ok(!isGsm7('à bientôt'));
  });
});

describe('channels/split: SMS reply cap', () => {
  const sentence = (i: number) => `Sentence ${i} explains one more detail of the refund policy.`;
  const long = Array.from({ length: 60 }, (_, i) => sentence(i)).join(' ');

  it('trims at a word boundary with an ellipsis when the reply exceeds the cap (default 6)', () => {
    const reply = getProfile('Channel::TwilioSms').render(long);
    assert.equal(reply.truncated, true);
    assert.equal(reply.parts.length, 1);
    const [text = ''] = reply.parts;
    assert.ok((reply.smsSegments ?? 0) <= 6);
    assert.equal(countSmsSegments(text).segments, reply.smsSegments);
    assert.ok(text.endsWith('...'));
    const kept = text.slice(0, -3).split(' ');
    const original = long.split(' ');
    assert.deepEqual(kept, original.slice(0, kept.length), 'kept text is a word-aligned prefix');
    const withNextWord = `${kept.join(' ')} ${original[kept.length]}...`;
    assert.ok(countSmsSegments(withNextWord).segments > 6, 'as many words as fit are kept');
  });

  it('fills the cap as far as words allow even inside formatting', () => {
    const reply = getProfile('Channel::Sms', { smsMaxSegments: 1 }).render(`**${long}**`);
    const [text = ''] = reply.parts;
    assert.equal(reply.smsSegments, 1);
    const kept = text.slice(0, -3).split(' ');
    assert.equal(kept.join(' '), long.split(' ').slice(0, kept.length).join(' '));
    assert.ok(countSmsSegments(`${text.slice(0, -3)} ${long.split(' ')[kept.length]}...`).segments > 1);
  });

  it('does not trim a reply within the cap', () => {
    const reply = getProfile('Channel::Sms').render(
      'Your **order** ships today. Track it at https://e.example/t',
    );
    assert.deepEqual(reply, {
      format: 'plain',
      parts: ['Your order ships today. Track it at https://e.example/t'],
      smsSegments: 1,
      truncated: false,
    });
  });

  it('uses "…" and UCS-2 accounting for non-GSM replies', () => {
    const reply = getProfile('Channel::TwilioSms', { smsMaxSegments: 2 }).render(`Привет! ${long}`);
    const [text = ''] = reply.parts;
    assert.ok(text.endsWith('…'));
    assert.equal(countSmsSegments(text).encoding, 'UCS-2');
    assert.ok(countSmsSegments(text).segments <= 2);
  });

  it('sends several parts of at most 1600 characters when the cap allows it', () => {
    const reply = getProfile('Channel::TwilioSms', { smsMaxSegments: 40 }).render(long + '\n\n' + long);
    assert.ok(reply.parts.length > 1);
    for (const part of reply.parts) assert.ok(part.length <= 1600, String(part.length));
    const total = reply.parts.reduce((sum, part) => sum + countSmsSegments(part).segments, 0);
    assert.equal(reply.smsSegments, total);
    assert.ok(total <= 40);
  });

  it('keeps its own punctuation GSM-7 so a plain reply is not billed as UCS-2', () => {
    const reply = getProfile('Channel::TwilioSms').render(
      '# Hours\n\n- Mon: 9-5\n- Tue: 9-5\n\n> Closed on holidays\n\n---\n\n| Day | Open |\n|---|---|\n| Sat | no |',
    );
    assert.equal(countSmsSegments(reply.parts.join('')).encoding, 'GSM-7');
  });
});
