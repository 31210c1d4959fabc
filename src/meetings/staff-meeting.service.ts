/**
 * Meetings as staff work them (the meetings view, `POST /leads/:id/meeting/...`): the upcoming and requested
 * meetings, and confirming a request (booking it on Google Calendar), moving or cancelling a meeting. Google
 * is asked first and the lead changed only once Google agreed, so a refusal, or no calendar, changes nothing.
 * One change at a time per lead, shared with the visitor's page (MEETING_LOCK).
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { RedisKeyedLock } from '../infra/redis-lock.js';
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadEventSink } from '../integrations/lead-events.js';
import type { LeadService } from '../leads/lead.service.js';
import type { LeadMeeting, LeadRecord, LeadStatus, MeetingAccess } from '../leads/lead.types.js';
import type { LeadRepository } from '../store/lead.repository.js';
import { spellOut } from './business-hours.js';
import type { CalendarGateway } from './calendar.gateway.js';
import { MEETING_LOCK, MeetingChanges, type OpenMeeting } from './meeting-changes.js';
import { bookingGenerationKey, type MeetingService } from './meeting.service.js';
import type { SlotHoldStore } from './slot-hold.store.js';

export interface StaffMeetingDeps {
  config: Pick<Config, 'businessTimezone' | 'businessHoursText'>;
  logger: Logger;
  redis: Redis;
  leads: LeadService;
  /** Read only: the meetings view scans the leads whose meeting is requested or booked. */
  repository: LeadRepository;
  holds: SlotHoldStore;
  calendar: Pick<CalendarGateway, 'status' | 'insertEvent' | 'deleteEvent' | 'moveEvent'>;
  meetings: MeetingService;
  /** The business's name, in the event title (as the chat's bookings name it). */
  /** The business's name in force (saved settings can change it). */
  businessName: () => string;
  now: () => Date;
  events?: LeadEventSink | undefined;
}

/** One meeting in the view: who, when (spelled out in the business zone) and what can be done. */
export interface StaffMeeting {
  lead: { id: string; name: string | null; email: string | null; phone: string | null; status: LeadStatus };
  meeting: LeadMeeting;
  when: string;
  minutes: number;
  /** It has started (or is over). */
  past: boolean;
}

export interface StaffMeetingLists {
  /** Booked, not over yet, soonest first. */
  upcoming: StaffMeeting[];
  /** Requested (not booked: the calendar was not connected or failed), soonest first. */
  requested: StaffMeeting[];
}

function conflict(message: string, data?: Record<string, unknown>): AppError {
  return new AppError('conflict', message, data ? { data } : {});
}

export class StaffMeetingService {
  private readonly zone: string;
  private readonly changes: MeetingChanges;
  private readonly perLead: RedisKeyedLock;

  constructor(private readonly deps: StaffMeetingDeps) {
    this.zone = deps.config.businessTimezone;
    this.changes = new MeetingChanges({ ...deps, zone: () => this.zone });
    this.perLead = new RedisKeyedLock(deps.redis, MEETING_LOCK); // shared with the visitor's page
  }

  private at(iso: string): DateTime {
    return DateTime.fromISO(iso, { setZone: true }).setZone(this.zone);
  }

