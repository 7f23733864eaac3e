import type { SqliteDatabase } from './open-database.ts';

/**
 * A per-installation counter bumped in the same transaction as every chunk
 * write. In-memory vector indexes remember the counter they were built at, so
 * any connection (another Store instance, another process) notices a change
 * with one primary-key lookup.
 */
export interface ChunkVersions {
  current(installationId: string): number;
  bump(installationId: string): void;
}

export function createChunkVersions(db: SqliteDatabase): ChunkVersions {
  const read = db.prepare<[string], { version: number }>(
    'SELECT version FROM kb_chunk_versions WHERE installation_id = ?',
  );
  const bump = db.prepare(`INSERT INTO kb_chunk_versions (installation_id, version) VALUES (?, 1)
    ON CONFLICT (installation_id) DO UPDATE SET version = version + 1`);
  return {
    current: (installationId) => read.get(installationId)?.version ?? 0,
    bump: (installationId) => {
      bump.run(installationId);
    },
  };
}
