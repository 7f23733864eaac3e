import type { KeyValueStore } from '../store/store.ts';

/** Longest merge chain followed (A merged into B merged into C …); longer chains mean a loop. */
const MAX_HOPS = 20;

function namespaceOf(installationId: string): string {
  return `${installationId}:identity-merges`;
}

/**
 * Remembers that `mergeeId` now lives on as `baseId`. Events, thread links and
 * dashboard tabs may still name the deleted contact for a while; they are
 * redirected through this record.
 */
export async function recordMergedContact(
  kv: KeyValueStore,
  installationId: string,
  mergeeId: number,
  baseId: number,
): Promise<void> {
  if (mergeeId === baseId) return;
  await kv.set(namespaceOf(installationId), String(mergeeId), baseId);
}

/** The contact that `contactId` was merged into (following every later merge), or `contactId` itself. */
export async function followMergedContact(
  kv: KeyValueStore,
  installationId: string,
  contactId: number,
): Promise<number> {
  let current = contactId;
  const seen = new Set<number>([current]);
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const next = await kv.get<number>(namespaceOf(installationId), String(current));
    if (typeof next !== 'number' || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
  return current;
}

function goneNamespaceOf(installationId: string): string {
  return `${installationId}:identity-gone`;
}

/**
 * Remembers that a contact no longer exists in Chatwoot (deleted, or merged
 * outside Omniloom), so its leftover identifiers stop being matched against.
 * Chatwoot never reuses contact ids.
 */
export async function recordGoneContact(
  kv: KeyValueStore,
  installationId: string,
  contactId: number,
): Promise<void> {
  await kv.set(goneNamespaceOf(installationId), String(contactId), true);
}

/** True when {@link recordGoneContact} was called for this contact. */
export async function isGoneContact(
  kv: KeyValueStore,
  installationId: string,
  contactId: number,
): Promise<boolean> {
  return (await kv.get<boolean>(goneNamespaceOf(installationId), String(contactId))) === true;
}
