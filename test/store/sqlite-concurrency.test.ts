import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';

const writerScript = fileURLToPath(new URL('./run-store-writer.ts', import.meta.url));

interface WriterReport {
  ok: number;
  errors: string[];
  sharedWins: number;
  tickets: number[];
  startedAt: number;
  finishedAt: number;
}

function runWriter(file: string, writerId: string, rounds: number): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file, writerId, String(rounds), '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`writer ${writerId} exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as WriterReport);
    });
  });
}

describe('SQLite store under concurrent writers', function () {
  this.timeout(60_000);

  it('two processes writing one file (migrating it together first) never hit SQLITE_BUSY', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniloom-concurrency-'));
    const file = path.join(dir, 'store.sqlite');
    const rounds = 150;
    try {
      const [first, second] = await Promise.all([
        runWriter(file, 'w1', rounds),
        runWriter(file, 'w2', rounds),
      ]);
      assert.deepEqual(first.errors, []);
      assert.deepEqual(second.errors, []);
      assert.ok(
        first.startedAt < second.finishedAt && second.startedAt < first.finishedAt,
        'the two writers ran at the same time',
      );
      assert.equal(first.sharedWins + second.sharedWins, rounds, 'each contested key was won exactly once');
      assert.deepEqual(
        [...first.tickets, ...second.tickets].sort((x, y) => x - y),
        Array.from({ length: 2 * rounds }, (_, i) => i + 1),
        'every increment of the shared counter got its own value',
      );

      const store = await openSqliteStore({ file });
      try {
        for (const writer of ['w1', 'w2']) {
          for (const round of [0, rounds - 1]) {
            assert.ok(await store.messages.byChannelMessage('shared', 'discord', `m-${writer}-${round}`));
          }
          assert.equal(await store.kv.get('shared', `counter-${writer}`), rounds - 1);
          assert.equal((await store.knowledge.listChunks('shared', `doc-${writer}`)).length, 1);
        }
        const events = await store.analytics.list({
          installationId: 'shared',
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
        });
        assert.equal(events.length, 2 * 2 * rounds);
        for (const round of [0, 1, rounds - 1])
          assert.equal(await store.idempotency.claim('shared', `shared-${round}`), false);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
