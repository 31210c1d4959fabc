/**
 * Works the delivery queue (BullMQ Worker, on a connection of its own): fans each event out into deliveries
 * (every endpoint, and the staff mail for new leads and meeting requests) and tries each at once; a delivery
 * that failed gets a job of its own for the retries.
 * A delivery is done on a 2xx (a mail: once the SMTP server accepted it); a failure is recorded and retried
 * with backoff (delivery.queue.ts) until its retry_until, then the delivery is failed. Every attempt of an
 * event carries the same `webhook-id`.
 */
import { createHash } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Config } from '../../config.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.client.js';
import { MAILED_EVENTS, type LeadEventBody } from '../lead-events.js';
import type { MailNotifier } from '../notifications/mail.notifier.js';
import {
  DELIVERY_QUEUE_NAME,
  logQueueErrors,
  retryDelay,
  type DeliveryJobData,
  type DeliveryJobName,
  type DeliveryQueue,
} from './delivery.queue.js';
import { payloadFor } from './webhook.payloads.js';
import { postWebhook } from './webhook.sender.js';
import { signatureHeaders } from './webhook.signer.js';
import type { WebhookEndpoints } from './webhook-endpoints.js';
import type { WebhookStore } from './webhook.store.js';
import type { AttemptResult, DeliveryChannel, DeliveryRecord, OutgoingEvent } from './webhook.types.js';

export const MAIL_ENDPOINT_ID = 'mail';

/** How one try of a delivery went, and the delivery as recorded after it. */
interface TryOutcome {
  outcome: 'delivered' | 'retry' | 'failed';
  delivery: DeliveryRecord;
}

/** A worker that died mid-attempt leaves its job "stalled"; it is tried again rather than dropped. */
const MAX_STALLED = 1000;

export interface DeliveryWorkerDeps {
  connection: Redis;
  store: WebhookStore;
  endpoints: WebhookEndpoints;
  queue: DeliveryQueue;
  mailer: MailNotifier | undefined;
  config: Pick<Config, 'deliveries' | 'publicUrl' | 'businessTimezone'>;
  /** Told of every attempt (the server's /metrics counts them). */
  counted: (channel: DeliveryChannel, outcome: DeliveryOutcome) => void;
  logger: Logger;
}

/** How an attempt ended, as /metrics counts it. */
export type DeliveryOutcome = 'delivered' | 'failed_attempt' | 'gave_up';

/** One delivery of an event to one endpoint (or the mail): the same id however often the fan-out runs. */
export function newDelivery(
  event: OutgoingEvent,
  channel: DeliveryChannel,
  endpointId: string,
  now: Date,
  retryWindowMs: number,
): DeliveryRecord {
  const id = `dlv_${createHash('sha256').update(`${event.id}/${endpointId}`).digest('hex').slice(0, 24)}`;
  return {
    id,
    event_id: event.id,
    event_type: event.type,
    lead_id: event.lead_id,
    channel,
    endpoint_id: endpointId,
    status: 'pending',
    attempts: 0,
    created_at: now.toISOString(),
    retry_until: new Date(now.getTime() + retryWindowMs).toISOString(),
    last_attempt_at: null,
    delivered_at: null,
    last_status: null,
    last_response: null,
    last_error: null,
    replays: 0,
    body: event.body,
  };
}

