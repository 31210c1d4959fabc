/**
 * Cancelling and moving a lead's meeting, for the visitor's page (meeting-page.service.ts) and the staff's
 * meetings view (staff-meeting.service.ts) alike: Google is asked first and the lead changed only once Google
 * agreed, so a refusal changes nothing; then the slot holds, an API booking's cached answer and the
 * conversation's state are brought in line. Callers hold the lead's lock (MEETING_LOCK) around a change.
 */
import type { DateTime } from 'luxon';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadEventSink } from '../integrations/lead-events.js';
import type { LeadService } from '../leads/lead.service.js';
import type { LeadActivity, LeadMeeting, LeadRecord, MeetingAccess } from '../leads/lead.types.js';
import type { CalendarGateway } from './calendar.gateway.js';
import { bookingCacheKey, bookingGenerationKey, type MeetingService } from './meeting.service.js';
import { holderOf, holderOfHold, type SlotHoldStore } from './slot-hold.store.js';

/** The RedisKeyedLock prefix both the visitor's page and staff take per lead: one meeting change at a time. */
export const MEETING_LOCK = 'meeting-page';

/** A lead's meeting as read under its lock; `access` is absent when no visitor link was issued for it. */
export interface OpenMeeting {
  record: LeadRecord;
  meeting: LeadMeeting;
  access: MeetingAccess | undefined;
}

export interface MeetingChangesDeps {
  /** The business zone in force (saved settings can change it). */
  zone: () => string;
  logger: Logger;
  redis: Redis;
  leads: LeadService;
  holds: SlotHoldStore;
  calendar: Pick<CalendarGateway, 'deleteEvent' | 'moveEvent'>;
  meetings: MeetingService;
  events?: LeadEventSink | undefined;
}

export class MeetingChanges {
  constructor(private readonly deps: MeetingChangesDeps) {}

  /** Who holds the meeting's slot: the holder of its hold, else its conversation, else the lead. */
  holderFor(record: LeadRecord, access: MeetingAccess | undefined): string {
    return (
      (access?.hold ? holderOfHold(access.hold) : undefined) ??
      (record.meeting_client_id ? holderOf(record.meeting_client_id) : `lead:${record.id}`)
    );
  }

  /**
   * Cancels the meeting: its Google event is deleted (the attendees are told), then the lead records it, `by`
   * whom. The lead's status goes from meeting_scheduled to follow_up (someone who cancelled is worth a word
   * from staff); a status staff set otherwise is kept.
   */
  async cancel(opened: OpenMeeting, by: string): Promise<LeadRecord> {
    const { record, meeting, access } = opened;
    if (meeting.status === 'scheduled' && meeting.event_id) await this.deps.calendar.deleteEvent(meeting.event_id);
    const cancelled: LeadMeeting = { ...meeting, status: 'cancelled' };
    const data = { start: meeting.start, end: meeting.end, was: meeting.status, event_id: meeting.event_id };
    const changed = await this.record(opened, cancelled, by, { type: 'meeting_cancelled', data }, (r) => {
      if (r.status === 'meeting_scheduled') r.status = 'follow_up';
      if (access) r.meeting_access = { ...access, hold: null, cancelled: true };
    });
    await this.afterChange(record, access, meeting.start, cancelled);
    return changed;
  }

  /**
   * Moves the meeting to `start` (same length), checked free: the slot is held, a booked meeting's Google
   * event moved (same event, same Meet link; the attendees are told), then the lead records it, `by` whom.
   * A request keeps holding its new slot; a booking's event marks it busy from then on.
   */
  async move(opened: OpenMeeting, start: DateTime, by: string): Promise<LeadMeeting> {
    const { record, meeting, access } = opened;
    const { holds, meetings, calendar } = this.deps;
    const end = start.plus({ milliseconds: Date.parse(meeting.end) - Date.parse(meeting.start) });
    const holder = this.holderFor(record, access);
    const refusal = await meetings.refusalFor(start, end, { busy: true, holder });
    if (refusal) {
      throw new AppError('conflict', 'That time is not free any more. Please choose another one.', {
        data: { alternatives: refusal.outcome.alternatives },
      });
    }
    const hold = await holds.hold({ start: start.toJSDate(), end: end.toJSDate() }, holder);
    if (!hold) throw new AppError('conflict', 'That time was just taken. Please choose another one.');
    const moved: LeadMeeting = { ...meeting, start: start.toISO() ?? '', end: end.toISO() ?? '' };
    const keepHold = meeting.status === 'requested';
    try {
      if (meeting.status === 'scheduled' && meeting.event_id) {
        const event = await calendar.moveEvent(meeting.event_id, {
          start: start.toJSDate(),
          end: end.toJSDate(),
          timeZone: this.deps.zone(),
        });
        moved.meet_link = event.meetLink ?? meeting.meet_link;
        moved.html_link = event.htmlLink ?? meeting.html_link;
      }
      const data = { from: meeting.start, to: moved.start, status: meeting.status, event_id: meeting.event_id };
      await this.record(opened, moved, by, { type: 'meeting_rescheduled', data }, (r) => {
        const kept = keepHold ? hold : null;
        r.meeting_access = access
          ? { ...access, start: moved.start, hold: kept }
          : { start: moved.start, link_hashes: [], hold: kept, booking_key: null };
      });
    } catch (err) {
      await holds.release(hold);
      throw err;
    }
    if (!keepHold) await holds.release(hold);
    await this.afterChange(record, access, meeting.start, moved);
    return moved;
  }

  /**
   * Records `after` as the lead's meeting, if the lead's meeting still starts where the opened one did (else
   * 409), with `edit`'s other changes and one activity event by `by`; then tells the event sink.
   */
  async record(
    opened: OpenMeeting,
    after: LeadMeeting,
    by: string,
    event: Pick<LeadActivity, 'type' | 'data'>,
    edit: (record: LeadRecord) => void,
  ): Promise<LeadRecord> {
    const changed = await this.deps.leads.changeMeeting(opened.record.id, opened.meeting.start, (r, at) => {
      r.meeting = after;
      edit(r);
      return { ...event, at, by };
    });
    this.deps.events?.meetingChanged(changed, after);
    return changed;
  }

  /**
   * What follows a change the lead recorded: the old slot's hold is released, an API booking's cached answer
   * forgotten (sent again, it books anew; unless `keepBooking`: a confirmation booked that same request), the
   * conversation's state brought in line. A failure here is logged: the change itself is done.
   */
  async afterChange(
    record: LeadRecord,
    access: MeetingAccess | undefined,
    oldStart: string,
    now: LeadMeeting,
    keepBooking = false,
  ) {
    const { holds, redis, meetings, logger } = this.deps;
    try {
      if (access?.hold) await holds.release(access.hold);
      const key = access?.booking_key;
      if (key && !keepBooking) {
        await redisOp(redis, (r) => r.multi().del(bookingCacheKey(key)).incr(bookingGenerationKey(key)).exec());
      }
      if (record.meeting_client_id) await meetings.syncChatMeeting(record.meeting_client_id, oldStart, now);
    } catch (err) {
      logger.warn({ err: (err as Error).message, leadId: record.id }, 'meeting changed; tidying up after it failed');
    }
  }
}
