import { withKeyLock } from '../bridge/with-key-lock.ts';
import { readMessageEvent } from '../bot/read-message-event.ts';
import { isHandoffAnnouncement } from '../bot/reply/customer-messages.ts';
import type { ChatwootEventJob } from '../chatwoot-events/chatwoot-event.ts';
import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import type { InstallationContext, InstallationDirectory } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';
import type { AnalyticsEventRecord, Store } from '../store/store.ts';
import { ANALYTICS_EVENTS } from './analytics-event-types.ts';
import { loadTally, saveTally } from './conversation-tally.ts';
import { readChatwootConversation, type ConversationRef } from './read-chatwoot-conversation.ts';

export interface AnalyticsSubscriberDeps {
  store: Store;
  directory: InstallationDirectory;
  logger: Logger;
}

/**
 * The AI agent records `message.inbound` under this claim too (plugin/bot
 * handle-message-event.ts): whichever sees a customer message first counts it.
 */
const inboundScope = (installationId: string) => `${installationId}:inbound-analytics`;
const onceScope = (installationId: string) => `${installationId}:analytics`;
const lockKey = (installationId: string, conversationId: number) =>
  `${installationId}:analytics:${conversationId}`;
const LOCK = { ttlMs: 30_000, waitMs: 30_000 };

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

