import { createHash } from 'node:crypto';
import type { ChatwootEventName, ChatwootReceiver } from './chatwoot-event.ts';

/**
 * A message is created once, so its id identifies the delivery; every other
 * event is identified by its exact bytes (a later change produces new bytes).
 */
export function chatwootEventKey(
  receiver: ChatwootReceiver,
  event: ChatwootEventName,
  payload: Record<string, unknown>,
  rawBody: Buffer,
): string {
  if (event === 'message_created' && (typeof payload.id === 'number' || typeof payload.id === 'string')) {
    return `${receiver}:${event}:${payload.id}`;
  }
  return `${receiver}:${event}:${createHash('sha256').update(rawBody).digest('hex').slice(0, 32)}`;
}
