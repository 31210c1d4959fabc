/**
 * Where leads are kept, whatever the engine: the embedded files (store/embedded/, one instance) or
 * PostgreSQL (store/postgres/, any number of instances). Both pass test/store/lead-repository.contract.ts.
 *
 * The engine, not the caller, has the last word on "one visitor, one lead": `put` refuses a record whose
 * email, phone or conversation another lead already holds (LeadConflictError), atomically, so two writers
 * racing (two requests, two instances) cannot both win. The service decides what to do then (link to the
 * holder, answer 409).
 */
import { AppError } from '../infra/app-error.js';
import type { LeadMeeting, LeadRecord, LeadSource, LeadStatus } from '../leads/lead.types.js';

/** Columns the lead list sorts by (GET /leads?sort=). */
export const LEAD_SORT_KEYS = [
  'created_at',
  'updated_at',
  'name',
  'email',
  'phone',
  'company',
  'status',
  'source',
  'follow_up_at',
] as const;
export type LeadSortKey = (typeof LEAD_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * A list page and how many leads match. `total` is exact when `totalExact` is true; otherwise at least
 * `total` leads match (a search matching more leads than the engine counts exactly: the PostgreSQL store
 * stops counting after a bound, as Elasticsearch's track_total_hits). Pages past the counted part are
 * still found; an empty page comes only after the last matching lead.
 */
export interface LeadPage {
  leads: LeadRecord[];
  total: number;
  totalExact: boolean;
}

/**
 * How many leads match a search, per status (the list's status tabs). Exact when `exact` is true; otherwise
 * (a search matching more leads than the PostgreSQL store counts exactly) each count is a lower bound,
 * counted among the first matches found, and `total` is the bound: at least that many match in all.
 */
export interface StatusCounts {
  counts: Record<LeadStatus, number>;
  /** All statuses together: exact, or the bound when `exact` is false. */
  total: number;
  exact: boolean;
}

/** Exact counts per status (`total` their sum). */
export function exactCounts(counts: Record<LeadStatus, number>): StatusCounts {
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), exact: true };
}

export interface LeadListQuery {
  status?: LeadStatus | undefined;
  /** A substring of the name, email, phone, company or notes, case-insensitive. */
  q?: string | undefined;
  limit: number;
  offset: number;
  /**
   * The order (default: created_at desc, the contract's newest first). Text columns compare lower-cased
   * (code-unit order, the same in both engines); status in the pipeline's order (LEAD_STATUSES); a lead
   * without the value comes last in either direction; ties: the higher id first, as the default order.
   */
  sort?: LeadSortKey | undefined;
  order?: SortOrder | undefined;
}

/** Which leads a scan reads (every condition given must hold). */
export interface LeadScanFilter {
  status?: LeadStatus | undefined;
  q?: string | undefined;
  /** Leads created or updated in [from, before) (ISO 8601 instants): a day's report. */
  changedIn?: { from: string; before: string } | undefined;
  /** Only leads with status `follow_up` or a follow-up date (the follow-up list narrows the dates itself). */
  followUp?: boolean | undefined;
  /** Only leads whose meeting has one of these states (the meetings view). */
  meetingStatus?: readonly LeadMeeting['status'][] | undefined;
  /** Only these leads (an export of a selection); ids that are no lead are ignored. */
  ids?: readonly string[] | undefined;
}

/** How many matching leads have a custom field label (export columns), in the order labels first appear. */
export interface FieldLabelCount {
  label: string;
  leads: number;
}

/**
 * What GET /stats counts over a range of days given as their bounds (ISO instants, ascending: day i is
 * [bounds[i], bounds[i + 1])): leads created per day by status and source, and the meetings whose start
 * falls in the range, by state.
 */
export interface LeadTally {
  created: Array<{ day: number; status: LeadStatus; source: LeadSource; leads: number }>;
  meetings: Array<{ status: LeadMeeting['status']; meetings: number }>;
}

/**
 * Changes one lead given its current record (a private copy the edit may change and return), or returns
 * undefined to leave it as it is. Pure and quick: it runs while the lead is locked.
 */
export type LeadEdit = (current: LeadRecord) => LeadRecord | undefined;

export type LeadConflictField = 'email' | 'phone' | 'client_id';

