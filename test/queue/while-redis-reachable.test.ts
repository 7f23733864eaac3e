import assert from 'node:assert/strict';
import { QueueUnavailableError } from '../../plugin/errors.ts';
import { whileRedisReachable } from '../../plugin/queue/bull/while-redis-reachable.ts';

describe('whileRedisReachable', () => {
  it('runs the call at once on connected clients', async () => {
    const result = await whileRedisReachable(
      () => [{ status: 'ready' }, { status: 'ready' }],
      1_000,
      async () => 'stored',
    );
    assert.equal(result, 'stored');
  });

  it('waits for a reconnecting client and then runs the call', async () => {
    const client = { status: 'reconnecting' };
    setTimeout(() => (client.status = 'ready'), 150);
    let ranWhile: string | undefined;
    await whileRedisReachable(
      () => [{ status: 'ready' }, client],
      1_000,
      async () => {
        ranWhile = client.status;
      },
    );
    assert.equal(ranWhile, 'ready');
  });

  it('turns the caller away after the deadline and never runs the call on a dead connection', async () => {
    const client = { status: 'reconnecting' };
    let ran = false;
    const started = Date.now();
    await assert.rejects(
      whileRedisReachable(
        () => [client],
        200,
        async () => {
          ran = true;
        },
      ),
      QueueUnavailableError,
    );
    assert.ok(Date.now() - started < 1_000, 'answers at the deadline, not when Redis is back');
    client.status = 'ready';
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(ran, false, 'a call that gave up sends nothing once Redis is back');
  });

  it('gives up on a connected Redis that does not answer', async () => {
    await assert.rejects(
      whileRedisReachable(
        () => [{ status: 'ready' }],
        100,
        () => new Promise(() => {}),
      ),
      (error: unknown) => error instanceof QueueUnavailableError && error.code === 'queue_unavailable',
    );
  });

  it('reports a connection that broke during the call as unavailable, and passes other errors on', async () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { syscall: 'read', code: 'ECONNRESET' });
    await assert.rejects(
      whileRedisReachable(
        () => [{ status: 'ready' }],
        1_000,
        () => Promise.reject(reset),
      ),
      (error: unknown) => error instanceof QueueUnavailableError && error.cause === reset,
    );
    await assert.rejects(
      whileRedisReachable(
        () => [{ status: 'ready' }],
        1_000,
        () => Promise.reject(new RangeError('bad job')),
      ),
      RangeError,
    );
  });
});
