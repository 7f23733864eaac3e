/**
 * The AI agent: answers customers in bot inboxes from the knowledge base
 * (Gemini, or extractive offline), hands conversations to people with a note
 * and routing, and drafts suggestions for agents. See README.md.
 */
export { createAgentBotSubscribers } from './create-agent-bot.ts';
export type { BotDeps } from './bot-deps.ts';
export { createGeminiGenerator, type GeminiGeneratorOptions } from './generate/create-gemini-generator.ts';
export { createExtractiveGenerator } from './generate/create-extractive-generator.ts';
export type {
  AnswerGenerator,
  GeneratedAnswer,
  GenerationFailure,
  GenerationInput,
  GenerationOutcome,
  SourceChunk,
} from './generate/answer-generator.ts';
export { createKnowledgeRetriever, knowledgeEmbedder } from './knowledge/create-knowledge-retriever.ts';
export {
  applyHandoffRouting,
  type RoutedConversation,
  type RoutingOutcome,
} from './handoff/apply-handoff-routing.ts';
export type { HandoffReason, HandoffReasonCode } from './handoff/handoff-reason.ts';
export { estimateConfidence, type ConfidenceEstimate } from './confidence/estimate-confidence.ts';
export {
  conversationRoom,
  SUGGESTION_NEW_EVENT,
  type RealtimeEmitter,
  type SuggestionNewPayload,
} from './suggest/suggestion-events.ts';
export { BOT_ANALYTICS } from './record-bot-analytics.ts';
export { createSuggestionRegenerator, type RegenerateSuggestionFn } from './suggest/regenerate-suggestion.ts';
export { createAnswerGenerator } from './generate/create-answer-generator.ts';
