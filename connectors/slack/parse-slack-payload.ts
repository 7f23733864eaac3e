/**
 * Pure translation of Slack Events API deliveries into normalized events.
 * Serves the webhook route and `omniloom parse slack`.
 */
import type { z } from 'zod';
import { BadRequestError } from '../../plugin/errors.ts';
import { readJsonObject, validatePayload } from '../core/read-payload.ts';
import type {
  Attachment,
  AttachmentKind,
  IgnoredEvent,
  InboundEvent,
  SenderIdentity,
  ThreadRef,
} from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { readSlackSettings } from './read-slack-account.ts';
import { readSlackText } from './read-slack-text.ts';
import {
  type SlackEnvelope,
  type SlackFile,
  type SlackMessageEvent,
  slackEnvelopeSchema,
  slackMessageEventSchema,
  slackReactionEventSchema,
} from './slack-payloads.ts';

const CHANNEL = 'slack';
/** Message subtypes that are a person saying something new. */
const NEW_MESSAGE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'me_message']);

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  return validatePayload(schema, value, { connector: CHANNEL, what: `Slack ${what}` });
}

/** Slack `ts` ("1774006000.123459", seconds) → ISO-8601. */
export function slackTsToIso(ts: string | number | undefined, fallback = new Date()): string {
  const seconds = typeof ts === 'number' ? ts : Number.parseFloat(ts ?? '');
  // Finite is not enough: past ±8.64e15 ms a Date is invalid and toISOString() throws a RangeError.
  const date = new Date(Number.isFinite(seconds) ? Math.round(seconds * 1000) : Number.NaN);
  return Number.isNaN(date.getTime()) ? fallback.toISOString() : date.toISOString();
}

/** Channel-scoped message id: Slack's `ts` is only unique inside one channel. */
export function slackMessageId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

function isDirectChannel(channel: string, channelType?: string): boolean {
  return channelType === 'im' || (channelType === undefined && channel.startsWith('D'));
}

/**
 * IM → `im:<channel>`; anything else lives in a thread rooted at the parent
 * message: `thread:<channel>:<thread_ts || ts>`. Slack Connect shared channels
 * follow the same rule.
 */
export function resolveSlackThread(
  channel: string,
  ts: string,
  threadTs?: string,
  channelType?: string,
): ThreadRef {
  if (isDirectChannel(channel, channelType)) {
    return { key: `im:${channel}`, kind: 'direct', address: { channel } };
  }
  const root = threadTs ?? ts;
  return { key: `thread:${channel}:${root}`, kind: 'thread', address: { channel, threadTs: root } };
}

/** `slack:<team>:<user>` is verified: Slack signed the event that names the user. */
export function toSlackSender(userId: string, teamId: string | undefined): SenderIdentity {
  const value = teamId ? `slack:${teamId}:${userId}` : `slack:${userId}`;
  return {
    channelUserId: userId,
    identifiers: [{ type: 'channel_user', value, verified: true, source: 'slack:event' }],
  };
}

function attachmentKind(mimetype: string | undefined): AttachmentKind {
  const major = mimetype?.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  return 'file';
}

function toAttachment(file: SlackFile): Attachment | undefined {
  // Tombstoned (deleted) and hidden-by-limit files have no downloadable bytes.
  if (file.mode === 'tombstone' || file.mode === 'hidden_by_limit') return undefined;
  return {
    kind: attachmentKind(file.mimetype),
    // url_private needs `Authorization: Bearer <bot token>`: see downloadAttachment.
    url: file.url_private_download ?? file.url_private,
    platformFileId: file.id,
    contentType: file.mimetype,
    fileName: file.name ?? file.title ?? file.id,
    sizeBytes: file.size,
  };
}

interface EnvelopeContext {
  envelope: SlackEnvelope;
  ownBotUsers: Set<string>;
}

function ignored(eventType: string, reason: string, dedupeKey: string, occurredAt: string): IgnoredEvent {
  return { kind: 'ignored', channel: CHANNEL, eventType, reason, dedupeKey, occurredAt };
}

function isFromBot(
  message: { bot_id?: string | null; subtype?: string; user?: string },
  context: EnvelopeContext,
) {
  return (
    Boolean(message.bot_id) ||
    message.subtype === 'bot_message' ||
    (message.user !== undefined && context.ownBotUsers.has(message.user))
  );
}

