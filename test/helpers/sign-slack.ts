/**
 * Signs and posts Slack Events API requests the way Slack does, with the same
 * crypto as production (`computeSlackSignature`), so tests and the sandbox
 * can replay fixtures against a running Omniloom.
 */
import { computeSlackSignature } from '../../connectors/slack/verify-slack-signature.ts';

export interface SignSlackOptions {
  /** Request time (default now); use an old date to produce a stale request. */
  at?: Date;
  /** Adds `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, as Slack's redeliveries carry. */
  retryNum?: number;
}

/** The headers Slack sends with `rawBody`. */
export function signSlackRequest(
  rawBody: Buffer | string,
  signingSecret: string,
  options: SignSlackOptions = {},
): Record<string, string> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': computeSlackSignature(signingSecret, timestamp, body),
    ...(options.retryNum !== undefined
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
}

/** POSTs a signed Events API request to `url` and returns the response. */
export async function postSignedSlackEvent(
  url: string,
  rawBody: Buffer | string,
  signingSecret: string,
  options: SignSlackOptions = {},
): Promise<Response> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  return fetch(url, {
    method: 'POST',
    headers: signSlackRequest(body, signingSecret, options),
    body: new Uint8Array(body),
  });
}
