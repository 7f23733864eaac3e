import type { InstallationContext } from '../install/installation-directory.ts';
import { RetryLaterError } from '../queue/queue.ts';
import { loadAnswerRecord, saveAnswerRecord, type AnswerRecord } from './answer-record.ts';
import type { BotDeps } from './bot-deps.ts';
import { carryOutAnswer } from './carry-out-answer.ts';
import type { ConversationFacts } from './conversation-facts.ts';
import { saveConversationState, type ConversationBotState } from './conversation-state.ts';
import { decideAnswer, decideEarlyHandoff } from './decide/decide-bot-action.ts';
import { detectHumanRequest } from './decide/detect-human-request.ts';
import { isRepeatedQuestion, questionTerms } from './decide/detect-repeated-question.ts';
import { matchHumanOnlyTopic } from './decide/match-human-only-topic.ts';
import { chooseAnswerLanguage, detectLanguage, isSupportedLanguage } from './detect-language.ts';
import { isUsefulDraft, prepareDraft, type Draft } from './prepare-draft.ts';
import { BOT_ANALYTICS, recordBotAnalytics } from './record-bot-analytics.ts';
import { showTypingWhile } from './show-typing-while.ts';

/** How long a claim on a message lasts if its worker dies mid-draft (then a retry may take it over). */
const CLAIM_TTL_MS = 5 * 60_000;

/**
 * Auto mode, in a conversation the bot holds: answers one customer message or
 * hands the conversation to people — never both, and never twice for one
 * Chatwoot message id (the id is claimed; a retried job resumes the recorded
 * plan instead of starting over). The caller holds the conversation's lock.
 */
export async function answerCustomerMessage(
  deps: BotDeps,
  installation: InstallationContext,
  facts: ConversationFacts,
  state: ConversationBotState,
  options: { hasAttachments: boolean },
): Promise<void> {
  const { kv, idempotency } = deps.store;
  const installationId = facts.installationId;
  const existing = await loadAnswerRecord(kv, installationId, facts.messageId);
  if (existing?.stage === 'done') return;
  if (existing) {
    await carryOutAnswer(deps, installation, facts, existing);
    await conclude(deps, facts, state, existing);
    return;
  }
  const scope = `${installationId}:bot-answer`;
  const key = String(facts.messageId);
  if (!(await idempotency.claim(scope, key, CLAIM_TTL_MS))) {
    // Claimed but never planned: an earlier attempt died while drafting. Retry once its claim has lapsed.
    throw new RetryLaterError(
      `answer to message ${facts.messageId} was interrupted; retrying after the claim expires`,
      CLAIM_TTL_MS,
    );
  }

  let record: AnswerRecord;
  try {
    record = await plan(deps, installation, facts, state, options);
    await saveAnswerRecord(kv, installationId, record);
  } catch (error) {
    await idempotency.release(scope, key);
    throw error;
  }
  await carryOutAnswer(deps, installation, facts, record);
  await conclude(deps, facts, state, record);
}

async function plan(
  deps: BotDeps,
  installation: InstallationContext,
  facts: ConversationFacts,
  state: ConversationBotState,
  options: { hasAttachments: boolean },
): Promise<AnswerRecord> {
  const settings = installation.settings.ai;
  const detected = detectLanguage(facts.text);
  const language = chooseAnswerLanguage(detected, state.language, settings.languages);
  const base = {
    messageId: facts.messageId,
    conversationId: facts.conversationId,
    stage: 'planned' as const,
    question: facts.text,
    threshold: settings.threshold,
    steps: [],
    postedMessageIds: [],
    at: deps.now().toISOString(),
  };

  const early = decideEarlyHandoff({
    text: facts.text,
    hasAttachments: options.hasAttachments,
    askedForHuman: detectHumanRequest(facts.text),
  });
  if (early) {
    return {
      ...base,
      action: 'handoff',
      reason: early,
      draft: '',
      useful: false,
      confidence: 0,
      retrieval: 0,
      extractive: false,
      language,
      sources: [],
    };
  }

  const draft: Draft = await (deps.typingIndicator === false
    ? prepareDraft(deps, installation, draftRequest(facts, language))
    : showTypingWhile(installation, facts.conversationId, deps.logger, () =>
        prepareDraft(deps, installation, draftRequest(facts, language)),
      ));
  const decision = decideAnswer({
    humanOnlyTopic: matchHumanOnlyTopic(facts.text, settings.humanOnlyTopics),
    repeatedQuestion: isRepeatedQuestion(
      questionTerms(facts.text),
      state.answered.map((entry) => entry.terms),
    ),
    unsupportedLanguage:
      detected.reliable && detected.code && !isSupportedLanguage(detected.code, settings.languages)
        ? detected.code
        : undefined,
    failure: draft.failure,
    needsHuman: draft.answer?.needsHuman ?? false,
    hasAnswer: draft.reply !== '',
    modelInsufficient: draft.answer?.sufficient === false,
    confidence: draft.confidence,
    threshold: settings.threshold,
  });
  return {
    ...base,
    action: decision.action === 'reply' ? 'reply' : 'handoff',
    ...(decision.action === 'handoff' ? { reason: decision.reason } : {}),
    draft: draft.reply,
    useful: isUsefulDraft(draft),
    confidence: draft.confidence,
    retrieval: draft.retrieval,
    generator: draft.generator,
    extractive: draft.answer?.extractive ?? draft.generator === 'extractive',
    language: draft.language,
    sources: draft.sources.length ? draft.sources : draft.chunks.slice(0, 3),
  };
}

function draftRequest(facts: ConversationFacts, language: string) {
  return {
    messageId: facts.messageId,
    conversationId: facts.conversationId,
    inboxId: facts.inboxId,
    ...(facts.contactId !== undefined ? { contactId: facts.contactId } : {}),
    question: facts.text,
    language,
    channel: facts.channel,
  };
}

/** Analytics and the conversation's memory, once the plan is carried out. */
async function conclude(
  deps: BotDeps,
  facts: ConversationFacts,
  state: ConversationBotState,
  record: AnswerRecord,
): Promise<void> {
  const at = deps.now().toISOString();
  const common = {
    installationId: facts.installationId,
    channel: facts.channel,
    inboxId: facts.inboxId,
    conversationId: facts.conversationId,
  };
  if (record.action === 'reply') {
    await recordBotAnalytics(deps, {
      ...common,
      type: BOT_ANALYTICS.answer,
      data: {
        messageId: facts.messageId,
        confidence: record.confidence,
        retrieval: record.retrieval,
        extractive: record.extractive,
        language: record.language,
        sources: record.sources.length,
        replyMessageIds: record.postedMessageIds,
      },
    });
    state.answered.push({ messageId: facts.messageId, terms: questionTerms(facts.text), at });
    state.language = record.language;
  } else if (record.action === 'handoff') {
    await recordBotAnalytics(deps, {
      ...common,
      type: BOT_ANALYTICS.handoff,
      data: {
        messageId: facts.messageId,
        reason: record.reason?.code,
        detail: record.reason?.detail,
        confidence: record.draft ? record.confidence : null,
        routing: record.routing ?? null,
      },
    });
    state.handedOff = { at, reason: record.reason?.code ?? 'low_confidence', messageId: facts.messageId };
    state.language = record.language;
  }
  await saveConversationState(deps.store.kv, facts.installationId, facts.conversationId, state);
}
