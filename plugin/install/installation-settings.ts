/**
 * Per-installation settings, edited on the admin page and validated here.
 * Every field has a safe default, so a fresh installation works untouched.
 */
import { z } from 'zod';

export const AI_MODES = ['off', 'suggest', 'auto'] as const;
export type AiMode = (typeof AI_MODES)[number];

const routingRuleSchema = z.object({
  name: z.string().min(1).max(100),
  when: z
    .object({
      channels: z.array(z.string()).optional(),
      inboxIds: z.array(z.number().int()).optional(),
      languages: z.array(z.string()).optional(),
      keywords: z.array(z.string()).optional(),
      topics: z.array(z.string()).optional(),
      contactAttributes: z.record(z.string(), z.string()).optional(),
      businessHours: z.enum(['inside', 'outside']).optional(),
    })
    .prefault({}),
  then: z.object({
    teamId: z.number().int().optional(),
    assignment: z.enum(['none', 'round_robin', 'least_loaded']).default('none'),
    agentIds: z.array(z.number().int()).optional(),
    priority: z.enum(['low', 'medium', 'high', 'urgent']).optional(),
    labels: z.array(z.string().regex(/^[\w-]{1,50}$/)).optional(),
  }),
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
      handoffMessage: z
        .string()
        .max(1000)
        .default('I am handing this conversation to our support team. A person will reply here as soon as possible.'),
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
});

export type InstallationSettings = z.infer<typeof installationSettingsSchema>;
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export function parseInstallationSettings(input: unknown): InstallationSettings {
  return installationSettingsSchema.parse(input ?? {});
}

export function aiModeFor(settings: InstallationSettings, inboxId: number): AiMode {
  return settings.ai.inboxModes[String(inboxId)] ?? settings.ai.defaultMode;
}
