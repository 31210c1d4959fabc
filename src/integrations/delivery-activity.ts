/**
 * Mails and webhooks sent, on the lead's timeline: each delivery that succeeded becomes a `mail_sent` or
 * `webhook_sent` event by `system`. Written after the attempt, by the delivery worker, so never on a chat
 * turn's path, and never failing a delivery (DeliveryQueue.delivered logs what it could not record). Written
 * through the plain lead repository, not the one that tells lead events (observed-lead.repository.ts), and
 * without changing updated_at: recording "webhook sent" must not itself send a lead.updated.
 */
import { activityEvent, recordServerEvents } from '../leads/lead-activity.js';
import { SYSTEM_ACTOR, type LeadActivity } from '../leads/lead.types.js';
import type { LeadRepository } from '../store/lead.repository.js';
import type { DeliveryQueue } from './webhooks/delivery.queue.js';
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

/**
 * `leads`: the plain repository (see above). An event's deliveries arrive together and go on their lead in
 * one write; deliveries reported while a batch is being written wait for the next batch, whose leads are
 * written together (LeadRepository.updateMany): every write of the embedded engine is a synced file in its
 * one write queue, shared with the chat turns' lead writes, so a stream of new leads costs those one wait
 * per batch rather than one per lead. A listener's promise settles once its deliveries are written.
 */
export function recordDeliveriesOnLeads(queue: DeliveryQueue, leads: LeadRepository): void {
  let waiting = new Map<string, LeadActivity[]>();
  let batch: Promise<void> | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  queue.onDelivered((deliveries) => {
    for (const d of deliveries) {
      const events = waiting.get(d.lead_id) ?? [];
      events.push(deliveryEventOf(d));
      waiting.set(d.lead_id, events);
    }
    if (!batch) {
      const run = previous.then(() => {
        const taken = waiting;
        waiting = new Map();
        batch = undefined;
        return recordServerEvents(leads, taken);
      });
      batch = run;
      previous = run.catch(() => undefined);
    }
    return batch;
  });
}
