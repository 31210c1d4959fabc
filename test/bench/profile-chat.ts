/**
 * Investigation aid (not part of npm run bench): runs the real server child under `node --cpu-prof` with the
 * turn-CPU bench's load (64 connections rotating over 200 visitors whose histories are at the cap, see
 * turn-cpu.bench.ts), then prints where the server's CPU time went (self time per function, per package, and
 * inclusive time per source file). `--side=sdk` or `--side=plain` profiles that baseline of the bench
 * (turn-baseline.server.ts) under the same load instead, to set ours's figures beside it.
 * Usage: node --import tsx test/bench/profile-chat.ts [--json] [--side=ours|sdk|plain] [--heap | --promoted] [seconds] [outDir]
 * (`--heap`: bytes allocated per turn by function; `--promoted`: only those that survived the young generation).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { makeDataDir, ROOT } from '../helpers/harness.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { buildServer, compileBenchScript, startChild } from './bench-utils.js';
import { benchServerEnv, CHAT_MESSAGE, startFakeGeminiChild } from './chat.bench.js';
import { lastRequest, rotatingLoad, seedHistories, systemTextOf, turn, visitorId } from './turn-cpu.bench.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/**
 * V8's sampling heap profiler over the server's inspector, every allocation counted whether or not it was
 * collected since (what a turn allocates, the work of the garbage collector), not only what is still alive.
 */
