/**
 * Pure translation of Discord gateway dispatch frames and HTTP interactions
 * into normalized events. Nothing here does I/O; the same function serves the
 * gateway connection, the interactions webhook and `omniloom parse discord`.
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
} from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import {
  type DiscordAttachment,
  type DiscordEmbed,
  type DiscordInteraction,
  type DiscordMessage,
  type DiscordUser,
  type GatewayFrame,
  InteractionKind,
  discordInteractionSchema,
  discordMessageDeleteSchema,
  discordMessageSchema,
  discordMessageUpdateSchema,
  discordReactionSchema,
  gatewayFrameSchema,
} from './discord-payloads.ts';
import { type DiscordSettings, readDiscordSettings } from './read-discord-account.ts';
import { resolveDiscordThread, resolveTicketThread } from './resolve-discord-thread.ts';

const CHANNEL = 'discord';
/** Discord's epoch (2015-01-01) in ms; snowflakes carry ms since then in their top 42 bits. */
const DISCORD_EPOCH = 1420070400000n;
/** Message types that are people talking: 0 default, 19 reply. Joins, pins, boosts etc. are not. */
const CONVERSATION_MESSAGE_TYPES = new Set([0, 19]);
/** The slash command that opens a ticket. */
export const SUPPORT_COMMAND = 'support';

/** Creation time encoded in a snowflake id, as ISO-8601. */
export function snowflakeTime(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}

function toIso(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  return validatePayload(schema, value, { connector: CHANNEL, what: `Discord ${what}` });
}

function ignored(eventType: string, reason: string, dedupeKey: string, occurredAt: string): IgnoredEvent {
  return { kind: 'ignored', channel: CHANNEL, eventType, reason, dedupeKey, occurredAt };
}

function avatarUrl(user: DiscordUser): string | undefined {
  return user.avatar ? `https://cdn.discordapp.com/avatars/${user.id}/${user.avatar}.png` : undefined;
}

/** The author as a normalized sender; `discord:<id>` is vouched for by Discord's own authentication. */
export function toDiscordSender(user: DiscordUser, nick?: string | null): SenderIdentity {
  const legacyTag = user.discriminator && user.discriminator !== '0' ? `#${user.discriminator}` : '';
  return {
    channelUserId: user.id,
    displayName: nick ?? user.global_name ?? user.username,
    username: `${user.username}${legacyTag}`,
    avatarUrl: avatarUrl(user),
    isBot: user.bot === true,
    identifiers: [
      { type: 'channel_user', value: `discord:${user.id}`, verified: true, source: 'discord:author' },
    ],
  };
}

function attachmentKind(contentType: string | undefined): AttachmentKind {
  const major = contentType?.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  return 'file';
}

function toAttachment(file: DiscordAttachment): Attachment {
  return {
    kind: attachmentKind(file.content_type),
    url: file.url,
    platformFileId: file.id,
    contentType: file.content_type,
    fileName: file.filename,
    sizeBytes: file.size,
    ...(file.description ? { caption: file.description } : {}),
  };
}

/** Media embeds become attachments; link previews are dropped (the URL is already in the text). */
function embedAttachments(embeds: DiscordEmbed[]): Attachment[] {
  const result: Attachment[] = [];
  for (const embed of embeds) {
    if (embed.type === 'image' || embed.type === 'gifv') {
      const url = embed.image?.url ?? embed.thumbnail?.url ?? embed.url;
      if (url) result.push({ kind: 'image', url });
    } else if (embed.type === 'video' && (embed.video?.url ?? embed.url)) {
      result.push({ kind: 'video', url: embed.video?.url ?? embed.url });
    }
  }
  return result;
}

/** Rich embeds (posted by integrations or forwarded) carry text of their own; keep it as a quote. */
function embedText(embeds: DiscordEmbed[]): string {
  const blocks: string[] = [];
  for (const embed of embeds) {
    if (embed.type !== undefined && embed.type !== 'rich' && embed.type !== 'article') continue;
    const lines = [embed.title ? `**${embed.title}**` : '', embed.description ?? '', embed.url ?? ''].filter(
      Boolean,
    );
    if (lines.length > 0) blocks.push(lines.map((line) => `> ${line}`).join('\n'));
  }
  return blocks.join('\n\n');
}