export class DeliveryWorker {
  private worker: Worker<DeliveryJobData, unknown, DeliveryJobName> | undefined;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  start(): void {
    const { connection, config, logger } = this.deps;
    this.worker = new Worker<DeliveryJobData, unknown, DeliveryJobName>(DELIVERY_QUEUE_NAME, (job) => this.run(job), {
      connection,
      concurrency: config.deliveries.concurrency,
      maxStalledCount: MAX_STALLED,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade, config.deliveries) },
    });
    this.worker.on('error', logQueueErrors(logger, 'delivery worker'));
  }

  /** Stops taking jobs and waits for the attempts in flight (each bounded by DELIVERY_TIMEOUT_MS). */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async run(job: Job<DeliveryJobData, unknown, DeliveryJobName>): Promise<void> {
    const data = job.data;
    if (job.name === 'event' && 'body' in data) return this.fanOut(data);
    if ('delivery_id' in data) return this.attempt(data.delivery_id);
    this.deps.logger.error({ job: job.name }, 'delivery queue: a job of an unknown shape was dropped');
  }

  /**
   * One delivery per endpoint, and the mail, each tried at once from here: an event costs one job, not one
   * per delivery. What succeeded goes on its lead's timeline (one Redis transaction); what failed gets a job
   * that retries it with backoff. Run again (the process died half-way), it finds the deliveries it stored and tries those
   * not tried yet (at least once: one tried just before the crash may be sent again, with the same id).
   */
  private async fanOut(event: OutgoingEvent): Promise<void> {
    const { store, endpoints, queue, mailer, config } = this.deps;
    const now = new Date();
    const window = config.deliveries.retryWindowMs;
    const records = (await endpoints.list()).map((e) => newDelivery(event, 'webhook', e.id, now, window));
    if (mailer && MAILED_EVENTS.has(event.type))
      records.push(newDelivery(event, 'mail', MAIL_ENDPOINT_ID, now, window));
    const stored = await store.createDeliveries(records);
    const tried = await Promise.all(
      stored.filter((d) => d.status === 'pending' && d.attempts === 0).map((d) => this.tryOnce(d)),
    );
    await queue.delivered(tried.flatMap((t) => (t.outcome === 'delivered' ? [t.delivery] : [])));
    const again = tried.flatMap((t) => (t.outcome === 'retry' ? [t.delivery] : []));
    await queue.enqueueAttempts(again, { delayMs: retryDelay(1, config.deliveries) });
  }

  /** A retry (or a replay) of one delivery: a failure that may be retried throws, for BullMQ's backoff. */
  private async attempt(deliveryId: string): Promise<void> {
    const delivery = await this.deps.store.getDelivery(deliveryId);
    if (!delivery || delivery.status === 'delivered') return; // expired or erased, or delivered by an earlier try
    const tried = await this.tryOnce(delivery);
    if (tried.outcome === 'delivered') await this.deps.queue.delivered([tried.delivery]);
    if (tried.outcome === 'retry') throw new Error(tried.delivery.last_error ?? 'delivery failed');
  }

  /** Sends the delivery once and records how it went; never throws for the receiver's failure. */
  private async tryOnce(delivery: DeliveryRecord): Promise<TryOutcome> {
    const { store, counted, logger } = this.deps;
    const result = await this.send(delivery);
    const at = new Date();
    const tried: DeliveryRecord = {
      ...delivery,
      attempts: delivery.attempts + 1,
      last_attempt_at: at.toISOString(),
      last_status: result.status,
      last_response: result.response,
      last_error: result.error,
    };
    const log = { delivery: delivery.id, event: delivery.event_type, endpoint: delivery.endpoint_id };
    if (result.ok) {
      const delivered: DeliveryRecord = { ...tried, status: 'delivered', delivered_at: at.toISOString() };
      await store.saveDelivery(delivered);
      counted(delivery.channel, 'delivered');
      return { outcome: 'delivered', delivery: delivered };
    }
    const giveUp = result.final === true || at.getTime() >= Date.parse(delivery.retry_until);
    const failed: DeliveryRecord = { ...tried, status: giveUp ? 'failed' : 'retrying' };
    await store.saveDelivery(failed);
    counted(delivery.channel, giveUp ? 'gave_up' : 'failed_attempt');
    if (giveUp) {
      logger.warn({ ...log, attempts: tried.attempts, error: result.error }, 'delivery failed for good');
      return { outcome: 'failed', delivery: failed };
    }
    logger.debug({ ...log, attempt: tried.attempts, error: result.error }, 'delivery attempt failed; retrying');
    return { outcome: 'retry', delivery: failed };
  }

  private async send(delivery: DeliveryRecord): Promise<AttemptResult> {
    const { config, endpoints, mailer } = this.deps;
    const summary = { publicUrl: config.publicUrl, timezone: config.businessTimezone };
    if (delivery.channel === 'mail') {
      if (!mailer) return gone('mail is not configured any more');
      return mailer.send(delivery.event_id, JSON.parse(delivery.body) as LeadEventBody);
    }
    const endpoint = await endpoints.get(delivery.endpoint_id);
    if (!endpoint) return gone('the endpoint was removed');
    const body = payloadFor(endpoint.type, delivery.body, summary);
    // A fresh timestamp per attempt: receivers refuse old ones (replay protection); the id stays the same.
    const headers = endpoint.secret ? signatureHeaders(endpoint.secret, delivery.event_id, new Date(), body) : {};
    return postWebhook(endpoint.url, body, headers, config.deliveries.timeoutMs);
  }
}

/** A delivery whose endpoint is gone: failed at once, not retried. */
function gone(reason: string): AttemptResult {
  return { ok: false, status: null, response: null, error: reason, final: true };
}