async function startHeapSampling(port: number, promotedOnly: boolean): Promise<{ stop(): Promise<HeapNode> }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const ws = new WebSocket(targets[0]?.webSocketDebuggerUrl ?? '');
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const mine = ++id;
      ws.addEventListener('message', function onMessage(e: MessageEvent) {
        const msg = JSON.parse(String(e.data)) as { id?: number; result?: Record<string, unknown> };
        if (msg.id !== mine) return;
        ws.removeEventListener('message', onMessage);
        resolve(msg.result ?? {});
      });
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  await call('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !promotedOnly,
  });
  return {
    stop: async () => {
      const { profile } = (await call('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
      ws.close();
      return profile.head;
    },
  };
}

/** The `n` largest entries, one a line: share of `total`, the amount per turn (`perTurn`), the name. */
function largest(m: Map<string, number>, n: number, total: number, perTurn: (v: number) => string): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}% ${perTurn(v)}  ${k}`)
    .join('\n');
}

/** Bytes allocated per turn: by function (self) and by package or source file (inclusive). */
function printAllocations(head: HeapNode, turns: number): void {
  const byFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: Set<string>) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.includes('node_modules/')
      ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url)
      : (/\/(?:src|dist)\/(.+)$/.exec(url)?.[1] ?? url) || '(native)';
    const inner = new Set(stack).add(where);
    if (node.selfSize) {
      total += node.selfSize;
      const key = `${functionName || '(anonymous)'} ${where}:${lineNumber}`;
      byFn.set(key, (byFn.get(key) ?? 0) + node.selfSize);
      for (const w of inner) inclusive.set(w, (inclusive.get(w) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, inner);
  };
  walk(head, new Set());
  const top = (m: Map<string, number>, n: number) =>
    largest(m, n, total, (v) => `${(v / turns / 1024).toFixed(1).padStart(6)} KB/turn`);
  process.stdout.write(
    `allocated: ${(total / turns / 1024).toFixed(0)} KB per turn\n\ninclusive by package / source file:\n${top(inclusive, 30)}\n\nself by function:\n${top(byFn, 40)}\n`,
  );
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mode = process.argv.includes('--json') ? 'json' : 'sse';
const seconds = Number(args[0] ?? 10);
const outDir = path.resolve(args[1] ?? makeDataDir());
const side = process.argv.find((a) => a.startsWith('--side='))?.slice('--side='.length) ?? 'ours';
if (!['ours', 'sdk', 'plain'].includes(side)) throw new Error(`--side: ours, sdk or plain, not ${side}`);

const redis = await startTestRedis();
const fake = await startFakeGeminiChild();
const port = await findFreePort();
const env = benchServerEnv(redis.url, port, fake.url, makeDataDir());
env.SYSTEM_INSTRUCTION_FILE = path.join(ROOT, 'system_instruction.txt');
const cap = loadConfig(env, { cwd: ROOT }).maxHistoryMessages;
await seedHistories(redis.url, cap);
const heap = process.argv.includes('--heap') || process.argv.includes('--promoted');
/** `--promoted`: only what survived the young generation's collections (what the full collections then mark). */
const promotedOnly = process.argv.includes('--promoted');
const inspectPort = heap ? await findFreePort() : 0;
// More node flags for the server (e.g. --trace-gc-nvp, whose lines land in <outDir>/server.log).
const extraArgs = process.env.PROFILE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
const profileArgs = [
  ...(heap ? [`--inspect=127.0.0.1:${inspectPort}`] : ['--cpu-prof', `--cpu-prof-dir=${outDir}`]),
  ...extraArgs,
];
/** The system text ours sends, written to a file: one turn of ours, read back from the fake. */
async function oursSystemText(): Promise<string> {
  const command = buildServer();
  const ours = await startChild(command.script, env, port, path.join(outDir, 'ours-system.log'), command.nodeArgs);
  try {
    await turn(ours.url, visitorId(0), CHAT_MESSAGE, 'sse');
  } finally {
    await ours.stop();
  }
  const file = path.join(outDir, 'system-text.txt');
  writeFileSync(file, systemTextOf(await lastRequest(fake.control)));
  return file;
}

const spawnedAt = performance.now();
const command = buildServer();
const server =
  side === 'ours'
    ? await startChild(command.script, env, port, path.join(outDir, 'server.log'), [
        ...command.nodeArgs,
        ...profileArgs,
      ])
    : await startChild(
        await compileBenchScript('test/bench/turn-baseline.server.ts'),
        {
          PORT: String(port),
          REDIS_URL: redis.url,
          GEMINI_BASE_URL: fake.url,
          BASELINE_MODE: side,
          // Exactly ours's system text, as the bench sends: its size, and its characters (ours's holds an em
          // dash, which makes every string built from it two bytes a character), weigh in what a turn allocates.
          BASELINE_SYSTEM_FILE: await oursSystemText(),
          MAX_HISTORY_MESSAGES: String(cap),
          NODE_ENV: 'production',
        },
        port,
        path.join(outDir, 'server.log'),
        profileArgs,
      );
await rotatingLoad(server.url, server.pid, mode, 2);
const skipUs = (performance.now() - spawnedAt) * 1000;
const sampling = heap ? await startHeapSampling(inspectPort, promotedOnly) : undefined;
const figures = await rotatingLoad(server.url, server.pid, mode, seconds);
const heapProfile = await sampling?.stop();
await server.stop();
await fake.stop();
await redis.stop();
process.stdout.write(
  `load (${side}, ${mode}): ${figures.rps.toFixed(0)} req/s, p99 ${figures.p99.toFixed(1)} ms, bad ${figures.bad}, server CPU ${figures.cpuPerTurn.toFixed(2)} ms per turn\n`,
);

if (heapProfile) {
  writeFileSync(path.join(outDir, 'allocations.heapprofile'), JSON.stringify({ head: heapProfile }));
  process.stdout.write(`heap profile: ${path.join(outDir, 'allocations.heapprofile')}\n`);
  printAllocations(heapProfile, figures.ok);
  process.exit(0);
}

const file = readdirSync(outDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as Profile;
// Only the measured load: samples of start-up and warm-up are skipped.
const self = new Map<number, number>();
let clock = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  clock += dt;
  if (clock >= skipUs) self.set(id, (self.get(id) ?? 0) + dt);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
/** Ours's own code only: self time by source file. */
const byOwnFile = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  if (!t) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(?:src|dist)\//, 'src/')}:${lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg = url.includes('node_modules/')
    ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? 'node_modules')
    : url.includes('/src/') || url.includes('/dist/')
      ? 'src (ours)'
      : url.startsWith('node:') || !url.includes('/')
        ? url || `(${functionName || 'native'})`
        : url;
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
  const own = url.includes('node_modules/') ? undefined : /\/(?:src|dist)\/(.+)$/.exec(url)?.[1];
  if (own) byOwnFile.set(own, (byOwnFile.get(own) ?? 0) + t);
}
const top = (m: Map<string, number>, n: number) =>
  largest(m, n, total, (v) => `${(v / figures.ok).toFixed(0).padStart(5)} µs/turn`);
// Inclusive time: a sample counts for every package or source file on its stack (synchronous parts only:
// what runs after an await is attributed to the code that resumes, under the microtask queue).
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const category = (url: string): string | undefined => {
  if (url.includes('node_modules/')) return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const m = /\/(?:src|dist)\/(.+)$/.exec(url);
  return m ? `src/${m[1]}` : undefined;
};
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const c = category(byId.get(cur)?.callFrame.url ?? '');
    if (c) seen.add(c);
  }
  for (const c of seen) inclusive.set(c, (inclusive.get(c) ?? 0) + t);
}
process.stdout.write(`\ninclusive time by package / source file:\n${top(inclusive, 30)}\n`);
const ownTotal = [...byOwnFile.values()].reduce((a, b) => a + b, 0);
process.stdout.write(
  `\nours's own code, self time: ${(ownTotal / figures.ok).toFixed(0)} µs per turn; by source file:\n${top(byOwnFile, 25)}\n`,
);
process.stdout.write(
  `profile: ${path.join(outDir, file)}\n\nself time by package:\n${top(byPkg, 25)}\n\nself time by function:\n${top(byFn, 40)}\n`,
);
