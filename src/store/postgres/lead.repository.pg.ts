/**
 * Leads in PostgreSQL (schema: migrations/0001_initial.sql). The record is stored whole as a `json`
 * document; the columns beside it are what lists, filters, search and the unique rules need. `json`, not
 * `jsonb`: jsonb reorders object keys, and the order of a lead's `fields` and conversations is visible
 * (columns of an export, the admin view); we never query inside the document.
 *
 * A put is one transaction: upsert the lead (its unique email and phone indexes refuse a value another
 * lead holds, waiting for a racing writer to commit first), then claim its conversations (the client_id
 * primary key refuses one another lead holds). A refusal rolls everything back and becomes a
 * LeadConflictError naming the holder.
 *
 * Read-modify-write (update) locks the lead's row (SELECT ... FOR UPDATE) in the transaction that writes
 * it, so two instances changing one lead at once run one after the other and neither loses the other's
 * field: the edit is a pure function of the record (the lock is held for two round trips), and a waiting
 * writer queues instead of failing and redoing its work, as a revision compare-and-set would make it.
 */
import type { DatabaseError, QueryConfig } from 'pg';
import { AppError } from '../../infra/app-error.js';
import { query, withTransaction, type Pool, type PoolClient } from '../../infra/postgres.client.js';
import { haystack } from '../../leads/lead.store.js';
import { LEAD_STATUSES, type LeadRecord, type LeadStatus } from '../../leads/lead.types.js';
import {
  conversationIdsOf,
  exactCounts,
  LeadConflictError,
  settleEach,
  type FieldLabelCount,
  type LeadConflictField,
  type LeadEdit,
  type LeadListQuery,
  type LeadPage,
  type LeadRepository,
  type LeadScanFilter,
  type LeadSortKey,
  type LeadTally,
  type SortOrder,
  type StatusCounts,
} from '../lead.repository.js';

const ID_RE = /^[a-f0-9]{32}$/;
/** The bound of an export's statement that reads every lead (fieldLabels), instead of the pool's seconds. */
const EXPORT_STATEMENT_MS = 600_000;

/**
 * A search's `total` is exact up to this many matches; above it the list answers a lower bound
 * (totalExact false). Counting is what a broad term costs: every match found by the trigram index is only
 * a candidate, rechecked on its row (19,000 rows on 12,000 pages for a common surname at 1,000,000 leads).
 * Stopping after 1,001 rechecks keeps that to a few hundred pages; a bound of 10,000 measured about ten times
 * the work for terms that common (docs/benchmarks.md), and nobody pages through a thousand matches.
 */
export const EXACT_TOTAL_UP_TO = 1000;

export interface PostgresLeadRepositoryOptions {
  /** Leads read per round trip by scan (tests make it small to cross batch boundaries). */
  scanBatch?: number;
  /** A search's total is exact up to this many matches (tests make it small): EXACT_TOTAL_UP_TO. */
  exactTotalUpTo?: number;
}

interface DocRow {
  doc: LeadRecord;
}

/** A row of scan: the document (null when a q's match fails the other conditions) and its cursor. */
interface ScanRow {
  doc: LeadRecord | null;
  cursor_at: string;
  id: string;
}

/** One list page's query, q already turned into its LIKE pattern. */
interface PageQuery {
  status: LeadStatus | undefined;
  pattern: string | undefined;
  limit: number;
  offset: number;
  sort: LeadSortKey | undefined;
  order: SortOrder | undefined;
}

/** PostgreSQL text cannot hold NUL: the search text separates fields with U+001F instead. */
function searchText(record: LeadRecord): string {
  return haystack(record).replaceAll('\u0000', '\u001f');
}

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards in q taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The LIKE pattern of a list's `q` (trimmed, lower-cased), or undefined when there is no q. */
function searchPattern(q: string | undefined): string | undefined {
  const term = q?.trim().toLowerCase();
  return term ? containsPattern(term) : undefined;
}

/** Builds a WHERE clause from conditions, numbering their parameters in order. */
class Where {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  add(condition: string): void {
    this.parts.push(condition);
  }

