/**
 * A runtime schema of `InboundEvent` (plugin/messages/normalized-message.ts),
 * strict about unknown keys, so the contract suite catches a connector that
 * emits a misspelt or half-filled event even when TypeScript is satisfied.
 */
import { z } from 'zod';

const nonEmpty = z.string().min(1);
const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)) && value.endsWith('Z'), 'ISO-8601 UTC');

const identifier = z.strictObject({
  type: z.enum(['email', 'phone', 'channel_user', 'external_id']),
  value: nonEmpty,
  verified: z.boolean(),
  source: z.string().optional(),
});

const sender = z.strictObject({
  channelUserId: nonEmpty,
  displayName: z.string().optional(),
  username: z.string().optional(),
  avatarUrl: z.string().optional(),
  isBot: z.boolean().optional(),
  identifiers: z.array(identifier).min(1),
});

const thread = z.strictObject({
  key: nonEmpty,
  kind: z.enum(['direct', 'thread', 'channel']),
  address: z.record(z.string(), z.string()),
});

const attachment = z.strictObject({
  kind: z.enum(['image', 'audio', 'video', 'file', 'sticker', 'location', 'contact']),
  url: z.string().optional(),
  platformFileId: z.string().optional(),
  contentType: z.string().optional(),
  fileName: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  caption: z.string().optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional() }).optional(),
  contact: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
});

const base = { channel: nonEmpty, dedupeKey: nonEmpty, occurredAt: isoDate };

export const inboundEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...base,
    kind: z.literal('message'),
    channelMessageId: nonEmpty,
    thread,
    sender,
    text: z.string(),
    attachments: z.array(attachment),
    replyToChannelMessageId: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('edit'),
    channelMessageId: nonEmpty,
    thread,
    sender,
    text: z.string(),
  }),
  z.strictObject({ ...base, kind: z.literal('delete'), channelMessageId: nonEmpty, thread }),
  z.strictObject({
    ...base,
    kind: z.literal('reaction'),
    channelMessageId: nonEmpty,
    thread,
    sender,
    emoji: nonEmpty,
    removed: z.boolean(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('status'),
    channelMessageId: nonEmpty,
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    error: z.string().optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('ignored'), reason: nonEmpty, eventType: nonEmpty }),
]);
