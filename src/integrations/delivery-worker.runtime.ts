/**
 * The working side of webhook and mail delivery, as the delivery process runs it (delivery.process.ts): the
 * BullMQ worker and the queue it puts retries on (each on a Redis connection of its own), the endpoints and
 * delivery records (Redis, or PostgreSQL with DATABASE_URL, through a pool of this process), the mailer.
 * The deliveries that succeeded go to their leads' waiting lists in Redis (sent-activity.store.ts) from here;
 * what the server counts for /metrics it is told through `report`.
 */
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import { closeDatabase, createPostgresPool } from '../infra/postgres.client.js';
import { connectRedis, createQueueRedisClient, createRedisClient } from '../infra/redis.client.js';
import { openWebhookStore } from '../store/durable-stores.js';
import { recordSentDeliveries } from './delivery-activity.js';
import type { FromDeliveryProcess } from './delivery-messages.js';
import { MailNotifier } from './notifications/mail.notifier.js';
import { SentActivityStore } from './sent-activity.store.js';
import { DeliveryQueue } from './webhooks/delivery.queue.js';
import { DeliveryWorker } from './webhooks/delivery.worker.js';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.js';

export interface DeliveryWorkerRuntime {
  /** Stops taking jobs, waits for the attempts in flight (and their reports), closes every connection. */
  close(): Promise<void>;
}

/** A small pool: a few delivery records at a time, never a chat turn's connections. */
const DATABASE_POOL_SIZE = 3;

export async function runDeliveryWorker(options: {
  config: Config;
  redisUrl: string;
  logger: Logger;
  report: (message: FromDeliveryProcess) => void;
}): Promise<DeliveryWorkerRuntime> {
  const { config, redisUrl, logger, report } = options;
  const storeRedis = createRedisClient({ url: redisUrl, logger });
  // Redis down now is not fatal: the worker waits for it, the store's commands fail (and are retried) meanwhile.
  await connectRedis(storeRedis).catch((err: unknown) =>
    logger.warn({ err: (err as Error).message }, 'delivery process: redis not reachable yet'),
  );
  const database = config.databaseUrl
    ? createPostgresPool({ url: config.databaseUrl, logger, max: DATABASE_POOL_SIZE })
    : undefined;
  const store = openWebhookStore({ dataDir: config.dataDir, database }, storeRedis);
  const connections = [redisUrl, redisUrl].map((url) => createQueueRedisClient({ url, logger }));
  const [queueConnection, workerConnection] = connections as [(typeof connections)[0], (typeof connections)[0]];
  const queue = new DeliveryQueue(queueConnection, logger);
  const sent = new SentActivityStore(storeRedis);
  queue.onDelivered((deliveries) => recordSentDeliveries(sent, deliveries));
  const summary = { publicUrl: config.publicUrl, timezone: config.businessTimezone };
  const mailer = config.mail
    ? new MailNotifier(config.mail, { ...summary, timeoutMs: config.deliveries.timeoutMs }, logger)
    : undefined;
  const worker = new DeliveryWorker({
    connection: workerConnection,
    store,
    endpoints: new WebhookEndpoints(store, config.webhook),
    queue,
    mailer,
    config,
    counted: (channel, outcome) => report({ kind: 'counted', channel, outcome }),
    logger,
  });
  worker.start();
  return {
    close: async () => {
      await worker.close(); // a fan-out in flight still queues its retries
      await queue.close();
      mailer?.close();
      await Promise.all([...connections, storeRedis].map((c) => c.quit().then(undefined, () => c.disconnect())));
      if (database) await closeDatabase(database, logger);
    },
  };
}
