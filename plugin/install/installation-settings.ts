/**
 * Per-installation settings, edited on the admin page and validated here.
 * Every field has a safe default, so a fresh installation works untouched.
 */
import { z } from 'zod';

export const AI_MODES = ['off', 'suggest', 'auto'] as const;
export type AiMode = (typeof AI_MODES)[number];

/** Hand-off reasons a routing rule can match (the AI agent's HandoffReasonCode). */
export const HANDOFF_REASON_CODES = [
  'customer_asked_for_human',
  'human_only_topic',
  'repeated_question',
  'unsupported_language',
  'unsupported_content',
  'low_confidence',
  'no_answer',
  'model_needs_human',
  'generation_failed',
  'retrieval_failed',
  'suggest_mode',
  'ai_off',
] as const;
export type HandoffReasonCode = (typeof HANDOFF_REASON_CODES)[number];

/**
 * The stock hand-off message. While `ai.handoffMessage` is left at it, each
 * customer reads it in their own language (plugin/bot/reply/customer-messages.ts);
 * any other text is the installation's own and is sent as written.
 */
export const DEFAULT_HANDOFF_MESSAGE =
  'I am handing this conversation to our support team. A person will reply here as soon as possible.';

export const CONVERSATION_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

const routingRuleSchema = z.object({
  name: z.string().min(1).max(100),
  when: z
    .object({
      channels: z.array(z.string()).optional(),
      inboxIds: z.array(z.number().int()).optional(),
      languages: z.array(z.string()).optional(),
      keywords: z.array(z.string()).optional(),
      /** Matched against the hand-off reason's topic, the message and the knowledge-base sources it drew on. */
      topics: z.array(z.string()).optional(),
      /** Contact custom attribute → wanted value (or any of several values); compared as text. */
      contactAttributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
      businessHours: z.enum(['inside', 'outside']).optional(),
      /** Why the AI agent handed over. */
      reasons: z.array(z.enum(HANDOFF_REASON_CODES)).optional(),
    })
    .prefault({}),
  then: z.object({
    teamId: z.number().int().optional(),
    assignment: z.enum(['none', 'round_robin', 'least_loaded']).default('none'),
    /** Candidates for assignment; default: the team's members, else every agent. Only online agents are picked. */
    agentIds: z.array(z.number().int()).optional(),
    priority: z.enum(CONVERSATION_PRIORITIES).optional(),
    labels: z.array(z.string().regex(/^[\w-]{1,50}$/)).optional(),
  }),
});

/** `HH:MM` on a 24-hour clock; `24:00` closes a window at midnight. */
const timeOfDay = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM on a 24-hour clock, e.g. 09:00 or 24:00');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Opening hours in `routing.timezone`. A window whose end is not after its
 * start runs overnight into the next day (`22:00`–`06:00`). Holidays
 * (`YYYY-MM-DD`, or `MM-DD` every year) are closed all day.
 */
const businessHoursSchema = z.object({
  week: z
    .array(
      z
        .object({ days: z.array(z.enum(WEEKDAYS)).min(1), from: timeOfDay, to: timeOfDay })
        .refine((window) => window.from !== window.to || window.from === '00:00', {
          message: 'A window must not start and end at the same time (use 00:00–24:00 for all day)',
        }),
    )
    .max(50)
    .default([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }]),
  holidays: z
    .array(
      z.object({
        date: z
          .string()
          .regex(
            /^(?:\d{4}-)?(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
            'Use YYYY-MM-DD, or MM-DD for every year',
          ),
        name: z.string().max(100).optional(),
      }),
    )
    .max(500)
    .default([]),
});

const slaTargetSchema = z
  .object({
    name: z.string().max(100).optional(),
    /** Conversation priorities this target applies to; `none` is a conversation without priority. Any when omitted. */
    priorities: z.array(z.enum(['none', ...CONVERSATION_PRIORITIES])).optional(),
    inboxIds: z.array(z.number().int()).optional(),
    firstResponseMinutes: z.number().positive().max(43_200).optional(),
    nextResponseMinutes: z.number().positive().max(43_200).optional(),
  })
  .refine((target) => target.firstResponseMinutes !== undefined || target.nextResponseMinutes !== undefined, {
    message: 'Set firstResponseMinutes, nextResponseMinutes or both',
  });

