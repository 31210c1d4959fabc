/**
 * Leads as JSON files: DATA_DIR/leads/<first two hex chars of id>/<id>.json, one file per lead, each
 * written atomically (temp + fsync + rename + directory fsync). Memory holds only a compact index (id,
 * dates, status, search text, and the client_id/email/phone maps) built at start-up; records are read
 * from their file when needed, with a small cache. So a write costs one small file whatever the number
 * of leads, lists and searches scan a flat array, and memory stays small at 100,000 leads. The index
 * changes only after a write is durable, so a failed write leaves both disk and index as they were.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFile, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LRUCache } from 'lru-cache';
import { AppError } from '../infra/app-error.js';
import type { LeadListQuery, LeadSortKey } from '../store/lead.repository.js';
import { makePrivateDir, syncDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type LeadMeeting,
  type LeadRecord,
  type LeadSource,
  type LeadStatus,
} from './lead.types.js';

const ID_RE = /^[a-f0-9]{32}$/;

export type LeadQuery = LeadListQuery;

export function newLeadId(): string {
  return randomBytes(16).toString('hex');
}

/** What `q` searches: name, email, phone, company and notes, lower-cased, NUL-separated. */
export function haystack(lead: LeadRecord): string {
  return [lead.name, lead.email, lead.phone, lead.company, lead.notes]
    .filter((v): v is string => typeof v === 'string')
    .join('\u0000')
    .toLowerCase();
}

/** Every email and phone a lead holds (its own and each conversation's), for merging by contact. */
function contactKeys(lead: LeadRecord): { emails: Set<string>; phones: Set<string> } {
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const d of [lead, ...Object.values(lead.conversations)]) {
    if (d.email) emails.add(d.email);
    if (d.phone) phones.add(d.phone);
  }
  return { emails, phones };
}

/**
 * What the index keeps of a lead: enough to list, filter, search and find, not the record itself. Kept
 * small (it is most of the server's memory at 100,000 leads): repeated values are shared (see compact).
 */
export interface LeadIndexEntry {
  id: string;
  created_at: string;
  updated_at: string;
  status: LeadStatus;
  source: LeadSource;
  follow_up_at: string | null;
  /** Captured field labels, so an export can write its header before reading any record. */
  labels: readonly string[];
  text: string;
  /** Its client ids, emails (they hold '@') and E.164 phones (they start with '+'), for the lookup maps. */
  keys: readonly string[];
  /** The lead's meeting, for statistics without reading every record (absent in older snapshots). */
  meeting?: { status: LeadMeeting['status']; start: string } | null;
  /** Its own name, email, phone and company, lower-cased, for sorting the list by them. */
  sort: readonly [string | null, string | null, string | null, string | null];
}

const STATUS_NAMES = new Map<string, LeadStatus>(LEAD_STATUSES.map((s) => [s, s]));
const SOURCE_NAMES = new Map<string, LeadSource>(LEAD_SOURCES.map((s) => [s, s]));
/** One shared array per distinct set of labels: most leads have the same few. */
const LABEL_SETS = new Map<string, readonly string[]>();
const NO_LABELS: readonly string[] = Object.freeze([]);

function shareLabels(labels: readonly string[]): readonly string[] {
  if (labels.length === 0) return NO_LABELS;
  const key = labels.join('\u0000');
  let shared = LABEL_SETS.get(key);
  if (!shared) {
    shared = Object.freeze([...labels]);
    if (LABEL_SETS.size < 10_000) LABEL_SETS.set(key, shared);
  }
  return shared;
}

/** Shares repeated values (statuses, label sets, equal dates) instead of one copy per lead. */
function compact(e: LeadIndexEntry): LeadIndexEntry {
  return {
    id: e.id,
    created_at: e.created_at,
    updated_at: e.updated_at === e.created_at ? e.created_at : e.updated_at,
    status: STATUS_NAMES.get(e.status) ?? e.status,
    source: SOURCE_NAMES.get(e.source) ?? e.source,
    follow_up_at: e.follow_up_at,
    labels: shareLabels(e.labels),
    text: e.text,
    keys: e.keys,
    meeting: e.meeting ?? null,
    sort: e.sort,
  };
}

