/**
 * The callbacks Viber expects answered in the HTTP response itself:
 * - `webhook`: sent while `set_webhook` runs; `set_webhook` fails unless it
 *   gets a 200.
 * - `conversation_started`: the user opened the chat. The response body may
 *   carry one message (no `receiver`), which Viber shows as the welcome
 *   message; it is the only message a bot may send before the user subscribes.
 * https://developers.viber.com/docs/api/rest-bot-api/#conversation-started
 */
import type { ConnectorAccount, HandshakeReply, RawRequest } from '../core/connector.ts';
import { readViberSettings } from './read-viber-account.ts';
import { parseJsonKeepingLongIntegers } from './read-viber-json.ts';

function readEvent(rawBody: Buffer): string | undefined {
  try {
    const value: unknown = parseJsonKeepingLongIntegers(rawBody.toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const event = (value as { event?: unknown }).event;
    return typeof event === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `webhook` → 200 `{status: "ok"}`; `conversation_started` → the configured
 * welcome message (or an empty 200 without one). Every other callback returns
 * undefined and goes on to parse and enqueue.
 */
export function answerViberCallback(raw: RawRequest, account: ConnectorAccount): HandshakeReply | undefined {
  const event = readEvent(raw.rawBody);
  if (event === 'webhook') return { status: 200, body: { status: 'ok' } };
  if (event !== 'conversation_started') return undefined;
  const { welcomeMessage, senderName, senderAvatar } = readViberSettings(account);
  if (!welcomeMessage || !senderName) return { status: 200, body: '' };
  return {
    status: 200,
    body: {
      sender: senderAvatar ? { name: senderName, avatar: senderAvatar } : { name: senderName },
      type: 'text',
      text: welcomeMessage,
    },
  };
}
