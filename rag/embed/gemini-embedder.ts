import { GoogleGenAI } from '@google/genai';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import { classifyGeminiError } from './classify-gemini-error.ts';
import { normalizeVector, type Embedder } from './embedder.ts';
import { createRequestPacer } from './pace-requests.ts';

export interface GeminiEmbedderOptions {
  apiKey: string;
  /** Default `gemini-embedding-001`. */
  model?: string;
  /** Vector size requested from the model (Matryoshka truncation); default 768. */
  outputDimensionality?: number;
  /** API root, e.g. a local fake in tests; default Google's endpoint. */
  baseUrl?: string;
  /** Texts per batchEmbedContents call (the API accepts at most 100). */
  batchSize?: number;
  /** Request starts per minute (0 = unpaced). Default 1000. */
  requestsPerMinute?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and network errors. Default 5. */
  maxRetries?: number;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /** Backoff base when the server gives no retry delay, in ms. Default 1000. */
  backoffMs?: number;
  /** Upper bound on any single wait, in ms. Default 60 000. */
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

type TaskType = 'RETRIEVAL_DOCUMENT' | 'RETRIEVAL_QUERY';

const sleeper = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Gemini embeddings through @google/genai. Passages are embedded with task
 * type RETRIEVAL_DOCUMENT and queries with RETRIEVAL_QUERY (the model places
 * them asymmetrically for search). Several texts go in one request (the SDK
 * sends `:batchEmbedContents`), starts are paced, and 429/5xx/timeouts are
 * retried, honouring the server's RetryInfo delay. Vectors are L2-normalised:
 * truncated dimensionalities come back unnormalised.
 */
export function createGeminiEmbedder(options: GeminiEmbedderOptions): Embedder {
  if (!options.apiKey) throw new ConfigError('GEMINI_API_KEY is required for the Gemini embedder');
  const model = options.model ?? 'gemini-embedding-001';
  const dims = options.outputDimensionality ?? 768;
  const batchSize = Math.min(100, Math.max(1, options.batchSize ?? 100));
  const maxRetries = options.maxRetries ?? 5;
  const backoffMs = options.backoffMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? sleeper;
  const pace = createRequestPacer(options.requestsPerMinute ?? 1000, { now: () => Date.now(), sleep });
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs ?? 30_000,
    },
  });

  async function request(texts: string[], taskType: TaskType): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      await pace();
      let response;
      try {
        response = await client.models.embedContent({
          model,
          contents: texts,
          config: { taskType, outputDimensionality: dims },
        });
      } catch (error) {
        const failure = classifyGeminiError(error);
        if (failure.retryable && attempt < maxRetries) {
          await sleep(Math.min(maxDelayMs, failure.retryDelayMs ?? backoffMs * 2 ** attempt));
          continue;
        }
        const detail = `Gemini ${model} embedding failed${failure.status ? ` (${failure.status})` : ''}: ${failure.message}`;
        if (failure.status === 429)
          throw new RateLimitError(
            `${detail}; still rate limited after ${attempt + 1} attempts`,
            failure.retryDelayMs ?? backoffMs,
          );
        if (failure.status === 401 || failure.status === 403)
          throw new ConfigError(`${detail}; check GEMINI_API_KEY`, error);
        if (error instanceof SyntaxError) {
          throw new OmniloomError(
            `Gemini ${model} returned a malformed embedding response: ${error.message}`,
            { code: 'upstream_error', cause: error },
          );
        }
        throw new OmniloomError(detail, {
          code: 'upstream_error',
          cause: error,
          details: { status: failure.status, attempts: attempt + 1 },
        });
      }
      return texts.map((_, i) => {
        const values = response.embeddings?.[i]?.values;
        if (
          response.embeddings?.length !== texts.length ||
          !Array.isArray(values) ||
          values.length !== dims ||
          values.some((v) => typeof v !== 'number' || !Number.isFinite(v))
        ) {
          throw new OmniloomError(
            `Gemini ${model} returned a malformed embedding response: expected ${texts.length} embeddings of ${dims} numbers, got ${describe(response.embeddings)}`,
            { code: 'upstream_error' },
          );
        }
        return normalizeVector(Float32Array.from(values));
      });
    }
  }

  return {
    id: `gemini:${model}:${dims}d`,
    dims,
    async embedDocuments(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await request(texts.slice(start, start + batchSize), 'RETRIEVAL_DOCUMENT')));
      }
      return vectors;
    },
    async embedQuery(text) {
      return (await request([text], 'RETRIEVAL_QUERY'))[0]!;
    },
  };
}

function describe(embeddings: unknown): string {
  if (!Array.isArray(embeddings))
    return typeof embeddings === 'undefined'
      ? 'no embeddings field'
      : `embeddings of type ${typeof embeddings}`;
  const first = (embeddings[0] as { values?: unknown } | undefined)?.values;
  return `${embeddings.length} embeddings, the first with ${Array.isArray(first) ? `${first.length} values` : 'no values list'}`;
}
