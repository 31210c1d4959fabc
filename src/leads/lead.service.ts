/**
 * Lead use cases over the LeadRepository (embedded files or PostgreSQL). Each call returns only once its
 * write is durable. The repository has the last word on "one visitor, one lead", whichever instance
 * writes: a lead is changed under its lock (update), and a write that would give a conversation, an email
 * or a phone a second lead is refused (LeadConflictError). A visitor's decision (find by client_id, link
 * by email or phone, else create) that lost such a race to another writer is made again from a fresh
 * read, which now sees the winner; the API's own creates and edits answer the conflict as a 409.
 */
import { DateTime } from 'luxon';
import { AppError } from '../infra/app-error.js';
import { KeyedSerializer } from '../infra/keyed-serializer.js';
import { CONTACT_FIELDS, type ContactField } from '../llm/assistant.types.js';
import { askedContactField, type AskedDetail } from '../capture/asked-detail.js';
import { extractDetails, type BusinessIdentity } from '../capture/extract-details.js';
import { cap } from '../capture/text.js';
import { PLEASANTRIES_ONLY } from '../capture/lexicons/words.js';
import { isLeadConflict, type LeadPage, type LeadRepository, type StatusCounts } from '../store/lead.repository.js';
import { newLeadId, type LeadQuery } from './lead.store.js';
import {
  activityEvent,
  addActivity,
  assertRoomForNote,
  changeEvents,
  createdEvent,
  meetingEvent,
  timelineOf,
  withWaitingEvents,
} from './lead-activity.js';
import {
  emptyDetails,
  type Lead,
  type LeadActivity,
  MAX_FIELDS_PER_LEAD,
  VISITOR_ACTOR,
  toVisitorLead,
  type VisitorViewOptions,
  type LeadMeeting,
  type LeadRecord,
  type MeetingAccess,
  type LeadSource,
  type LeadStatus,
} from './lead.types.js';

export interface DetailsInput {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  company?: string | null | undefined;
  fields?: Record<string, string | null> | undefined;
}

export interface LeadInput extends DetailsInput {
  notes?: string | null | undefined;
  status?: LeadStatus | undefined;
  follow_up_at?: string | null | undefined;
}

export interface CaptureResult {
  record: LeadRecord | undefined;
  /** Contact fields this message gave or changed. */
  captured: ContactField[];
  /** Labels of custom fields this message gave or changed (a qualification answer, a budget). */
  capturedFields?: string[];
  /** The message gave a phone number that could not be read (no country code, no default country). */
  unreadPhone?: boolean;
}

export interface LeadServiceDeps {
  leads: LeadRepository;
  timezone: string;
  defaultCountry: string | undefined;
  /**
   * The business's own contact details and names: quoted back by a visitor, they are not the visitor's. A
   * function: the profile in force may change with the settings (src/settings).
   */
  business?: () => BusinessIdentity;
  /** Erases what else a conversation left behind (its log, its Redis session) when its lead is deleted. */
  eraseConversation: (clientId: string) => Promise<void>;
  /**
   * Erases what the lead left outside its record and its conversations: the deliveries of its events, the
   * mails and webhooks sent still waiting to be written on it.
   */
  eraseLeadRecords: (leadId: string) => Promise<void>;
  /** The lead's events kept outside its record for now (mails and webhooks sent: src/integrations). */
  waitingActivity?: (leadId: string) => Promise<LeadActivity[]>;
  now?: () => Date;
}

/** A fresh record: status new, no meeting, no conversations yet; `fields` override the blanks. */
function newRecord(source: LeadSource, now: string, by: string, fields: Partial<LeadRecord> = {}): LeadRecord {
  const record: LeadRecord = {
    id: newLeadId(),
    client_id: null,
    ...emptyDetails(),
    notes: null,
    status: 'new',
    follow_up_at: null,
    meeting: null,
    source,
    created_at: now,
    updated_at: now,
    conversations: {},
    meeting_client_id: null,
    ...fields,
  };
  record.activity = [createdEvent(record, by)];
  return record;
}

/** The visitor's answer to a qualification question, unless the message is a question back or small talk. */
function readQualificationAnswer(message: string): string | undefined {
  const text = message.trim();
  if (!text || /\?\s*$/.test(text) || PLEASANTRIES_ONLY.test(text)) return undefined;
  return cap(text, 500);
}

