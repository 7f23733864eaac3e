/**
 * The storage port: every record Omniloom keeps, behind one interface with an
 * SQLite adapter (embedded default) and a MongoDB adapter (scale-out).
 *
 * Every record is scoped to an installation. Methods that read or change a
 * record take the installation id so one tenant can never touch another's
 * data, even with a guessed record id.
 *
 * Secrets are stored as ciphertext produced above this layer; the store never
 * sees a clear token.
 */
import type { Identifier, IdentifierType } from '../messages/normalized-message.ts';

export type StoreKind = 'sqlite' | 'mongo';

/** Chatwoot objects an installation created, so reinstall repairs and uninstall removes exactly these. */
export interface ProvisionedObjects {
  agentBotId?: number;
  /** Native inbox ids the bot was attached to, with the bot they had before (null if none). */
  botInboxes?: Array<{ inboxId: number; previousAgentBotId: number | null }>;
  /** Bridged channel name → API inbox id. */
  apiInboxes?: Record<string, number>;
  dashboardAppIds?: number[];
  webhookId?: number;
}

export interface InstallationRecord {
  id: string;
  chatwootUrl: string;
  accountId: number;
  /** Encrypted admin token (ciphertext envelope). */
  tokenCiphertext: string;
  /** Encrypted agent-bot token, once the bot exists. */
  botTokenCiphertext?: string;
  /** Encrypted secret path segment of the agent-bot and webhook URLs (kept reversible: reinstall rebuilds the URLs). */
  urlSecretCiphertext: string;
  settings: Record<string, unknown>;
  provisioned: ProvisionedObjects;
  status: 'active' | 'uninstalled';
  createdAt: string;
  updatedAt: string;
}

export type NewInstallation = Omit<InstallationRecord, 'createdAt' | 'updatedAt'>;

