import { installationNamespaceBounds } from '../installation-namespace.ts';
import type { ChunkVersions } from './chunk-versions.ts';
import type { SqliteDatabase } from './open-database.ts';

/** Every table holding an `installation_id` column; chunks go before documents only for clarity (the FK cascades). */
const TENANT_TABLES = [
  'kb_chunks',
  'kb_documents',
  'channel_accounts',
  'identities',
  'thread_links',
  'message_links',
  'suggestions',
  'merge_suggestions',
  'audit_log',
  'analytics_events',
] as const;

/**
 * Builds the uninstall purge: one IMMEDIATE transaction deleting the tenant's
 * rows from every store table plus its idempotency claims and key/value
 * entries (by the `<installationId>[:...]` naming convention).
 */
export function createPurgeInstallation(
  db: SqliteDatabase,
  versions: ChunkVersions,
): (installationId: string) => void {
  const deletes = TENANT_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE installation_id = ?`));
  const removeInstallation = db.prepare('DELETE FROM installations WHERE id = ?');
  const removeClaims = db.prepare(
    'DELETE FROM idempotency_claims WHERE scope = @exact OR (scope >= @from AND scope < @to)',
  );
  const removeEntries = db.prepare(
    'DELETE FROM kv_entries WHERE namespace = @exact OR (namespace >= @from AND namespace < @to)',
  );

  const purge = db.transaction((installationId: string) => {
    for (const statement of deletes) statement.run(installationId);
    removeInstallation.run(installationId);
    const bounds = installationNamespaceBounds(installationId);
    removeClaims.run(bounds);
    removeEntries.run(bounds);
    // Bumped, never deleted: a counter restarting from zero could match a stale cached index.
    versions.bump(installationId);
  });
  return (installationId) => purge.immediate(installationId);
}