function tooManyFields(): AppError {
  return new AppError('validation_failed', `A lead holds at most ${MAX_FIELDS_PER_LEAD} fields`, {
    errors: [{ field: 'fields', message: `a lead holds at most ${MAX_FIELDS_PER_LEAD} fields` }],
  });
}

/** Tries of one visitor's decision lost to racing writers before the conflict is given up (then a 409). */
const DECISION_ATTEMPTS = 4;

/** A race another writer won since this decision read the store: deciding again sees its result. */
function isLostRace(err: unknown): boolean {
  return isLeadConflict(err) || (err instanceof AppError && err.code === 'not_found');
}

/** Which other lead holds each email and phone a visitor gave (read before the write; the write rechecks). */
type Holders = Partial<Record<ContactField, string>>;

function hasAnyDetail(d: DetailsInput): boolean {
  return Boolean(d.name || d.email || d.phone || d.company || Object.keys(d.fields ?? {}).length > 0);
}

export class LeadService {
  /** One visitor's turns in this process, one after another (other instances: see the class comment). */
  private readonly visitors = new KeyedSerializer();

  constructor(private readonly deps: LeadServiceDeps) {}

  private get repo(): LeadRepository {
    return this.deps.leads;
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** What a visitor (or a public API caller) may see of a lead: see toVisitorLead. */
  visitorView(record: LeadRecord, options: Omit<VisitorViewOptions, 'now'>): Lead {
    return toVisitorLead(record, { ...options, now: this.deps.now?.() ?? new Date() });
  }

  /**
   * Runs a visitor's decision, again from a fresh read when another writer won a race since it read
   * (the lead it chose was deleted, or its conversation, email or phone went to another lead).
   */
  private async decide<T>(clientId: string | null, decision: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      for (let tries = 1; ; tries++) {
        try {
          return await decision();
        } catch (err) {
          if (tries >= DECISION_ATTEMPTS || !isLostRace(err)) throw err;
        }
      }
    };
    return clientId ? this.visitors.run(clientId, attempt) : attempt();
  }

  /**
   * Reads what the visitor wrote and records it on their lead (creating or merging as needed). `asked` is
   * what the assistant's last reply asked for: a bare answer is read as that detail, and the answer to a
   * qualification question is recorded under its label. `earlier` are the visitor's own earlier messages of
   * the conversation, oldest first: a business address given now may spell a business named in them.
   */
  async captureFromChat(
    clientId: string,
    message: string,
    explicit: { email?: string; phone?: string },
    asked?: AskedDetail,
    earlier: readonly string[] = [],
  ): Promise<CaptureResult> {
    const own = await this.repo.findByClientId(clientId);
    const known = own?.conversations[clientId];
    const extracted = extractDetails(message, {
      defaultCountry: this.deps.defaultCountry,
      asked: askedContactField(asked),
      known,
      business: this.deps.business?.(),
      earlier,
    });
    const fields = { ...extracted.fields };
    if (asked?.kind === 'qualification' && !(asked.label in fields)) {
      const answer = readQualificationAnswer(message);
      if (answer) fields[asked.label] = answer;
    }
    const details: DetailsInput = {
      ...(extracted.name ? { name: extracted.name } : {}),
      ...(extracted.email ? { email: extracted.email } : {}),
      ...(extracted.phone ? { phone: extracted.phone } : {}),
      ...(extracted.company ? { company: extracted.company } : {}),
      fields,
      ...(explicit.email ? { email: explicit.email } : {}),
      ...(explicit.phone ? { phone: explicit.phone } : {}),
    };
    // Most messages give nothing: their answer is the lead just read (no second read of the store).
    const result = hasAnyDetail(details)
      ? await this.recordConversationDetails(clientId, details, 'chat')
      : { record: own, captured: [] };
    return extracted.unreadPhone && !details.phone ? { ...result, unreadPhone: true } : result;
  }