function messageBody(
  message: Pick<DiscordMessage, 'content' | 'attachments' | 'embeds' | 'sticker_items'> & {
    message_snapshots?: DiscordMessage['message_snapshots'];
  },
): { text: string; attachments: Attachment[] } {
  let content = message.content;
  let attachments = message.attachments.map(toAttachment);
  let embeds = message.embeds;
  const forwarded = message.message_snapshots?.[0]?.message;
  if (forwarded) {
    // Forwards (message_reference.type 1) carry the original in a snapshot and no content of their own.
    content = [content, forwarded.content ?? ''].filter(Boolean).join('\n');
    attachments = [...attachments, ...(forwarded.attachments ?? []).map(toAttachment)];
    embeds = [...embeds, ...(forwarded.embeds ?? [])];
  }
  for (const sticker of message.sticker_items ?? []) {
    attachments.push({
      kind: 'sticker',
      url: `https://media.discordapp.net/stickers/${sticker.id}.png`,
      platformFileId: sticker.id,
      fileName: sticker.name,
    });
  }
  const text = [content, embedText(embeds)].filter(Boolean).join('\n\n');
  return { text, attachments: [...attachments, ...embedAttachments(embeds)] };
}

function parseMessageCreate(d: unknown, settings: DiscordSettings): InboundEvent {
  const message = validate(discordMessageSchema, d, 'MESSAGE_CREATE');
  const occurredAt = toIso(message.timestamp, snowflakeTime(message.id));
  const dedupeKey = `discord:message:${message.id}`;
  if (message.author.bot || message.webhook_id) {
    return ignored('MESSAGE_CREATE', 'posted by a bot or webhook', dedupeKey, occurredAt);
  }
  if (!CONVERSATION_MESSAGE_TYPES.has(message.type)) {
    return ignored('MESSAGE_CREATE', `system message type ${message.type}`, dedupeKey, occurredAt);
  }
  const { text, attachments } = messageBody(message);
  const reference = message.message_reference;
  const isReply = reference?.message_id !== undefined && (reference.type ?? 0) === 0;
  return {
    kind: 'message',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId: message.id,
    thread: resolveDiscordThread(
      {
        channelId: message.channel_id,
        messageId: message.id,
        guildId: message.guild_id,
        authorId: message.author.id,
      },
      settings,
    ),
    sender: toDiscordSender(message.author, message.member?.nick),
    text,
    attachments,
    ...(isReply ? { replyToChannelMessageId: reference.message_id } : {}),
  };
}

function parseMessageUpdate(d: unknown, settings: DiscordSettings): InboundEvent {
  const update = validate(discordMessageUpdateSchema, d, 'MESSAGE_UPDATE');
  const occurredAt = toIso(update.edited_timestamp, snowflakeTime(update.id));
  const dedupeKey = `discord:edit:${update.id}:${update.edited_timestamp ?? 'none'}`;
  if (update.author?.bot || update.webhook_id) {
    return ignored('MESSAGE_UPDATE', 'posted by a bot or webhook', dedupeKey, occurredAt);
  }
  if (update.content === undefined || !update.author || !update.edited_timestamp) {
    return ignored(
      'MESSAGE_UPDATE',
      'no text change (embed unfurl, pin or partial update)',
      dedupeKey,
      occurredAt,
    );
  }
  return {
    kind: 'edit',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId: update.id,
    thread: resolveDiscordThread(
      {
        channelId: update.channel_id,
        messageId: update.id,
        guildId: update.guild_id,
        authorId: update.author.id,
      },
      settings,
    ),
    sender: toDiscordSender(update.author, update.member?.nick),
    text: update.content,
  };
}

function parseMessageDelete(d: unknown, settings: DiscordSettings, now: string): InboundEvent {
  const deleted = validate(discordMessageDeleteSchema, d, 'MESSAGE_DELETE');
  return {
    kind: 'delete',
    channel: CHANNEL,
    dedupeKey: `discord:delete:${deleted.id}`,
    occurredAt: now,
    channelMessageId: deleted.id,
    thread: resolveDiscordThread(
      { channelId: deleted.channel_id, messageId: deleted.id, guildId: deleted.guild_id },
      settings,
    ),
  };
}

function parseReaction(eventType: string, d: unknown, settings: DiscordSettings, now: string): InboundEvent {
  const reaction = validate(discordReactionSchema, d, eventType);
  const removed = eventType === 'MESSAGE_REACTION_REMOVE';
  const emoji = reaction.emoji.id
    ? `<:${reaction.emoji.name ?? 'emoji'}:${reaction.emoji.id}>`
    : (reaction.emoji.name ?? '');
  const dedupeKey = `discord:reaction:${reaction.message_id}:${reaction.user_id}:${emoji}:${removed ? 'remove' : 'add'}`;
  const user = reaction.member?.user;
  if (user?.bot || reaction.user_id === settings.applicationId) {
    return ignored(eventType, 'reaction by a bot', dedupeKey, now);
  }
  const authorId = (d as { message_author_id?: unknown }).message_author_id;
  return {
    kind: 'reaction',
    channel: CHANNEL,
    dedupeKey,
    occurredAt: now,
    channelMessageId: reaction.message_id,
    thread: resolveDiscordThread(
      {
        channelId: reaction.channel_id,
        messageId: reaction.message_id,
        guildId: reaction.guild_id,
        authorId: typeof authorId === 'string' ? authorId : undefined,
      },
      settings,
    ),
    sender: user
      ? toDiscordSender(user, reaction.member?.nick)
      : {
          channelUserId: reaction.user_id,
          identifiers: [
            {
              type: 'channel_user',
              value: `discord:${reaction.user_id}`,
              verified: true,
              source: 'discord:author',
            },
          ],
        },
    emoji,
    removed,
  };
}

