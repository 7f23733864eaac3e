/**
 * Size-capped file downloads shared by every connector: platform attachments on
 * the way in, Chatwoot attachment URLs on the way out.
 */
import { BadRequestError, OmniloomError } from '../../plugin/errors.ts';

/** The last path segment of a URL, decoded, or `file`. */
export function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return 'file';
  }
}

/**
 * GETs `url` and returns the response once it is known to have a body; network
 * failures and non-2xx answers become `upstream_error`s naming the connector.
 */
export async function openDownload(
  url: string,
  options: { connector: string; headers?: Record<string, string>; failureHint?: string },
): Promise<Response & { body: ReadableStream<Uint8Array> }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new OmniloomError(`Could not download ${fileNameFromUrl(url)}: ${(error as Error).message}`, {
      code: 'upstream_error',
      connector: options.connector,
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new OmniloomError(
      `Download of ${fileNameFromUrl(url)} failed with HTTP ${response.status}${options.failureHint ? ` (${options.failureHint})` : ''}`,
      { code: 'upstream_error', connector: options.connector, details: { status: response.status } },
    );
  }
  return response as Response & { body: ReadableStream<Uint8Array> };
}

/** Reads a body, refusing more than `maxBytes` (checked on Content-Length first, then while streaming). */
export async function readLimitedBody(response: Response & { body: ReadableStream<Uint8Array> }, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new BadRequestError(`Attachment is larger than the ${maxBytes}-byte limit`, 413, 'payload_too_large');
  if (Number(response.headers.get('content-length') ?? '0') > maxBytes) {
    await response.body.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
