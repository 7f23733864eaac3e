import assert from 'node:assert/strict';
import { parseInstallationSettings, slaOf } from '../../plugin/install/installation-settings.ts';
import type { ConversationRef } from '../../plugin/analytics/read-chatwoot-conversation.ts';
import { businessCalendarOf } from '../../plugin/routing/calendar/business-calendar.ts';
import {
  advanceResponseClock,
  type SlaEffect,
  type SlaPolicy,
} from '../../plugin/sla/advance-response-clock.ts';
import type { SlaEvent } from '../../plugin/sla/read-sla-event.ts';
import type { SlaConversationState } from '../../plugin/sla/sla-state.ts';

function policy(settings: Record<string, unknown>): SlaPolicy {
  const parsed = parseInstallationSettings(settings);
  return { sla: slaOf(parsed), calendar: businessCalendarOf(parsed) };
}

const targets = {
  sla: {
    warnBeforeMinutes: 10,
    targets: [
      { name: 'Urgent', priorities: ['urgent'], firstResponseMinutes: 15, nextResponseMinutes: 30 },
      { name: 'Email', inboxIds: [9], firstResponseMinutes: 240 },
      {
        name: 'Default',
        priorities: ['none', 'low', 'medium', 'high'],
        firstResponseMinutes: 60,
        nextResponseMinutes: 120,
      },
    ],
  },
};
const ref = (overrides: Partial<ConversationRef> = {}): ConversationRef => ({
  conversationId: 7,
  inboxId: 3,
  channel: 'whatsapp',
  priority: null,
  status: 'open',
  ...overrides,
});
const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:00:00Z') + minutes * 60_000).toISOString();
const customer = (
  messageId: number,
  minutes: number,
  overrides: Partial<ConversationRef> = {},
): SlaEvent => ({ kind: 'customer_message', ref: ref(overrides), messageId, at: at(minutes) });
const reply = (messageId: number, minutes: number, by: 'agent' | 'bot' = 'agent'): SlaEvent => ({
  kind: 'reply',
  ref: ref(),
  messageId,
  at: at(minutes),
  by,
});

/** Runs events in order, collecting every effect. */
function run(events: SlaEvent[], p = policy(targets), start?: SlaConversationState) {
  let state = start;
  const effects: SlaEffect[] = [];
  for (const event of events) {
    const step = advanceResponseClock(state, event, p);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state: state!, effects };
}
const records = (effects: SlaEffect[]) =>
  effects.filter((effect) => effect.kind === 'record').map((effect) => [effect.type, effect.data]);
const timers = (effects: SlaEffect[]) =>
  effects.filter((effect) => effect.kind === 'schedule').map((effect) => [effect.phase, effect.fireAt]);

