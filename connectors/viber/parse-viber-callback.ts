/**
 * Pure translation of Viber REST Bot API callbacks into normalized events.
 * Serves the webhook route and `omniloom parse viber`.
 * https://developers.viber.com/docs/api/rest-bot-api/#callbacks
 */
import type { z } from 'zod';
import { validatePayload } from '../core/read-payload.ts';
import type {
  Attachment,
  DeliveryStatus,
  IgnoredEvent,
  InboundEvent,
  SenderIdentity,
  ThreadRef,
} from '../../plugin/messages/normalized-message.ts';
import { readViberJsonObject } from './read-viber-json.ts';
import {
  type ViberMessage,
  type ViberUser,
  viberCallbackSchema,
  viberMessageCallbackSchema,
  viberReceiptCallbackSchema,
} from './viber-payloads.ts';

const CHANNEL = 'viber';

const RECEIPT_STATUS: Record<'delivered' | 'seen' | 'failed', DeliveryStatus> = {
  delivered: 'delivered',
  seen: 'read',
  failed: 'failed',
};

/** Callbacks that carry no customer message, with why Omniloom leaves them alone. */
const NOT_MESSAGES: Record<string, string> = {
  webhook: 'webhook check after set_webhook, answered by the handshake',
  conversation_started: 'user opened the chat; the welcome message is answered by the handshake',
  subscribed: 'user subscribed to the bot; no message yet',
  unsubscribed: 'user unsubscribed; Viber refuses further messages to them',
};

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  return validatePayload(schema, value, { connector: CHANNEL, what: `Viber ${what}` });
}

/** Viber timestamps are epoch milliseconds. */
function toIso(timestamp: number | undefined): string {
  // Finite is not enough: past ±8.64e15 ms a Date is invalid and toISOString() throws a RangeError.
  const date = typeof timestamp === 'number' ? new Date(timestamp) : new Date(Number.NaN);
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString();
}

function ignored(eventType: string, reason: string, dedupeKey: string, occurredAt: string): IgnoredEvent {
  return { kind: 'ignored', channel: CHANNEL, dedupeKey, occurredAt, reason, eventType };
}

/** Bots only have 1:1 chats: one thread per user, replied to by user id. */
export function resolveViberThread(userId: string): ThreadRef {
  return { key: `user:${userId}`, kind: 'direct', address: { receiver: userId } };
}

/**
 * `viber:<id>` is verified: Viber signed the callback that names the user.
 * Viber never shares the phone number with bots; a contact card the user
 * sends stays an attachment (the identity step treats it as a claim).
 */
export function toViberSender(user: ViberUser): SenderIdentity {
  return {
    channelUserId: user.id,
    ...(user.name ? { displayName: user.name } : {}),
    ...(user.avatar ? { avatarUrl: user.avatar } : {}),
    identifiers: [
      { type: 'channel_user', value: `viber:${user.id}`, verified: true, source: 'viber:sender' },
    ],
  };
}

function fileNameOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

function sizeOf(message: ViberMessage): { sizeBytes?: number } {
  const size = message.file_size ?? message.size;
  return typeof size === 'number' && Number.isInteger(size) && size >= 0 ? { sizeBytes: size } : {};
}

