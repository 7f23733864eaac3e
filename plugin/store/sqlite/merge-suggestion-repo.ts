import { dropUndefined } from '../drop-undefined.ts';
import type { IdentifierType } from '../../messages/normalized-message.ts';
import type { MergeSuggestionRecord, MergeSuggestionStatus, MergeSuggestionStore } from '../store.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { fromNullable, toNullable } from './encode-columns.ts';
import { isUniqueViolation } from './is-constraint-error.ts';
import type { SqliteDatabase } from './open-database.ts';

interface MergeSuggestionRow {
  installation_id: string;
  id: string;
  contact_id: number;
  other_contact_id: number;
  identifier_type: IdentifierType;
  identifier_value: string;
  reason: string;
  status: MergeSuggestionStatus;
  created_at: string;
  resolved_at: string | null;
}

function fromRow(row: MergeSuggestionRow): MergeSuggestionRecord {
  return dropUndefined({
    id: row.id,
    installationId: row.installation_id,
    contactId: row.contact_id,
    otherContactId: row.other_contact_id,
    identifier: { type: row.identifier_type, value: row.identifier_value },
    reason: row.reason,
    status: row.status,
    createdAt: row.created_at,
    resolvedAt: fromNullable(row.resolved_at),
  });
}

/**
 * Contact-merge suggestions in SQLite. The unordered contact pair plus the
 * identifier is unique, so the same finding is suggested once whatever its
 * later status (a dismissed suggestion is not raised again).
 */
export function createMergeSuggestionRepo(db: SqliteDatabase): MergeSuggestionStore {
  const insert = db.prepare(`INSERT INTO merge_suggestions
    (installation_id, id, contact_id, other_contact_id, contact_low, contact_high, identifier_type, identifier_value,
     reason, status, created_at, resolved_at)
    VALUES (@installation_id, @id, @contact_id, @other_contact_id, @contact_low, @contact_high, @identifier_type,
     @identifier_value, @reason, @status, @created_at, @resolved_at)
    ON CONFLICT (installation_id, contact_low, contact_high, identifier_type, identifier_value) DO NOTHING`);
  const byPair = db.prepare<[string, number, number, string, string], MergeSuggestionRow>(
    `SELECT * FROM merge_suggestions WHERE installation_id = ? AND contact_low = ? AND contact_high = ?
       AND identifier_type = ? AND identifier_value = ?`,
  );
  const byId = db.prepare<[string, string], MergeSuggestionRow>(
    'SELECT * FROM merge_suggestions WHERE installation_id = ? AND id = ?',
  );
  const forContact = db.prepare<[string, number, number], MergeSuggestionRow>(
    `SELECT * FROM merge_suggestions WHERE installation_id = ? AND (contact_id = ? OR other_contact_id = ?)
     ORDER BY created_at, rowid`,
  );
  const forContactWithStatus = db.prepare<[string, number, number, string], MergeSuggestionRow>(
    `SELECT * FROM merge_suggestions WHERE installation_id = ? AND (contact_id = ? OR other_contact_id = ?)
       AND status = ? ORDER BY created_at, rowid`,
  );
  const writeStatus = db.prepare(
    'UPDATE merge_suggestions SET status = ?, resolved_at = ? WHERE installation_id = ? AND id = ?',
  );

  const createIfAbsent = db.transaction((record: MergeSuggestionRecord) => {
    const low = Math.min(record.contactId, record.otherContactId);
    const high = Math.max(record.contactId, record.otherContactId);
    let inserted: boolean;
    try {
      inserted =
        insert.run({
          installation_id: record.installationId,
          id: record.id,
          contact_id: record.contactId,
          other_contact_id: record.otherContactId,
          contact_low: low,
          contact_high: high,
          identifier_type: record.identifier.type,
          identifier_value: record.identifier.value,
          reason: record.reason,
          status: record.status,
          created_at: record.createdAt,
          resolved_at: toNullable(record.resolvedAt),
        }).changes === 1;
    } catch (error) {
      // The pair conflict is absorbed above; only the primary key can still fail: the id names another suggestion.
      if (isUniqueViolation(error)) {
        throw recordConflict(`merge suggestion id ${record.id} is already used by another suggestion`);
      }
      throw error;
    }
    if (inserted) return { record: dropUndefined({ ...record }), created: true };
    const existing = byPair.get(
      record.installationId,
      low,
      high,
      record.identifier.type,
      record.identifier.value,
    );
    return { record: fromRow(existing as MergeSuggestionRow), created: false };
  });

  const setStatus = db.transaction((installationId: string, id: string, status: MergeSuggestionStatus) => {
    const resolvedAt = status === 'pending' ? null : new Date().toISOString();
    if (writeStatus.run(status, resolvedAt, installationId, id).changes === 0) {
      throw recordNotFound('merge suggestion', installationId, id);
    }
    return fromRow(byId.get(installationId, id) as MergeSuggestionRow);
  });

  return {
    async createIfAbsent(record) {
      return createIfAbsent.immediate(record);
    },
    async get(installationId, id) {
      const row = byId.get(installationId, id);
      return row ? fromRow(row) : undefined;
    },
    async listForContact(installationId, contactId, status) {
      const rows =
        status === undefined
          ? forContact.all(installationId, contactId, contactId)
          : forContactWithStatus.all(installationId, contactId, contactId, status);
      return rows.map(fromRow);
    },
    async setStatus(installationId, id, status) {
      return setStatus.immediate(installationId, id, status);
    },
  };
}
