import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { ConfigError } from '../../errors.ts';
import { classifyGeminiError } from '../../../rag/embed/classify-gemini-error.ts';
import type {
  AnswerGenerator,
  GenerationFailure,
  GenerationInput,
  GenerationOutcome,
} from './answer-generator.ts';
import { ANSWER_JSON_SCHEMA, modelAnswerSchema } from './answer-schema.ts';
import { buildAnswerPrompt } from './build-answer-prompt.ts';

export interface GeminiGeneratorOptions {
  apiKey: string;
  /** Default `gemini-2.5-flash`. */
  model?: string;
  /** API root (GEMINI_BASE_URL), e.g. a local fake in tests; default Google's endpoint. */
  baseUrl?: string;
  /** Per-attempt timeout in ms. Default 20 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and network errors. Default 3. */
  maxRetries?: number;
  /** Backoff base when the server gives no retry delay, in ms. Default 1 000 (doubles each retry). */
  backoffMs?: number;
  /** Upper bound on one wait, in ms: a customer is waiting, so this stays short. Default 8 000. */
  maxDelayMs?: number;
  temperature?: number;
  maxOutputTokens?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

const sleeper = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finish reasons meaning the candidate was withheld for policy reasons
 * (https://ai.google.dev/api/generate-content#FinishReason).
 */
const BLOCKED_FINISH = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
]);

function failureOf(error: unknown, attempts: number): GenerationFailure {
  if (error instanceof SyntaxError) {
    return { kind: 'malformed', message: `response body is not JSON: ${error.message}`, attempts };
  }
  const failure = classifyGeminiError(error);
  const status = failure.status;
  const kind: GenerationFailure['kind'] =
    status === 429
      ? 'rate_limited'
      : status === 401 || status === 403
        ? 'auth'
        : status !== undefined && (status >= 500 || status === 408)
          ? 'unavailable'
          : failure.retryable
            ? /timed out|abort|timeout/i.test(failure.message)
              ? 'timeout'
              : 'unavailable'
            : 'error';
  const detail = kind === 'auth' ? `${failure.message}; check GEMINI_API_KEY` : failure.message;
  return { kind, message: `${status ? `${status}: ` : ''}${detail}`, attempts };
}

/** Reads one response into an answer, or the reason it is unusable. */
function readResponse(
  response: GenerateContentResponse,
  aliases: Map<string, string>,
  attempts: number,
): GenerationOutcome {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) {
    const detail = response.promptFeedback?.blockReasonMessage;
    return {
      ok: false,
      failure: {
        kind: 'blocked',
        message: `prompt blocked: ${blockReason}${detail ? ` (${detail})` : ''}`,
        attempts,
      },
    };
  }
  const candidate = response.candidates?.[0];
  const finish = candidate?.finishReason;
  if (finish && BLOCKED_FINISH.has(finish)) {
    return {
      ok: false,
      failure: { kind: 'blocked', message: `answer withheld: finish reason ${finish}`, attempts },
    };
  }
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => typeof part.text === 'string' && !part.thought)
    .map((part) => part.text)
    .join('');
  if (!text.trim()) {
    return {
      ok: false,
      failure: { kind: 'malformed', message: `no answer text (finish reason ${finish ?? 'none'})`, attempts },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = finish === 'MAX_TOKENS' ? 'cut off at the output token limit' : (error as Error).message;
    return {
      ok: false,
      failure: { kind: 'malformed', message: `answer is not valid JSON: ${why}`, attempts },
    };
  }
  const parsed = modelAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
    return {
      ok: false,
      failure: {
        kind: 'malformed',
        message: `answer does not match the schema: ${issues.join('; ')}`,
        attempts,
      },
    };
  }
  const value = parsed.data;
  const used = [
    ...new Set(value.usedChunkIds.map((id) => aliases.get(id.trim())).filter((id): id is string => !!id)),
  ];
  return {
    ok: true,
    answer: {
      answer: value.answer.trim(),
      usedChunkIds: used,
      sufficient: value.sufficient && value.answer.trim() !== '',
      language: value.language.toLowerCase().split(/[-_]/)[0]!,
      needsHuman: value.needsHuman ?? false,
      extractive: false,
    },
  };
}

/**
 * Grounded answers from Gemini through @google/genai: one `generateContent`
 * call with a JSON response schema. 429, 5xx, timeouts and network errors are
 * retried with exponential backoff (honouring the server's RetryInfo delay);
 * when retries run out, or the answer is blocked or malformed, the outcome is
 * a failure with its reason, which the agent turns into a hand-off rather than
 * a broken reply.
 */
export function createGeminiGenerator(options: GeminiGeneratorOptions): AnswerGenerator {
  if (!options.apiKey) throw new ConfigError('GEMINI_API_KEY is required for Gemini answers');
  const model = options.model ?? 'gemini-2.5-flash';
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const sleep = options.sleep ?? sleeper;
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs ?? 20_000,
    },
  });

  return {
    kind: 'gemini',
    async generate(input: GenerationInput): Promise<GenerationOutcome> {
      const prompt = buildAnswerPrompt(input);
      for (let attempt = 0; ; attempt++) {
        let response: GenerateContentResponse;
        try {
          response = await client.models.generateContent({
            model,
            contents: [{ role: 'user', parts: [{ text: prompt.userText }] }],
            config: {
              systemInstruction: prompt.systemInstruction,
              responseMimeType: 'application/json',
              responseJsonSchema: ANSWER_JSON_SCHEMA,
              temperature: options.temperature ?? 0.2,
              maxOutputTokens: options.maxOutputTokens ?? 2_048,
              candidateCount: 1,
            },
          });
        } catch (error) {
          const failure = failureOf(error, attempt + 1);
          const retryable = ['rate_limited', 'unavailable', 'timeout'].includes(failure.kind);
          if (retryable && attempt < maxRetries) {
            const hinted = error instanceof SyntaxError ? undefined : classifyGeminiError(error).retryDelayMs;
            await sleep(Math.min(maxDelayMs, hinted ?? backoffMs * 2 ** attempt));
            continue;
          }
          return { ok: false, failure };
        }
        return readResponse(response, prompt.aliases, attempt + 1);
      }
    },
  };
}
