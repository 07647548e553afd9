import { Redis } from 'ioredis';

/**
 * Options every Nightshift Redis connection uses (BullMQ needs maxRetriesPerRequest null).
 * `autoPipeline` sends the commands issued in one turn of the event loop in one write (for a
 * connection that issues many at once, such as a queue adding a batch; not for blocking reads).
 */
export function connectRedis(url: string, options: { name?: string; onError?: (err: Error) => void; lazy?: boolean; autoPipeline?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: options.name,
    lazyConnect: options.lazy ?? false,
    enableAutoPipelining: options.autoPipeline ?? false,
    // Reconnect forever, at most every 2 s: a broker that goes away comes back.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // Without a listener ioredis prints every failed reconnection; the runner reports the state instead.
  redis.on('error', (err: Error) => options.onError?.(err));
  return redis;
}

/** Closes a connection, forcibly if the server is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    if (redis.status === 'ready') await Promise.race([redis.quit(), new Promise((r) => setTimeout(r, 1000))]);
  } catch {
    // already closed
  }
  redis.disconnect(false);
}