function toEntry(r: LeadRecord): LeadIndexEntry {
  const { emails, phones } = contactKeys(r);
  const clientIds = new Set(Object.keys(r.conversations));
  if (r.client_id) clientIds.add(r.client_id);
  return compact({
    id: r.id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    status: r.status,
    source: r.source,
    follow_up_at: r.follow_up_at,
    labels: Object.keys(r.fields),
    text: haystack(r),
    keys: [...clientIds, ...emails, ...phones],
    meeting: r.meeting ? { status: r.meeting.status, start: r.meeting.start } : null,
    sort: [lower(r.name), lower(r.email), lower(r.phone), lower(r.company)],
  });
}

function lower(value: string | null): string | null {
  return value ? value.toLowerCase() : null;
}

const SORT_COLUMNS: Partial<Record<LeadSortKey, number>> = { name: 0, email: 1, phone: 2, company: 3 };
const STATUS_RANK = new Map<string, number>(LEAD_STATUSES.map((s, i) => [s, i]));

/** The value an entry sorts by (null: it has none, and comes last whatever the direction). */
function sortValue(e: LeadIndexEntry, key: LeadSortKey): string | number | null {
  const column = SORT_COLUMNS[key];
  if (column !== undefined) return e.sort[column] ?? null;
  if (key === 'status') return STATUS_RANK.get(e.status) ?? null;
  if (key === 'source' || key === 'created_at' || key === 'updated_at' || key === 'follow_up_at') return e[key];
  return null;
}

/** Compares by `key` in `order` (values missing last), then newest created first, then the higher id. */
function entryComparator(key: LeadSortKey, order: 'asc' | 'desc'): (a: LeadIndexEntry, b: LeadIndexEntry) => number {
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  };
}

/** Which lookup map a key belongs to: client ids never hold '@' or '+'. */
export function keyKind(key: string): 'email' | 'phone' | 'client' {
  if (key.includes('@')) return 'email';
  return key.startsWith('+') ? 'phone' : 'client';
}

/** The callback readFile, promisified: about 2.5x less CPU per small file than fs/promises' readFile. */
const readFileText = promisify(readFile);

const CACHE_SIZE = 2000;
const SNAPSHOT_FILE = 'index.snapshot.json';
const SNAPSHOT_VERSION = 4; // 3: entries carry the meeting; 4: and their sort values

interface IndexSnapshot {
  version: number;
  entries: LeadIndexEntry[];
}

export class LeadStore {
  private readonly entries = new Map<string, LeadIndexEntry>();
  private readonly byClientId = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  /** Index entries, oldest first (newest-first lists walk it backwards). */
  private order: LeadIndexEntry[] = [];
  /** Recently read or written records (Map keeps insertion order: the oldest is evicted first). */
  private readonly cache = new LRUCache<string, LeadRecord>({ max: CACHE_SIZE });
  private mutations = 0;
  private snapshotOnDisk = false;

