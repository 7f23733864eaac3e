/**
 * Slack's endpoint check: when the Request URL is saved, Slack posts
 * `{type: "url_verification", challenge}` and expects the challenge back.
 * https://docs.slack.dev/reference/events/url_verification
 */
import type { ConnectorAccount, HandshakeReply, RawRequest } from '../core/connector.ts';

/** Returns `{challenge}` for a url_verification body, undefined for every other delivery. */
export function answerSlackUrlVerification(
  raw: RawRequest,
  _account: ConnectorAccount,
): HandshakeReply | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw.rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, challenge } = body as { type?: unknown; challenge?: unknown };
  if (type !== 'url_verification' || typeof challenge !== 'string') return undefined;
  return { status: 200, body: { challenge } };
}
