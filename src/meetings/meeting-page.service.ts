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
import type { Redis } from '../infra/redis.client.js';
import type { LeadService } from '../leads/lead.service.js';
import type { LeadMeeting, LeadRecord, MeetingAccess } from '../leads/lead.types.js';
import type { MeetingLinkRepository } from '../store/meeting-link.repository.js';
import type { SettingsSource } from '../settings/settings.service.js';
import { spellOut } from './business-hours.js';
import type { CalendarGateway } from './calendar.gateway.js';
import { MEETING_LOCK, MeetingChanges } from './meeting-changes.js';
import type { MeetingService } from './meeting.service.js';
import type { SlotHoldStore } from './slot-hold.store.js';

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
  private readonly changes: MeetingChanges;

  constructor(private readonly deps: MeetingPageDeps) {
    this.perLead = new RedisKeyedLock(deps.redis, MEETING_LOCK);
    this.changes = new MeetingChanges({ ...deps, zone: () => this.zone() });
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

  /** Cancels the meeting (see MeetingChanges.cancel). Returns false when it was cancelled already. */
  cancel(token: string): Promise<boolean> {
    return this.change(token, async (opened) => {
      if (opened.meeting.status === 'cancelled') return false;
      this.assertChangeable(opened.meeting);
      await this.changes.cancel(opened, 'visitor');
      return true;
    });
  }

  /** Free slots the meeting can move to, from `after` (default now). */
  async slots(token: string, after?: string): Promise<{ view: MeetingView; slots: SlotChoice[] }> {
    const view = await this.view(token);
    const { record, access } = await this.open(token);
    const from = after ? DateTime.fromISO(after, { setZone: true }) : DateTime.fromJSDate(this.deps.now());
    const base = from.isValid ? from.setZone(this.zone()) : DateTime.fromJSDate(this.deps.now(), { zone: this.zone() });
    const free = view.changeable
      ? await this.deps.meetings.freeSlots(base, this.changes.holderFor(record, access), 12)
      : [];
    return {
      view,
      slots: free.map((s) => ({
        value: s.toISO() ?? '',
        label: spellOut(s, this.zone()),
      })),
    };
  }

  /** Moves the meeting to `startText`, a slot the page offered (see MeetingChanges.move). */
  reschedule(token: string, startText: string): Promise<LeadMeeting> {
    return this.change(token, async (opened) => {
      const { meeting } = opened;
      if (meeting.status === 'cancelled') throw new AppError('conflict', 'This meeting is cancelled.');
      this.assertChangeable(meeting);
      const start = DateTime.fromISO(startText, { setZone: true }).setZone(this.zone());
      if (!start.isValid) {
        throw new AppError('validation_failed', 'Choose one of the times offered.', {
          errors: [{ field: 'start', message: 'must be one of the times offered' }],
        });
      }
      if (start.toMillis() === Date.parse(meeting.start)) return meeting;
      return this.changes.move(opened, start, 'visitor');
    });
  }
}
