/**
 * Webhook and mail delivery as one running part: its two Redis connections (BullMQ's own: one for the queue,
 * one for the worker), the queue the app publishes to, the worker, the mailer. server.ts starts it before the
 * app and closes it after the listener: queued events are enqueued, attempts in flight finish.
 */
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { Pool } from '../infra/postgres.client.js';
import { createQueueRedisClient, type Redis } from '../infra/redis.client.js';
import { openWebhookStore } from '../store/durable-stores.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import type { LeadEventType } from './lead-events.js';
import { MAILED_EVENTS, MailNotifier } from './notifications/mail.notifier.js';
import { DeliveryQueue } from './webhooks/delivery.queue.js';
import { DeliveryWorker } from './webhooks/delivery.worker.js';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.js';

export interface Deliveries {
  queue: DeliveryQueue;
  close(): Promise<void>;
}

export interface DeliveriesDeps {
  config: Config;
  logger: Logger;
  redisUrl: string;
  /** The app's own (fail-fast) client: without a database, endpoints and delivery records are kept through it. */
  redis: Redis;
  /** With DATABASE_URL: endpoints and delivery records are kept there. */
  database?: Pool | undefined;
  metrics: AppMetrics | undefined;
}

export function startDeliveries(deps: DeliveriesDeps): Deliveries {
  const { config, logger, redisUrl } = deps;
  const queueConnection = createQueueRedisClient({ url: redisUrl, logger });
  const workerConnection = createQueueRedisClient({ url: redisUrl, logger });
  const store = openWebhookStore({ dataDir: config.dataDir, database: deps.database }, deps.redis);
  const endpoints = new WebhookEndpoints(store, config.webhook);
  const summary = { publicUrl: config.publicUrl, timezone: config.businessTimezone };
  const mailer = config.mail
    ? new MailNotifier(config.mail, { ...summary, timeoutMs: config.deliveries.timeoutMs }, logger)
    : undefined;
  const mailed = (type: LeadEventType) => mailer !== undefined && MAILED_EVENTS.has(type);
  const queue = new DeliveryQueue(queueConnection, logger, async (type) => mailed(type) || (await endpoints.exist()));
  const worker = new DeliveryWorker({
    connection: workerConnection,
    store,
    endpoints,
    queue,
    mailer,
    config,
    metrics: deps.metrics,
    logger,
  });
  worker.start();
  return {
    queue,
    close: async () => {
      await queue.flush();
      await worker.close(); // a fan-out in flight still queues its deliveries
      await queue.close();
      mailer?.close();
      await Promise.all([queueConnection, workerConnection].map((c) => c.quit().then(undefined, () => c.disconnect())));
    },
  };
}
