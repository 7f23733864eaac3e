import type { Connector, ConnectorAccount, ConnectorDeps, DownloadedFile } from '../../connectors/core/connector.ts';
import { fileNameFromUrl, openDownload, readLimitedBody } from '../../connectors/core/download-file.ts';
import type { Attachment } from '../messages/normalized-message.ts';

export interface FetchedAttachments {
  files: DownloadedFile[];
  /** Lines added to the message text for what is not a file (locations, contacts) or could not be fetched. */
  notes: string[];
}

/**
 * Downloads a message's attachments for upload to Chatwoot, through the
 * connector when the platform needs its own auth, and never beyond the size
 * limit: an oversized file becomes a note, not a failed message.
 */
export async function fetchAttachments(
  attachments: Attachment[],
  options: { connector?: Connector; account?: ConnectorAccount; deps: ConnectorDeps },
): Promise<FetchedAttachments> {
  const result: FetchedAttachments = { files: [], notes: [] };
  const limit = options.deps.maxAttachmentBytes;
  for (const attachment of attachments) {
    if (attachment.location) {
      const { latitude, longitude, name } = attachment.location;
      result.notes.push(`📍 ${name ? `${name}: ` : ''}https://maps.google.com/?q=${latitude},${longitude}`);
      continue;
    }
    if (attachment.contact) {
      result.notes.push(`👤 ${[attachment.contact.name, attachment.contact.phone].filter(Boolean).join(' ')}`);
      continue;
    }
    const label = attachment.fileName ?? attachment.kind;
    if (attachment.sizeBytes !== undefined && attachment.sizeBytes > limit) {
      result.notes.push(`[${label} not attached: ${attachment.sizeBytes} bytes is over the ${limit} byte limit]`);
      continue;
    }
    try {
      const file =
        options.connector?.downloadAttachment && options.account
          ? await options.connector.downloadAttachment(attachment, options.account, options.deps)
          : await downloadUrl(attachment, limit, options.connector?.id ?? 'unknown');
      if (file.data.length > limit) {
        result.notes.push(`[${label} not attached: ${file.data.length} bytes is over the ${limit} byte limit]`);
        continue;
      }
      result.files.push(file);
      if (attachment.caption) result.notes.push(attachment.caption);
    } catch (error) {
      options.deps.logger.warn({ err: error, kind: attachment.kind }, 'attachment download failed');
      result.notes.push(`[${label} could not be downloaded${attachment.url ? `: ${attachment.url}` : ''}]`);
    }
  }
  return result;
}

/** Fetches an attachment that needs no platform auth straight from its URL, within `limit` bytes. */
async function downloadUrl(
  attachment: Attachment,
  limit: number,
  connectorId: string,
): Promise<DownloadedFile> {
  if (!attachment.url) throw new Error('attachment has no URL');
  const response = await openDownload(attachment.url, { connector: connectorId });
  return {
    data: await readLimitedBody(response, limit),
    contentType: attachment.contentType ?? response.headers.get('content-type') ?? 'application/octet-stream',
    fileName: attachment.fileName ?? fileNameFromUrl(attachment.url),
  };
}
