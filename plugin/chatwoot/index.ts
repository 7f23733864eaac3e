/**
 * Typed Chatwoot client: generated from Chatwoot's OpenAPI spec plus our
 * supplement, with envelope unwrapping, timeouts and safe retries.
 */
export { createChatwootClient, type ChatwootClient, type ChatwootClientOptions } from './client.ts';
export type { ChatwootApiClient, ChatwootSupplementClient } from './chatwoot-context.ts';
export {
  createResilientFetch,
  getAttemptReport,
  isRetryableStatus,
  type AttemptReport,
  type FetchLike,
  type ResilienceOptions,
} from './create-resilient-fetch.ts';
export { classifyRequest, type RetryClassification, type RetryMode } from './classify-request.ts';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget.ts';
export { parseRetryAfter } from './parse-retry-after.ts';
export { redactHeaders } from './redact-headers.ts';
export { toChatwootApiError } from './expect-response.ts';
export type { MultipartMessageInput } from './build-message-form.ts';
export type * from './types.ts';
