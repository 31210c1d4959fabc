/**
 * Day phrases chrono reads wrongly or not at all, rewritten as the date they mean ("11 March 2026") so
 * chrono reads the rest of the sentence (the time) as usual: ordinal days ("on the 5th"), weeks counted
 * from today ("a week from today", "in two weeks on Monday", "next week Wednesday", "Tuesday next week",
 * "the week after next"), and "the day after tomorrow". Weeks run Monday to Sunday; `today` is the date in
 * the business zone.
 */
import { rx } from './regex-cache.js';
import type { DateTime } from 'luxon';

const WEEKDAY_NAMES: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
};
const WEEKDAY = `(${Object.keys(WEEKDAY_NAMES).join('|')})\\.?`;
const COUNT: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, couple: 2, few: 3 };
const WEEKS = `(a|an|one|two|three|four|\\d)`;
const MONTH_WORDS =
  'jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december';
// Nouns after an ordinal that make it something else than a day ("the 2nd one", "3rd floor", "1st time").
const NOT_A_DAY =
  'one|ones|option|options|slot|slots|choice|time|times|floor|party|place|row|item|step|round|edition|grade|year|anniversary|birthday|quarter|half|week|month|person|attempt|line|page|version';

export interface DayRewrite {
  text: string;
  /** An ordinal day was read: if its time has passed today, the visitor meant next month's. */
  ordinalDay?: number;
}

function count(word: string): number {
  return /^\d$/.test(word) ? Number(word) : (COUNT[word.toLowerCase()] ?? 1);
}

function weekdayNumber(word: string | undefined): number | undefined {
  return word ? WEEKDAY_NAMES[word.toLowerCase().replace(/\.$/, '')] : undefined;
}

/** "11 March 2026": a date chrono reads in any locale. */
function dateWords(day: DateTime): string {
  return ` ${day.toFormat('d LLLL yyyy')} `;
}

/** That weekday in the week (Monday to Sunday) `weeks` after today's. */
function weekdayOfWeek(today: DateTime, weeks: number, weekday: number): DateTime {
  return today
    .startOf('week')
    .plus({ weeks })
    .plus({ days: weekday - 1 });
}

/** The ordinal day `n` this month if still ahead (today counts), else next month's (skipping months without it). */
export function nextDayOfMonth(today: DateTime, n: number): DateTime | undefined {
  if (n < 1 || n > 31) return undefined;
  let month = today.startOf('month');
  if (n < today.day) month = month.plus({ months: 1 });
  for (let i = 0; i < 4; i++, month = month.plus({ months: 1 })) {
    if ((month.daysInMonth ?? 0) >= n) return month.set({ day: n });
  }
  return undefined;
}

/** The next such weekday from today (today itself counts). */
function comingWeekday(today: DateTime, weekday: number): DateTime {
  return today.plus({ days: (weekday - today.weekday + 7) % 7 });
}

