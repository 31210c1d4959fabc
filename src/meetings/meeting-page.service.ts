/**
 * The visitor's meeting page (`PUBLIC_URL/meetings/<token>`): see the meeting, cancel it, or move it to a
 * free slot. The token opens exactly one meeting of one lead (store/meeting-link.repository.ts); Google is asked first
 * and the lead changed only once Google agreed, so a refusal changes nothing. One change at a time per lead.
 */
import { DateTime } from 'luxon';
import { AppError } from '../infra/app-error.js';
import { RedisKeyedLock } from '../infra/redis-lock.js';
import type { Logger } from '../infra/logger.js';
import type { LeadEventSink } from '../integrations/lead-events.js';
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadService } from '../leads/lead.service.js';
import type { LeadMeeting, LeadRecord, MeetingAccess } from '../leads/lead.types.js';
import type { MeetingLinkRepository } from '../store/meeting-link.repository.js';
import type { SettingsSource } from '../settings/settings.service.js';
import { spellOut } from './business-hours.js';
import type { CalendarGateway } from './calendar.gateway.js';
import { bookingCacheKey, bookingGenerationKey, type MeetingService } from './meeting.service.js';
import { holderOf, holderOfHold, type SlotHoldStore } from './slot-hold.store.js';

export type PageCalendar = Pick<CalendarGateway, 'deleteEvent' | 'moveEvent'>;

export interface MeetingPageDeps {
  /** The business zone in force. */
  settings: SettingsSource;
  logger: Logger;
  redis: Redis;
  leads: LeadService;
  links: MeetingLinkRepository;
  holds: SlotHoldStore;
  calendar: PageCalendar;
  meetings: MeetingService;
  now: () => Date;
  /** Told of each cancellation and move (meeting.cancelled, meeting.scheduled / requested at the new time). */
  events?: LeadEventSink;
}

/** What the page shows. */
export interface MeetingView {
  status: LeadMeeting['status'];
  /** "Tuesday, 24 November 2026 at 15:00 (Europe/Berlin)". */
  when: string;
  /** The same in the visitor's zone, when it is known and differs. */
  whenVisitor: string | null;
  minutes: number;
  meetLink: string | null;
  /** Not over yet and not cancelled: it can be cancelled or moved. */
  changeable: boolean;
  past: boolean;
}

export interface SlotChoice {
  /** The value the form posts back (ISO 8601 with offset). */
  value: string;
  label: string;
}

interface Opened {
  record: LeadRecord;
  meeting: LeadMeeting;
  access: MeetingAccess;
}

const NOT_FOUND = 'This meeting link is not valid (any more). Check the link in your confirmation.';

export class MeetingPageService {
  private readonly perLead: RedisKeyedLock;

  constructor(private readonly deps: MeetingPageDeps) {
    this.perLead = new RedisKeyedLock(deps.redis, 'meeting-page');
  }

  /** The business zone in force (open() checked the settings first). */
  private zone(): string {
    return this.deps.settings.snapshot().meetings.timezone;
  }

  /** The meeting a token opens, or 404: an unknown token, a deleted lead, or a meeting replaced since. */
  private async open(token: string): Promise<Opened> {
    await this.deps.settings.current(); // hours and zone saved on any instance apply to this page
    const found = await this.deps.links.find(token);
    const record = found ? await this.findLead(found.leadId) : undefined;
    const meeting = record?.meeting;
    const access = record?.meeting_access;
    if (
      !found ||
      !record ||
      !meeting ||
      !access ||
      meeting.status === 'proposed' ||
      access.start !== meeting.start ||
      (access.cancelled === true && meeting.status !== 'cancelled') ||
      !access.link_hashes.includes(found.hash)
    ) {
      throw new AppError('not_found', NOT_FOUND);
    }
    return { record, meeting, access };
  }

