/**
 * Fetches an inbound Teams file with a size cap. Images pasted into a chat are
 * served by the Bot Connector and need the bot's token (`platformFileId` holds
 * their URL); shared files come with a pre-authenticated, short-lived
 * SharePoint/OneDrive `downloadUrl` and are fetched without credentials.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4#receive-files-in-personal-chat
 */
import { BadRequestError, OmniloomError } from '../../plugin/errors.ts';
import type { Attachment } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, DownloadedFile } from '../core/connector.ts';
import { getTeamsBotToken } from './fetch-teams-bot-token.ts';

function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return 'file';
  }
}

/** Downloads one attachment, refusing more than `maxBytes`. */
export async function downloadTeamsFile(
  attachment: Attachment,
  account: ConnectorAccount,
  maxBytes: number,
): Promise<DownloadedFile> {
  const url = attachment.platformFileId ?? attachment.url;
  if (!url) throw new BadRequestError('Teams attachment has no URL to download');
  const headers: Record<string, string> = attachment.platformFileId
    ? { authorization: `Bearer ${await getTeamsBotToken(account)}` }
    : {};
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new OmniloomError(`Could not download a Teams file: ${(error as Error).message}`, {
      code: 'upstream_error',
      connector: 'teams',
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    throw new OmniloomError(
      `Teams file download answered HTTP ${response.status} (download links expire after about an hour)`,
      {
        code: 'upstream_error',
        connector: 'teams',
        details: { status: response.status },
      },
    );
  }
  const tooLarge = () =>
    new BadRequestError(`Attachment is larger than the ${maxBytes}-byte limit`, 413, 'payload_too_large');
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
  const served = response.headers.get('content-type') ?? '';
  return {
    data: Buffer.concat(chunks),
    contentType: attachment.contentType ?? (served || 'application/octet-stream'),
    fileName: attachment.fileName ?? fileNameFromUrl(url),
  };
}
