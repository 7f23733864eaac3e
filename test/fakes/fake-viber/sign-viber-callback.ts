/**
 * Signs and posts Viber callbacks the way Viber does, with the same crypto as
 * production (`computeViberSignature`), so tests and the sandbox can replay
 * fixtures against a running Omniloom.
 */
import { computeViberSignature } from '../../../connectors/viber/verify-viber-signature.ts';

/** The headers Viber sends with `rawBody` for a bot with this auth token. */
export function signViberCallback(rawBody: Buffer | string, authToken: string): Record<string, string> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  return {
    'content-type': 'application/json',
    'x-viber-content-signature': computeViberSignature(authToken, body),
  };
}

/** POSTs a signed callback to `url` and returns the response. */
export async function postSignedViberCallback(
  url: string,
  rawBody: Buffer | string,
  authToken: string,
): Promise<Response> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  return fetch(url, {
    method: 'POST',
    headers: signViberCallback(body, authToken),
    body: new Uint8Array(body),
  });
}
