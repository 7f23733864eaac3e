import { z } from 'zod';

/** What an admin gives to install Omniloom into one Chatwoot account (CLI flags, install page, API body). */
export const installRequestSchema = z.object({
  chatwootUrl: z
    .string()
    .url('must be the Chatwoot base URL, e.g. https://chatwoot.example.com')
    .transform((url) => url.replace(/\/+$/, '')),
  accountId: z.coerce.number().int().positive('must be the numeric Chatwoot account id'),
  token: z
    .string()
    .trim()
    .min(8, 'must be an administrator API access token')
    // It travels in an HTTP header: control characters or spaces could never be a Chatwoot token.
    .regex(/^[\x21-\x7E]+$/, 'must be an administrator API access token (letters, digits and symbols only)'),
  /** Bridged channels to create API inboxes for. */
  channels: z.array(z.string().regex(/^[a-z][a-z0-9_-]*$/)).default([]),
  /** Existing inboxes the agent bot answers in: ids, or every inbox. */
  inboxes: z.union([z.literal('all'), z.array(z.coerce.number().int().positive())]).default([]),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export type InstallRequest = z.input<typeof installRequestSchema>;
export type ValidInstallRequest = z.output<typeof installRequestSchema>;

export interface InstallResult {
  installationId: string;
  agentBot: { id: number };
  inboxes: {
    /** Inboxes the agent bot is attached to. */
    bot: number[];
    /** Bridged channel → its API inbox id. */
    bridged: Record<string, number>;
  };
  webhooks: Record<string, string>;
  dashboardApps: Array<{ id: number; url: string }>;
  accountWebhook: { id: number };
  /** What this run changed: empty on a run that found everything in place. */
  changes: string[];
}
