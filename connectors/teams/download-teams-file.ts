/**
 * Fetches an inbound Teams file with a size cap. Images pasted into a chat are
 * served by the Bot Connector and need the bot's token (`platformFileId` holds
 * their URL); shared files come with a pre-authenticated, short-lived
 * SharePoint/OneDrive `downloadUrl` and are fetched without credentials.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4#receive-files-in-personal-chat
 */
import { BadRequestError } from '../../plugin/errors.ts';
import type { Attachment } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, DownloadedFile } from '../core/connector.ts';
import { fileNameFromUrl, openDownload, readLimitedBody } from '../core/download-file.ts';
import { getTeamsBotToken } from './fetch-teams-bot-token.ts';

/** Downloads one attachment, refusing more than `maxBytes`. */
export async function downloadTeamsFile(
  attachment: Attachment,
  account: ConnectorAccount,
  maxBytes: number,
): Promise<DownloadedFile> {
  const url = attachment.platformFileId ?? attachment.url;
  if (!url) throw new BadRequestError('Teams attachment has no URL to download');
  const response = await openDownload(url, {
    connector: 'teams',
    headers: attachment.platformFileId ? { authorization: `Bearer ${await getTeamsBotToken(account)}` } : {},
    failureHint: 'download links expire after about an hour',
  });
  const served = response.headers.get('content-type') ?? '';
  return {
    data: await readLimitedBody(response, maxBytes),
    contentType: attachment.contentType ?? (served || 'application/octet-stream'),
    fileName: attachment.fileName ?? fileNameFromUrl(url),
  };
}
