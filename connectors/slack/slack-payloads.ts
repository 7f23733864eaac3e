/**
 * Schemas for the parts of Slack Events API deliveries Omniloom reads.
 * https://docs.slack.dev/apis/events-api/ and the `message` event reference
 * https://docs.slack.dev/reference/events/message
 */
import { z } from 'zod';

export const slackEnvelopeSchema = z.object({
  type: z.string(),
  team_id: z.string().optional(),
  event_id: z.string().optional(),
  event_time: z.number().optional(),
  event: z.record(z.string(), z.unknown()).optional(),
  challenge: z.string().optional(),
  is_ext_shared_channel: z.boolean().optional(),
  authorizations: z
    .array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() }))
    .optional(),
});
export type SlackEnvelope = z.infer<typeof slackEnvelopeSchema>;

export const slackFileSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  mode: z.string().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});
export type SlackFile = z.infer<typeof slackFileSchema>;

/** The message object, as sent at top level and nested in `message_changed` / `message_deleted`. */
export const slackMessageSchema = z.object({
  type: z.string().optional(),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().nullish(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
  user_team: z.string().optional(),
  files: z.array(slackFileSchema).optional(),
  edited: z.object({ user: z.string().optional(), ts: z.string() }).optional(),
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;

export const slackMessageEventSchema = slackMessageSchema.extend({
  type: z.literal('message'),
  channel: z.string(),
  channel_type: z.string().optional(),
  event_ts: z.string().optional(),
  message: slackMessageSchema.optional(),
  previous_message: slackMessageSchema.optional(),
  deleted_ts: z.string().optional(),
});
export type SlackMessageEvent = z.infer<typeof slackMessageEventSchema>;

export const slackReactionEventSchema = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  // Without a reacting user there is no sender to attribute the reaction to.
  user: z.string().min(1),
  reaction: z.string(),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
  item_user: z.string().optional(),
  event_ts: z.string(),
});
export type SlackReactionEvent = z.infer<typeof slackReactionEventSchema>;
