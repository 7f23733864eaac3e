import type { MessageLinkRecord, MessageLinkStore } from '../store.ts';
import type { SqliteDatabase } from './open-database.ts';

interface MessageLinkRow {
  installation_id: string;
  channel: string;
  channel_message_id: string;
  chatwoot_message_id: number;
  conversation_id: number;
  direction: MessageLinkRecord['direction'];
  created_at: string;
}

function fromRow(row: MessageLinkRow): MessageLinkRecord {
  return {
    installationId: row.installation_id,
    channel: row.channel,
    channelMessageId: row.channel_message_id,
    chatwootMessageId: row.chatwoot_message_id,
    conversationId: row.conversation_id,
    direction: row.direction,
    createdAt: row.created_at,
  };
}

/** Channel message ↔ Chatwoot message links in SQLite; the primary key drops redeliveries. */
export function createMessageLinkRepo(db: SqliteDatabase): MessageLinkStore {
  const insert = db.prepare(`INSERT INTO message_links
    (installation_id, channel, channel_message_id, chatwoot_message_id, conversation_id, direction, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (installation_id, channel, channel_message_id) DO NOTHING`);
  const byChannelMessage = db.prepare<[string, string, string], MessageLinkRow>(
    'SELECT * FROM message_links WHERE installation_id = ? AND channel = ? AND channel_message_id = ?',
  );
  // One Chatwoot message can fan out to several channel messages (a long reply split in parts); the first is returned.
  const byChatwootMessage = db.prepare<[string, number], MessageLinkRow>(
    'SELECT * FROM message_links WHERE installation_id = ? AND chatwoot_message_id = ? ORDER BY rowid LIMIT 1',
  );

  return {
    async insert(record) {
      const result = insert.run(
        record.installationId,
        record.channel,
        record.channelMessageId,
        record.chatwootMessageId,
        record.conversationId,
        record.direction,
        new Date().toISOString(),
      );
      return result.changes === 1;
    },
    async byChannelMessage(installationId, channel, channelMessageId) {
      const row = byChannelMessage.get(installationId, channel, channelMessageId);
      return row ? fromRow(row) : undefined;
    },
    async byChatwootMessage(installationId, chatwootMessageId) {
      const row = byChatwootMessage.get(installationId, chatwootMessageId);
      return row ? fromRow(row) : undefined;
    },
  };
}
