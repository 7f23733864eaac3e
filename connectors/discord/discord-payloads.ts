/**
 * Schemas for the parts of Discord payloads Omniloom reads. Unknown fields are
 * dropped, missing required ones fail parsing with a BadRequestError, so the
 * rest of the connector works with typed values only.
 *
 * Wire format: https://discord.com/developers/docs/events/gateway-events and
 * https://discord.com/developers/docs/interactions/receiving-and-responding
 */
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{1,20}$/, 'expected a snowflake id');

export const discordUserSchema = z.object({
  id: snowflake,
  username: z.string(),
  global_name: z.string().nullish(),
  discriminator: z.string().nullish(),
  avatar: z.string().nullish(),
  bot: z.boolean().optional(),
});
export type DiscordUser = z.infer<typeof discordUserSchema>;

const memberSchema = z.object({
  nick: z.string().nullish(),
  user: discordUserSchema.optional(),
});

export const discordAttachmentSchema = z.object({
  id: snowflake,
  filename: z.string(),
  size: z.number().int().nonnegative(),
  url: z.string(),
  proxy_url: z.string().optional(),
  content_type: z.string().optional(),
  description: z.string().nullish(),
});
export type DiscordAttachment = z.infer<typeof discordAttachmentSchema>;

export const discordEmbedSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  image: z.object({ url: z.string() }).optional(),
  thumbnail: z.object({ url: z.string() }).optional(),
  video: z.object({ url: z.string().optional() }).optional(),
});
export type DiscordEmbed = z.infer<typeof discordEmbedSchema>;

const stickerItemSchema = z.object({ id: snowflake, name: z.string(), format_type: z.number().optional() });

const messageReferenceSchema = z.object({
  /** 0 = reply, 1 = forward. */
  type: z.number().optional(),
  message_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  guild_id: snowflake.optional(),
});

const snapshotMessageSchema = z.object({
  content: z.string().optional(),
  attachments: z.array(discordAttachmentSchema).optional(),
  embeds: z.array(discordEmbedSchema).optional(),
});

/** MESSAGE_CREATE, and the full form of MESSAGE_UPDATE. */
export const discordMessageSchema = z.object({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
  type: z.number().int(),
  content: z.string(),
  timestamp: z.string(),
  edited_timestamp: z.string().nullish(),
  author: discordUserSchema,
  member: memberSchema.optional(),
  webhook_id: snowflake.optional(),
  application_id: snowflake.optional(),
  attachments: z.array(discordAttachmentSchema).default([]),
  embeds: z.array(discordEmbedSchema).default([]),
  sticker_items: z.array(stickerItemSchema).optional(),
  message_reference: messageReferenceSchema.optional(),
  message_snapshots: z.array(z.object({ message: snapshotMessageSchema })).optional(),
});
export type DiscordMessage = z.infer<typeof discordMessageSchema>;

/**
 * MESSAGE_UPDATE may be partial: link unfurls and pin changes send only the
 * id, the channel and the changed fields.
 */
export const discordMessageUpdateSchema = discordMessageSchema
  .partial()
  .required({ id: true, channel_id: true });
export type DiscordMessageUpdate = z.infer<typeof discordMessageUpdateSchema>;

export const discordMessageDeleteSchema = z.object({
  id: snowflake,
  channel_id: snowflake,
  guild_id: snowflake.optional(),
});

export const discordReactionSchema = z.object({
  user_id: snowflake,
  channel_id: snowflake,
  message_id: snowflake,
  guild_id: snowflake.optional(),
  member: memberSchema.optional(),
  emoji: z.object({
    id: snowflake.nullable(),
    name: z.string().nullable(),
    animated: z.boolean().optional(),
  }),
});
export type DiscordReaction = z.infer<typeof discordReactionSchema>;

/** A gateway frame: `{op, t, s, d}`; only op 0 (dispatch) carries events. */
export const gatewayFrameSchema = z.object({
  op: z.number().int(),
  t: z.string().nullish(),
  s: z.number().int().nullish(),
  d: z.unknown(),
});
export type GatewayFrame = z.infer<typeof gatewayFrameSchema>;

const commandOptionSchema = z.object({
  name: z.string(),
  type: z.number().int(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

/** An HTTP interaction (slash command, component, PING). */
export const discordInteractionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int(),
  token: z.string(),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  member: memberSchema.nullish(),
  user: discordUserSchema.nullish(),
  data: z
    .object({
      name: z.string().optional(),
      options: z.array(commandOptionSchema).optional(),
    })
    .optional(),
});
export type DiscordInteraction = z.infer<typeof discordInteractionSchema>;

/** Interaction types and response types used by Omniloom. */
export const InteractionKind = { ping: 1, applicationCommand: 2 } as const;
export const InteractionReply = { pong: 1, channelMessage: 4, deferredChannelMessage: 5 } as const;
/** Message flag: only the invoking user sees the reply. */
export const EPHEMERAL_FLAG = 64;