  /** The widget's contact form (`/gemini/save-info`). */
  async saveFromForm(clientId: string, input: DetailsInput & { notes?: string | undefined }): Promise<LeadRecord> {
    const result = await this.recordConversationDetails(clientId, input, 'form', input.notes);
    if (!result.record)
      throw new AppError('validation_failed', 'Nothing to save', {
        errors: [{ field: 'body', message: 'give at least one of name, email, phone, company, notes, fields' }],
      });
    return result.record;
  }

  /** A public booking: its attendee is the conversation's email (with the linking rules of any detail). */
  async saveFromBooking(clientId: string, details: { email: string; name?: string }): Promise<void> {
    await this.recordConversationDetails(clientId, details, 'api');
  }

  /**
   * Records what a conversation gave. A conversation keeps the lead it has; one without a lead is linked to
   * the lead its email or phone is already on, else gets a new lead. The conversation's own view always takes
   * the values. The lead takes a value it lacks; it takes a different one only from the conversation that
   * created it (a correction) and only when no other lead holds it: a linked conversation never overwrites
   * (the value goes to the lead's activity for staff), and no conversation ever folds or deletes a lead.
   * A form's `notes` is the visitor's message to the team: activity, never the staff's own notes.
   */
  private async recordConversationDetails(
    clientId: string,
    input: DetailsInput,
    source: LeadSource,
    notes?: string,
  ): Promise<CaptureResult> {
    // Most chat messages tell us nothing new: they write nothing, so they need not queue behind lead writes.
    if (!hasAnyDetail(input) && !notes) {
      return { record: await this.repo.findByClientId(clientId), captured: [] };
    }
    return this.decide(clientId, async () => {
      const own = await this.repo.findByClientId(clientId);
      // One read decides both whether to link and whether a value is free: a lead gaining the email
      // between two reads would otherwise get a new lead without it (a second lead for one email).
      const holders = await this.holdersOf(input);
      const holder = own ? undefined : (holders.email ?? holders.phone);
      const now = this.now();
      let result: CaptureResult = { record: undefined, captured: [] };
      const apply = (record: LeadRecord, isNew: boolean): LeadRecord | undefined => {
        const merged = mergeDetails(record, { clientId, input, source, notes, now, holders, isNew });
        result = { record: merged.record, captured: merged.captured, capturedFields: merged.capturedFields };
        return merged.changed ? merged.record : undefined;
      };
      const target = own?.id ?? holder;
      if (target) {
        const stored = await this.repo.update(target, (current) => apply(current, false));
        return { ...result, record: stored };
      }
      const record = newRecord(source, now, VISITOR_ACTOR, { client_id: clientId });
      apply(record, true);
      await this.repo.put(record);
      return result;
    });
  }

  /** The other leads already holding the email and phone given (each identifies one lead). */
  private async holdersOf(input: DetailsInput): Promise<Holders> {
    const [byEmail, byPhone] = await Promise.all([
      input.email ? this.repo.findByEmail(input.email) : undefined,
      input.phone ? this.repo.findByPhone(input.phone) : undefined,
    ]);
    return { ...(byEmail ? { email: byEmail.id } : {}), ...(byPhone ? { phone: byPhone.id } : {}) };
  }

  private async assertContactsFree(record: Pick<LeadRecord, 'id'>, input: DetailsInput): Promise<void> {
    const holders = await this.holdersOf(input);
    const field = (['email', 'phone'] as const).find((f) => holders[f] && holders[f] !== record.id);
    if (field) {
      throw new AppError('conflict', 'Another lead already has this email or phone', {
        data: { lead_id: holders[field] },
        errors: [{ field, message: 'is already on another lead' }],
      });
    }
  }

  /**
   * A lead from the API or made by hand on the page, `by` a staff member. An email or phone another lead
   * holds (or wins in a race) is a 409.
   */
  async createLead(input: LeadInput, by: string, source: LeadSource = 'api'): Promise<LeadRecord> {
    const record = newRecord(source, this.now(), by, {
      name: input.name ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      company: input.company ?? null,
      fields: Object.fromEntries(
        Object.entries(input.fields ?? {}).filter((e): e is [string, string] => e[1] !== null),
      ),
      notes: input.notes ?? null,
      status: input.status ?? 'new',
      follow_up_at: input.follow_up_at ?? null,
    });
    await this.assertContactsFree(record, input);
    await this.repo.put(record);
    return record;
  }

