import type { Connector, ConnectorAccount, ConnectorDeps, DownloadedFile } from '../../connectors/core/connector.ts';
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
  options: { connector?: Connector; account?: ConnectorAccount; deps: ConnectorDeps; fetch?: typeof fetch },
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
          : await downloadUrl(attachment, limit, options.fetch ?? fetch);
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

async function downloadUrl(attachment: Attachment, limit: number, fetchImpl: typeof fetch): Promise<DownloadedFile> {
  if (!attachment.url) throw new Error('attachment has no URL');
  const response = await fetchImpl(attachment.url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok || !response.body) throw new Error(`download answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new Error(`declared size ${declared} is over the limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new Error('download is over the size limit');
    chunks.push(Buffer.from(chunk));
  }
  const fileName = attachment.fileName ?? new URL(attachment.url).pathname.split('/').pop() ?? 'attachment';
  return {
    data: Buffer.concat(chunks),
    contentType: attachment.contentType ?? response.headers.get('content-type') ?? 'application/octet-stream',
    fileName,
  };
}
