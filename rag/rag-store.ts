import type { Store } from '../plugin/store/store.ts';

/** The parts of the storage port the knowledge base uses: documents/chunks and small key/values. */
export type RagStore = Pick<Store, 'knowledge' | 'kv'>;
