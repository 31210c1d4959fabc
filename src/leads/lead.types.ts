import { createHash } from 'node:crypto';

/** The lead record of the contract, plus what we keep internally to answer each visitor with their own view. */
export const LEAD_STATUSES = [
  'new',
  'contacted',
  'follow_up',
  'meeting_scheduled',
  'qualified',
  'converted',
  'lost',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_SOURCES = ['chat', 'form', 'api'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export type MeetingStatus = 'proposed' | 'requested' | 'scheduled' | 'cancelled';

export interface LeadMeeting {
  status: MeetingStatus;
  start: string;
  end: string;
  event_id: string | null;
  meet_link: string | null;
  html_link: string | null;
}

export interface ContactDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  fields: Record<string, string>;
}

export interface Lead extends ContactDetails {
  id: string;
  client_id: string | null;
  notes: string | null;
  status: LeadStatus;
  follow_up_at: string | null;
  meeting: LeadMeeting | null;
  source: LeadSource;
  created_at: string;
  updated_at: string;
}

/** What one conversation gave, and when: a merged-in visitor's view is built from this alone. */
export interface ConversationDetails extends ContactDetails {
  created_at?: string;
  updated_at?: string;
  source?: LeadSource;
  /** The id this conversation's visitor sees for their lead (their own; never another lead's id). */
  view_id?: string;
}

/** Limits that keep a lead workable (the contract's "The lead record"). */
export const MAX_FIELDS_PER_LEAD = 30;
export const MAX_FIELD_LABEL_LENGTH = 40;
export const MAX_FIELD_VALUE_LENGTH = 500;
export const MAX_VISITOR_MESSAGE_LENGTH = 2000;
/**
 * Events kept on a lead besides its notes and its "created" event, which are never dropped: past this many,
 * the oldest of the others go (a lead stays one small record; see docs/api-notes.md).
 */
export const MAX_ACTIVITY_EVENTS = 500;
/** Staff notes one lead keeps (each one kept whole; a note past this is refused, never one dropped). */
export const MAX_NOTES_PER_LEAD = 1000;
export const MAX_NOTE_LENGTH = 5000;

export const ACTIVITY_TYPES = [
  'created',
  'conversation_linked',
  'details_given',
  'value_not_applied',
  'visitor_message',
  'field_changed',
  'status_changed',
  'note',
  'meeting_proposed',
  'meeting_requested',
  'meeting_booked',
  'meeting_cancelled',
  'meeting_rescheduled',
  'meeting_confirmed',
  'mail_sent',
  'webhook_sent',
] as const;
export type LeadActivityType = (typeof ACTIVITY_TYPES)[number];

/** Who did something that has no staff member or visitor behind it (the server itself). */
export const SYSTEM_ACTOR = 'system';
/** Who did what a conversation (chat, the widget's form, a public booking) did. */
export const VISITOR_ACTOR = 'visitor';

/** Something that happened to a lead, for staff (`GET /leads/:id/activity`). */
export interface LeadActivity {
  type: LeadActivityType;
  at: string;
  /** Who: the staff member (account email or "api key"), `visitor` for a conversation, `system` for the server. */
  by: string;
  data: Record<string, string | null>;
}

/**
 * What only the server knows of the lead's meeting: the hashes of the visitor links issued for it (the
 * tokens themselves are never stored), the slot it holds while it is a request, and the start it was issued
 * for (a meeting recorded later at another time is another meeting: its old links stop working).
 */
export interface MeetingAccess {
  start: string;
  link_hashes: string[];
  /** The slot hold (slot-hold.store.ts) to release when the meeting is cancelled or moved. */
  hold: string | null;
  /** The API booking key, so that the same booking sent after a cancellation books again. */
  booking_key: string | null;
  /** Cancelled on the page: a meeting recorded later, even at the same time, is another one. */
  cancelled?: boolean;
  /** The visitor's IANA zone when the booking knew it: the page names the time in it too. */
  visitor_zone?: string | null;
}

/** What is stored: the lead, what each conversation said (so a visitor only ever sees their own), who booked. */
export interface LeadRecord extends Lead {
  conversations: Record<string, ConversationDetails>;
  meeting_client_id: string | null;
  /** Absent on leads stored before it existed. */
  activity?: LeadActivity[];
  /** Absent until a visitor link is issued for the meeting. */
  meeting_access?: MeetingAccess;
}

/** The admin view: the contract's record plus every conversation merged into it. */
export interface AdminLead extends Lead {
  client_ids: string[];
}

export function emptyDetails(): ContactDetails {
  return { name: null, email: null, phone: null, company: null, fields: {} };
}

export function toAdminLead(record: LeadRecord): AdminLead {
  const { conversations, meeting_client_id: _booker, activity: _activity, meeting_access: _access, ...lead } = record;
  return { ...lead, client_ids: Object.keys(conversations) };
}

/**
 * The visitor's own view: only details given in their conversation, and status, source and dates of
 * that conversation, so a visitor who types a stranger's email learns nothing, not even that the email
 * was known (the staff's status, notes and the lead's age stay private).
 */
export interface VisitorViewOptions {
  /** The conversation whose view this is; null for an API caller without one. */
  clientId: string | null;
  /** The dates of a view with no conversation behind it. */
  now: Date;
  /** What the request itself gave, instead of a conversation's details. */
  given?: ContactDetails;
  /** The meeting to show (this request's); by default the conversation's own. */
  meeting?: LeadMeeting | null;
}

export function toVisitorLead(record: LeadRecord, options: VisitorViewOptions): Lead {
  const { clientId, given, meeting } = options;
  const conversation: ConversationDetails | undefined = clientId ? record.conversations[clientId] : undefined;
  const own = given ?? conversation ?? emptyDetails();
  const ownMeeting =
    meeting !== undefined ? meeting : clientId && record.meeting_client_id === clientId ? record.meeting : null;
  const status: LeadStatus =
    ownMeeting?.status === 'scheduled' ? 'meeting_scheduled' : ownMeeting?.status === 'requested' ? 'follow_up' : 'new';
  const now = options.now.toISOString();
  return {
    // The conversation's own id for its lead: linking it to a lead that already held the email reveals nothing.
    id: conversation?.view_id ?? (clientId && record.client_id !== clientId ? viewIdFor(clientId) : record.id),
    client_id: clientId,
    name: own.name,
    email: own.email,
    phone: own.phone,
    company: own.company,
    fields: { ...own.fields },
    notes: null,
    status,
    follow_up_at: null,
    meeting: ownMeeting,
    source: conversation?.source ?? (given ? 'api' : 'chat'),
    created_at: conversation?.created_at ?? now,
    updated_at: conversation?.updated_at ?? now,
  };
}

/** A stable id for a conversation's view of a lead stored before views had their own id. */
function viewIdFor(clientId: string): string {
  return createHash('sha256').update(`lead-view:${clientId}`).digest('hex').slice(0, 32);
}
