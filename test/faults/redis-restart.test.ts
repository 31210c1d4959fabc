/**
 * Redis dying and coming back while visitors chat and leads are being created, against the real server
 * process: with REDIS_URL (our redis-server killed and restarted on the same port) and with the managed
 * redis-server child (killed with SIGKILL; the server must restart it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import {
  managedRedisPort,
  portAccepts,
  redisServerPids,
  spawnServer,
  waitUntil,
  type ServerProcess,
} from '../helpers/server-process.js';

const auth = { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' };

interface Outcome {
  status: number; // 0: the connection failed
  ms: number;
  at: number;
}

async function timedPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json()) as { status: string; data: { lead?: { id: string }; reply?: string } | null };
    return { status: res.status, ms: Date.now() - started, at: started, json };
  } catch {
    return { status: 0, ms: Date.now() - started, at: started, json: undefined };
  }
}

async function allLeadIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; offset < 100_000; offset += 500) {
    const res = await fetch(`${url}/leads?limit=500&offset=${offset}`, { headers: auth });
    const body = (await res.json()) as { data: { leads: Array<{ id: string }>; total: number } };
    for (const l of body.data.leads) ids.add(l.id);
    if (offset + 500 >= body.data.total) break;
  }
  return ids;
}

/**
 * Runs chat and lead workers against `url` until `stopAt()` is true (bounded by `maxMs` and a request cap).
 * Lead workers use the admin API and the widget's form; chat workers the chat.
 */
