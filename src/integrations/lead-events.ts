/**
 * Lead and meeting events: what the services tell (the sink they are given), and which writes are news to
 * staff. The services call the sink after a write succeeded; the sink only enqueues (lead-event.publisher.ts),
 * so an event can never block or fail a chat turn.
 */
import {
  toAdminLead,
  type AdminLead,
  type LeadActivity,
  type LeadMeeting,
  type LeadRecord,
} from '../leads/lead.types.js';

export const LEAD_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'meeting.scheduled',
  'meeting.requested',
  'meeting.cancelled',
] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

/** The events staff are mailed about (here, not beside the mailer: the server asks without loading nodemailer). */
export const MAILED_EVENTS: ReadonlySet<LeadEventType> = new Set(['lead.created', 'meeting.requested']);

/** A meeting as events carry it: with the visitor's page when the event is its confirmation. */
export type EventMeeting = LeadMeeting & { manage_url?: string | null };

/** The body every standard endpoint receives (the contract's `{type, timestamp, data: {lead, meeting?}}`). */
export interface LeadEventBody {
  type: LeadEventType;
  timestamp: string;
  data: {
    lead: AdminLead;
    meeting?: EventMeeting;
    /** lead.updated: what changed (`email`, `fields.Budget`, `status`, `activity.visitor_message`...). */
    changes?: string[];
  };
}

/** What the lead and meeting services are given: called after a write succeeded, returns at once. */
export interface LeadEventSink {
  /** `before`: the stored record the write replaced (undefined: the write created the lead). */
  leadWritten(before: LeadRecord | undefined, after: LeadRecord): void;
  /** A meeting was booked or requested (with the visitor's page link once issued), moved or cancelled. */
  meetingChanged(record: LeadRecord, meeting: LeadMeeting, manageUrl?: string | null): void;
}

const DETAIL_FIELDS = ['name', 'email', 'phone', 'company', 'notes', 'follow_up_at'] as const;

/**
 * Activity that tells staff something; meeting moves and cancellations have their own events, a change of a
 * field or status is named by the field itself, and a mail or webhook sent is never news (it would send
 * another event, forever).
 */
const NEWS_ACTIVITY: ReadonlySet<LeadActivity['type']> = new Set([
  'visitor_message',
  'value_not_applied',
  'conversation_linked',
  'note',
]);

function sameMeeting(a: LeadMeeting | null, b: LeadMeeting | null): boolean {
  return a?.status === b?.status && a?.start === b?.start && a?.end === b?.end;
}

/** The events `after`'s own activity gained over `before`'s (the list keeps its newest entries only). */
function addedActivity(before: LeadRecord, after: LeadRecord): LeadActivity[] {
  const old = before.activity ?? [];
  const now = after.activity ?? [];
  const last = old.at(-1);
  if (!last) return now;
  const key = JSON.stringify(last);
  for (let i = now.length - 1; i >= 0; i--) if (JSON.stringify(now[i]) === key) return now.slice(i + 1);
  return now;
}

/**
 * What in a write staff would want to know: a detail or field that changed, the status (unless a meeting
 * change brought it: that has its own event), notes, the follow-up date, and what a visitor told through the
 * lead's activity. A proposal, a conversation's own bookkeeping or a link issued are not news.
 */
export function newsOf(before: LeadRecord, after: LeadRecord): string[] {
  const changes: string[] = DETAIL_FIELDS.filter((f) => before[f] !== after[f]);
  const labels = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  for (const label of labels) if (before.fields[label] !== after.fields[label]) changes.push(`fields.${label}`);
  if (before.status !== after.status && sameMeeting(before.meeting, after.meeting)) changes.push('status');
  for (const event of addedActivity(before, after)) {
    const change = `activity.${event.type}`;
    if (NEWS_ACTIVITY.has(event.type) && !changes.includes(change)) changes.push(change);
  }
  return changes;
}

/** The lead event of a write: created, updated with its news, or none. */
export function leadEventOf(before: LeadRecord | undefined, after: LeadRecord, now: Date): LeadEventBody | undefined {
  const timestamp = now.toISOString();
  if (!before) return { type: 'lead.created', timestamp, data: { lead: toAdminLead(after) } };
  const changes = newsOf(before, after);
  if (changes.length === 0) return undefined;
  return { type: 'lead.updated', timestamp, data: { lead: toAdminLead(after), changes } };
}

/** The meeting event of a booking, request, move or cancellation; a proposal has none. */
export function meetingEventOf(
  record: LeadRecord,
  meeting: LeadMeeting,
  manageUrl: string | null | undefined,
  now: Date,
): LeadEventBody | undefined {
  if (meeting.status === 'proposed') return undefined;
  return {
    type: `meeting.${meeting.status}`,
    timestamp: now.toISOString(),
    data: { lead: toAdminLead(record), meeting: manageUrl ? { ...meeting, manage_url: manageUrl } : meeting },
  };
}
