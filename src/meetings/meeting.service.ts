/**
 * Meetings, for the chat and the API alike. The server decides (read the time, check hours and the
 * calendar, propose, book on a clear yes); the assistant only words the decision. A proposal lives in
 * the conversation's Redis state and its id is the calendar request id, so a retry or a repeated yes
 * can never create a second event.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { API_KEY_ACTOR } from '../admin/staff-actor.js';
import type { Config } from '../config.js';
import { AppError, isAppError } from '../infra/app-error.js';
import { RedisKeyedLock } from '../infra/redis-lock.js';
import type { Logger } from '../infra/logger.js';
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadEventSink } from '../integrations/lead-events.js';
import type { SessionSnapshot, SessionStore } from '../chat/session.store.js';
import type { LeadService } from '../leads/lead.service.js';
import { emptyDetails, VISITOR_ACTOR, type Lead, type LeadMeeting, type LeadRecord } from '../leads/lead.types.js';
import type { MeetingOutcome } from '../llm/assistant.types.js';
import type { MeetingLinkRepository } from '../store/meeting-link.repository.js';
import type { SettingsSource } from '../settings/settings.service.js';
import type { CalendarGateway, InsertedEvent } from './calendar.gateway.js';
import {
  findFreeSlots,
  isWithinBusinessHours,
  overlaps,
  spellOut,
  type Interval,
  type SlotRules,
} from './business-hours.js';
import { MeetingAccessIssuer, type VisitorMeeting } from './meeting-access.js';
import { meetingAskOf } from './meeting-intent.js';
import {
  memoryOfClock,
  memoryOfOffer,
  memoryOfProposal,
  offeredSlots,
  readingContextOf,
  type MeetingMemory,
} from './meeting-memory.js';
import { isClearNo, isClearYes, parseMeetingTime, type WallClock } from './meeting-time.js';
import { holderOf, SlotHoldStore } from './slot-hold.store.js';

/** What meetings need of the calendar: GoogleCalendarGateway, or a test double of the same shape. */
export type MeetingCalendar = Pick<CalendarGateway, 'status' | 'queryBusy' | 'insertEvent'>;

type ProposalState = 'awaiting_time' | 'proposed' | 'booked' | 'requested';

interface Proposal extends MeetingMemory {
  id: string;
  state: ProposalState;
  start?: string;
  end?: string;
  when?: string;
  meeting?: VisitorMeeting;
}

export interface ChatMeetingResult {
  outcome: MeetingOutcome | undefined;
  /** The booking proposed or made in this turn (with the visitor's `manage_url` once confirmed). */
  meeting: VisitorMeeting | null;
  /** The lead after a meeting change, when there was one. */
  record: LeadRecord | undefined;
}

export interface BookingInput {
  client_id?: string | undefined;
  title?: string | undefined;
  start: string;
  end?: string | undefined;
  attendees: string[];
  name?: string | undefined;
}

export interface BookingResult {
  created: boolean;
  meeting: VisitorMeeting;
  /** The caller's view of the lead (never the internal record: staff notes stay inside). */
  lead: Lead;
}

export type Unavailable = Extract<MeetingOutcome, { kind: 'unavailable' }>;

export interface MeetingServiceDeps {
  config: Config;
  logger: Logger;
  redis: Redis;
  sessions: SessionStore;
  leads: LeadService;
  calendar: MeetingCalendar;
  /**
   * Hours, zone, length and the business's name in force. Read as last checked: the chat turn, a booking
   * and a meeting page each check the store first (SettingsSource.current), so a save applies from the next one.
   */
  settings: SettingsSource;
  now?: () => Date;
  /** Slot holds of requested meetings (built on `redis` when absent). */
  holds?: SlotHoldStore;
  /** Visitors' meeting links (store/durable-stores.ts chooses the engine). */
  links: MeetingLinkRepository;
  /** Told of each meeting booked or requested (lead-events.ts). */
  events?: LeadEventSink;
}

const STATE_FIELD = 'meeting';
const BOOKING_TTL_SECONDS = 60 * 24 * 60 * 60;
/** Distinct meetings a conversation, or an attendee email, may book a day through the public API. */
const PUBLIC_BOOKINGS_PER_DAY = 3;
/** A day's counts are kept past that day (a meeting's day may be in another zone than the server's clock). */
const BOOKING_DAY_TTL_SECONDS = 3 * 24 * 3600;
/**
 * KEYS: the day's sets of booking keys (the conversation's, the email's); ARGV: the booking key, the cap, the
 * sets' lifetime. A booking already counted in a set passes it; else a full set refuses. Adds the booking to
 * every set only when none refused; returns 1 (reserved) or 0 (refused).
 */