/**
 * Response-time targets. The first target whose priorities and inboxes match
 * the conversation applies; a conversation no target matches has no SLA
 * (response times are still measured for analytics).
 */
const slaSchema = z.object({
  targets: z.array(slaTargetSchema).max(50).default([]),
  /** Count only business hours (routing.timezone + businessHours) towards the targets. */
  businessHoursOnly: z.boolean().default(false),
  /** Warn this many minutes before a breach (0: no warning). */
  warnBeforeMinutes: z.number().min(0).max(1440).default(10),
  onWarning: z
    .object({
      note: z.boolean().default(true),
      /** Raise the priority one step (never lowers it). */
      raisePriority: z.boolean().default(true),
      /** Hand the conversation to another online agent of its team (least loaded). */
      reassign: z.boolean().default(false),
    })
    .prefault({}),
  noteOnBreach: z.boolean().default(true),
});

export const installationSettingsSchema = z.object({
  ai: z
    .object({
      /** Mode for inboxes without their own entry. */
      defaultMode: z.enum(AI_MODES).default('suggest'),
      /** Inbox id → mode. */
      inboxModes: z.record(z.string().regex(/^\d+$/), z.enum(AI_MODES)).default({}),
      threshold: z.number().min(0).max(1).default(0.6),
      persona: z.string().max(200).default('Omniloom, the support assistant'),
      systemPrompt: z.string().max(4000).default(''),
      languages: z.array(z.string().min(2).max(10)).default(['en']),
      humanOnlyTopics: z.array(z.string().max(100)).default([]),
      /** See DEFAULT_HANDOFF_MESSAGE: left at the default, it is sent in the customer's language. */
      handoffMessage: z.string().max(1000).default(DEFAULT_HANDOFF_MESSAGE),
    })
    .prefault({}),
  identity: z
    .object({
      /** Default region for national-format phone numbers (ISO 3166 alpha-2). */
      defaultRegion: z.string().length(2).toUpperCase().default('US'),
      autoMerge: z
        .object({
          email: z.boolean().default(true),
          phone: z.boolean().default(true),
          external_id: z.boolean().default(true),
          channel_user: z.boolean().default(true),
        })
        .prefault({}),
    })
    .prefault({}),
  conversations: z
    .object({
      /** What a new message in a thread whose conversation was resolved does. */
      afterResolved: z.enum(['reopen', 'new_conversation']).default('reopen'),
    })
    .prefault({}),
  routing: z
    .object({
      timezone: z.string().default('UTC'),
      rules: z.array(routingRuleSchema).max(100).default([]),
    })
    .prefault({}),
  /**
   * Optional sections: a form that saves other sections replaces those
   * sections whole and keeps these (absent → defaults via businessHoursOf / slaOf).
   */
  businessHours: businessHoursSchema.optional(),
  sla: slaSchema.optional(),
});

export type InstallationSettings = z.infer<typeof installationSettingsSchema>;
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type BusinessHoursSettings = z.infer<typeof businessHoursSchema>;
export type SlaSettings = z.infer<typeof slaSchema>;
export type SlaTarget = z.infer<typeof slaTargetSchema>;
export type Weekday = (typeof WEEKDAYS)[number];

/** The business hours in force: the saved ones, else Mon–Fri 09:00–17:00 without holidays. */
export function businessHoursOf(settings: InstallationSettings): BusinessHoursSettings {
  return settings.businessHours ?? businessHoursSchema.parse({});
}

/** The SLA settings in force: the saved ones, else no targets. */
export function slaOf(settings: InstallationSettings): SlaSettings {
  return settings.sla ?? slaSchema.parse({});
}

/** Schemas of the optional sections, for forms that validate them alone. */
export const businessHoursSettingsSchema = businessHoursSchema;
export const slaSettingsSchema = slaSchema;

export function parseInstallationSettings(input: unknown): InstallationSettings {
  return installationSettingsSchema.parse(input ?? {});
}

export function aiModeFor(settings: InstallationSettings, inboxId: number): AiMode {
  return settings.ai.inboxModes[String(inboxId)] ?? settings.ai.defaultMode;
}
