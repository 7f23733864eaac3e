import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../plugin/logger.ts';
import { createStore } from '../../plugin/store/create-store.ts';
import type { RagStore } from '../../rag/rag-store.ts';
import { MemoryRagStore } from './memory-rag-store.ts';

/** A store under test and its cleanup. */
export interface OpenedRagStore {
  store: RagStore;
  close(): Promise<void>;
}

/** The stores RAG behaviour is checked against: the in-memory double and the real SQLite adapter. */
export const RAG_TEST_STORES: Array<{ name: string; open: () => Promise<OpenedRagStore> }> = [
  { name: 'memory', open: async () => ({ store: new MemoryRagStore(), close: async () => {} }) },
  {
    name: 'sqlite',
    open: async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-rag-test-'));
      const store = await createStore({ dataDir, logger: silentLogger() });
      return {
        store,
        close: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];
