/**
 * Size limits and slow clients against the real server process: huge headers (431), huge bodies (413),
 * deeply nested JSON (400), input one character over MAX_INPUT_LENGTH (400), and 50 slowloris
 * connections cut by the server's header and request timeouts while normal requests keep answering.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { spawnServer, type ServerProcess } from '../helpers/server-process.js';

const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 4000;
const MAX_INPUT = 5000; // the default MAX_INPUT_LENGTH

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: () =>
      JSON.parse(text) as { status: string; message: string; data: { errors?: Array<{ field: string }> } | null },
  };
}

describe('size limits and slow clients (server process)', () => {
  let redis: TestRedis;
  let server: ServerProcess;

  before(async () => {
    redis = await startTestRedis();
    server = await spawnServer(makeDataDir(), {
      REDIS_URL: redis.url,
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      RATE_LIMIT_HOURLY: '100000',
      RATE_LIMIT_DAILY: '100000',
    });
  });
  after(async () => {
    const { code } = await server.stop('SIGTERM');
    await redis.stop();
    assert.equal(code, 0);
  });

  const healthy = async () =>
    (await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5000) })).status === 200;

  it('100 KB of headers is 431 and the server stays up', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/health`, { headers: { 'x-filler': 'a'.repeat(100 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 431);
    assert.ok(await healthy());
    assert.equal(server.child.exitCode, null);
  });

  it('a JSON body over 1 MB is 413 on public and admin routes', async () => {
    const big = JSON.stringify({ client_id: 'big-body-visitor', notes: 'x'.repeat(1_100_000) });
    const form = await post(`${server.url}/gemini/save-info`, big);
    assert.equal(form.status, 413);
    assert.equal(form.json().status, 'error');
    const admin = await post(`${server.url}/leads`, big, { 'x-api-key': ADMIN_KEY });
    assert.equal(admin.status, 413);
    // Public bodies are capped at 256 KB (they are parsed while the rate limits are counted); admin ones at 1 MB.
    const medium = JSON.stringify({ client_id: 'medium-body-visitor', name: 'Medium', notes: 'x'.repeat(300_000) });
    assert.equal((await post(`${server.url}/gemini/save-info`, medium)).status, 413);
    const adminMedium = await post(`${server.url}/leads`, medium, { 'x-api-key': ADMIN_KEY });
    assert.equal(adminMedium.status, 400, 'read, then refused by validation (notes too long)');
    assert.ok(adminMedium.json().data?.errors?.some((e) => e.field === 'notes'));
    assert.ok(await healthy());
  });

  it('deeply nested JSON is 400, not a crash', async () => {
    // Deep enough to overflow a recursive parser, small enough for the public 256 KB body limit.
    const depth = 100_000;
    const arrays = `{"client_id":"nested-visitor","content":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const objects = `{"client_id":"nested-visitor","fields":${'{"a":'.repeat(depth / 3)}1${'}'.repeat(depth / 3)}}`;
    for (const [path, body] of [
      ['/gemini/train', arrays],
      ['/gemini/save-info', objects],
      ['/leads', objects.replace('"client_id":"nested-visitor",', '"name":"Nested",')],
      ['/gemini/train', `{"content":"${'['.repeat(depth)}`], // malformed and deep
    ] as const) {
      const r = await post(`${server.url}${path}`, body, { 'x-api-key': ADMIN_KEY });
      assert.equal(r.status, 400, `${path}: ${r.text.slice(0, 200)}`);
      assert.equal(r.json().status, 'error');
      assert.ok(await healthy(), 'still serving');
    }
    assert.equal(server.child.exitCode, null);
  });

  it(`content of MAX_INPUT_LENGTH+1 (${MAX_INPUT + 1}) characters is 400, ${MAX_INPUT} is fine`, async () => {
    const over = await post(
      `${server.url}/gemini/train`,
      JSON.stringify({ client_id: 'long-input-1', content: 'a'.repeat(MAX_INPUT + 1) }),
    );
    assert.equal(over.status, 400);
    assert.ok(over.json().data?.errors?.some((e) => e.field === 'content'));
    const multiByte = await post(
      `${server.url}/gemini/train`,
      JSON.stringify({ client_id: 'long-input-1', content: 'é'.repeat(MAX_INPUT + 1) }),
    );
    assert.equal(multiByte.status, 400, 'characters, not bytes');
    const atLimit = await post(
      `${server.url}/gemini/train`,
      JSON.stringify({ client_id: 'long-input-1', content: 'a'.repeat(MAX_INPUT) }),
    );
    assert.equal(atLimit.status, 200);
  });

  it('50 slowloris connections are cut by the server while normal requests keep answering', async () => {
    interface Slow {
      socket: net.Socket;
      closedAfter: number | undefined;
      response: string;
    }
    const openedAt = Date.now();
    const slow: Slow[] = [];
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < 50; i++) {
      const socket = net.connect(server.port, '127.0.0.1');
      const s: Slow = { socket, closedAfter: undefined, response: '' };
      slow.push(s);
      socket.on('data', (d) => (s.response += d.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => (s.closedAfter = Date.now() - openedAt));
      // 40 of them dribble their headers, 10 send headers and then dribble the body.
      const head =
        i < 40
          ? 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '
          : 'POST /gemini/train HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"content":"';
      socket.write(head);
      let sent = 0;
      const t = setInterval(() => {
        if (socket.destroyed || sent++ > 60) return clearInterval(t);
        socket.write('a'); // one byte a second
      }, 1000);
      timers.push(t);
    }
    try {
      // Normal visitors meanwhile: every request answers.
      const normal: Array<{ status: number; ms: number }> = [];
      const bound = Date.now() + 15_000;
      while (slow.some((s) => s.closedAfter === undefined) && Date.now() < bound) {
        const started = Date.now();
        const r = await post(
          `${server.url}/gemini/train`,
          JSON.stringify({ client_id: 'normal-visitor-1', content: 'hello' }),
        );
        normal.push({ status: r.status, ms: Date.now() - started });
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(normal.length >= 5, `normal requests ran while the slow ones were open (${normal.length})`);
      assert.deepEqual([...new Set(normal.map((n) => n.status))], [200]);
      assert.ok(Math.max(...normal.map((n) => n.ms)) < 5000, 'normal requests were not blocked');

      const open = slow.filter((s) => s.closedAfter === undefined).length;
      assert.equal(open, 0, `${open} slow connections still open after 15 s`);
      const headerCuts = slow.slice(0, 40).map((s) => s.closedAfter ?? Infinity);
      const bodyCuts = slow.slice(40).map((s) => s.closedAfter ?? Infinity);
      // Cut at the timeout, checked every second by the server: generous slack for a loaded machine.
      assert.ok(Math.max(...headerCuts) < HEADERS_TIMEOUT_MS + 5000, `headers cut after ${Math.max(...headerCuts)} ms`);
      assert.ok(Math.min(...headerCuts) >= HEADERS_TIMEOUT_MS - 100, 'not before the timeout');
      assert.ok(Math.max(...bodyCuts) < REQUEST_TIMEOUT_MS + 5000, `bodies cut after ${Math.max(...bodyCuts)} ms`);
      for (const s of slow) assert.ok(s.response === '' || /^HTTP\/1\.1 408/.test(s.response), s.response.slice(0, 80));
      assert.ok(await healthy());
    } finally {
      for (const t of timers) clearInterval(t);
      for (const s of slow) s.socket.destroy();
    }
  });
});