const RESERVE_BOOKING_LUA = `
for _, key in ipairs(KEYS) do
  if redis.call('SISMEMBER', key, ARGV[1]) == 0 and redis.call('SCARD', key) >= tonumber(ARGV[2]) then
    return 0
  end
end
for _, key in ipairs(KEYS) do
  redis.call('SADD', key, ARGV[1])
  redis.call('EXPIRE', key, ARGV[3])
end
return 1
`;

function meetingOf(start: DateTime, end: DateTime, status: LeadMeeting['status'], event?: InsertedEvent): LeadMeeting {
  return {
    status,
    start: start.toISO() ?? '',
    end: end.toISO() ?? '',
    event_id: event?.eventId ?? null,
    meet_link: event?.meetLink ?? null,
    html_link: event?.htmlLink ?? null,
  };
}

export class MeetingService {
  private readonly perClient: RedisKeyedLock;
  private readonly holds: SlotHoldStore;
  private readonly access: MeetingAccessIssuer;

  constructor(private readonly deps: MeetingServiceDeps) {
    const now = () => deps.now?.() ?? new Date();
    this.holds = deps.holds ?? new SlotHoldStore(deps.redis, now);
    this.perClient = new RedisKeyedLock(deps.redis, 'meeting-turn');
    this.access = new MeetingAccessIssuer({
      leads: deps.leads,
      links: deps.links,
      holds: this.holds,
      publicUrl: deps.config.publicUrl,
      logger: deps.logger,
      now,
      events: deps.events,
    });
  }

  /** The meeting rules of the settings in force. */
  private get rules(): SlotRules {
    return this.deps.settings.snapshot().slotRules;
  }

  private now(): DateTime {
    return DateTime.fromJSDate(this.deps.now?.() ?? new Date(), { zone: this.rules.zone });
  }

  /** The time spelled out in the business zone, and in the visitor's when theirs differs. */
  private when(start: DateTime, visitorZone?: string): string {
    return spellOut(start, this.rules.zone, visitorZone);
  }

