/** The catalogue of fixed customer-facing texts and the installation's own hand-off message. */
import assert from 'node:assert/strict';
import { HUMAN_REQUEST_LANGUAGES } from '../../plugin/bot/decide/detect-human-request.ts';
import {
  CUSTOMER_MESSAGE_LANGUAGES,
  customerMessages,
  handoffMessageFor,
  isHandoffAnnouncement,
} from '../../plugin/bot/reply/customer-messages.ts';
import { installationSettingsSchema } from '../../plugin/install/installation-settings.ts';

const stock = installationSettingsSchema.parse({}).ai;
const own = { handoffMessage: '  Un collègue prend le relais. ' };

describe('customer messages', () => {
  it('speaks every language whose requests for a person the bot recognises', () => {
    for (const language of HUMAN_REQUEST_LANGUAGES) {
      assert.ok(CUSTOMER_MESSAGE_LANGUAGES.includes(language), `${language} missing`);
      const texts = customerMessages(language);
      for (const [name, text] of Object.entries(texts))
        assert.ok(text.trim(), `${language}.${name} is empty`);
      if (language !== 'en') assert.notEqual(texts.handoff, customerMessages('en').handoff, language);
    }
  });

  it('reads regional codes by their base language and falls back to English', () => {
    assert.equal(customerMessages('pt-BR'), customerMessages('pt'));
    assert.equal(customerMessages('DE'), customerMessages('de'));
    assert.equal(customerMessages('ko'), customerMessages('en'));
  });

  it("sends the stock hand-off message in the customer's language, and the installation's own text as written", () => {
    assert.equal(handoffMessageFor(stock, 'de'), customerMessages('de').handoff);
    assert.equal(handoffMessageFor(stock, 'fr-CA'), customerMessages('fr').handoff);
    assert.equal(handoffMessageFor(own, 'de'), 'Un collègue prend le relais.');
    assert.equal(handoffMessageFor({ handoffMessage: '' }, 'de'), '', 'an emptied setting sends nothing');
  });

  it('recognises the hand-off message in whichever language it went out', () => {
    assert.equal(isHandoffAnnouncement(stock, customerMessages('ja').handoff), true);
    assert.equal(isHandoffAnnouncement(stock, `${customerMessages('nl').handoff}\n`), true);
    assert.equal(isHandoffAnnouncement(stock, 'Refunds take 5 days.'), false);
    assert.equal(isHandoffAnnouncement(own, 'Un collègue prend le relais.'), true);
    assert.equal(isHandoffAnnouncement(own, customerMessages('de').handoff), false);
    assert.equal(isHandoffAnnouncement({ handoffMessage: '' }, ''), false);
  });
});