function timeOf(value: unknown, fallback: string): string {
  const ms =
    typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value * 1000 : Number.NaN;
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

function eventOf(
  ref: ConversationRef,
  installationId: string,
  type: string,
  at: string,
  data: Record<string, unknown>,
): AnalyticsEventRecord {
  return {
    installationId,
    type,
    channel: ref.channel,
    inboxId: ref.inboxId,
    conversationId: ref.conversationId,
    at,
    data,
  };
}

/**
 * Chatwoot's CSAT answer: the survey message (`input_csat`) is updated with
 * `content_attributes.submitted_values.csat_survey_response.rating` (1–5).
 */
export function readCsatRating(payload: Record<string, unknown>): number | undefined {
  if (payload.content_type !== 'input_csat') return undefined;
  let attributes: unknown = payload.content_attributes;
  if (typeof attributes === 'string') {
    try {
      attributes = JSON.parse(attributes);
    } catch {
      return undefined;
    }
  }
  const rating = record(record(record(attributes).submitted_values).csat_survey_response).rating;
  const value = typeof rating === 'string' ? Number(rating) : rating;
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 5 ? value : undefined;
}

async function onMessageCreated(
  deps: AnalyticsSubscriberDeps,
  installation: InstallationContext,
  job: ChatwootEventJob,
): Promise<void> {
  const message = readMessageEvent(job.payload);
  const ref = readChatwootConversation(installation, job.payload.conversation);
  if (!message || !ref || message.private) return;
  const id = installation.record.id;
  if (message.messageType === 'incoming' && message.sender === 'contact') {
    if (!(await deps.store.idempotency.claim(inboundScope(id), String(message.messageId)))) return;
    const at = timeOf(job.payload.created_at, job.receivedAt);
    await deps.store.analytics.record(
      eventOf(ref, id, ANALYTICS_EVENTS.inbound, at, { messageId: message.messageId }),
    );
    return;
  }
  if (message.messageType !== 'outgoing' || (message.sender !== 'user' && message.sender !== 'agent_bot'))
    return;
  // The AI agent's hand-off announcement promises a person; it does not answer the customer.
  if (message.sender === 'agent_bot' && isHandoffAnnouncement(installation.settings.ai, message.content))
    return;
  await withKeyLock(
    deps.store.idempotency,
    lockKey(id, ref.conversationId),
    async () => {
      const tally = await loadTally(deps.store.kv, id, ref.conversationId);
      if (message.messageId <= (tally.episodeFromMessageId ?? 0)) return;
      if (message.sender === 'user') tally.humanReplied = true;
      else tally.botReplied = true;
      tally.status ??= ref.status;
      await saveTally(deps.store.kv, id, ref.conversationId, tally);
    },
    LOCK,
  );
}

async function onStatusChanged(
  deps: AnalyticsSubscriberDeps,
  installation: InstallationContext,
  job: ChatwootEventJob,
): Promise<void> {
  const ref = readChatwootConversation(installation, job.payload);
  if (!ref?.status) return;
  const id = installation.record.id;
  const status = ref.status;
  await withKeyLock(
    deps.store.idempotency,
    lockKey(id, ref.conversationId),
    async () => {
      const tally = await loadTally(deps.store.kv, id, ref.conversationId);
      if (status === tally.status) return;
      if (status === 'open' && tally.status === 'pending') tally.handedOff = true;
      if (status === 'resolved') {
        if (
          await deps.store.idempotency.claim(onceScope(id), `resolved:${ref.conversationId}:${job.eventKey}`)
        ) {
          const autoResolved = tally.botReplied && !tally.humanReplied && !tally.handedOff;
          await deps.store.analytics.record(
            eventOf(ref, id, ANALYTICS_EVENTS.conversationResolved, job.receivedAt, {
              autoResolved,
              botReplied: tally.botReplied,
              humanReplied: tally.humanReplied,
              handedOff: tally.handedOff,
            }),
          );
        }
        tally.botReplied = false;
        tally.humanReplied = false;
        tally.handedOff = false;
        if (ref.lastMessageId !== undefined) tally.episodeFromMessageId = ref.lastMessageId;
      }
      tally.status = status;
      await saveTally(deps.store.kv, id, ref.conversationId, tally);
    },
    LOCK,
  );
}

async function handle(deps: AnalyticsSubscriberDeps, job: ChatwootEventJob): Promise<void> {
  const installation = await deps.directory.get(job.installationId);
  if (!installation) return;
  const id = installation.record.id;
  switch (job.event) {
    case 'message_created':
      return onMessageCreated(deps, installation, job);
    case 'message_updated': {
      const rating = readCsatRating(job.payload);
      const ref = readChatwootConversation(installation, job.payload.conversation);
      if (rating === undefined || !ref) return;
      if (!(await deps.store.idempotency.claim(onceScope(id), `csat:${String(job.payload.id)}`))) return;
      await deps.store.analytics.record(
        eventOf(ref, id, ANALYTICS_EVENTS.csat, job.receivedAt, { rating, messageId: job.payload.id }),
      );
      return;
    }
    case 'conversation_created': {
      const ref = readChatwootConversation(installation, job.payload);
      if (!ref || !(await deps.store.idempotency.claim(onceScope(id), `created:${ref.conversationId}`)))
        return;
      await deps.store.analytics.record(
        eventOf(
          ref,
          id,
          ANALYTICS_EVENTS.conversationCreated,
          timeOf(job.payload.created_at, job.receivedAt),
          { status: ref.status ?? null },
        ),
      );
      await withKeyLock(
        deps.store.idempotency,
        lockKey(id, ref.conversationId),
        async () => {
          const tally = await loadTally(deps.store.kv, id, ref.conversationId);
          tally.status ??= ref.status;
          await saveTally(deps.store.kv, id, ref.conversationId, tally);
        },
        LOCK,
      );
      return;
    }
    case 'conversation_status_changed':
      return onStatusChanged(deps, installation, job);
    default:
      return;
  }
}

/**
 * Analytics from Chatwoot's account webhook (every inbox, native or
 * bridged): customer messages, conversations created and resolved (with
 * whether the AI agent resolved them alone), and CSAT ratings. Bot answers,
 * hand-offs, suggestions and SLA events are recorded where they happen.
 */
export function createAnalyticsSubscriber(deps: AnalyticsSubscriberDeps): ChatwootEventSubscriber {
  return {
    name: 'analytics',
    receivers: ['account'],
    events: ['message_created', 'message_updated', 'conversation_created', 'conversation_status_changed'],
    concurrency: 2,
    handle: (job) => handle(deps, job),
  };
}
