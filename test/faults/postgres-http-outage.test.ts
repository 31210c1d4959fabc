/**
 * PostgreSQL (DATABASE_URL) stopped mid-run, seen over HTTP: /health and /health/ready say the database is
 * down with 503, lead routes and the chat answer 503 with Retry-After instead of hanging, and once the
 * database is back the same app serves again without a restart, every acknowledged lead there.
 * (test/faults/postgres-outage.test.ts covers the pool and repository underneath.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, type JsonResponse } from '../helpers/harness.js';
import { waitUntil } from '../helpers/server-process.js';

const auth = { 'x-api-key': ADMIN_KEY };
/** A bound far above a fast failure (milliseconds) and far below a hang (pg's defaults wait for minutes). */
const ANSWER_WITHIN_MS = 15_000;

async function call<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as JsonResponse<T>['body'] };
}

describe('PostgreSQL stopped mid-run (HTTP)', () => {
  const { h, db } = useServer({ database: true, env: { RATE_LIMIT_HOURLY: '10000', RATE_LIMIT_DAILY: '100000' } });

  it('answers 503 while the database is down, and serves again once it is back, without a restart', async () => {
    const created = await call<{ lead: { id: string } }>(`${h.url}/leads`, {
      method: 'POST',
      body: { name: 'Before the outage', email: 'before@outage.example' },
      headers: auth,
    });
    assert.equal(created.status, 201);
    const up = await call<{ database?: string; redis: string }>(`${h.url}/health`);
    assert.deepEqual([up.status, up.body.data.database, up.body.data.redis], [200, 'up', 'up']);

    await db.server.stop('immediate'); // a crash: the pool's connections die under it

    const health = await call<{ database?: string; redis: string }>(`${h.url}/health`);
    assert.equal(health.status, 503);
    assert.equal(health.body.status, 'error');
    assert.deepEqual([health.body.data.database, health.body.data.redis], ['down', 'up']);
    assert.match(health.body.message, /database is down/);
    const ready = await call<{ database?: string }>(`${h.url}/health/ready`);
    assert.deepEqual([ready.status, ready.body.data.database], [503, 'down']);
    assert.equal((await call(`${h.url}/health/live`)).status, 200, 'alive: no reason to restart it');

    for (const [method, path, body] of [
      ['GET', '/leads', undefined],
      ['GET', `/leads/${created.body.data.lead.id}`, undefined],
      ['POST', '/leads', { name: 'During the outage', email: 'during@outage.example' }],
      ['PATCH', `/leads/${created.body.data.lead.id}`, { status: 'contacted' }],
    ] as const) {
      const r = await call(`${h.url}${path}`, { method, body, headers: auth });
      assert.equal(r.status, 503, `${method} ${path}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.message, /database is unavailable/i);
      assert.ok(r.headers.get('retry-after'), `${method} ${path} says when to retry`);
    }
    const chat = await call(`${h.url}/gemini/train`, {
      method: 'POST',
      body: { client_id: 'outage-visitor-1', content: 'my email is visitor@outage.example' },
    });
    assert.equal(chat.status, 503, 'a detail the server cannot record is not acknowledged');

    await db.server.start();
    await waitUntil(async () => (await call(`${h.url}/health`)).status === 200, 30_000, 'health back');
    const back = await call<{ leads: Array<{ id: string }>; total: number }>(`${h.url}/leads`, { headers: auth });
    assert.equal(back.status, 200);
    assert.deepEqual(
      back.body.data.leads.map((l) => l.id),
      [created.body.data.lead.id],
      'the lead made before the crash is there; none was made during it',
    );
    const chatBack = await call<{ lead: { email: string } | null }>(`${h.url}/gemini/train`, {
      method: 'POST',
      body: { client_id: 'outage-visitor-1', content: 'my email is visitor@outage.example' },
    });
    assert.equal(chatBack.status, 200);
    assert.equal(chatBack.body.data.lead?.email, 'visitor@outage.example');
  });
});
