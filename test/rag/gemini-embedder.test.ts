import assert from 'node:assert/strict';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import { createGeminiEmbedder, type GeminiEmbedderOptions } from '../../rag/embed/gemini-embedder.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { createRequestPacer } from '../../rag/embed/pace-requests.ts';
import { createRetriever } from '../../rag/retrieve/create-retriever.ts';
import { startFakeGeminiServer, type FakeGeminiServer } from '../fakes/fake-gemini-server.ts';
import { MemoryRagStore } from './memory-rag-store.ts';

interface EmbedBody {
  requests: Array<{
    model: string;
    content: { parts: Array<{ text: string }> };
    taskType: string;
    outputDimensionality: number;
  }>;
}

describe('Gemini embedder (against the fake Gemini API)', () => {
  let server: FakeGeminiServer;
  let sleeps: number[];

  beforeEach(async () => {
    server = await startFakeGeminiServer({ apiKey: 'test-key' });
    sleeps = [];
  });
  afterEach(() => server.close());

  const embedder = (options: Partial<GeminiEmbedderOptions> = {}) =>
    createGeminiEmbedder({
      apiKey: 'test-key',
      baseUrl: server.url,
      requestsPerMinute: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });

  it('batches documents into batchEmbedContents calls with RETRIEVAL_DOCUMENT and the configured dims', async () => {
    const gemini = embedder({ outputDimensionality: 256, batchSize: 2 });
    assert.equal(gemini.id, 'gemini:gemini-embedding-001:256d');
    assert.equal(gemini.dims, 256);
    const vectors = await gemini.embedDocuments(['alpha one', 'beta two', 'gamma three']);
    assert.equal(vectors.length, 3);
    for (const vector of vectors) {
      assert.equal(vector.length, 256);
      assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5, 'normalised');
    }
    const calls = server.requestsFor('batchEmbedContents');
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.equal(calls[0]!.headers['x-goog-api-key'], 'test-key');
    const first = calls[0]!.body as EmbedBody;
    assert.equal(first.requests.length, 2);
    assert.deepEqual(first.requests[0], {
      model: 'models/gemini-embedding-001',
      content: first.requests[0]!.content,
      taskType: 'RETRIEVAL_DOCUMENT',
      outputDimensionality: 256,
    });
    assert.equal(first.requests[0]!.content.parts[0]!.text, 'alpha one');
    assert.equal((calls[1]!.body as EmbedBody).requests[0]!.content.parts[0]!.text, 'gamma three');
  });

  it('embeds queries with RETRIEVAL_QUERY and a configurable model', async () => {
    const gemini = embedder({ model: 'text-embedding-004', outputDimensionality: 64 });
    const vector = await gemini.embedQuery('where is my order');
    assert.equal(vector.length, 64);
    const [call] = server.requestsFor('batchEmbedContents');
    assert.equal(call!.model, 'text-embedding-004');
    assert.equal((call!.body as EmbedBody).requests[0]!.taskType, 'RETRIEVAL_QUERY');
  });

  it('retries a 429 after the RetryInfo delay, then succeeds', async () => {
    server.failNext({ kind: 'rate-limit', retryDelay: '7s' }, 2);
    const vectors = await embedder().embedDocuments(['hello']);
    assert.equal(vectors.length, 1);
    assert.deepEqual(sleeps, [7000, 7000]);
    assert.equal(server.requestsFor('batchEmbedContents').length, 3);
  });

  it('gives up on a persistent 429 with a RateLimitError carrying the delay', async () => {
    server.failNext({ kind: 'rate-limit', retryDelay: '2s' }, 10);
    await assert.rejects(embedder({ maxRetries: 2 }).embedDocuments(['hello']), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterMs, 2000);
      return true;
    });
    assert.equal(server.requests.length, 3);
  });

  it('retries 500 with exponential backoff and reports an upstream error when it persists', async () => {
    server.failNext({ kind: 'server-error', status: 500 }, 1);
    assert.equal((await embedder({ backoffMs: 100 }).embedDocuments(['x'])).length, 1);
    assert.deepEqual(sleeps, [100]);
    sleeps.length = 0;
    server.failNext({ kind: 'server-error', status: 503 }, 5);
    await assert.rejects(
      embedder({ backoffMs: 100, maxRetries: 3 }).embedDocuments(['x']),
      (error: unknown) => {
        assert.ok(error instanceof OmniloomError);
        assert.equal(error.code, 'upstream_error');
        assert.match(error.message, /\(503\)/);
        return true;
      },
    );
    assert.deepEqual(sleeps, [100, 200, 400]);
  });

  it('a malformed body or a wrong-shaped answer fails with a clear error, without retrying', async () => {
    server.failNext({ kind: 'malformed' });
    await assert.rejects(embedder().embedDocuments(['x']), /returned a malformed embedding response/);
    server.failNext({ kind: 'reply', reply: { json: { embeddings: [{ values: [0.1, 0.2] }] } } });
    await assert.rejects(
      embedder({ outputDimensionality: 8 }).embedDocuments(['x', 'y']),
      /expected 2 embeddings of 8 numbers, got 1 embeddings/,
    );
    assert.equal(server.requests.length, 2);
  });

  it('a timeout is retried', async () => {
    server.failNext({ kind: 'hang', ms: 2000 });
    const vectors = await embedder({ timeoutMs: 100, backoffMs: 1 }).embedDocuments(['slow']);
    assert.equal(vectors.length, 1);
    assert.equal(server.requests.length, 2);
  });

  it('a rejected key is a configuration error naming GEMINI_API_KEY', async () => {
    await assert.rejects(embedder({ apiKey: 'wrong' }).embedQuery('x'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /403.*GEMINI_API_KEY/);
      return true;
    });
    assert.throws(() => createGeminiEmbedder({ apiKey: '' }), ConfigError);
  });

  it('paces request starts to the configured rate', async () => {
    let now = 0;
    const starts: number[] = [];
    const pace = createRequestPacer(600, { now: () => now, sleep: async (ms) => void (now += ms) });
    for (let i = 0; i < 3; i++) {
      await pace();
      starts.push(now);
    }
    assert.deepEqual(starts, [0, 100, 200]);
    now = 1000;
    await pace();
    assert.equal(now, 1000, 'no wait once the interval has passed');
    const gemini = embedder({ requestsPerMinute: 60, batchSize: 1 });
    await gemini.embedDocuments(['a', 'b']);
    assert.equal(sleeps.length, 1);
  });

  it('serves ingestion and retrieval end to end', async () => {
    const store = new MemoryRagStore();
    const gemini = embedder({ outputDimensionality: 128 });
    await ingestDocument(store, gemini, {
      installationId: 'g',
      source: 'a',
      title: 'Shipping',
      text: 'We ship parcels worldwide.',
    });
    await ingestDocument(store, gemini, {
      installationId: 'g',
      source: 'b',
      title: 'Refunds',
      text: 'Refunds take fourteen days.',
    });
    const results = await createRetriever({ store, embedder: gemini }).retrieve('refunds days', {
      installationId: 'g',
      mode: 'vector',
      topK: 1,
    });
    assert.equal(results[0]!.chunk.heading, 'Refunds');
  });
});
