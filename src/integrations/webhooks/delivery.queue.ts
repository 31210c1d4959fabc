/**
 * The durable queue of events and their deliveries (BullMQ on Redis, on a connection of its own). An event is
 * one job, fanned out by the worker into one job per delivery (each endpoint, and the staff mail); a failed
 * delivery job is retried with exponential backoff and jitter (retryDelay) until its window ends. Jobs live
 * in Redis, so what is queued survives a restart of any process.
 *
 * `publish` is what the lead services' sink calls: it starts the enqueue and returns at once; a failure is
 * logged, never thrown, so an event can never fail or slow a chat turn. close() waits for those enqueues.
 */
import type { JobsOptions, Queue } from 'bullmq';
// BullMQ's own naming of a queue's keys, from its one small module (the rest of BullMQ is loaded on use).
import { QueueKeys } from 'bullmq/dist/esm/classes/queue-keys.js';
import type { DeliveryConfig } from '../../config.js';
import type { Logger } from '../../infra/logger.js';
import type { Redis } from '../../infra/redis.client.js';
import { attemptJobId, type DeliveryRecord, type OutgoingEvent } from './webhook.types.js';

export const DELIVERY_QUEUE_NAME = 'deliveries';

/** Job names: an event to fan out, and a delivery's attempts per channel. */
export type DeliveryJobName = 'event' | 'webhook' | 'mail';
export type DeliveryJobData = OutgoingEvent | { delivery_id: string };

/** Whatever accepts events (the queue; nothing in an app built without one). */
export interface EventOutbox {
  publish(event: OutgoingEvent): void;
}

/**
 * The wait before retry `attempt` (1 for the first retry): base·2^(attempt-1), at most `retryMaxMs`, of which
 * a random half is dropped ("equal jitter") so receivers that came back are not hit by every sender at once.
 */