/**
 * Translates one gateway frame. Only dispatches (op 0) carry events; the
 * gateway's own housekeeping (HELLO, heartbeats) is reported as ignored.
 */
export function parseGatewayFrame(
  frame: GatewayFrame,
  account?: Pick<ConnectorAccount, 'config'>,
): InboundEvent[] {
  const settings = readDiscordSettings(account);
  const now = new Date().toISOString();
  const eventType = frame.t ?? `op:${frame.op}`;
  if (frame.op !== 0 || !frame.t) {
    return [ignored(eventType, 'not a dispatch frame', `discord:op:${frame.op}:${frame.s ?? 'none'}`, now)];
  }
  switch (frame.t) {
    case 'MESSAGE_CREATE':
      return [parseMessageCreate(frame.d, settings)];
    case 'MESSAGE_UPDATE':
      return [parseMessageUpdate(frame.d, settings)];
    case 'MESSAGE_DELETE':
      return [parseMessageDelete(frame.d, settings, now)];
    case 'MESSAGE_REACTION_ADD':
    case 'MESSAGE_REACTION_REMOVE':
      return [parseReaction(frame.t, frame.d, settings, now)];
    case 'THREAD_CREATE':
      return [
        ignored(
          frame.t,
          'thread lifecycle: messages inside carry the thread id',
          `discord:${frame.t}:${frame.s}`,
          now,
        ),
      ];
    default:
      return [
        ignored(frame.t, 'event not handled by Omniloom', `discord:${frame.t}:${frame.s ?? 'none'}`, now),
      ];
  }
}

function commandText(interaction: DiscordInteraction): string {
  const values = (interaction.data?.options ?? [])
    .map((option) => option.value)
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  return values.join('\n');
}

/** Translates an HTTP interaction; `/support` opens a ticket, everything else is ignored. */
export function parseInteraction(interaction: DiscordInteraction, settings: DiscordSettings): InboundEvent[] {
  const occurredAt = snowflakeTime(interaction.id);
  const dedupeKey = `discord:interaction:${interaction.id}`;
  if (interaction.type === InteractionKind.ping) {
    return [ignored('INTERACTION_PING', 'endpoint check, answered by the handshake', dedupeKey, occurredAt)];
  }
  const user = interaction.member?.user ?? interaction.user ?? undefined;
  const name = interaction.data?.name;
  if (interaction.type !== InteractionKind.applicationCommand || name !== SUPPORT_COMMAND || !user) {
    const what = `INTERACTION_${interaction.type}${name ? `:${name}` : ''}`;
    return [ignored(what, 'interaction not handled by Omniloom', dedupeKey, occurredAt)];
  }
  const parentChannelId = settings.supportChannelId ?? interaction.channel_id;
  if (!parentChannelId) {
    return [
      ignored('INTERACTION_COMMAND:support', 'no channel to open the ticket in', dedupeKey, occurredAt),
    ];
  }
  return [
    {
      kind: 'message',
      channel: CHANNEL,
      dedupeKey,
      occurredAt,
      channelMessageId: `interaction:${interaction.id}`,
      thread: resolveTicketThread({
        interactionId: interaction.id,
        interactionToken: interaction.token,
        applicationId: interaction.application_id,
        userId: user.id,
        parentChannelId,
        guildId: interaction.guild_id,
      }),
      sender: toDiscordSender(user, interaction.member?.nick),
      text: commandText(interaction) || `/${SUPPORT_COMMAND}`,
      attachments: [],
    },
  ];
}

/**
 * Parses one Discord delivery: a gateway frame (`{op, t, s, d}`, as the
 * gateway sends it and as the samples store it) or an HTTP interaction body.
 * Throws BadRequestError for anything else.
 */
export function parseDiscordPayload(raw: Buffer, account?: Pick<ConnectorAccount, 'config'>): InboundEvent[] {
  const body = readJsonObject(raw, { connector: CHANNEL, what: 'Discord payload' });
  if ('op' in body) {
    return parseGatewayFrame(validate(gatewayFrameSchema, body, 'gateway frame'), account);
  }
  if ('application_id' in body && 'type' in body) {
    return parseInteraction(
      validate(discordInteractionSchema, body, 'interaction'),
      readDiscordSettings(account),
    );
  }
  throw new BadRequestError(
    'Discord payload is neither a gateway frame nor an interaction',
    400,
    'bad_request',
    {
      connector: CHANNEL,
    },
  );
}
