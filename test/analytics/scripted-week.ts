/**
 * A scripted week of one installation (Mon 3 – Sun 9 March 2025, Europe/Berlin)
 * played through the real recorders: Chatwoot account-webhook payloads (built
 * from the reference samples) into the analytics and SLA subscribers, the AI
 * agent's and the dashboard panel's events as they record them, a contact
 * merge through the audit mirror, and the warning/deadline events the SLA
 * timers record. The expected figures are worked out by hand in the test.
 *
 * Conversations (inbox 1 WhatsApp, 2 email, 3 Slack bridged into an API inbox):
 * - C6 whatsapp, Mon 00:30: a customer writes, nobody answers (warning 01:20, breach 01:30).
 * - C1 whatsapp, Mon 09:00: the bot answers in 60 s; resolved by itself 09:10; CSAT 5.
 * - C2 whatsapp, Mon 10:00: hand-off (low_confidence), agent answers at 10:20 (accepted suggestion); resolved 11:00; CSAT 3.
 * - C3 email, Tue 14:00: agent answers 16:00 (late: target 60 min; edited suggestion), customer again 16:30, agent 17:00
 *   (a second suggestion rejected); warning 14:50; resolved Wed 09:00; CSAT 4.
 * - C4 slack, Wed 08:00: bot answers in 30 s, customer asks for a person at 08:05, hand-off, agent answers 08:35.
 * - C5 whatsapp, Sat 22:00: hand-off (no_answer), nobody answers (warning 22:50, breach 23:00); the customer writes
 *   again Mon 10 March 00:30 Berlin, which is Sunday 23:30 UTC and outside the week.
 * - A contact merge on Thursday 12:00.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYTICS_EVENTS } from '../../plugin/analytics/analytics-event-types.ts';
import { createAnalyticsSubscriber } from '../../plugin/analytics/create-analytics-subscriber.ts';
import { mirrorMergesIntoAnalytics } from '../../plugin/analytics/mirror-merges-into-analytics.ts';
import type { ChatwootEventJob } from '../../plugin/chatwoot-events/chatwoot-event.ts';
import type { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { handleSlaEvent } from '../../plugin/sla/handle-sla-event.ts';
import type { Store } from '../../plugin/store/store.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = (name: string): Record<string, any> =>
  JSON.parse(
    readFileSync(path.resolve(REPO_ROOT, '..', 'shared', 'chatwoot', 'payloads', `${name}.json`), 'utf8'),
  );

/** Settings of the scripted installation. */
export const WEEK_SETTINGS = {
  routing: { timezone: 'Europe/Berlin' },
  sla: {
    warnBeforeMinutes: 10,
    targets: [{ name: 'Everyone', firstResponseMinutes: 60, nextResponseMinutes: 60 }],
  },
};
export const WEEK_PROVISIONED = { apiInboxes: { slack: 3 } };

const INBOXES = {
  whatsapp: { id: 1, channel: 'Channel::Whatsapp' },
  email: { id: 2, channel: 'Channel::Email' },
  slack: { id: 3, channel: 'Channel::Api' },
} as const;
type Inbox = keyof typeof INBOXES;

/** Berlin wall time in March 2025 (CET, UTC+1) → ISO instant. */
export const berlin = (day: number, time: string) =>
  new Date(`2025-03-${String(day).padStart(2, '0')}T${time}+01:00`).toISOString();

const HANDOFF_MESSAGE =
  'I am handing this conversation to our support team. A person will reply here as soon as possible.';

export interface WeekEnv {
  store: Store;
  directory: InstallationDirectory;
  queue: JobQueue;
  installationId: string;
}