  /** Adds `value` as the next parameter and returns its placeholder. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** `WHERE ...`, or nothing when there is no condition. */
  get sql(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }

  /** `sql` of the conditions added so far, which are then cleared (the parameters go on numbering). */
  take(): string {
    const sql = this.sql;
    this.parts.length = 0;
    return sql;
  }
}

/** The conditions of a search on lead_search's narrow rows: its status, if any, and its LIKE pattern, if any. */
function matchClause(status: LeadStatus | undefined, pattern: string | undefined, where = new Where()): Where {
  if (status) where.add(`status = ${where.param(status)}`);
  if (pattern) where.add(`search_text LIKE ${where.param(pattern)}`);
  return where;
}

function filterClause(filter: LeadScanFilter, where = new Where()): Where {
  if (filter.status) where.add(`status = ${where.param(filter.status)}`);
  const q = searchPattern(filter.q);
  if (q) where.add(`id IN (SELECT id FROM lead_search WHERE search_text LIKE ${where.param(q)})`);
  if (filter.changedIn) {
    const from = where.param(filter.changedIn.from);
    const before = where.param(filter.changedIn.before);
    where.add(
      `((created_at >= ${from} AND created_at < ${before}) OR (updated_at >= ${from} AND updated_at < ${before}))`,
    );
  }
  if (filter.followUp) where.add(`(status = 'follow_up' OR follow_up_at IS NOT NULL)`);
  if (filter.meetingStatus) {
    where.add(`doc->'meeting'->>'status' = ANY(${where.param([...filter.meetingStatus])}::text[])`);
  }
  if (filter.ids) where.add(`id = ANY(${where.param(filter.ids)}::text[])`);
  return where;
}

/**
 * What each sort key orders by. Text compares lower-cased in code-point order (COLLATE "C": the embedded
 * engine compares JavaScript strings), name and company from the document through expression indexes
 * (migration 0003); status in the pipeline's order.
 */
const SORT_EXPRESSIONS: Record<LeadSortKey, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  name: `(lower(doc->>'name') COLLATE "C")`,
  email: 'email COLLATE "C"',
  phone: 'phone COLLATE "C"',
  company: `(lower(doc->>'company') COLLATE "C")`,
  status: `array_position(ARRAY[${LEAD_STATUSES.map((st) => `'${st}'`).join(', ')}]::text[], status)`,
  source: 'source COLLATE "C"',
  follow_up_at: 'follow_up_at COLLATE "C"',
};

/** ORDER BY of a list: the key (missing values last either way), then newest created, then the higher id. */
function orderClause(sort: LeadSortKey = 'created_at', order: SortOrder = 'desc'): string {
  if (sort === 'created_at') return order === 'asc' ? 'created_at ASC, id DESC' : 'created_at DESC, id DESC';
  return `${SORT_EXPRESSIONS[sort]} ${order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, created_at DESC, id DESC`;
}

/**
 * The total of a page of a search matching more leads than `bound`: a lower bound (at least the bound, and
 * every lead up to this page), except on the last page, which tells the exact number (a page not full
 * after some leads); an empty page past the end knows only the bound.
 */
function pastTheBound(bound: number, offset: number, limit: number, shown: number): Omit<LeadPage, 'leads'> {
  if (shown === 0) return { total: bound, totalExact: false };
  if (shown < limit) return { total: offset + shown, totalExact: true };
  return { total: Math.max(bound, offset + shown), totalExact: false };
}

/** Transactions PostgreSQL aborted to break a deadlock (or a serialization failure): safe to run again. */
const TRANSIENT_STATES = new Set(['40P01', '40001']);
const WRITE_ATTEMPTS = 4;

function isTransient(err: unknown): boolean {
  const cause = err instanceof AppError ? err.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_STATES.has(code);
}

/** The unique index a violation names, as the field it protects. */
const CONFLICT_FIELDS: Record<string, LeadConflictField> = {
  leads_email_key: 'email',
  leads_phone_key: 'phone',
};

export class PostgresLeadRepository implements LeadRepository {
  private readonly scanBatch: number;
  private readonly exactTotalUpTo: number;

