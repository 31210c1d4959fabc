/**
 * Chat turns through the whole stack, with autocannon, against a baseline measured in the same run, and the
 * server's memory idle and after many conversations.
 *
 * Ours: the real server as a child process, compiled and started as `npm start` does it, real Redis, the fake Gemini in
 * its own process reached by the real @google/genai SDK through GEMINI_BASE_URL, rate limiters on (limits high
 * enough not to trip), LOG_LEVEL=warn. Baseline: test/bench/chat-baseline.server.ts, a minimal Express 5
 * handler doing one Redis round trip and the same streamed SDK call, also its own process.
 * Run alone: npm run bench:chat [-- --quick]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { makeDataDir, testEnv } from '../helpers/harness.js';
import { startTestRedis } from '../helpers/redis-server.js';
import {
  buildServer,
  compileBenchScript,
  cpuMs,
  formatRows,
  isMain,
  mb,
  ms,
  pct,
  peakRssMb,
  ratio,
  resetPeak,
  row,
  rssMb,
  sleep,
  startChild,
  yesNo,
  type Child,
  type Row,
} from './bench-utils.js';

export const CHAT_MESSAGE = 'Hi! Do you build online stores? Roughly what would a small shop cost?';
const CONCURRENCY = [1, 16, 64] as const;
const GOAL_THROUGHPUT = 0.6;
const GOAL_P99 = 2;
const GOAL_IDLE_RSS_MB = 150;

export interface ChatBenchOptions {
  quick: boolean;
  redisUrl: string;
  /** One-turn conversations for the memory figure (default 10,000; 1,000 in quick mode). */
  conversations?: number;
  /** Where the children's logs go. */
  workDir: string;
}

export interface ChatBenchResult {
  rows: Row[];
  notes: string[];
  /** Spawn-to-healthy of our server (a few leads) and of the baseline, for the start-up rows. */
  startupMs: { ours: number; baseline: number };
}

interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  /** Server CPU time (all threads) per successful turn, ms; NaN without a pid. */
  cpuPerTurn: number;
}

/**
 * Starts the fake Gemini child and waits for its `listening <url>` and `control <url>` lines. `keepAliveMs`:
 * see FAKE_GEMINI_KEEP_ALIVE_MS in fake-gemini.child.ts.
 */
export async function startFakeGeminiChild(keepAliveMs?: number): Promise<{
  url: string;
  /** GET <control>/last: the last request the fake received (see fake-gemini.child.ts). */
  control: string;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/fake-gemini.child.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...(keepAliveMs ? { FAKE_GEMINI_KEEP_ALIVE_MS: String(keepAliveMs) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [url, control] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      out += c;
      const m = /listening (\S+)\ncontrol (\S+)\n/.exec(out);
      if (m?.[1] && m[2]) resolve([m[1], m[2]]);
    });
    child.once('exit', (code) => reject(new Error(`fake Gemini exited with ${code}`)));
  });
  return {
    url,
    control,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'application/json', accept: 'text/event-stream' };

/** `connections` visitors, each its own client_id for the whole run, sending the same short message. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  sse: boolean,
  tag: string,
  pid?: number,
): Promise<LoadFigures> {
  const cpu0 = pid ? cpuMs(pid) : NaN;
  let next = 0;
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${url}/gemini/train`,
        method: 'POST',
        connections,
        duration: seconds,
        headers: sse ? sseHeaders : jsonHeaders,
        body: JSON.stringify({ content: CHAT_MESSAGE }),
        setupClient: (client) => {
          client.setBody(
            JSON.stringify({ client_id: `${tag}-c${connections}-${next++}-${Date.now()}`, content: CHAT_MESSAGE }),
          );
        },
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
    );
  });
  // autocannon's own histogram keeps whole milliseconds; its per-response times are exact.
  instance?.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await done;
  const ok = result['2xx'];
  const cpuPerTurn = pid ? (cpuMs(pid) - cpu0) / ok : NaN;
  return {
    rps: ok / result.duration,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    ok,
    bad: result.non2xx + result.errors + result.timeouts,
    cpuPerTurn,
  };
}

/** `amount` one-turn conversations, each with a new client_id. */
async function conversations(
  url: string,
  amount: number,
  tag: string,
): Promise<{ ok: number; bad: number; seconds: number }> {
  let n = 0;
  const body = (id: number) => JSON.stringify({ client_id: `${tag}-conv-${id}`, content: CHAT_MESSAGE });
  const result = await autocannon({
    url: `${url}/gemini/train`,
    method: 'POST',
    connections: 16,
    amount,
    headers: jsonHeaders,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body(n++) }) }],
  });
  return { ok: result['2xx'], bad: result.non2xx + result.errors + result.timeouts, seconds: result.duration };
}

