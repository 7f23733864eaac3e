import type { CreateMessageInput, MessageAttachmentInput } from './types.ts';

/** Message fields that can travel in a multipart form (template params need JSON bodies). */
export type MultipartMessageInput = Omit<CreateMessageInput, 'template_params'>;

/**
 * Builds the multipart body Chatwoot's messages#create reads for uploads: each
 * file as an `attachments[]` part, the other fields as plain form fields and
 * `content_attributes` as a JSON string (README §6).
 */
export function buildMessageForm(
  input: MultipartMessageInput,
  attachments: readonly MessageAttachmentInput[],
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  for (const file of attachments) {
    // Buffers are views on plain ArrayBuffers; the DOM typing only rejects SharedArrayBuffer-backed views.
    const blob = new Blob([file.data as Uint8Array<ArrayBuffer>], {
      type: file.contentType ?? 'application/octet-stream',
    });
    form.append('attachments[]', blob, file.filename);
  }
  return form;
}
