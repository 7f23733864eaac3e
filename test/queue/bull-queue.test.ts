import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../plugin/errors.ts';
import { redactRedisUrl } from '../../plugin/queue/bull/connect-queue-registry.ts';
import { openBullQueue } from '../../plugin/queue/bull/open-bull-queue.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { describeQueueConformance } from './queue-conformance.ts';
import { waitUntil } from './wait-until.ts';
import { canReachRedis, deleteKeysWithPrefix, TEST_REDIS_URL } from './redis-test-helpers.ts';

describe('bull queue', function () {
  before(async function () {
    if (await canReachRedis(TEST_REDIS_URL)) return;
    const problem = `Redis is unreachable at ${redactRedisUrl(TEST_REDIS_URL)}`;
    if (process.env.OMNILOOM_REQUIRE_REDIS === '1') {
      throw new Error(`${problem} and OMNILOOM_REQUIRE_REDIS=1: start Redis or point REDIS_URL at it`);
    }
    console.log(
      `      skipping the bull queue tests: ${problem} (OMNILOOM_REQUIRE_REDIS=1 makes this a failure)`,
    );
    this.skip();
  });

  describeQueueConformance('bull', async () => {
    const prefix = `omniloom-test-${randomUUID().slice(0, 8)}`;
    return {
      open: () => openBullQueue({ redisUrl: TEST_REDIS_URL, prefix }),
      childEnv: {
        QUEUE_CHILD_ADAPTER: 'bull',
        QUEUE_CHILD_REDIS_URL: TEST_REDIS_URL,
        QUEUE_CHILD_REDIS_PREFIX: prefix,
        QUEUE_CHILD_VISIBILITY_MS: '1000',
      },
      dispose: () => deleteKeysWithPrefix(TEST_REDIS_URL, prefix),
    };
  });

  describe('specifics', () => {
    const prefix = `omniloom-test-${randomUUID().slice(0, 8)}`;
    const opened: JobQueue[] = [];
    const open = async (): Promise<JobQueue> => {
      const queue = await openBullQueue({ redisUrl: TEST_REDIS_URL, prefix });
      opened.push(queue);
      return queue;
    };

    after(async () => {
      await Promise.all(opened.map((queue) => queue.close(1000)));
      await deleteKeysWithPrefix(TEST_REDIS_URL, prefix);
    });

    it('lists dead letters of queues this process never opened', async () => {
      const worker = await open();
      worker.process('elsewhere', async () => {
        throw new Error('gone for good');
      });
      await worker.add('elsewhere', { n: 1 }, { jobId: 'e-1', attempts: 1 });
      await waitUntil(async () => (await worker.counts('elsewhere')).dead === 1, 'the job is dead');

      const operator = await open();
      const letters = await operator.deadLetters();
      assert.deepEqual(
        letters.map((letter) => [letter.queue, letter.id, letter.error]),
        [['elsewhere', 'e-1', 'gone for good']],
      );
    });
  });
});

describe('openBullQueue', () => {
  it('fails fast with a ConfigError that hides the Redis password', async () => {
    await assert.rejects(openBullQueue({ redisUrl: 'redis://:hunter2@127.0.0.1:1' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /REDIS_URL/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });
});
