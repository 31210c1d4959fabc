/** The lead record of the contract, plus what we keep internally to answer each visitor with their own view. */
export const LEAD_STATUSES = ['new', 'contacted', 'follow_up', 'meeting_scheduled', 'qualified', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_SOURCES = ['chat', 'form', 'api'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export type MeetingStatus = 'proposed' | 'requested' | 'scheduled';

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

/** What is stored: the lead, what each conversation said (so a visitor only ever sees their own), who booked. */
export interface LeadRecord extends Lead {
  conversations: Record<string, ContactDetails>;
  meeting_client_id: string | null;
}

/** The admin view: the contract's record plus every conversation merged into it. */
export interface AdminLead extends Lead {
  client_ids: string[];
}

export function emptyDetails(): ContactDetails {
  return { name: null, email: null, phone: null, company: null, fields: {} };
}

export function toAdminLead(record: LeadRecord): AdminLead {
  const { conversations, meeting_client_id: _booker, ...lead } = record;
  return { ...lead, client_ids: Object.keys(conversations) };
}

/** The visitor's own view: only details given in their conversation; no staff notes. */
export function toVisitorLead(record: LeadRecord, clientId: string | null, given?: ContactDetails, meeting?: LeadMeeting | null): Lead {
  const own = given ?? (clientId ? record.conversations[clientId] : undefined) ?? emptyDetails();
  return {
    id: record.id,
    client_id: clientId,
    name: own.name,
    email: own.email,
    phone: own.phone,
    company: own.company,
    fields: { ...own.fields },
    notes: null,
    status: record.status,
    follow_up_at: null,
    meeting: meeting !== undefined ? meeting : clientId && record.meeting_client_id === clientId ? record.meeting : null,
    source: record.source,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}
