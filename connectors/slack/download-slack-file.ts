/**
 * Fetches a file by URL with a size cap. Slack's `url_private` links need the
 * bot token as a bearer header (and the `files:read` scope); without it Slack
 * answers 200 with its HTML sign-in page, which is caught here.
 * https://docs.slack.dev/messaging/working-with-files#authenticating
 */
import { BadRequestError, ConfigError, OmniloomError } from '../../plugin/errors.ts';
import type { DownloadedFile } from '../core/connector.ts';

function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return 'file';
  }
}

/** Downloads `url` (with `Authorization: Bearer <token>` when a token is given), refusing more than `maxBytes`. */
export async function downloadSlackFile(
  url: string,
  maxBytes: number,
  options: { token?: string; fileName?: string; contentType?: string } = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new OmniloomError(`Could not download ${fileNameFromUrl(url)}: ${(error as Error).message}`, {
      code: 'upstream_error',
      connector: 'slack',
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new OmniloomError(`Download of ${fileNameFromUrl(url)} failed with HTTP ${response.status}`, {
      code: 'upstream_error',
      connector: 'slack',
      details: { status: response.status },
    });
  }
  const served = response.headers.get('content-type') ?? '';
  if (options.token && served.startsWith('text/html') && !options.contentType?.startsWith('text/html')) {
    await response.body.cancel();
    throw new ConfigError(
      'Slack served a sign-in page instead of the file: give the app the files:read scope and reinstall it.',
    );
  }
  const tooLarge = () =>
    new BadRequestError(`Attachment is larger than the ${maxBytes}-byte limit`, 413, 'payload_too_large');
  if (Number(response.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge();
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
  return {
    data: Buffer.concat(chunks),
    contentType: options.contentType ?? (served || 'application/octet-stream'),
    fileName: options.fileName ?? fileNameFromUrl(url),
  };
}
