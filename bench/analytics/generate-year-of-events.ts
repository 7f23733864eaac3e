import type { AnalyticsEventRecord } from '../../plugin/store/store.ts';

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = [
  'whatsapp',
  'email',
  'web',
  'telegram',
  'messenger',
  'instagram',
  'sms',
  'discord',
  'slack',
  'viber',
  'teams',
  'webhook',
];
const REASONS = [
  'low_confidence',
  'no_answer',
  'customer_asked_for_human',
  'human_only_topic',
  'repeated_question',
  'unsupported_language',
];
const DAY_MS = 86_400_000;

/**
 * A year of one busy team's analytics events, conversation by conversation:
 * created, customer messages, the AI agent answering or handing over,
 * suggestions and what agents did with them, response times, SLA clocks,
 * resolution and CSAT. About 16 events per conversation; busier on weekdays
 * and in office hours. Yields batches in time order.
 */
export function* generateYearOfEvents(options: {
  installationId: string;
  events: number;
  start: string;
  batchSize?: number;
  seed?: number;
}): Generator<AnalyticsEventRecord[]> {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = Date.parse(options.start);
  // A little under the average per conversation, so the year yields at least `events` (the surplus is cut).
  const perConversation = 15.5;
  const conversations = Math.ceil(options.events / perConversation);
  const step = (365 * DAY_MS) / conversations;
  const batchSize = options.batchSize ?? 5000;
  let batch: AnalyticsEventRecord[] = [];
  let produced = 0;

  for (let id = 1; produced < options.events; id++) {
    let t = start + id * step;
    const weekday = new Date(t).getUTCDay();
    // Weekend and night traffic is thinner: move some of it into office hours.
    if ((weekday === 0 || weekday === 6) && random() < 0.5) t -= 2 * DAY_MS;
    const inboxId = 1 + Math.floor(random() * CHANNELS.length);
    const channel = CHANNELS[inboxId - 1] as string;
    const base = { installationId: options.installationId, channel, inboxId, conversationId: id };
    const events: AnalyticsEventRecord[] = [];
    const at = (offsetSeconds: number) => new Date(t + offsetSeconds * 1000).toISOString();
    const add = (type: string, offset: number, data: Record<string, unknown> = {}) =>
      events.push({ ...base, type, at: at(offset), data });

    add('conversation.created', 0);
    const customerMessages = 2 + Math.floor(random() * 6);
    for (let m = 0; m < customerMessages; m++) add('message.inbound', m * 90, { messageId: id * 100 + m });
    add('sla.started', 0, { kind: 'first_response', targetMinutes: 60 });
    const firstResponse = Math.round(-Math.log(1 - random()) * 600);
    const handedOff = random() < 0.35;
    add('bot.answer', 20, { confidence: Math.round(random() * 100) / 100 });
    add('response.first', firstResponse, { seconds: firstResponse, by: random() < 0.6 ? 'bot' : 'agent' });
    if (handedOff) add('bot.handoff', 200, { reason: pick(REASONS) });
    const suggestions = 1 + Math.floor(random() * 3);
    for (let s = 0; s < suggestions; s++) {
      add('suggestion.created', 300 + s * 60, { confidence: Math.round(random() * 100) / 100 });
      const action = random();
      if (action < 0.45) add('suggestion.accepted', 330 + s * 60);
      else if (action < 0.7) add('suggestion.edited', 330 + s * 60);
      else if (action < 0.85) add('suggestion.rejected', 330 + s * 60, { reason: 'tone' });
    }
    const nextResponses = Math.floor(random() * 3);
    for (let r = 0; r < nextResponses; r++) {
      const seconds = Math.round(-Math.log(1 - random()) * 900);
      add('sla.started', 600 + r * 1200, { kind: 'next_response', targetMinutes: 120 });
      add('response.next', 600 + r * 1200 + seconds, { seconds, by: 'agent' });
    }
    if (firstResponse > 3000) add('sla.warning', 3000, { kind: 'first_response' });
    if (firstResponse > 3600) add('sla.breached', 3600, { kind: 'first_response' });
    add('conversation.resolved', 7200, { autoResolved: !handedOff && random() < 0.7 });
    if (random() < 0.3) add('csat.submitted', 7300, { rating: 1 + Math.floor(random() * 5) });
    if (random() < 0.02) add('contact.merged', 60, { trigger: 'message_created' });

    for (const event of events) {
      if (produced >= options.events) break;
      batch.push(event);
      produced++;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
