import { applyPatch } from '../apply-patch.ts';
import { SUGGESTION_CLEARABLE } from '../clearable-fields.ts';
import { dropUndefined } from '../drop-undefined.ts';
import type { SuggestionRecord, SuggestionSource, SuggestionStore } from '../store.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { fromJson, fromNullable, toJson, toNullable } from './encode-columns.ts';
import { isUniqueViolation } from './is-constraint-error.ts';
import type { SqliteDatabase } from './open-database.ts';

interface SuggestionRow {
  installation_id: string;
  id: string;
  conversation_id: number;
  chatwoot_message_id: number;
  text: string;
  confidence: number;
  sources: string;
  status: SuggestionRecord['status'];
  sent_text: string | null;
  reject_reason: string | null;
  created_at: string;
  resolved_at: string | null;
}

function fromRow(row: SuggestionRow): SuggestionRecord {
  return dropUndefined({
    id: row.id,
    installationId: row.installation_id,
    conversationId: row.conversation_id,
    chatwootMessageId: row.chatwoot_message_id,
    text: row.text,
    confidence: row.confidence,
    sources: fromJson<SuggestionSource[]>(row.sources),
    status: row.status,
    sentText: fromNullable(row.sent_text),
    rejectReason: fromNullable(row.reject_reason),
    createdAt: row.created_at,
    resolvedAt: fromNullable(row.resolved_at),
  });
}

function toParams(record: SuggestionRecord): Record<string, unknown> {
  return {
    installation_id: record.installationId,
    id: record.id,
    conversation_id: record.conversationId,
    chatwoot_message_id: record.chatwootMessageId,
    text: record.text,
    confidence: record.confidence,
    sources: toJson(record.sources),
    status: record.status,
    sent_text: toNullable(record.sentText),
    reject_reason: toNullable(record.rejectReason),
    created_at: record.createdAt,
    resolved_at: toNullable(record.resolvedAt),
  };
}

/** Default page size of `listForConversation`. */
export const DEFAULT_SUGGESTION_LIMIT = 50;

/** AI reply suggestions in SQLite, newest first per conversation. */
export function createSuggestionRepo(db: SqliteDatabase): SuggestionStore {
  const insert = db.prepare(`INSERT INTO suggestions
    (installation_id, id, conversation_id, chatwoot_message_id, text, confidence, sources, status,
     sent_text, reject_reason, created_at, resolved_at)
    VALUES (@installation_id, @id, @conversation_id, @chatwoot_message_id, @text, @confidence, @sources, @status,
     @sent_text, @reject_reason, @created_at, @resolved_at)`);
  const replace = db.prepare(`UPDATE suggestions SET
    conversation_id = @conversation_id, chatwoot_message_id = @chatwoot_message_id, text = @text,
    confidence = @confidence, sources = @sources, status = @status, sent_text = @sent_text,
    reject_reason = @reject_reason, created_at = @created_at, resolved_at = @resolved_at
    WHERE installation_id = @installation_id AND id = @id`);
  const byId = db.prepare<[string, string], SuggestionRow>(
    'SELECT * FROM suggestions WHERE installation_id = ? AND id = ?',
  );
  const forConversation = db.prepare<[string, number, number], SuggestionRow>(
    `SELECT * FROM suggestions WHERE installation_id = ? AND conversation_id = ?
     ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  );

  const update = db.transaction(
    (installationId: string, id: string, patch: Partial<Omit<SuggestionRecord, 'id' | 'installationId'>>) => {
      const row = byId.get(installationId, id);
      if (!row) throw recordNotFound('suggestion', installationId, id);
      const next = applyPatch<SuggestionRecord>(fromRow(row), patch, SUGGESTION_CLEARABLE);
      replace.run(toParams(next));
      return next;
    },
  );

  return {
    async create(record) {
      try {
        insert.run(toParams(record));
      } catch (error) {
        if (isUniqueViolation(error)) throw recordConflict(`suggestion ${record.id} already exists`);
        throw error;
      }
      return dropUndefined({ ...record });
    },
    async get(installationId, id) {
      const row = byId.get(installationId, id);
      return row ? fromRow(row) : undefined;
    },
    async listForConversation(installationId, conversationId, limit = DEFAULT_SUGGESTION_LIMIT) {
      return forConversation.all(installationId, conversationId, limit).map(fromRow);
    },
    async update(installationId, id, patch) {
      return update.immediate(installationId, id, patch);
    },
  };
}
