/**
 * The store's schema history, oldest first. Append new migrations; never edit
 * one that has shipped (databases in the field already applied it).
 *
 * Tables carry no prefix, but the embedded queue shares this file with its own
 * `queue_*` tables and its own migration table, so the store records its
 * versions in `store_migrations` and never touches tables it did not create.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE installations (
        id TEXT PRIMARY KEY,
        chatwoot_url TEXT NOT NULL,
        account_id INTEGER NOT NULL,
        token_ciphertext TEXT NOT NULL,
        bot_token_ciphertext TEXT,
        url_secret_ciphertext TEXT NOT NULL,
        settings TEXT NOT NULL,
        provisioned TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'uninstalled')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- One active installation per Chatwoot account; uninstalled ones may pile up.
      CREATE UNIQUE INDEX installations_active_account
        ON installations (chatwoot_url, account_id) WHERE status = 'active';

      CREATE TABLE channel_accounts (
        installation_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        id TEXT NOT NULL,
        inbox_id INTEGER,
        config TEXT NOT NULL,
        credentials_ciphertext TEXT NOT NULL,
        last_inbound_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (installation_id, channel),
        UNIQUE (installation_id, id)
      ) STRICT;

      CREATE TABLE identities (
        installation_id TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
        source TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (installation_id, type, value, contact_id)
      ) STRICT;
      CREATE INDEX identities_contact ON identities (installation_id, contact_id);

      CREATE TABLE thread_links (
        installation_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        thread_key TEXT NOT NULL,
        conversation_id INTEGER NOT NULL,
        contact_id INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        address TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (installation_id, channel, thread_key)
      ) STRICT;
      CREATE INDEX thread_links_conversation ON thread_links (installation_id, conversation_id);
      CREATE INDEX thread_links_contact ON thread_links (installation_id, contact_id);

      CREATE TABLE message_links (
        installation_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        channel_message_id TEXT NOT NULL,
        chatwoot_message_id INTEGER NOT NULL,
        conversation_id INTEGER NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (installation_id, channel, channel_message_id)
      ) STRICT;
      CREATE INDEX message_links_chatwoot ON message_links (installation_id, chatwoot_message_id);

      CREATE TABLE kb_documents (
        installation_id TEXT NOT NULL,
        id TEXT NOT NULL,
        inbox_id INTEGER,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        language TEXT,
        metadata TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (installation_id, id),
        UNIQUE (installation_id, source)
      ) STRICT;

      CREATE TABLE kb_chunks (
        installation_id TEXT NOT NULL,
        id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        inbox_id INTEGER,
        language TEXT,
        ordinal INTEGER NOT NULL,
        heading TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        embedder_id TEXT NOT NULL,
        dims INTEGER NOT NULL,
        vector BLOB NOT NULL CHECK (length(vector) = dims * 4),
        PRIMARY KEY (installation_id, id),
        FOREIGN KEY (installation_id, document_id)
          REFERENCES kb_documents (installation_id, id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX kb_chunks_document ON kb_chunks (installation_id, document_id, ordinal);
      CREATE INDEX kb_chunks_hash ON kb_chunks (installation_id, embedder_id, content_hash);
      CREATE INDEX kb_chunks_embedder ON kb_chunks (installation_id, embedder_id, dims);

      -- Bumped in the same transaction as any chunk write so every connection's
      -- in-memory vector index can tell it is stale.
      CREATE TABLE kb_chunk_versions (
        installation_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE suggestions (
        installation_id TEXT NOT NULL,
        id TEXT NOT NULL,
        conversation_id INTEGER NOT NULL,
        chatwoot_message_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        confidence REAL NOT NULL,
        sources TEXT NOT NULL,
        status TEXT NOT NULL,
        sent_text TEXT,
        reject_reason TEXT,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        PRIMARY KEY (installation_id, id)
      ) STRICT;
      CREATE INDEX suggestions_conversation ON suggestions (installation_id, conversation_id, created_at);

      CREATE TABLE merge_suggestions (
        installation_id TEXT NOT NULL,
        id TEXT NOT NULL,
        contact_id INTEGER NOT NULL,
        other_contact_id INTEGER NOT NULL,
        -- The pair in a fixed order so (a, b) and (b, a) are the same suggestion.
        contact_low INTEGER NOT NULL,
        contact_high INTEGER NOT NULL,
        identifier_type TEXT NOT NULL,
        identifier_value TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        PRIMARY KEY (installation_id, id),
        UNIQUE (installation_id, contact_low, contact_high, identifier_type, identifier_value)
      ) STRICT;
      CREATE INDEX merge_suggestions_contact ON merge_suggestions (installation_id, contact_id);
      CREATE INDEX merge_suggestions_other ON merge_suggestions (installation_id, other_contact_id);

      CREATE TABLE audit_log (
        installation_id TEXT NOT NULL,
        id TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        reason TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (installation_id, id)
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log (installation_id, at);

      CREATE TABLE analytics_events (
        installation_id TEXT NOT NULL,
        type TEXT NOT NULL,
        channel TEXT,
        inbox_id INTEGER,
        conversation_id INTEGER,
        at TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX analytics_events_at ON analytics_events (installation_id, at);

      CREATE TABLE idempotency_claims (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        -- Epoch ms; NULL = never expires.
        expires_at INTEGER,
        PRIMARY KEY (scope, key)
      ) STRICT;
      CREATE INDEX idempotency_claims_expiry ON idempotency_claims (expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE kv_entries (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (namespace, key)
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'analytics aggregation indexes',
    // AnalyticsStore.aggregate reads indexes only: counts stream through the slim per-group ones in group order;
    // one type's events over a time range (values, measures, distinct conversations) come from the covering one.
    sql: `
      CREATE INDEX analytics_events_type_channel ON analytics_events (installation_id, type, channel, at);
      CREATE INDEX analytics_events_type_inbox ON analytics_events (installation_id, type, inbox_id, at);
      CREATE INDEX analytics_events_type_covering
        ON analytics_events (installation_id, type, at, channel, inbox_id, conversation_id, data);
    `,
  },
];