  constructor(
    private readonly pool: Pool,
    options: PostgresLeadRepositoryOptions = {},
  ) {
    this.scanBatch = options.scanBatch ?? 1000;
    this.exactTotalUpTo = options.exactTotalUpTo ?? EXACT_TOTAL_UP_TO;
  }

  async get(id: string): Promise<LeadRecord | undefined> {
    if (!ID_RE.test(id)) return undefined;
    const rows = await query<DocRow>(this.pool, 'SELECT doc FROM leads WHERE id = $1', [id]);
    return rows[0]?.doc;
  }

  async findByClientId(clientId: string): Promise<LeadRecord | undefined> {
    const rows = await query<DocRow>(
      this.pool,
      'SELECT l.doc FROM lead_conversations c JOIN leads l ON l.id = c.lead_id WHERE c.client_id = $1',
      [clientId],
    );
    return rows[0]?.doc;
  }

  findByEmail(email: string): Promise<LeadRecord | undefined> {
    return this.findByContact('email', email);
  }

  findByPhone(phone: string): Promise<LeadRecord | undefined> {
    return this.findByContact('phone', phone);
  }

  /** The lead whose own value it is (unique), else the latest updated lead a conversation gave it to. */
  private async findByContact(column: 'email' | 'phone', value: string): Promise<LeadRecord | undefined> {
    const rows = await query<DocRow>(
      this.pool,
      `SELECT doc FROM (
         SELECT doc, 0 AS rank, updated_at, id FROM leads WHERE ${column} = $1
         UNION ALL
         (SELECT l.doc, 1, l.updated_at, l.id FROM lead_conversations c JOIN leads l ON l.id = c.lead_id
           WHERE c.${column} = $1 ORDER BY l.updated_at DESC, l.id DESC LIMIT 1)
       ) found ORDER BY rank LIMIT 1`,
      [value],
    );
    return rows[0]?.doc;
  }

  async list({ status, q, limit, offset, sort, order }: LeadListQuery): Promise<LeadPage> {
    const pattern = searchPattern(q);
    const page: PageQuery = { status, pattern, limit, offset, sort, order };
    const byCreated = (sort ?? 'created_at') === 'created_at';
    if (!pattern) {
      const [leads, total] = await Promise.all([
        byCreated ? this.pageByCreated(page) : this.pageSorted(page),
        this.count(status),
      ]);
      return { leads, total, totalExact: true };
    }
    const bound = this.exactTotalUpTo;
    if (byCreated) {
      const few = await this.pageOfFew(page, bound);
      if (few) return { ...few, totalExact: true };
      // More matches than the bound: common enough that walking the order's index finds the page soon.
      const leads = await this.pageByCreated(page);
      return { leads, ...pastTheBound(bound, offset, limit, leads.length) };
    }
    const [leads, counted] = await Promise.all([this.pageSorted(page), this.countUpTo(status, pattern, bound + 1)]);
    return counted <= bound
      ? { leads, total: counted, totalExact: true }
      : { leads, ...pastTheBound(bound, offset, limit, leads.length) };
  }

  /**
   * A search's page when it matches at most `bound` leads, in one statement: the matches are gathered
   * through the trigram index (each candidate rechecked), no more than bound + 1 of them, then counted and
   * sorted for the page. Undefined when there are more: the gathered ones are then only some of them.
   * The index is read once for the count and the page (twice before: the count, then the page).
   */
  private async pageOfFew(page: PageQuery, bound: number): Promise<{ leads: LeadRecord[]; total: number } | undefined> {
    const where = matchClause(page.status, page.pattern);
    const first = page.order === 'asc' ? 'ASC' : 'DESC';
    const most = where.param(bound + 1);
    const rows = await query<{ n: string; doc: LeadRecord | null }>(
      this.pool,
      `WITH matches AS MATERIALIZED (SELECT id, created_at FROM lead_search ${where.sql} LIMIT ${most}),
       counted AS (SELECT count(*) AS n FROM matches),
       page AS MATERIALIZED (
         SELECT id, created_at FROM matches WHERE (SELECT n FROM counted) <= ${where.param(bound)}
         ORDER BY created_at ${first}, id DESC LIMIT ${where.param(page.limit)} OFFSET ${where.param(page.offset)}
       )
       SELECT counted.n, l.doc FROM counted
         LEFT JOIN (page JOIN leads l ON l.id = page.id) ON true
       ORDER BY page.created_at ${first}, page.id DESC`,
      where.values,
    );
    const total = Number(rows[0]?.n ?? 0);
    if (total > bound) return undefined;
    return { leads: rows.flatMap((r) => (r.doc ? [r.doc] : [])), total };
  }

