/**
 * Scale-out as an operator runs it (issue 14): three real server processes on one Redis and one PostgreSQL,
 * behind a round-robin proxy owned by the test. Every request through the proxy lands on the next
 * instance, so a visitor's turns, an admin's calls and Google's OAuth redirect alternate between them.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { calendarEnv, connectCalendar, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { useRedis } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, makeDataDir, postJson } from '../helpers/harness.js';
import { serveOnLoopback } from '../helpers/loopback.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { spawnServer, type ServerProcess } from '../helpers/server-process.js';

const auth = { 'x-api-key': ADMIN_KEY };

interface Lead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
}
interface Turn {
  reply: string;
  lead: Lead | null;
  meeting: { status: string } | null;
}

/** A round-robin HTTP proxy over `targets` (the order a load balancer without stickiness would use). */
async function startRoundRobin(targets: () => string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const live = targets();
    const target = new URL(live[next++ % live.length] ?? '');
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return serveOnLoopback(server);
}

describe('three instances on one Redis and one PostgreSQL behind a round-robin proxy', () => {
  const redis = useRedis();
  const db = usePostgres();
  let google: FakeGoogle;
  const instances: ServerProcess[] = [];
  let proxy: { url: string; close(): Promise<void> };

  before(async () => {
    google = await startFakeGoogle();
    const env = {
      REDIS_URL: redis.url,
      DATABASE_URL: db.url,
      ...calendarEnv(google),
      BUSINESS_TIMEZONE: 'Europe/London',
      BUSINESS_HOURS: 'Mon-Sun 08:00-20:00',
      // Today's report is due already: every instance tries to catch up at start; one may make it.
      DAILY_REPORT_TIME: '00:00',
      LOG_LEVEL: 'info',
    };
    // One at a time: the first migrates, the others find the schema ready (a rolling start).
    for (let i = 0; i < 3; i++) instances.push(await spawnServer(makeDataDir(), env, { startTimeoutMs: 120_000 }));
    proxy = await startRoundRobin(() => instances.filter((s) => s.child.exitCode === null).map((s) => s.url));
  });
  after(async () => {
    await proxy?.close();
    await Promise.all(instances.map((s) => s.stop()));
    await google?.close();
  });

  const turn = async (client_id: string, content: string) => {
    const r = await postJson<Turn>(`${proxy.url}/gemini/train`, { client_id, content });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  const leadsWith = async (q: string, url = proxy.url) =>
    (await getJson<{ leads: Lead[]; total: number }>(`${url}/leads?q=${encodeURIComponent(q)}&limit=500`, auth)).body
      .data;

  it('made the daily report once, whichever instance claimed the day', async () => {
    const made = instances.map(
      (s) =>
        s
          .output()
          .split('\n')
          .filter((l) => l.includes('daily lead report made')).length,
    );
    assert.equal(
      made.reduce((a, b) => a + b, 0),
      1,
      `reports made per instance: ${made.join(', ')}`,
    );
    const listed = await getJson<{ reports: Array<{ filename: string }> }>(`${proxy.url}/leads/reports`, auth);
    assert.equal(listed.body.data.reports.length, 1);
  });

  it("keeps one visitor's conversation whole while its turns alternate between instances", async () => {
    const id = 'multi-visitor-0001';
    await turn(id, "Hi, I'm Priya Raman");
    const second = await turn(id, 'my email is priya.raman@lotusworks.example');
    assert.doesNotMatch(second.reply, /your name/i, 'the instance of turn 2 knows the name given on turn 1');
    await turn(id, 'I work at Lotus Works Ltd');
    const found = await leadsWith('priya.raman@lotusworks.example');
    assert.equal(found.total, 1, 'one lead, not one per instance');
    assert.equal(found.leads[0]?.name, 'Priya Raman');
    assert.equal(found.leads[0]?.company, 'Lotus Works Ltd');
    // Every instance reads the same lead and the same transcript.
    for (const s of instances) {
      assert.equal((await leadsWith('priya.raman@lotusworks.example', s.url)).total, 1);
      const logs = await getJson<{ logs: Array<{ filename: string; client_id: string }> }>(`${s.url}/logs`, auth);
      const log = logs.body.data.logs.find((l) => l.client_id === id);
      assert.ok(log, `instance ${s.port} lists the conversation`);
      const text = await (await fetch(`${s.url}/logs/${log.filename}`, { headers: auth })).text();
      assert.match(text, /Lotus Works/);
      assert.match(text, /Priya Raman/);
    }
  });

  it('merges one email given in two conversations on two instances into one lead', async () => {
    await turn('multi-merge-a-001', 'Hello, Tomasz Nowak here, tomasz@nowakdesign.example');
    await turn('multi-merge-b-001', 'it is tomasz@nowakdesign.example again, phone +48 601 234 567');
    const found = await leadsWith('tomasz@nowakdesign.example');
    assert.equal(found.total, 1);
    assert.equal(found.leads[0]?.phone, '+48601234567');
  });

  it('keeps one lead per email when 100 creates race across the instances with 50 emails', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        postJson(`${proxy.url}/leads`, { name: `Racer ${i}`, email: `racer${i % 50}@race.example` }, auth),
      ),
    );
    for (const r of results) assert.ok([201, 409].includes(r.status), `status ${r.status}: ${JSON.stringify(r.body)}`);
    assert.equal(results.filter((r) => r.status === 201).length, 50);
    const found = await leadsWith('@race.example');
    assert.equal(found.total, 50);
    assert.equal(new Set(found.leads.map((l) => l.email)).size, 50);
  });

  it('makes a report on one instance that the others download', async () => {
    const made = await postJson<{ filename: string; rows: number }>(
      `${instances[0]?.url}/leads/reports/generate`,
      {},
      auth,
    );
    assert.equal(made.status, 201);
    const bodies = await Promise.all(
      instances.slice(1).map(async (s) => {
        const res = await fetch(`${s.url}/leads/reports/download/${made.body.data.filename}`, { headers: auth });
        assert.equal(res.status, 200);
        return Buffer.from(await res.arrayBuffer());
      }),
    );
    assert.ok((bodies[0]?.length ?? 0) > 1000);
    assert.deepEqual(bodies[0], bodies[1]);
  });

  it('connects the calendar once (consent on one instance, callback on another) and every instance books', async () => {
    await connectCalendar(proxy.url, ADMIN_KEY);
    for (const s of instances) {
      const health = await getJson<{ calendar: string; database?: string }>(`${s.url}/health`);
      assert.equal(health.body.data.calendar, 'connected', `instance ${s.port}`);
      assert.equal(health.body.data.database, 'up');
    }
  });

  it('books one event when a "yes" reaches two instances at once', async () => {
    const id = 'multi-yes-visitor-01';
    const proposed = await turn(id, 'Can we meet tomorrow at 11am? I am yes.person@example.com');
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    google.reset({ events: true });
    const say = (url: string) => postJson<Turn>(`${url}/gemini/train`, { client_id: id, content: 'yes' });
    const [a, b] = await Promise.all([say(instances[1]?.url ?? ''), say(instances[2]?.url ?? '')]);
    const statuses = [a.body.data.meeting?.status ?? 'none', b.body.data.meeting?.status ?? 'none'].sort();
    assert.deepEqual(statuses, ['none', 'scheduled']);
    assert.equal(google.events.size, 1);
  });

  it('loses no acknowledged lead when an instance is killed (SIGKILL) mid-write', async () => {
    const victim = instances[2] as ServerProcess;
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 80 }, async (_, i) => {
      const email = `killed${i}@sigkill.example`;
      try {
        const r = await postJson(`${victim.url}/leads`, { name: `Kill ${i}`, email }, auth);
        if (r.status === 201) acknowledged.push(email);
      } catch {
        // the connection died with the process: not acknowledged
      }
    });
    // Kill it once some writes were answered and others are in flight.
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 5));
    victim.child.kill('SIGKILL');
    await Promise.all(writes);
    await victim.exited;
    assert.ok(acknowledged.length >= 10);
    const found = await leadsWith('@sigkill.example', instances[0]?.url);
    const stored = new Set(found.leads.map((l) => l.email));
    assert.deepEqual(
      acknowledged.filter((e) => !stored.has(e)),
      [],
      'every lead answered with 201 is in the database',
    );
    // The proxy goes on with the two live instances.
    const after = await turn('multi-after-kill-01', "I'm Ana Lima, ana.lima@after.example");
    assert.equal(after.lead?.email, 'ana.lima@after.example');
  });
});
