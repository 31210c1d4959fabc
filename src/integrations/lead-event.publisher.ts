/**
 * The sink the lead and meeting services are given: decides which writes are events (lead-events.ts), counts
 * leads and meetings for /metrics, and hands each event to the outbox (the delivery queue), which only starts
 * an enqueue. Nothing here may throw into the service that called it: a bug is logged, the turn goes on.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../infra/logger.js';
import type { LeadMeeting, LeadRecord } from '../leads/lead.types.js';
import { leadEventOf, meetingEventOf, type LeadEventBody, type LeadEventSink } from './lead-events.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import type { EventOutbox } from './webhooks/delivery.queue.js';

export interface LeadEventPublisherDeps {
  /** Where events go; without one (an app built without the queue) they are only counted. */
  outbox: EventOutbox | undefined;
  metrics: AppMetrics;
  logger: Logger;
  now: () => Date;
}

/** The `webhook-id` of an event: unique, the same on every attempt and replay of every delivery of it. */
function newEventId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

export class LeadEventPublisher implements LeadEventSink {
  constructor(private readonly deps: LeadEventPublisherDeps) {}

  leadWritten(before: LeadRecord | undefined, after: LeadRecord): void {
    this.guard(() => {
      const event = leadEventOf(before, after, this.deps.now());
      if (event?.type === 'lead.created') this.deps.metrics.leadsCaptured.inc({ source: after.source });
      if (event) this.publish(event, after.id);
    });
  }

  meetingChanged(record: LeadRecord, meeting: LeadMeeting, manageUrl?: string | null): void {
    this.guard(() => {
      const event = meetingEventOf(record, meeting, manageUrl, this.deps.now());
      if (!event) return;
      this.deps.metrics.meetings.inc({ status: meeting.status });
      this.publish(event, record.id);
    });
  }

  private publish(body: LeadEventBody, leadId: string): void {
    this.deps.outbox?.publish({ id: newEventId(), type: body.type, lead_id: leadId, body: JSON.stringify(body) });
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch (err) {
      this.deps.logger.error({ err }, 'lead event not sent');
    }
  }
}
