import { withKeyLock } from '../bridge/with-key-lock.ts';
import type { ChatwootEventJob } from '../chatwoot-events/chatwoot-event.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import { aiModeFor } from '../install/installation-settings.ts';
import { answerCustomerMessage } from './answer-customer-message.ts';
import type { BotDeps } from './bot-deps.ts';
import { isBotHeld } from './carry-out-answer.ts';
import { conversationFacts, type ConversationFacts } from './conversation-facts.ts';
import {
  loadConversationState,
  saveConversationState,
  startNewEpisode,
  type ConversationBotState,
} from './conversation-state.ts';
import { planForMessage } from './decide/decide-bot-action.ts';
import { chooseAnswerLanguage, detectLanguage } from './detect-language.ts';
import { applyHandoffRouting } from './handoff/apply-handoff-routing.ts';
import type { HandoffReason } from './handoff/handoff-reason.ts';
import { isUsefulDraft, prepareDraft } from './prepare-draft.ts';
import {
  isAgentReply,
  isCustomerMessage,
  readMessageEvent,
  type MessageEvent,
} from './read-message-event.ts';
import { BOT_ANALYTICS, recordBotAnalytics } from './record-bot-analytics.ts';
import { suggestionContentOf } from './suggest/create-suggestion.ts';
import { suggestOnce } from './suggest/suggest-once.ts';

/** One conversation's messages are handled one at a time, across processes. */
const LOCK = { ttlMs: 150_000, waitMs: 120_000 };
const lockKey = (installationId: string, conversationId: number) =>
  `${installationId}:bot:conversation:${conversationId}`;

/** Records the inbound-message analytics event once per Chatwoot message, whichever webhook brings it first. */
async function recordInboundOnce(deps: BotDeps, facts: ConversationFacts, mode: string): Promise<void> {
  if (
    !(await deps.store.idempotency.claim(
      `${facts.installationId}:inbound-analytics`,
      String(facts.messageId),
    ))
  )
    return;
  await recordBotAnalytics(deps, {
    installationId: facts.installationId,
    type: BOT_ANALYTICS.inbound,
    channel: facts.channel,
    inboxId: facts.inboxId,
    conversationId: facts.conversationId,
    data: { messageId: facts.messageId, mode },
  });
}

/** Drafts a suggestion for the people handling the conversation (once per message). */
async function suggest(
  deps: BotDeps,
  installation: InstallationContext,
  facts: ConversationFacts,
  state: ConversationBotState,
): Promise<void> {
  if (!facts.text.trim()) return;
  const language = chooseAnswerLanguage(
    detectLanguage(facts.text),
    state.language,
    installation.settings.ai.languages,
  );
  await suggestOnce(deps, facts, async () => {
    const draft = await prepareDraft(deps, installation, {
      messageId: facts.messageId,
      conversationId: facts.conversationId,
      inboxId: facts.inboxId,
      ...(facts.contactId !== undefined ? { contactId: facts.contactId } : {}),
      question: facts.text,
      language,
      channel: facts.channel,
    });
    if (draft.failure) {
      deps.logger.warn(
        {
          installationId: facts.installationId,
          conversationId: facts.conversationId,
          failure: draft.failure,
        },
        'no suggestion: drafting failed',
      );
    }
    return isUsefulDraft(draft) ? suggestionContentOf(draft) : undefined;
  });
}

/** Opens a conversation the bot holds for the team without a word to the customer (suggest mode, AI off). */
async function passToTeam(
  deps: BotDeps,
  installation: InstallationContext,
  facts: ConversationFacts,
  state: ConversationBotState,
  reason: HandoffReason,
): Promise<void> {
  await (installation.bot ?? installation.chatwoot).toggleConversationStatus(facts.conversationId, 'open');
  let routing;
  try {
    routing = await applyHandoffRouting(
      installation,
      {
        id: facts.conversationId,
        inboxId: facts.inboxId,
        channel: facts.channel,
        text: facts.text,
        contactAttributes: facts.contactAttributes,
        labels: facts.labels,
      },
      reason,
      { now: deps.now(), logger: deps.logger, store: deps.store },
    );
  } catch (error) {
    deps.logger.error(
      { err: error, installationId: facts.installationId },
      'routing failed; check settings.routing.rules',
    );
  }
  const at = deps.now().toISOString();
  state.handedOff = { at, reason: reason.code, messageId: facts.messageId };
  state.openedAt = at;
  await saveConversationState(deps.store.kv, facts.installationId, facts.conversationId, state);
  await recordBotAnalytics(deps, {
    installationId: facts.installationId,
    type: BOT_ANALYTICS.handoff,
    channel: facts.channel,
    inboxId: facts.inboxId,
    conversationId: facts.conversationId,
    data: { messageId: facts.messageId, reason: reason.code, routing: routing ?? null },
  });
}

/** True when a person replied publicly in the conversation after `fromMessageId`. */
async function humanRepliedSince(
  installation: InstallationContext,
  conversationId: number,
  fromMessageId: number,
): Promise<boolean> {
  const { messages } = await installation.chatwoot.listMessages(conversationId);
  return messages.some(
    (message) =>
      message.id > fromMessageId &&
      message.message_type === 1 &&
      !message.private &&
      message.sender?.type === 'user',
  );
}

/**
 * A customer message delivered to the agent bot. Reads the conversation as it
 * is now (the payload may be stale after queueing), starts a new episode when
 * the conversation came back to the bot, and then, per the inbox's mode:
 * answers or hands off (auto, bot holds it), suggests (people handle it, or
 * suggest mode), or passes it to the team.
 */
