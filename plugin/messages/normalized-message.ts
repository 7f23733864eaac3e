/**
 * The one message model every channel is translated into and out of.
 *
 * Connectors turn raw channel payloads into `InboundEvent`s at the boundary;
 * the core only ever sees these types. Outbound replies travel as
 * `OutboundMessage` (markdown text) and each connector renders them for its
 * channel.
 */

/** Kinds of identifier Omniloom links across channels. */
export type IdentifierType =
  | 'email'
  | 'phone'
  /** A platform user id, namespaced by channel in `value` (e.g. `discord:8123`). */
  | 'channel_user'
  /** Chatwoot's cross-channel contact `identifier` (widget `setUser`). */
  | 'external_id';

export interface Identifier {
  type: IdentifierType;
  value: string;
  /** True only when the channel itself vouches for the value (never for typed-in claims). */
  verified: boolean;
  /** Where the fact came from, e.g. `whatsapp:sender`, `slack:users.info`, `message-text`. */
  source?: string;
}

export interface SenderIdentity {
  /** The user's id on the channel (string even when the platform uses numbers). */
  channelUserId: string;
  displayName?: string;
  username?: string;
  avatarUrl?: string;
  isBot?: boolean;
  identifiers: Identifier[];
}

/**
 * Where a message lives on the channel. `key` is stable for one customer
 * conversation (DM channel, Slack thread, Discord support thread) and is what
 * maps to one Chatwoot conversation.
 */
export interface ThreadRef {
  key: string;
  kind: 'direct' | 'thread' | 'channel';
  /** Platform-specific coordinates a connector needs to reply (channel id, thread ts, ...). */
  address: Record<string, string>;
}

export type AttachmentKind = 'image' | 'audio' | 'video' | 'file' | 'sticker' | 'location' | 'contact';

export interface Attachment {
  kind: AttachmentKind;
  url?: string;
  /** Platform file handle when the bytes must be fetched through the platform API. */
  platformFileId?: string;
  contentType?: string;
  fileName?: string;
  sizeBytes?: number;
  caption?: string;
  location?: { latitude: number; longitude: number; name?: string };
  contact?: { name?: string; phone?: string };
}

interface EventBase {
  channel: string;
  /** Key used to drop redeliveries: unique per logical event on the channel. */
  dedupeKey: string;
  /** ISO-8601 time the platform says the event happened. */
  occurredAt: string;
}

export interface InboundMessageEvent extends EventBase {
  kind: 'message';
  channelMessageId: string;
  thread: ThreadRef;
  sender: SenderIdentity;
  text: string;
  attachments: Attachment[];
  replyToChannelMessageId?: string;
}

export interface InboundEditEvent extends EventBase {
  kind: 'edit';
  channelMessageId: string;
  thread: ThreadRef;
  sender: SenderIdentity;
  text: string;
}

export interface InboundDeleteEvent extends EventBase {
  kind: 'delete';
  channelMessageId: string;
  thread: ThreadRef;
}

export interface InboundReactionEvent extends EventBase {
  kind: 'reaction';
  channelMessageId: string;
  thread: ThreadRef;
  sender: SenderIdentity;
  emoji: string;
  removed: boolean;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface InboundStatusEvent extends EventBase {
  kind: 'status';
  channelMessageId: string;
  status: DeliveryStatus;
  error?: string;
}

export interface IgnoredEvent extends EventBase {
  kind: 'ignored';
  /** Why Omniloom does not handle it, for logs and counters. */
  reason: string;
  eventType: string;
}

export type InboundEvent =
  | InboundMessageEvent
  | InboundEditEvent
  | InboundDeleteEvent
  | InboundReactionEvent
  | InboundStatusEvent
  | IgnoredEvent;

export type InboundEventKind = InboundEvent['kind'];

export interface OutboundAttachment {
  url: string;
  fileName?: string;
  contentType?: string;
  kind: AttachmentKind;
}

/** A reply from an agent or the AI, on its way to a channel. `text` is markdown. */
export interface OutboundMessage {
  installationId: string;
  channel: string;
  thread: ThreadRef;
  text: string;
  attachments: OutboundAttachment[];
  /** The Chatwoot message this came from: the idempotency key for sending. */
  chatwootMessageId: number;
  chatwootConversationId: number;
  replyToChannelMessageId?: string;
}
