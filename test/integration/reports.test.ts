import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { open, readFile, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { EmbeddedLeadRepository } from '../../src/store/embedded/lead.repository.embedded.js';
import type { LeadRecord } from '../../src/leads/lead.types.js';
import { DailyReportScheduler, dailyClaimKey } from '../../src/reports/daily-report.scheduler.js';
import { LeadReportService } from '../../src/reports/lead-report.service.js';
import { writeLeadWorkbook } from '../../src/reports/lead-workbook.js';
import { ADMIN_KEY, getJson, makeDataDir, postJson, startHarness, type Harness } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { stalledOutput } from '../helpers/stalled-output.js';

const ZONE = 'America/New_York';
const auth = { 'x-api-key': ADMIN_KEY };
const logger = createLogger('silent');

const BASE_HEADERS = [
  'ID',
  'Created',
  'Updated',
  'Name',
  'Email',
  'Phone',
  'Company',
  'Status',
  'Follow-up',
  'Meeting start',
  'Meet link',
  'Source',
  'Notes',
];

let seq = 0;
function lead(p: Partial<LeadRecord> & { name: string; created_at: string }): LeadRecord {
  seq += 1;
  return {
    id: seq.toString(16).padStart(32, '0'),
    client_id: null,
    email: null,
    phone: null,
    company: null,
    fields: {},
    notes: null,
    status: 'new',
    follow_up_at: null,
    meeting: null,
    source: 'api',
    updated_at: p.created_at,
    conversations: {},
    meeting_client_id: null,
    ...p,
  };
}

/** New York local wall-clock time → ISO UTC (2025-03-09 is the spring DST change). */
const utc = (iso: string) => new Date(iso).toISOString();

// Times in New York (EDT, -04:00, from 2025-03-09 02:00 on; EST -05:00 before).
const SEED: LeadRecord[] = [
  lead({
    name: 'Old But Updated',
    email: 'old@example.com',
    created_at: utc('2025-03-01T10:00:00-05:00'),
    updated_at: utc('2025-03-10T12:00:00-04:00'),
    status: 'contacted',
    source: 'form',
    fields: { Website: 'old.example' },
  }),
  lead({
    name: 'Late Sunday Local',
    email: 'sunday@example.com',
    created_at: utc('2025-03-09T23:50:00-04:00'),
    source: 'chat',
  }),
  lead({
    name: 'Early Monday',
    email: 'early@example.com',
    created_at: utc('2025-03-10T00:10:00-04:00'),
    status: 'qualified',
    notes: 'Wants a quote\nsoon',
  }),
  lead({
    name: 'Late Monday Local',
    email: 'late@example.com',
    phone: '+12125550100',
    company: 'Late & Co',
    created_at: utc('2025-03-10T23:30:00-04:00'),
    status: 'meeting_scheduled',
    source: 'chat',
    fields: { Budget: '5k' },
    follow_up_at: '2025-03-12',
    meeting: {
      status: 'scheduled',
      start: '2025-03-12T14:00:00.000Z',
      end: '2025-03-12T14:30:00.000Z',
      event_id: 'e1',
      meet_link: 'https://meet.google.com/abc-defg-hij',
      html_link: null,
    },
  }),
  lead({ name: 'Tuesday', email: 'tuesday@example.com', created_at: utc('2025-03-11T00:05:00-04:00'), status: 'lost' }),
];

async function seedLeads(dataDir: string, records: LeadRecord[]): Promise<void> {
  const store = await LeadStore.open(dataDir, logger);
  for (const r of records) await store.put(r);
}

/**
 * Writes a workbook of 3,000 leads into `out`; `rowsRead` counts the rows handed to exceljs so far (only the
 * row writer reads a lead's name), `done` whether the writer finished.
 */
function writeBulkWorkbook(out: Writable): { rowsRead: number; done: boolean; writing: Promise<number> } {
  const bulk = { rowsRead: 0, done: false, writing: Promise.resolve(0) };
  const many: LeadRecord[] = [];
  for (let i = 0; i < 3000; i++) {
    const record = lead({
      name: `Bulk ${i}`,
      created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      notes: randomBytes(100).toString('hex'),
    });
    Object.defineProperty(record, 'name', { enumerable: true, get: () => ((bulk.rowsRead += 1), `Bulk ${i}`) });
    many.push(record);
  }
  bulk.writing = writeLeadWorkbook(out, many, { timezone: ZONE, title: 'test', generatedAt: new Date() }).then((n) => {
    bulk.done = true;
    return n;
  });
  return bulk;
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, n: number): ExcelJS.CellValue[] {
  const values = ws.getRow(n).values;
  return Array.isArray(values) ? values.slice(1) : [];
}

/** The Leads sheet as objects keyed by header. */
function leadRows(wb: ExcelJS.Workbook): Array<Record<string, ExcelJS.CellValue>> {
  const ws = wb.getWorksheet('Leads');
  assert.ok(ws, 'a Leads sheet');
  const headers = rowValues(ws, 1).map(String);
  const rows: Array<Record<string, ExcelJS.CellValue>> = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const values = rowValues(ws, i);
    rows.push(Object.fromEntries(headers.map((h, k) => [h, values[k] ?? null])));
  }
  return rows;
}