  /**
   * A page in creation order (the list's default), found on narrow rows before any document is read: the
   * ids come from an index-only scan of (created_at, id) or (status, created_at, id), or, for a q matching
   * many leads, from walking lead_search newest first until the page is full (about (offset + limit) x
   * leads / matches rows read), so a deep OFFSET skips index entries rather than whole leads; then 20 or
   * so documents are fetched by id.
   */
  private async pageByCreated(page: PageQuery): Promise<LeadRecord[]> {
    const where = matchClause(page.status, page.pattern);
    const first = page.order === 'asc' ? 'ASC' : 'DESC';
    const table = page.pattern ? 'lead_search' : 'leads';
    const rows = await query<DocRow>(
      this.pool,
      `WITH page AS MATERIALIZED (
         SELECT id, created_at FROM ${table} ${where.sql}
         ORDER BY created_at ${first}, id DESC LIMIT ${where.param(page.limit)} OFFSET ${where.param(page.offset)}
       )
       SELECT l.doc FROM page JOIN leads l ON l.id = page.id ORDER BY page.created_at ${first}, page.id DESC`,
      where.values,
    );
    return rows.map((r) => r.doc);
  }

  /** A page in another order (name, company...): sorted on the leads themselves, through their sort indexes. */
  private async pageSorted(page: PageQuery): Promise<LeadRecord[]> {
    const where = new Where();
    if (page.status) where.add(`status = ${where.param(page.status)}`);
    if (page.pattern)
      where.add(`id IN (SELECT id FROM lead_search WHERE search_text LIKE ${where.param(page.pattern)})`);
    const rows = await query<DocRow>(
      this.pool,
      `SELECT doc FROM leads ${where.sql} ORDER BY ${orderClause(page.sort, page.order)}
       LIMIT ${where.param(page.limit)} OFFSET ${where.param(page.offset)}`,
      where.values,
    );
    return rows.map((r) => r.doc);
  }

