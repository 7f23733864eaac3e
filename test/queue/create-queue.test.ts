import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../plugin/logger.ts';
import { createQueue } from '../../plugin/queue/create-queue.ts';
import { canReachRedis, TEST_REDIS_URL } from './redis-test-helpers.ts';

describe('createQueue', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'omniloom-queue-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the embedded SQLite queue when no Redis URL is configured', async () => {
    const queue = await createQueue({
      sqliteFile: path.join(dir, 'omniloom.sqlite'),
      logger: silentLogger(),
    });
    try {
      assert.equal(queue.kind, 'embedded');
      assert.equal((await queue.add('q', {})).duplicate, false);
    } finally {
      await queue.close();
    }
  });

  it('uses bull when a Redis URL is configured', async function () {
    if (!(await canReachRedis(TEST_REDIS_URL)) && process.env.OMNILOOM_REQUIRE_REDIS !== '1') this.skip();
    const queue = await createQueue({
      redisUrl: TEST_REDIS_URL,
      sqliteFile: path.join(dir, 'unused.sqlite'),
      logger: silentLogger(),
    });
    try {
      assert.equal(queue.kind, 'bull');
    } finally {
      await queue.close();
    }
  });
});
