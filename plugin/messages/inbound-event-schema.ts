/**
 * Runtime schema of the normalized model, for input that arrives as JSON (the
 * generic inbound API, queued jobs) and for checking what connectors produce.
 */
import { z } from 'zod';
import type { InboundEvent } from './normalized-message.ts';

const MAX_TEXT = 150_000; // Chatwoot's own message content limit.

const nonEmpty = z.string().trim().min(1).max(512);

export const identifierSchema = z.object({
  type: z.enum(['email', 'phone', 'channel_user', 'external_id']),
  value: nonEmpty,
  verified: z.boolean(),
  source: z.string().max(200).optional(),
});

export const senderSchema = z.object({
  channelUserId: nonEmpty,
  displayName: z.string().max(255).optional(),
  username: z.string().max(255).optional(),
  avatarUrl: z.string().url().max(2048).optional(),
  isBot: z.boolean().optional(),
  identifiers: z.array(identifierSchema).max(50).default([]),
});

export const threadSchema = z.object({
  key: nonEmpty,
  kind: z.enum(['direct', 'thread', 'channel']),
  address: z.record(z.string(), z.string().max(2048)).default({}),
});

export const attachmentSchema = z.object({
  kind: z.enum(['image', 'audio', 'video', 'file', 'sticker', 'location', 'contact']),
  url: z.string().url().max(4096).optional(),
  platformFileId: z.string().max(1024).optional(),
  contentType: z.string().max(255).optional(),
  fileName: z.string().max(255).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  caption: z.string().max(4096).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().max(255).optional() }).optional(),
  contact: z.object({ name: z.string().max(255).optional(), phone: z.string().max(64).optional() }).optional(),
});

const base = {
  channel: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a lowercase channel id'),
  dedupeKey: nonEmpty,
  occurredAt: z.string().datetime({ offset: true }),
};

export const inboundEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    ...base,
    channelMessageId: nonEmpty,
    thread: threadSchema,
    sender: senderSchema,
    text: z.string().max(MAX_TEXT).default(''),
    attachments: z.array(attachmentSchema).max(20).default([]),
    replyToChannelMessageId: nonEmpty.optional(),
  }),
  z.object({ kind: z.literal('edit'), ...base, channelMessageId: nonEmpty, thread: threadSchema, sender: senderSchema, text: z.string().max(MAX_TEXT) }),
  z.object({ kind: z.literal('delete'), ...base, channelMessageId: nonEmpty, thread: threadSchema }),
  z.object({
    kind: z.literal('reaction'),
    ...base,
    channelMessageId: nonEmpty,
    thread: threadSchema,
    sender: senderSchema,
    emoji: z.string().max(64),
    removed: z.boolean(),
  }),
  z.object({
    kind: z.literal('status'),
    ...base,
    channelMessageId: nonEmpty,
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    error: z.string().max(2000).optional(),
  }),
  z.object({ kind: z.literal('ignored'), ...base, reason: z.string().max(500), eventType: z.string().max(200) }),
]);

/** Validates one event; returns human-readable problems instead of throwing. */
export function parseInboundEvent(input: unknown): { ok: true; event: InboundEvent } | { ok: false; problems: string[] } {
  const result = inboundEventSchema.safeParse(input);
  if (result.success) return { ok: true, event: result.data as InboundEvent };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}