/** The Summary sheet's "By status" and "By source" tables. */
function summary(wb: ExcelJS.Workbook): {
  total: number;
  byStatus: Record<string, number>;
  bySource: Record<string, number>;
} {
  const ws = wb.getWorksheet('Summary');
  assert.ok(ws, 'a Summary sheet');
  const out = { total: -1, byStatus: {} as Record<string, number>, bySource: {} as Record<string, number> };
  let table: Record<string, number> | undefined;
  for (let i = 1; i <= ws.rowCount; i++) {
    const [a, b] = rowValues(ws, i);
    if (a === 'Total leads') out.total = Number(b);
    else if (a === 'By status') table = out.byStatus;
    else if (a === 'By source') table = out.bySource;
    else if (table && typeof a === 'string' && typeof b === 'number') table[a] = b;
  }
  return out;
}

function rawGet(
  url: string,
  rawPath: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET', headers: auth }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('lead reports', () => {
  let redis: TestRedis;
  let h: Harness;

  before(async () => {
    redis = await startTestRedis();
    const dataDir = makeDataDir();
    await seedLeads(dataDir, SEED);
    h = await startHarness(redis.url, { BUSINESS_TIMEZONE: ZONE }, {}, dataDir);
  });
  after(async () => {
    await h.close();
    await redis.stop();
  });

  it('generates the day report of the business zone: rows, columns, styling and summary match the leads', async () => {
    const g = await postJson<{ filename: string; rows: number }>(
      `${h.url}/leads/reports/generate`,
      { date: '2025-03-10' },
      auth,
    );
    assert.equal(g.status, 201);
    assert.equal(g.body.data.filename, 'leads_2025-03-10.xlsx');
    assert.equal(g.body.data.rows, 3);
    const file = path.join(h.dataDir, 'reports', 'leads_2025-03-10.xlsx');
    const wb = await loadWorkbook(await readFile(file));

    const ws = wb.getWorksheet('Leads');
    assert.ok(ws);
    assert.deepEqual(rowValues(ws, 1), [...BASE_HEADERS, 'Website', 'Budget'], 'one column per captured field label');
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal((ws.views[0] as { ySplit?: number } | undefined)?.ySplit, 1);
    assert.ok(ws.autoFilter, 'autofilter on the header');
    assert.equal(ws.getRow(1).getCell(1).font?.bold, true);
    assert.ok((ws.getColumn(1).width ?? 0) >= 30, 'sensible widths');

    const rows = leadRows(wb);
    // Oldest first; 23:30 local on the 10th is already the 11th in UTC but belongs to the 10th here;
    // 23:50 on the 9th (the 10th in UTC) does not.
    assert.deepEqual(
      rows.map((r) => r.Name),
      ['Old But Updated', 'Early Monday', 'Late Monday Local'],
    );
    const late = rows[2]!;
    assert.deepEqual(late.Created, new Date(Date.UTC(2025, 2, 10, 23, 30)), 'wall-clock time in the business zone');
    assert.equal(late.Email, 'late@example.com');
    assert.equal(late.Phone, '+12125550100');
    assert.equal(late.Company, 'Late & Co');
    assert.equal(late.Status, 'meeting_scheduled');
    assert.equal(late['Follow-up'], '2025-03-12');
    assert.deepEqual(late['Meeting start'], new Date(Date.UTC(2025, 2, 12, 10, 0)));
    assert.equal((late['Meet link'] as { text: string }).text, 'https://meet.google.com/abc-defg-hij');
    assert.equal(late.Source, 'chat');
    assert.equal(late.Budget, '5k');
    assert.equal(rows[0]!.Website, 'old.example');
    assert.equal(rows[1]!.Notes, 'Wants a quote\nsoon');
    assert.equal(rows[0]!.ID, SEED[0]!.id);

    const s = summary(wb);
    assert.equal(s.total, 3);
    assert.deepEqual(s.byStatus, {
      new: 0,
      contacted: 1,
      follow_up: 0,
      meeting_scheduled: 1,
      qualified: 1,
      converted: 0,
      lost: 0,
    });
    assert.deepEqual(s.bySource, { chat: 1, form: 1, api: 1 });
  });

  it('puts the late local leads of the neighbouring days in their own reports (DST day included)', async () => {
    const sunday = await postJson<{ rows: number }>(`${h.url}/leads/reports/generate`, { date: '2025-03-09' }, auth);
    assert.equal(sunday.status, 201);
    const sundayRows = leadRows(
      await loadWorkbook(await readFile(path.join(h.dataDir, 'reports', 'leads_2025-03-09.xlsx'))),
    );
    assert.deepEqual(
      sundayRows.map((r) => r.Name),
      ['Late Sunday Local'],
    );
    const tuesday = await postJson<{ rows: number }>(`${h.url}/leads/reports/generate`, { date: '2025-03-11' }, auth);
    assert.equal(tuesday.body.data.rows, 1);
    const empty = await postJson<{ rows: number }>(`${h.url}/leads/reports/generate`, { date: '2025-01-01' }, auth);
    assert.equal(empty.status, 201);
    assert.equal(empty.body.data.rows, 0);
  });

  it('defaults to today and refuses bad dates with 400 and data.errors', async () => {
    const today = await postJson<{ filename: string }>(`${h.url}/leads/reports/generate`, {}, auth);
    assert.equal(today.status, 201);
    assert.match(today.body.data.filename, /^leads_\d{4}-\d{2}-\d{2}\.xlsx$/);
    for (const date of ['2025-02-30', '10/03/2025', 'tomorrow', 20250310, '2999-01-01', '2025-3-1']) {
      const r = await postJson<{ errors: Array<{ field: string }> }>(`${h.url}/leads/reports/generate`, { date }, auth);
      assert.equal(r.status, 400, String(date));
      assert.equal(r.body.data.errors[0]?.field, 'date');
    }
  });

  it('lists reports newest first and downloads one as an attachment', async () => {
    const day = path.join(h.dataDir, 'reports', 'leads_2025-03-09.xlsx');
    await utimes(day, new Date('2025-03-10T00:00:00Z'), new Date('2025-03-10T00:00:00Z'));
    const list = await getJson<{ reports: Array<{ filename: string; size: number; modified: string }> }>(
      `${h.url}/leads/reports`,
      auth,
    );
    assert.equal(list.status, 200);
    const names = list.body.data.reports.map((r) => r.filename);
    assert.ok(names.includes('leads_2025-03-10.xlsx'));
    assert.equal(names.at(-1), 'leads_2025-03-09.xlsx', 'the oldest last');
    const modified = list.body.data.reports.map((r) => r.modified);
    assert.deepEqual(modified, [...modified].sort().reverse());
    assert.ok(list.body.data.reports.every((r) => r.size > 0));

    const res = await fetch(`${h.url}/leads/reports/download/leads_2025-03-10.xlsx`, { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="?leads_2025-03-10\.xlsx"?$/);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
    const wb = await loadWorkbook(new Uint8Array(await res.arrayBuffer()));
    assert.equal(leadRows(wb).length, 3);
    assert.equal((await fetch(`${h.url}/leads/reports/download/leads_2020-01-01.xlsx`, { headers: auth })).status, 404);
  });

  it('refuses path traversal and any name not of the exact form', async () => {
    // A file with a valid report name outside the reports folder must stay unreachable.
    writeFileSync(path.join(h.dataDir, 'leads_2025-01-02.xlsx'), 'SECRET-OUTSIDE');
    mkdirSync(path.join(h.dataDir, 'reports', 'sub'), { recursive: true });
    writeFileSync(path.join(h.dataDir, 'reports', 'sub', 'leads_2025-01-03.xlsx'), 'SECRET-SUB');
    const attempts = [
      '/leads/reports/download/..%2Fleads_2025-01-02.xlsx',
      '/leads/reports/download/..%2f..%2f..%2fetc%2fpasswd',
      '/leads/reports/download/%2Fetc%2Fpasswd',
      '/leads/reports/download/..%5Cleads_2025-01-02.xlsx',
      '/leads/reports/download/sub%2Fleads_2025-01-03.xlsx',
      '/leads/reports/download/%2e%2e%2fleads_2025-01-02.xlsx',
      '/leads/reports/download/leads_2025-03-10.xlsx%00.txt',
      '/leads/reports/download/leads_2025-03-10.xlsx%2F..%2F..%2Fleads_2025-01-02.xlsx',
      '/leads/reports/download/../../leads_2025-01-02.xlsx',
      '/leads/reports/download/..',
      '/leads/reports/download/.leads_2025-03-10.xlsx.tmp',
      '/leads/reports/download/' + encodeURIComponent(path.join(h.dataDir, 'leads_2025-01-02.xlsx')),
    ];
    for (const p of attempts) {
      const r = await rawGet(h.url, p);
      assert.ok(r.status === 400 || r.status === 404, `${p} -> ${r.status}`);
      assert.ok(!r.body.includes('SECRET') && !r.body.includes('root:'), p);
    }
  });

  it('streams every lead as one workbook, and only one status with ?status=', async () => {
    const res = await fetch(`${h.url}/leads/export.xlsx`, { headers: auth });
    assert.equal(res.status, 200);
    const disposition = res.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment; filename="?leads_export_\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    assert.equal(res.headers.get('content-length'), null, 'streamed (chunked), not buffered');
    const rows = leadRows(await loadWorkbook(new Uint8Array(await res.arrayBuffer())));
    assert.deepEqual(
      rows.map((r) => r.ID),
      SEED.map((l) => l.id),
      'every lead, oldest first',
    );

    const lost = await fetch(`${h.url}/leads/export.xlsx?status=lost`, { headers: auth });
    assert.match(lost.headers.get('content-disposition') ?? '', /leads_export_lost_/);
    const lostWb = await loadWorkbook(new Uint8Array(await lost.arrayBuffer()));
    assert.deepEqual(
      leadRows(lostWb).map((r) => r.Name),
      ['Tuesday'],
    );
    assert.equal(summary(lostWb).total, 1);
    assert.equal((await fetch(`${h.url}/leads/export.xlsx?status=hot`, { headers: auth })).status, 400);
  });

  it('stops writing rows while the reader does not read, and finishes when it does', async () => {
    // A reader that takes nothing until released: the writer must wait for 'drain', not buffer every row.
    const { out, chunks, open } = stalledOutput();
    const bulk = writeBulkWorkbook(out);
    // Wait until the writer has filled the stalled reader (exceljs loads lazily, which takes a while on a
    // loaded machine), then give it many more turns in which it must not go on writing rows.
    const deadline = Date.now() + 30_000;
    while (!out.writableNeedDrain && !bulk.done && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    for (let turn = 0; turn < 200; turn++) await new Promise((r) => setImmediate(r));
    assert.equal(bulk.done, false);
    assert.equal(out.writableNeedDrain, true);
    assert.ok(bulk.rowsRead < 1000, `rows written while the reader was stalled: ${bulk.rowsRead}`);
    open();
    assert.equal(await bulk.writing, 3000);
    const rows = leadRows(await loadWorkbook(Buffer.concat(chunks)));
    assert.equal(rows.length, 3000);
    assert.equal(rows[2999]!.Name, 'Bulk 2999');
  });

  it('stops writing rows while compressing lags behind, though the output takes everything', async () => {
    // exceljs hands the sheet to its zip entry without looking at write()'s answer; deflate runs on libuv's
    // pool. Every thread of the pool is held by an open() of a FIFO no one writes to yet, so nothing is
    // compressed until it is released: the writer must wait for the entry's 'drain', not queue every row
    // in it (at 1,000,000 leads that queue was 190 MB).
    const fifo = path.join(makeDataDir(), 'pool-holder');
    execFileSync('mkfifo', [fifo]);
    const holders = Array.from({ length: 64 }, () => open(fifo, 'r'));
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const bulk = writeBulkWorkbook(out);
    const deadline = Date.now() + 30_000;
    while (bulk.rowsRead === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    for (let turn = 0; turn < 200; turn++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 300));
    const whileHeld = bulk.rowsRead;
    const writer = openSync(fifo, 'w'); // lets every open() of the pool through
    for (const held of await Promise.all(holders)) await held.close();
    closeSync(writer);
    assert.equal(bulk.done, false);
    assert.ok(whileHeld > 0 && whileHeld < 1000, `rows written while nothing was compressed: ${whileHeld}`);
    assert.equal(await bulk.writing, 3000);
    const rows = leadRows(await loadWorkbook(Buffer.concat(chunks)));
    assert.equal(rows.length, 3000);
    assert.equal(rows[2999]!.Name, 'Bulk 2999');
  });

  it('every report route is 401 without credentials', async () => {
    for (const [method, p] of [
      ['POST', '/leads/reports/generate'],
      ['GET', '/leads/reports'],
      ['GET', '/leads/reports/download/leads_2025-03-10.xlsx'],
      ['GET', '/leads/export.xlsx'],
      ['GET', '/leads/export.xlsx?status=new'],
    ] as const) {
      const res = await fetch(`${h.url}${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      assert.equal(res.status, 401, `${method} ${p}`);
      assert.equal(((await res.json()) as { status: string }).status, 'error');
    }
    const wrong = await fetch(`${h.url}/leads/reports`, { headers: { 'x-api-key': 'wrong-key-wrong-key' } });
    assert.equal(wrong.status, 401);
  });
});

describe('daily report job', () => {
  let redis: TestRedis;
  let a: Harness;
  let b: Harness;

  const schedulerFor = async (h: Harness, instanceId: string) =>
    new DailyReportScheduler({
      reports: new LeadReportService({
        leads: new EmbeddedLeadRepository(await LeadStore.open(h.dataDir, logger)),
        dataDir: h.dataDir,
        timezone: ZONE,
        logger,
      }),
      redis: h.redis,
      logger,
      timezone: ZONE,
      time: h.config.dailyReportTime,
      instanceId,
    });
  const reportIn = (h: Harness, date: string) => path.join(h.dataDir, 'reports', `leads_${date}.xlsx`);

  before(async () => {
    redis = await startTestRedis();
    const env = { BUSINESS_TIMEZONE: ZONE, DAILY_REPORT_TIME: '23:55' };
    const dirA = makeDataDir();
    const dirB = makeDataDir();
    await seedLeads(dirA, SEED);
    await seedLeads(dirB, SEED);
    a = await startHarness(redis.url, env, {}, dirA);
    b = await startHarness(redis.url, env, {}, dirB);
  });
  after(async () => {
    await a.close();
    await b.close();
    await redis.stop();
  });

  it('runs once per day across two instances, at the business-zone time, and not again after a restart', async () => {
    const [sa, sb] = [await schedulerFor(a, 'instance-a'), await schedulerFor(b, 'instance-b')];
    // 23:54 in New York is already the next day in UTC: not yet due.
    const early = new Date('2025-03-10T23:54:00-04:00');
    assert.deepEqual(await sa.runDailyReportIfDue(early), { outcome: 'not_due', date: '2025-03-10' });

    const due = new Date('2025-03-10T23:55:00-04:00');
    const results = await Promise.all([sa.runDailyReportIfDue(due), sb.runDailyReportIfDue(due)]);
    const made = results.filter((r) => r.outcome === 'generated');
    assert.equal(made.length, 1, JSON.stringify(results));
    assert.ok(results.some((r) => r.outcome === 'claimed_elsewhere'));
    assert.equal(made[0]?.outcome === 'generated' ? made[0].rows : -1, 3);
    const winner = results[0]?.outcome === 'generated' ? a : b;
    const loser = winner === a ? b : a;
    assert.ok(existsSync(reportIn(winner, '2025-03-10')));
    assert.equal(existsSync(reportIn(loser, '2025-03-10')), false);
    const claim = await a.redis.get(dailyClaimKey('2025-03-10'));
    assert.equal(claim, winner === a ? 'instance-a' : 'instance-b');
    const ttl = await a.redis.ttl(dailyClaimKey('2025-03-10'));
    assert.ok(ttl > 172_000 && ttl <= 172_800, String(ttl));

    // Later ticks the same day, on either instance: nothing.
    for (const s of [sa, sb])
      assert.equal((await s.runDailyReportIfDue(new Date('2025-03-10T23:59:00-04:00'))).outcome !== 'generated', true);

    // "Restart": new instances (new stores, schedulers) on the same Redis.
    const [ra, rb] = [await schedulerFor(a, 'instance-a2'), await schedulerFor(b, 'instance-b2')];
    const afterRestart = new Date('2025-03-10T23:57:00-04:00');
    const [rw, rl] = winner === a ? [ra, rb] : [rb, ra];
    assert.equal((await rw.runDailyReportIfDue(afterRestart)).outcome, 'already_made', 'its own file');
    assert.equal((await rl.runDailyReportIfDue(afterRestart)).outcome, 'claimed_elsewhere', 'the claim in Redis');
    assert.equal(existsSync(reportIn(loser, '2025-03-10')), false);

    // Even with the claim gone (Redis flushed), the instance that made it sees its file and skips.
    await a.redis.del(dailyClaimKey('2025-03-10'));
    const again = await (
      await schedulerFor(winner, 'instance-w3')
    ).runDailyReportIfDue(new Date('2025-03-10T23:58:00-04:00'));
    assert.equal(again.outcome, 'already_made');

    // The next day is a new day.
    const next = await Promise.all([
      ra.runDailyReportIfDue(new Date('2025-03-11T23:55:30-04:00')),
      rb.runDailyReportIfDue(new Date('2025-03-11T23:55:30-04:00')),
    ]);
    assert.equal(next.filter((r) => r.outcome === 'generated').length, 1, JSON.stringify(next));
  });

  it('replaces a report made by hand earlier that day (it missed the rest of the day)', async () => {
    const g = await postJson(`${a.url}/leads/reports/generate`, { date: '2025-03-12' }, auth);
    assert.equal(g.status, 201);
    const file = reportIn(a, '2025-03-12');
    const noon = new Date('2025-03-12T12:00:00-04:00');
    await utimes(file, noon, noon);
    const s = await schedulerFor(a, 'instance-a4');
    const r = await s.runDailyReportIfDue(new Date('2025-03-12T23:56:00-04:00'));
    assert.equal(r.outcome, 'generated');
  });
});