function parseMessageEvent(event: SlackMessageEvent, context: EnvelopeContext): InboundEvent {
  const { envelope } = context;
  const eventKey = `slack:event:${envelope.event_id ?? `${event.channel}:${event.ts}`}`;
  const occurredAt = slackTsToIso(event.ts);
  const subtypeName = `message${event.subtype ? `.${event.subtype}` : ''}`;

  if (event.subtype === 'message_changed') {
    const changed = event.message;
    if (!changed) throw new BadRequestError('Slack message_changed without message', 400);
    if (isFromBot(changed, context))
      return ignored(subtypeName, 'edit of a bot message', eventKey, occurredAt);
    if (!changed.edited || !changed.user) {
      return ignored(subtypeName, 'no text edit (link unfurl or metadata change)', eventKey, occurredAt);
    }
    return {
      kind: 'edit',
      channel: CHANNEL,
      dedupeKey: `slack:edit:${event.channel}:${changed.ts}:${changed.edited.ts}`,
      occurredAt,
      channelMessageId: slackMessageId(event.channel, changed.ts),
      thread: resolveSlackThread(event.channel, changed.ts, changed.thread_ts, event.channel_type),
      sender: toSlackSender(changed.user, changed.user_team ?? changed.team ?? envelope.team_id),
      text: readSlackText(changed.text),
    };
  }

  if (event.subtype === 'message_deleted') {
    const deletedTs = event.deleted_ts ?? event.previous_message?.ts;
    if (!deletedTs) throw new BadRequestError('Slack message_deleted without deleted_ts', 400);
    if (event.previous_message && isFromBot(event.previous_message, context)) {
      return ignored(subtypeName, 'a bot message was deleted', eventKey, occurredAt);
    }
    return {
      kind: 'delete',
      channel: CHANNEL,
      dedupeKey: `slack:delete:${event.channel}:${deletedTs}`,
      occurredAt,
      channelMessageId: slackMessageId(event.channel, deletedTs),
      thread: resolveSlackThread(
        event.channel,
        deletedTs,
        event.previous_message?.thread_ts,
        event.channel_type,
      ),
    };
  }

  if (isFromBot(event, context)) return ignored(subtypeName, 'posted by a bot', eventKey, occurredAt);
  if (!NEW_MESSAGE_SUBTYPES.has(event.subtype)) {
    return ignored(
      subtypeName,
      `message subtype ${event.subtype} is not a customer message`,
      eventKey,
      occurredAt,
    );
  }
  if (!event.user) return ignored(subtypeName, 'message without a user', eventKey, occurredAt);

  return {
    kind: 'message',
    channel: CHANNEL,
    // channel+ts identifies the message itself, so a redelivery under a new event_id is still dropped.
    dedupeKey: `slack:message:${event.channel}:${event.ts}`,
    occurredAt,
    channelMessageId: slackMessageId(event.channel, event.ts),
    thread: resolveSlackThread(event.channel, event.ts, event.thread_ts, event.channel_type),
    sender: toSlackSender(event.user, event.user_team ?? event.team ?? envelope.team_id),
    text: readSlackText(event.text),
    attachments: (event.files ?? [])
      .map(toAttachment)
      .filter((file): file is Attachment => file !== undefined),
  };
}

function parseReactionEvent(raw: Record<string, unknown>, context: EnvelopeContext): InboundEvent {
  const event = validate(slackReactionEventSchema, raw, `${String(raw.type)} event`);
  const dedupeKey = `slack:event:${context.envelope.event_id ?? `${event.type}:${event.user}:${event.event_ts}`}`;
  const occurredAt = slackTsToIso(event.event_ts);
  const { channel, ts } = event.item;
  if (event.item.type !== 'message' || !channel || !ts) {
    return ignored(event.type, `reaction on a ${event.item.type}, not a message`, dedupeKey, occurredAt);
  }
  if (context.ownBotUsers.has(event.user))
    return ignored(event.type, 'reaction by the bot', dedupeKey, occurredAt);
  return {
    kind: 'reaction',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId: slackMessageId(channel, ts),
    // The event does not say whether the message is a thread reply; the key assumes a thread root, and
    // channelMessageId lets the core find the exact conversation of a message it knows.
    thread: resolveSlackThread(channel, ts),
    sender: toSlackSender(event.user, context.envelope.team_id),
    emoji: `:${event.reaction}:`,
    removed: event.type === 'reaction_removed',
  };
}

/**
 * Parses one Events API request body. `url_verification` and
 * `app_rate_limited` envelopes become ignored events (the handshake answers
 * the former); anything that is not a JSON object with a `type` throws
 * BadRequestError.
 */
export function parseSlackPayload(raw: Buffer, account?: Pick<ConnectorAccount, 'config'>): InboundEvent[] {
  const envelope = validate(slackEnvelopeSchema, readJsonObject(raw, { connector: CHANNEL, what: 'Slack payload' }), 'envelope');
  const occurredAt = slackTsToIso(envelope.event_time);
  const envelopeKey = `slack:event:${envelope.event_id ?? envelope.type}`;
  if (envelope.type !== 'event_callback') {
    const reason =
      envelope.type === 'url_verification'
        ? 'endpoint check, answered by the handshake'
        : 'not an event delivery';
    return [ignored(envelope.type, reason, envelopeKey, occurredAt)];
  }
  const event = envelope.event;
  if (!event || typeof event.type !== 'string') {
    throw new BadRequestError('Slack event_callback without an event type', 400, 'bad_request', {
      connector: CHANNEL,
    });
  }
  const settings = readSlackSettings(account);
  const ownBotUsers = new Set(
    (envelope.authorizations ?? [])
      .filter((auth) => auth.is_bot && auth.user_id)
      .map((auth) => auth.user_id as string),
  );
  if (settings.botUserId) ownBotUsers.add(settings.botUserId);
  const context: EnvelopeContext = { envelope, ownBotUsers };

  switch (event.type) {
    case 'message':
      return [parseMessageEvent(validate(slackMessageEventSchema, event, 'message event'), context)];
    case 'reaction_added':
    case 'reaction_removed':
      return [parseReactionEvent(event, context)];
    default:
      return [ignored(event.type, 'event not handled by Omniloom', envelopeKey, occurredAt)];
  }
}
