/**
 * Fetches a file by URL with a size cap: Discord CDN attachments on the way
 * in, agent attachments (Chatwoot storage URLs) on the way out.
 */
import { BadRequestError, OmniloomError } from '../../plugin/errors.ts';
import type { DownloadedFile } from '../core/connector.ts';

function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return 'file';
  }
}

/** Downloads `url`, refusing anything larger than `maxBytes` (checked on the header and while streaming). */
export async function downloadDiscordFile(
  url: string,
  maxBytes: number,
  hints: { fileName?: string; contentType?: string } = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new OmniloomError(`Could not download ${fileNameFromUrl(url)}: ${(error as Error).message}`, {
      code: 'upstream_error',
      connector: 'discord',
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new OmniloomError(`Download of ${fileNameFromUrl(url)} failed with HTTP ${response.status}`, {
      code: 'upstream_error',
      connector: 'discord',
      details: { status: response.status },
    });
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  const tooLarge = () =>
    new BadRequestError(`Attachment is larger than the ${maxBytes}-byte limit`, 413, 'payload_too_large');
  if (declared > maxBytes) throw tooLarge();
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
    contentType: hints.contentType ?? response.headers.get('content-type') ?? 'application/octet-stream',
    fileName: hints.fileName ?? fileNameFromUrl(url),
  };
}