  /** The lead, or undefined when it was deleted (a store that is down is still a 503, not a 404). */
  private async findLead(id: string): Promise<LeadRecord | undefined> {
    try {
      return await this.deps.leads.getLead(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return undefined;
      throw err;
    }
  }

  /** Runs `task` on the token's meeting, one change at a time per lead (across instances). */
  private async change<T>(token: string, task: (opened: Opened) => Promise<T>): Promise<T> {
    const { record } = await this.open(token);
    return this.perLead.run(record.id, async () => task(await this.open(token)));
  }

  private isPast(meeting: LeadMeeting): boolean {
    return Date.parse(meeting.start) <= this.deps.now().getTime();
  }

  private assertChangeable(meeting: LeadMeeting): void {
    if (this.isPast(meeting)) {
      throw new AppError(
        'conflict',
        'This meeting has already started or taken place, so it can no longer be changed.',
      );
    }
  }

  async view(token: string): Promise<MeetingView> {
    const { meeting, access } = await this.open(token);
    const visitorZone = access.visitor_zone;
    const start = DateTime.fromISO(meeting.start, { setZone: true });
    const zone = this.zone();
    const other = visitorZone && visitorZone !== zone && DateTime.local().setZone(visitorZone).isValid;
    const past = this.isPast(meeting);
    return {
      status: meeting.status,
      when: spellOut(start, zone),
      whenVisitor: other ? spellOut(start, visitorZone) : null,
      minutes: Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000),
      // Only a web link becomes an href (escaping does not stop a `javascript:` URL).
      meetLink:
        meeting.status === 'scheduled' && /^https:\/\/\S+$/.test(meeting.meet_link ?? '') ? meeting.meet_link : null,
      changeable: !past && meeting.status !== 'cancelled',
      past,
    };
  }

  /**
   * Cancels the meeting: the Google event is deleted (the attendees are told), then the lead records it.
   * Returns false when it was cancelled already. The lead's status goes from meeting_scheduled to follow_up
   * (someone who cancelled is worth a word from staff); a status staff set otherwise is kept.
   */
  cancel(token: string): Promise<boolean> {
    return this.change(token, async ({ record, meeting, access }) => {
      if (meeting.status === 'cancelled') return false;
      this.assertChangeable(meeting);
      if (meeting.status === 'scheduled' && meeting.event_id) await this.deps.calendar.deleteEvent(meeting.event_id);
      const cancelled: LeadMeeting = { ...meeting, status: 'cancelled' };
      const changed = await this.deps.leads.changeMeeting(record.id, meeting.start, (r, at) => {
        r.meeting = cancelled;
        if (r.status === 'meeting_scheduled') r.status = 'follow_up';
        r.meeting_access = { ...access, hold: null, cancelled: true };
        return {
          type: 'meeting_cancelled',
          at,
          by: 'visitor',
          data: {
            start: meeting.start,
            end: meeting.end,
            was: meeting.status,
            event_id: meeting.event_id,
          },
        };
      });
      this.deps.events?.meetingChanged(changed, cancelled);
      await this.afterChange(record, access, meeting.start, cancelled);
      return true;
    });
  }

  /** Free slots the meeting can move to, from `after` (default now). */
  async slots(token: string, after?: string): Promise<{ view: MeetingView; slots: SlotChoice[] }> {
    const view = await this.view(token);
    const { record, access } = await this.open(token);
    const from = after ? DateTime.fromISO(after, { setZone: true }) : DateTime.fromJSDate(this.deps.now());
    const base = from.isValid ? from.setZone(this.zone()) : DateTime.fromJSDate(this.deps.now(), { zone: this.zone() });
    const free = view.changeable ? await this.deps.meetings.freeSlots(base, this.holderFor(record, access), 12) : [];
    return {
      view,
      slots: free.map((s) => ({
        value: s.toISO() ?? '',
        label: spellOut(s, this.zone()),
      })),
    };
  }

