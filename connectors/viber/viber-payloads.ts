/**
 * Schemas for the Viber REST Bot API callbacks Omniloom reads.
 * https://developers.viber.com/docs/api/rest-bot-api/#callbacks
 *
 * `message_token` arrives as a 64-bit number; `readViberJsonObject` has
 * already turned the long ones into strings, so both forms are accepted and
 * normalised to a string here.
 */
import { z } from 'zod';

/** A message token as a decimal string, whatever JSON type it came in. */
export const viberTokenSchema = z
  .union([z.string().regex(/^-?\d+$/), z.number().int()])
  .transform((token) => String(token));

export const viberUserSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  avatar: z.string().optional(),
  country: z.string().optional(),
  language: z.string().optional(),
  api_version: z.number().optional(),
});
export type ViberUser = z.infer<typeof viberUserSchema>;

export const viberMessageSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  /** URL of the image, video, file or sticker, or the shared URL for `url` messages. Media URLs live ~1 hour. */
  media: z.string().optional(),
  thumbnail: z.string().optional(),
  file_name: z.string().optional(),
  file_size: z.number().optional(),
  size: z.number().optional(),
  duration: z.number().optional(),
  sticker_id: z.union([z.number(), z.string()]).optional(),
  location: z.object({ lat: z.number(), lon: z.number(), address: z.string().optional() }).optional(),
  contact: z
    .object({
      name: z.string().optional(),
      phone_number: z.string().optional(),
      avatar: z.string().optional(),
    })
    .optional(),
  tracking_data: z.string().optional(),
});
export type ViberMessage = z.infer<typeof viberMessageSchema>;

/** Fields every callback carries. */
export const viberCallbackSchema = z.object({
  event: z.string().min(1),
  /** Epoch milliseconds of the event. */
  timestamp: z.number().optional(),
  message_token: viberTokenSchema.optional(),
});

export const viberMessageCallbackSchema = viberCallbackSchema.extend({
  event: z.literal('message'),
  message_token: viberTokenSchema,
  sender: viberUserSchema,
  message: viberMessageSchema,
  silent: z.boolean().optional(),
});

export const viberReceiptCallbackSchema = viberCallbackSchema.extend({
  event: z.enum(['delivered', 'seen', 'failed']),
  message_token: viberTokenSchema,
  user_id: z.string().optional(),
  desc: z.string().optional(),
});

export const viberConversationStartedSchema = viberCallbackSchema.extend({
  event: z.literal('conversation_started'),
  type: z.string().optional(),
  context: z.string().optional(),
  user: viberUserSchema,
  subscribed: z.boolean().optional(),
});

/** What `POST /pa/<method>` answers: `status` 0 is success, anything else an error. */
export const viberApiAnswerSchema = z.looseObject({
  status: z.number(),
  status_message: z.string().optional(),
  message_token: viberTokenSchema.optional(),
  event_types: z.array(z.string()).optional(),
});
export type ViberApiAnswer = z.infer<typeof viberApiAnswerSchema>;
