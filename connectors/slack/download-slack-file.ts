/**
 * Fetches a file by URL with a size cap. Slack's `url_private` links need the
 * bot token as a bearer header (and the `files:read` scope); without it Slack
 * answers 200 with its HTML sign-in page, which is caught here.
 * https://docs.slack.dev/messaging/working-with-files#authenticating
 */
import { ConfigError } from '../../plugin/errors.ts';
import type { DownloadedFile } from '../core/connector.ts';
import { fileNameFromUrl, openDownload, readLimitedBody } from '../core/download-file.ts';

/** Downloads `url` (with `Authorization: Bearer <token>` when a token is given), refusing more than `maxBytes`. */
export async function downloadSlackFile(
  url: string,
  maxBytes: number,
  options: { token?: string; fileName?: string; contentType?: string } = {},
): Promise<DownloadedFile> {
  const response = await openDownload(url, {
    connector: 'slack',
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  const served = response.headers.get('content-type') ?? '';
  if (options.token && served.startsWith('text/html') && !options.contentType?.startsWith('text/html')) {
    await response.body.cancel();
    throw new ConfigError(
      'Slack served a sign-in page instead of the file: give the app the files:read scope and reinstall it.',
    );
  }
  return {
    data: await readLimitedBody(response, maxBytes),
    contentType: options.contentType ?? (served || 'application/octet-stream'),
    fileName: options.fileName ?? fileNameFromUrl(url),
  };
}
