import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KbChunkRecord, Store } from '../../plugin/store/store.ts';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';
import { bruteForceSearch, randomVector, seededRandom } from './brute-force-search.ts';

const CHUNKS = 100_000;
const DIMS = 256;
const PER_DOCUMENT = 10_000;

describe('SQLite vector search at 100k × 256', function () {
  this.timeout(120_000);
  let dir: string;
  let store: Store;
  const sample: KbChunkRecord[] = [];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniloom-vector-speed-'));
    store = await openSqliteStore({ file: path.join(dir, 'store.sqlite') });
    const random = seededRandom(2024);
    for (let d = 0; d < CHUNKS / PER_DOCUMENT; d++) {
      const documentId = `doc-${d}`;
      await store.knowledge.upsertDocument({
        id: documentId,
        installationId: 'speed',
        inboxId: d % 2 === 0 ? undefined : d,
        source: documentId,
        title: documentId,
        contentHash: documentId,
        metadata: {},
      });
      const chunks = Array.from({ length: PER_DOCUMENT }, (_, i) => ({
        id: `${documentId}#${i}`,
        documentId,
        installationId: 'speed',
        inboxId: d % 2 === 0 ? undefined : d,
        language: i % 2 === 0 ? 'en' : 'de',
        ordinal: i,
        text: 'x',
        contentHash: `${documentId}#${i}`,
        embedderId: 'speed-256',
        vector: randomVector(random, DIMS),
      }));
      await store.knowledge.replaceChunks('speed', documentId, chunks);
      // A spread sample keeps the reference check cheap while still ranking against real rows.
      sample.push(...chunks.filter((_, i) => i % 1000 === 0));
    }
  });

  after(async function () {
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers in a few milliseconds once the index is built', async function () {
    const random = seededRandom(7);
    const started = performance.now();
    await store.knowledge.vectorSearch({
      installationId: 'speed',
      embedderId: 'speed-256',
      vector: randomVector(random, DIMS),
      topK: 10,
    });
    const buildMs = performance.now() - started;

    const timings: number[] = [];
    for (let i = 0; i < 30; i++) {
      const vector = randomVector(random, DIMS);
      const t = performance.now();
      const hits = await store.knowledge.vectorSearch({
        installationId: 'speed',
        embedderId: 'speed-256',
        vector,
        topK: 10,
        inboxId: i % 3 === 0 ? 3 : undefined,
      });
      timings.push(performance.now() - t);
      assert.equal(hits.length, 10);
    }
    timings.sort((x, y) => x - y);
    const fastest = timings[0] as number;
    const median = timings[Math.floor(timings.length / 2)] as number;
    console.log(
      `      index build ${buildMs.toFixed(0)} ms; per query: fastest ${fastest.toFixed(2)} ms, median ${median.toFixed(2)} ms`,
    );
    // "A few ms" on an idle machine. The fastest run is the stable measure on a shared runner; the median
    // bound only catches gross regressions (an index rebuilt per query, a full sort of every score).
    assert.ok(fastest < 15, `fastest search took ${fastest.toFixed(2)} ms`);
    assert.ok(median < 100, `median search took ${median.toFixed(2)} ms`);
  });

  it('still ranks exactly: a stored vector finds itself first', async function () {
    const target = sample[37] as KbChunkRecord;
    const hits = await store.knowledge.vectorSearch({
      installationId: 'speed',
      embedderId: 'speed-256',
      vector: target.vector,
      topK: 3,
    });
    assert.equal(hits[0]?.chunk.id, target.id);
    assert.ok(Math.abs((hits[0]?.score ?? 0) - 1) < 1e-5);
    const reference = bruteForceSearch(sample, {
      installationId: 'speed',
      embedderId: 'speed-256',
      vector: target.vector,
      topK: 1,
    });
    assert.equal(reference[0]?.id, target.id);
    assert.ok((hits[1]?.score ?? 1) < 0.5, 'random 256-d vectors are far from each other');
  });
});
