/**
 * Leads as JSON files: DATA_DIR/leads/<first two hex chars of id>/<id>.json, one file per lead, each
 * written atomically (temp + fsync + rename + directory fsync). An in-memory index (by id, client_id,
 * email, phone, creation order, search text) is built at start-up, so reads never touch the disk and a
 * write costs one small file whatever the number of leads. The index changes only after a write is
 * durable, so a failed write leaves both disk and index as they were.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../infra/app-error.js';
import { syncDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';
import type { LeadRecord, LeadStatus } from './lead.types.js';

const ID_RE = /^[a-f0-9]{32}$/;
const LOAD_BATCH = 256;

export interface LeadQuery {
  status?: LeadStatus | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export function newLeadId(): string {
  return randomBytes(16).toString('hex');
}

function haystack(lead: LeadRecord): string {
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

export class LeadStore {
  private readonly byId = new Map<string, LeadRecord>();
  private readonly text = new Map<string, string>();
  private readonly byClientId = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  /** Ids, oldest first (newest-first lists walk it backwards). */
  private order: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string, logger: Logger): Promise<LeadStore> {
    const store = new LeadStore(path.join(dataDir, 'leads'), logger);
    await store.load();
    return store;
  }

  get size(): number {
    return this.byId.size;
  }

  private fileOf(id: string): string {
    return path.join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  private async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const records: LeadRecord[] = [];
    for (const shard of await readdir(this.dir)) {
      if (!/^[a-f0-9]{2}$/.test(shard)) continue;
      const shardDir = path.join(this.dir, shard);
      const names = await readdir(shardDir);
      // Leftovers of writes interrupted by a crash: the rename never happened, so they were never acknowledged.
      await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => unlink(path.join(shardDir, n)).catch(() => undefined)));
      const files = names.filter((n) => /^[a-f0-9]{32}\.json$/.test(n));
      for (let i = 0; i < files.length; i += LOAD_BATCH) {
        const batch = await Promise.all(files.slice(i, i + LOAD_BATCH).map((n) => this.readRecord(path.join(shardDir, n))));
        for (const r of batch) if (r) records.push(r);
      }
    }
    records.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    for (const r of records) this.index(r);
    this.order = records.map((r) => r.id);
    this.logger.info({ leads: records.length }, 'lead store loaded');
  }

  private async readRecord(file: string): Promise<LeadRecord | undefined> {
    try {
      const r = JSON.parse(await readFile(file, 'utf8')) as LeadRecord;
      if (!ID_RE.test(r.id)) throw new Error('bad id');
      r.conversations ??= {};
      r.fields ??= {};
      r.meeting_client_id ??= null;
      return r;
    } catch (err) {
      // Never happens with atomic writes; keep the file aside for a human rather than losing it.
      this.logger.error({ file, err: (err as Error).message }, 'unreadable lead file moved aside');
      await rename(file, `${file}.corrupt`).catch(() => undefined);
      return undefined;
    }
  }

  private index(r: LeadRecord): void {
    this.byId.set(r.id, r);
    this.text.set(r.id, haystack(r));
    for (const clientId of Object.keys(r.conversations)) this.byClientId.set(clientId, r.id);
    if (r.client_id) this.byClientId.set(r.client_id, r.id);
    const { emails, phones } = contactKeys(r);
    for (const e of emails) this.byEmail.set(e, r.id);
    for (const p of phones) this.byPhone.set(p, r.id);
  }

  private unindex(r: LeadRecord): void {
    this.text.delete(r.id);
    this.byId.delete(r.id);
    const drop = (map: Map<string, string>, key: string) => {
      if (map.get(key) === r.id) map.delete(key);
    };
    for (const clientId of Object.keys(r.conversations)) drop(this.byClientId, clientId);
    if (r.client_id) drop(this.byClientId, r.client_id);
    const { emails, phones } = contactKeys(r);
    for (const e of emails) drop(this.byEmail, e);
    for (const p of phones) drop(this.byPhone, p);
  }

  get(id: string): LeadRecord | undefined {
    return ID_RE.test(id) ? this.byId.get(id) : undefined;
  }

  findByClientId(clientId: string): LeadRecord | undefined {
    const id = this.byClientId.get(clientId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  findByEmail(email: string): LeadRecord | undefined {
    const id = this.byEmail.get(email);
    return id === undefined ? undefined : this.byId.get(id);
  }

  findByPhone(phone: string): LeadRecord | undefined {
    const id = this.byPhone.get(phone);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Newest first. Without filters this touches only the page it returns. */
  list(query: LeadQuery): { leads: LeadRecord[]; total: number } {
    const q = query.q?.trim().toLowerCase();
    const end = query.offset + query.limit;
    if (!q && !query.status) {
      const total = this.order.length;
      const leads: LeadRecord[] = [];
      for (let i = total - 1 - query.offset; i >= 0 && leads.length < query.limit; i--) {
        const r = this.byId.get(this.order[i] ?? '');
        if (r) leads.push(r);
      }
      return { leads, total };
    }
    const leads: LeadRecord[] = [];
    let total = 0;
    for (let i = this.order.length - 1; i >= 0; i--) {
      const id = this.order[i] ?? '';
      const r = this.byId.get(id);
      if (!r) continue;
      if (query.status && r.status !== query.status) continue;
      if (q && !(this.text.get(id) ?? '').includes(q)) continue;
      if (total >= query.offset && total < end) leads.push(r);
      total += 1;
    }
    return { leads, total };
  }

  /** Every lead, oldest first (reports and exports). */
  *values(): IterableIterator<LeadRecord> {
    for (const id of this.order) {
      const r = this.byId.get(id);
      if (r) yield r;
    }
  }

  /**
   * Writes the record durably, then indexes it. Callers serialize writes (LeadService does),
   * and must pass a fresh object: the stored one is replaced, never mutated in place.
   */
  async put(record: LeadRecord): Promise<void> {
    const file = this.fileOf(record.id);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, JSON.stringify(record), { mode: 0o600 });
    } catch (err) {
      throw toStorageError(err);
    }
    const previous = this.byId.get(record.id);
    if (previous) this.unindex(previous);
    else this.order.push(record.id);
    this.index(record);
  }

  async remove(id: string): Promise<void> {
    const record = this.get(id);
    if (!record) throw new AppError('not_found', 'No such lead');
    const file = this.fileOf(id);
    try {
      await unlink(file);
      await syncDir(path.dirname(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err);
    }
    this.unindex(record);
    const at = this.order.lastIndexOf(id);
    if (at >= 0) this.order.splice(at, 1);
  }
}
