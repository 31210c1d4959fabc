/**
 * What the meeting dialogue remembers between turns besides a proposal: the slots it offered, the day under
 * discussion and the time of day last asked for, so the next message can answer them ("10am works", "the
 * second one", "at 11 then", "monday then, same time").
 * Kept in the conversation's meeting state (Redis), expired with the conversation.
 */
import { DateTime } from 'luxon';
import type { ReadingContext, WallClock } from './meeting-time.js';

export interface MeetingMemory {
  /** Slots offered in the last meeting reply (ISO instants), in the order offered. */
  offered?: string[];
  /** The day under discussion (YYYY-MM-DD in the business zone). */
  day?: string;
  /** The time of day last asked for, as the visitor meant it ("same time on Monday"). */
  clock?: WallClock;
}

/** What to remember of the time the visitor asked for, booked or not. */
export function memoryOfClock(clock: WallClock | undefined): MeetingMemory {
  return clock ? { clock } : {};
}

/** What to remember after offering `slots` (and, when one day was asked about, that day). */
export function memoryOfOffer(slots: DateTime[], day?: DateTime): MeetingMemory {
  const memory: MeetingMemory = { offered: slots.map((s) => s.toISO() ?? '').filter(Boolean) };
  const date = day?.toISODate();
  if (date) memory.day = date;
  return memory;
}

/** What to remember once a time is proposed: its day, for "make it 4pm instead". */
export function memoryOfProposal(start: DateTime, zone: string): MeetingMemory {
  const day = start.setZone(zone).toISODate();
  return day ? { day } : {};
}

export function offeredSlots(memory: MeetingMemory | undefined, zone: string): DateTime[] {
  return (memory?.offered ?? []).map((iso) => DateTime.fromISO(iso, { zone })).filter((d) => d.isValid);
}

/** The reading context of the next message: the offered slots, the day under discussion, the visitor's zone. */
export function readingContextOf(
  memory: MeetingMemory | undefined,
  zone: string,
  visitorZone: string | undefined,
): ReadingContext {
  return { visitorZone, offered: offeredSlots(memory, zone), day: memory?.day, clock: memory?.clock };
}
