/**
 * Mails and webhooks sent, on the lead's timeline: each delivery that succeeded becomes a `mail_sent` or
 * `webhook_sent` event by `system`. The delivery process appends it to the lead's waiting list in Redis
 * (sent-activity.store.ts) as it delivers, so never on a chat turn's path and never as a write of the lead
 * by the chat-serving process; the timeline is read with what waits (LeadService.timeline), and
 * `foldSentActivity` writes the waiting events into the lead records, in batches, at a quiet hour
 * (SentActivityFolder). The fold goes through the plain lead repository, not the one that tells lead events
 * (observed-lead.repository.ts), and without changing updated_at: recording "webhook sent" must not itself
 * send a lead.updated.
 */
import { Cron } from 'croner';
import type { Logger } from '../infra/logger.js';
import { addActivity, activityEvent, eventsMissingFrom } from '../leads/lead-activity.js';
import { SYSTEM_ACTOR, type LeadActivity, type LeadRecord } from '../leads/lead.types.js';
import type { LeadRepository } from '../store/lead.repository.js';
import type { SentActivityStore, WaitingActivity } from './sent-activity.store.js';
import type { DeliveryRecord } from './webhooks/webhook.types.js';

export function deliveryEventOf(delivery: DeliveryRecord): LeadActivity {
  return activityEvent(
    delivery.channel === 'mail' ? 'mail_sent' : 'webhook_sent',
    delivery.delivered_at ?? delivery.last_attempt_at ?? new Date().toISOString(),
    SYSTEM_ACTOR,
    {
      event: delivery.event_type,
      endpoint: delivery.endpoint_id,
      delivery_id: delivery.id,
      attempts: String(delivery.attempts),
    },
  );
}

/** The deliveries that succeeded, as events waiting for their leads (appended in one transaction). */
export function recordSentDeliveries(store: SentActivityStore, deliveries: DeliveryRecord[]): Promise<void> {
  return store.append(deliveries.map((d) => ({ leadId: d.lead_id, event: deliveryEventOf(d) })));
}

/** Leads read per round of a fold: their records are written together (LeadRepository.updateMany). */
const FOLD_BATCH = 200;

/**
 * Writes every waiting event into its lead record (each once: a fold interrupted and run again adds nothing
 * twice), then removes what was written from Redis. A lead erased meanwhile drops its events. A round whose
 * write failed leaves its events waiting for the next fold. Returns the number of leads whose events were
 * written (or dropped, the lead gone).
 */
export async function foldSentActivity(store: SentActivityStore, leads: LeadRepository): Promise<number> {
  let cursor = '0';
  const folded = new Set<string>(); // a scan may return a lead twice
  do {
    const page = await store.scanWaiting(cursor, FOLD_BATCH);
    cursor = page.cursor;
    if (page.waiting.length === 0) continue;
    await leads.updateMany(new Map(page.waiting.map((w) => [w.leadId, addMissing(w)])));
    await store.remove(page.waiting);
    for (const w of page.waiting) folded.add(w.leadId);
  } while (cursor !== '0');
  return folded.size;
}

function addMissing(waiting: WaitingActivity): (record: LeadRecord) => LeadRecord | undefined {
  return (record) => {
    const added = eventsMissingFrom(record.activity ?? [], waiting.events);
    if (added.length === 0) return undefined;
    addActivity(
      record,
      added.sort((a, b) => a.at.localeCompare(b.at)),
    );
    return record;
  };
}

/** When the fold runs, in the business zone: a quiet hour for most businesses. */
export const FOLD_TIME = { hour: 3, minute: 30 };

/** A server that was not running at FOLD_TIME folds this long after it starts (not during its start-up). */
const CATCH_UP_AFTER_MS = 10 * 60_000;

/**
 * Runs the fold once a day at FOLD_TIME, and once CATCH_UP_AFTER_MS after start (a server stopped every night
 * still folds). Every instance runs it (instances sharing a Redis and a database fold the same events
 * harmlessly: each is added once, and removed by value); a failure is logged, and what it left waits for the
 * next fold, shown on the timelines meanwhile.
 */
export class SentActivityFolder {
  private job: Cron | undefined;
  private catchUp: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      store: SentActivityStore;
      leads: LeadRepository;
      logger: Logger;
      timezone: string;
      catchUpAfterMs?: number;
    },
  ) {}

  async fold(): Promise<void> {
    const { store, leads, logger } = this.deps;
    try {
      const folded = await foldSentActivity(store, leads);
      if (folded > 0) logger.info({ leads: folded }, 'mails and webhooks sent written on their leads');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'mails and webhooks sent not written on their leads; next fold');
    }
  }

  start(): void {
    if (this.job) return;
    this.job = new Cron(
      `${FOLD_TIME.minute} ${FOLD_TIME.hour} * * *`,
      { name: 'sent-activity-fold', timezone: this.deps.timezone, protect: true },
      () => this.fold(),
    );
    this.catchUp = setTimeout(() => void this.fold(), this.deps.catchUpAfterMs ?? CATCH_UP_AFTER_MS).unref();
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
    clearTimeout(this.catchUp);
  }
}
