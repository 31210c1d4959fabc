/**
 * The embedded engine of LeadRepository: today's LeadStore (JSON files under DATA_DIR, one process) behind
 * the async interface, so the services can use one interface whatever the engine. It adds what the
 * interface promises and the file store leaves to its callers: puts and removes run one at a time, and a
 * put refuses an email, phone or conversation another lead holds (LeadConflictError), like PostgreSQL's
 * unique indexes.
 */
import { AppError } from '../../infra/app-error.js';
import { KeyedSerializer } from '../../infra/keyed-serializer.js';
import { keyKind, type LeadIndexEntry, type LeadStore } from '../../leads/lead.store.js';
import type { LeadRecord } from '../../leads/lead.types.js';
import {
  conversationIdsOf,
  exactCounts,
  LeadConflictError,
  settleEach,
  type FieldLabelCount,
  type LeadEdit,
  type LeadListQuery,
  type LeadPage,
  type LeadTally,
  type LeadRepository,
  type LeadScanFilter,
  type StatusCounts,
} from '../lead.repository.js';

function matchesFilter(filter: LeadScanFilter): (e: LeadIndexEntry) => boolean {
  const q = filter.q?.trim().toLowerCase();
  const range = filter.changedIn && {
    from: Date.parse(filter.changedIn.from),
    before: Date.parse(filter.changedIn.before),
  };
  const inRange = (iso: string) => {
    const t = Date.parse(iso);
    return range !== undefined && t >= range.from && t < range.before;
  };
  const ids = filter.ids && new Set(filter.ids);
  return (e) =>
    (!ids || ids.has(e.id)) &&
    (!filter.status || e.status === filter.status) &&
    (!q || e.text.includes(q)) &&
    (!range || inRange(e.created_at) || inRange(e.updated_at)) &&
    (!filter.followUp || e.status === 'follow_up' || e.follow_up_at !== null) &&
    (!filter.meetingStatus || (e.meeting ? filter.meetingStatus.includes(e.meeting.status) : false));
}