  /**
   * Moves the meeting to `startText` (a slot the page offered): the slot is held, the Google event moved
   * (same event, same Meet link; the attendees are told), then the lead records it.
   */
  reschedule(token: string, startText: string): Promise<LeadMeeting> {
    return this.change(token, async ({ record, meeting, access }) => {
      if (meeting.status === 'cancelled') throw new AppError('conflict', 'This meeting is cancelled.');
      this.assertChangeable(meeting);
      const start = DateTime.fromISO(startText, { setZone: true }).setZone(this.zone());
      if (!start.isValid) {
        throw new AppError('validation_failed', 'Choose one of the times offered.', {
          errors: [{ field: 'start', message: 'must be one of the times offered' }],
        });
      }
      const length = Date.parse(meeting.end) - Date.parse(meeting.start);
      const end = start.plus({ milliseconds: length });
      if (start.toMillis() === Date.parse(meeting.start)) return meeting;
      const holder = this.holderFor(record, access);
      const refusal = await this.deps.meetings.refusalFor(start, end, {
        busy: true,
        holder,
      });
      if (refusal) throw new AppError('conflict', 'That time is not free any more. Please choose another one.');
      const hold = await this.deps.holds.hold({ start: start.toJSDate(), end: end.toJSDate() }, holder);
      if (!hold) throw new AppError('conflict', 'That time was just taken. Please choose another one.');
      const moved: LeadMeeting = {
        ...meeting,
        start: start.toISO() ?? '',
        end: end.toISO() ?? '',
      };
      // A request keeps holding its slot; a booking's event marks it busy from now on.
      const keepHold = meeting.status === 'requested';
      try {
        if (meeting.status === 'scheduled' && meeting.event_id) {
          const event = await this.deps.calendar.moveEvent(meeting.event_id, {
            start: start.toJSDate(),
            end: end.toJSDate(),
            timeZone: this.zone(),
          });
          moved.meet_link = event.meetLink ?? meeting.meet_link;
          moved.html_link = event.htmlLink ?? meeting.html_link;
        }
        const changed = await this.deps.leads.changeMeeting(record.id, meeting.start, (r, at) => {
          r.meeting = moved;
          r.meeting_access = {
            ...access,
            start: moved.start,
            hold: keepHold ? hold : null,
          };
          return {
            type: 'meeting_rescheduled',
            at,
            by: 'visitor',
            data: {
              from: meeting.start,
              to: moved.start,
              status: meeting.status,
              event_id: meeting.event_id,
            },
          };
        });
        this.deps.events?.meetingChanged(changed, moved);
      } catch (err) {
        await this.deps.holds.release(hold);
        throw err;
      }
      if (!keepHold) await this.deps.holds.release(hold);
      await this.afterChange(record, access, meeting.start, moved);
      return moved;
    });
  }

  /** Who holds the meeting's slot: the holder of its hold, else its conversation, else the lead. */
  private holderFor(record: LeadRecord, access: MeetingAccess): string {
    return (
      (access.hold ? holderOfHold(access.hold) : undefined) ??
      (record.meeting_client_id ? holderOf(record.meeting_client_id) : `lead:${record.id}`)
    );
  }

  /**
   * What follows a change the lead recorded: the old slot's hold is released, an API booking's cached answer
   * forgotten (sent again, it books anew), the conversation's state brought in line. A failure here is
   * logged: the change itself is done.
   */
  private async afterChange(record: LeadRecord, access: MeetingAccess, oldStart: string, now: LeadMeeting) {
    const { holds, redis, meetings, logger } = this.deps;
    try {
      if (access.hold) await holds.release(access.hold);
      const key = access.booking_key;
      if (key) {
        await redisOp(redis, (r) => r.multi().del(bookingCacheKey(key)).incr(bookingGenerationKey(key)).exec());
      }
      if (record.meeting_client_id) await meetings.syncChatMeeting(record.meeting_client_id, oldStart, now);
    } catch (err) {
      logger.warn({ err: (err as Error).message, leadId: record.id }, 'meeting changed; tidying up after it failed');
    }
  }
}