export interface ChannelAccountRecord {
  id: string;
  installationId: string;
  channel: string;
  /** Chatwoot API inbox the channel is bridged into. */
  inboxId?: number;
  /** Non-secret settings (base URLs, support channel id, ...). */
  config: Record<string, unknown>;
  /** Encrypted JSON of the channel's credentials. */
  credentialsCiphertext: string;
  /** ISO time the last webhook for this channel arrived (status panel). */
  lastInboundAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityRecord extends Identifier {
  installationId: string;
  contactId: number;
  createdAt: string;
}

/** One channel thread ↔ one Chatwoot conversation. */
export interface ThreadLinkRecord {
  installationId: string;
  channel: string;
  threadKey: string;
  conversationId: number;
  contactId: number;
  /** Chatwoot contact_inbox source id used for this thread. */
  sourceId: string;
  /** Platform coordinates needed to reply (copied from the ThreadRef). */
  address: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface MessageLinkRecord {
  installationId: string;
  channel: string;
  channelMessageId: string;
  chatwootMessageId: number;
  conversationId: number;
  direction: 'inbound' | 'outbound';
  createdAt: string;
}

export interface KbDocumentRecord {
  id: string;
  installationId: string;
  /** Optional inbox scope; undefined = whole installation. */
  inboxId?: number;
  source: string;
  title: string;
  contentHash: string;
  language?: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface KbChunkRecord {
  id: string;
  documentId: string;
  installationId: string;
  inboxId?: number;
  language?: string;
  ordinal: number;
  heading?: string;
  text: string;
  contentHash: string;
  embedderId: string;
  vector: Float32Array;
}

export interface VectorQuery {
  installationId: string;
  vector: Float32Array;
  embedderId: string;
  topK: number;
  /** When set, chunks scoped to another inbox are excluded (unscoped chunks stay). */
  inboxId?: number;
  /** When set, only chunks tagged with exactly this language match (untagged chunks are excluded). */
  language?: string;
}

export interface VectorHit {
  chunk: KbChunkRecord;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

export type SuggestionStatus = 'pending' | 'accepted' | 'edited' | 'rejected' | 'superseded';

export interface SuggestionSource {
  chunkId: string;
  documentId: string;
  title: string;
  excerpt: string;
  score: number;
}

export interface SuggestionRecord {
  id: string;
  installationId: string;
  conversationId: number;
  /** The customer message it answers. */
  chatwootMessageId: number;
  text: string;
  confidence: number;
  sources: SuggestionSource[];
  status: SuggestionStatus;
  /** Text actually sent, when accepted or edited. */
  sentText?: string;
  rejectReason?: string;
  createdAt: string;
  resolvedAt?: string;
}

export type MergeSuggestionStatus = 'pending' | 'accepted' | 'dismissed';

export interface MergeSuggestionRecord {
  id: string;
  installationId: string;
  contactId: number;
  otherContactId: number;
  identifier: { type: IdentifierType; value: string };
  reason: string;
  status: MergeSuggestionStatus;
  createdAt: string;
  resolvedAt?: string;
}

export interface AuditRecord {
  id: string;
  installationId: string;
  /** `system`, `agent:<id>`, `admin`. */
  actor: string;
  action: string;
  subject: string;
  reason: string;
  data: Record<string, unknown>;
  at: string;
}

export interface AnalyticsEventRecord {
  installationId: string;
  type: string;
  channel?: string;
  inboxId?: number;
  conversationId?: number;
  at: string;
  data: Record<string, unknown>;
}

/** Events with `from <= at < to`, oldest first. */
export interface AnalyticsQuery {
  installationId: string;
  from: string;
  to: string;
  types?: string[];
}

/**
 * A summary of analytics events computed where they are stored (SQL GROUP BY,
 * an aggregation pipeline), so a year of events never has to be listed.
 * Events with `from <= at < to` take part.
 */
export interface AnalyticsAggregateQuery {
  installationId: string;
  from: string;
  to: string;
  /**
   * Grouping: by channel, by inbox id, by time bucket (see `edges`) or all
   * events in one group.
   */
  groupBy: 'channel' | 'inbox' | 'time' | 'none';
  /**
   * With `time`: ascending instants; bucket i holds events with
   * `edges[i] <= at < edges[i + 1]`. Events outside every bucket are left out.
   * Callers compute the edges (local days with DST, weeks) so adapters need
   * no time-zone arithmetic.
   */
  edges?: string[];
  /** The event types to summarise (one row per group and type with events). */
  types: string[];
  /** Types whose rows also count distinct conversations (`conversations`); costs a set per group. */
  distinctConversations?: string[];
  /** Per type, a `data` field whose values are counted, e.g. `{ 'bot.handoff': 'reason' }`. */
  countBy?: Record<string, string>;
  /** Per type, a numeric `data` field summarised by count, sum and percentiles, e.g. `{ 'response.first': 'seconds' }`. */
  measure?: Record<string, string>;
  /** Percentiles in [0, 1] for measured fields (linear interpolation between ranks). Default `[0.5, 0.9]`. */
  percentiles?: number[];
  /** Named sets of types whose distinct conversations are counted together, e.g. `{ engaged: ['bot.answer', 'bot.handoff'] }`. */
  conversationSets?: Record<string, string[]>;
}

/** One group's figures for one event type. */
export interface AnalyticsAggregateRow {
  /** Channel, inbox id as text, the bucket's first edge (as given), or null (no channel/inbox, or groupBy `none`). */
  group: string | null;
  type: string;
  count: number;
  /** Distinct conversation ids among these events, for types listed in `distinctConversations`. */
  conversations?: number;
  /** With `countBy` for this type: value as text (`true`, `5`, `low_confidence`; "" when missing) → events. */
  values?: Record<string, number>;
  /**
   * With `measure` for this type: over events whose field holds a number.
   * `percentiles` follows the query's order; null when no event had a number.
   */
  measure?: { count: number; sum: number; percentiles: Array<number | null> };
}

/** Distinct conversations of one named type set in one group. */
export interface AnalyticsConversationSetRow {
  group: string | null;
  name: string;
  conversations: number;
}

export interface AnalyticsAggregateResult {
  /** One row per (group, type) that has events, in no particular order. */
  rows: AnalyticsAggregateRow[];
  /** One row per (group, set) that has events. */
  conversationSets: AnalyticsConversationSetRow[];
}

export interface InstallationStore {
  /** Fails with a `conflict` error when the id exists or the account already has an active installation. */
  create(record: NewInstallation): Promise<InstallationRecord>;
  get(id: string): Promise<InstallationRecord | undefined>;
  /** The active installation for one Chatwoot account, if any. */
  findByAccount(chatwootUrl: string, accountId: number): Promise<InstallationRecord | undefined>;
  list(): Promise<InstallationRecord[]>;
  update(
    id: string,
    patch: Partial<Omit<InstallationRecord, 'id' | 'createdAt'>>,
  ): Promise<InstallationRecord>;
  delete(id: string): Promise<void>;
}

export interface ChannelAccountStore {
  upsert(
    record: Omit<ChannelAccountRecord, 'createdAt' | 'updatedAt' | 'id'> & { id?: string },
  ): Promise<ChannelAccountRecord>;
  get(installationId: string, channel: string): Promise<ChannelAccountRecord | undefined>;
  list(installationId: string): Promise<ChannelAccountRecord[]>;
  touchInbound(installationId: string, channel: string, at: string): Promise<void>;
  delete(installationId: string, channel: string): Promise<void>;
}

export interface IdentityStore {
  /** Adds or upgrades (claimed → verified) an identifier on a contact. Returns true if anything changed. */
  add(record: Omit<IdentityRecord, 'createdAt'>): Promise<boolean>;
  listForContact(installationId: string, contactId: number): Promise<IdentityRecord[]>;
  /** Every contact holding this identifier (type + normalized value). */
  findByValue(installationId: string, type: IdentifierType, value: string): Promise<IdentityRecord[]>;
  /** Moves every identifier of `fromContactId` to `toContactId` after a merge. */
  reassignContact(installationId: string, fromContactId: number, toContactId: number): Promise<void>;
}

export interface ThreadLinkStore {
  get(installationId: string, channel: string, threadKey: string): Promise<ThreadLinkRecord | undefined>;
  findByConversation(installationId: string, conversationId: number): Promise<ThreadLinkRecord | undefined>;
  upsert(record: Omit<ThreadLinkRecord, 'createdAt' | 'updatedAt'>): Promise<ThreadLinkRecord>;
  reassignContact(installationId: string, fromContactId: number, toContactId: number): Promise<void>;
}

export interface MessageLinkStore {
  /** Inserts unless the same (installation, channel, channelMessageId) exists; returns false on duplicate. */
  insert(record: Omit<MessageLinkRecord, 'createdAt'>): Promise<boolean>;
  byChannelMessage(
    installationId: string,
    channel: string,
    channelMessageId: string,
  ): Promise<MessageLinkRecord | undefined>;
  byChatwootMessage(
    installationId: string,
    chatwootMessageId: number,
  ): Promise<MessageLinkRecord | undefined>;
}

export interface KnowledgeStore {
  upsertDocument(record: Omit<KbDocumentRecord, 'createdAt' | 'updatedAt'>): Promise<KbDocumentRecord>;
  getDocument(installationId: string, id: string): Promise<KbDocumentRecord | undefined>;
  findDocumentBySource(installationId: string, source: string): Promise<KbDocumentRecord | undefined>;
  listDocuments(installationId: string): Promise<KbDocumentRecord[]>;
  /** Deletes the document and all its chunks. */
  deleteDocument(installationId: string, id: string): Promise<void>;
  /** Replaces the document's chunk set with `chunks` (chunks not listed are removed). */
  replaceChunks(installationId: string, documentId: string, chunks: KbChunkRecord[]): Promise<void>;
  listChunks(installationId: string, documentId?: string): Promise<KbChunkRecord[]>;
  /** Chunks by content hash and embedder, so unchanged text is never re-embedded. */
  findChunksByHash(installationId: string, hashes: string[], embedderId: string): Promise<KbChunkRecord[]>;
  countChunks(installationId: string): Promise<number>;
  vectorSearch(query: VectorQuery): Promise<VectorHit[]>;
}

export interface SuggestionStore {
  create(record: SuggestionRecord): Promise<SuggestionRecord>;
  get(installationId: string, id: string): Promise<SuggestionRecord | undefined>;
  listForConversation(
    installationId: string,
    conversationId: number,
    limit?: number,
  ): Promise<SuggestionRecord[]>;
  update(
    installationId: string,
    id: string,
    patch: Partial<Omit<SuggestionRecord, 'id' | 'installationId'>>,
  ): Promise<SuggestionRecord>;
}

export interface MergeSuggestionStore {
  /** Creates unless a suggestion for the same contact pair and identifier exists (in any status); returns it either way. */
  createIfAbsent(record: MergeSuggestionRecord): Promise<{ record: MergeSuggestionRecord; created: boolean }>;
  get(installationId: string, id: string): Promise<MergeSuggestionRecord | undefined>;
  listForContact(
    installationId: string,
    contactId: number,
    status?: MergeSuggestionStatus,
  ): Promise<MergeSuggestionRecord[]>;
  setStatus(
    installationId: string,
    id: string,
    status: MergeSuggestionStatus,
  ): Promise<MergeSuggestionRecord>;
}

export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  list(installationId: string, limit?: number): Promise<AuditRecord[]>;
}

export interface AnalyticsStore {
  record(event: AnalyticsEventRecord): Promise<void>;
  recordMany(events: AnalyticsEventRecord[]): Promise<void>;
  list(query: AnalyticsQuery): Promise<AnalyticsEventRecord[]>;
  /** Counts, distinct conversations, value counts and percentiles per group and type, computed in the database. */
  aggregate(query: AnalyticsAggregateQuery): Promise<AnalyticsAggregateResult>;
}

/**
 * Run-once markers: `claim` returns true for the first caller of a key and
 * false for every later one. Used to make handlers idempotent (Chatwoot
 * message ids, channel event ids).
 */
export interface IdempotencyStore {
  /**
   * Scopes should start with the installation id (`<installationId>` or
   * `<installationId>:<area>`) so `purgeInstallation` can remove them.
   * A claim with `ttlMs` can be claimed again once it has expired.
   */
  claim(scope: string, key: string, ttlMs?: number): Promise<boolean>;
  release(scope: string, key: string): Promise<void>;
}

/**
 * Small per-installation key/value settings that do not warrant their own table.
 * Namespaces follow the idempotency scope convention (`<installationId>` or
 * `<installationId>:<area>`) so `purgeInstallation` removes them; values are
 * stored as JSON and setting `undefined` deletes the key.
 */
export interface KeyValueStore {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set<T>(namespace: string, key: string, value: T): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  /**
   * Adds one to the integer under the key in a single atomic step (a missing
   * key counts as 0) and resolves to the new value, so concurrent callers, in
   * this process or another, each get a different number. The value stays an
   * ordinary JSON number for `get` and `set`.
   *
   * @throws BadRequestError (`bad_request`) when the key holds something other
   *   than an integer; the value is left as it was.
   */
  increment(namespace: string, key: string): Promise<number>;
}

export interface Store {
  readonly kind: StoreKind;
  readonly installations: InstallationStore;
  readonly channelAccounts: ChannelAccountStore;
  readonly identities: IdentityStore;
  readonly threads: ThreadLinkStore;
  readonly messages: MessageLinkStore;
  readonly knowledge: KnowledgeStore;
  readonly suggestions: SuggestionStore;
  readonly mergeSuggestions: MergeSuggestionStore;
  readonly audit: AuditStore;
  readonly analytics: AnalyticsStore;
  readonly idempotency: IdempotencyStore;
  readonly kv: KeyValueStore;
  /**
   * Removes every record of an installation (uninstall), the installation
   * record itself included, plus idempotency claims and key/value entries
   * whose scope/namespace is the installation id or starts with `<id>:`.
   */
  purgeInstallation(installationId: string): Promise<void>;
  close(): Promise<void>;
}