/** What a lead may hold that no other lead may: its email, its phone, each of its conversations. */
export class LeadConflictError extends AppError {
  constructor(
    readonly field: LeadConflictField,
    readonly value: string,
    /** The lead that holds it (null when it was deleted meanwhile). */
    readonly leadId: string | null,
  ) {
    super(
      'conflict',
      field === 'client_id'
        ? 'This conversation already belongs to another lead'
        : 'Another lead already has this email or phone',
      {
        data: leadId ? { lead_id: leadId } : {},
        errors: [{ field, message: 'is already on another lead' }],
      },
    );
    this.name = 'LeadConflictError';
  }
}

export function isLeadConflict(err: unknown): err is LeadConflictError {
  return err instanceof LeadConflictError;
}

export interface LeadRepository {
  /** The lead, or undefined (also for an id that cannot be one). */
  get(id: string): Promise<LeadRecord | undefined>;
  /** The lead this conversation belongs to. */
  findByClientId(clientId: string): Promise<LeadRecord | undefined>;
  /** The lead whose email this is; else a lead one of whose conversations gave it (the latest updated). */
  findByEmail(email: string): Promise<LeadRecord | undefined>;
  /** Like findByEmail, for an E.164 phone. */
  findByPhone(phone: string): Promise<LeadRecord | undefined>;
  /** A page, newest created first (ties: higher id first), and how many match in all (see LeadPage). */
  list(query: LeadListQuery): Promise<LeadPage>;
  /** The conversations of the leads matching `q` (the list's search): the inbox finds a visitor by their lead. */
  clientIdsMatching(q: string): Promise<string[]>;
  /** How many leads match `q` (all without it), per status: the list's status tabs (see StatusCounts). */
  countByStatus(q?: string): Promise<StatusCounts>;
  /** Every matching lead, oldest created first, read in batches (exports, reports): memory stays flat. */
  scan(filter?: LeadScanFilter): AsyncIterable<LeadRecord>;
  /**
   * Creates or replaces the lead with this id, durably, with its conversations. Throws LeadConflictError,
   * changing nothing, when another lead holds its email, its phone or one of its conversations.
   */
  put(record: LeadRecord): Promise<void>;
  /**
   * Read-modify-write of one lead, safe against every other writer (another request, another instance):
   * the edit sees the lead as last committed and no other write of it lands between the read and the
   * write. Returns the record as stored after the edit. AppError not_found when there is no such lead;
   * LeadConflictError, changing nothing, as for put.
   */
  update(id: string, edit: LeadEdit): Promise<LeadRecord>;
  /**
   * Each edit as `update` makes it, for several leads at once (the embedded engine writes their files
   * together, in one turn of its write queue, so that bookkeeping writes hold the chat's lead writes back
   * once, not once per lead). A lead that is gone is skipped; the first other failure is thrown once every
   * edit was tried.
   */
  updateMany(edits: ReadonlyMap<string, LeadEdit>): Promise<void>;
  /** Deletes the lead (and its conversations' links); AppError not_found when there is none. */
  remove(id: string): Promise<void>;
  /** The custom field labels of the matching leads (an export's columns, known before its first row). */
  fieldLabels(filter?: LeadScanFilter): Promise<FieldLabelCount[]>;
  /** Counts for statistics over the days `bounds` delimits (see LeadTally). */
  tally(bounds: readonly string[]): Promise<LeadTally>;
  /** When the oldest lead was created (ISO 8601), or undefined without leads. */
  firstCreatedAt(): Promise<string | undefined>;
}

/**
 * Runs `write` for every lead of `edits` at once; a lead that is gone (not_found) is skipped, and the first
 * other failure is thrown once all have settled (one lead's failure does not stop the others).
 */
export async function settleEach(
  edits: ReadonlyMap<string, LeadEdit>,
  write: (id: string, edit: LeadEdit) => Promise<unknown>,
): Promise<void> {
  const results = await Promise.allSettled([...edits].map(([id, edit]) => write(id, edit)));
  for (const r of results) {
    const gone = r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'not_found';
    if (r.status === 'rejected' && !gone) throw r.reason;
  }
}

/** Every conversation of a lead: those it records, and the one that created it. */
export function conversationIdsOf(record: LeadRecord): string[] {
  const ids = new Set(Object.keys(record.conversations));
  if (record.client_id) ids.add(record.client_id);
  return [...ids];
}
