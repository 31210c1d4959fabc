/** What the admin page templates need besides data: formatting in the business zone, safe links, transcripts. */
import { DateTime } from 'luxon';
import { unescapeLogText } from '../chat/conversation-log.store.js';
import { LEAD_STATUSES, type LeadStatus } from '../leads/lead.types.js';

export interface TranscriptLine {
  at: string;
  who: 'visitor' | 'assistant';
  text: string;
}

const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  follow_up: 'Follow up',
  meeting_scheduled: 'Meeting scheduled',
  qualified: 'Qualified',
  converted: 'Converted',
  lost: 'Lost',
};

/** Human texts for the notices a redirect may carry (never the query text itself). */
export const NOTICES: Record<string, string> = {
  updated: 'Lead updated.',
  created: 'Lead created.',
  noted: 'Note added.',
  accepted: 'Value applied.',
  unchanged: 'Nothing to change.',
  deleted: 'Lead deleted, with its conversation logs and sessions.',
  report: 'Report generated.',
  loggedout: 'You are logged out.',
  bulkstatus: 'Status changed for the selected leads.',
  bulkdeleted: 'Selected leads deleted, with their conversation logs and sessions.',
  noselection: 'Select at least one lead first.',
  nostatus: 'Choose the status to give the selected leads.',
  noaction: 'Choose what to do with the selected leads.',
};

export function createViewHelpers(timezone: string) {
  const inZone = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(timezone);
  return {
    timezone,
    statuses: LEAD_STATUSES,
    statusLabel: (s: string) => STATUS_LABELS[s as LeadStatus] ?? s,
    dateTime(iso: string | null | undefined): string {
      if (!iso) return '';
      const dt = inZone(iso);
      return dt.isValid ? dt.toFormat('d LLL yyyy, HH:mm') : iso;
    },
    /** A follow-up is either a business-zone date or an instant. */
    followUp(value: string | null | undefined): string {
      if (!value) return '';
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return DateTime.fromISO(value).toFormat('d LLL yyyy');
      const dt = inZone(value);
      return dt.isValid ? dt.toFormat('d LLL yyyy, HH:mm') : value;
    },
    /** The follow-up as the value of a date input (YYYY-MM-DD in the business zone). */
    followUpInput(value: string | null | undefined): string {
      if (!value) return '';
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      return inZone(value).toISODate() ?? '';
    },
    /** Only web links become hrefs: escaping does not stop a stored `javascript:` URL. */
    safeUrl(url: string | null | undefined): string | undefined {
      return url && /^https:\/\/[^\s]+$/i.test(url) ? url : undefined;
    },
    fileSize(bytes: number): string {
      if (bytes < 1024) return `${bytes} B`;
      if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
      return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    },
  };
}

export type ViewHelpers = ReturnType<typeof createViewHelpers>;

/** The conversation log's lines (`[ISO] visitor|assistant: text`, text escaped by escapeLogText) as messages. */
export function parseTranscript(text: string): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const raw of text.split('\n')) {
    // `s`: a line of an older log may still hold a raw carriage return or line separator.
    const m = /^\[([^\]]+)\] (visitor|assistant): (.*)$/s.exec(raw);
    if (m)
      lines.push({
        at: m[1] ?? '',
        who: m[2] === 'visitor' ? 'visitor' : 'assistant',
        text: unescapeLogText(m[3] ?? ''),
      });
  }
  return lines;
}
