import type { Logger } from 'pino';
import type { ChatwootConversation } from '../../plugin/chatwoot/types.ts';
import { BadRequestError, NotFoundError } from '../../plugin/errors.ts';
import { channelOf } from '../../plugin/identity/index.ts';
import type { InstallationContext } from '../../plugin/install/installation-directory.ts';
import type { SuggestionRecord, Store } from '../../plugin/store/store.ts';
import { asPanelError } from './load-verified-conversation.ts';
import { measureEditDistance } from './measure-edit-distance.ts';

/** Analytics event types the panel records (acceptance rate = (accepted + edited) / (accepted + edited + rejected)). */
export const SUGGESTION_EVENTS = {
  accepted: 'suggestion.accepted',
  edited: 'suggestion.edited',
  rejected: 'suggestion.rejected',
  regenerated: 'suggestion.regenerated',
} as const;

/** Why an agent rejected a suggestion; the panel offers these and stores `<reason>` or `<reason>: <note>`. */
export const REJECT_REASONS = ['incorrect', 'not-relevant', 'tone', 'outdated', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Chatwoot's own limit on message content. */
const MAX_MESSAGE_CHARS = 150_000;
const MAX_NOTE_CHARS = 500;

/** Generates a fresh suggestion for a conversation's latest customer message (the AI agent's job). */
export type RegenerateSuggestion = (
  installation: InstallationContext,
  conversationId: number,
) => Promise<SuggestionRecord | undefined>;

export interface SuggestionActionDeps {
  store: Pick<Store, 'suggestions' | 'analytics' | 'audit' | 'idempotency'>;
  logger: Logger;
  now: () => Date;
  /** Who acts, for the audit log. */
  actor: string;
  /** Tells every panel watching the conversation that a suggestion changed. */
  notify?: (installationId: string, conversationId: number, suggestion: SuggestionRecord) => void;
}

async function loadPending(
  deps: SuggestionActionDeps,
  installation: InstallationContext,
  conversation: ChatwootConversation,
  suggestionId: string,
): Promise<SuggestionRecord> {
  const record = await deps.store.suggestions.get(installation.record.id, suggestionId);
  if (!record || record.conversationId !== conversation.id) {
    throw new NotFoundError(`No suggestion ${suggestionId} in conversation ${conversation.id}.`);
  }
  if (record.status !== 'pending') {
    throw new BadRequestError(`This suggestion was already ${record.status}.`, 409, 'conflict');
  }
  return record;
}

function baseEvent(installation: InstallationContext, conversation: ChatwootConversation, at: string) {
  return {
    installationId: installation.record.id,
    channel: channelOf(installation, conversation),
    inboxId: conversation.inbox_id,
    conversationId: conversation.id,
    at,
  };
}

/**
 * Sends a suggestion to the customer as an outgoing (not private) message with
 * the installation's client, as written (`text` omitted or unchanged) or as
 * the agent edited it, then records the outcome: status and sent text on the
 * suggestion, an analytics event with the edit distance, an audit entry.
 *
 * A suggestion is sent at most once: a run-once claim guards against a double
 * click or two agents racing; it is released if Chatwoot refuses the message.
 */
export async function sendSuggestion(
  deps: SuggestionActionDeps,
  installation: InstallationContext,
  conversation: ChatwootConversation,
  input: { suggestionId: string; text?: unknown },
): Promise<{ suggestion: SuggestionRecord; messageId: number }> {
  const record = await loadPending(deps, installation, conversation, input.suggestionId);
  let text = record.text;
  if (input.text !== undefined) {
    if (typeof input.text !== 'string' || input.text.trim() === '') {
      throw new BadRequestError('The reply is empty: write something or send the suggestion as it is.');
    }
    text = input.text.replace(/\r\n/g, '\n');
  }
  if (text.length > MAX_MESSAGE_CHARS)
    throw new BadRequestError(`A reply can be at most ${MAX_MESSAGE_CHARS} characters.`);
  const edited = text !== record.text;

  const installationId = installation.record.id;
  const scope = `${installationId}:dashboard`;
  const key = `suggestion-sent:${record.id}`;
  if (!(await deps.store.idempotency.claim(scope, key))) {
    throw new BadRequestError('This suggestion is already being sent.', 409, 'conflict');
  }
  let messageId: number;
  try {
    const message = await installation.chatwoot.createMessage(conversation.id, {
      content: text,
      message_type: 'outgoing',
      private: false,
    });
    messageId = message.id;
  } catch (error) {
    await deps.store.idempotency.release(scope, key);
    throw asPanelError(error, `Conversation ${conversation.id} is not in this Chatwoot account.`);
  }

  const at = deps.now().toISOString();
  const suggestion = await deps.store.suggestions.update(installationId, record.id, {
    status: edited ? 'edited' : 'accepted',
    sentText: text,
    resolvedAt: at,
  });
  const { distance, normalized } = measureEditDistance(record.text, text);
  await deps.store.analytics.record({
    ...baseEvent(installation, conversation, at),
    type: edited ? SUGGESTION_EVENTS.edited : SUGGESTION_EVENTS.accepted,
    data: {
      suggestionId: record.id,
      confidence: record.confidence,
      messageId,
      editDistance: distance,
      normalizedEditDistance: normalized,
      suggestedLength: record.text.length,
      sentLength: text.length,
    },
  });
  await deps.store.audit.append({
    id: `suggestion-sent:${record.id}`,
    installationId,
    actor: deps.actor,
    action: edited ? 'suggestion.edited' : 'suggestion.accepted',
    subject: `conversation:${conversation.id}`,
    reason: edited ? `sent after ${distance} character edits` : 'sent as suggested',
    data: { suggestionId: record.id, messageId, editDistance: distance },
    at,
  });
  deps.notify?.(installationId, conversation.id, suggestion);
  return { suggestion, messageId };
}

/** Parses the reason an agent picked and their optional note. */
export function readRejectReason(reason: unknown, note: unknown): string {
  if (typeof reason !== 'string' || !(REJECT_REASONS as readonly string[]).includes(reason)) {
    throw new BadRequestError(`reason must be one of ${REJECT_REASONS.join(', ')}.`);
  }
  if (note !== undefined && note !== null && typeof note !== 'string')
    throw new BadRequestError('note must be text.');
  const trimmed = (note ?? '').trim().slice(0, MAX_NOTE_CHARS);
  return trimmed ? `${reason}: ${trimmed}` : reason;
}

/** Marks a pending suggestion rejected with the agent's reason and records it. Nothing is sent. */
export async function rejectSuggestion(
  deps: SuggestionActionDeps,
  installation: InstallationContext,
  conversation: ChatwootConversation,
  input: { suggestionId: string; reason: unknown; note?: unknown },
): Promise<{ suggestion: SuggestionRecord }> {
  const rejectReason = readRejectReason(input.reason, input.note);
  const record = await loadPending(deps, installation, conversation, input.suggestionId);
  const at = deps.now().toISOString();
  const installationId = installation.record.id;
  const suggestion = await deps.store.suggestions.update(installationId, record.id, {
    status: 'rejected',
    rejectReason,
    resolvedAt: at,
  });
  await deps.store.analytics.record({
    ...baseEvent(installation, conversation, at),
    type: SUGGESTION_EVENTS.rejected,
    data: {
      suggestionId: record.id,
      confidence: record.confidence,
      reason: input.reason as string,
      rejectReason,
    },
  });
  await deps.store.audit.append({
    id: `suggestion-rejected:${record.id}`,
    installationId,
    actor: deps.actor,
    action: 'suggestion.rejected',
    subject: `conversation:${conversation.id}`,
    reason: rejectReason,
    data: { suggestionId: record.id },
    at,
  });
  deps.notify?.(installationId, conversation.id, suggestion);
  return { suggestion };
}

/**
 * Asks the AI agent for a new suggestion for the conversation's latest
 * customer message. Pending suggestions it replaces are marked superseded.
 * The new one reaches every watching panel as `suggestion:new`, pushed by
 * whoever stored it.
 */
export async function regenerateSuggestion(
  deps: SuggestionActionDeps & { regenerate?: RegenerateSuggestion },
  installation: InstallationContext,
  conversation: ChatwootConversation,
): Promise<{ suggestion?: SuggestionRecord }> {
  if (!deps.regenerate) {
    throw new BadRequestError(
      'Suggested replies are not available on this Omniloom server.',
      503,
      'upstream_error',
    );
  }
  const installationId = installation.record.id;
  const before = (
    await deps.store.suggestions.listForConversation(installationId, conversation.id, 20)
  ).filter((record) => record.status === 'pending');
  const created = await deps.regenerate(installation, conversation.id);
  const at = deps.now().toISOString();
  const superseded: string[] = [];
  if (created) {
    for (const old of before) {
      if (old.id === created.id) continue;
      const current = await deps.store.suggestions.get(installationId, old.id);
      if (current?.status !== 'pending') continue;
      const updated = await deps.store.suggestions.update(installationId, old.id, {
        status: 'superseded',
        resolvedAt: at,
      });
      superseded.push(old.id);
      deps.notify?.(installationId, conversation.id, updated);
    }
  }
  await deps.store.analytics.record({
    ...baseEvent(installation, conversation, at),
    type: SUGGESTION_EVENTS.regenerated,
    data: { suggestionId: created?.id ?? null, superseded },
  });
  return created ? { suggestion: created } : {};
}