/** Text and attachments of one message by type; undefined for types Omniloom does not read. */
function readContent(message: ViberMessage): { text: string; attachments: Attachment[] } | undefined {
  const text = message.text ?? '';
  switch (message.type) {
    case 'text':
      return { text, attachments: [] };
    case 'picture':
      // `text` is the caption the user typed under the photo.
      return {
        text,
        attachments: message.media
          ? [
              {
                kind: 'image',
                url: message.media,
                fileName: message.file_name ?? fileNameOf(message.media),
                ...sizeOf(message),
              },
            ]
          : [],
      };
    case 'video':
      return {
        text,
        attachments: message.media
          ? [
              {
                kind: 'video',
                url: message.media,
                fileName: message.file_name ?? fileNameOf(message.media),
                ...sizeOf(message),
              },
            ]
          : [],
      };
    case 'file':
      return {
        text,
        attachments: message.media
          ? [
              {
                kind: 'file',
                url: message.media,
                fileName: message.file_name ?? fileNameOf(message.media),
                ...sizeOf(message),
              },
            ]
          : [],
      };
    case 'sticker':
      return {
        text: '',
        attachments: [
          {
            kind: 'sticker',
            ...(message.media ? { url: message.media } : {}),
            ...(message.sticker_id !== undefined ? { platformFileId: String(message.sticker_id) } : {}),
          },
        ],
      };
    case 'location':
      return {
        text,
        attachments: message.location
          ? [
              {
                kind: 'location',
                location: {
                  latitude: message.location.lat,
                  longitude: message.location.lon,
                  ...(message.location.address ? { name: message.location.address } : {}),
                },
              },
            ]
          : [],
      };
    case 'contact': {
      const contact = message.contact ?? {};
      return {
        text,
        attachments: [
          {
            kind: 'contact',
            contact: {
              ...(contact.name ? { name: contact.name } : {}),
              ...(contact.phone_number ? { phone: contact.phone_number } : {}),
            },
          },
        ],
      };
    }
    case 'url':
      // The shared link is the message; Viber puts it in `media`.
      return { text: message.media ?? text, attachments: [] };
    default:
      return undefined;
  }
}

function parseMessage(body: Record<string, unknown>): InboundEvent {
  const callback = validate(viberMessageCallbackSchema, body, 'message callback');
  const occurredAt = toIso(callback.timestamp);
  // message_token is unique per message; Viber redelivers with the same token.
  const dedupeKey = `viber:message:${callback.message_token}`;
  const content = readContent(callback.message);
  if (!content) {
    return ignored(
      `message.${callback.message.type}`,
      `message type "${callback.message.type}" is not handled`,
      dedupeKey,
      occurredAt,
    );
  }
  return {
    kind: 'message',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId: callback.message_token,
    thread: resolveViberThread(callback.sender.id),
    sender: toViberSender(callback.sender),
    text: content.text,
    attachments: content.attachments,
  };
}

function parseReceipt(body: Record<string, unknown>): InboundEvent {
  const receipt = validate(viberReceiptCallbackSchema, body, `${String(body.event)} callback`);
  return {
    kind: 'status',
    channel: CHANNEL,
    dedupeKey: `viber:${receipt.event}:${receipt.message_token}`,
    occurredAt: toIso(receipt.timestamp),
    channelMessageId: receipt.message_token,
    status: RECEIPT_STATUS[receipt.event],
    ...(receipt.event === 'failed' ? { error: receipt.desc ?? 'Viber reported the message as failed' } : {}),
  };
}

/**
 * Parses one callback body. Message callbacks become `message` events,
 * receipts `status` events; the rest are ignored with a reason. Anything that
 * is not a JSON object with an `event` throws BadRequestError.
 */
export function parseViberCallback(raw: Buffer): InboundEvent[] {
  const body = readViberJsonObject(raw);
  const callback = validate(viberCallbackSchema, body, 'callback');
  const occurredAt = toIso(callback.timestamp);
  const fallbackKey = `viber:${callback.event}:${callback.message_token ?? callback.timestamp ?? 'unknown'}`;
  switch (callback.event) {
    case 'message':
      return [parseMessage(body)];
    case 'delivered':
    case 'seen':
    case 'failed':
      return [parseReceipt(body)];
    default: {
      // Own keys only: an event named "__proto__" or "constructor" must not read Object.prototype.
      const reason = Object.hasOwn(NOT_MESSAGES, callback.event)
        ? NOT_MESSAGES[callback.event]!
        : 'callback event not handled by Omniloom';
      return [ignored(callback.event, reason, fallbackKey, occurredAt)];
    }
  }
}
