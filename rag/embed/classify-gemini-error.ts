import { ApiError } from '@google/genai';

/** What to do about a failed Gemini call. */
export interface GeminiFailure {
  status?: number;
  retryable: boolean;
  /** Delay the server asked for (RetryInfo.retryDelay or Retry-After), in ms. */
  retryDelayMs?: number;
  message: string;
}

/** Parses protobuf Duration JSON such as "13s" or "0.5s". */
function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/**
 * Reads an error thrown by the SDK. The SDK's ApiError carries the response
 * body as its message (JSON of Google's error envelope), which holds a
 * `google.rpc.RetryInfo` detail on 429 — see
 * https://ai.google.dev/gemini-api/docs/rate-limits. Timeouts (aborted
 * fetches) and network failures are retryable; 429, 408 and 5xx are too.
 */
export function classifyGeminiError(error: unknown): GeminiFailure {
  if (error instanceof ApiError) {
    let message = error.message;
    let retryDelayMs: number | undefined;
    try {
      const body = JSON.parse(error.message) as {
        error?: { message?: string; details?: Array<{ '@type'?: string; retryDelay?: unknown }> };
      };
      message = body.error?.message ?? message;
      const info = body.error?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'));
      retryDelayMs = parseDuration(info?.retryDelay);
    } catch {
      // Not JSON: keep the raw text.
    }
    const status = error.status;
    return { status, retryable: status === 429 || status === 408 || status >= 500, retryDelayMs, message };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const transient =
    err.name === 'AbortError' ||
    err.name === 'TimeoutError' ||
    (err instanceof TypeError && /fetch failed/i.test(err.message));
  return { retryable: transient, message: err.name === 'AbortError' ? 'request timed out' : err.message };
}
