import { z } from 'zod';
import { BadRequestError } from '../errors.ts';
import { channelOf } from '../identity/load-customer-history.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import {
  HANDOFF_REASON_CODES,
  parseInstallationSettings,
  type InstallationSettings,
} from '../install/installation-settings.ts';
import { checkRoutingReferences, type ReferenceCheck } from './check-routing-references.ts';
import { planRouting, type RoutingDeps, type RoutingPlan } from './plan-routing.ts';
import type { RoutedConversation, RoutingReason } from './routing-types.ts';

/** Body of a dry run: a sample conversation (or a real one by id), a reason, a time, optionally unsaved settings. */
export const dryRunInputSchema = z.object({
  /** Start from this Chatwoot conversation (inbox, channel, labels, contact attributes, last customer message). */
  conversationId: z.number().int().positive().optional(),
  conversation: z
    .object({
      channel: z.string().min(1).max(50).optional(),
      inboxId: z.number().int().optional(),
      language: z.string().min(2).max(10).optional(),
      text: z.string().max(10_000).optional(),
      contactAttributes: z.record(z.string(), z.unknown()).optional(),
      labels: z.array(z.string().max(50)).max(50).optional(),
      sources: z
        .array(z.object({ title: z.string().max(300), heading: z.string().max(300).optional() }))
        .max(20)
        .optional(),
    })
    .prefault({}),
  reason: z.object({ code: z.enum(HANDOFF_REASON_CODES), detail: z.string().max(200).optional() }).optional(),
  /** The moment to judge business hours at (default now). */
  at: z.iso.datetime({ offset: true }).optional(),
  /** Settings sections to try instead of the saved ones (routing, businessHours). */
  settings: z.object({ routing: z.unknown().optional(), businessHours: z.unknown().optional() }).optional(),
});

export type DryRunInput = z.input<typeof dryRunInputSchema>;

export interface DryRunResult {
  conversation: Omit<RoutedConversation, 'id'> & { id?: number };
  reason?: RoutingReason;
  plan: RoutingPlan;
  references: ReferenceCheck;
}

async function loadConversationFacts(
  context: InstallationContext,
  conversationId: number,
): Promise<Partial<RoutedConversation>> {
  const conversation = await context.chatwoot.getConversation(conversationId);
  const { messages } = await context.chatwoot.listMessages(conversationId);
  const lastCustomerMessage = [...messages]
    .reverse()
    .find((message) => message.message_type === 0 && !message.private);
  return {
    id: conversation.id,
    inboxId: conversation.inbox_id,
    channel: channelOf(context, conversation),
    labels: conversation.labels,
    contactAttributes:
      (conversation.meta?.sender?.custom_attributes as Record<string, unknown> | undefined) ?? {},
    text: lastCustomerMessage?.content ?? '',
  };
}

/**
 * Shows which rule would route a conversation and what it would set, without
 * changing anything: Chatwoot is only read (agents, presence, loads), and the
 * round-robin turn is only peeked at: the pick shown is the next hand-off's,
 * unless another one is routed first.
 *
 * @throws BadRequestError for an invalid body or settings that fail validation.
 */
export async function dryRunRouting(
  deps: RoutingDeps,
  context: InstallationContext,
  body: unknown,
): Promise<DryRunResult> {
  const parsed = dryRunInputSchema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new BadRequestError(
      `Invalid dry run: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`,
    );
  }
  const input = parsed.data;
  let settings: InstallationSettings = context.settings;
  if (input.settings) {
    const candidate = { ...context.record.settings };
    if (input.settings.routing !== undefined) candidate.routing = input.settings.routing;
    if (input.settings.businessHours !== undefined) candidate.businessHours = input.settings.businessHours;
    try {
      settings = parseInstallationSettings(candidate);
    } catch (error) {
      const issues = (error as z.ZodError).issues ?? [];
      throw new BadRequestError(
        `Invalid settings: ${issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') || String(error)}`,
      );
    }
  }
  const loaded =
    input.conversationId !== undefined ? await loadConversationFacts(context, input.conversationId) : {};
  const sample = input.conversation;
  const conversation: RoutedConversation = {
    id: loaded.id ?? 0,
    inboxId: sample.inboxId ?? loaded.inboxId ?? 0,
    channel: sample.channel ?? loaded.channel ?? 'api',
    ...(sample.language ? { language: sample.language } : {}),
    text: sample.text ?? loaded.text ?? '',
    contactAttributes: sample.contactAttributes ?? loaded.contactAttributes ?? {},
    labels: sample.labels ?? loaded.labels ?? [],
    ...(sample.sources ? { sources: sample.sources } : {}),
  };
  const at = input.at ? new Date(input.at) : (deps.now?.() ?? new Date());
  // Peeking leaves the round-robin counter alone; only applyRoutingPlan writes to Chatwoot.
  const [plan, references] = await Promise.all([
    planRouting(deps, context, conversation, input.reason, { turn: 'peek', settings, at }),
    checkRoutingReferences(context, settings.routing.rules),
  ]);
  const { id, ...facts } = conversation;
  return {
    conversation: { ...facts, ...(id ? { id } : {}) },
    ...(input.reason ? { reason: input.reason } : {}),
    plan,
    references,
  };
}
