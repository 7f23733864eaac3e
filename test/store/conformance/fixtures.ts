import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type {
  KbChunkRecord,
  MergeSuggestionRecord,
  NewInstallation,
  Store,
  SuggestionRecord,
} from '../../../plugin/store/store.ts';

/**
 * What every conformance section gets: the store under test (opened once per
 * suite), two fresh installation ids per test, and `open` for a second
 * instance on the same database.
 */
export interface ConformanceContext {
  store: Store;
  a: string;
  b: string;
  open: () => Promise<Store>;
}

/** Asserts a promise rejects with an OmniloomError of the given code. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: unknown }).code, code, `expected code ${code}, got ${String(error)}`);
    return true;
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unique id per call, so suites can share a database across runs (MongoDB) without collisions. */
export const uid = (prefix: string) => `${prefix}-${randomUUID()}`;

export function newInstallation(overrides: Partial<NewInstallation> = {}): NewInstallation {
  return {
    id: uid('inst'),
    chatwootUrl: `https://chat-${randomUUID()}.example.com`,
    accountId: 1,
    tokenCiphertext: 'v1:cipher-admin',
    urlSecretCiphertext: 'v1:cipher-url',
    settings: {},
    provisioned: {},
    status: 'active',
    ...overrides,
  };
}

export function chunk(
  installationId: string,
  documentId: string,
  ordinal: number,
  vector: Float32Array,
  extra: Partial<KbChunkRecord> = {},
): KbChunkRecord {
  const record: KbChunkRecord = {
    id: `${documentId}#${ordinal}`,
    documentId,
    installationId,
    ordinal,
    text: `chunk ${ordinal} of ${documentId}`,
    contentHash: `hash-${documentId}-${ordinal}`,
    embedderId: 'hash-tfidf-32',
    vector,
    ...extra,
  };
  // Absent optional fields are absent keys in what a store returns.
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as KbChunkRecord;
}

export async function addDocument(store: Store, installationId: string, id = uid('doc'), inboxId?: number) {
  return store.knowledge.upsertDocument({
    id,
    installationId,
    inboxId,
    source: `https://docs.example.com/${id}`,
    title: `Document ${id}`,
    contentHash: `content-${id}`,
    metadata: { kind: 'faq' },
  });
}

export function suggestion(
  installationId: string,
  overrides: Partial<SuggestionRecord> = {},
): SuggestionRecord {
  return {
    id: uid('sug'),
    installationId,
    conversationId: 77,
    chatwootMessageId: 9001,
    text: 'Try turning it off and on again.',
    confidence: 0.82,
    sources: [{ chunkId: 'c1', documentId: 'd1', title: 'FAQ', excerpt: 'turn it off', score: 0.9 }],
    status: 'pending',
    createdAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

export function mergeSuggestion(
  installationId: string,
  overrides: Partial<MergeSuggestionRecord> = {},
): MergeSuggestionRecord {
  return {
    id: uid('merge'),
    installationId,
    contactId: 10,
    otherContactId: 20,
    identifier: { type: 'email', value: 'ada@example.com' },
    reason: 'same verified email',
    status: 'pending',
    createdAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}
