/**
 * The lead page's timeline: each activity event told in words (the template escapes them), with who and
 * when, and for a value a conversation gave that was not applied, what "use this value" would apply.
 */
import type { LeadActivity, LeadRecord } from '../leads/lead.types.js';

export interface TimelineItem {
  type: LeadActivity['type'];
  at: string;
  by: string;
  /** A short heading ("Note", "Status changed"). */
  title: string;
  /** The sentence under it; dates already in the business zone. */
  text: string;
  /** A note's or message's own text, shown as written. */
  quote?: string | undefined;
  /** A value not applied that the lead still lacks: the one-click "use this value". */
  accept?: { field: string; value: string; custom: boolean; clientId: string } | undefined;
  /** A value not applied that the lead holds now. */
  applied?: boolean;
}

const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  notes: 'Notes field',
  follow_up_at: 'Follow-up',
  status: 'Status',
};

const SOURCES: Record<string, string> = { chat: 'the chat', form: 'the contact form', api: 'the API or by hand' };

const EVENT_NAMES: Record<string, string> = {
  'lead.created': 'new lead',
  'lead.updated': 'lead updated',
  'meeting.scheduled': 'meeting booked',
  'meeting.requested': 'meeting requested',
  'meeting.cancelled': 'meeting cancelled',
};

interface Formatters {
  dateTime(iso: string | null | undefined): string;
  followUp(value: string | null | undefined): string;
  statusLabel(status: string): string;
}

function valueText(field: string, value: string | null | undefined, f: Formatters): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field === 'follow_up_at') return f.followUp(value);
  if (field === 'status') return f.statusLabel(value);
  return value;
}

const fieldName = (e: LeadActivity) =>
  e.data.custom ? (e.data.field ?? '') : (FIELD_NAMES[e.data.field ?? ''] ?? e.data.field ?? '');

function conversation(e: LeadActivity): string {
  return e.data.client_id ? ` (conversation ${e.data.client_id})` : '';
}

/** The words of one event. */
function describe(e: LeadActivity, f: Formatters): Pick<TimelineItem, 'title' | 'text' | 'quote'> {
  const d = e.data;
  const field = fieldName(e);
  switch (e.type) {
    case 'created':
      return {
        title: 'Lead created',
        text: `From ${SOURCES[d.source ?? ''] ?? d.source ?? 'unknown'}${conversation(e)}.`,
      };
    case 'conversation_linked':
      return {
        title: 'Conversation linked',
        text: `Conversation ${d.client_id ?? ''} joined this lead by its ${d.matched_on ?? 'details'}.`,
      };
    case 'details_given':
      return {
        title: 'Detail given',
        text: `${field}: ${d.value ?? ''}${d.from ? ` (was ${d.from})` : ''}${conversation(e)}.`,
      };
    case 'value_not_applied':
      return {
        title: 'Value not applied',
        text: `${field}: ${d.value ?? ''}${conversation(e)}; ${
          d.reason ?? (d.held_by_lead ? 'another lead already has it' : 'the lead already had a value')
        }.`,
      };
    case 'visitor_message':
      return {
        title: 'Message from the visitor',
        text: `Sent with the contact form${conversation(e)}.`,
        quote: d.text ?? '',
      };
    case 'field_changed':
      return {
        title: `${field} changed`,
        text: `From ${valueText(d.field ?? '', d.from, f)} to ${valueText(d.field ?? '', d.to, f)}${
          d.accepted_from ? ` (value from conversation ${d.accepted_from})` : ''
        }.`,
      };
    case 'status_changed':
      return { title: 'Status changed', text: `From ${f.statusLabel(d.from ?? '')} to ${f.statusLabel(d.to ?? '')}.` };
    case 'note':
      return { title: 'Note', text: '', quote: d.text ?? '' };
    case 'meeting_proposed':
    case 'meeting_requested':
    case 'meeting_booked': {
      const what = { meeting_proposed: 'proposed', meeting_requested: 'requested', meeting_booked: 'booked' }[e.type];
      return { title: `Meeting ${what}`, text: `For ${f.dateTime(d.start)}${conversation(e)}.` };
    }
    case 'meeting_cancelled':
      return {
        title: 'Meeting cancelled',
        text: `The meeting of ${f.dateTime(d.start)}${d.event_id ? '; the calendar event was deleted' : ''}.`,
      };
    case 'meeting_rescheduled':
      return { title: 'Meeting moved', text: `From ${f.dateTime(d.from)} to ${f.dateTime(d.to)}.` };
    case 'meeting_confirmed':
      return { title: 'Meeting confirmed', text: `The request for ${f.dateTime(d.start)} was booked on the calendar.` };
    case 'mail_sent':
      return { title: 'Mail sent', text: `Staff mail about the ${EVENT_NAMES[d.event ?? ''] ?? d.event ?? 'event'}.` };
    case 'webhook_sent':
      return {
        title: 'Webhook sent',
        text: `${EVENT_NAMES[d.event ?? ''] ?? d.event ?? 'Event'} delivered to endpoint ${d.endpoint ?? ''}.`,
      };
  }
}

/** What "use this value" applies, unless the lead holds that value already (or it is a meeting). */
function acceptOf(e: LeadActivity, record: LeadRecord): Pick<TimelineItem, 'accept' | 'applied'> {
  const { field, value, client_id: clientId } = e.data;
  if (e.type !== 'value_not_applied' || !field || !value || field === 'meeting' || e.data.reason) return {};
  const custom = Boolean(e.data.custom) || !['name', 'email', 'phone', 'company'].includes(field);
  const current = custom ? record.fields[field] : record[field as 'name' | 'email' | 'phone' | 'company'];
  if (current === value) return { applied: true };
  return { accept: { field, value, custom, clientId: clientId ?? '' } };
}

/** The timeline for the page, newest first. */
export function timelineItems(events: LeadActivity[], record: LeadRecord, f: Formatters): TimelineItem[] {
  return events.map((e) => ({ type: e.type, at: e.at, by: e.by, ...describe(e, f), ...acceptOf(e, record) })).reverse();
}