  /** From the trigger-kept counters: no counting of a million rows. */
  private async count(status: LeadStatus | undefined): Promise<number> {
    const rows = await query<{ n: string | null }>(
      this.pool,
      status ? 'SELECT n FROM lead_counts WHERE status = $1' : 'SELECT sum(n) AS n FROM lead_counts',
      status ? [status] : [],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * How many leads match, counting no further than `most`: on the narrow lead_search rows, the trigram
   * index's candidates rechecked until `most` have matched (the page of candidates it read, not all).
   */
  private async countUpTo(status: LeadStatus | undefined, pattern: string, most: number): Promise<number> {
    const where = matchClause(status, pattern);
    const rows = await query<{ n: string }>(
      this.pool,
      `SELECT count(*) AS n FROM (SELECT 1 FROM lead_search ${where.sql} LIMIT ${where.param(most)}) matches`,
      where.values,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async clientIdsMatching(q: string): Promise<string[]> {
    const pattern = searchPattern(q);
    if (!pattern) return [];
    const rows = await query<{ client_id: string }>(
      this.pool,
      'SELECT c.client_id FROM lead_search s JOIN lead_conversations c ON c.lead_id = s.id WHERE s.search_text LIKE $1',
      [pattern],
    );
    return rows.map((r) => r.client_id);
  }

  /**
   * Without q, exact from the trigger-kept counters. With q, counted like a search's total: the statuses of
   * at most bound + 1 matches (the trigram index's candidates rechecked until that many matched), so the
   * counts are exact when the search matches at most the bound, else lower bounds. An exact count per
   * status up to the bound would read every match of a broad term whenever one status is rare among them
   * (a common surname's 19,000 matches: 37-146 ms at 1,000,000 leads, docs/benchmarks.md).
   */
  async countByStatus(q?: string): Promise<StatusCounts> {
    const counts = Object.fromEntries(LEAD_STATUSES.map((st) => [st, 0])) as Record<LeadStatus, number>;
    const pattern = searchPattern(q);
    const bound = this.exactTotalUpTo;
    const rows = pattern
      ? await query<{ status: LeadStatus; n: string }>(
          this.pool,
          `SELECT status, count(*) AS n FROM (SELECT status FROM lead_search WHERE search_text LIKE $1 LIMIT $2) m
           GROUP BY status`,
          [pattern, bound + 1],
        )
      : await query<{ status: LeadStatus; n: string }>(this.pool, 'SELECT status, n FROM lead_counts');
    for (const row of rows) if (row.status in counts) counts[row.status] = Number(row.n);
    const exact = exactCounts(counts);
    if (!pattern || exact.total <= bound) return exact;
    // Past the bound: at least this many of each (none said above the bound, as for the total).
    for (const st of LEAD_STATUSES) counts[st] = Math.min(counts[st], bound);
    return { counts, total: bound, exact: false };
  }

  /**
   * Keyset pages ((created_at, id) after the last one read): no open transaction, no OFFSET cost. The
   * next batch is asked for while the caller works on this one (an export formats rows as fast as the
   * database sends them: one waiting for the other doubled its time).
   */
  async *scan(filter: LeadScanFilter = {}): AsyncIterableIterator<LeadRecord> {
    const batch = searchPattern(filter.q) ? this.searchBatch(filter) : this.leadBatch(filter);
    let pending: Promise<ScanRow[]> | undefined = batch(undefined);
    try {
      while (pending) {
        const rows: ScanRow[] = await pending;
        const last = rows[rows.length - 1];
        pending = rows.length < this.scanBatch || !last ? undefined : batch(last);
        // A caller that stops early leaves the next batch unread: its failure is of no interest then.
        pending?.catch(() => undefined);
        for (const row of rows) if (row.doc) yield row.doc;
      }
    } finally {
      await pending?.catch(() => undefined);
    }
  }

  /** scan's batch reader without q: the leads after the cursor, straight from the (created_at, id) index. */
  private leadBatch(filter: LeadScanFilter): (after: ScanRow | undefined) => Promise<ScanRow[]> {
    return (after) => {
      const where = filterClause(filter);
      if (after) where.add(`(created_at, id) > (${where.param(after.cursor_at)}, ${where.param(after.id)})`);
      // The cursor's time as text (microseconds kept), named apart from the column: ORDER BY created_at
      // must sort by the indexed column, not by an output column of the same name.
      return query<ScanRow>(
        this.pool,
        `SELECT doc, created_at::text AS cursor_at, id FROM leads ${where.sql}
         ORDER BY created_at, id LIMIT ${where.param(this.scanBatch)}`,
        where.values,
      );
    };
  }

  /**
   * scan's batch reader with a q: keyset pages of lead_search's matches (one walk of its (created_at, id)
   * index for a common term, the trigram index for a rare one), each match's document read by id under
   * the filter's other conditions (null when it fails them; the cursor moves on either way).
   */
  private searchBatch(filter: LeadScanFilter): (after: ScanRow | undefined) => Promise<ScanRow[]> {
    return (after) => {
      const where = matchClause(filter.status, searchPattern(filter.q));
      if (after) where.add(`(created_at, id) > (${where.param(after.cursor_at)}, ${where.param(after.id)})`);
      const matches = where.take();
      const limit = where.param(this.scanBatch);
      const rest = filterClause({ ...filter, q: undefined, status: undefined }, where).take();
      return query<ScanRow>(
        this.pool,
        `SELECT s.cursor_at, s.id,
           (SELECT doc FROM leads ${rest ? `${rest} AND` : 'WHERE'} id = s.id) AS doc
         FROM (SELECT id, created_at, created_at::text AS cursor_at FROM lead_search ${matches}
               ORDER BY created_at, id LIMIT ${limit}) s
         ORDER BY s.created_at, s.id`,
        where.values,
      );
    };
  }

  async put(record: LeadRecord): Promise<void> {
    await this.transaction((client) => this.write(client, record));
  }

  async update(id: string, edit: LeadEdit): Promise<LeadRecord> {
    if (!ID_RE.test(id)) throw new AppError('not_found', 'No such lead');
    // The edit's own failure (a rule of the caller's) comes out as it was thrown, not as a database error.
    let refused: { err: unknown } | undefined;
    try {
      return await this.transaction(async (client) => {
        const rows = await client.query<DocRow>('SELECT doc FROM leads WHERE id = $1 FOR UPDATE', [id]);
        const current = rows.rows[0]?.doc;
        if (!current) throw new AppError('not_found', 'No such lead');
        let next: LeadRecord | undefined;
        try {
          next = edit(structuredClone(current));
        } catch (err) {
          refused = { err };
          throw err;
        }
        if (!next) return current;
        if (next.id !== id) throw new Error('an edit must keep the lead id');
        await this.write(client, next);
        return next;
      });
    } catch (err) {
      if (refused) throw refused.err;
      throw err;
    }
  }

  /** One transaction per lead, at once (the pool bounds how many run together). */
  updateMany(edits: ReadonlyMap<string, LeadEdit>): Promise<void> {
    return settleEach(edits, (id, edit) => this.update(id, edit));
  }

  /**
   * A write transaction, run again when PostgreSQL aborted it to break a deadlock (two writers taking
   * the same rows in opposite orders, e.g. a lead's counter row and a conversation another writer
   * claims); a conflict comes out naming the lead that holds the value.
   */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTransaction(this.pool, work);
      } catch (err) {
        if (err instanceof LeadConflictError && err.leadId === null) throw await this.withHolder(err);
        if (attempt >= WRITE_ATTEMPTS || !isTransient(err)) throw err;
      }
    }
  }

  private async write(client: PoolClient, record: LeadRecord): Promise<void> {
    try {
      await client.query(
        `INSERT INTO leads (id, doc, created_at, updated_at, status, source, email, phone, follow_up_at, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, created_at = EXCLUDED.created_at,
           updated_at = EXCLUDED.updated_at, status = EXCLUDED.status, source = EXCLUDED.source,
           email = EXCLUDED.email, phone = EXCLUDED.phone, follow_up_at = EXCLUDED.follow_up_at,
           search_text = EXCLUDED.search_text`,
        [
          record.id,
          JSON.stringify(record),
          record.created_at,
          record.updated_at,
          record.status,
          record.source,
          record.email,
          record.phone,
          record.follow_up_at,
          searchText(record),
        ],
      );
    } catch (err) {
      const field = CONFLICT_FIELDS[(err as DatabaseError).constraint ?? ''];
      if ((err as DatabaseError).code === '23505' && field) {
        throw new LeadConflictError(field, record[field] ?? '', null);
      }
      throw err;
    }
    const clientIds = conversationIdsOf(record);
    const details = clientIds.map((id) => record.conversations[id]);
    // Claims each conversation for this lead; a conversation another lead holds is left as it is (the
    // WHERE of DO UPDATE fails) and so missing from RETURNING.
    const claimed = await client.query<{ client_id: string }>(
      `INSERT INTO lead_conversations (client_id, lead_id, email, phone)
       SELECT t.client_id, $1, t.email, t.phone FROM unnest($2::text[], $3::text[], $4::text[]) AS t(client_id, email, phone)
       ON CONFLICT (client_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone
         WHERE lead_conversations.lead_id = EXCLUDED.lead_id
       RETURNING client_id`,
      [record.id, clientIds, details.map((d) => d?.email ?? null), details.map((d) => d?.phone ?? null)],
    );
    if (claimed.rows.length < clientIds.length) {
      const mine = new Set(claimed.rows.map((r) => r.client_id));
      const taken = clientIds.find((id) => !mine.has(id)) ?? '';
      const holder = await client.query<{ lead_id: string }>(
        'SELECT lead_id FROM lead_conversations WHERE client_id = $1',
        [taken],
      );
      throw new LeadConflictError('client_id', taken, holder.rows[0]?.lead_id ?? null);
    }
    await client.query('DELETE FROM lead_conversations WHERE lead_id = $1 AND NOT (client_id = ANY($2::text[]))', [
      record.id,
      clientIds,
    ]);
  }

  /** The conflict again, naming the lead that holds the value (read after the failed transaction ended). */
  private async withHolder(err: LeadConflictError): Promise<LeadConflictError> {
    const column = err.field === 'phone' ? 'phone' : 'email';
    const rows = await query<{ id: string }>(this.pool, `SELECT id FROM leads WHERE ${column} = $1`, [err.value]);
    return new LeadConflictError(err.field, err.value, rows[0]?.id ?? null);
  }

  /**
   * Each label with the number of matching leads having it, ordered by where it first appears: the
   * oldest lead having it (created_at, id), then its place among that lead's fields (json keeps the
   * order the document was written in). One hash aggregate, no sort of every (lead, label) pair: "where
   * it first appears" is the least of a fixed-width text key (the time to the microsecond in UTC, the
   * 32-character id, the place), so min() finds it while counting.
   */
  async fieldLabels(filter: LeadScanFilter = {}): Promise<FieldLabelCount[]> {
    const where = filterClause(filter);
    const text = `SELECT k.label, count(*)::int AS leads,
         min(to_char(created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || id || lpad(k.ord::text, 10, '0')
           COLLATE "C") AS first_seen
       FROM leads, json_object_keys(doc->'fields') WITH ORDINALITY AS k(label, ord) ${where.sql}
       GROUP BY k.label ORDER BY first_seen`;
    // Every matching lead's document is read: at 1,000,000 leads that takes longer than a request's
    // statement timeout, so this one statement (an export's, before its first row) gets its own bound.
    // Without JIT: the planner guesses 100 labels a lead and compiles the statement (0.6 s at 100,000 leads).
    return withTransaction(this.pool, async (client) => {
      await client.query(`SET LOCAL statement_timeout = ${EXPORT_STATEMENT_MS}`);
      await client.query('SET LOCAL jit = off');
      // pg reads a query's own client-side timeout from its config (not in its type definitions).
      const config: QueryConfig & { query_timeout: number } = {
        text,
        values: where.values,
        query_timeout: EXPORT_STATEMENT_MS + 1000,
      };
      const result = await client.query<FieldLabelCount & { first_seen: string }>(config);
      return result.rows.map(({ label, leads }) => ({ label, leads }));
    });
  }

  /**
   * Leads per day from the created_at index (width_bucket finds the day among the bounds). Meetings
   * live in the document only, so that count reads every lead's document: a statistics page's cost,
   * not a request's.
   */
  async tally(bounds: readonly string[]): Promise<LeadTally> {
    if (bounds.length < 2) return { created: [], meetings: [] };
    const from = bounds[0];
    const before = bounds[bounds.length - 1];
    const [created, meetings] = await Promise.all([
      query<LeadTally['created'][number]>(
        this.pool,
        `SELECT width_bucket(created_at, $1::timestamptz[]) - 1 AS day, status, source, count(*)::int AS leads
         FROM leads WHERE created_at >= $2 AND created_at < $3 GROUP BY 1, 2, 3`,
        [bounds, from, before],
      ),
      query<LeadTally['meetings'][number]>(
        this.pool,
        `SELECT doc->'meeting'->>'status' AS status, count(*)::int AS meetings FROM leads
         WHERE json_typeof(doc->'meeting') = 'object'
           AND (doc->'meeting'->>'start')::timestamptz >= $1 AND (doc->'meeting'->>'start')::timestamptz < $2
         GROUP BY 1`,
        [from, before],
      ),
    ]);
    return { created, meetings };
  }

  async firstCreatedAt(): Promise<string | undefined> {
    const rows = await query<{ created_at: Date }>(
      this.pool,
      'SELECT created_at FROM leads ORDER BY created_at, id LIMIT 1',
    );
    return rows[0]?.created_at.toISOString();
  }

  async remove(id: string): Promise<void> {
    const rows = ID_RE.test(id)
      ? await query<{ id: string }>(this.pool, 'DELETE FROM leads WHERE id = $1 RETURNING id', [id])
      : [];
    if (rows.length === 0) throw new AppError('not_found', 'No such lead');
  }
}
