import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../plugin/store/store.ts';

const NAMESPACE = 'rag.revision';

/**
 * Records that an installation's chunks changed. Caches built from the chunks
 * (the keyword index) compare this token, so they notice changes made by any
 * process sharing the store, not only by this one.
 */
export async function markKnowledgeChanged(kv: KeyValueStore, installationId: string): Promise<string> {
  const revision = randomUUID();
  await kv.set(NAMESPACE, installationId, revision);
  return revision;
}

/** The current change token of an installation's chunks ('' before any change). */
export async function readKnowledgeRevision(kv: KeyValueStore, installationId: string): Promise<string> {
  return (await kv.get<string>(NAMESPACE, installationId)) ?? '';
}
