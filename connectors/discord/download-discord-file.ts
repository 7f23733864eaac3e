/**
 * Fetches a file by URL with a size cap: Discord CDN attachments on the way
 * in, agent attachments (Chatwoot storage URLs) on the way out.
 */
import type { DownloadedFile } from '../core/connector.ts';
import { fileNameFromUrl, openDownload, readLimitedBody } from '../core/download-file.ts';

/** Downloads `url`, refusing anything larger than `maxBytes` (checked on the header and while streaming). */
export async function downloadDiscordFile(
  url: string,
  maxBytes: number,
  hints: { fileName?: string; contentType?: string } = {},
): Promise<DownloadedFile> {
  const response = await openDownload(url, { connector: 'discord' });
  return {
    data: await readLimitedBody(response, maxBytes),
    contentType: hints.contentType ?? response.headers.get('content-type') ?? 'application/octet-stream',
    fileName: hints.fileName ?? fileNameFromUrl(url),
  };
}