  /**
   * Applies the patch to the lead as last stored (under its lock: a concurrent change is kept), recording
   * each change with its old value and who made it. `context` goes with each event (a value accepted from a
   * conversation names it). A patch that changes nothing writes nothing.
   */
  async updateLead(
    id: string,
    patch: LeadInput,
    by: string,
    context: Record<string, string> = {},
  ): Promise<LeadRecord> {
    await this.assertContactsFree({ id }, patch);
    const now = this.now();
    return this.repo.update(id, (record) => {
      const before = structuredClone(record);
      for (const field of CONTACT_FIELDS) if (patch[field] !== undefined) record[field] = patch[field];
      if (patch.notes !== undefined) record.notes = patch.notes;
      if (patch.status !== undefined) record.status = patch.status;
      if (patch.follow_up_at !== undefined) record.follow_up_at = patch.follow_up_at;
      for (const [label, value] of Object.entries(patch.fields ?? {})) {
        if (value === null) delete record.fields[label];
        else record.fields[label] = value;
      }
      if (Object.keys(record.fields).length > MAX_FIELDS_PER_LEAD) throw tooManyFields();
      const events = changeEvents(before, record, by, now).map((e) => ({ ...e, data: { ...e.data, ...context } }));
      if (events.length === 0) return undefined;
      addActivity(record, events);
      record.updated_at = now;
      return record;
    });
  }

  /** A staff note, kept in the activity beside every other (never overwritten); returns its event. */
  async addNote(id: string, text: string, by: string): Promise<LeadActivity> {
    const now = this.now();
    const event = activityEvent('note', now, by, { text });
    await this.repo.update(id, (record) => {
      assertRoomForNote(record);
      addActivity(record, [event]);
      record.updated_at = now;
      return record;
    });
    return event;
  }

  /** Erases the lead and everything it left: its conversations' logs and Redis sessions, its deliveries. */
  async deleteLead(id: string): Promise<LeadRecord> {
    const record = await this.getLead(id);
    const clientIds = new Set([...Object.keys(record.conversations), ...(record.client_id ? [record.client_id] : [])]);
    for (const clientId of clientIds) await this.deps.eraseConversation(clientId);
    await this.deps.eraseLeadRecords(id);
    await this.repo.remove(id);
    return record;
  }

  async getLead(id: string): Promise<LeadRecord> {
    const record = await this.repo.get(id);
    if (!record) throw new AppError('not_found', 'No lead with this id');
    return record;
  }

  /**
   * The lead's timeline (GET /leads/:id/activity, the lead page): its record's events with those waiting
   * outside it. Without Redis the waiting ones are left out rather than failing the page.
   */
  async timeline(record: LeadRecord): Promise<LeadActivity[]> {
    const waiting = await this.deps.waitingActivity?.(record.id).catch(() => []);
    return withWaitingEvents(timelineOf(record), waiting ?? []);
  }

  listLeads(query: LeadQuery): Promise<LeadPage> {
    return this.repo.list(query);
  }

  /** How many leads match `q` (all without it) per status: the list's status tabs. */
  countByStatus(q?: string): Promise<StatusCounts> {
    return this.repo.countByStatus(q);
  }

  /** Status follow_up, or a follow-up date due today or earlier in the business zone. */
  async listFollowups(): Promise<LeadRecord[]> {
    const today = DateTime.fromJSDate(this.deps.now?.() ?? new Date(), { zone: this.deps.timezone }).toISODate() ?? '';
    const due: LeadRecord[] = [];
    for await (const r of this.repo.scan({ followUp: true })) {
      if (r.status === 'follow_up' || (r.follow_up_at !== null && this.localDate(r.follow_up_at) <= today)) due.push(r);
    }
    return due.sort((a, b) => (a.follow_up_at ?? '9999').localeCompare(b.follow_up_at ?? '9999'));
  }

  private localDate(value: string): string {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return DateTime.fromISO(value, { zone: this.deps.timezone }).toISODate() ?? value;
  }