async function handleCustomerMessage(
  deps: BotDeps,
  installation: InstallationContext,
  event: MessageEvent,
): Promise<void> {
  const facts = conversationFacts(installation, event);
  const mode = aiModeFor(installation.settings, event.inboxId);
  await recordInboundOnce(deps, facts, mode);
  const { kv, idempotency } = deps.store;
  await withKeyLock(
    idempotency,
    lockKey(facts.installationId, facts.conversationId),
    async () => {
      const current = await installation.chatwoot.getConversation(facts.conversationId);
      let state = await loadConversationState(kv, facts.installationId, facts.conversationId);
      if (current.status === 'pending' && (state.handedOff || state.openedAt)) {
        // Back with the bot (reopened after resolution, or returned by a person): nothing from before carries over.
        state = await startNewEpisode(kv, facts.installationId, facts.conversationId, facts.messageId - 1);
      }
      let botOwned = isBotHeld(current) && !state.humanRepliedAt;
      if (
        botOwned &&
        mode !== 'off' &&
        (await humanRepliedSince(installation, facts.conversationId, state.episodeFromMessageId ?? 0))
      ) {
        state.humanRepliedAt = deps.now().toISOString();
        await saveConversationState(kv, facts.installationId, facts.conversationId, state);
        botOwned = false;
      }
      const plan = planForMessage(mode, botOwned);
      switch (plan.kind) {
        case 'answer':
          await answerCustomerMessage(deps, installation, facts, state, {
            hasAttachments: event.hasAttachments,
          });
          return;
        case 'pass_to_team':
          await passToTeam(deps, installation, facts, state, { code: 'ai_off' });
          return;
        case 'suggest':
          if (plan.passToTeam) await passToTeam(deps, installation, facts, state, { code: 'suggest_mode' });
          await suggest(deps, installation, facts, state);
          return;
        case 'ignore':
          return;
      }
    },
    LOCK,
  );
}

/** Remembers that a person replied while the bot held the conversation. */
async function noteAgentReply(deps: BotDeps, installationId: string, event: MessageEvent): Promise<void> {
  if (event.status !== 'pending') return;
  await withKeyLock(
    deps.store.idempotency,
    lockKey(installationId, event.conversationId),
    async () => {
      const state = await loadConversationState(deps.store.kv, installationId, event.conversationId);
      if (event.messageId <= (state.episodeFromMessageId ?? 0) || state.humanRepliedAt) return;
      state.humanRepliedAt = deps.now().toISOString();
      await saveConversationState(deps.store.kv, installationId, event.conversationId, state);
    },
    LOCK,
  );
}

/** Conversation status events the bot receives: opened (hand-off or a person) and resolved (episode over). */
async function handleConversationEvent(deps: BotDeps, job: ChatwootEventJob): Promise<void> {
  const conversationId = typeof job.payload.id === 'number' ? job.payload.id : undefined;
  if (conversationId === undefined) return;
  await withKeyLock(
    deps.store.idempotency,
    lockKey(job.installationId, conversationId),
    async () => {
      const state = await loadConversationState(deps.store.kv, job.installationId, conversationId);
      if (job.event === 'conversation_opened') {
        state.openedAt ??= deps.now().toISOString();
        await saveConversationState(deps.store.kv, job.installationId, conversationId, state);
        return;
      }
      const messages = Array.isArray(job.payload.messages)
        ? (job.payload.messages as Array<{ id?: unknown }>)
        : [];
      const lastId = typeof messages[0]?.id === 'number' ? messages[0].id : 0;
      // A late resolved event must not wipe an episode that began after the resolution.
      if ((state.episodeFromMessageId ?? 0) > lastId) return;
      await startNewEpisode(deps.store.kv, job.installationId, conversationId, lastId);
    },
    LOCK,
  );
}

/** Handles one event delivered to the agent bot's URL. */
export async function handleBotEvent(deps: BotDeps, job: ChatwootEventJob): Promise<void> {
  if (job.event === 'conversation_opened' || job.event === 'conversation_resolved') {
    await handleConversationEvent(deps, job);
    return;
  }
  if (job.event !== 'message_created') return;
  const event = readMessageEvent(job.payload);
  if (!event) return;
  if (isAgentReply(event)) {
    await noteAgentReply(deps, job.installationId, event);
    return;
  }
  if (!isCustomerMessage(event)) return;
  const installation = await deps.directory.get(job.installationId);
  if (!installation) return;
  await handleCustomerMessage(deps, installation, event);
}

/**
 * Handles a `message_created` from the account webhook, which covers every
 * inbox, bot or not: suggestions for customer messages in conversations
 * people handle. Conversations still pending belong to the bot receiver.
 */
export async function handleAccountEvent(deps: BotDeps, job: ChatwootEventJob): Promise<void> {
  if (job.event !== 'message_created') return;
  const event = readMessageEvent(job.payload);
  if (!event || !isCustomerMessage(event)) return;
  const installation = await deps.directory.get(job.installationId);
  if (!installation) return;
  const facts = conversationFacts(installation, event);
  const mode = aiModeFor(installation.settings, event.inboxId);
  await recordInboundOnce(deps, facts, mode);
  if (event.status === 'pending' || mode === 'off') return;
  const state = await loadConversationState(deps.store.kv, facts.installationId, facts.conversationId);
  await suggest(deps, installation, facts, state);
}
