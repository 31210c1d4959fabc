/**
 * A search matching more leads than the PostgreSQL store counts exactly (1,000): GET /leads answers a lower
 * bound with `total_exact: false`, the next pages still come, the last one tells the exact number; the
 * status counts (the tabs) are lower bounds too (`counts_exact: false`); the admin page says "1,000+ leads
 * match", shows the tabs' counts with a "+" and links the next page. The leads are written by SQL (the
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
  counts: Record<string, number>;
  counts_exact: boolean;
}

const NO_COUNTS = { new: 0, contacted: 0, follow_up: 0, meeting_scheduled: 0, qualified: 0, converted: 0, lost: 0 };

describe('a broad search on PostgreSQL (HTTP)', () => {
  const { h } = useServer({ database: true });
  before(async () => {
    const pool = h.database;
    if (!pool) throw new Error('no database');
    // Lead i is created i minutes after the start: Broadco 1001 is the newest; one lead does not match.
    // Every tenth is lost, the others new.
    await query(
      pool,
      `INSERT INTO leads (id, doc, created_at, updated_at, status, source, search_text)
       SELECT id, json_build_object('id', id, 'client_id', NULL, 'name', NULL, 'email', NULL, 'phone', NULL,
           'company', company, 'fields', '{}'::json, 'notes', NULL, 'status', status, 'follow_up_at', NULL,
           'meeting', NULL, 'source', 'api', 'created_at', at, 'updated_at', at, 'conversations', '{}'::json,
           'meeting_client_id', NULL),
         at::timestamptz, at::timestamptz, status, 'api', lower(company)
       FROM (SELECT md5(i::text) AS id, CASE WHEN i <= $1 THEN 'Broadco ' || i ELSE 'Other' END AS company,
               CASE WHEN i % 10 = 0 THEN 'lost' ELSE 'new' END AS status,
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
    assert.deepEqual([few.body.data.counts, few.body.data.counts_exact], [{ ...NO_COUNTS, new: 1, lost: 2 }, true]);
    const all = await list('?limit=1');
    assert.deepEqual([all.body.data.total, all.body.data.total_exact], [MATCHES + 1, true]);
    assert.deepEqual([all.body.data.counts, all.body.data.counts_exact], [{ ...NO_COUNTS, new: 902, lost: 100 }, true]);
  });

  it('GET /leads: the status counts of a broad search are lower bounds, flagged, none above the bound', async () => {
    // 1,001 matches: 901 new and 100 lost, every one of them counted, but more than the bound in all.
    const first = await list('?q=broadco&limit=50');
    assert.deepEqual(first.body.data.counts, { ...NO_COUNTS, new: 901, lost: 100 });
    assert.equal(first.body.data.counts_exact, false);
    const lost = await list('?q=broadco&status=lost&limit=50');
    assert.deepEqual([lost.body.data.total, lost.body.data.total_exact], [100, true]);
    assert.equal(lost.body.data.counts_exact, false, 'the tabs count over q, whatever the status shown');
  });

  it('the admin page says "1,000+ leads match" and links the next page', async () => {
    const login = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${h.url}/admin?q=broadco&size=50&offset=950`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /1,000\+ leads match/);
    assert.match(html, />All <span class="count">1,000\+<\/span>/);
    assert.match(html, /data-status="new"[^>]*>New <span class="count">901\+<\/span>/);
    assert.match(html, /rel="next"/, 'a page past the counted part is linked');
  });
});