  /**
   * Slots held by other visitors' requests, and busy intervals when the calendar is connected (none if it
   * fails: booking re-checks). `holder`'s own holds are not busy for them.
   */
  private async busyBetween(start: DateTime, end: DateTime, holder?: string): Promise<Interval[]> {
    const held = await this.holds.heldBetween(start.toJSDate(), end.toJSDate(), holder);
    if ((await this.deps.calendar.status()) !== 'connected') return held;
    try {
      return [...held, ...(await this.deps.calendar.queryBusy(start.toJSDate(), end.toJSDate()))];
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, 'free/busy lookup failed');
      return held;
    }
  }

  /** The next free slots from `from` (not before now) for `holder`: the visitor's meeting page offers them. */
  async freeSlots(from: DateTime, holder?: string, count = 3): Promise<DateTime[]> {
    const base = from < this.now() ? this.now() : from;
    const busy = await this.busyBetween(base, base.plus({ days: 14 }), holder);
    return findFreeSlots(base, busy, this.rules, count);
  }

  /**
   * Why a slot cannot be booked, with other times to offer, or undefined when it can: in the past, outside
   * business hours, or (when `busy` is asked) taken on the calendar.
   */
  async refusalFor(
    start: DateTime,
    end: DateTime,
    check: { busy: boolean; visitorZone?: string | undefined; holder?: string | undefined },
  ): Promise<{ outcome: Unavailable; slots: DateTime[] } | undefined> {
    const refuse = async (reason: Unavailable['reason'], from: DateTime) => {
      const slots = await this.freeSlots(from, check.holder);
      const alternatives = slots.map((s) => this.when(s, check.visitorZone));
      return { outcome: { kind: 'unavailable', reason, alternatives } satisfies Unavailable, slots };
    };
    if (start < this.now()) return refuse('past', this.now());
    if (!isWithinBusinessHours(start, end, this.rules)) return refuse('outside_hours', start.startOf('day'));
    if (!check.busy) return undefined;
    const busy = await this.busyBetween(start, end, check.holder);
    if (busy.some((b) => overlaps(b, { start: start.toJSDate(), end: end.toJSDate() }))) return refuse('busy', start);
    return undefined;
  }

  // ---- the chat dialogue -------------------------------------------------------------------------

  /**
   * One meeting decision at a time per conversation across every instance, so two quick "yes" sent to two
   * instances see each other's booking: a turn that could change the meeting takes the conversation's lock
   * and reads the dialogue's state afresh inside it (the snapshot read with the history may be older than
   * another instance's decision). A turn with no meeting under way and no meeting words needs neither.
   */
  async handleChatTurn(
    clientId: string,
    message: string,
    visitor: { email: string | null; name: string | null },
    emailJustGiven: boolean,
    session?: SessionSnapshot,
    visitorZone?: string,
  ): Promise<ChatMeetingResult> {
    const quiet = session && this.deps.sessions.isCurrent(session) && session.state[STATE_FIELD] === undefined;
    const ask = meetingAskOf(message);
    if (quiet && ask === undefined) {
      return this.decideChatTurn(clientId, message, ask, visitor, emailJustGiven, session, visitorZone);
    }
    return this.perClient.run(clientId, () =>
      this.decideChatTurn(clientId, message, ask, visitor, emailJustGiven, undefined, visitorZone),
    );
  }

  private async decideChatTurn(
    clientId: string,
    message: string,
    ask: ReturnType<typeof meetingAskOf>,
    visitor: { email: string | null; name: string | null },
    emailJustGiven: boolean,
    session: SessionSnapshot | undefined,
    visitorZone: string | undefined,
  ): Promise<ChatMeetingResult> {
    const { sessions } = this.deps;
    const zone = this.rules.zone;
    const none: ChatMeetingResult = { outcome: undefined, meeting: null, record: undefined };
    // The state read with the history, unless a write (e.g. a turn that held this lock) came after it.
    const proposal = await sessions.getState<Proposal>(clientId, STATE_FIELD, session);
    // Read against what the last reply offered or discussed ("10am works", "the second one", "at 11 then"),
    // and only when the turn is about a meeting: most turns are not, and reading costs a chrono pass.
    const context = readingContextOf(proposal, zone, visitorZone);
    let read: { value: ReturnType<typeof parseMeetingTime> } | undefined;
    const parse = () => (read ??= { value: parseMeetingTime(message, this.now(), zone, context) }).value;
    // "¿podemos hablar el jueves a las 10?": talking at a named time asks for a meeting.
    const intent = ask === 'asked' || (ask === 'if_timed' && parse() !== undefined);

    if (proposal?.state === 'booked' && proposal.meeting && (isClearYes(message) || (intent && !parse()))) {
      return {
        ...none,
        outcome: {
          kind: 'already_booked',
          when: proposal.when ?? '',
          meetLink: proposal.meeting.meet_link,
          manageUrl: proposal.meeting.manage_url ?? null,
        },
      };
    }
    const offered = offeredSlots(proposal, zone);
    if (offered.length > 0 && isClearYes(message) && proposal?.state === 'awaiting_time') {
      // A yes to one offered slot takes it; to several it cannot say which: ask again with the same slots.
      // (A standing proposal is what a yes confirms, even after other times were offered.)
      const [only] = offered;
      if (offered.length === 1 && only) return this.propose(clientId, only, visitor, proposal, visitorZone);
      return { ...none, outcome: { kind: 'need_time', suggestions: offered.map((s) => this.when(s, visitorZone)) } };
    }
    if (proposal?.state === 'proposed' && proposal.start && proposal.end) {
      if (isClearYes(message)) {
        if (!visitor.email) return { ...none, outcome: { kind: 'need_email', when: proposal.when ?? '' } };
        return this.bookProposal(clientId, proposal, visitor, visitorZone);
      }
      if (isClearNo(message) && !parse()) {
        await sessions.deleteState(clientId, STATE_FIELD);
        return { ...none, outcome: { kind: 'declined' } };
      }
    }

    // A time named while a meeting stands ("can we do 4pm instead"): it stands, and the visitor's meeting page
    // is where another time is chosen (it moves the event or the request; the chat does not book twice).
    const standing = proposal?.meeting && (proposal.state === 'booked' || proposal.state === 'requested');
    if (standing && !intent && parse()) {
      const when = proposal.when ?? '';
      const manageUrl = proposal.meeting?.manage_url ?? null;
      const outcome: MeetingOutcome =
        proposal.state === 'booked'
          ? { kind: 'already_booked', when, meetLink: proposal.meeting?.meet_link ?? null, manageUrl }
          : { kind: 'already_requested', when, manageUrl };
      return { ...none, outcome };
    }
    const listening = intent || proposal?.state === 'awaiting_time' || proposal?.state === 'proposed';
    if (!listening) return none;
    const parsed = parse();
    if (parsed?.kind === 'time')
      return this.propose(clientId, parsed.start, visitor, proposal, visitorZone, parsed.clock);
    if (parsed?.kind === 'day_only') {
      if (parsed.day < this.now().startOf('day')) {
        const slots = await this.freeSlots(this.now(), holderOf(clientId));
        await this.awaitTime(clientId, proposal, memoryOfOffer(slots));
        const alternatives = slots.map((s) => this.when(s, visitorZone));
        return { ...none, outcome: { kind: 'unavailable', reason: 'past', alternatives } };
      }
      // Never pick a time silently: ask, offering that day's free times (remembered for the answer).
      const from = parsed.day > this.now() ? parsed.day : this.now();
      const sameDay = (await this.freeSlots(from, holderOf(clientId))).slice(0, 3);
      // The time asked for before is kept: "monday then", then "same time".
      await this.awaitTime(clientId, proposal, {
        ...memoryOfOffer(sameDay, parsed.day),
        ...memoryOfClock(proposal?.clock),
      });
      return { ...none, outcome: { kind: 'need_time', suggestions: sameDay.map((s) => this.when(s, visitorZone)) } };
    }
    if (proposal?.state === 'awaiting_time' && isClearYes(message)) return { ...none, outcome: { kind: 'need_time' } };
    if (proposal?.state === 'proposed' && emailJustGiven && visitor.email) {
      return { ...none, outcome: { kind: 'proposed', when: proposal.when ?? '' }, meeting: proposal.meeting ?? null };
    }
    if (!intent) return none;
    await sessions.setState(clientId, STATE_FIELD, { id: randomUUID(), state: 'awaiting_time' } satisfies Proposal);
    return { ...none, outcome: { kind: 'need_time' } };
  }

  /**
   * Waits for a time, remembering what was offered; a standing proposal is kept (a vague or refused answer
   * does not cancel it).
   */
  private async awaitTime(clientId: string, current: Proposal | undefined, memory: MeetingMemory = {}): Promise<void> {
    if (current?.state === 'proposed') {
      if (memory.offered || memory.day || memory.clock) {
        await this.deps.sessions.setState(clientId, STATE_FIELD, { ...current, ...memory } satisfies Proposal);
      }
      return;
    }
    await this.deps.sessions.setState(clientId, STATE_FIELD, {
      id: randomUUID(),
      state: 'awaiting_time',
      ...memory,
    } satisfies Proposal);
  }

  private async propose(
    clientId: string,
    start: DateTime,
    visitor: { email: string | null; name: string | null },
    current: Proposal | undefined,
    visitorZone: string | undefined,
    clock?: WallClock,
  ): Promise<ChatMeetingResult> {
    const end = start.plus({ minutes: this.rules.durationMinutes });
    const refusal = await this.refusalFor(start, end, { busy: true, visitorZone, holder: holderOf(clientId) });
    if (refusal) {
      await this.awaitTime(clientId, current, { ...memoryOfOffer(refusal.slots), ...memoryOfClock(clock) });
      return { outcome: refusal.outcome, meeting: null, record: undefined };
    }
    const when = this.when(start, visitorZone);
    const meeting = meetingOf(start, end, 'proposed');
    const proposal: Proposal = {
      id: randomUUID(),
      state: 'proposed',
      start: meeting.start,
      end: meeting.end,
      when,
      meeting,
      ...memoryOfProposal(start, this.rules.zone),
      ...memoryOfClock(clock),
    };
    await this.deps.sessions.setState(clientId, STATE_FIELD, proposal);
    const record = await this.deps.leads.setMeeting(clientId, meeting, {
      ...(visitor.email ? { email: visitor.email } : {}),
      source: 'chat',
    });
    const outcome: MeetingOutcome = visitor.email ? { kind: 'proposed', when } : { kind: 'need_email', when };
    return { outcome, meeting, record };
  }

  private async bookProposal(
    clientId: string,
    proposal: Proposal,
    visitor: { email: string | null; name: string | null },
    visitorZone: string | undefined,
  ): Promise<ChatMeetingResult> {
    const start = DateTime.fromISO(proposal.start ?? '', { zone: this.rules.zone });
    const end = DateTime.fromISO(proposal.end ?? '', { zone: this.rules.zone });
    const when = proposal.when ?? this.when(start);
    const email = visitor.email ?? '';
    const attempt = await this.bookSlot({
      requestId: proposal.id,
      start,
      end,
      attendees: [email],
      summary: `${this.deps.settings.snapshot().profile.name} × ${visitor.name ?? email}`,
      holder: holderOf(clientId),
    });
    if (attempt.kind === 'busy') {
      await this.deps.sessions.setState(clientId, STATE_FIELD, {
        id: randomUUID(),
        state: 'awaiting_time',
        ...memoryOfOffer(attempt.slots),
      } satisfies Proposal);
      const alternatives = attempt.slots.map((s) => this.when(s, visitorZone));
      return { outcome: { kind: 'unavailable', reason: 'busy', alternatives }, meeting: null, record: undefined };
    }
    const booked = attempt.meeting.status === 'scheduled';
    const record = await this.deps.leads.setMeeting(clientId, attempt.meeting, { email, source: 'chat' });
    const manageUrl = await this.access.confirm(record, clientId, attempt.meeting, {
      hold: attempt.hold,
      bookingKey: null,
      visitorZone: visitorZone ?? null,
    });
    const meeting: VisitorMeeting = { ...attempt.meeting, manage_url: manageUrl };
    await this.deps.sessions.setState(clientId, STATE_FIELD, {
      ...proposal,
      state: booked ? 'booked' : 'requested',
      meeting,
    } satisfies Proposal);
    const outcome: MeetingOutcome = booked
      ? { kind: 'booked', when, meetLink: meeting.meet_link, manageUrl }
      : { kind: 'requested', when, manageUrl };
    return { outcome, meeting, record };
  }

  /**
   * Books a checked slot on the calendar, or records it as requested when the calendar is not connected or
   * keeps failing. The slot is held first (atomically: of racing visitors one gets it, the others are told
   * it is busy); a request keeps its hold, a booking lets it go once the event marks the slot busy. Busy is
   * re-checked here: the slot may have been taken since it was proposed.
   */
  private async bookSlot(input: {
    requestId: string;
    start: DateTime;
    end: DateTime;
    attendees: string[];
    summary: string;
    /** Who holds the slot meanwhile (holderOf the conversation, or of the attendee's email). */
    holder: string;
  }): Promise<
    { kind: 'busy'; slots: DateTime[] } | { kind: 'done'; meeting: LeadMeeting; created: boolean; hold: string | null }
  > {
    const { calendar, logger } = this.deps;
    const slot = { start: input.start.toJSDate(), end: input.end.toJSDate() };
    const hold = await this.holds.hold(slot, input.holder);
    if (!hold) return { kind: 'busy', slots: await this.freeSlots(input.start, input.holder) };
    const requested = {
      kind: 'done' as const,
      meeting: meetingOf(input.start, input.end, 'requested'),
      created: false,
      hold,
    };
    if ((await calendar.status()) !== 'connected') return requested;
    let keepHold = false;
    try {
      const busy = await calendar.queryBusy(slot.start, slot.end);
      if (busy.some((b) => overlaps(b, slot))) {
        return { kind: 'busy', slots: await this.freeSlots(input.start, input.holder) };
      }
      const event = await calendar.insertEvent({
        requestId: input.requestId,
        summary: input.summary,
        description: `Booked through the ${this.deps.settings.snapshot().profile.name} website assistant.`,
        start: input.start.toJSDate(),
        end: input.end.toJSDate(),
        timeZone: this.rules.zone,
        attendees: input.attendees,
      });
      const meeting = meetingOf(input.start, input.end, 'scheduled', event);
      return { kind: 'done', meeting, created: event.created, hold: null };
    } catch (err) {
      if (!isAppError(err) || err.code !== 'calendar_unavailable') throw err;
      logger.warn({ err: err.message }, 'booking recorded as requested: calendar failed');
      keepHold = true;
      return requested;
    } finally {
      if (!keepHold) await this.holds.release(hold);
    }
  }

  // ---- the API ---------------------------------------------------------------------------------

  /**
   * POST /saba/book-meeting. Throws AppError 400/409/429/503; the 503's data is the recorded request as the
   * caller may see it ({meeting, lead}). A public caller books only for itself: the default length, its
   * attendee becomes its conversation's email, its topic goes inside the business's own title, and a
   * conversation and an email book at most PUBLIC_BOOKINGS_PER_DAY distinct meetings a day.
   */
  async bookFromApi(input: BookingInput, caller: 'admin' | 'public'): Promise<BookingResult> {
    await this.deps.settings.current(); // a save on any instance applies to this booking
    const zone = this.rules.zone;
    const start = DateTime.fromISO(input.start, { zone, setZone: true }).setZone(zone);
    if (!start.isValid)
      throw new AppError('validation_failed', 'start is not an ISO 8601 date-time', {
        errors: [{ field: 'start', message: 'must be an ISO 8601 date-time' }],
      });
    const end = input.end
      ? DateTime.fromISO(input.end, { zone, setZone: true }).setZone(zone)
      : start.plus({ minutes: this.rules.durationMinutes });
    if (!end.isValid || end <= start) {
      throw new AppError('validation_failed', 'end must be an ISO 8601 date-time after start', {
        errors: [{ field: 'end', message: 'must be after start' }],
      });
    }
    if (caller === 'public' && end.toMillis() - start.toMillis() !== this.rules.durationMinutes * 60_000) {
      const minutes = this.rules.durationMinutes;
      throw new AppError('validation_failed', `A meeting lasts ${minutes} minutes`, {
        errors: [{ field: 'end', message: `must be ${minutes} minutes after start (or left out)` }],
      });
    }
    const attendees = input.attendees;
    const refusal = await this.refusalFor(start, end, { busy: false });
    if (refusal) throw this.bookingRefusedError(refusal.outcome);

    const key = createHash('sha256')
      .update(
        JSON.stringify([input.client_id ?? null, start.toUTC().toISO(), end.toUTC().toISO(), [...attendees].sort()]),
      )
      .digest('hex')
      .slice(0, 40);
    const redisKey = bookingCacheKey(key);
    // A booking cancelled on the visitor's page counts a generation up: sent again, it books a new event.
    const [previous, generation] = await redisOp(this.deps.redis, (r) => r.mget(redisKey, bookingGenerationKey(key)));
    if (previous) {
      const meeting = JSON.parse(previous) as VisitorMeeting;
      return { created: false, meeting, lead: (await this.recordApiMeeting(input, meeting, caller)).lead };
    }
    const visitorTitle = `${this.deps.settings.snapshot().profile.name} × ${input.name ?? attendees[0] ?? ''}`;
    let summary = input.title?.trim() || visitorTitle;
    if (caller === 'public' && input.client_id) {
      const email = attendees[0] ?? '';
      await this.reservePublicBooking(key, start, [`client:${input.client_id}`, `email:${email}`]);
      await this.deps.leads.saveFromBooking(input.client_id, { email, ...(input.name ? { name: input.name } : {}) });
      summary = input.title?.trim() ? `${visitorTitle}: ${input.title.trim()}` : visitorTitle;
    }
    const holder = holderOf(input.client_id ?? null, attendees[0]);
    const requestId = generation ? `${key}.${generation}` : key;
    const attempt = await this.bookSlot({ requestId, start, end, attendees, summary, holder });
    if (attempt.kind === 'busy') {
      throw new AppError('conflict', 'That time is busy on the calendar', {
        data: { alternatives: attempt.slots.map((s) => this.when(s)) },
      });
    }
    const { record, lead } = await this.recordApiMeeting(input, attempt.meeting, caller);
    const manageUrl = await this.access.confirm(record, input.client_id ?? null, attempt.meeting, {
      hold: attempt.hold,
      bookingKey: key,
    });
    const meeting: VisitorMeeting = { ...attempt.meeting, manage_url: manageUrl };
    if (meeting.status !== 'scheduled') {
      throw new AppError(
        'calendar_unavailable',
        'The calendar is not available; the request was recorded and the team will confirm by email.',
        { data: { meeting, lead } },
      );
    }
    await redisOp(this.deps.redis, (r) => r.set(redisKey, JSON.stringify(meeting), 'EX', BOOKING_TTL_SECONDS));
    return { created: true, meeting, lead };
  }

  /**
   * Counts a public booking against its conversation's and its email's day (the day of the meeting in the
   * business zone): at most PUBLIC_BOOKINGS_PER_DAY distinct bookings each, a repeat of one not counted.
   * Checked and counted in one script, so racing requests (on whichever instance) cannot pass the cap together.
   */
  private async reservePublicBooking(bookingKey: string, start: DateTime, who: string[]): Promise<void> {
    const day = start.toISODate() ?? '';
    const keys = who.map((w) => `booking-day:${day}:${w}`);
    const reserved = await redisOp(this.deps.redis, (r) =>
      r.eval(RESERVE_BOOKING_LUA, keys.length, ...keys, bookingKey, PUBLIC_BOOKINGS_PER_DAY, BOOKING_DAY_TTL_SECONDS),
    );
    if (Number(reserved) === 1) return;
    throw new AppError('rate_limited', `At most ${PUBLIC_BOOKINGS_PER_DAY} meetings a day can be booked this way.`, {
      headers: {
        'Retry-After': String(Math.max(60, Math.ceil(start.endOf('day').diff(this.now()).as('seconds')))),
      },
    });
  }

  /** A time the API cannot book (the calendar's own answer comes later, from the insert). */
  private bookingRefusedError(refusal: Unavailable): AppError {
    const { alternatives } = refusal;
    if (refusal.reason === 'past') {
      return new AppError('validation_failed', 'The meeting time is in the past', {
        errors: [{ field: 'start', message: 'is in the past' }],
        data: { alternatives },
      });
    }
    return new AppError(
      'validation_failed',
      `The meeting must be within business hours (${this.deps.settings.snapshot().meetings.business_hours}, ${this.rules.zone})`,
      { errors: [{ field: 'start', message: 'is outside business hours' }], data: { alternatives } },
    );
  }

  /**
   * Records the booking on the lead and returns what the caller may see: with a client_id that
   * conversation's view, else only what this request gave.
   */
  private async recordApiMeeting(
    input: BookingInput,
    visitorMeeting: VisitorMeeting,
    caller: 'admin' | 'public',
  ): Promise<{ record: LeadRecord; lead: Lead }> {
    const email = input.attendees[0];
    const { leads } = this.deps;
    const { manage_url: _link, ...meeting } = visitorMeeting; // the link is never stored, only its hash
    const record = await leads.setMeeting(input.client_id ?? null, meeting, {
      ...(email ? { email } : {}),
      ...(input.name ? { name: input.name } : {}),
      source: 'api',
      // Who the timeline names: the admin key's holder (the booking route takes the key only), or the visitor.
      by: caller === 'admin' ? API_KEY_ACTOR.by : VISITOR_ACTOR,
    });
    if (input.client_id) return { record, lead: leads.visitorView(record, { clientId: input.client_id, meeting }) };
    const given = { ...emptyDetails(), email: email ?? null, name: input.name ?? null };
    return { record, lead: leads.visitorView(record, { clientId: null, given, meeting }) };
  }

  /**
   * Brings the conversation's meeting state in line with a change made on the visitor's page: a cancelled
   * meeting is forgotten (a later "yes" books nothing), a moved one is quoted at its new time.
   */
  async syncChatMeeting(clientId: string, previousStart: string, meeting: LeadMeeting): Promise<void> {
    const { sessions } = this.deps;
    const proposal = await sessions.getState<Proposal>(clientId, STATE_FIELD);
    if (!proposal?.meeting || proposal.start !== previousStart) return; // the conversation moved on
    if (meeting.status === 'cancelled') {
      await sessions.deleteState(clientId, STATE_FIELD);
      return;
    }
    const start = DateTime.fromISO(meeting.start, { zone: this.rules.zone });
    await sessions.setState(clientId, STATE_FIELD, {
      ...proposal,
      start: meeting.start,
      end: meeting.end,
      when: this.when(start),
      meeting: { ...proposal.meeting, ...meeting },
    } satisfies Proposal);
  }

  /** The spelled-out time of a meeting start, as the chat says it. */
  spell(start: DateTime): string {
    return this.when(start);
  }
}

/** Counts the cancellations of an API booking (its next event gets a new id). */
export function bookingGenerationKey(bookingKey: string): string {
  return `booking-gen:${bookingKey}`;
}

export function bookingCacheKey(bookingKey: string): string {
  return `booking:${bookingKey}`;
}
