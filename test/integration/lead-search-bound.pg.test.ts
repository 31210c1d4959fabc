/**
 * A search matching more leads than the PostgreSQL store counts exactly (1,000): GET /leads answers a lower
 * bound with `total_exact: false`, the next pages still come, the last one tells the exact number; the
 * admin page says "1,000+ leads match" and links the next page. The leads are written by SQL (the
 * triggers keep lead_search and the counters as for any write), 1,001 through the API would be slow.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { query } from '../../src/infra/postgres.client.js';
import { postForm } from '../helpers/staff-sign-in.js';
import { ADMIN_KEY, getJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';

const auth = { 'x-api-key': ADMIN_KEY };
const MATCHES = 1001;

interface ListData {
  leads: Array<{ id: string; company: string | null }>;
  total: number;
  total_exact: boolean;
}

describe('a broad search on PostgreSQL (HTTP)', () => {
  const { h } = useServer({ database: true });
  before(async () => {
    const pool = h.database;
    if (!pool) throw new Error('no database');
    // Lead i is created i minutes after the start: Broadco 1001 is the newest; one lead does not match.
    await query(
      pool,
      `INSERT INTO leads (id, doc, created_at, updated_at, status, source, search_text)
       SELECT id, json_build_object('id', id, 'client_id', NULL, 'name', NULL, 'email', NULL, 'phone', NULL,
           'company', company, 'fields', '{}'::json, 'notes', NULL, 'status', 'new', 'follow_up_at', NULL,
           'meeting', NULL, 'source', 'api', 'created_at', at, 'updated_at', at, 'conversations', '{}'::json,
           'meeting_client_id', NULL),
         at::timestamptz, at::timestamptz, 'new', 'api', lower(company)
       FROM (SELECT md5(i::text) AS id, CASE WHEN i <= $1 THEN 'Broadco ' || i ELSE 'Other' END AS company,
               to_char(timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
             FROM generate_series(1, $1 + 1) AS i) g`,
      [MATCHES],
    );
  });

  const list = (q: string) => getJson<ListData>(`${h.url}/leads${q}`, auth);

  it('GET /leads: a lower bound past 1,000 matches, every page still found, the last one exact', async () => {
    const first = await list('?q=broadco&limit=50');
    assert.equal(first.status, 200);
    assert.equal(first.body.data.total, 1000);
    assert.equal(first.body.data.total_exact, false);
    assert.deepEqual(
      first.body.data.leads.slice(0, 2).map((l) => l.company),
      ['Broadco 1001', 'Broadco 1000'],
    );
    const past = await list('?q=broadco&limit=50&offset=1000');
    assert.deepEqual(
      past.body.data.leads.map((l) => l.company),
      ['Broadco 1'],
    );
    assert.equal(past.body.data.total, MATCHES);
    assert.equal(past.body.data.total_exact, true);
    const beyond = await list('?q=broadco&limit=50&offset=1050');
    assert.deepEqual([beyond.body.data.leads.length, beyond.body.data.total_exact], [0, false]);
    // Few matches, and no q: exact.
    const few = await list('?q=broadco 100&limit=50');
    assert.deepEqual([few.body.data.total, few.body.data.total_exact], [3, true]); // 100, 1000 and 1001
    const all = await list('?limit=1');
    assert.deepEqual([all.body.data.total, all.body.data.total_exact], [MATCHES + 1, true]);
  });

  it('the admin page says "1,000+ leads match" and links the next page', async () => {
    const login = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${h.url}/admin?q=broadco&size=50&offset=950`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /1,000\+ leads match/);
    assert.match(html, /rel="next"/, 'a page past the counted part is linked');
  });
});
