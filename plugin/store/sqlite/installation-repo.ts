import { dropUndefined } from '../drop-undefined.ts';
import type { InstallationRecord, InstallationStore, NewInstallation, ProvisionedObjects } from '../store.ts';
import { applyPatch } from '../apply-patch.ts';
import { INSTALLATION_CLEARABLE } from '../clearable-fields.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { fromJson, fromNullable, toJson, toNullable } from './encode-columns.ts';
import { isUniqueViolation } from './is-constraint-error.ts';
import type { SqliteDatabase } from './open-database.ts';

interface InstallationRow {
  id: string;
  chatwoot_url: string;
  account_id: number;
  token_ciphertext: string;
  bot_token_ciphertext: string | null;
  url_secret_ciphertext: string;
  settings: string;
  provisioned: string;
  status: InstallationRecord['status'];
  created_at: string;
  updated_at: string;
}

function fromRow(row: InstallationRow): InstallationRecord {
  return dropUndefined({
    id: row.id,
    chatwootUrl: row.chatwoot_url,
    accountId: row.account_id,
    tokenCiphertext: row.token_ciphertext,
    botTokenCiphertext: fromNullable(row.bot_token_ciphertext),
    urlSecretCiphertext: row.url_secret_ciphertext,
    settings: fromJson<Record<string, unknown>>(row.settings),
    provisioned: fromJson<ProvisionedObjects>(row.provisioned),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function toParams(record: InstallationRecord): Record<string, unknown> {
  return {
    id: record.id,
    chatwoot_url: record.chatwootUrl,
    account_id: record.accountId,
    token_ciphertext: record.tokenCiphertext,
    bot_token_ciphertext: toNullable(record.botTokenCiphertext),
    url_secret_ciphertext: record.urlSecretCiphertext,
    settings: toJson(record.settings),
    provisioned: toJson(record.provisioned),
    status: record.status,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

/** Installations in SQLite; the installation id is the tenant key itself. */
export function createInstallationRepo(db: SqliteDatabase): InstallationStore {
  const insert = db.prepare(`INSERT INTO installations
    (id, chatwoot_url, account_id, token_ciphertext, bot_token_ciphertext, url_secret_ciphertext,
     settings, provisioned, status, created_at, updated_at)
    VALUES (@id, @chatwoot_url, @account_id, @token_ciphertext, @bot_token_ciphertext, @url_secret_ciphertext,
     @settings, @provisioned, @status, @created_at, @updated_at)`);
  const replace = db.prepare(`UPDATE installations SET
    chatwoot_url = @chatwoot_url, account_id = @account_id, token_ciphertext = @token_ciphertext,
    bot_token_ciphertext = @bot_token_ciphertext, url_secret_ciphertext = @url_secret_ciphertext,
    settings = @settings, provisioned = @provisioned, status = @status, updated_at = @updated_at
    WHERE id = @id`);
  const byId = db.prepare<[string], InstallationRow>('SELECT * FROM installations WHERE id = ?');
  const byAccount = db.prepare<[string, number], InstallationRow>(
    `SELECT * FROM installations WHERE chatwoot_url = ? AND account_id = ? AND status = 'active'`,
  );
  const all = db.prepare<[], InstallationRow>('SELECT * FROM installations ORDER BY created_at, id');
  const remove = db.prepare('DELETE FROM installations WHERE id = ?');

  const update = db.transaction(
    (id: string, patch: Partial<Omit<InstallationRecord, 'id' | 'createdAt'>>) => {
      const row = byId.get(id);
      if (!row) throw recordNotFound('installation', id, id);
      const next = applyPatch<InstallationRecord>(fromRow(row), patch, INSTALLATION_CLEARABLE);
      next.updatedAt = patch.updatedAt ?? new Date().toISOString();
      replace.run(toParams(next));
      return next;
    },
  );

  return {
    async create(record: NewInstallation) {
      const now = new Date().toISOString();
      const full: InstallationRecord = { ...record, createdAt: now, updatedAt: now };
      try {
        insert.run(toParams(full));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw recordConflict(
            `installation ${record.id} already exists or account ${record.accountId} at ${record.chatwootUrl} already has an active installation`,
          );
        }
        throw error;
      }
      return dropUndefined(full);
    },
    async get(id) {
      const row = byId.get(id);
      return row ? fromRow(row) : undefined;
    },
    async findByAccount(chatwootUrl, accountId) {
      const row = byAccount.get(chatwootUrl, accountId);
      return row ? fromRow(row) : undefined;
    },
    async list() {
      return all.all().map(fromRow);
    },
    async update(id, patch) {
      try {
        return update.immediate(id, patch);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw recordConflict(
            `installation ${id} cannot become active: its account already has an active installation`,
          );
        }
        throw error;
      }
    },
    async delete(id) {
      remove.run(id);
    },
  };
}