/** A few leads and a few turns, as a server that has just started serving would have. */
async function warmUp(url: string, tag: string, withLeads: boolean): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const clientId = `${tag}-warm-${i}`;
    if (withLeads) {
      const res = await fetch(`${url}/gemini/save-info`, {
        method: 'POST',
        headers: jsonHeaders,
        body: JSON.stringify({ client_id: clientId, name: `Warm Visitor ${i}`, email: `warm${i}@example.com` }),
      });
      if (!res.ok) throw new Error(`save-info: HTTP ${res.status}`);
    }
    for (const headers of [jsonHeaders, sseHeaders]) {
      const res = await fetch(`${url}/gemini/train`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ client_id: clientId, content: CHAT_MESSAGE }),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${tag} warm-up: HTTP ${res.status}`);
    }
  }
}

/** Our server's environment in the chat benches: the fake Gemini, limits high enough not to trip, quiet logs. */
export function benchServerEnv(
  redisUrl: string,
  port: number,
  geminiUrl: string,
  dataDir: string,
): Record<string, string | undefined> {
  return testEnv(
    {
      REDIS_URL: redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      GEMINI_API_KEY: 'bench-gemini-key',
      GEMINI_BASE_URL: geminiUrl,
      RATE_LIMIT_HOURLY: '10000000',
      RATE_LIMIT_DAILY: '100000000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    dataDir,
  );
}

export async function measureChat(opts: ChatBenchOptions): Promise<ChatBenchResult> {
  const { quick, redisUrl, workDir } = opts;
  const seconds = quick ? 3 : 6;
  const convCount = opts.conversations ?? (quick ? 1000 : 10_000);
  mkdirSync(workDir, { recursive: true });
  const fake = await startFakeGeminiChild();
  const dataDir = makeDataDir();
  const [oursPort, basePort] = [await findFreePort(), await findFreePort()];
  const children: Child[] = [];
  try {
    const oursEnv = benchServerEnv(redisUrl, oursPort, fake.url, dataDir);
    const server = buildServer();
    const ours = await startChild(server.script, oursEnv, oursPort, path.join(workDir, 'server.log'), server.nodeArgs);
    children.push(ours);
    const baseEnv = {
      PORT: String(basePort),
      REDIS_URL: redisUrl,
      GEMINI_API_KEY: 'bench-gemini-key',
      GEMINI_BASE_URL: fake.url,
      NODE_ENV: 'production',
    };
    const base = await startChild(
      await compileBenchScript('test/bench/chat-baseline.server.ts'),
      baseEnv,
      basePort,
      path.join(workDir, 'baseline.log'),
    );
    children.push(base);

    const rows: Row[] = [];
    const notes: string[] = [];

    // Memory: idle (after start-up, 5 leads, 10 turns, a second of quiet), then after many one-turn conversations.
    await warmUp(ours.url, 'ours', true);
    await warmUp(base.url, 'base', false);
    await sleep(1000);
    const idle = { ours: rssMb(ours.pid), base: rssMb(base.pid) };
    const peakResettable = resetPeak(ours.pid) && resetPeak(base.pid);
    const convOurs = await conversations(ours.url, convCount, 'ours');
    const convBase = await conversations(base.url, convCount, 'base');
    await sleep(1000);
    const after = {
      ours: rssMb(ours.pid),
      base: rssMb(base.pid),
      oursPeak: peakRssMb(ours.pid),
      basePeak: peakRssMb(base.pid),
    };
    const convLabel = convCount.toLocaleString('en-US');
    rows.push(
      row(
        'memory',
        'server RSS idle (5 leads, 10 turns)',
        mb(idle.ours),
        mb(idle.base),
        ratio(idle.ours, idle.base),
        `< ${GOAL_IDLE_RSS_MB} MB`,
        yesNo(idle.ours < GOAL_IDLE_RSS_MB),
      ),
    );
    rows.push(
      row(
        'memory',
        `server RSS after ${convLabel} conversations`,
        mb(after.ours),
        mb(after.base),
        ratio(after.ours, after.base),
      ),
    );
    rows.push(
      row(
        'memory',
        `server peak RSS during them${peakResettable ? '' : ' (incl. start-up)'}`,
        mb(after.oursPeak),
        mb(after.basePeak),
        ratio(after.oursPeak, after.basePeak),
      ),
    );
    rows.push(
      row(
        'memory',
        `${convLabel} one-turn conversations (16 connections)`,
        `${(convOurs.ok / convOurs.seconds).toFixed(0)} req/s`,
        `${(convBase.ok / convBase.seconds).toFixed(0)} req/s`,
        ratio(convOurs.ok / convOurs.seconds, convBase.ok / convBase.seconds),
      ),
    );
    if (convOurs.bad || convBase.bad)
      notes.push(`conversations: ${convOurs.bad} failed requests (ours), ${convBase.bad} (baseline)`);

    // Throughput and latency. Each pair runs baseline then ours back to back so both see the same machine
    // load; in the full mode a second pair runs in the opposite order (ABBA) and the two are averaged.
    for (const sse of [false, true]) {
      const mode = sse ? 'SSE' : 'JSON';
      await load(base.url, 16, 1, sse, 'warm-base');
      await load(ours.url, 16, 1, sse, 'warm-ours');
      for (const c of CONCURRENCY) {
        const runs: Array<{ b: LoadFigures; o: LoadFigures }> = [];
        const b1 = await load(base.url, c, seconds, sse, 'base', base.pid);
        const o1 = await load(ours.url, c, seconds, sse, 'ours', ours.pid);
        runs.push({ b: b1, o: o1 });
        if (!quick) {
          const o2 = await load(ours.url, c, seconds, sse, 'ours', ours.pid);
          const b2 = await load(base.url, c, seconds, sse, 'base', base.pid);
          runs.push({ b: b2, o: o2 });
        }
        const avg = (pick: (f: LoadFigures) => number, side: 'b' | 'o') =>
          runs.reduce((s, r) => s + pick(r[side]), 0) / runs.length;
        const side = (k: 'b' | 'o') => ({
          rps: avg((f) => f.rps, k),
          p50: avg((f) => f.p50, k),
          p99: avg((f) => f.p99, k),
          cpu: avg((f) => f.cpuPerTurn, k),
        });
        const o = side('o');
        const b = side('b');
        const area = `chat ${mode}`;
        rows.push(
          row(
            area,
            `${c} visitors: throughput`,
            `${o.rps.toFixed(0)} req/s`,
            `${b.rps.toFixed(0)} req/s`,
            ratio(o.rps, b.rps),
            `≥ ${GOAL_THROUGHPUT}`,
            yesNo(o.rps / b.rps >= GOAL_THROUGHPUT),
          ),
        );
        rows.push(row(area, `${c} visitors: p50 latency`, ms(o.p50), ms(b.p50), ratio(o.p50, b.p50)));
        rows.push(
          row(
            area,
            `${c} visitors: p99 latency`,
            ms(o.p99),
            ms(b.p99),
            ratio(o.p99, b.p99),
            `< ${GOAL_P99}`,
            yesNo(o.p99 / b.p99 < GOAL_P99),
          ),
        );
        rows.push(row(area, `${c} visitors: server CPU per turn`, ms(o.cpu), ms(b.cpu), ratio(o.cpu, b.cpu)));
        const bad = runs.reduce((s, r) => s + r.o.bad + r.b.bad, 0);
        if (bad) notes.push(`${area}, ${c} visitors: ${bad} non-2xx/errors/timeouts`);
      }
    }
    notes.push(
      `chat: ${seconds} s per autocannon run${quick ? '' : ', ABBA (two runs each side, averaged)'}; each connection is one visitor with its own client_id ` +
        `sending "${CHAT_MESSAGE}"; the fake Gemini streams a 3-chunk reply at once (own process); memory figures use the fake Gemini.`,
    );
    return { rows, notes, startupMs: { ours: ours.startupMs, baseline: base.startupMs } };
  } finally {
    for (const c of children) await c.stop();
    await fake.stop();
  }
}

if (isMain(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const redis = await startTestRedis();
  try {
    const n = process.argv.find((a) => /^--conversations=\d+$/.test(a))?.split('=')[1];
    const result = await measureChat({
      quick,
      redisUrl: redis.url,
      workDir: makeDataDir(),
      ...(n ? { conversations: Number(n) } : {}),
    });
    process.stdout.write(`${formatRows(result.rows)}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
  } finally {
    await redis.stop();
  }
}