function startLoad(url: string, tag: string, maxMs: number) {
  let stopped = false;
  const chats: Outcome[] = [];
  const acknowledged = new Set<string>();
  const leadStatuses: number[] = [];
  const deadline = Date.now() + maxMs;
  const running = () => !stopped && Date.now() < deadline;
  const chatWorker = async (w: number) => {
    for (let i = 0; running() && i < 2000; i++) {
      const r = await timedPost(`${url}/gemini/train`, { client_id: `${tag}-chat-${w}`, content: `hello number ${i}` });
      chats.push({ status: r.status, ms: r.ms, at: r.at });
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const leadWorker = async (w: number) => {
    for (let i = 0; running() && i < 2000; i++) {
      const viaForm = i % 2 === 1;
      const r = viaForm
        ? await timedPost(`${url}/gemini/save-info`, {
            client_id: `${tag}-form-${w}-${i}`,
            name: `Form ${w} ${i}`,
            email: `${tag}-form-${w}-${i}@example.com`,
          })
        : await timedPost(`${url}/leads`, { name: `Api ${w} ${i}`, email: `${tag}-api-${w}-${i}@example.com` }, auth);
      leadStatuses.push(r.status);
      if ((r.status === 200 || r.status === 201) && r.json?.data?.lead) acknowledged.add(r.json.data.lead.id);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const workers = [...[0, 1, 2, 3].map(chatWorker), ...[0, 1].map(leadWorker)];
  return {
    chats,
    acknowledged,
    leadStatuses,
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

describe('Redis restarted under load (REDIS_URL set)', () => {
  let redis: TestRedis;
  let server: ServerProcess;
  const dataDir = makeDataDir();

  before(async () => {
    redis = await startTestRedis();
    server = await spawnServer(dataDir, { REDIS_URL: redis.url });
  });
  after(async () => {
    await server.stop('SIGKILL');
    await redis.stop();
  });

  it('stays up, answers 503 fast during the outage, chats again within 5 s, loses no acknowledged lead', async () => {
    const load = startLoad(server.url, 'ext', 40_000);
    await waitUntil(() => load.chats.filter((c) => c.status === 200).length >= 10, 10_000, 'chats before the outage');

    await redis.stop(); // SIGKILL
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    await redis.start(); // same port, empty data
    const upAt = Date.now();
    const recoveredIn = await waitUntil(
      () => load.chats.some((c) => c.at >= upAt && c.status === 200),
      8000,
      'a chat answered 200 after Redis came back',
    );
    await new Promise((r) => setTimeout(r, 500));
    await load.stop();

    assert.equal(server.child.exitCode, null, 'the server process is still running');
    assert.ok(recoveredIn <= 5000, `chat answered 200 within 5 s of Redis coming back (${recoveredIn} ms)`);

    const during = load.chats.filter((c) => c.at >= downAt + 300 && c.at + c.ms <= upAt);
    assert.ok(during.length >= 10, `chats were sent during the outage (${during.length})`);
    assert.deepEqual([...new Set(during.map((c) => c.status))], [503], 'every chat during the outage got a 503');
    const slowest = Math.max(...during.map((c) => c.ms));
    assert.ok(slowest < 3000, `503s came quickly, not hanging (slowest ${slowest} ms)`);
    assert.ok(!load.chats.some((c) => c.status === 0), 'no connection was dropped');
    assert.ok(
      load.leadStatuses.every((s) => s === 200 || s === 201),
      `lead writes do not need Redis: ${[...new Set(load.leadStatuses)].join(',')}`,
    );
    assert.ok(load.acknowledged.size >= 4, `leads were created throughout (${load.acknowledged.size})`);

    const present = await allLeadIds(server.url);
    const missing = [...load.acknowledged].filter((id) => !present.has(id));
    assert.deepEqual(missing, [], 'every acknowledged lead is listed');

    // And on disk, as a restarted server would load them.
    const reloaded = await LeadStore.open(dataDir, createLogger('silent'));
    assert.deepEqual(
      [...load.acknowledged].filter((id) => !reloaded.get(id)),
      [],
      'every acknowledged lead is on disk',
    );
  });
});

describe('managed redis-server child killed with SIGKILL (REDIS_URL unset)', () => {
  let server: ServerProcess;
  const dataDir = makeDataDir();

  before(async () => {
    server = await spawnServer(dataDir, { LOG_LEVEL: 'info' });
  });
  after(async () => {
    const { code } = await server.stop('SIGTERM');
    assert.equal(code, 0);
  });

  it('restarts its redis-server and serves chats again, twice in a row', async () => {
    const port = managedRedisPort(server.output());
    assert.ok(port > 0, 'the managed redis port is logged');
    const remember = await timedPost(`${server.url}/gemini/train`, {
      client_id: 'managed-visitor-1',
      content: 'My name is Ada Lovelace',
    });
    assert.equal(remember.status, 200);

    const seen = new Set<number>();
    for (let round = 1; round <= 2; round++) {
      const pids = redisServerPids(port);
      assert.equal(pids.length, 1, `one redis-server on ${port} (round ${round}): ${pids.join(',')}`);
      const pid = pids[0] ?? 0;
      assert.ok(!seen.has(pid), 'a new redis-server process');
      seen.add(pid);
      const load = startLoad(server.url, `managed${round}`, 30_000);
      await waitUntil(() => load.chats.length >= 4, 10_000, 'chats before the kill');
      process.kill(pid, 'SIGKILL');
      await waitUntil(
        async () => !(await portAccepts(port)) || !redisServerPids(port).includes(pid),
        5000,
        'redis-server gone',
      );
      const killedAt = Date.now();
      await waitUntil(() => redisServerPids(port).some((p) => p !== pid), 10_000, 'a new redis-server child');
      await waitUntil(async () => (await fetch(`${server.url}/health`)).status === 200, 10_000, 'health back to 200');
      await waitUntil(
        () => load.chats.some((c) => c.at > killedAt && c.status === 200),
        10_000,
        'chat 200 after the restart',
      );
      await load.stop();
      assert.equal(server.child.exitCode, null, 'the server process is still running');
      assert.ok(
        load.chats.every((c) => c.status === 200 || c.status === 503),
        `only 200s and 503s: ${[...new Set(load.chats.map((c) => c.status))].join(',')}`,
      );
      assert.ok(
        load.chats.every((c) => c.ms < 3000),
        'no chat hung',
      );
      const present = await allLeadIds(server.url);
      assert.deepEqual(
        [...load.acknowledged].filter((id) => !present.has(id)),
        [],
        'every acknowledged lead is listed',
      );
    }
    const again = await timedPost(`${server.url}/gemini/train`, {
      client_id: 'managed-visitor-1',
      content: 'hello again',
    });
    assert.equal(again.status, 200);
  });
});
