/**
 * SIGTERM while many requests are in flight (a slow Gemini keeps chats open, lead writes keep coming):
 * in-flight requests finish with 200, new connections are refused, the process exits 0, and every
 * acknowledged lead is there after a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { portAccepts, spawnServer, waitUntil, type ServerProcess } from '../helpers/server-process.js';

const auth = { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' };
const CHUNKS = 6;
const CHUNK_DELAY_MS = 400; // each chat takes about 2.4 s at the fake

describe('SIGTERM under load', () => {
  let redis: TestRedis;
  let gemini: FakeGemini;
  let server: ServerProcess;
  const dataDir = makeDataDir();
  const env = () => ({
    REDIS_URL: redis.url,
    GEMINI_API_KEY: 'fake-key-sigterm',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_TIMEOUT_MS: '15000',
    LOG_LEVEL: 'info',
  });

  before(async () => {
    redis = await startTestRedis();
    gemini = await startFakeGemini();
    gemini.fallback = {
      kind: 'text',
      chunks: Array.from({ length: CHUNKS }, (_, i) => `part ${i}. `),
      delayMs: CHUNK_DELAY_MS,
    };
    server = await spawnServer(dataDir, env());
  });
  after(async () => {
    await server.stop('SIGKILL');
    await gemini.close();
    await redis.stop();
  });

  it('finishes in-flight requests with 200, refuses new connections, exits 0, keeps every acknowledged lead', async () => {
    const { url, port } = server;
    const expectedReply = Array.from({ length: CHUNKS }, (_, i) => `part ${i}. `).join('');

    // Lead writers run before and through the shutdown.
    const acknowledged = new Set<string>();
    const leadStatuses: Array<number | string> = [];
    let stopWriters = false;
    const writer = async (w: number) => {
      for (let i = 0; !stopWriters && i < 5000; i++) {
        try {
          const res = await fetch(`${url}/leads`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ name: `Writer ${w}-${i}`, email: `writer-${w}-${i}@example.com` }),
            signal: AbortSignal.timeout(15_000),
          });
          leadStatuses.push(res.status);
          const body = (await res.json()) as { data: { lead: { id: string } } };
          if (res.status === 201) acknowledged.add(body.data.lead.id);
        } catch (err) {
          leadStatuses.push((err as Error).name);
          return; // the listener is gone
        }
      }
    };
    const writers = [0, 1, 2].map(writer);

    // Chats that are in flight when the signal arrives: half JSON, half SSE.
    const inFlight = Array.from({ length: 16 }, async (_, i) => {
      const sse = i % 2 === 1;
      const res = await fetch(`${url}/gemini/train`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sse ? { accept: 'text/event-stream' } : {}) },
        body: JSON.stringify({ client_id: `inflight-${i}-abc`, content: `my email is inflight${i}@example.com` }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      return { status: res.status, sse, text, finishedAt: Date.now() };
    }).map((p) => p.catch((err: unknown) => ({ status: 0, sse: false, text: String(err), finishedAt: Date.now() })));
    try {
      // Generous: lead writes fsync, and the machine's disk is shared.
      await waitUntil(() => gemini.requests.length >= 16, 30_000, 'all chats reached Gemini');
      await waitUntil(() => acknowledged.size >= 10, 30_000, 'leads acknowledged before the signal');
    } catch (err) {
      stopWriters = true;
      throw err;
    }

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await waitUntil(async () => !(await portAccepts(port)), 3000, 'the listener closed');
    const refusedAt = Date.now();
    const results = await Promise.all(inFlight);
    assert.ok(
      results.some((r) => r.finishedAt > refusedAt),
      'chats were still in flight while new connections were refused',
    );
    assert.equal(await portAccepts(port), false, 'new connections are refused');

    for (const r of results) {
      assert.equal(r.status, 200, r.text);
      if (r.sse) {
        assert.match(r.text, /event: done\n/);
        assert.ok(r.text.includes(JSON.stringify(expectedReply)), 'the whole reply was streamed');
      } else {
        assert.equal((JSON.parse(r.text) as { data: { reply: string } }).data.reply, expectedReply);
      }
    }
    const { code, signal } = await server.exited;
    const exitedAfter = Date.now() - signalledAt;
    assert.equal(signal, null);
    assert.equal(code, 0, server.output().slice(-2000));
    stopWriters = true;
    await Promise.all(writers);
    assert.ok(
      leadStatuses.every((s) => s === 201 || s === 'TypeError'),
      `writers got 201s, then refused connections: ${[...new Set(leadStatuses)].join(',')}`,
    );
    assert.match(server.output(), /shutdown complete/);
    // Every request had finished, so nothing should have held the process for the whole 10 s grace.
    assert.ok(exitedAfter < 9000, `exited ${exitedAfter} ms after SIGTERM`);

    server = await spawnServer(dataDir, env());
    const ids = new Set<string>();
    for (let offset = 0; offset < 100_000; offset += 500) {
      const res = await fetch(`${server.url}/leads?limit=500&offset=${offset}`, { headers: auth });
      const body = (await res.json()) as {
        data: { leads: Array<{ id: string; email: string | null }>; total: number };
      };
      for (const l of body.data.leads) ids.add(l.id);
      if (offset + 500 >= body.data.total) break;
    }
    assert.deepEqual(
      [...acknowledged].filter((id) => !ids.has(id)),
      [],
      'every acknowledged lead is present after the restart',
    );
    const chatLeads = await fetch(`${server.url}/leads?q=inflight&limit=500`, { headers: auth });
    const chatBody = (await chatLeads.json()) as { data: { total: number } };
    assert.equal(chatBody.data.total, 16, 'the lead of every answered chat is present');
  });
});
