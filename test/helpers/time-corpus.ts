/**
 * Phrase sets for the meeting-time reader (test/fixtures/meeting-times/*.json), in the format of the blind
 * corpus: each item a message with its clock, business zone, optional visitor zone, offered slots or day
 * under discussion, and the expected reading (an instant, {date}, null, or a list of acceptable answers).
 * The unit test asserts every item of our own sets; the bench scores any set per kind.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { parseMeetingTime } from '../../src/meetings/meeting-time.js';

type Expected = string | { date: string } | null;

export interface TimeItem {
  id: string;
  now: string;
  businessZone: string;
  visitorZone?: string;
  offered?: string[];
  day?: string;
  text: string;
  expect: Expected | Expected[];
  kind: string;
  note?: string;
}

export interface Judged {
  ok: boolean;
  /** What the reader gave, in the corpus's terms. */
  got: Expected;
}

export function loadTimeItems(file: string): TimeItem[] {
  return JSON.parse(readFileSync(file, 'utf8')) as TimeItem[];
}

function readingOf(item: TimeItem): Expected {
  const zone = item.businessZone;
  const parsed = parseMeetingTime(item.text, DateTime.fromISO(item.now, { zone }), zone, {
    visitorZone: item.visitorZone,
    offered: item.offered?.map((o) => DateTime.fromISO(o, { zone })),
    day: item.day,
  });
  if (!parsed) return null;
  if (parsed.kind === 'day_only') return { date: parsed.day.toISODate() ?? '' };
  return parsed.start.setZone(zone).toISO({ suppressMilliseconds: true }) ?? '';
}

function same(got: Expected, want: Expected): boolean {
  if (want === null || got === null) return want === got;
  if (typeof want === 'string') {
    return typeof got === 'string' && DateTime.fromISO(got).toMillis() === DateTime.fromISO(want).toMillis();
  }
  return typeof got !== 'string' && got.date === want.date;
}

export function judgeTimeItem(item: TimeItem): Judged {
  const got = readingOf(item);
  const wants = Array.isArray(item.expect) ? item.expect : [item.expect];
  return { ok: wants.some((w) => same(got, w)), got };
}
