/**
 * Reading a meeting time from the visitor's words. Steps, each its own module:
 * 1. addresses, links and phone numbers are blanked (their digits are not times);
 * 2. phrasings chrono does not read are rewritten ("half past two", "14h30", "demain à 15h");
 * 3. a named zone ("New York time", "CET", "GMT+4", "my time") is noted and blanked;
 * 4. day phrases chrono misreads become dates ("on the 5th", "a week from today", "Tuesday next week");
 * 5. chrono reads the wall-clock parts; luxon builds the instant in the named zone, else the business zone
 *    (so a date across a daylight-saving change is still right);
 * 6. a time without a day answers the conversation: an offered slot at that time, else that time on the
 *    offered slots' day or the day under discussion, else the next such time from now.
 */
import ct from 'countries-and-timezones';
import * as chrono from 'chrono-node/en';
import { DateTime, FixedOffsetZone } from 'luxon';
import { maskLinks } from '../../capture/text.js';
import { rewritePhrasings } from './phrasings.js';
import { nextDayOfMonth, rewriteRelativeDays } from './relative-days.js';
import { offeredAtClock, pickOfferedByPosition } from './slot-answer.js';
import { findZonePhrase } from './zone-phrases.js';

/** A time of day as the visitor meant it: "11:00" in the zone it was said in ("11am Cairo time"). */
export interface WallClock {
  time: string;
  zone: string;
}

export type ParsedTime =
  | { kind: 'time'; start: DateTime; clock?: WallClock }
  /** A day without a time ("tomorrow"): we must ask for the time, never pick one silently. */
  | { kind: 'day_only'; day: DateTime };

/** What the conversation says around the message. */
export interface ReadingContext {
  /** The visitor's IANA zone (from the browser): what "my time" means. */
  visitorZone?: string | undefined;
  /** Slots the assistant offered in its last reply. */
  offered?: DateTime[] | undefined;
  /** The day under discussion (YYYY-MM-DD in the business zone), for a time said alone ("at 11 then"). */
  day?: string | undefined;
  /** The time of day last asked for, for "same time on Monday" after it could not be booked. */
  clock?: WallClock | undefined;
}

// "monday then, same time", "same time tomorrow": the time of day last asked for.
const SAME_TIME = /\b(?:at\s+)?(?:the\s+)?same\s+time\b/i;

/** Phone-like digit runs: with a `+` or `00` in front, or nine digits and more (a date has at most eight). */
const PHONE_RUN = /(?:\+|\b00)?\d[\d\s().-]{6,}\d/g;
// "2026-04-01 09:00" has as many digits as a phone number.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}\b/;
// A clock time said alone, as an answer to offered slots or a day under discussion: "12 works", "11.30".
const BARE_CLOCK =
  /^\W*(?:(?:ok(?:ay)?|yes|sure|then|maybe|how about|what about)\W+)?(?:at\s+)?([01]?\d|2[0-3])(?:[:.h]([0-5]\d))?\s*(?:works|would work|is fine|is good|is ok|suits me|please|pls|then|for me|sounds good|ok)?\W*$/i;
// A sentence that tells what happened ("yesterday at 4pm I got a weird email") names no meeting time.
const NARRATES =
  /\b(?:got|called|sent|received|emailed|phoned|rang|launched|spoke|talked|met|was|were|had|did|happened|started|began|opened|signed|bought|ordered|paid|visited|came|went|saw|told|said|wrote|tried|missed)\b/i;
const PAST_WORDS = /\b(?:yesterday|last\s+\w+|ago|earlier today|this morning)\b/i;
// "takes 30 minutes", "2 hours long": a length, not a time (a relative time starts with "in").
const DURATION = /^(?:\d+|an?|one|two|three|half an?)\s*(?:min|mins|minutes?|hours?|hrs?|h)\b/i;
// Countries that write the month first (5/3 is May 3rd).
const MONTH_FIRST = new Set(['US', 'PH', 'BZ', 'FM', 'MH', 'PW', 'GU', 'PR', 'AS', 'VI', 'UM', 'MP']);

/**
 * The message with addresses, links and phone numbers blanked (offsets kept): their digits are not times
 * ("omar.42396d@example.com" is not a date in 2142).
 */
function withoutContacts(text: string): string {
  return maskLinks(text).replace(PHONE_RUN, (run) =>
    !ISO_DATE.test(run) && (/^(?:\+|00)/.test(run) || run.replace(/\D/g, '').length >= 9)
      ? ' '.repeat(run.length)
      : run,
  );
}

const MONTH_NAMES = DateTime.fromObject({ year: 2026 }).reconfigure({ locale: 'en' });

/**
 * Numeric dates in the writer's order: "5/3" is 5 March where the day comes first (most of the world), and
 * chrono's English reader takes it month first, so such dates are spelled out before it reads them.
 * "12.03." and "12.03.2026" too (a dotted pair without a year or a final dot is a clock time: "at 14.30").
 */