  private constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string, logger: Logger): Promise<LeadStore> {
    const store = new LeadStore(path.join(dataDir, 'leads'), logger);
    await makePrivateDir(store.dir);
    if (!(await store.loadSnapshot())) store.load();
    return store;
  }

  private get snapshotFile(): string {
    return path.join(this.dir, SNAPSHOT_FILE);
  }

  /**
   * Writes the index for a fast next start. Only at a clean shutdown, after the last write: start-up
   * deletes the snapshot before serving, so after a crash there is none and every file is read.
   */
  async saveSnapshot(): Promise<void> {
    const taken = this.mutations;
    const snapshot: IndexSnapshot = { version: SNAPSHOT_VERSION, entries: this.order };
    await writeFileAtomic(this.snapshotFile, JSON.stringify(snapshot), { mode: 0o600 });
    if (this.mutations !== taken) {
      this.dropSnapshot(); // a write landed meanwhile: the snapshot is already stale
      return;
    }
    this.snapshotOnDisk = true;
    this.logger.info({ leads: this.order.length }, 'lead index snapshot saved');
  }

  /** Any change after a snapshot makes it stale: remove it so the next start reads every file. */
  private noteMutation(): void {
    this.mutations += 1;
    if (this.snapshotOnDisk) this.dropSnapshot();
  }

  private dropSnapshot(): void {
    this.snapshotOnDisk = false;
    try {
      unlinkSync(this.snapshotFile);
    } catch {
      // already gone
    }
  }

  /** Uses a clean-shutdown snapshot when it names exactly the lead files on disk; deletes it either way. */
  private async loadSnapshot(): Promise<boolean> {
    let snapshot: IndexSnapshot;
    try {
      snapshot = JSON.parse(readFileSync(this.snapshotFile, 'utf8')) as IndexSnapshot;
    } catch {
      return false; // none (the usual case after a crash or on first start) or unreadable
    } finally {
      try {
        unlinkSync(this.snapshotFile);
        await syncDir(this.dir);
      } catch {
        // there was none
      }
    }
    if (snapshot.version !== SNAPSHOT_VERSION || !Array.isArray(snapshot.entries)) return false;
    // Cheap cross-check: the same set of lead files as the snapshot lists (a restore or a hand edit is caught).
    const onDisk = new Set<string>();
    for (const shard of readdirSync(this.dir)) {
      if (!/^[a-f0-9]{2}$/.test(shard)) continue;
      for (const name of readdirSync(path.join(this.dir, shard))) {
        if (/^[a-f0-9]{32}\.json$/.test(name)) onDisk.add(name.slice(0, 32));
      }
    }
    if (onDisk.size !== snapshot.entries.length || !snapshot.entries.every((e) => onDisk.has(e.id))) {
      this.logger.warn('lead index snapshot does not match the files; reading every lead');
      return false;
    }
    const entries = snapshot.entries.map(compact);
    for (const e of entries) this.index(e);
    this.order = entries;
    this.logger.info({ leads: this.order.length }, 'lead store loaded from the clean-shutdown snapshot');
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private fileOf(id: string): string {
    return path.join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  /** Synchronous on purpose: it runs once before the server listens, and small sync reads are much faster. */
  private load(): void {
    const entries: LeadIndexEntry[] = [];
    for (const shard of readdirSync(this.dir)) {
      if (!/^[a-f0-9]{2}$/.test(shard)) continue;
      const shardDir = path.join(this.dir, shard);
      for (const name of readdirSync(shardDir)) {
        const file = path.join(shardDir, name);
        // Leftovers of writes interrupted by a crash: the rename never happened, so they were never acknowledged.
        if (name.endsWith('.tmp')) {
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
          continue;
        }
        if (!/^[a-f0-9]{32}\.json$/.test(name)) continue;
        const record = this.parseRecord(file, () => readFileSync(file, 'utf8'));
        if (record) entries.push(toEntry(record));
      }
    }
    entries.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    for (const e of entries) this.index(e);
    this.order = entries;
    this.logger.info({ leads: entries.length }, 'lead store loaded');
  }

  private parseRecord(file: string, read: () => string): LeadRecord | undefined {
    try {
      const r = JSON.parse(read()) as LeadRecord;
      if (!ID_RE.test(r.id)) throw new Error('bad id');
      r.conversations ??= {};
      r.fields ??= {};
      r.meeting_client_id ??= null;
      return r;
    } catch (err) {
      // Never happens with atomic writes; keep the file aside for a human rather than losing it.
      this.logger.error({ file, err: (err as Error).message }, 'unreadable lead file moved aside');
      try {
        renameSync(file, `${file}.corrupt`);
      } catch {
        // leave it
      }
      return undefined;
    }
  }

  private mapOf(key: string): Map<string, string> {
    const kind = keyKind(key);
    return kind === 'email' ? this.byEmail : kind === 'phone' ? this.byPhone : this.byClientId;
  }

  private index(e: LeadIndexEntry): void {
    this.entries.set(e.id, e);
    for (const key of e.keys) this.mapOf(key).set(key, e.id);
  }

  private unindex(e: LeadIndexEntry): void {
    this.entries.delete(e.id);
    for (const key of e.keys) {
      const map = this.mapOf(key);
      if (map.get(key) === e.id) map.delete(key);
    }
  }

  private remember(record: LeadRecord): void {
    this.cache.set(record.id, record);
  }

  /** The stored record (a shared object: never mutate it; LeadService clones before changing). */
  get(id: string): LeadRecord | undefined {
    if (!ID_RE.test(id) || !this.entries.has(id)) return undefined;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const file = this.fileOf(id);
    const record = this.parseRecord(file, () => readFileSync(file, 'utf8'));
    if (record) this.remember(record);
    return record;
  }

  findByClientId(clientId: string): LeadRecord | undefined {
    const id = this.byClientId.get(clientId);
    return id === undefined ? undefined : this.get(id);
  }

  findByEmail(email: string): LeadRecord | undefined {
    const id = this.byEmail.get(email);
    return id === undefined ? undefined : this.get(id);
  }

  findByPhone(phone: string): LeadRecord | undefined {
    const id = this.byPhone.get(phone);
    return id === undefined ? undefined : this.get(id);
  }

  /** Newest first unless `sort` says otherwise. Without filters or sort this touches only the page it returns. */
  list(query: LeadQuery): { leads: LeadRecord[]; total: number } {
    const q = query.q?.trim().toLowerCase();
    const sort = query.sort ?? 'created_at';
    if (sort !== 'created_at' || query.order === 'asc') return this.listSorted(query, sort, q);
    const order = this.order;
    const ids: string[] = [];
    let total: number;
    if (!q && !query.status) {
      total = order.length;
      for (let i = total - 1 - query.offset; i >= 0 && ids.length < query.limit; i--) ids.push(order[i]!.id);
    } else {
      total = 0;
      const end = query.offset + query.limit;
      for (let i = order.length - 1; i >= 0; i--) {
        const e = order[i]!;
        if (query.status && e.status !== query.status) continue;
        if (q && !e.text.includes(q)) continue;
        if (total >= query.offset && total < end) ids.push(e.id);
        total += 1;
      }
    }
    const leads = ids.map((id) => this.get(id)).filter((r): r is LeadRecord => r !== undefined);
    return { leads, total };
  }

  /** A sorted page: the matching entries sorted in memory (the index holds every sort value), then read. */
  private listSorted(
    query: LeadQuery,
    sort: LeadSortKey,
    q: string | undefined,
  ): { leads: LeadRecord[]; total: number } {
    const matching = this.order.filter(
      (e) => (!query.status || e.status === query.status) && (!q || e.text.includes(q)),
    );
    matching.sort(entryComparator(sort, query.order ?? 'desc'));
    const leads = matching
      .slice(query.offset, query.offset + query.limit)
      .map((e) => this.get(e.id))
      .filter((r): r is LeadRecord => r !== undefined);
    return { leads, total: matching.length };
  }

  /** How many entries match `q` (all without it), per status. */
  countByStatus(q: string | undefined): Record<LeadStatus, number> {
    const text = q?.trim().toLowerCase();
    const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
    for (const e of this.order) if (!text || e.text.includes(text)) counts[e.status] += 1;
    return counts;
  }

  /** Index entries, oldest first: filter on them, then read only the records needed. */
  entriesInOrder(): readonly LeadIndexEntry[] {
    return this.order;
  }

  /** Every lead, oldest first, read synchronously (small sets: follow-ups, a day's report). */
  *values(filter?: (e: LeadIndexEntry) => boolean): IterableIterator<LeadRecord> {
    for (const e of [...this.order]) {
      if (filter && !filter(e)) continue;
      const r = this.get(e.id);
      if (r) yield r;
    }
  }

  /** Every lead, oldest first, read asynchronously in batches without filling the cache (exports). */
  async *scan(filter?: (e: LeadIndexEntry) => boolean, batch = 64): AsyncIterableIterator<LeadRecord> {
    const ids = this.order.filter((e) => !filter || filter(e)).map((e) => e.id);
    for (let i = 0; i < ids.length; i += batch) {
      const records = await Promise.all(
        ids.slice(i, i + batch).map(async (id) => {
          if (!this.entries.has(id)) return undefined; // deleted meanwhile
          try {
            const r = JSON.parse(await readFileText(this.fileOf(id), 'utf8')) as LeadRecord;
            r.fields ??= {};
            return r;
          } catch {
            return undefined;
          }
        }),
      );
      for (const r of records) if (r) yield r;
    }
  }

  /**
   * Writes the record durably, then indexes it. Callers serialize writes (LeadService does),
   * and must pass a fresh object: the stored one is replaced, never mutated in place.
   */
  async put(record: LeadRecord): Promise<void> {
    const file = this.fileOf(record.id);
    try {
      await makePrivateDir(path.dirname(file));
      await writeFileAtomic(file, JSON.stringify(record), { mode: 0o600 });
    } catch (err) {
      throw toStorageError(err);
    }
    const entry = toEntry(record);
    const previous = this.entries.get(record.id);
    if (previous) {
      this.unindex(previous);
      const at = this.order.lastIndexOf(previous);
      if (at >= 0) this.order[at] = entry;
    } else {
      this.order.push(entry);
    }
    this.index(entry);
    this.remember(record);
    this.noteMutation();
  }

  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new AppError('not_found', 'No such lead');
    const file = this.fileOf(id);
    try {
      await unlink(file);
      await syncDir(path.dirname(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err);
    }
    this.unindex(entry);
    this.cache.delete(id);
    const at = this.order.lastIndexOf(entry);
    if (at >= 0) this.order.splice(at, 1);
    this.noteMutation();
  }
}
