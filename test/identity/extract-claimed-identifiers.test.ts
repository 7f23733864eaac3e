import assert from 'node:assert/strict';
import { extractClaimedIdentifiers } from '../../plugin/identity/extract-claimed-identifiers.ts';

const values = (text: string, region = 'US') =>
  extractClaimedIdentifiers(text, { defaultRegion: region }).map((id) => `${id.type}:${id.value}`);

describe('identity: claimed identifiers typed into messages', () => {
  it('finds emails and marks them as claims from the message text', () => {
    const found = extractClaimedIdentifiers(
      'Hi, I usually write from Marta.Silva@Example.org, can you check?',
    );
    assert.deepEqual(found, [
      { type: 'email', value: 'marta.silva@example.org', verified: false, source: 'message-text' },
    ]);
  });

  it('finds internationally written phone numbers and ones introduced by a phone word', () => {
    assert.deepEqual(values('call me on +44 7911 123456 please'), ['phone:+447911123456']);
    assert.deepEqual(values('my number is 0151 23456789', 'DE'), ['phone:+4915123456789']);
    assert.deepEqual(values('WhatsApp: 07911 123456', 'GB'), ['phone:+447911123456']);
    assert.deepEqual(values('reach me at (415) 555-2671'), ['phone:+14155552671']);
    assert.deepEqual(values('Mi teléfono es 612 34 56 78', 'ES'), ['phone:+34612345678']);
  });

  it('does not take order numbers, invoices, tickets or #-numbers for phones', () => {
    assert.deepEqual(values('my order 4155552671 is late'), []);
    assert.deepEqual(values('order #4155552671 never arrived'), []);
    assert.deepEqual(values('My order number is 0151 23456789', 'DE'), []);
    assert.deepEqual(values('Invoice no. 030 1234567', 'DE'), []);
    assert.deepEqual(values('ticket: +44 7911 123456'), []);
    assert.deepEqual(values('tracking 1Z999AA10123456784'), []);
    assert.deepEqual(values('reference A-4155552671'), []);
    assert.deepEqual(values('card 4111 1111 1111 1111'), []);
  });

  it('does not take dates or times for phones', () => {
    assert.deepEqual(values('delivered on 2024-01-15 to my number?', 'DE'), []);
    assert.deepEqual(values('my number changed on 15.01.2024', 'DE'), []);
    assert.deepEqual(values('call me 12/03/2024 at 10:30'), []);
  });

  it('ignores bare national numbers with nothing saying they are phones', () => {
    assert.deepEqual(values('030 1234567', 'DE'), []);
    assert.deepEqual(values('it cost 4155552671 dollars'), []);
  });

  it('ignores file names, quoted replies and header lines', () => {
    assert.deepEqual(values('see logo@2x.png and icon@3x.jpg'), []);
    assert.deepEqual(
      values('Thanks!\n\nOn Tue, Bob <bob@example.com> wrote:\n> write to carol@example.com'),
      [],
    );
    assert.deepEqual(values('From: dave@example.com\nplease reply to erin@example.com'), [
      'email:erin@example.com',
    ]);
  });

  it('handles internationalised domains and keeps at most five claims per message', () => {
    assert.deepEqual(values('schreib an jürgen@bücher.de.'), ['email:jürgen@xn--bcher-kva.de']);
    const many = Array.from({ length: 9 }, (_, index) => `user${index}@example.com`).join(' ');
    assert.equal(values(many).length, 5);
    assert.deepEqual(values(''), []);
  });
});
