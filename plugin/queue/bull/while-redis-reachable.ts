import { setTimeout as delay } from 'node:timers/promises';
import { QueueUnavailableError } from '../../errors.ts';
import { withDeadline } from '../../timing/with-deadline.ts';
import { isRedisConnectionError } from '../../redis/watch-redis-connection.ts';

/** An ioredis client as far as reachability goes (bull bundles its own ioredis major). */
export interface RedisClientState {
  readonly status: string;
}

/** How often a call waiting for Redis to come back looks again. */
const RECONNECT_POLL_MS = 50;

/**
 * Runs `work` once the Redis clients it needs are connected, all within `timeoutMs`, or fails with a
 * QueueUnavailableError (503: the sender tries again). ioredis would hold the commands while it reconnects,
 * for as long as Redis is away, and keep the webhook that is enqueueing waiting as long; here a restart
 * shorter than `timeoutMs` only slows the call down, a longer one turns it away. Commands are sent only on a
 * live connection, so a call that gave up has queued nothing, unless the connection broke mid-command: then
 * the job may still be stored, and its job id makes the sender's next try a reported duplicate.
 */
export async function whileRedisReachable<T>(
  clients: () => readonly RedisClientState[],
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let gaveUp = false;
  const guarded = (async () => {
    for (;;) {
      // The caller has been answered already: nothing may be sent on its behalf any more.
      if (gaveUp) throw new QueueUnavailableError('Redis is unreachable');
      if (clients().every((client) => client.status === 'ready')) break;
      await delay(RECONNECT_POLL_MS);
    }
    try {
      return await work();
    } catch (error) {
      if (
        isRedisConnectionError(error) ||
        (error as Error | undefined)?.name === 'MaxRetriesPerRequestError'
      ) {
        throw new QueueUnavailableError('The connection to Redis broke during the call', { cause: error });
      }
      throw error;
    }
  })();
  // When the deadline wins, the call's own failure arrives later with nobody awaiting it.
  guarded.catch(() => {});
  return withDeadline(guarded, timeoutMs, () => {
    gaveUp = true;
    return new QueueUnavailableError(`Redis did not answer within ${timeoutMs} ms`);
  });
}
