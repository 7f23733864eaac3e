/**
 * Delivers an agent/AI reply to a Viber user: `send_message` of type `text`
 * for each part of the rendered reply (7000 characters at most), then one
 * message per attachment as Viber's own media types: `picture` for JPEG/PNG/
 * GIF images, `video` and `file` (with the size Viber requires), or a `url`
 * message when the size cannot be learnt or the file is beyond Viber's limits.
 * https://developers.viber.com/docs/api/rest-bot-api/#send-message
 */
import { OmniloomError } from '../../plugin/errors.ts';
import type { OutboundAttachment, OutboundMessage } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, SendResult } from '../core/connector.ts';
import { callViberApi } from './call-viber-api.ts';
import { fetchRemoteSize } from './fetch-remote-size.ts';
import { requireViberSender } from './read-viber-account.ts';
import { renderForViber } from './render-for-viber.ts';

/** Viber refuses `file` and `video` messages above 50 MB. */
export const VIBER_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** `picture` accepts JPEG, PNG and non-animated GIF only. */
const PICTURE_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png', 'image/gif']);
const PICTURE_EXTENSIONS = /\.(jpe?g|png|gif)(\?|$)/i;
/** `file_name` is limited to 256 characters. */
const FILE_NAME_LIMIT = 256;

function fileNameOf(attachment: OutboundAttachment): string {
  if (attachment.fileName) return attachment.fileName.slice(0, FILE_NAME_LIMIT);
  try {
    const last = new URL(attachment.url).pathname.split('/').filter(Boolean).pop();
    return (last ? decodeURIComponent(last) : 'file').slice(0, FILE_NAME_LIMIT);
  } catch {
    return 'file';
  }
}

function isPicture(attachment: OutboundAttachment): boolean {
  if (attachment.kind !== 'image') return false;
  if (attachment.contentType) return PICTURE_TYPES.has(attachment.contentType.toLowerCase());
  return PICTURE_EXTENSIONS.test(attachment.url);
}

/** The type-specific fields of one attachment's `send_message`. */
async function attachmentMessage(attachment: OutboundAttachment): Promise<Record<string, unknown>> {
  if (isPicture(attachment)) return { type: 'picture', text: '', media: attachment.url };
  const size = await fetchRemoteSize(attachment.url);
  if (size === undefined || size > VIBER_MAX_FILE_BYTES) return { type: 'url', media: attachment.url };
  if (attachment.kind === 'video') return { type: 'video', media: attachment.url, size };
  return { type: 'file', media: attachment.url, size, file_name: fileNameOf(attachment) };
}

/** Sends one outbound message; see the module comment. */
export async function sendViberMessage(
  message: OutboundMessage,
  account: ConnectorAccount,
  _deps: ConnectorDeps,
): Promise<SendResult> {
  const receiver = message.thread.address.receiver;
  if (!receiver) {
    throw new OmniloomError(`Viber thread ${message.thread.key} has no receiver to send to`, {
      code: 'bad_request',
      connector: 'viber',
    });
  }
  const sender = requireViberSender(account);
  const ids: string[] = [];
  const send = async (fields: Record<string, unknown>) => {
    const answer = await callViberApi(account, 'send_message', { receiver, sender, ...fields });
    if (answer.message_token) ids.push(answer.message_token);
  };
  for (const text of renderForViber(message.text)) await send({ type: 'text', text });
  for (const attachment of message.attachments) await send(await attachmentMessage(attachment));
  return { channelMessageIds: ids };
}