describe('response clocks', function () {
  it('the first customer message starts the first-response clock with warning and deadline timers', function () {
    const { state, effects } = run([customer(100, 0)]);
    assert.deepEqual(state.clock, {
      kind: 'first_response',
      startMessageId: 100,
      startedAt: at(0),
      target: { name: 'Default', minutes: 60, deadline: at(60), warnAt: at(50), businessHoursOnly: false },
    });
    assert.deepEqual(timers(effects), [
      ['warn', at(50)],
      ['breach', at(60)],
    ]);
    assert.deepEqual(records(effects), [['sla.started', { kind: 'first_response', targetMinutes: 60 }]]);
  });

  it('more customer messages continue the clock; a reply stops it and records the response time', function () {
    const { state, effects } = run([customer(100, 0), customer(101, 5), reply(102, 12)]);
    assert.equal(state.clock, undefined);
    assert.equal(state.firstReplyAt, at(12));
    assert.deepEqual(records(effects), [
      ['sla.started', { kind: 'first_response', targetMinutes: 60 }],
      ['response.first', { seconds: 720, by: 'agent', messageId: 102, targetMinutes: 60, breached: false }],
    ]);
  });

  it('after the first reply, the next customer message starts a next-response clock', function () {
    const { state, effects } = run([
      customer(100, 0),
      reply(101, 1, 'bot'),
      customer(102, 10),
      reply(103, 40),
    ]);
    assert.equal(state.clock, undefined);
    assert.deepEqual(records(effects).slice(1), [
      ['response.first', { seconds: 60, by: 'bot', messageId: 101, targetMinutes: 60, breached: false }],
      ['sla.started', { kind: 'next_response', targetMinutes: 120 }],
      ['response.next', { seconds: 1800, by: 'agent', messageId: 103, targetMinutes: 120, breached: false }],
    ]);
  });

  it('a late reply records the breach once, with the deadline as its time', function () {
    const { effects } = run([customer(100, 0), reply(101, 75)]);
    const breach = effects.find((effect) => effect.kind === 'record' && effect.type === 'sla.breached');
    assert.deepEqual(breach, {
      kind: 'record',
      type: 'sla.breached',
      at: at(60),
      key: 'breach:7:first_response:100',
      data: { kind: 'first_response', targetMinutes: 60, answeredLate: true },
    });
    // The deadline timer already recorded it: the late reply does not count it again.
    const fired = run([customer(100, 0)]);
    fired.state.clock!.breached = true;
    const late = run([reply(101, 75)], policy(targets), fired.state);
    assert.deepEqual(records(late.effects), [
      ['response.first', { seconds: 4500, by: 'agent', messageId: 101, targetMinutes: 60, breached: true }],
    ]);
  });

  it('keeps order when events arrive late: an older reply does not stop a newer clock, an older message does not start one', function () {
    const olderReply = run([customer(105, 0), reply(104, 1)]);
    assert.equal(olderReply.state.clock?.startMessageId, 105);
    const olderMessage = run([reply(110, 5), customer(108, 3)]);
    assert.equal(olderMessage.state.clock, undefined);
  });

  it('resolving or snoozing stops the clock silently; a stale resolve does not', function () {
    const resolved = run([
      customer(100, 0),
      { kind: 'status', ref: ref({ status: 'resolved', lastMessageId: 100 }), status: 'resolved', at: at(5) },
    ]);
    assert.equal(resolved.state.clock, undefined);
    assert.deepEqual(
      records(resolved.effects).map(([type]) => type),
      ['sla.started'],
    );
    const stale = run([
      customer(100, 0),
      { kind: 'status', ref: ref({ status: 'resolved', lastMessageId: 99 }), status: 'resolved', at: at(5) },
    ]);
    assert.equal(stale.state.clock?.startMessageId, 100);
    const snoozed = run([customer(100, 0), { kind: 'status', ref: ref(), status: 'snoozed', at: at(5) }]);
    assert.equal(snoozed.state.clock, undefined);
  });

  it('a priority change re-targets the running clock from its start; the echo of an escalation does not', function () {
    const { state, effects } = run([
      customer(100, 0),
      { kind: 'priority', ref: ref(), priority: 'urgent', at: at(2) },
    ]);
    assert.deepEqual(state.clock?.target, {
      name: 'Urgent',
      minutes: 15,
      deadline: at(15),
      warnAt: at(5),
      businessHoursOnly: false,
    });
    assert.deepEqual(timers(effects).slice(2), [
      ['warn', at(5)],
      ['breach', at(15)],
    ]);
    assert.equal(state.priority, 'urgent');

    const escalated = run([customer(100, 0)]);
    escalated.state.clock!.warned = true;
    escalated.state.clock!.escalatedPriority = 'medium';
    const echo = run(
      [{ kind: 'priority', ref: ref(), priority: 'medium', at: at(51) }],
      policy(targets),
      escalated.state,
    );
    assert.deepEqual(echo.effects, []);
    assert.equal(echo.state.clock?.target?.deadline, at(60));
  });

  it('targets match by inbox, and a conversation no target matches is measured without timers', function () {
    const email = run([customer(100, 0, { inboxId: 9 })]);
    assert.equal(email.state.clock?.target?.minutes, 240);
    const untargeted = run([customer(100, 0), reply(101, 3)], policy({}));
    assert.deepEqual(timers(untargeted.effects), []);
    assert.deepEqual(records(untargeted.effects), [
      ['response.first', { seconds: 180, by: 'agent', messageId: 101 }],
    ]);
  });

  it('counts business hours only when asked: Friday 16:30 + 60 minutes is Monday 09:30', function () {
    const p = policy({
      ...targets,
      sla: { ...targets.sla, businessHoursOnly: true },
      routing: { timezone: 'Europe/Berlin' },
    });
    // 2025-03-07 is a Friday; 16:30 in Berlin (CET) is 15:30 UTC.
    const { state } = run(
      [{ kind: 'customer_message', ref: ref(), messageId: 1, at: '2025-03-07T15:30:00.000Z' }],
      p,
    );
    assert.equal(state.clock?.target?.deadline, '2025-03-10T08:30:00.000Z');
    assert.equal(state.clock?.target?.warnAt, '2025-03-10T08:20:00.000Z');
  });
});