/** The index of the bucket of `bounds` holding `ms`, or -1 outside (binary search: leads are many, days few). */
function bucketOf(bounds: readonly number[], ms: number): number {
  const last = bounds.length - 1;
  if (last < 1 || !(ms >= bounds[0]!) || ms >= bounds[last]!) return -1;
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class EmbeddedLeadRepository implements LeadRepository {
  private readonly writes = new KeyedSerializer();

  constructor(private readonly store: LeadStore) {}

  get(id: string): Promise<LeadRecord | undefined> {
    return Promise.resolve(this.store.get(id));
  }

  findByClientId(clientId: string): Promise<LeadRecord | undefined> {
    return Promise.resolve(this.store.findByClientId(clientId));
  }

  findByEmail(email: string): Promise<LeadRecord | undefined> {
    const found = this.store.findByEmail(email);
    return Promise.resolve(found && found.email !== email ? (this.ownerOf('email', email) ?? found) : found);
  }

  findByPhone(phone: string): Promise<LeadRecord | undefined> {
    const found = this.store.findByPhone(phone);
    return Promise.resolve(found && found.phone !== phone ? (this.ownerOf('phone', phone) ?? found) : found);
  }

  /**
   * The lead whose own email (phone) this is. The file store's lookup maps hold conversations' values too
   * and point at the last lead written with one, so when that lead holds it only in a conversation, look
   * for the owner among the leads holding it anywhere (a scan of the in-memory index; rare).
   */
  private ownerOf(field: 'email' | 'phone', value: string): LeadRecord | undefined {
    for (const record of this.store.values((e) => e.keys.includes(value))) {
      if (record[field] === value) return record;
    }
    return undefined;
  }

  /** Every match is in memory: the total is always exact. */
  list(query: LeadListQuery): Promise<LeadPage> {
    return Promise.resolve({ ...this.store.list(query), totalExact: true });
  }

  /** From the in-memory index: each entry keeps its search text and its conversations' ids. */
  clientIdsMatching(q: string): Promise<string[]> {
    const matches = matchesFilter({ q });
    const ids: string[] = [];
    for (const e of this.store.entriesInOrder()) {
      if (matches(e)) for (const key of e.keys) if (keyKind(key) === 'client') ids.push(key);
    }
    return Promise.resolve(ids);
  }

  countByStatus(q?: string): Promise<StatusCounts> {
    return Promise.resolve(exactCounts(this.store.countByStatus(q)));
  }

  scan(filter: LeadScanFilter = {}): AsyncIterable<LeadRecord> {
    return this.store.scan(matchesFilter(filter));
  }

  put(record: LeadRecord): Promise<void> {
    return this.writes.run('leads', async () => {
      await this.assertFree(record);
      await this.store.put(record);
    });
  }

  /** Writes run one at a time in this process (the only one on its DATA_DIR): no write lands in between. */
  update(id: string, edit: LeadEdit): Promise<LeadRecord> {
    return this.writes.run('leads', () => this.applyEdit(id, edit));
  }

  /** In one turn of the write queue: the files of distinct leads, whose syncs overlap. */
  updateMany(edits: ReadonlyMap<string, LeadEdit>): Promise<void> {
    return this.writes.run('leads', () => settleEach(edits, (id, edit) => this.applyEdit(id, edit)));
  }

  /** An edit inside the write queue (update, updateMany). */
  private async applyEdit(id: string, edit: LeadEdit): Promise<LeadRecord> {
    const current = this.store.get(id);
    if (!current) throw new AppError('not_found', 'No such lead');
    // The store's record is shared (its cache): the edit gets a copy.
    const next = edit(structuredClone(current));
    if (!next) return current;
    await this.assertFree(next);
    await this.store.put(next);
    return next;
  }

  remove(id: string): Promise<void> {
    return this.writes.run('leads', () => this.store.remove(id));
  }

  /** From the in-memory index (each entry keeps its labels): no record is read. */
  fieldLabels(filter: LeadScanFilter = {}): Promise<FieldLabelCount[]> {
    const matches = matchesFilter(filter);
    const counts = new Map<string, number>();
    for (const e of this.store.entriesInOrder()) {
      if (!matches(e)) continue;
      for (const label of e.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return Promise.resolve([...counts].map(([label, leads]) => ({ label, leads })));
  }

  tally(bounds: readonly string[]): Promise<LeadTally> {
    const ms = bounds.map((b) => Date.parse(b));
    const created = new Map<string, LeadTally['created'][number]>();
    const meetings = new Map<string, LeadTally['meetings'][number]>();
    for (const e of this.store.entriesInOrder()) {
      const day = bucketOf(ms, Date.parse(e.created_at));
      if (day >= 0) {
        const key = `${day} ${e.status} ${e.source}`;
        const row = created.get(key) ?? { day, status: e.status, source: e.source, leads: 0 };
        row.leads += 1;
        created.set(key, row);
      }
      if (e.meeting && bucketOf(ms, Date.parse(e.meeting.start)) >= 0) {
        const row = meetings.get(e.meeting.status) ?? { status: e.meeting.status, meetings: 0 };
        row.meetings += 1;
        meetings.set(e.meeting.status, row);
      }
    }
    return Promise.resolve({ created: [...created.values()], meetings: [...meetings.values()] });
  }

  firstCreatedAt(): Promise<string | undefined> {
    return Promise.resolve(this.store.entriesInOrder()[0]?.created_at);
  }

  /** Refuses what another lead holds, in the order PostgreSQL checks: email, phone, then conversations. */
  private async assertFree(record: LeadRecord): Promise<void> {
    for (const field of ['email', 'phone'] as const) {
      const value = record[field];
      if (!value) continue;
      const holder = await (field === 'email' ? this.findByEmail(value) : this.findByPhone(value));
      if (holder && holder.id !== record.id && holder[field] === value) {
        throw new LeadConflictError(field, value, holder.id);
      }
    }
    for (const clientId of conversationIdsOf(record)) {
      const holder = this.store.findByClientId(clientId);
      if (holder && holder.id !== record.id) throw new LeadConflictError('client_id', clientId, holder.id);
    }
  }
}
