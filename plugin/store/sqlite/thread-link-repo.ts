import type { ThreadLinkRecord, ThreadLinkStore } from '../store.ts';
import { fromJson, toJson } from './encode-columns.ts';
import type { SqliteDatabase } from './open-database.ts';

interface ThreadLinkRow {
  installation_id: string;
  channel: string;
  thread_key: string;
  conversation_id: number;
  contact_id: number;
  source_id: string;
  address: string;
  created_at: string;
  updated_at: string;
}

function fromRow(row: ThreadLinkRow): ThreadLinkRecord {
  return {
    installationId: row.installation_id,
    channel: row.channel,
    threadKey: row.thread_key,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    sourceId: row.source_id,
    address: fromJson<Record<string, string>>(row.address),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Channel thread ↔ Chatwoot conversation links in SQLite, keyed by (installation, channel, thread key). */
export function createThreadLinkRepo(db: SqliteDatabase): ThreadLinkStore {
  const byThread = db.prepare<[string, string, string], ThreadLinkRow>(
    'SELECT * FROM thread_links WHERE installation_id = ? AND channel = ? AND thread_key = ?',
  );
  // Several threads may point at one conversation (a reopened DM); the most recently touched wins.
  const byConversation = db.prepare<[string, number], ThreadLinkRow>(
    `SELECT * FROM thread_links WHERE installation_id = ? AND conversation_id = ?
     ORDER BY updated_at DESC, rowid DESC LIMIT 1`,
  );
  const write = db.prepare(`INSERT INTO thread_links
    (installation_id, channel, thread_key, conversation_id, contact_id, source_id, address, created_at, updated_at)
    VALUES (@installation_id, @channel, @thread_key, @conversation_id, @contact_id, @source_id, @address, @now, @now)
    ON CONFLICT (installation_id, channel, thread_key) DO UPDATE SET
      conversation_id = excluded.conversation_id,
      contact_id = excluded.contact_id,
      source_id = excluded.source_id,
      address = excluded.address,
      updated_at = excluded.updated_at`);
  const reassign = db.prepare(
    'UPDATE thread_links SET contact_id = ?, updated_at = ? WHERE installation_id = ? AND contact_id = ?',
  );

  const upsert = db.transaction((record: Omit<ThreadLinkRecord, 'createdAt' | 'updatedAt'>) => {
    write.run({
      installation_id: record.installationId,
      channel: record.channel,
      thread_key: record.threadKey,
      conversation_id: record.conversationId,
      contact_id: record.contactId,
      source_id: record.sourceId,
      address: toJson(record.address),
      now: new Date().toISOString(),
    });
    return fromRow(byThread.get(record.installationId, record.channel, record.threadKey) as ThreadLinkRow);
  });

  return {
    async get(installationId, channel, threadKey) {
      const row = byThread.get(installationId, channel, threadKey);
      return row ? fromRow(row) : undefined;
    },
    async findByConversation(installationId, conversationId) {
      const row = byConversation.get(installationId, conversationId);
      return row ? fromRow(row) : undefined;
    },
    async upsert(record) {
      return upsert.immediate(record);
    },
    async reassignContact(installationId, fromContactId, toContactId) {
      reassign.run(toContactId, new Date().toISOString(), installationId, fromContactId);
    },
  };
}
