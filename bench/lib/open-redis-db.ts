import { Redis } from 'ioredis';

/**
 * A Redis URL on a database number of its own, emptied first, so a run shares
 * nothing with other suites; undefined when Redis does not answer.
 * Base: REDIS_URL, or redis://127.0.0.1:6379.
 */
export async function openRedisDb(
  db: number,
  baseUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
): Promise<string | undefined> {
  const url = `${baseUrl.replace(/\/\d*$/, '')}/${db}`;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.flushdb();
    return url;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}