export function rewriteRelativeDays(text: string, today: DateTime): DayRewrite {
  let ordinalDay: number | undefined;
  const out = text
    .replace(/\b(?:the\s+)?(?:day after tomorrow|overmorrow)\b/gi, () => dateWords(today.plus({ days: 2 })))
    // "a week from today/tomorrow/Monday", "two weeks from now".
    .replace(
      rx('gi')`\\b${WEEKS}\\s+weeks?\\s+(?:from|after)\\s+(today|now|tomorrow|${WEEKDAY})`,
      (_m, n: string, base: string) => {
        const wd = weekdayNumber(base);
        const start = wd
          ? comingWeekday(today.plus({ days: 1 }), wd)
          : today.plus({ days: /tomorrow/i.test(base) ? 1 : 0 });
        return dateWords(start.plus({ weeks: count(n) }));
      },
    )
    // "in two weeks on Monday", "in a week's time, Tuesday", "in 2 weeks".
    .replace(
      rx('gi')`\\bin\\s+${WEEKS}\\s+weeks?(?:['’]?s?\\s+time)?(?:,?\\s+(?:on\\s+)?(?:the\\s+)?${WEEKDAY})?`,
      (_m, n: string, wd?: string) => {
        const weekday = weekdayNumber(wd);
        return dateWords(weekday ? weekdayOfWeek(today, count(n), weekday) : today.plus({ weeks: count(n) }));
      },
    )
    // "the week after next (on) Tuesday", "Tuesday the week after next".
    .replace(
      rx(
        'gi',
      )`\\b(?:(?:on\\s+)?${WEEKDAY}\\s+)?(?:of\\s+|in\\s+)?the\\s+week\\s+after\\s+next(?:,?\\s+(?:on\\s+)?${WEEKDAY})?`,
      (m, before?: string, after?: string) => {
        const weekday = weekdayNumber(before ?? after);
        return weekday ? dateWords(weekdayOfWeek(today, 2, weekday)) : m;
      },
    )
    // "next week (on) Wednesday", "Wednesday next week", "Wednesday of next week", "this week Friday".
    .replace(
      rx('gi')`\\b(next|this|coming)\\s+week(?:['’]s)?,?\\s+(?:on\\s+)?${WEEKDAY}`,
      (_m, which: string, wd: string) =>
        dateWords(weekdayOfWeek(today, /next/i.test(which) ? 1 : 0, weekdayNumber(wd) ?? 1)),
    )
    .replace(
      rx('gi')`\\b${WEEKDAY}\\s+(?:(?:of|in)\\s+)?(?:the\\s+)?(next|this|coming|following)\\s+week\\b`,
      (_m, wd: string, which: string) =>
        dateWords(weekdayOfWeek(today, /this/i.test(which) ? 0 : 1, weekdayNumber(wd) ?? 1)),
    )
    // British "Tuesday week", "Tuesday after next": the coming Tuesday's week after.
    .replace(rx('gi')`\\b${WEEKDAY}\\s+(?:week|after\\s+next)\\b`, (_m, wd: string) =>
      dateWords(comingWeekday(today.plus({ days: 1 }), weekdayNumber(wd) ?? 1).plus({ weeks: 1 })),
    )
    // "martes 22 a las 12", "Tuesday 22nd at 10", "Friday the 27th": a weekday with its day of the month
    // (a bare number up to 23 after a weekday is that day only when a clock time follows: "Friday 10" is 10:00).
    .replace(
      rx(
        'gi',
      )`\\b${WEEKDAY},?\\s+(?:the\\s+)?(\\d{1,2})(st|nd|rd|th)?\\b(?!\\s*(?::|\\.\\d|[ap]\\.?m\\b|h\\b|uhr|o'?clock|(?:of\\s+)?(?:${MONTH_WORDS})\\b))`,
      (m: string, _wd: string, d: string, suffix: string | undefined, offset: number, whole: string) => {
        const n = Number(d);
        const clockFollows = /^\s*,?\s*(?:at|@|from|around)\s*\d/i.test(whole.slice(offset + m.length));
        if (!suffix && n <= 23 && !clockFollows) return m;
        const day = nextDayOfMonth(today, n);
        if (!day) return m;
        ordinalDay = day.day;
        return dateWords(day);
      },
    )
    // "on the 5th", "the 21st at 10", "on 5th", "30th at 11:00": this month's if still ahead, else next month's.
    .replace(
      rx(
        'gi',
      )`(?<!(?:${MONTH_WORDS})\\.?\\s*)(?:\\b(?:on|for|by|until)\\s+(?:the\\s+)?|\\bthe\\s+|^\\W*|\\b(?=\\d{1,2}(?:st|nd|rd|th)\\s*,?\\s*(?:at|@)\\s*\\d))(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s*(?:of\\s+)?(?:${MONTH_WORDS})\\b)(?!\\s+(?:${NOT_A_DAY})\\b)`,
      (m, d: string) => {
        const day = nextDayOfMonth(today, Number(d));
        if (!day) return m;
        ordinalDay = day.day;
        return dateWords(day);
      },
    );
  return ordinalDay === undefined ? { text: out } : { text: out, ordinalDay };
}
