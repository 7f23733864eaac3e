import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../plugin/logger.ts';
import { createStore, sqliteFileFor } from '../../plugin/store/create-store.ts';
import { MIGRATIONS } from '../../plugin/store/sqlite/migrations.ts';
import { openDatabase } from '../../plugin/store/sqlite/open-database.ts';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';
import { runMigrations } from '../../plugin/store/sqlite/run-migrations.ts';
import { describeStoreConformance } from './store-conformance.ts';

let tempDir: string;

describe('SQLite store', function () {
  before(function () {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniloom-sqlite-store-'));
  });

  after(function () {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  describeStoreConformance('sqlite', () =>
    openSqliteStore({ file: path.join(tempDir, 'conformance', 'store.sqlite') }),
  );

  describe('specifics', specifics);
});

function specifics(): void {
  it('creates the file under a new directory with WAL, a busy timeout and foreign keys', async function () {
    const file = path.join(tempDir, 'pragmas', 'nested', 'store.sqlite');
    const store = await openSqliteStore({ file });
    await store.close();
    assert.ok(fs.existsSync(file));
    const db = openDatabase(file);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 5000);
    } finally {
      db.close();
    }
  });

  it('applies migrations once and records them in store_migrations', async function () {
    const file = path.join(tempDir, 'migrations.sqlite');
    await (await openSqliteStore({ file })).close();
    const read = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT version, name, applied_at FROM store_migrations ORDER BY version').all();
      } finally {
        db.close();
      }
    };
    const first = read();
    assert.equal(first.length, MIGRATIONS.length);

    await (await openSqliteStore({ file })).close();
    assert.deepEqual(read(), first, 'reopening applies nothing again');

    const db = openDatabase(file);
    try {
      assert.deepEqual(runMigrations(db, MIGRATIONS, silentLogger()), {
        applied: [],
        current: MIGRATIONS.at(-1)?.version,
      });
    } finally {
      db.close();
    }
  });

  it('shares the file with tables it does not own (the embedded queue) and never drops them', async function () {
    const file = path.join(tempDir, 'shared.sqlite');
    const queue = openDatabase(file);
    queue.exec(`CREATE TABLE IF NOT EXISTS queue_jobs (id TEXT PRIMARY KEY, payload TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS queue_migrations (version INTEGER PRIMARY KEY)`);
    queue.prepare('INSERT INTO queue_jobs VALUES (?, ?)').run('job-1', '{}');

    const store = await openSqliteStore({ file });
    await store.installations.create({
      id: 'inst',
      chatwootUrl: 'https://chat.example.com',
      accountId: 1,
      tokenCiphertext: 'c',
      urlSecretCiphertext: 'u',
      settings: {},
      provisioned: {},
      status: 'active',
    });
    queue.prepare('INSERT INTO queue_jobs VALUES (?, ?)').run('job-2', '{}');
    await store.purgeInstallation('inst');
    await store.close();
    await (await openSqliteStore({ file })).close();

    assert.equal((queue.prepare('SELECT count(*) AS n FROM queue_jobs').get() as { n: number }).n, 2);
    queue.close();
  });

  it('createStore opens <dataDir>/omniloom.sqlite, creating the directory', async function () {
    const dataDir = path.join(tempDir, 'data-dir', 'deeper');
    assert.equal(sqliteFileFor(dataDir), path.join(dataDir, 'omniloom.sqlite'));
    const store = await createStore({ dataDir, logger: silentLogger() });
    try {
      assert.equal(store.kind, 'sqlite');
      assert.ok(fs.existsSync(sqliteFileFor(dataDir)));
    } finally {
      await store.close();
    }
  });

  it('lets several Store instances on one file see each other’s writes, vector index included', async function () {
    const file = path.join(tempDir, 'two-instances.sqlite');
    const writer = await openSqliteStore({ file });
    const reader = await openSqliteStore({ file });
    try {
      await writer.knowledge.upsertDocument({
        id: 'doc',
        installationId: 'i',
        source: 's',
        title: 't',
        contentHash: 'h',
        metadata: {},
      });
      const chunk = (id: string, vector: number[]) => ({
        id,
        documentId: 'doc',
        installationId: 'i',
        ordinal: 0,
        text: id,
        contentHash: id,
        embedderId: 'e',
        vector: Float32Array.from(vector),
      });
      await writer.knowledge.replaceChunks('i', 'doc', [chunk('x', [1, 0, 0])]);
      const query = { installationId: 'i', embedderId: 'e', vector: Float32Array.from([0, 1, 0]), topK: 1 };
      assert.equal((await reader.knowledge.vectorSearch(query))[0]?.chunk.id, 'x');

      // The reader's cached index must notice the writer's change through the chunk version.
      await writer.knowledge.replaceChunks('i', 'doc', [chunk('y', [0, 1, 0])]);
      const [hit] = await reader.knowledge.vectorSearch(query);
      assert.equal(hit?.chunk.id, 'y');
      assert.ok(Math.abs((hit?.score ?? 0) - 1) < 1e-6);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
}