export function retryDelay(attempt: number, config: Pick<DeliveryConfig, 'retryBaseMs' | 'retryMaxMs'>): number {
  const exponential = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

/** Retries end by time (the delivery's retry_until), not by count: the count only has to be out of reach. */
const JOB_OPTIONS: JobsOptions = {
  attempts: 1_000_000,
  backoff: { type: 'jittered-exponential' },
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * BullMQ's `error` events (its Redis connection failing): logged, the same message at most once a minute, so
 * an outage (reconnects every second) does not flood the log.
 */
export function logQueueErrors(logger: Logger, what: string): (err: Error) => void {
  const lastLogged = new Map<string, number>();
  return (err) => {
    const now = Date.now();
    if (now - (lastLogged.get(err.message) ?? 0) < 60_000) return;
    lastLogged.set(err.message, now);
    logger.warn({ err: err.message }, `${what}: redis error`);
  };
}

/** Events whose enqueue waits for Redis (it is down): past this many, new ones are dropped and logged. */
const MAX_PENDING_PUBLISHES = 10_000;
/** close() waits this long for enqueues still waiting for Redis. */
const CLOSE_WAIT_MS = 5_000;

/** Told of deliveries that succeeded (the app records them on the leads' timelines). */
export type DeliveredListener = (deliveries: DeliveryRecord[]) => Promise<void>;

type JobQueue = Queue<DeliveryJobData, unknown, DeliveryJobName>;

export class DeliveryQueue implements EventOutbox {
  /**
   * BullMQ's queue, made on first use: a server nobody receives events from (no endpoint, no mail; most
   * sites) never loads BullMQ, whose scripts and classes would otherwise be ~7 MB of live heap that every
   * full collection of the chat process marks.
   */
  private queue: Promise<JobQueue> | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly deliveredListeners: DeliveredListener[] = [];

  /**
   * `wanted` says whether an event of a type has anywhere to go (an endpoint, or the staff mail for the
   * types it mails): an event nobody would receive is not queued at all. Most sites have no webhook, and an
   * event's job costs some 80 Redis commands in BullMQ's scripts. `queued` is told each time a job is
   * queued (the server starts its delivery process on the first: none runs while nothing is to be sent).
   */
  constructor(
    private readonly connection: Redis,
    private readonly logger: Logger,
    private readonly wanted: (type: OutgoingEvent['type']) => Promise<boolean> = () => Promise.resolve(true),
    private readonly queued: () => void = () => undefined,
  ) {}

  private open(): Promise<JobQueue> {
    this.queue ??= import('bullmq').then(({ Queue }) => {
      const queue: JobQueue = new Queue(DELIVERY_QUEUE_NAME, {
        connection: this.connection,
        defaultJobOptions: JOB_OPTIONS,
      });
      queue.on('error', logQueueErrors(this.logger, 'delivery queue'));
      return queue;
    });
    return this.queue;
  }

  publish(event: OutgoingEvent): void {
    if (this.pending.size >= MAX_PENDING_PUBLISHES) {
      this.logger.error({ type: event.type, leadId: event.lead_id }, 'event dropped: too many waiting for Redis');
      return;
    }
    const added = this.isWanted(event.type)
      .then(async (wanted) => {
        if (!wanted) return;
        await (await this.open()).add('event', event, { jobId: event.id });
        this.queued();
      })
      .then(
        () => undefined,
        (err: unknown) =>
          this.logger.error(
            { err: (err as Error).message, type: event.type, leadId: event.lead_id },
            'event not queued',
          ),
      );
    this.pending.add(added);
    void added.finally(() => this.pending.delete(added));
  }

  /** When the answer cannot be had (Redis or the database down), the event is queued: better sent than lost. */
  private async isWanted(type: OutgoingEvent['type']): Promise<boolean> {
    try {
      return await this.wanted(type);
    } catch {
      return true;
    }
  }

  /** `listener` is told of the deliveries that succeed from now on (those of one event together). */
  onDelivered(listener: DeliveredListener): void {
    this.deliveredListeners.push(listener);
  }

  /**
   * The worker tells of deliveries that succeeded (an event's first tries together). The listeners run after
   * the attempts are recorded and never fail them: what they could not do is logged, and the deliveries stay
   * delivered.
   */
  async delivered(deliveries: DeliveryRecord[]): Promise<void> {
    if (deliveries.length === 0) return;
    for (const listener of this.deliveredListeners) {
      await listener(deliveries).catch((err: unknown) =>
        this.logger.warn(
          { err: (err as Error).message, deliveries: deliveries.map((d) => d.id) },
          'deliveries were not recorded on their leads',
        ),
      );
    }
  }

  /**
   * Queues tries of each delivery (a job id per replay: queued twice, it runs once), after `delayMs` (the
   * first retry of a delivery the fan-out tried), then with backoff while they fail.
   */
  async enqueueAttempts(deliveries: DeliveryRecord[], options: { delayMs?: number } = {}): Promise<void> {
    if (deliveries.length === 0) return;
    await (
      await this.open()
    ).addBulk(
      deliveries.map((d) => ({
        name: d.channel,
        data: { delivery_id: d.id },
        opts: { ...JOB_OPTIONS, jobId: attemptJobId(d), ...(options.delayMs ? { delay: options.delayMs } : {}) },
      })),
    );
    this.queued();
  }

  /** Whether a try of this delivery is still queued, running or waiting for its next retry. */
  async isQueued(delivery: DeliveryRecord): Promise<boolean> {
    return (await (await this.open()).getJob(attemptJobId(delivery))) !== undefined;
  }

  /**
   * Jobs not done yet (waiting, running, or waiting for a retry). Before BullMQ is loaded, whether any of
   * its lists of such jobs exists is asked first (Redis deletes an empty list or set): a queue with nothing
   * left to do is told without loading it.
   */
  async unfinished(): Promise<number> {
    const states = ['wait', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;
    if (!this.queue) {
      const keys = new QueueKeys().getKeys(DELIVERY_QUEUE_NAME);
      const lists = states.map((state) => keys[state]);
      // A name BullMQ no longer gives fails the check (the caller then forks the process), never reads "none".
      if (lists.some((key) => key === undefined)) throw new Error('BullMQ names its lists differently');
      if ((await this.connection.exists(...(lists as string[]))) === 0) return 0;
    }
    const counts = await (await this.open()).getJobCounts(...states);
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** Waits (a few seconds at most) for the enqueues publish() started. */
  async flush(): Promise<void> {
    const waited = Promise.allSettled([...this.pending]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([waited, deadline]);
    clearTimeout(timer);
    if (this.pending.size > 0) this.logger.error({ events: this.pending.size }, 'events not queued at shutdown');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.queue) await (await this.queue).close();
  }
}
