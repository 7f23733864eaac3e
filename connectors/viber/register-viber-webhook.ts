/**
 * Points a Viber bot at Omniloom. `set_webhook` makes Viber call the URL at
 * once with a signed `webhook` callback and fails unless that call gets a 200,
 * so run it after the channel's credentials are stored and Omniloom is
 * reachable at the URL. Message and `webhook` callbacks are always sent; the
 * others are subscribed to by name. `send_name`/`send_photo` ask Viber to
 * include the user's name and avatar, which it otherwise leaves out.
 * https://developers.viber.com/docs/api/rest-bot-api/#setting-a-webhook
 */
import type { ConnectorAccount } from '../core/connector.ts';
import { callViberApi } from './call-viber-api.ts';

/** The callbacks Omniloom subscribes to besides `message` and `webhook`. */
export const VIBER_EVENT_TYPES = [
  'delivered',
  'seen',
  'failed',
  'subscribed',
  'unsubscribed',
  'conversation_started',
] as const;

/** Registers `url` (`https://<omniloom>/webhooks/viber/<installationId>`) and returns the event types Viber confirmed. */
export async function registerViberWebhook(
  account: ConnectorAccount,
  url: string,
): Promise<{ eventTypes: string[] }> {
  const answer = await callViberApi(account, 'set_webhook', {
    url,
    event_types: [...VIBER_EVENT_TYPES],
    send_name: true,
    send_photo: true,
  });
  return { eventTypes: answer.event_types ?? [] };
}

/** Removes the webhook (`set_webhook` with an empty URL); the bot's 1:1 chat closes until one is set again. */
export async function unregisterViberWebhook(account: ConnectorAccount): Promise<void> {
  await callViberApi(account, 'set_webhook', { url: '' });
}
