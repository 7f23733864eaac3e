/** Which Chatwoot registration delivered an event: they receive different event sets (reference §12). */
export type ChatwootReceiver = 'bot' | 'account' | 'inbox';

export const CHATWOOT_EVENTS = [
  'message_created',
  'message_updated',
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'conversation_opened',
  'conversation_resolved',
  'conversation_typing_on',
  'conversation_typing_off',
  'contact_created',
  'contact_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
] as const;

export type ChatwootEventName = (typeof CHATWOOT_EVENTS)[number];

/** A delivered Chatwoot event as queued for the workers. */
export interface ChatwootEventJob {
  installationId: string;
  receiver: ChatwootReceiver;
  /** Bridged channel of the API inbox, for `inbox` deliveries. */
  channel?: string;
  event: ChatwootEventName;
  /** Stable key of this delivery: the same event delivered twice has the same key. */
  eventKey: string;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export function isChatwootEvent(value: unknown): value is ChatwootEventName {
  return typeof value === 'string' && (CHATWOOT_EVENTS as readonly string[]).includes(value);
}
