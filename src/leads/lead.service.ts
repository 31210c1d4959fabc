/**
 * Lead use cases. Every change goes through one queue, so "one visitor is one lead" decisions (find by
 * client_id, merge by email or phone) and their writes never interleave, and each call returns only once
 * its write is durable.
 */
import { DateTime } from 'luxon';
import { AppError } from '../infra/app-error.js';
import { KeyedSerializer } from '../infra/keyed-serializer.js';
import { CONTACT_FIELDS, type ContactField } from '../llm/assistant.types.js';
import { askedContactField, type AskedDetail } from '../capture/asked-detail.js';
import { extractDetails, type BusinessIdentity } from '../capture/extract-details.js';
import { cap } from '../capture/text.js';
import type { LeadEventSink } from '../integrations/lead-events.js';
import { newLeadId, type LeadQuery, type LeadStore } from './lead.store.js';
import {
  emptyDetails,
  type Lead,
  type LeadActivity,
  MAX_ACTIVITY_EVENTS,
  MAX_FIELDS_PER_LEAD,
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
  store: LeadStore;
  timezone: string;
  defaultCountry: string | undefined;
  /** The business's own contact details and names: quoted back by a visitor, they are not the visitor's. */
  business?: BusinessIdentity;
  /** Erases what else a conversation left behind (its log, its Redis session) when its lead is deleted. */
  eraseConversation: (clientId: string) => Promise<void>;
  now?: () => Date;
  /** Told of every stored change (lead events: webhooks, mail, metrics); it only enqueues. */
  events?: LeadEventSink;
}

function clone(record: LeadRecord): LeadRecord {
  return structuredClone(record);
}

