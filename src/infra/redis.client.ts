/**
 * Redis access. Commands fail fast while Redis is down (no offline queue) so callers can answer 503
 * in milliseconds instead of hanging; ioredis keeps reconnecting in the background.
 */
import { Redis } from 'ioredis';
import { AppError } from './app-error.js';
import type { Logger } from './logger.js';

export type { Redis };

export interface RedisClientOptions {
  url: string;
  logger: Logger;
  /** Upper bound for one command, so a frozen server cannot hold a request for long. */
  commandTimeoutMs?: number;
}

export function createRedisClient({ url, logger, commandTimeoutMs = 1500 }: RedisClientOptions): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: commandTimeoutMs,
    // Keep trying for ever, never more than 1 s apart, so a restarted Redis is picked up quickly.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    reconnectOnError: () => false,
    // Commands issued in the same tick by concurrent requests go out in one write: less CPU under load.
    enableAutoPipelining: true,
  });
  let wasReady = false;
  client.on('ready', () => {
    if (wasReady) logger.info('redis reconnected');
    wasReady = true;
  });
  client.on('error', (err: Error) => logger.debug({ err: err.message }, 'redis error'));
  client.on('end', () => logger.debug('redis connection ended'));
  return client;
}

/**
 * A connection for the delivery queue (BullMQ), never shared with request handling: BullMQ needs commands to
 * wait through an outage (`maxRetriesPerRequest: null`, the offline queue on) rather than fail, and its
 * worker blocks on it while waiting for jobs.
 */
export function createQueueRedisClient({ url, logger }: Pick<RedisClientOptions, 'url' | 'logger'>): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  client.on('error', (err: Error) => logger.debug({ err: err.message }, 'redis error (delivery queue)'));
  return client;
}

/** Connects and waits until Redis answers, or throws after `timeoutMs`. */
export async function connectRedis(client: Redis, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return;
  const deadline = Date.now() + timeoutMs;
  if (client.status === 'wait') await client.connect().catch(() => undefined);
  while (!isRedisReady(client)) {
    if (Date.now() > deadline) throw new Error(`Redis did not become ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isRedisReady(client: Redis): boolean {
  return client.status === 'ready';
}

/** Maps any Redis failure to the one 503 the API promises. */
export function toRedisError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('redis_unavailable', 'The conversation store is unavailable. Please try again shortly.', {
    cause: err,
  });
}

/** Runs a Redis operation, turning its failure into an AppError(503). */
export async function redisOp<T>(client: Redis, op: (r: Redis) => Promise<T>): Promise<T> {
  if (client.status !== 'ready') throw toRedisError(new Error(`redis status ${client.status}`));
  try {
    return await op(client);
  } catch (err) {
    throw toRedisError(err);
  }
}