/** Plays the week in time order. */
export async function playScriptedWeek(env: WeekEnv): Promise<void> {
  const { store, directory, queue, installationId } = env;
  const logger = silentLogger();
  let clock = berlin(3, '00:00');
  const analytics = createAnalyticsSubscriber({ store, directory, logger });
  const slaDeps = { store, queue, directory, logger, now: () => new Date(clock) };
  const mergeStore = mirrorMergesIntoAnalytics(store, logger);
  let deliveries = 0;

  function conversation(
    id: number,
    inbox: Inbox,
    status: string,
    lastMessageId?: number,
    createdAt?: string,
  ) {
    const base = sample('conversation_created');
    return {
      ...base,
      ...(createdAt
        ? { created_at: Date.parse(createdAt) / 1000, timestamp: Date.parse(createdAt) / 1000 }
        : {}),
      id,
      inbox_id: INBOXES[inbox].id,
      channel: INBOXES[inbox].channel,
      status,
      contact_inbox: { ...base.contact_inbox, inbox_id: INBOXES[inbox].id },
      messages:
        lastMessageId === undefined
          ? []
          : [{ ...sample('conversation_updated').messages[0], id: lastMessageId, conversation_id: id }],
    };
  }
  async function deliver(event: ChatwootEventJob['event'], payload: Record<string, unknown>, at: string) {
    clock = at;
    deliveries += 1;
    const job: ChatwootEventJob = {
      installationId,
      receiver: 'account',
      event,
      eventKey: `account:${event}:${deliveries}`,
      payload: { ...payload, event },
      receivedAt: at,
    };
    await analytics.handle(job);
    await handleSlaEvent(slaDeps, job);
  }
  const created = (id: number, inbox: Inbox, status: string, at: string) =>
    deliver('conversation_created', conversation(id, inbox, status, undefined, at), at);
  const status = (id: number, inbox: Inbox, to: string, lastMessageId: number, at: string) =>
    deliver(
      'conversation_status_changed',
      { ...conversation(id, inbox, to, lastMessageId), changed_attributes: null },
      at,
    );
  async function message(
    id: number,
    conversationId: number,
    inbox: Inbox,
    from: 'contact' | 'user' | 'bot',
    at: string,
    content = 'Hello',
  ) {
    const incoming = from === 'contact';
    const base = sample(
      incoming
        ? 'message_created.incoming'
        : from === 'bot'
          ? 'message_created.outgoing_by_agent_bot'
          : 'message_created.outgoing',
    );
    await deliver(
      'message_created',
      {
        ...base,
        id,
        content,
        created_at: at,
        private: false,
        message_type: incoming ? 'incoming' : 'outgoing',
        inbox: { id: INBOXES[inbox].id, name: inbox },
        conversation: conversation(conversationId, inbox, 'open', id),
        attachments: undefined,
      },
      at,
    );
  }
  async function csat(messageId: number, conversationId: number, inbox: Inbox, rating: number, at: string) {
    await deliver(
      'message_updated',
      {
        ...sample('message_updated'),
        id: messageId,
        content_type: 'input_csat',
        message_type: 'template',
        content_attributes: { submitted_values: { csat_survey_response: { rating, feedback_message: '' } } },
        conversation: conversation(conversationId, inbox, 'resolved'),
      },
      at,
    );
  }
  /** What the AI agent, the dashboard panel or the SLA timers record themselves. */
  async function recorded(
    type: string,
    conversationId: number,
    inbox: Inbox | undefined,
    at: string,
    data: Record<string, unknown> = {},
  ) {
    await store.analytics.record({
      installationId,
      type,
      ...(inbox ? { channel: inbox, inboxId: INBOXES[inbox].id } : {}),
      conversationId,
      at,
      data,
    });
  }
  const {
    botAnswer,
    handoff,
    suggestionCreated,
    suggestionAccepted,
    suggestionEdited,
    suggestionRejected,
    slaWarning,
    slaBreached,
  } = ANALYTICS_EVENTS;

  // Monday
  await created(6, 'whatsapp', 'open', berlin(3, '00:30:00'));
  await message(601, 6, 'whatsapp', 'contact', berlin(3, '00:30:00'));
  await recorded(slaWarning, 6, 'whatsapp', berlin(3, '01:20:00'), { kind: 'first_response' });
  await recorded(slaBreached, 6, 'whatsapp', berlin(3, '01:30:00'), { kind: 'first_response' });

  await created(1, 'whatsapp', 'pending', berlin(3, '09:00:00'));
  await message(101, 1, 'whatsapp', 'contact', berlin(3, '09:00:00'));
  await message(102, 1, 'whatsapp', 'bot', berlin(3, '09:01:00'));
  await recorded(botAnswer, 1, 'whatsapp', berlin(3, '09:01:00'), { confidence: 0.91 });
  await status(1, 'whatsapp', 'resolved', 102, berlin(3, '09:10:00'));
  await csat(103, 1, 'whatsapp', 5, berlin(3, '09:12:00'));

  await created(2, 'whatsapp', 'pending', berlin(3, '10:00:00'));
  await message(201, 2, 'whatsapp', 'contact', berlin(3, '10:00:00'));
  await recorded(handoff, 2, 'whatsapp', berlin(3, '10:00:30'), { reason: 'low_confidence' });
  await message(202, 2, 'whatsapp', 'bot', berlin(3, '10:00:30'), HANDOFF_MESSAGE);
  await status(2, 'whatsapp', 'open', 202, berlin(3, '10:01:00'));
  await recorded(suggestionCreated, 2, 'whatsapp', berlin(3, '10:00:40'));
  await recorded(suggestionAccepted, 2, 'whatsapp', berlin(3, '10:20:00'));
  await message(203, 2, 'whatsapp', 'user', berlin(3, '10:20:00'));
  await status(2, 'whatsapp', 'resolved', 203, berlin(3, '11:00:00'));
  await csat(204, 2, 'whatsapp', 3, berlin(3, '11:05:00'));

  // Tuesday
  await created(3, 'email', 'open', berlin(4, '14:00:00'));
  await message(301, 3, 'email', 'contact', berlin(4, '14:00:00'));
  await recorded(suggestionCreated, 3, 'email', berlin(4, '14:01:00'));
  await recorded(slaWarning, 3, 'email', berlin(4, '14:50:00'), { kind: 'first_response' });
  await recorded(suggestionEdited, 3, 'email', berlin(4, '16:00:00'));
  await message(302, 3, 'email', 'user', berlin(4, '16:00:00'));
  await message(303, 3, 'email', 'contact', berlin(4, '16:30:00'));
  await recorded(suggestionCreated, 3, 'email', berlin(4, '16:31:00'));
  await recorded(suggestionRejected, 3, 'email', berlin(4, '16:40:00'), { reason: 'tone' });
  await message(304, 3, 'email', 'user', berlin(4, '17:00:00'));

  // Wednesday
  await status(3, 'email', 'resolved', 304, berlin(5, '09:00:00'));
  await csat(305, 3, 'email', 4, berlin(5, '09:05:00'));
  await created(4, 'slack', 'pending', berlin(5, '08:00:00'));
  await message(401, 4, 'slack', 'contact', berlin(5, '08:00:00'));
  await message(402, 4, 'slack', 'bot', berlin(5, '08:00:30'));
  await recorded(botAnswer, 4, 'slack', berlin(5, '08:00:30'), { confidence: 0.8 });
  await message(403, 4, 'slack', 'contact', berlin(5, '08:05:00'), 'I want to talk to a person');
  await recorded(handoff, 4, 'slack', berlin(5, '08:05:10'), { reason: 'customer_asked_for_human' });
  await message(405, 4, 'slack', 'bot', berlin(5, '08:05:10'), HANDOFF_MESSAGE);
  await status(4, 'slack', 'open', 405, berlin(5, '08:05:20'));
  await recorded(suggestionCreated, 4, 'slack', berlin(5, '08:05:30'));
  await message(406, 4, 'slack', 'user', berlin(5, '08:35:00'));

  // Thursday
  await mergeStore.audit.append({
    id: 'contact-merge:10:11',
    installationId,
    actor: 'system',
    action: 'contact.merged',
    subject: 'contact:10',
    reason: 'same verified email',
    data: { baseContactId: 10, mergeeContactId: 11, trigger: 'message_created' },
    at: berlin(6, '12:00:00'),
  });

  // Saturday night and beyond
  await created(5, 'whatsapp', 'pending', berlin(8, '22:00:00'));
  await message(501, 5, 'whatsapp', 'contact', berlin(8, '22:00:00'));
  await recorded(handoff, 5, 'whatsapp', berlin(8, '22:00:20'), { reason: 'no_answer' });
  await status(5, 'whatsapp', 'open', 501, berlin(8, '22:00:30'));
  await recorded(slaWarning, 5, 'whatsapp', berlin(8, '22:50:00'), { kind: 'first_response' });
  await recorded(slaBreached, 5, 'whatsapp', berlin(8, '23:00:00'), { kind: 'first_response' });
  await message(502, 5, 'whatsapp', 'contact', berlin(10, '00:30:00'), 'Hello? Anyone?');
}