/** A fresh record: status new, no meeting, no conversations yet; `fields` override the blanks. */
function newRecord(source: LeadSource, now: string, fields: Partial<LeadRecord> = {}): LeadRecord {
  return {
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
}

/** The visitor's answer to a qualification question, unless the message is a question back. */
function readQualificationAnswer(message: string): string | undefined {
  const text = message.trim();
  if (!text || /\?\s*$/.test(text)) return undefined;
  return cap(text, 500);
}

function tooManyFields(): AppError {
  return new AppError('validation_failed', `A lead holds at most ${MAX_FIELDS_PER_LEAD} fields`, {
    errors: [{ field: 'fields', message: `a lead holds at most ${MAX_FIELDS_PER_LEAD} fields` }],
  });
}

/** Appends to the lead's activity, keeping its newest MAX_ACTIVITY_EVENTS events. */
function addActivity(record: LeadRecord, events: LeadActivity[]): void {
  record.activity = [...(record.activity ?? []), ...events].slice(-MAX_ACTIVITY_EVENTS);
}

function hasAnyDetail(d: DetailsInput): boolean {
  return Boolean(d.name || d.email || d.phone || d.company || Object.keys(d.fields ?? {}).length > 0);
}

export class LeadService {
  private readonly queue = new KeyedSerializer();

  constructor(private readonly deps: LeadServiceDeps) {}

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** What a visitor (or a public API caller) may see of a lead: see toVisitorLead. */
  visitorView(record: LeadRecord, options: Omit<VisitorViewOptions, 'now'>): Lead {
    return toVisitorLead(record, { ...options, now: this.deps.now?.() ?? new Date() });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run('leads', task);
  }

  /**
   * Reads what the visitor wrote and records it on their lead (creating or merging as needed). `asked` is
   * what the assistant's last reply asked for: a bare answer is read as that detail, and the answer to a
   * qualification question is recorded under its label.
   */
  async captureFromChat(
    clientId: string,
    message: string,
    explicit: { email?: string; phone?: string },
    asked?: AskedDetail,
  ): Promise<CaptureResult> {
    const known = this.deps.store.findByClientId(clientId)?.conversations[clientId];
    const extracted = extractDetails(message, {
      defaultCountry: this.deps.defaultCountry,
      asked: askedContactField(asked),
      known,
      business: this.deps.business,
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
    const result = await this.recordConversationDetails(clientId, details, 'chat');
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
  private recordConversationDetails(
    clientId: string,
    input: DetailsInput,
    source: LeadSource,
    notes?: string,
  ): Promise<CaptureResult> {
    // Most chat messages tell us nothing new: they write nothing, so they need not queue behind lead writes.
    if (!hasAnyDetail(input) && !notes) {
      return Promise.resolve({ record: this.deps.store.findByClientId(clientId), captured: [] });
    }
    return this.serialize(async () => {
      const { store } = this.deps;
      const own = store.findByClientId(clientId);
      const holder = own
        ? undefined
        : ((input.email ? store.findByEmail(input.email) : undefined) ??
          (input.phone ? store.findByPhone(input.phone) : undefined));
      const now = this.now();
      const record = own ? clone(own) : holder ? clone(holder) : newRecord(source, now, { client_id: clientId });
      const createdByThis = record.client_id === clientId;
      const events: LeadActivity[] = [];
      const event = (type: LeadActivity['type'], data: LeadActivity['data']) =>
        events.push({ type, at: now, by: 'visitor', data: { client_id: clientId, ...data } });

      let conversation = record.conversations[clientId];
      if (!conversation) {
        conversation = {
          ...emptyDetails(),
          created_at: now,
          source,
          view_id: createdByThis ? record.id : newLeadId(),
        };
        if (holder)
          event('conversation_linked', { matched_on: input.email && holder.email === input.email ? 'email' : 'phone' });
      }
      const captured: ContactField[] = [];
      for (const field of CONTACT_FIELDS) {
        const value = input[field];
        if (!value) continue;
        if (conversation[field] !== value) captured.push(field);
        conversation[field] = value;
        if (record[field] === value) continue;
        const heldElsewhere = this.heldByAnotherLead(record.id, field, value);
        if (!heldElsewhere && (!record[field] || createdByThis)) record[field] = value;
        else event('value_not_applied', { field, value, held_by_lead: heldElsewhere ?? null });
      }
      const capturedFields: string[] = [];
      for (const [label, value] of Object.entries(input.fields ?? {})) {
        if (value === null || value === '') continue;
        if (conversation.fields[label] !== value) capturedFields.push(label);
        conversation.fields[label] = value;
        if (record.fields[label] === value) continue;
        const isNew = !(label in record.fields);
        if (isNew && Object.keys(record.fields).length >= MAX_FIELDS_PER_LEAD) {
          if (source === 'form') throw tooManyFields();
          event('value_not_applied', { field: label, value, reason: 'too many fields' });
        } else if (isNew || createdByThis) record.fields[label] = value;
        else event('value_not_applied', { field: label, value });
      }
      if (notes) event('visitor_message', { text: notes });
      record.conversations[clientId] = conversation;
      const changed = !own || captured.length > 0 || capturedFields.length > 0 || events.length > 0;
      if (!changed) return { record, captured, capturedFields };
      conversation.updated_at = now;
      addActivity(record, events);
      record.updated_at = now;
      await store.put(record);
      this.deps.events?.leadWritten(own ?? holder, record);
      return { record, captured, capturedFields };
    });
  }

  /** The id of another lead that already holds this email or phone (they identify one lead each). */
  private heldByAnotherLead(leadId: string, field: ContactField, value: string): string | undefined {
    const { store } = this.deps;
    const other =
      field === 'email' ? store.findByEmail(value) : field === 'phone' ? store.findByPhone(value) : undefined;
    return other && other.id !== leadId ? other.id : undefined;
  }

  private assertContactsFree(record: Pick<LeadRecord, 'id'>, input: DetailsInput): void {
    const { store } = this.deps;
    const takenEmail = input.email ? store.findByEmail(input.email) : undefined;
    const takenPhone = input.phone ? store.findByPhone(input.phone) : undefined;
    const other = [takenEmail, takenPhone].find((r) => r && r.id !== record.id);
    if (other) {
      throw new AppError('conflict', 'Another lead already has this email or phone', {
        data: { lead_id: other.id },
        errors: [
          {
            field: takenEmail && takenEmail.id !== record.id ? 'email' : 'phone',
            message: 'is already on another lead',
          },
        ],
      });
    }
  }

  createLead(input: LeadInput, source: LeadSource = 'api'): Promise<LeadRecord> {
    return this.serialize(async () => {
      const record = newRecord(source, this.now(), {
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
      this.assertContactsFree(record, input);
      await this.deps.store.put(record);
      this.deps.events?.leadWritten(undefined, record);
      return record;
    });
  }

  updateLead(id: string, patch: LeadInput): Promise<LeadRecord> {
    return this.serialize(async () => {
      const current = this.getLead(id);
      this.assertContactsFree(current, patch);
      const record = clone(current);
      for (const field of CONTACT_FIELDS) if (patch[field] !== undefined) record[field] = patch[field];
      if (patch.notes !== undefined) record.notes = patch.notes;
      if (patch.status !== undefined) record.status = patch.status;
      if (patch.follow_up_at !== undefined) record.follow_up_at = patch.follow_up_at;
      for (const [label, value] of Object.entries(patch.fields ?? {})) {
        if (value === null) delete record.fields[label];
        else record.fields[label] = value;
      }
      if (Object.keys(record.fields).length > MAX_FIELDS_PER_LEAD) throw tooManyFields();
      record.updated_at = this.now();
      await this.deps.store.put(record);
      this.deps.events?.leadWritten(current, record);
      return record;
    });
  }

  /** Erases the lead and everything its conversations left: logs and Redis sessions. */
  deleteLead(id: string): Promise<LeadRecord> {
    return this.serialize(async () => {
      const record = this.getLead(id);
      const clientIds = new Set([
        ...Object.keys(record.conversations),
        ...(record.client_id ? [record.client_id] : []),
      ]);
      for (const clientId of clientIds) await this.deps.eraseConversation(clientId);
      await this.deps.store.remove(id);
      return record;
    });
  }

  getLead(id: string): LeadRecord {
    const record = this.deps.store.get(id);
    if (!record) throw new AppError('not_found', 'No lead with this id');
    return record;
  }

  listLeads(query: LeadQuery): { leads: LeadRecord[]; total: number } {
    return this.deps.store.list(query);
  }

  /** Status follow_up, or a follow-up date due today or earlier in the business zone. */
  listFollowups(): LeadRecord[] {
    const today = DateTime.fromJSDate(this.deps.now?.() ?? new Date(), { zone: this.deps.timezone }).toISODate() ?? '';
    const due = [
      ...this.deps.store.values(
        (e) => e.status === 'follow_up' || (e.follow_up_at !== null && this.localDate(e.follow_up_at) <= today),
      ),
    ];
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
    fallback: { email?: string; name?: string; source: LeadSource },
  ): Promise<LeadRecord> {
    return this.serialize(async () => {
      const { store } = this.deps;
      const existing =
        (clientId ? store.findByClientId(clientId) : undefined) ??
        (fallback.email ? store.findByEmail(fallback.email) : undefined);
      const now = this.now();
      const record: LeadRecord = existing ? clone(existing) : newRecord(fallback.source, now, { client_id: clientId });
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
      if (clientId && holds && record.meeting_client_id !== clientId) {
        addActivity(record, [
          {
            type: 'value_not_applied',
            at: now,
            by: 'visitor',
            data: { client_id: clientId, field: 'meeting', value: `${meeting.status} ${meeting.start}` },
          },
        ]);
        record.updated_at = now;
        await store.put(record);
        this.deps.events?.leadWritten(existing, record);
        return record;
      }
      record.meeting = meeting;
      record.meeting_client_id = clientId;
      if (meeting.status === 'scheduled') record.status = 'meeting_scheduled';
      else if (meeting.status === 'requested') record.status = 'follow_up';
      record.updated_at = now;
      await store.put(record);
      this.deps.events?.leadWritten(existing, record);
      return record;
    });
  }

  /**
   * Records what only the server knows of a meeting just confirmed (a visitor link's hash, the slot it holds,
   * its API booking key), if it is still the lead's meeting booked by `clientId`: a meeting that another
   * conversation holds gets no link. Returns the access of an earlier meeting it replaced (whose hold the
   * caller releases), or false when nothing was recorded.
   */
  attachMeetingAccess(
    leadId: string,
    clientId: string | null,
    meeting: LeadMeeting,
    add: { linkHash: string; hold: string | null; bookingKey: string | null; visitorZone?: string | null },
  ): Promise<{ replaced: MeetingAccess | undefined } | false> {
    return this.serialize(async () => {
      const current = this.deps.store.get(leadId);
      const held = current?.meeting;
      if (
        !current ||
        !held ||
        held.start !== meeting.start ||
        held.end !== meeting.end ||
        held.status !== meeting.status ||
        current.meeting_client_id !== clientId
      ) {
        return false;
      }
      const record = clone(current);
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
      await this.deps.store.put(record);
      return { replaced: same ? undefined : previous };
    });
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
    return this.serialize(async () => {
      const record = clone(this.getLead(leadId));
      if (record.meeting?.start !== expectedStart) {
        throw new AppError('conflict', 'The meeting was changed meanwhile; nothing was done.');
      }
      const now = this.now();
      addActivity(record, [apply(record, now)]);
      record.updated_at = now;
      await this.deps.store.put(record);
      return record;
    });
  }
}
