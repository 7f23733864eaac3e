import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../plugin/logger.ts';
import type { RagStore } from '../../rag/rag-store.ts';
import { MemoryRagStore } from '../../test/rag/memory-rag-store.ts';

/** A store for a benchmark run, its kind, and how to dispose of it. */
export interface BenchStore {
  store: RagStore;
  kind: 'sqlite' | 'memory';
  close(): Promise<void>;
}

/**
 * The real SQLite store in a fresh temp directory when the adapter is
 * available (and `prefer` is not 'memory'); otherwise the in-memory test store.
 */
export async function openBenchStore(prefer: 'sqlite' | 'memory' = 'sqlite'): Promise<BenchStore> {
  if (prefer === 'sqlite') {
    try {
      const { createStore } = await import('../../plugin/store/create-store.ts');
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-rag-bench-'));
      const store = await createStore({ dataDir, logger: silentLogger() });
      return {
        store,
        kind: 'sqlite',
        close: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      console.error(
        `SQLite store unavailable (${error instanceof Error ? error.message : String(error)}); using memory`,
      );
    }
  }
  return { store: new MemoryRagStore(), kind: 'memory', close: async () => {} };
}
