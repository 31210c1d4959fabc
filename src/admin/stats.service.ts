/**
 * The workspace's numbers for a range of business days (`GET /stats`), over what the stores hold: leads
 * created per day, with their status and source; conversations begun (their logs); meetings whose time falls
 * in the range, by state (counted by the lead store); LLM turns and tokens (Redis sums per
 * business day). Days are the business zone's: a lead made at 23:30 in Karachi counts on that Karachi day.
 */
import { DateTime } from 'luxon';
import { validationError } from '../infra/app-error.js';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import { LEAD_SOURCES, LEAD_STATUSES, type LeadSource, type LeadStatus } from '../leads/lead.types.js';
import type { TokenUsageStore, UsageTotals } from '../llm/token-usage.store.js';
import type { LeadRepository } from '../store/lead.repository.js';

/** The longest range asked at once (about ten years): the answer lists every day. */
export const MAX_STATS_DAYS = 3660;

export interface StatsRange {
  /** YYYY-MM-DD in the business zone, both included; unset: from the first day anything was recorded. */
  from?: string | undefined;
  /** Unset: today. */
  to?: string | undefined;
}

export interface Stats {
  from: string;
  to: string;
  timezone: string;
  leads_by_day: Array<{ date: string; leads: number }>;
  by_status: Record<LeadStatus, number>;
  by_source: Record<LeadSource, number>;
  conversations: number;
  meetings: { proposed: number; requested: number; booked: number; cancelled: number };
  llm: UsageTotals;
}

export interface StatsDeps {
  leads: LeadRepository;
  logs: ConversationLogRepository;
  usage: TokenUsageStore;
  timezone: string;
  now: () => Date;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The start of each day of the range (epoch ms, ascending) and the end of the last one. */
function dayStarts(from: DateTime, days: number): { starts: number[]; end: number } {
  const starts: number[] = [];
  for (let i = 0; i < days; i++) starts.push(from.plus({ days: i }).toMillis());
  return { starts, end: from.plus({ days }).toMillis() };
}

/** Whether `ms` falls in the range. */
function inRange(starts: number[], end: number, ms: number): boolean {
  return ms >= (starts[0] ?? end) && ms < end;
}

export class StatsService {
  constructor(private readonly deps: StatsDeps) {}

  /** The range to report (the route checked that the dates exist). */
  async resolveRange(range: StatsRange): Promise<{ from: DateTime; to: DateTime }> {
    const zone = this.deps.timezone;
    const to = range.to
      ? DateTime.fromISO(range.to, { zone })
      : DateTime.fromJSDate(this.deps.now(), { zone }).startOf('day');
    if (range.from) return { from: DateTime.fromISO(range.from, { zone }), to };
    const firstLead = await this.deps.leads.firstCreatedAt();
    const firstUsage = await this.deps.usage.firstDay();
    const candidates = [
      to,
      ...(firstLead ? [DateTime.fromISO(firstLead, { zone }).startOf('day')] : []),
      ...(firstUsage ? [DateTime.fromISO(firstUsage, { zone })] : []),
    ].filter((d) => d.isValid);
    const earliest = DateTime.min(...candidates) ?? to;
    // A default never asks for more than the longest range.
    return { from: DateTime.max(earliest, to.minus({ days: MAX_STATS_DAYS - 1 })) ?? earliest, to };
  }

  async compute(range: StatsRange): Promise<Stats> {
    const { from, to } = await this.resolveRange(range);
    const days = Math.round(to.diff(from, 'days').days) + 1;
    if (days < 1) {
      const message = `must not be after to (${to.toISODate() ?? ''})`;
      throw validationError([{ field: 'from', message }], `Invalid input: from ${message}`);
    }
    if (days > MAX_STATS_DAYS) {
      const message = `the range may span at most ${MAX_STATS_DAYS} days`;
      throw validationError([{ field: 'from', message }], `Invalid input: from ${message}`);
    }
    const { starts, end } = dayStarts(from, days);
    const dates = starts.map((_, i) => from.plus({ days: i }).toISODate() ?? '');
    const perDay = new Array<number>(days).fill(0);
    const byStatus = zeroes(LEAD_STATUSES);
    const bySource = zeroes(LEAD_SOURCES);
    const meetings: Record<string, number> = {};
    const bounds = [...starts, end].map((ms) => new Date(ms).toISOString());
    const tally = await this.deps.leads.tally(bounds);
    for (const row of tally.created) {
      perDay[row.day] = (perDay[row.day] ?? 0) + row.leads;
      byStatus[row.status] += row.leads;
      bySource[row.source] += row.leads;
    }
    for (const row of tally.meetings) meetings[row.status] = (meetings[row.status] ?? 0) + row.meetings;
    const begun = await this.deps.logs.startTimes(new Date(starts[0] ?? end));
    const conversations = begun.filter((c) => inRange(starts, end, c.started_at.getTime())).length;
    const llm = await this.deps.usage.forDays(dates);
    return {
      from: dates[0] ?? '',
      to: dates.at(-1) ?? '',
      timezone: this.deps.timezone,
      leads_by_day: dates.map((date, i) => ({ date, leads: perDay[i] ?? 0 })),
      by_status: byStatus,
      by_source: bySource,
      conversations,
      meetings: {
        proposed: meetings.proposed ?? 0,
        requested: meetings.requested ?? 0,
        booked: meetings.scheduled ?? 0,
        cancelled: meetings.cancelled ?? 0,
      },
      llm,
    };
  }
}
