import { randomUUID } from 'node:crypto';
import { dropUndefined } from '../drop-undefined.ts';
import type { ChannelAccountRecord, ChannelAccountStore } from '../store.ts';
import { recordConflict } from '../store-errors.ts';
import { fromJson, fromNullable, toJson, toNullable } from './encode-columns.ts';
import { isUniqueViolation } from './is-constraint-error.ts';
import type { SqliteDatabase } from './open-database.ts';

interface ChannelAccountRow {
  installation_id: string;
  channel: string;
  id: string;
  inbox_id: number | null;
  config: string;
  credentials_ciphertext: string;
  last_inbound_at: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: ChannelAccountRow): ChannelAccountRecord {
  return dropUndefined({
    id: row.id,
    installationId: row.installation_id,
    channel: row.channel,
    inboxId: fromNullable(row.inbox_id),
    config: fromJson<Record<string, unknown>>(row.config),
    credentialsCiphertext: row.credentials_ciphertext,
    lastInboundAt: fromNullable(row.last_inbound_at),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/**
 * Channel accounts in SQLite, one per (installation, channel). An upsert
 * replaces every field but keeps the id, `createdAt` and, unless given,
 * `lastInboundAt` (that one is kept current by `touchInbound`).
 */
export function createChannelAccountRepo(db: SqliteDatabase): ChannelAccountStore {
  const byChannel = db.prepare<[string, string], ChannelAccountRow>(
    'SELECT * FROM channel_accounts WHERE installation_id = ? AND channel = ?',
  );
  const byInstallation = db.prepare<[string], ChannelAccountRow>(
    'SELECT * FROM channel_accounts WHERE installation_id = ? ORDER BY channel',
  );
  const write = db.prepare(`INSERT INTO channel_accounts
    (installation_id, channel, id, inbox_id, config, credentials_ciphertext, last_inbound_at, created_at, updated_at)
    VALUES (@installation_id, @channel, @id, @inbox_id, @config, @credentials_ciphertext, @last_inbound_at, @now, @now)
    ON CONFLICT (installation_id, channel) DO UPDATE SET
      inbox_id = excluded.inbox_id,
      config = excluded.config,
      credentials_ciphertext = excluded.credentials_ciphertext,
      last_inbound_at = coalesce(excluded.last_inbound_at, channel_accounts.last_inbound_at),
      updated_at = excluded.updated_at`);
  const touch = db.prepare(
    'UPDATE channel_accounts SET last_inbound_at = ? WHERE installation_id = ? AND channel = ?',
  );
  const remove = db.prepare('DELETE FROM channel_accounts WHERE installation_id = ? AND channel = ?');

  const upsert = db.transaction((record: Parameters<ChannelAccountStore['upsert']>[0]) => {
    write.run({
      installation_id: record.installationId,
      channel: record.channel,
      id: record.id ?? randomUUID(),
      inbox_id: toNullable(record.inboxId),
      config: toJson(record.config),
      credentials_ciphertext: record.credentialsCiphertext,
      last_inbound_at: toNullable(record.lastInboundAt),
      now: new Date().toISOString(),
    });
    return fromRow(byChannel.get(record.installationId, record.channel) as ChannelAccountRow);
  });

  return {
    async upsert(record) {
      try {
        return upsert.immediate(record);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw recordConflict(`channel account id ${record.id} is already used by another channel`);
        }
        throw error;
      }
    },
    async get(installationId, channel) {
      const row = byChannel.get(installationId, channel);
      return row ? fromRow(row) : undefined;
    },
    async list(installationId) {
      return byInstallation.all(installationId).map(fromRow);
    },
    async touchInbound(installationId, channel, at) {
      touch.run(at, installationId, channel);
    },
    async delete(installationId, channel) {
      remove.run(installationId, channel);
    },
  };
}
