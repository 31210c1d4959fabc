/**
 * Answers to slots the assistant offered: by position ("the second one", "the last", "option 2",
 * "first slot") or by clock time ("10am works", "the 9:30 one please"), read against the slots offered.
 */
import { rx } from './regex-cache.js';
import type { DateTime } from 'luxon';

const POSITIONS: Record<string, number> = {
  first: 0,
  '1st': 0,
  earliest: 0,
  earlier: 0,
  second: 1,
  '2nd': 1,
  middle: 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  last: -1,
  final: -1,
  latest: -1,
  later: -1,
};
const POSITION = `(${Object.keys(POSITIONS).join('|')})`;
const NOUN = '(?:one|slot|option|time|choice|available)';
// "the second one", "second slot please", "the last", "the earliest"; a bare "second" only as the whole answer.
const BY_POSITION = new RegExp(
  `(?:\\bthe\\s+${POSITION}\\b(?:\\s+${NOUN}\\b)?|\\b${POSITION}\\s+${NOUN}\\b|^\\W*${POSITION}\\W*(?:please|pls|works|is fine|is good|thanks)?\\W*$)`,
  'i',
);
// "option 2", "slot #3", "number 1", "#2".
const BY_NUMBER = /(?:\b(?:option|slot|number|no\.?|choice)\s*#?\s*|#)([1-9])\b/i;

// "the morning one", "the afternoon slot": the first offered slot in that part of the day.
const BY_DAY_PART = /\b(morning|afternoon|evening|lunchtime|noon)\s+(?:one|slot|option|time|is)\b/i;
const DAY_PARTS: Record<string, [number, number]> = {
  morning: [0, 12],
  noon: [11, 14],
  lunchtime: [11, 14],
  afternoon: [12, 17],
  evening: [17, 24],
};

/** The offered slot the visitor picks by position or part of the day, if the text picks one. */
export function pickOfferedByPosition(text: string, offered: DateTime[], zone: string): DateTime | undefined {
  if (offered.length === 0) return undefined;
  const part = BY_DAY_PART.exec(text)?.[1]?.toLowerCase();
  const [from, to] = (part && DAY_PARTS[part]) || [];
  if (from !== undefined && to !== undefined) {
    return offered.find((slot) => {
      const hour = slot.setZone(zone).hour;
      return hour >= from && hour < to;
    });
  }
  const numbered = BY_NUMBER.exec(text);
  if (numbered) return offered[Number(numbered[1]) - 1];
  const m = BY_POSITION.exec(text);
  const word = (m?.[1] ?? m?.[2] ?? m?.[3])?.toLowerCase();
  if (word === undefined || !m) return undefined;
  // "the 2nd" alone is a day of the month; "the 2nd one" is a slot.
  if (/^\d/.test(word) && !rx('i')`${NOUN}\\b`.test(m[0])) return undefined;
  const index = POSITIONS[word] ?? 0;
  return offered.at(index);
}

/**
 * The offered slot at this wall-clock time (in `zone`), trying the afternoon reading of an hour written
 * without am/pm too ("the 2 one" for 14:00).
 */
export function offeredAtClock(
  hour: number,
  minute: number,
  meridiemKnown: boolean,
  offered: DateTime[],
  zone: string,
): DateTime | undefined {
  const hours = meridiemKnown || hour > 12 ? [hour] : [hour, (hour + 12) % 24];
  return offered.find((slot) => {
    const local = slot.setZone(zone);
    return local.minute === minute && hours.includes(local.hour);
  });
}
