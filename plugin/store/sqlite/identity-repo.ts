import { dropUndefined } from '../drop-undefined.ts';
import type { IdentifierType } from '../../messages/normalized-message.ts';
import type { IdentityRecord, IdentityStore } from '../store.ts';
import { fromNullable, toNullable } from './encode-columns.ts';
import type { SqliteDatabase } from './open-database.ts';

interface IdentityRow {
  installation_id: string;
  type: IdentifierType;
  value: string;
  contact_id: number;
  verified: number;
  source: string | null;
  created_at: string;
}

function fromRow(row: IdentityRow): IdentityRecord {
  return dropUndefined({
    installationId: row.installation_id,
    contactId: row.contact_id,
    type: row.type,
    value: row.value,
    verified: row.verified === 1,
    source: fromNullable(row.source),
    createdAt: row.created_at,
  });
}

/**
 * Contact identifiers in SQLite. The primary key (installation, type, value,
 * contact) makes `add` idempotent; only a claimed → verified upgrade changes
 * an existing row.
 */
export function createIdentityRepo(db: SqliteDatabase): IdentityStore {
  const insert = db.prepare(`INSERT INTO identities
    (installation_id, type, value, contact_id, verified, source, created_at)
    VALUES (@installation_id, @type, @value, @contact_id, @verified, @source, @created_at)
    ON CONFLICT (installation_id, type, value, contact_id) DO UPDATE SET
      verified = 1,
      source = coalesce(excluded.source, identities.source)
    WHERE excluded.verified = 1 AND identities.verified = 0`);
  const forContact = db.prepare<[string, number], IdentityRow>(
    'SELECT * FROM identities WHERE installation_id = ? AND contact_id = ? ORDER BY rowid',
  );
  const forValue = db.prepare<[string, string, string], IdentityRow>(
    'SELECT * FROM identities WHERE installation_id = ? AND type = ? AND value = ? ORDER BY rowid',
  );
  // A merge can leave both contacts holding the same identifier: keep the
  // target's row (verified if either was), drop the source's, move the rest.
  const upgradeShared = db.prepare(`UPDATE identities SET verified = 1
    WHERE installation_id = @installation_id AND contact_id = @to AND verified = 0
      AND EXISTS (SELECT 1 FROM identities AS f WHERE f.installation_id = identities.installation_id
        AND f.contact_id = @from AND f.type = identities.type AND f.value = identities.value AND f.verified = 1)`);
  const dropShared = db.prepare(`DELETE FROM identities
    WHERE installation_id = @installation_id AND contact_id = @from
      AND EXISTS (SELECT 1 FROM identities AS t WHERE t.installation_id = identities.installation_id
        AND t.contact_id = @to AND t.type = identities.type AND t.value = identities.value)`);
  const moveRest = db.prepare(
    'UPDATE identities SET contact_id = @to WHERE installation_id = @installation_id AND contact_id = @from',
  );

  const reassign = db.transaction((params: { installation_id: string; from: number; to: number }) => {
    upgradeShared.run(params);
    dropShared.run(params);
    moveRest.run(params);
  });

  return {
    async add(record) {
      const result = insert.run({
        installation_id: record.installationId,
        type: record.type,
        value: record.value,
        contact_id: record.contactId,
        verified: record.verified ? 1 : 0,
        source: toNullable(record.source),
        created_at: new Date().toISOString(),
      });
      return result.changes > 0;
    },
    async listForContact(installationId, contactId) {
      return forContact.all(installationId, contactId).map(fromRow);
    },
    async findByValue(installationId, type, value) {
      return forValue.all(installationId, type, value).map(fromRow);
    },
    async reassignContact(installationId, fromContactId, toContactId) {
      if (fromContactId === toContactId) return;
      reassign.immediate({ installation_id: installationId, from: fromContactId, to: toContactId });
    },
  };
}