  /**
   * Records a meeting proposal, request or booking on the visitor's lead (created if needed). A meeting
   * booked or requested by another conversation is not replaced by this one's (a conversation linked by a
   * known email must not rewrite the lead's meeting): this one goes to the activity for staff instead.
   */
  setMeeting(
    clientId: string | null,
    meeting: LeadMeeting,
    fallback: { email?: string; name?: string; source: LeadSource; by?: string },
  ): Promise<LeadRecord> {
    return this.decide(clientId, async () => {
      const existing =
        (clientId ? await this.repo.findByClientId(clientId) : undefined) ??
        (fallback.email ? await this.repo.findByEmail(fallback.email) : undefined);
      const now = this.now();
      const apply = (record: LeadRecord) => recordMeeting(record, { clientId, meeting, fallback, now });
      if (existing) return this.repo.update(existing.id, apply);
      const record = apply(newRecord(fallback.source, now, fallback.by ?? VISITOR_ACTOR, { client_id: clientId }));
      await this.repo.put(record);
      return record;
    });
  }

  /**
   * Records what only the server knows of a meeting just confirmed (a visitor link's hash, the slot it holds,
   * its API booking key), if it is still the lead's meeting booked by `clientId`: a meeting that another
   * conversation holds gets no link. Returns the access of an earlier meeting it replaced (whose hold the
   * caller releases), or false when nothing was recorded.
   */
  async attachMeetingAccess(
    leadId: string,
    clientId: string | null,
    meeting: LeadMeeting,
    add: { linkHash: string; hold: string | null; bookingKey: string | null; visitorZone?: string | null },
  ): Promise<{ replaced: MeetingAccess | undefined } | false> {
    let outcome: { replaced: MeetingAccess | undefined } | false = false;
    try {
      await this.repo.update(leadId, (record) => {
        const held = record.meeting;
        if (
          !held ||
          held.start !== meeting.start ||
          held.end !== meeting.end ||
          held.status !== meeting.status ||
          record.meeting_client_id !== clientId
        ) {
          return undefined;
        }
        const previous = record.meeting_access;
        const same = previous?.start === meeting.start && !previous.cancelled ? previous : undefined;
        record.meeting_access = {
          start: meeting.start,
          // A few links per meeting (each confirmation issues one); the newest are kept.
          link_hashes: [...(same?.link_hashes ?? []), add.linkHash].slice(-20),
          hold: add.hold ?? same?.hold ?? null,
          booking_key: add.bookingKey ?? same?.booking_key ?? null,
          visitor_zone: add.visitorZone ?? same?.visitor_zone ?? null,
        };
        outcome = { replaced: same ? undefined : previous };
        return record;
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return false; // deleted meanwhile
      throw err;
    }
    return outcome;
  }

  /**
   * Changes the lead's meeting (the visitor's page cancels or moves it), if the meeting still starts at
   * `expectedStart`; `apply` edits the copy and returns the activity event to record. Throws 409 otherwise.
   */
  changeMeeting(
    leadId: string,
    expectedStart: string,
    apply: (record: LeadRecord, now: string) => LeadActivity,
  ): Promise<LeadRecord> {
    const now = this.now();
    return this.repo.update(leadId, (record) => {
      if (record.meeting?.start !== expectedStart) {
        throw new AppError('conflict', 'The meeting was changed meanwhile; nothing was done.');
      }
      addActivity(record, [apply(record, now)]);
      record.updated_at = now;
      return record;
    });
  }
}

interface MergeInput {
  clientId: string;
  input: DetailsInput;
  source: LeadSource;
  notes: string | undefined;
  now: string;
  holders: Holders;
  /** The record is new (this conversation creates it). */
  isNew: boolean;
}

/** The merge rules of recordConversationDetails on one record (changed in place). */
function mergeDetails(
  record: LeadRecord,
  { clientId, input, source, notes, now, holders, isNew }: MergeInput,
): { record: LeadRecord; captured: ContactField[]; capturedFields: string[]; changed: boolean } {
  const createdByThis = record.client_id === clientId;
  const events: LeadActivity[] = [];
  const event = (type: LeadActivity['type'], data: LeadActivity['data']) =>
    events.push(activityEvent(type, now, VISITOR_ACTOR, { client_id: clientId, ...data }));
  // What the lead took from this conversation (with the value it replaced, for a correction).
  const given = (field: string, value: string, from: string | null | undefined, custom: boolean) =>
    event('details_given', { field, value, ...(custom ? { custom: 'yes' } : {}), ...(from ? { from } : {}) });
  const hadConversation = Boolean(record.conversations[clientId]);

  let conversation = record.conversations[clientId];
  if (!conversation) {
    conversation = {
      ...emptyDetails(),
      created_at: now,
      source,
      view_id: createdByThis ? record.id : newLeadId(),
    };
    if (!isNew && !createdByThis)
      event('conversation_linked', { matched_on: input.email && record.email === input.email ? 'email' : 'phone' });
  }
  const captured: ContactField[] = [];
  for (const field of CONTACT_FIELDS) {
    const value = input[field];
    if (!value) continue;
    if (conversation[field] !== value) captured.push(field);
    conversation[field] = value;
    if (record[field] === value) continue;
    const holder = field === 'email' || field === 'phone' ? holders[field] : undefined;
    const heldElsewhere = holder !== undefined && holder !== record.id ? holder : undefined;
    if (!heldElsewhere && (!record[field] || createdByThis)) {
      given(field, value, record[field], false);
      record[field] = value;
    } else event('value_not_applied', { field, value, held_by_lead: heldElsewhere ?? null });
  }
  const capturedFields: string[] = [];
  for (const [label, value] of Object.entries(input.fields ?? {})) {
    if (value === null || value === '') continue;
    if (conversation.fields[label] !== value) capturedFields.push(label);
    conversation.fields[label] = value;
    if (record.fields[label] === value) continue;
    const isNewLabel = !(label in record.fields);
    if (isNewLabel && Object.keys(record.fields).length >= MAX_FIELDS_PER_LEAD) {
      if (source === 'form') throw tooManyFields();
      event('value_not_applied', { field: label, value, custom: 'yes', reason: 'too many fields' });
    } else if (isNewLabel || createdByThis) {
      given(label, value, record.fields[label], true);
      record.fields[label] = value;
    } else event('value_not_applied', { field: label, value, custom: 'yes' });
  }
  if (notes) event('visitor_message', { text: notes });
  record.conversations[clientId] = conversation;
  const changed = isNew || !hadConversation || captured.length > 0 || capturedFields.length > 0 || events.length > 0;
  if (changed) {
    conversation.updated_at = now;
    addActivity(record, events);
    record.updated_at = now;
  }
  return { record, captured, capturedFields, changed };
}

/** The meeting rules of setMeeting on one record (changed in place). */
function recordMeeting(
  record: LeadRecord,
  {
    clientId,
    meeting,
    fallback,
    now,
  }: {
    clientId: string | null;
    meeting: LeadMeeting;
    fallback: { email?: string; name?: string; source: LeadSource; by?: string };
    now: string;
  },
): LeadRecord {
  const by = fallback.by ?? VISITOR_ACTOR;
  if (clientId) {
    const conversation = (record.conversations[clientId] ??= {
      ...emptyDetails(),
      email: fallback.email ?? null,
      created_at: now,
      source: fallback.source,
      view_id: record.client_id === clientId ? record.id : newLeadId(),
    });
    conversation.updated_at = now;
  }
  if (!record.email && fallback.email) record.email = fallback.email;
  if (!record.name && fallback.name) record.name = fallback.name;
  const held = record.meeting;
  // A proposal or a cancelled meeting keeps nobody from booking.
  const holds = held && held.status !== 'proposed' && held.status !== 'cancelled';
  record.updated_at = now;
  if (clientId && holds && record.meeting_client_id !== clientId) {
    addActivity(record, [
      {
        type: 'value_not_applied',
        at: now,
        by,
        data: { client_id: clientId, field: 'meeting', value: `${meeting.status} ${meeting.start}` },
      },
    ]);
    return record;
  }
  const event = meetingEvent(held, meeting, by, now, clientId);
  if (event) addActivity(record, [event]);
  record.meeting = meeting;
  record.meeting_client_id = clientId;
  if (meeting.status === 'scheduled') record.status = 'meeting_scheduled';
  else if (meeting.status === 'requested') record.status = 'follow_up';
  return record;
}
