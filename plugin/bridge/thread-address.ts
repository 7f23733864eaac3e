import type { ThreadRef } from '../messages/normalized-message.ts';

/** The thread kind travels with the stored address: connectors reply differently in a DM and in a thread. */
const KIND_KEY = '_kind';

export function addressForStorage(thread: ThreadRef): Record<string, string> {
  return { ...thread.address, [KIND_KEY]: thread.kind };
}

export function threadFromStorage(threadKey: string, stored: Record<string, string>): ThreadRef {
  const { [KIND_KEY]: kind, ...address } = stored;
  return { key: threadKey, kind: kind === 'thread' || kind === 'channel' ? kind : 'direct', address };
}
