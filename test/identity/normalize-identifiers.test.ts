import assert from 'node:assert/strict';
import {
  identifierKey,
  normalizeIdentifier,
  normalizeIdentifiers,
} from '../../plugin/identity/normalize-identifier.ts';

const phone = (value: string, region?: string) =>
  normalizeIdentifier({ type: 'phone', value, verified: true }, region)?.value;

describe('identity: phone normalisation (E.164 with a default region per installation)', () => {
  const table: Array<[raw: string, region: string | undefined, expected: string | undefined, why: string]> = [
    ['+1 415 555 2671', 'US', '+14155552671', 'international with spaces'],
    ['(415) 555-2671', 'US', '+14155552671', 'US national format'],
    ['415.555.2671', 'US', '+14155552671', 'dots'],
    ['1-415-555-2671', 'US', '+14155552671', 'national with the trunk prefix 1'],
    ['14155552671', 'US', '+14155552671', 'WhatsApp wa_id style, no plus'],
    ['+1 (415) 555-2671', 'DE', '+14155552671', 'a country code wins over the default region'],
    ['0151 23456789', 'DE', '+4915123456789', 'German mobile, leading trunk zero'],
    ['+49 (0)151 23456789', 'DE', '+4915123456789', 'the (0) of a German number written internationally'],
    ['+49 (0)151 23456789', undefined, '+4915123456789', '… also without a region'],
    ['+49 030 1234567', undefined, '+49301234567', 'a leading zero kept after the country code'],
    ['030 1234567', 'DE', '+49301234567', 'Berlin landline'],
    ['0049 151 23456789', undefined, '+4915123456789', '00 international prefix'],
    ['00 44 7911 123456', undefined, '+447911123456', '00 prefix with spaces'],
    ['07911 123456', 'GB', '+447911123456', 'UK mobile'],
    ['+44 (0)7911 123456', 'US', '+447911123456', 'UK (0) in international form'],
    ['+44 7911 123456 ext. 12', undefined, '+447911123456', 'extension dropped'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'French pairs'],
    ['+33 6 12 34 56 78', undefined, '+33612345678', 'French international'],
    ['044 668 18 00', 'CH', '+41446681800', 'Swiss landline'],
    ['098765 43210', 'IN', '+919876543210', 'Indian mobile with trunk zero'],
    ['+5511987654321', undefined, '+5511987654321', 'Brazilian mobile with the ninth digit'],
    [' +351 912 345 678 ', undefined, '+351912345678', 'surrounding whitespace'],
    ['tel:+14155552671', undefined, '+14155552671', 'tel: URI'],
    ['whatsapp:+14155552671', undefined, '+14155552671', "Twilio's whatsapp: source id"],
    ['0151 23456789', 'US', undefined, 'a German national number is not valid in the US'],
    ['12345', 'US', undefined, 'too short'],
    ['+1 555 0100', undefined, undefined, 'too short for the country'],
    ['+999 123456', undefined, undefined, 'no such country code'],
    ['+1 800 FLOWERS', 'US', undefined, 'vanity letters are not a dialable identifier'],
    ['not a number', 'US', undefined, 'text'],
    ['', 'US', undefined, 'empty'],
  ];
  for (const [raw, region, expected, why] of table) {
    it(`${JSON.stringify(raw)} in ${region ?? 'no region'} → ${expected ?? 'invalid'} (${why})`, () => {
      assert.equal(phone(raw, region), expected);
    });
  }
});

describe('identity: identifier normalisation', () => {
  it('case-folds emails and converts internationalised domains to ASCII', () => {
    assert.equal(
      normalizeIdentifier({ type: 'email', value: ' Ana.Silva@Example.ORG ', verified: true })?.value,
      'ana.silva@example.org',
    );
    assert.equal(
      normalizeIdentifier({ type: 'email', value: 'jürgen@Bücher.de', verified: true })?.value,
      'jürgen@xn--bcher-kva.de',
    );
    assert.equal(normalizeIdentifier({ type: 'email', value: 'not-an-email', verified: true }), undefined);
  });

  it('trims channel ids and keeps them otherwise as they are', () => {
    assert.equal(
      normalizeIdentifier({ type: 'channel_user', value: ' discord:8123 ', verified: true })?.value,
      'discord:8123',
    );
    assert.equal(normalizeIdentifier({ type: 'external_id', value: '   ', verified: true }), undefined);
  });

  it('keeps one entry per value, the verified one when a value is both claimed and vouched for', () => {
    const list = normalizeIdentifiers(
      [
        { type: 'email', value: 'ANA@example.org', verified: false, source: 'message-text' },
        { type: 'email', value: 'ana@example.org', verified: true, source: 'email:from' },
        { type: 'phone', value: '(415) 555-2671', verified: false },
        { type: 'phone', value: '+14155552671', verified: false },
      ],
      'US',
    );
    assert.deepEqual(list, [
      { type: 'email', value: 'ana@example.org', verified: true, source: 'email:from' },
      { type: 'phone', value: '+14155552671', verified: false },
    ]);
    assert.equal(identifierKey(list[0]!), 'email:ana@example.org');
  });
});
