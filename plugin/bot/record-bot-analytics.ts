import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

/** Analytics event types the AI agent records (AnalyticsEventRecord.type). */
export const BOT_ANALYTICS = {
  /** A customer message arrived (once per Chatwoot message, whichever webhook brought it first). */
  inbound: 'message.inbound',
  /** The bot answered the customer; data.confidence. */
  answer: 'bot.answer',
  /** The bot handed the conversation to people; data.reason. */
  handoff: 'bot.handoff',
  /** A suggested reply was stored for an agent; data.confidence. */
  suggestion: 'suggestion.created',
} as const;

export type BotAnalyticsType = (typeof BOT_ANALYTICS)[keyof typeof BOT_ANALYTICS];

export interface BotAnalyticsEvent {
  installationId: string;
  type: BotAnalyticsType;
  channel: string;
  inboxId: number;
  conversationId: number;
  data: Record<string, unknown>;
}

/** Records one analytics event; a failure is logged, never thrown (analytics must not block a reply). */
export async function recordBotAnalytics(
  deps: { store: Pick<Store, 'analytics'>; logger: Logger; now: () => Date },
  event: BotAnalyticsEvent,
): Promise<void> {
  try {
    await deps.store.analytics.record({ ...event, at: deps.now().toISOString() });
  } catch (error) {
    deps.logger.warn(
      { err: error, type: event.type, installationId: event.installationId },
      'analytics event not recorded',
    );
  }
}
