import { Schema, type Connection, type Model } from 'mongoose';
import type { IdentifierType } from '../../messages/normalized-message.ts';
import type {
  InstallationRecord,
  MergeSuggestionStatus,
  MessageLinkRecord,
  ProvisionedObjects,
  SuggestionSource,
  SuggestionStatus,
} from '../store.ts';

/**
 * Mongoose schemas of the MongoDB store. Indexes mirror the SQLite adapter's
 * primary keys and unique constraints so both adapters deduplicate the same
 * way. Every schema turns off the `id` virtual (several records have a real
 * `id` field), the version key, and `minimize` (empty settings objects must
 * survive a round trip).
 */

/** Stands for "no inbox" in `kb_chunks.inboxId`: Atlas vector filters match numbers reliably, missing fields not. */
export const NO_INBOX = 0;

const options = { versionKey: false, id: false, minimize: false, strict: true } as const;
const json = { type: Schema.Types.Mixed, required: true } as const;

export interface InstallationDoc {
  _id: string;
  chatwootUrl: string;
  accountId: number;
  tokenCiphertext: string;
  botTokenCiphertext?: string;
  urlSecretCiphertext: string;
  settings: Record<string, unknown>;
  provisioned: ProvisionedObjects;
  status: InstallationRecord['status'];
  createdAt: string;
  updatedAt: string;
}

