/**
 * A lead's activity (its timeline): kept inside the lead record, so an event is written in the same atomic
 * update as the change it tells of (both engines already store the record atomically), is erased with the
 * lead, and moves with it (copy-to-postgres). The one exception, the mails and webhooks sent, waits in Redis
 * until folded into the record (src/integrations/delivery-activity.ts). These are the pure rules: which events
 * a change makes, what is kept when the list is long, and the timeline as GET /leads/:id/activity answers it.
 */
import { AppError } from '../infra/app-error.js';
import {
  MAX_ACTIVITY_EVENTS,
  MAX_NOTES_PER_LEAD,
  VISITOR_ACTOR,
  type LeadActivity,
  type LeadActivityType,
  type LeadMeeting,
  type LeadRecord,
} from './lead.types.js';

/** Events never dropped from a long activity: the lead's beginning and every staff note. */
const KEPT_FOREVER: ReadonlySet<LeadActivityType> = new Set(['created', 'note']);

/**
 * Appends events; past MAX_ACTIVITY_EVENTS of the other kinds, the oldest of those go (a staff note and the
 * "created" event stay whatever happens after them).
 */
export function addActivity(record: LeadRecord, events: LeadActivity[]): void {
  if (events.length === 0) return;
  const all = [...(record.activity ?? []), ...events];
  let excess = all.filter((e) => !KEPT_FOREVER.has(e.type)).length - MAX_ACTIVITY_EVENTS;
  record.activity =
    excess > 0
      ? all.filter((e) => {
          if (excess <= 0 || KEPT_FOREVER.has(e.type)) return true;
          excess--;
          return false;
        })
      : all;
}

export function activityEvent(
  type: LeadActivityType,
  at: string,
  by: string,
  data: LeadActivity['data'] = {},
): LeadActivity {
  return { type, at, by, data };
}

/** The "created" event of a new record. */
export function createdEvent(record: LeadRecord, by: string): LeadActivity {
  return activityEvent('created', record.created_at, by, {
    source: record.source,
    ...(record.client_id ? { client_id: record.client_id } : {}),
  });
}

/**
 * The timeline, oldest first. A lead stored before "created" was recorded gets one from its created_at; who
 * made it is then only known for a conversation's lead ("unknown" otherwise).
 */
export function timelineOf(record: LeadRecord): LeadActivity[] {
  const events = record.activity ?? [];
  if (events.some((e) => e.type === 'created')) return events;
  const by = record.source === 'chat' || record.source === 'form' ? VISITOR_ACTOR : 'unknown';
  return [activityEvent('created', record.created_at, by, { source: record.source }), ...events];
}

/** An event's identity on a timeline, for events told from elsewhere (a delivery's success is told once). */
const eventKey = (e: LeadActivity) => `${e.type}|${e.data.delivery_id ?? ''}|${e.at}`;

/** Of `events` told from elsewhere, those `timeline` does not hold yet. */
export function eventsMissingFrom(timeline: LeadActivity[], events: LeadActivity[]): LeadActivity[] {
  const known = new Set(timeline.map(eventKey));
  return events.filter((e) => !known.has(eventKey(e)));
}

/**
 * A timeline with events kept outside the record put in (the mails and webhooks sent still waiting to be
 * written on it: src/integrations/sent-activity.store.ts), each once, in time order; an event of the record
 * comes before one from outside of the same instant.
 */
export function withWaitingEvents(timeline: LeadActivity[], waiting: LeadActivity[]): LeadActivity[] {
  const added = eventsMissingFrom(timeline, waiting);
  if (added.length === 0) return timeline;
  const merged = [...timeline];
  for (const event of added) {
    let i = merged.length;
    while (i > 0 && (merged[i - 1] as LeadActivity).at > event.at) i--;
    merged.splice(i, 0, event);
  }
  return merged;
}

/** The staff-visible values a change compares (contact details, notes, follow-up, custom fields). */
const CHANGE_FIELDS = ['name', 'email', 'phone', 'company', 'notes', 'follow_up_at'] as const;

/**
 * The events of a staff (or API) edit: each field with its old and new value, the status apart. The old
 * value is kept, so a note replaced through `notes` is still in the timeline.
 */
export function changeEvents(before: LeadRecord, after: LeadRecord, by: string, at: string): LeadActivity[] {
  const events: LeadActivity[] = [];
  for (const field of CHANGE_FIELDS) {
    if (before[field] !== after[field])
      events.push(activityEvent('field_changed', at, by, { field, from: before[field], to: after[field] }));
  }
  const labels = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  for (const label of labels) {
    const from = before.fields[label] ?? null;
    const to = after.fields[label] ?? null;
    if (from !== to) events.push(activityEvent('field_changed', at, by, { field: label, custom: 'yes', from, to }));
  }
  if (before.status !== after.status)
    events.push(activityEvent('status_changed', at, by, { from: before.status, to: after.status }));
  return events;
}

const MEETING_EVENT: Record<LeadMeeting['status'], LeadActivityType> = {
  proposed: 'meeting_proposed',
  requested: 'meeting_requested',
  scheduled: 'meeting_booked',
  cancelled: 'meeting_cancelled',
};

/** The event of a meeting recorded on the lead; none when it is the same meeting in the same state. */
export function meetingEvent(
  held: LeadMeeting | null,
  meeting: LeadMeeting,
  by: string,
  at: string,
  clientId: string | null,
): LeadActivity | undefined {
  if (held && held.status === meeting.status && held.start === meeting.start && held.end === meeting.end) {
    return undefined;
  }
  return activityEvent(MEETING_EVENT[meeting.status], at, by, {
    start: meeting.start,
    end: meeting.end,
    ...(clientId ? { client_id: clientId } : {}),
    ...(meeting.event_id ? { event_id: meeting.event_id } : {}),
  });
}

/** How many staff notes the lead holds; adding one past the limit is refused (409), never one dropped. */
export function assertRoomForNote(record: LeadRecord): void {
  const notes = (record.activity ?? []).filter((e) => e.type === 'note').length;
  if (notes >= MAX_NOTES_PER_LEAD) {
    throw new AppError('conflict', `This lead holds ${MAX_NOTES_PER_LEAD} notes, the most one lead keeps.`);
  }
}
