import assert from 'node:assert/strict';
import { parseInstallationSettings, type RoutingRule } from '../../plugin/install/installation-settings.ts';
import { evaluateRoutingRules, type RoutingFacts } from '../../plugin/routing/evaluate-routing-rules.ts';
import { pickLeastLoaded, pickRoundRobin } from '../../plugin/routing/pick-agent.ts';

/** Rules as an admin saves them (parsed by the settings schema, defaults included). */
function rules(...input: unknown[]): RoutingRule[] {
  return parseInstallationSettings({ routing: { rules: input } }).routing.rules;
}

const facts = (overrides: Partial<RoutingFacts> = {}): RoutingFacts => ({
  channel: 'whatsapp',
  inboxId: 3,
  language: 'de',
  text: 'Hallo, ich brauche eine Rückerstattung für meine Bestellung',
  contactAttributes: { plan: 'Pro', country: 'DE' },
  reason: { code: 'low_confidence' },
  at: new Date('2025-01-15T10:00:00Z'), // Wednesday, inside 09–17 UTC
  calendar: {
    timezone: 'UTC',
    week: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }],
    holidays: [],
  },
  ...overrides,
});

describe('routing rule matching', function () {
  const table: Array<[string, Record<string, unknown>, Partial<RoutingFacts>, boolean]> = [
    ['no conditions: always', {}, {}, true],
    ['channel listed', { channels: ['email', 'whatsapp'] }, {}, true],
    ['channel compared without case', { channels: ['WhatsApp'] }, {}, true],
    ['channel not listed', { channels: ['email'] }, {}, false],
    ['inbox listed', { inboxIds: [3] }, {}, true],
    ['inbox not listed', { inboxIds: [4] }, {}, false],
    ['language by base code (de-AT matches de)', { languages: ['de-AT'] }, {}, true],
    ['language other', { languages: ['fr'] }, {}, false],
    ['language unknown never matches a language rule', { languages: ['de'] }, { language: undefined }, false],
    ['keyword ignores case and accents', { keywords: ['RUCKERSTATTUNG'] }, {}, true],
    ['keyword absent', { keywords: ['invoice'] }, {}, false],
    [
      'topic from the hand-off reason',
      { topics: ['Legal'] },
      { reason: { code: 'human_only_topic', detail: 'legal' } },
      true,
    ],
    [
      'topic from the message (stemmed terms)',
      { topics: ['refunds'] },
      { text: 'I want a refund for my order', language: 'en' },
      true,
    ],
    [
      'topic from a knowledge-base source title',
      { topics: ['shipping times'] },
      { text: 'where is it?', sources: [{ title: 'Shipping times and carriers' }] },
      true,
    ],
    [
      'topic from a source heading',
      { topics: ['returns'] },
      { text: 'hm', sources: [{ title: 'Policies', heading: 'Returns' }] },
      true,
    ],
    [
      'topic nowhere',
      { topics: ['billing'] },
      { text: 'where is my parcel', sources: [{ title: 'Shipping' }] },
      false,
    ],
    ['contact attribute (text, any case)', { contactAttributes: { plan: 'pro' } }, {}, true],
    [
      'contact attribute, one of several values',
      { contactAttributes: { plan: ['enterprise', 'pro'] } },
      {},
      true,
    ],
    ['contact attribute missing', { contactAttributes: { tier: 'gold' } }, {}, false],
    ['all attributes must match', { contactAttributes: { plan: 'pro', country: 'FR' } }, {}, false],
    ['inside business hours', { businessHours: 'inside' }, {}, true],
    [
      'outside business hours at night',
      { businessHours: 'outside' },
      { at: new Date('2025-01-15T20:00:00Z') },
      true,
    ],
    [
      'outside business hours on a holiday',
      { businessHours: 'outside' },
      { calendar: { ...facts().calendar, holidays: [{ date: '2025-01-15' }] } },
      true,
    ],
    ['reason listed', { reasons: ['low_confidence', 'no_answer'] }, {}, true],
    ['reason not listed', { reasons: ['customer_asked_for_human'] }, {}, false],
    [
      'every condition must hold',
      { channels: ['whatsapp'], languages: ['de'], businessHours: 'outside' },
      {},
      false,
    ],
  ];
  for (const [name, when, overrides, expected] of table) {
    it(name, function () {
      const result = evaluateRoutingRules(rules({ name: 'r', when, then: {} }), facts(overrides));
      assert.equal(result.evaluations[0]?.matched, expected);
      assert.equal(result.hit !== undefined, expected);
    });
  }

  it('picks the first matching rule and explains every rule', function () {
    const result = evaluateRoutingRules(
      rules(
        { name: 'Email billing', when: { channels: ['email'], keywords: ['invoice'] }, then: { teamId: 1 } },
        {
          name: 'German after hours',
          when: { languages: ['de'], businessHours: 'outside' },
          then: { teamId: 2 },
        },
        { name: 'German', when: { languages: ['de'] }, then: { teamId: 3 } },
        { name: 'Everyone else', then: { teamId: 4 } },
      ),
      facts(),
    );
    assert.equal(result.hit?.rule.name, 'German');
    assert.equal(result.hit?.index, 2);
    assert.deepEqual(
      result.evaluations.map((evaluation) => [evaluation.name, evaluation.matched]),
      [
        ['Email billing', false],
        ['German after hours', false],
        ['German', true],
        ['Everyone else', true],
      ],
    );
    assert.deepEqual(result.evaluations[0]?.conditions, [
      { condition: 'channels', matched: false, detail: 'channel is whatsapp' },
      { condition: 'keywords', matched: false, detail: 'no keyword in the message' },
    ]);
    assert.deepEqual(result.evaluations[1]?.conditions[1], {
      condition: 'businessHours',
      matched: false,
      detail: 'inside business hours',
    });
  });

  it('matches nothing when no rule holds', function () {
    const result = evaluateRoutingRules(
      rules({ name: 'Email', when: { channels: ['email'] }, then: {} }),
      facts(),
    );
    assert.equal(result.hit, undefined);
  });
});

describe('picking an agent', function () {
  it('round-robin counts turns through the candidates in id order, wrapping around', function () {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((turn) => pickRoundRobin([7, 3, 5], turn)),
      [3, 5, 7, 3, 5, 7],
    );
    // Consecutive turns go to different agents while the candidates stay the same; duplicates count once.
    assert.deepEqual(
      [41, 42].map((turn) => pickRoundRobin([5, 3, 3], turn)),
      [3, 5],
    );
    // A conversation id standing in for the turn (no store) works the same; 0 and below wrap too.
    assert.equal(pickRoundRobin([3, 5, 7], 0), 7);
    assert.equal(pickRoundRobin([3, 5, 7], -1), 5);
    assert.equal(pickRoundRobin([], 1), undefined);
  });

  it('least-loaded takes the fewest open conversations, rotating among ties by turn', function () {
    const load = new Map([
      [3, 4],
      [5, 1],
      [7, 1],
    ]);
    assert.deepEqual(
      [1, 2, 3].map((turn) => pickLeastLoaded([3, 5, 7], load, turn)),
      [5, 7, 5],
    );
    // Unknown agents have no open conversations.
    assert.equal(pickLeastLoaded([3, 9], load, 1), 9);
    assert.equal(pickLeastLoaded([], load, 1), undefined);
  });
});