  async list(): Promise<StaffMeetingLists> {
    const now = this.deps.now().getTime();
    const lists: StaffMeetingLists = { upcoming: [], requested: [] };
    for await (const record of this.deps.repository.scan({ meetingStatus: ['requested', 'scheduled'] })) {
      const meeting = record.meeting;
      if (!meeting) continue;
      const item: StaffMeeting = {
        lead: { id: record.id, name: record.name, email: record.email, phone: record.phone, status: record.status },
        meeting,
        when: spellOut(this.at(meeting.start), this.zone),
        minutes: Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000),
        past: Date.parse(meeting.start) <= now,
      };
      if (meeting.status === 'requested') lists.requested.push(item);
      else if (Date.parse(meeting.end) > now) lists.upcoming.push(item);
    }
    const soonest = (a: StaffMeeting, b: StaffMeeting) => Date.parse(a.meeting.start) - Date.parse(b.meeting.start);
    lists.upcoming.sort(soonest);
    lists.requested.sort(soonest);
    return lists;
  }

  /** Runs `task` on the lead's meeting under the lead's lock, read afresh inside it. */
  private change<T>(leadId: string, task: (opened: OpenMeeting) => Promise<T>): Promise<T> {
    return this.perLead.run(leadId, async () => {
      const record = await this.deps.leads.getLead(leadId);
      const meeting = record.meeting;
      if (!meeting || meeting.status === 'proposed') throw new AppError('not_found', 'This lead has no meeting.');
      const access = record.meeting_access?.start === meeting.start ? record.meeting_access : undefined;
      return task({ record, meeting, access });
    });
  }

  private hasStarted(meeting: LeadMeeting): boolean {
    return Date.parse(meeting.start) <= this.deps.now().getTime();
  }

  /**
   * Books a requested meeting on Google Calendar with a Meet link, inviting the lead's email: the meeting
   * becomes `scheduled`, the lead `meeting_scheduled`, the request's slot hold is let go. 409 when it is not a
   * request any more, is past, the slot is taken or the lead has no email; 503 (nothing changed) when the
   * calendar is not connected or Google refuses.
   */
  confirm(leadId: string, by: string): Promise<LeadRecord> {
    return this.change(leadId, async (opened) => {
      const { record, meeting, access } = opened;
      if (meeting.status !== 'requested') {
        throw conflict(`Only a requested meeting can be confirmed; this one is ${meeting.status}.`);
      }
      if (this.hasStarted(meeting)) throw conflict('The time of this request has passed: reschedule it first.');
      const email = record.email ?? (record.meeting_client_id && record.conversations[record.meeting_client_id]?.email);
      if (!email) throw conflict('This lead has no email to send the invitation to: add one first.');
      const { calendar } = this.deps;
      if ((await calendar.status()) !== 'connected') {
        throw new AppError(
          'calendar_unavailable',
          'Google Calendar is not connected, so the meeting cannot be booked. Connect it and try again; nothing was changed.',
        );
      }
      const start = this.at(meeting.start);
      const end = this.at(meeting.end);
      const holder = this.changes.holderFor(record, access);
      const refusal = await this.deps.meetings.refusalFor(start, end, { busy: true, holder });
      if (refusal) {
        const why = refusal.outcome.reason === 'busy' ? 'is busy on the calendar' : 'is outside business hours';
        throw conflict(`That time ${why}: reschedule the meeting instead.`, {
          alternatives: refusal.outcome.alternatives,
        });
      }
      const event = await calendar.insertEvent({
        requestId: await this.requestIdFor(record, meeting, access),
        summary: `${this.deps.businessName()} × ${record.name ?? email}`,
        description: `Requested through the ${this.deps.businessName()} website assistant; confirmed by the team.`,
        start: start.toJSDate(),
        end: end.toJSDate(),
        timeZone: this.zone,
        attendees: [email],
      });
      const scheduled: LeadMeeting = {
        ...meeting,
        status: 'scheduled',
        event_id: event.eventId,
        meet_link: event.meetLink,
        html_link: event.htmlLink,
      };
      let changed: LeadRecord;
      try {
        const data = { start: meeting.start, end: meeting.end, event_id: event.eventId };
        changed = await this.changes.record(opened, scheduled, by, { type: 'meeting_confirmed', data }, (r) => {
          r.status = 'meeting_scheduled';
          if (access) r.meeting_access = { ...access, hold: null };
        });
      } catch (err) {
        // The lead could not record it: an event nobody knows of must not stay on the calendar.
        if (event.created) await calendar.deleteEvent(event.eventId).catch(() => undefined);
        throw err;
      }
      await this.changes.afterChange(record, access, meeting.start, scheduled, true);
      return changed;
    });
  }

  /**
   * The calendar request id of a confirmation, stable for the request so that a retry never makes a second
   * event: an API booking's own (then the same booking sent again finds this event), else one derived from
   * the lead, the time and the request's first visitor link.
   */
  private async requestIdFor(record: LeadRecord, meeting: LeadMeeting, access: MeetingAccess | undefined) {
    const key = access?.booking_key;
    if (key) {
      const generation = await redisOp(this.deps.redis, (r) => r.get(bookingGenerationKey(key)));
      return generation ? `${key}.${generation}` : key;
    }
    const seed = `staff-confirm:${record.id}:${meeting.start}:${access?.link_hashes[0] ?? ''}`;
    return createHash('sha256').update(seed).digest('hex').slice(0, 40);
  }

  /**
   * Moves a requested or booked meeting to `startText` (ISO 8601; without an offset, in the business zone),
   * keeping its length: 400 for a time that is not one, in the past or outside business hours; 409 when the
   * slot is taken; a booked meeting's event is moved on Google first (503 and nothing changed if it refuses).
   */
  reschedule(leadId: string, startText: string, by: string): Promise<LeadRecord> {
    return this.change(leadId, async (opened) => {
      const { meeting } = opened;
      if (meeting.status === 'cancelled') throw conflict('This meeting is cancelled.');
      if (meeting.status === 'scheduled' && this.hasStarted(meeting)) {
        throw conflict('This meeting has already started or taken place, so it can no longer be moved.');
      }
      const start = DateTime.fromISO(startText, { zone: this.zone, setZone: true }).setZone(this.zone);
      if (!start.isValid) {
        throw new AppError('validation_failed', 'start is not a date and time', {
          errors: [{ field: 'start', message: 'must be an ISO 8601 date-time' }],
        });
      }
      const end = start.plus({ milliseconds: Date.parse(meeting.end) - Date.parse(meeting.start) });
      const refusal = await this.deps.meetings.refusalFor(start, end, { busy: false });
      if (refusal) {
        const { reason, alternatives } = refusal.outcome;
        const message =
          reason === 'past'
            ? 'is in the past'
            : `is outside business hours (${this.deps.config.businessHoursText}, ${this.zone})`;
        throw new AppError('validation_failed', `The new time ${message}`, {
          errors: [{ field: 'start', message }],
          data: { alternatives },
        });
      }
      if (start.toMillis() === Date.parse(meeting.start)) return opened.record;
      await this.changes.move(opened, start, by);
      return this.deps.leads.getLead(leadId);
    });
  }

  /** Cancels a requested or booked meeting (its Google event deleted first); 409 when it cannot be. */
  cancel(leadId: string, by: string): Promise<LeadRecord> {
    return this.change(leadId, async (opened) => {
      const { meeting } = opened;
      if (meeting.status === 'cancelled') throw conflict('This meeting is already cancelled.');
      if (meeting.status === 'scheduled' && this.hasStarted(meeting)) {
        throw conflict('This meeting has already started or taken place, so it can no longer be cancelled.');
      }
      return this.changes.cancel(opened, by);
    });
  }
}
