/**
 * Reading a meeting time from the visitor's words with chrono-node, in the business zone. chrono gives the
 * wall-clock parts; we rebuild the instant with luxon in the business zone, so a date across a daylight-
 * saving change is still right. An explicit offset or zone in the text ("10am EST", "+01:00") wins.
 */
// The English parser only (what chrono.parse uses): the package index loads every locale (~12 MB of RSS).
import { maskLinks } from '../capture/text.js';
import * as chrono from 'chrono-node/en';
import { DateTime, FixedOffsetZone } from 'luxon';

export type ParsedTime =
  | { kind: 'time'; start: DateTime }
  /** A day without a time ("tomorrow"): we must ask for the time, never pick one silently. */
  | { kind: 'day_only'; day: DateTime };

/** Phone-like digit runs: with a `+` or `00` in front, or nine digits and more (a date has at most eight). */
const PHONE_RUN = /(?:\+|\b00)?\d[\d\s().-]{6,}\d/g;

/**
 * The message with addresses, links and phone numbers blanked (offsets kept): their digits are not times
 * ("omar.42396d@example.com" is not a date in 2142).
 */
function withoutContacts(text: string): string {
  return maskLinks(text).replace(PHONE_RUN, (run) =>
    /^(?:\+|00)/.test(run) || run.replace(/\D/g, '').length >= 9 ? ' '.repeat(run.length) : run,
  );
}

export function parseMeetingTime(text: string, now: DateTime, zone: string): ParsedTime | undefined {
  const ref = now.setZone(zone);
  const results = chrono.parse(
    withoutContacts(text),
    { instant: ref.toJSDate(), timezone: ref.offset },
    { forwardDate: true },
  );
  const result = results.find(
    (r) => r.start.isCertain('hour') || r.start.isCertain('day') || r.start.isCertain('weekday'),
  );
  if (!result) return undefined;
  const s = result.start;
  const year = s.get('year') ?? ref.year;
  const month = s.get('month') ?? ref.month;
  const day = s.get('day') ?? ref.day;
  if (!s.isCertain('hour')) {
    return { kind: 'day_only', day: DateTime.fromObject({ year, month, day }, { zone }) };
  }
  let hour = s.get('hour') ?? 0;
  // "at 5" with no am/pm means the afternoon for a business meeting, not 5 in the morning.
  if (!s.isCertain('meridiem') && hour >= 1 && hour <= 7) hour += 12;
  const minute = s.get('minute') ?? 0;
  const offset = s.isCertain('timezoneOffset') ? s.get('timezoneOffset') : null;
  const explicitZone = offset !== null && !/^in\s/i.test(result.text.trim());
  const start = explicitZone
    ? DateTime.fromObject({ year, month, day, hour, minute }, { zone: FixedOffsetZone.instance(offset) }).setZone(zone)
    : /^in\s/i.test(result.text.trim())
      ? DateTime.fromJSDate(s.date(), { zone }).startOf('minute') // relative: "in two hours"
      : DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  return start.isValid ? { kind: 'time', start } : undefined;
}

// Words that say yes on their own.
const AFFIRMATIVE = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'confirm',
  'confirmed',
  'correct',
  'perfect',
  'absolutely',
  'definitely',
  'agreed',
  'alright',
  'works',
  'book',
]);
// Words that may stand beside a yes without changing it ("ok, book it for me, thanks").
const YES_COMPANIONS = [
  'right',
  'great',
  'good',
  'fine',
  'please',
  'it',
  'that',
  'this',
  'sounds',
  'go',
  'ahead',
  'do',
  'thanks',
  'thank',
  'you',
  'all',
  'lets',
  "let's",
  'done',
  'the',
  'meeting',
  'call',
  'slot',
  'time',
  'is',
  'for',
  'me',
];
const YES_WORDS = new Set([...AFFIRMATIVE, ...YES_COMPANIONS]);

const NO_WORDS = /^(no|nope|nah|not really|cancel|don'?t|do not|never mind|nevermind|stop)\b/i;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** A clear yes: every word is part of a confirmation ("yes please", "ok book it"), nothing else ("yesterday", "yes, but not Friday"). */
export function isClearYes(text: string): boolean {
  const w = words(text);
  if (w.length === 0 || w.length > 8) return false;
  return w.every((x) => YES_WORDS.has(x)) && w.some((x) => AFFIRMATIVE.has(x));
}

export function isClearNo(text: string): boolean {
  return NO_WORDS.test(text.trim());
}
