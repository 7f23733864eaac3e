import type { AuditRecord, AuditStore } from '../store.ts';
import { fromJson, toJson } from './encode-columns.ts';
import type { SqliteDatabase } from './open-database.ts';

interface AuditRow {
  installation_id: string;
  id: string;
  actor: string;
  action: string;
  subject: string;
  reason: string;
  data: string;
  at: string;
}

function fromRow(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    installationId: row.installation_id,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    reason: row.reason,
    data: fromJson<Record<string, unknown>>(row.data),
    at: row.at,
  };
}

/** Default page size of `list`. */
export const DEFAULT_AUDIT_LIMIT = 100;

/**
 * The audit trail in SQLite. Appending an id that exists is a no-op, so a
 * retried job does not write the same entry twice.
 */
export function createAuditRepo(db: SqliteDatabase): AuditStore {
  const insert =
    db.prepare(`INSERT INTO audit_log (installation_id, id, actor, action, subject, reason, data, at)
    VALUES (@installation_id, @id, @actor, @action, @subject, @reason, @data, @at)
    ON CONFLICT (installation_id, id) DO NOTHING`);
  const latest = db.prepare<[string, number], AuditRow>(
    'SELECT * FROM audit_log WHERE installation_id = ? ORDER BY at DESC, rowid DESC LIMIT ?',
  );
  return {
    async append(record) {
      insert.run({
        installation_id: record.installationId,
        id: record.id,
        actor: record.actor,
        action: record.action,
        subject: record.subject,
        reason: record.reason,
        data: toJson(record.data),
        at: record.at,
      });
    },
    async list(installationId, limit = DEFAULT_AUDIT_LIMIT) {
      return latest.all(installationId, limit).map(fromRow);
    },
  };
}
