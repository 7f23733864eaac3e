import { waitAtMost } from '../timing/wait-at-most.ts';

/**
 * Closes a Redis client without letting an unreachable Redis hold shutdown open: ioredis queues QUIT until it
 * reconnects, so QUIT is only sent on a live connection, waited for at most `timeoutMs`, and the socket is
 * dropped either way.
 */
export async function closeRedisClient(
  client: { readonly status: string; quit(): Promise<unknown>; disconnect(): void },
  timeoutMs = 1_000,
): Promise<void> {
  if (client.status === 'ready') await waitAtMost(client.quit(), timeoutMs);
  client.disconnect();
}