function spellDayFirstDates(text: string, zone: string): string {
  const country = ct.getTimezone(zone)?.countries[0];
  if (country && MONTH_FIRST.has(country)) return text;
  return text.replace(
    /\b([0-3]?\d)(?:\/([01]?\d)(?:\/(\d{4}|\d{2}))?|\.([01]?\d)(?:\.(\d{4}|\d{2})\b|\.))(?![\d/])/g,
    (m, d: string, m1?: string, y1?: string, m2?: string, y2?: string) => {
      const day = Number(d);
      const month = Number(m1 ?? m2);
      const year = y1 ?? y2;
      if (day < 1 || day > 31 || month < 1 || month > 12) return m;
      const name = MONTH_NAMES.set({ month }).toFormat('LLLL');
      return ` ${day} ${name}${year ? ` ${year.length === 2 ? `20${year}` : year}` : ''} `;
    },
  );
}

function blank(text: string, index: number, length: number): string {
  return text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);
}

interface WallTime {
  hour: number;
  minute: number;
  meridiemKnown: boolean;
}

/** The day the time of a message without a day is on, from the conversation; undefined when it says none. */
function contextDay(context: ReadingContext, zone: string): DateTime | undefined {
  const first = context.offered?.[0];
  if (first) return first.setZone(zone).startOf('day');
  if (context.day) {
    const day = DateTime.fromISO(context.day, { zone });
    if (day.isValid) return day;
  }
  return undefined;
}

export function readMeetingTime(
  text: string,
  now: DateTime,
  zone: string,
  context: ReadingContext = {},
): ParsedTime | undefined {
  const ref = now.setZone(zone);
  const offered = context.offered ?? [];
  let prepared = rewritePhrasings(withoutContacts(text));
  const named = findZonePhrase(prepared, zone, context.visitorZone);
  if (named) prepared = blank(prepared, named.index, named.length);
  const same = context.clock && SAME_TIME.test(prepared) ? context.clock : undefined;
  if (same) prepared = prepared.replace(SAME_TIME, ` at ${same.time} `);
  prepared = spellDayFirstDates(prepared, context.visitorZone ?? zone);
  const days = rewriteRelativeDays(prepared, ref.startOf('day'));

  const picked = pickOfferedByPosition(days.text, offered, zone);
  if (picked) return { kind: 'time', start: picked.setZone(zone) };
  const bare = offered.length > 0 || context.day ? BARE_CLOCK.exec(days.text) : null;
  const readable = bare ? `at ${bare[1]}:${bare[2] ?? '00'}` : days.text;
  if (NARRATES.test(readable) && PAST_WORDS.test(readable)) return undefined;

  const results = chrono.casual
    .parse(readable, { instant: ref.toJSDate(), timezone: ref.offset }, { forwardDate: true })
    .filter((r) => !DURATION.test(r.text.trim()));
  const dated = results.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday'));
  const timed = results.find((r) => r.start.isCertain('hour'));
  if (!dated && !timed) return undefined;

  // "in two hours": counted from now, whatever the zone.
  if (timed && /^in\s/i.test(timed.text.trim())) {
    return { kind: 'time', start: DateTime.fromJSDate(timed.start.date(), { zone }).startOf('minute') };
  }
  const dateSource = dated ?? timed;
  const s = dateSource?.start;
  if (!s) return undefined;
  const date = { year: s.get('year') ?? ref.year, month: s.get('month') ?? ref.month, day: s.get('day') ?? ref.day };
  if (!timed) return { kind: 'day_only', day: DateTime.fromObject(date, { zone }) };

  const t = timed.start;
  const wall: WallTime = {
    hour: t.get('hour') ?? 0,
    minute: t.get('minute') ?? 0,
    meridiemKnown: t.isCertain('meridiem'),
  };
  // A zone chrono read itself (an ISO offset such as "+01:00") when none was named in words.
  const chronoOffset = t.isCertain('timezoneOffset') ? t.get('timezoneOffset') : null;
  const wallZone =
    named?.zone ?? same?.zone ?? (chronoOffset !== null ? FixedOffsetZone.instance(chronoOffset).name : zone);

  if (!dated) {
    const slot = offeredAtClock(wall.hour, wall.minute, wall.meridiemKnown, offered, wallZone);
    if (slot) return { kind: 'time', start: slot.setZone(zone) };
  }
  // "at 5" with no am/pm means the afternoon for a business meeting, not 5 in the morning.
  const hour = !wall.meridiemKnown && wall.hour >= 1 && wall.hour <= 7 ? wall.hour + 12 : wall.hour;
  const onDay = ({ year, month, day }: { year: number; month: number; day: number }) =>
    DateTime.fromObject({ year, month, day, hour, minute: wall.minute }, { zone: wallZone }).setZone(zone);

  let start: DateTime;
  if (dated) {
    start = onDay(date);
    if (days.ordinalDay !== undefined && start < ref) {
      const later = nextDayOfMonth(ref.startOf('month').plus({ months: 1 }), days.ordinalDay);
      if (later) start = onDay(later);
    }
  } else {
    const known = contextDay(context, zone);
    const base = known ?? ref.setZone(wallZone);
    start = onDay(base);
    // A time alone, with no day in the conversation: the next time the clock shows it.
    if (!known && start < ref) start = onDay(base.plus({ days: 1 }));
  }
  if (!start.isValid) return undefined;
  const clock = { time: DateTime.fromObject({ hour, minute: wall.minute }).toFormat('HH:mm'), zone: wallZone };
  return { kind: 'time', start: start.startOf('minute'), clock };
}
