/** Bookable windows: is a slot inside business hours, and which free slots come next. */
import { DateTime } from 'luxon';
import type { BusinessHours, Weekday } from '../config.js';

export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotRules {
  hours: BusinessHours;
  zone: string;
  durationMinutes: number;
}

/** True when [start, end) lies inside one business-hours window of its local day. */
export function isWithinBusinessHours(start: DateTime, end: DateTime, rules: SlotRules): boolean {
  const local = start.setZone(rules.zone);
  const localEnd = end.setZone(rules.zone);
  if (
    !local.hasSame(localEnd, 'day') &&
    !(localEnd.hour === 0 && localEnd.minute === 0 && localEnd.minus({ minutes: 1 }).hasSame(local, 'day'))
  ) {
    return false;
  }
  const startMin = local.hour * 60 + local.minute;
  const endMin = startMin + Math.round(localEnd.diff(local, 'minutes').minutes);
  return rules.hours[local.weekday as Weekday].some((w) => startMin >= w.start && endMin <= w.end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The next `count` free slots at or after `from` (rounded up to the half hour), inside business hours and
 * clear of `busy`, looking at most `days` days ahead.
 */
export function findFreeSlots(from: DateTime, busy: Interval[], rules: SlotRules, count = 3, days = 14): DateTime[] {
  const step = 30;
  let cursor = from.setZone(rules.zone).startOf('minute');
  const rem = cursor.minute % step;
  if (rem !== 0) cursor = cursor.plus({ minutes: step - rem });
  const limit = cursor.plus({ days });
  const slots: DateTime[] = [];
  while (cursor < limit && slots.length < count) {
    const end = cursor.plus({ minutes: rules.durationMinutes });
    const slot = { start: cursor.toJSDate(), end: end.toJSDate() };
    if (isWithinBusinessHours(cursor, end, rules) && !busy.some((b) => overlaps(slot, b))) slots.push(cursor);
    cursor = cursor.plus({ minutes: step });
  }
  return slots;
}

/** "New York" for America/New_York: how a visitor names their zone. */
export function placeOfZone(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/**
 * "Tuesday, 24 November 2026 at 15:00 (Asia/Karachi)", and when the visitor's zone shows another time,
 * that too: "..., 11:00 your time (London)" ("Wednesday 25 November 00:30 your time (Tokyo)" on another day).
 */
export function spellOut(dt: DateTime, zone: string, visitorZone?: string): string {
  const local = dt.setZone(zone);
  const business = `${local.toFormat("cccc, d LLLL yyyy 'at' HH:mm")} (${zone})`;
  if (!visitorZone || visitorZone === zone) return business;
  const theirs = dt.setZone(visitorZone);
  if (!theirs.isValid || theirs.toFormat('yyyy-MM-dd HH:mm') === local.toFormat('yyyy-MM-dd HH:mm')) return business;
  const clock =
    theirs.toISODate() === local.toISODate() ? theirs.toFormat('HH:mm') : theirs.toFormat('cccc d LLLL HH:mm');
  return `${business}, ${clock} your time (${placeOfZone(visitorZone)})`;
}
