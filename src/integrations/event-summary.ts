/**
 * An event told for people: a title, the lead's details as label/value lines and a link to the lead in the
 * workspace. Slack and Discord messages and the staff mail are all worded from this one summary.
 */
import { DateTime } from 'luxon';
import { spellOut } from '../meetings/business-hours.js';
import type { LeadEventBody } from './lead-events.js';

export interface EventSummary {
  title: string;
  lines: Array<[label: string, value: string]>;
  /** PUBLIC_URL/admin/leads/<id>. */
  leadUrl: string;
}

export interface SummaryOptions {
  publicUrl: string;
  timezone: string;
}

const TITLES: Record<LeadEventBody['type'], string> = {
  'lead.created': 'New lead',
  'lead.updated': 'Lead updated',
  'meeting.scheduled': 'Meeting booked',
  'meeting.requested': 'Meeting requested',
  'meeting.cancelled': 'Meeting cancelled',
};

/** Who the lead is, in a few words: a name, else an email or phone, with the company. */
function whoOf(lead: LeadEventBody['data']['lead']): string {
  const who = lead.name ?? lead.email ?? lead.phone ?? 'someone without details yet';
  return lead.company ? `${who} (${lead.company})` : who;
}

export function summarizeEvent(body: LeadEventBody, options: SummaryOptions): EventSummary {
  const { lead, meeting, changes } = body.data;
  const lines: EventSummary['lines'] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) lines.push([label, value]);
  };
  add('Name', lead.name);
  add('Email', lead.email);
  add('Phone', lead.phone);
  add('Company', lead.company);
  for (const [label, value] of Object.entries(lead.fields)) add(label, value);
  add('Status', lead.status.replace('_', ' '));
  add('Source', lead.source);
  if (meeting) {
    const start = DateTime.fromISO(meeting.start, { setZone: true });
    add('Meeting', `${meeting.status}: ${start.isValid ? spellOut(start, options.timezone) : meeting.start}`);
    add('Meet link', meeting.meet_link);
  }
  if (changes?.length) add('Changed', changes.join(', '));
  return {
    title: `${TITLES[body.type]}: ${whoOf(lead)}`,
    lines,
    leadUrl: `${options.publicUrl}/admin/leads/${encodeURIComponent(lead.id)}`,
  };
}
