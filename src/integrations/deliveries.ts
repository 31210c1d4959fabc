/**
 * Webhook and mail delivery as one running part. In the server's process: the queue the app publishes events
 * to (one BullMQ job per event, on a Redis connection of its own; an event nobody would receive is not
 * queued), and the /metrics counts the delivery process reports. Everything else (the worker, the HTTP
 * POSTs, the SMTP exchanges, the delivery records, the deliveries that succeeded put on their leads' waiting
 * lists: sent-activity.store.ts) runs in the delivery process (delivery.process.ts), so that a chat turn never
 * waits for the CPU it takes. server.ts starts this before the app and closes it after the listener: queued
 * events are enqueued, attempts in flight finish.
 *
 * The delivery process is a second Node process (tens of MB, and its start-up's CPU), so it runs only where
 * there is something to deliver: forked at start when mail is configured, an endpoint exists (WEBHOOK_URL or
 * added by an admin) or the queue holds jobs (an earlier run's, or another instance's); otherwise when this
 * server first queues a job (an endpoint added since, here or through another instance sharing the Redis).
 * Each instance that queues a job runs a process, so no job waits for another instance's; once started it
 * runs until shutdown.
 */
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { Pool } from '../infra/postgres.client.js';
import { createQueueRedisClient, type Redis } from '../infra/redis.client.js';
import { openWebhookStore } from '../store/durable-stores.js';
import { closeGraceMs, type FromDeliveryProcess } from './delivery-messages.js';
import { DeliveryProcess } from './delivery-process.supervisor.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import { MAILED_EVENTS, type LeadEventType } from './lead-events.js';
import { DeliveryQueue } from './webhooks/delivery.queue.js';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.js';

export interface Deliveries {
  queue: DeliveryQueue;
  /** Resolves once what the delivery process reported so far is counted. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface DeliveriesDeps {
  config: Config;
  logger: Logger;
  redisUrl: string;
  /** The app's own (fail-fast) client: without a database, endpoints are read through it. */
  redis: Redis;
  /** With DATABASE_URL: endpoints and delivery records are kept there. */
  database?: Pool | undefined;
  metrics: AppMetrics | undefined;
}

export function startDeliveries(deps: DeliveriesDeps): Deliveries {
  const { config, logger, redisUrl, metrics } = deps;
  const connection = createQueueRedisClient({ url: redisUrl, logger });
  const store = openWebhookStore({ dataDir: config.dataDir, database: deps.database }, deps.redis);
  const endpoints = new WebhookEndpoints(store, config.webhook);
  const mailed = (type: LeadEventType) => config.mail !== undefined && MAILED_EVENTS.has(type);
  const queue = new DeliveryQueue(
    connection,
    logger,
    async (type) => mailed(type) || (await endpoints.exist()),
    // Called only once a job is queued, after `worker` below exists.
    () => worker.ensureRunning(),
  );
  const handle = (message: FromDeliveryProcess) => {
    if (message.kind !== 'counted') return;
    const counter = message.channel === 'mail' ? metrics?.mailDeliveries : metrics?.webhookDeliveries;
    counter?.inc({ outcome: message.outcome });
  };
  const worker = new DeliveryProcess({ config, redisUrl, logger, onMessage: handle });
  void somethingToDeliver(config, endpoints, queue).then((needed) => {
    if (needed) worker.ensureRunning();
  });
  return {
    queue,
    settled: () => worker.settled(),
    close: async () => {
      await queue.flush();
      await worker.close(closeGraceMs(config.deliveries.timeoutMs));
      await queue.close();
      await connection.quit().then(undefined, () => connection.disconnect());
    },
  };
}

/**
 * Whether a delivery process is needed from the start: mail or an endpoint configured, or jobs in the queue.
 * When that cannot be told (Redis or the database down), it is: better an idle process than a job left waiting.
 */
async function somethingToDeliver(config: Config, endpoints: WebhookEndpoints, queue: DeliveryQueue): Promise<boolean> {
  if (config.mail !== undefined) return true;
  try {
    return (await endpoints.exist()) || (await queue.unfinished()) > 0;
  } catch {
    return true;
  }
}