const installationSchema = new Schema<InstallationDoc>(
  {
    _id: { type: String, required: true },
    chatwootUrl: { type: String, required: true },
    accountId: { type: Number, required: true },
    tokenCiphertext: { type: String, required: true },
    botTokenCiphertext: String,
    urlSecretCiphertext: { type: String, required: true },
    settings: json,
    provisioned: json,
    status: { type: String, required: true, enum: ['active', 'uninstalled'] },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { ...options, collection: 'installations' },
);
installationSchema.index(
  { chatwootUrl: 1, accountId: 1 },
  { unique: true, partialFilterExpression: { status: 'active' }, name: 'active_account' },
);

export interface ChannelAccountDoc {
  installationId: string;
  channel: string;
  id: string;
  inboxId?: number;
  config: Record<string, unknown>;
  credentialsCiphertext: string;
  lastInboundAt?: string;
  createdAt: string;
  updatedAt: string;
}

const channelAccountSchema = new Schema<ChannelAccountDoc>(
  {
    installationId: { type: String, required: true },
    channel: { type: String, required: true },
    id: { type: String, required: true },
    inboxId: Number,
    config: json,
    credentialsCiphertext: { type: String, required: true },
    lastInboundAt: String,
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { ...options, collection: 'channel_accounts' },
);
channelAccountSchema.index({ installationId: 1, channel: 1 }, { unique: true });
channelAccountSchema.index({ installationId: 1, id: 1 }, { unique: true });

export interface IdentityDoc {
  installationId: string;
  type: IdentifierType;
  value: string;
  contactId: number;
  verified: boolean;
  source?: string;
  createdAt: string;
}

const identitySchema = new Schema<IdentityDoc>(
  {
    installationId: { type: String, required: true },
    type: { type: String, required: true },
    value: { type: String, required: true },
    contactId: { type: Number, required: true },
    verified: { type: Boolean, required: true },
    source: String,
    createdAt: { type: String, required: true },
  },
  { ...options, collection: 'identities' },
);
identitySchema.index({ installationId: 1, type: 1, value: 1, contactId: 1 }, { unique: true });
identitySchema.index({ installationId: 1, contactId: 1 });

export interface ThreadLinkDoc {
  installationId: string;
  channel: string;
  threadKey: string;
  conversationId: number;
  contactId: number;
  sourceId: string;
  address: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

const threadLinkSchema = new Schema<ThreadLinkDoc>(
  {
    installationId: { type: String, required: true },
    channel: { type: String, required: true },
    threadKey: { type: String, required: true },
    conversationId: { type: Number, required: true },
    contactId: { type: Number, required: true },
    sourceId: { type: String, required: true },
    address: json,
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { ...options, collection: 'thread_links' },
);
threadLinkSchema.index({ installationId: 1, channel: 1, threadKey: 1 }, { unique: true });
threadLinkSchema.index({ installationId: 1, conversationId: 1, updatedAt: -1 });
threadLinkSchema.index({ installationId: 1, contactId: 1 });

export interface MessageLinkDoc {
  installationId: string;
  channel: string;
  channelMessageId: string;
  chatwootMessageId: number;
  conversationId: number;
  direction: MessageLinkRecord['direction'];
  createdAt: string;
}

const messageLinkSchema = new Schema<MessageLinkDoc>(
  {
    installationId: { type: String, required: true },
    channel: { type: String, required: true },
    channelMessageId: { type: String, required: true },
    chatwootMessageId: { type: Number, required: true },
    conversationId: { type: Number, required: true },
    direction: { type: String, required: true, enum: ['inbound', 'outbound'] },
    createdAt: { type: String, required: true },
  },
  { ...options, collection: 'message_links' },
);
messageLinkSchema.index({ installationId: 1, channel: 1, channelMessageId: 1 }, { unique: true });
messageLinkSchema.index({ installationId: 1, chatwootMessageId: 1 });

export interface KbDocumentDoc {
  installationId: string;
  id: string;
  inboxId?: number;
  source: string;
  title: string;
  contentHash: string;
  language?: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

const kbDocumentSchema = new Schema<KbDocumentDoc>(
  {
    installationId: { type: String, required: true },
    id: { type: String, required: true },
    inboxId: Number,
    source: { type: String, required: true },
    title: { type: String, required: true },
    contentHash: { type: String, required: true },
    language: String,
    metadata: json,
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { ...options, collection: 'kb_documents' },
);
kbDocumentSchema.index({ installationId: 1, id: 1 }, { unique: true });
kbDocumentSchema.index({ installationId: 1, source: 1 }, { unique: true });

export interface KbChunkDoc {
  installationId: string;
  id: string;
  documentId: string;
  /** {@link NO_INBOX} when the chunk is not scoped to an inbox. */
  inboxId: number;
  language?: string;
  ordinal: number;
  heading?: string;
  text: string;
  contentHash: string;
  embedderId: string;
  dims: number;
  /** L2 norm of `vector`, so the exact fallback divides instead of recomputing it per query. */
  norm: number;
  vector: number[];
}

const kbChunkSchema = new Schema<KbChunkDoc>(
  {
    installationId: { type: String, required: true },
    id: { type: String, required: true },
    documentId: { type: String, required: true },
    inboxId: { type: Number, required: true },
    language: String,
    ordinal: { type: Number, required: true },
    heading: String,
    text: { type: String, required: true },
    contentHash: { type: String, required: true },
    embedderId: { type: String, required: true },
    dims: { type: Number, required: true },
    norm: { type: Number, required: true },
    vector: { type: [Number], required: true },
  },
  { ...options, collection: 'kb_chunks' },
);
kbChunkSchema.index({ installationId: 1, id: 1 }, { unique: true });
kbChunkSchema.index({ installationId: 1, documentId: 1, ordinal: 1 });
kbChunkSchema.index({ installationId: 1, embedderId: 1, contentHash: 1 });
kbChunkSchema.index({ installationId: 1, embedderId: 1, dims: 1 });

export interface SuggestionDoc {
  installationId: string;
  id: string;
  conversationId: number;
  chatwootMessageId: number;
  text: string;
  confidence: number;
  sources: SuggestionSource[];
  status: SuggestionStatus;
  sentText?: string;
  rejectReason?: string;
  createdAt: string;
  resolvedAt?: string;
}

const suggestionSchema = new Schema<SuggestionDoc>(
  {
    installationId: { type: String, required: true },
    id: { type: String, required: true },
    conversationId: { type: Number, required: true },
    chatwootMessageId: { type: Number, required: true },
    text: { type: String, required: true },
    confidence: { type: Number, required: true },
    sources: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    sentText: String,
    rejectReason: String,
    createdAt: { type: String, required: true },
    resolvedAt: String,
  },
  { ...options, collection: 'suggestions' },
);
suggestionSchema.index({ installationId: 1, id: 1 }, { unique: true });
suggestionSchema.index({ installationId: 1, conversationId: 1, createdAt: -1 });

export interface MergeSuggestionDoc {
  installationId: string;
  id: string;
  contactId: number;
  otherContactId: number;
  /** The pair in a fixed order so (a, b) and (b, a) are the same suggestion. */
  contactLow: number;
  contactHigh: number;
  identifierType: IdentifierType;
  identifierValue: string;
  reason: string;
  status: MergeSuggestionStatus;
  createdAt: string;
  resolvedAt?: string;
}

const mergeSuggestionSchema = new Schema<MergeSuggestionDoc>(
  {
    installationId: { type: String, required: true },
    id: { type: String, required: true },
    contactId: { type: Number, required: true },
    otherContactId: { type: Number, required: true },
    contactLow: { type: Number, required: true },
    contactHigh: { type: Number, required: true },
    identifierType: { type: String, required: true },
    identifierValue: { type: String, required: true },
    reason: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: String, required: true },
    resolvedAt: String,
  },
  { ...options, collection: 'merge_suggestions' },
);
mergeSuggestionSchema.index({ installationId: 1, id: 1 }, { unique: true });
mergeSuggestionSchema.index(
  { installationId: 1, contactLow: 1, contactHigh: 1, identifierType: 1, identifierValue: 1 },
  { unique: true, name: 'pair_identifier' },
);
mergeSuggestionSchema.index({ installationId: 1, contactId: 1 });
mergeSuggestionSchema.index({ installationId: 1, otherContactId: 1 });

export interface AuditDoc {
  installationId: string;
  id: string;
  actor: string;
  action: string;
  subject: string;
  reason: string;
  data: Record<string, unknown>;
  at: string;
}

const auditSchema = new Schema<AuditDoc>(
  {
    installationId: { type: String, required: true },
    id: { type: String, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    subject: { type: String, required: true },
    reason: { type: String, required: true },
    data: json,
    at: { type: String, required: true },
  },
  { ...options, collection: 'audit_log' },
);
auditSchema.index({ installationId: 1, id: 1 }, { unique: true });
auditSchema.index({ installationId: 1, at: -1 });

export interface AnalyticsEventDoc {
  installationId: string;
  type: string;
  channel?: string;
  inboxId?: number;
  conversationId?: number;
  /** UTC ISO-8601, normalised so string order is time order. */
  at: string;
  data: Record<string, unknown>;
}

const analyticsEventSchema = new Schema<AnalyticsEventDoc>(
  {
    installationId: { type: String, required: true },
    type: { type: String, required: true },
    channel: String,
    inboxId: Number,
    conversationId: Number,
    at: { type: String, required: true },
    data: json,
  },
  { ...options, collection: 'analytics_events' },
);
analyticsEventSchema.index({ installationId: 1, at: 1 });
// Aggregations read one event type over a time range (hand-offs, response times, CSAT).
analyticsEventSchema.index({ installationId: 1, type: 1, at: 1 });

export interface IdempotencyClaimDoc {
  scope: string;
  key: string;
  claimedAt: string;
  /** Null = never expires; a Date so a TTL index can sweep expired claims. */
  expiresAt: Date | null;
}

const idempotencyClaimSchema = new Schema<IdempotencyClaimDoc>(
  {
    scope: { type: String, required: true },
    key: { type: String, required: true },
    claimedAt: { type: String, required: true },
    expiresAt: { type: Date, default: null },
  },
  { ...options, collection: 'idempotency_claims' },
);
idempotencyClaimSchema.index({ scope: 1, key: 1 }, { unique: true });
// The TTL monitor only deletes; claim() still checks expiry itself because the monitor runs once a minute.
idempotencyClaimSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export interface KeyValueDoc {
  namespace: string;
  key: string;
  /** JSON text: any value round-trips, whatever its keys look like. */
  value: string;
  updatedAt: string;
}

const keyValueSchema = new Schema<KeyValueDoc>(
  {
    namespace: { type: String, required: true },
    key: { type: String, required: true },
    value: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { ...options, collection: 'kv_entries' },
);
keyValueSchema.index({ namespace: 1, key: 1 }, { unique: true });

/** The store's models, bound to one connection. */
export interface StoreModels {
  installations: Model<InstallationDoc>;
  channelAccounts: Model<ChannelAccountDoc>;
  identities: Model<IdentityDoc>;
  threadLinks: Model<ThreadLinkDoc>;
  messageLinks: Model<MessageLinkDoc>;
  kbDocuments: Model<KbDocumentDoc>;
  kbChunks: Model<KbChunkDoc>;
  suggestions: Model<SuggestionDoc>;
  mergeSuggestions: Model<MergeSuggestionDoc>;
  audit: Model<AuditDoc>;
  analyticsEvents: Model<AnalyticsEventDoc>;
  idempotencyClaims: Model<IdempotencyClaimDoc>;
  keyValues: Model<KeyValueDoc>;
}

/** Registers every model on `connection` (not the global mongoose, so several stores can coexist). */
export function registerModels(connection: Connection): StoreModels {
  return {
    installations: connection.model<InstallationDoc>('Installation', installationSchema),
    channelAccounts: connection.model<ChannelAccountDoc>('ChannelAccount', channelAccountSchema),
    identities: connection.model<IdentityDoc>('Identity', identitySchema),
    threadLinks: connection.model<ThreadLinkDoc>('ThreadLink', threadLinkSchema),
    messageLinks: connection.model<MessageLinkDoc>('MessageLink', messageLinkSchema),
    kbDocuments: connection.model<KbDocumentDoc>('KbDocument', kbDocumentSchema),
    kbChunks: connection.model<KbChunkDoc>('KbChunk', kbChunkSchema),
    suggestions: connection.model<SuggestionDoc>('Suggestion', suggestionSchema),
    mergeSuggestions: connection.model<MergeSuggestionDoc>('MergeSuggestion', mergeSuggestionSchema),
    audit: connection.model<AuditDoc>('AuditEntry', auditSchema),
    analyticsEvents: connection.model<AnalyticsEventDoc>('AnalyticsEvent', analyticsEventSchema),
    idempotencyClaims: connection.model<IdempotencyClaimDoc>('IdempotencyClaim', idempotencyClaimSchema),
    keyValues: connection.model<KeyValueDoc>('KeyValue', keyValueSchema),
  };
}

/** Builds every unique and lookup index (idempotent; run once at startup). */
export async function ensureIndexes(models: StoreModels): Promise<void> {
  for (const model of Object.values(models) as Array<Model<unknown>>) await model.createIndexes();
}
