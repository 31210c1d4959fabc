/**
 * Two instances on one Redis and one PostgreSQL, each with its own DATA_DIR: what one stores, the other
 * serves. A conversation whose turns alternate between them is one transcript on both; the calendar connected
 * through OAuth on A books on B; a meeting page link issued by one opens on the other; a report made on A
 * downloads, byte for byte, from B; and both use the same generated admin key.
 * Each instance is opened as server.ts opens it (its own pool on DATABASE_URL, leads included).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { resolveAdminKey } from '../../src/admin/admin-key.js';
import { createLogger } from '../../src/infra/logger.js';
import type { Pool } from '../../src/infra/postgres.client.js';
import { calendarEnv, connectCalendar, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { ADMIN_KEY, getJson, makeDataDir, postJson, startHarness, type Harness } from '../helpers/harness.js';
import { getPage, pathOf, say } from '../helpers/meeting-page.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';

const logger = createLogger('silent');
const auth = { 'x-api-key': ADMIN_KEY };
/** Wednesday 6 May 2026, 09:00 in Berlin (summer time). */
const NOW = new Date('2026-05-06T07:00:00Z');
const ENV = { BUSINESS_TIMEZONE: 'Europe/Berlin', BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' };

describe('two instances sharing one PostgreSQL: logs, calendar, meeting links and reports', () => {
  const db = usePostgres();
  let redis: TestRedis;
  let google: FakeGoogle;
  let a: Harness;
  let b: Harness;
  /** The meeting page link B issued when it booked. */
  let linkFromB = '';

  before(async () => {
    redis = await startTestRedis();
    google = await startFakeGoogle();
    // Each instance as server.ts opens it: its own pool on DATABASE_URL (leads included), its own DATA_DIR.
    const instance = () =>
      startHarness(redis.url, { ...ENV, ...calendarEnv(google), DATABASE_URL: db.url }, { now: () => NOW });
    a = await instance();
    b = await instance();
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await google?.close();
    await redis?.stop();
  });

  it('the calendar connected on A is connected on B, which books with it', async () => {
    assert.equal((await getJson<{ calendar: string }>(`${b.url}/health`)).body.data.calendar, 'not_connected');
    await connectCalendar(a.url, ADMIN_KEY);
    assert.equal((await getJson<{ calendar: string }>(`${b.url}/health`)).body.data.calendar, 'connected');

    const proposed = await say(a, 'shared-visitor-1', 'I would like a meeting tomorrow at 3pm, shared1@example.com');
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    const inserts = () => google.apiRequests().filter((r) => r.method === 'POST' && r.path.endsWith('/events'));
    const before = inserts().length;
    const booked = await say(b, 'shared-visitor-1', 'yes');
    assert.equal(booked.meeting?.status, 'scheduled', booked.reply);
    assert.equal(inserts().length, before + 1, 'B made the Google event');
    assert.match(inserts().at(-1)?.authorization ?? '', /^Bearer /);
    linkFromB = pathOf(booked.meeting?.manage_url);
  });

  it('a calendar reconnected on A, the old grant revoked, is what B books with at once', async () => {
    google.revokeRefreshTokens();
    google.expireAccessTokens();
    await connectCalendar(a.url, ADMIN_KEY);
    const proposed = await say(a, 'shared-visitor-4', 'A meeting tomorrow at 4pm please, shared4@example.com');
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    const booked = await say(b, 'shared-visitor-4', 'yes');
    assert.equal(booked.meeting?.status, 'scheduled', booked.reply);
    assert.equal((await getJson<{ calendar: string }>(`${b.url}/health`)).body.data.calendar, 'connected');
  });

  it('a meeting page link issued by one instance opens on the other', async () => {
    const proposed = await say(b, 'shared-visitor-2', 'Can we meet tomorrow at 11am? shared2@example.com');
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    const booked = await say(a, 'shared-visitor-2', 'yes');
    assert.equal(booked.meeting?.status, 'scheduled', booked.reply);
    const linkFromA = pathOf(booked.meeting?.manage_url);
    for (const [link, time] of [
      [linkFromA, '11:00'],
      [linkFromB, '15:00'],
    ] as const) {
      for (const h of [b, a]) {
        const page = await getPage(h, link);
        assert.equal(page.status, 200, page.html.slice(0, 300));
        assert.ok(page.html.includes(`Thursday, 7 May 2026 at ${time}`), `${link} on ${h.url}`);
      }
    }
  });

  it('a conversation whose turns alternate between A and B is one transcript on both', async () => {
    const id = 'shared-visitor-3';
    await say(a, id, 'Hello from the first turn');
    await say(b, id, 'Second turn, on the other instance');
    await say(a, id, 'Third turn, back on the first');
    for (const h of [b, a]) {
      const res = await fetch(`${h.url}/logs/conversation_${id}.txt`, { headers: auth });
      assert.equal(res.status, 200);
      const visitorLines = (await res.text()).split('\n').filter((l) => / visitor: /.test(l));
      assert.deepEqual(
        visitorLines.map((l) => l.replace(/^\[[^\]]+\] visitor: /, '')),
        ['Hello from the first turn', 'Second turn, on the other instance', 'Third turn, back on the first'],
      );
      const list = await getJson<{ logs: Array<{ client_id: string; size: number }> }>(`${h.url}/logs`, auth);
      assert.ok(list.body.data.logs.some((l) => l.client_id === id));
    }
  });

  it('a report made on A is listed and downloads byte for byte from B', async () => {
    const made = await postJson<{ filename: string; rows: number }>(`${a.url}/leads/reports/generate`, {}, auth);
    assert.equal(made.status, 201);
    const { filename, rows } = made.body.data;
    assert.equal(filename, 'leads_2026-05-06.xlsx');
    assert.ok(rows >= 2, 'the leads of the booked visitors');
    const listed = await getJson<{ reports: Array<{ filename: string; size: number }> }>(
      `${b.url}/leads/reports`,
      auth,
    );
    const entry = listed.body.data.reports.find((r) => r.filename === filename);
    assert.ok(entry, 'listed on B');
    const download = async (h: Harness) => {
      const res = await fetch(`${h.url}/leads/reports/download/${filename}`, { headers: auth });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="?leads_2026-05-06\.xlsx"?$/);
      return Buffer.from(await res.arrayBuffer());
    };
    const fromB = await download(b);
    assert.equal(fromB.length, entry.size);
    assert.deepEqual(fromB, await download(a));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fromB.buffer.slice(fromB.byteOffset, fromB.byteOffset + fromB.byteLength));
    assert.equal((wb.getWorksheet('Leads')?.rowCount ?? 0) - 1, rows);
  });

  it('instances without ADMIN_API_KEY adopt one generated key, each writing it to its own DATA_DIR', async () => {
    const [dirA, dirB] = [makeDataDir(), makeDataDir()];
    const [poolA, poolB] = [a.database, b.database] as [Pool, Pool];
    const keys = await Promise.all([
      resolveAdminKey(undefined, dirA, logger, poolA),
      resolveAdminKey(undefined, dirB, logger, poolB),
    ]);
    assert.equal(keys[0], keys[1]);
    assert.ok(keys[0].length >= 16);
    for (const dir of [dirA, dirB]) assert.equal(readFileSync(path.join(dir, 'admin_api_key'), 'utf8').trim(), keys[0]);
    assert.equal(await resolveAdminKey(undefined, makeDataDir(), logger, poolB), keys[0], 'a third instance too');
    assert.equal(
      await resolveAdminKey('configured-key-0123456789', makeDataDir(), logger, poolA),
      'configured-key-0123456789',
    );
  });
});
