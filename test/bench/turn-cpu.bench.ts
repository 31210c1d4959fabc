/**
 * Server CPU per chat turn, three servers side by side in one run, against the same fake Gemini child:
 *   plain — a bare Express 5 + ioredis server, the LLM called with a plain `fetch` (turn-baseline.server.ts);
 *   SDK   — the same bare server calling the fake through @google/genai, as ours does;
 *   ours  — the real server, compiled and started as `npm start` does, limits on but high, LOG_LEVEL=warn.
 * Load: 64 concurrent connections, the requests rotating over 200 visitors whose histories are at the cap
 * (seeded in Redis the way each server stores them, so every turn reads, sends and trims a full history).
 * Each side's request body to the fake is the same size: the baselines send the system text ours sent.
 * CPU per turn = the server process's user+system time (/proc/<pid>/stat) over the turns it completed, each run a
 * fixed number of turns that all finish (see LoadLength), the CPU read once the server is idle again. Each
 * measurement runs in rounds (see ROUNDS), every side once per round in a rotating order; the ratios to the SDK
 * baseline are taken within each round and their median printed, beside each side's median.
 * Also: ours's prompt size per turn of a 10-turn conversation (characters sent to the LLM).
 * Run alone: npm run bench:turn-cpu [-- --quick] [--sse-only] [--rounds=N] [--seconds=S]
 * [--node-args='<node flags for every server alike>'] [--compare=<another checkout, e.g. of the commit before a
 * change, with node_modules>]: the last adds that checkout's server as a fourth column, same load, and its ratio
 * to ours in each round.
 * `-- --instructions [--quick]`: instructions per turn counted by valgrind instead of CPU time, which the machine's
 * load does not move (see measureTurnInstructions and docs/benchmarks.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { makeDataDir, ROOT } from '../helpers/harness.js';
import type { RecordedRequest } from '../helpers/fake-gemini.js';
import { startTestRedis } from '../helpers/redis-server.js';
import {
  buildServer,
  hasValgrind,
  compileBenchScript,
  cpuMs,
  isMain,
  markdownTable,
  ms,
  pct,
  ratio,
  sleep,
  startChild,
  yesNo,
  type Child,
} from './bench-utils.js';
import { benchServerEnv, CHAT_MESSAGE, startFakeGeminiChild } from './chat.bench.js';
import { FAKE_REPLY_CHUNKS } from './fake-reply.js';

const CONNECTIONS = 64;
const VISITORS = 200;
/**
 * Rounds per measurement: each round runs every side once, one after the other, so the sides of a round meet
 * the same load from the other sessions on this machine; the ratios are taken per round and their median
 * printed (a side's CPU per turn moved 3-5x between runs as that load came and went, within seconds less).
 */
const ROUNDS = 7;
const QUICK_ROUNDS = 3;
export const GOAL_OURS_PER_SDK = 1.25;
const SIDES = ['plain', 'sdk', 'ours'] as const;
/** `before`: the server of another checkout (--compare), for a before/after column measured in the same run. */
type Side = (typeof SIDES)[number] | 'before';
export type Mode = 'sse' | 'json';

export interface TurnCpuOptions {
  quick: boolean;
  redisUrl: string;
  workDir: string;
  /** Visitor answers measured: SSE (the widget's default) and the JSON envelope. */
  modes?: Mode[];
  /** Another checkout of this repository (its node_modules installed): its server is a fourth column. */
  compareDir?: string;
  /** Node flags for every side's server alike (a diagnosis, e.g. --no-memory-reducer; npm start passes none). */
  nodeArgs?: string[];
  /** Rounds (see ROUNDS); each run of a side lasts about `seconds`. */
  rounds?: number;
  seconds?: number;
}

interface Run {
  cpuPerTurn: number;
  /** Of that, what the server used after the last answer, until idle (ms per turn). */
  tailPerTurn: number;
  rps: number;
  p99: number;
  ok: number;
  bad: number;
  /** What the failed requests got (status or error), counted. */
  problems?: string;
}

export interface TurnCpuResult {
  /** The three-column table (Markdown) and its notes. */
  table: string;
  notes: string[];
  /** Medians by visitor answer and side. */
  medians: Partial<Record<Mode, Record<(typeof SIDES)[number], Run>>>;
  /** Median of the per-round ratios of CPU per turn, by visitor answer: ours ÷ SDK (and ours ÷ before). */
  pairedRatios: Partial<Record<Mode, { oursPerSdk: number; oursPerBefore?: number }>>;
}

export const visitorId = (i: number) => `turn-cpu-visitor-${String(i).padStart(4, '0')}`;
const FAKE_REPLY = FAKE_REPLY_CHUNKS.join('');

/** The Redis list key of a visitor's history on each side (ours: src/chat/session.store.ts). */
const historyKey = (side: Side, clientId: string) =>
  side === 'ours' || side === 'before' ? `chat:${clientId}:history` : `turnbase:${side}:${clientId}`;

/** Fills every visitor's history on every side to the cap, as the servers store it ({role, text, at} JSON). */
export async function seedHistories(redisUrl: string, cap: number): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const at = new Date().toISOString();
    const messages = Array.from({ length: cap }, (_, i) =>
      JSON.stringify(i % 2 === 0 ? { role: 'user', text: CHAT_MESSAGE, at } : { role: 'model', text: FAKE_REPLY, at }),
    );
    const multi = redis.multi();
    for (let v = 0; v < VISITORS; v++) {
      for (const side of SIDES) {
        const key = historyKey(side, visitorId(v));
        multi
          .del(key)
          .rpush(key, ...messages)
          .expire(key, 24 * 3600);
      }
    }
    await multi.exec();
  } finally {
    redis.disconnect();
  }
}

const headersOf = (mode: Mode) =>
  mode === 'sse'
    ? { 'content-type': 'application/json', accept: 'text/event-stream' }
    : { 'content-type': 'application/json' };

/**
 * How long a load runs: `seconds`, or exactly `turns` requests. With a duration, autocannon cuts off the
 * requests still in flight when it ends (up to one per connection), whose turns the server still runs to the end
 * (LLM call, save) after the CPU was read, or during the next run: with p99 latencies of seconds at 64
 * connections that was up to a quarter of a slow server's run, charged to the turns counted. A count of turns
 * lets every request finish, so the CPU read after it is exactly theirs.
 */
export type LoadLength = { seconds: number } | { turns: number };

/** Waits until the process has used no CPU for 300 ms (at most 20 s). */
export async function untilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = cpuMs(pid);
  let quiet = 0;
  while (quiet < 3 && Date.now() < deadline) {
    await sleep(100);
    const now = cpuMs(pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

/** Turns for about `seconds` at the rate a previous run reached (at least 100). */
export const turnsFor = (seconds: number, previous: Run) => ({
  turns: Math.max(100, Math.round(previous.rps * seconds)),
});

/** `connections` connections sending turns (see LoadLength), each request the next of the 200 visitors in turn. */
export async function rotatingLoad(
  url: string,
  pid: number,
  mode: Mode,
  length: LoadLength | number,
  options: { timeoutSeconds?: number; connections?: number } = {},
): Promise<Run> {
  const { timeoutSeconds = 60, connections = CONNECTIONS } = options;
  const size = typeof length === 'number' ? { seconds: length } : length;
  let next = 0;
  const latencies: number[] = [];
  const cpu0 = cpuMs(pid);
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${url}/gemini/train`,
        method: 'POST',
        connections,
        ...('turns' in size ? { amount: size.turns, timeout: timeoutSeconds } : { duration: size.seconds }),
        headers: headersOf(mode),
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                client_id: visitorId(next++ % VISITORS),
                content: CHAT_MESSAGE,
              }),
            }),
          },
        ],
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
    );
  });
  const problems = new Map<string, number>();
  const count = (problem: string) => problems.set(problem, (problems.get(problem) ?? 0) + 1);
  instance?.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else count(`HTTP ${statusCode}`);
  });
  instance?.on('reqError', (err: Error) => count(err.message));
  const result = await done;
  const cpuAtLastAnswer = cpuMs(pid);
  // What the server does after the last answer (the conversation log's queued write, the turns of cut-off
  // requests) is read with this run, and does not leak into the next one.
  await untilIdle(pid);
  const ok = result['2xx'];
  return {
    cpuPerTurn: (cpuMs(pid) - cpu0) / ok,
    tailPerTurn: (cpuMs(pid) - cpuAtLastAnswer) / ok,
    rps: ok / result.duration,
    p99: pct(latencies, 99),
    ok,
    bad: result.non2xx + result.errors + result.timeouts,
    problems: [...problems].map(([p, n]) => `${n}× ${p}`).join(', '),
  };
}

/** One turn, read to the end; fails unless the reply is the fake's (not a fallback). */
export async function turn(url: string, clientId: string, content: string, mode: Mode): Promise<void> {
  const res = await fetch(`${url}/gemini/train`, {
    method: 'POST',
    headers: headersOf(mode),
    body: JSON.stringify({ client_id: clientId, content }),
  });
  const text = await res.text();
  if (!res.ok || !text.includes('four to six weeks')) throw new Error(`turn failed: HTTP ${res.status} ${text}`);
}

export async function lastRequest(control: string): Promise<RecordedRequest> {
  const res = await fetch(`${control}/last`);
  if (!res.ok) throw new Error('the fake Gemini has seen no request');
  return (await res.json()) as RecordedRequest;
}

export const systemTextOf = (req: RecordedRequest) => {
  const si = req.body.systemInstruction;
  return typeof si === 'string' ? si : (si?.parts ?? []).map((p) => p.text ?? '').join('');
};
const contentsChars = (req: RecordedRequest) =>
  (req.body.contents ?? []).reduce((n, c) => n + c.parts.reduce((m, p) => m + (p.text ?? '').length, 0), 0);

/** What ours sends the LLM on each turn of one new 10-turn conversation. */
async function promptSizes(url: string, control: string): Promise<string> {
  const messages = [
    'Hi! Do you build online stores?',
    'Roughly what would a small shop cost?',
    'How long would it take?',
    'Do you also do the product photos?',
    'We sell handmade candles, about 40 products.',
    'Can you connect it to our stock spreadsheet?',
    'What about hosting and maintenance afterwards?',
    'Do you have examples of shops you built?',
    'Is there a discount for a small business?',
    'OK, thanks, that helps a lot.',
  ];
  const clientId = `turn-cpu-prompt-${Date.now()}`;
  const rows: string[][] = [];
  for (const [i, message] of messages.entries()) {
    await turn(url, clientId, message, 'json');
    const req = await lastRequest(control);
    const system = systemTextOf(req).length;
    const history = contentsChars(req);
    const body = JSON.stringify(req.body).length;
    rows.push([
      String(i + 1),
      String(system),
      String(history),
      String(req.body.contents?.length ?? 0),
      String(body),
      String(Math.round((system + history) / 4)),
    ]);
  }
  return markdownTable(['turn', 'system chars', 'contents chars', 'contents', 'body bytes', '~tokens (chars/4)'], rows);
}

function median(runs: Run[]): Run {
  const mid = (pick: (r: Run) => number) => pct(runs.map(pick), 50);
  return {
    cpuPerTurn: mid((r) => r.cpuPerTurn),
    tailPerTurn: mid((r) => r.tailPerTurn),
    rps: mid((r) => r.rps),
    p99: mid((r) => r.p99),
    ok: runs.reduce((s, r) => s + r.ok, 0),
    bad: runs.reduce((s, r) => s + r.bad, 0),
  };
}

export async function measureTurnCpu(opts: TurnCpuOptions): Promise<TurnCpuResult> {
  const { quick, redisUrl, workDir } = opts;
  const modes = opts.modes ?? ['sse', 'json'];
  const seconds = opts.seconds ?? 3;
  const rounds = opts.rounds ?? (quick ? QUICK_ROUNDS : ROUNDS);
  const loadBefore = os.loadavg();
  const extraArgs = opts.nodeArgs ?? [];
  const fake = await startFakeGeminiChild();
  const children: Child[] = [];
  try {
    const oursPort = await findFreePort();
    const oursEnv = benchServerEnv(redisUrl, oursPort, fake.url, makeDataDir());
    // The real instruction the project ships, not the test one-liner: the prompt's size matters here.
    oursEnv.SYSTEM_INSTRUCTION_FILE = path.join(ROOT, 'system_instruction.txt');
    const cap = loadConfig(oursEnv, { cwd: ROOT }).maxHistoryMessages;
    await seedHistories(redisUrl, cap);
    const server = buildServer();
    const ours = await startChild(server.script, oursEnv, oursPort, path.join(workDir, 'ours.log'), [
      ...server.nodeArgs,
      ...extraArgs,
    ]);
    children.push(ours);

    // One turn of ours at the cap tells the baselines what system text to send (same request size).
    const prompts = await promptSizes(ours.url, fake.control);
    await turn(ours.url, visitorId(0), CHAT_MESSAGE, 'sse');
    const oursRequest = await lastRequest(fake.control);
    const systemFile = path.join(workDir, 'system-text.txt');
    writeFileSync(systemFile, systemTextOf(oursRequest));
    const script = await compileBenchScript('test/bench/turn-baseline.server.ts');
    const servers: Record<Side, Child> = { ours } as Record<Side, Child>;
    const bodyBytes: Partial<Record<Side, number>> = {
      ours: JSON.stringify(oursRequest.body).length,
    };
    for (const side of ['plain', 'sdk'] as const) {
      const port = await findFreePort();
      const env = baselineEnv({ side, redisUrl, port, geminiUrl: fake.url, systemFile, cap });
      const child = await startChild(script, env, port, path.join(workDir, `${side}.log`), extraArgs);
      children.push(child);
      servers[side] = child;
      await turn(child.url, visitorId(0), CHAT_MESSAGE, 'sse');
      bodyBytes[side] = JSON.stringify((await lastRequest(fake.control)).body).length;
    }

    const sides: Side[] = [...SIDES];
    if (opts.compareDir) {
      const dir = path.resolve(opts.compareDir);
      execFileSync(process.execPath, ['scripts/build.mjs'], {
        cwd: dir,
        stdio: 'inherit',
      });
      const port = await findFreePort();
      const env = { ...oursEnv, PORT: String(port), DATA_DIR: makeDataDir() };
      const before = await startChild(path.join(dir, server.script), env, port, path.join(workDir, 'before.log'), [
        ...server.nodeArgs,
        ...extraArgs,
      ]);
      children.push(before);
      servers.before = before;
      sides.push('before');
    }
    const medians: TurnCpuResult['medians'] = {};
    const pairedRatios: TurnCpuResult['pairedRatios'] = {};
    const rows: string[][] = [];
    let bad = 0;
    for (const mode of modes) {
      // The warm-up's rate sets each side's number of turns per run (about `seconds` each).
      const warm: Partial<Record<Side, Run>> = {};
      for (const side of sides)
        warm[side] = await rotatingLoad(servers[side].url, servers[side].pid, mode, quick ? 1 : 2);
      const runs: Record<Side, Run[]> = {
        plain: [],
        sdk: [],
        ours: [],
        before: [],
      };
      for (let r = 0; r < rounds; r++) {
        // Rotating order (plain, sdk, ours / sdk, ours, plain / ours, plain, sdk): no side always goes first.
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(r + k) % sides.length] as Side;
          const length = turnsFor(seconds, warm[side] as Run);
          runs[side].push(await rotatingLoad(servers[side].url, servers[side].pid, mode, length));
        }
      }
      const m = {
        plain: median(runs.plain),
        sdk: median(runs.sdk),
        ours: median(runs.ours),
      };
      const before = runs.before.length > 0 ? median(runs.before) : undefined;
      medians[mode] = m;
      /** `a` ÷ `b` in each round (runs seconds apart), and their median: the figure least moved by the machine. */
      const perRound = (a: Side, b: Side) => runs[a].map((x, r) => x.cpuPerTurn / (runs[b][r] as Run).cpuPerTurn);
      const oursPerSdk = perRound('ours', 'sdk');
      const oursPerBefore = before ? perRound('ours', 'before') : undefined;
      pairedRatios[mode] = {
        oursPerSdk: pct(oursPerSdk, 50),
        ...(oursPerBefore ? { oursPerBefore: pct(oursPerBefore, 50) } : {}),
      };
      bad += m.plain.bad + m.sdk.bad + m.ours.bad + (before?.bad ?? 0);
      const label = mode === 'sse' ? 'SSE (widget)' : 'JSON';
      const ok = pct(oursPerSdk, 50) <= GOAL_OURS_PER_SDK;
      /** A row: the figure per side, ours ÷ SDK, SDK ÷ plain, goal, met, and before / before ÷ SDK with --compare. */
      const line = (measure: string, pick: (r: Run) => number, show: (n: number) => string, goal = '', met = '') => [
        `${label}: ${measure}`,
        show(pick(m.plain)),
        show(pick(m.sdk)),
        show(pick(m.ours)),
        ratio(pick(m.ours), pick(m.sdk)),
        ratio(pick(m.sdk), pick(m.plain)),
        goal,
        met,
        ...(before ? [show(pick(before)), ratio(pick(before), pick(m.sdk))] : []),
      ];
      rows.push(line('server CPU per turn (medians)', (r) => r.cpuPerTurn, ms));
      const show = (xs: number[]) => xs.map((x) => x.toFixed(2)).join('/');
      rows.push([
        `${label}: CPU per turn ÷ SDK's, median of the ${rounds} rounds`,
        ratio(pct(perRound('plain', 'sdk'), 50), 1),
        '1.00',
        ratio(pct(oursPerSdk, 50), 1),
        ratio(pct(oursPerSdk, 50), 1),
        '',
        `≤ ${GOAL_OURS_PER_SDK}`,
        yesNo(ok),
        ...(before ? [ratio(pct(perRound('before', 'sdk'), 50), 1), ratio(pct(perRound('before', 'sdk'), 50), 1)] : []),
      ]);
      rows.push([
        `${label}: ours ÷ SDK in each round`,
        '',
        '',
        show(oursPerSdk),
        '',
        '',
        '',
        '',
        ...(before
          ? [`ours ÷ before: ${show(oursPerBefore ?? [])} (median ${ratio(pct(oursPerBefore ?? [], 50), 1)})`, '']
          : []),
      ]);
      const spread = (side: Side) => show(runs[side].map((x) => x.cpuPerTurn));
      rows.push([
        `${label}: CPU per turn (ms), each round`,
        spread('plain'),
        spread('sdk'),
        spread('ours'),
        '',
        '',
        '',
        '',
        ...(before ? [spread('before'), ''] : []),
      ]);
      rows.push(
        line(
          'throughput',
          (r) => r.rps,
          (n) => `${n.toFixed(0)} req/s`,
        ),
      );
      rows.push(line('p99 latency', (r) => r.p99, ms));
      rows.push(line('CPU after the last answer, per turn (medians)', (r) => r.tailPerTurn, ms));
    }
    const table = markdownTable(
      turnTableHeader(CONNECTIONS, cap, opts.compareDir ? ['before (--compare)', 'before ÷ SDK'] : []),
      rows,
    );
    const notes = [
      `turn CPU: ${CONNECTIONS} connections, each request the next of ${VISITORS} visitors whose histories are seeded at the cap (${cap} messages); ` +
        `runs of about ${seconds} s (a fixed number of turns per side, from its warm-up rate, every request answered), ${rounds} rounds of one run per side in rotating order; ratios are taken within each round and their median shown; CPU = user+system of the server process, all threads (/proc), read once it is idle again, ÷ turns. ` +
        `All three call the same fake Gemini child's streamGenerateContent (ours and SDK through @google/genai, plain with fetch); ` +
        `request bodies to the fake: plain ${bodyBytes.plain} B, SDK ${bodyBytes.sdk} B, ours ${bodyBytes.ours} B. ` +
        `The baselines read the history (LRANGE), append the turn and trim (MULTI) and nothing else.`,
      ...(bad ? [`turn CPU: ${bad} non-2xx/errors/timeouts in the runs`] : []),
      ...(extraArgs.length ? [`turn CPU: every server run with node ${extraArgs.join(' ')}`] : []),
      `turn CPU: load average (1 min) ${loadBefore[0]?.toFixed(1)} before, ${os.loadavg()[0]?.toFixed(1)} after, on ${os.availableParallelism()} CPUs`,
    ];
    return {
      table: `${table}\n\nOurs's prompt per turn of a 10-turn conversation (new visitor):\n\n${prompts}`,
      notes,
      medians,
      pairedRatios,
    };
  } finally {
    for (const c of children) await c.stop();
    await fake.stop();
  }
}

/**
 * Turns of the instruction mode: every side runs twice, `warmUp` turns, and `warmUp` + `counted` turns; the
 * difference of the two counts over `counted` is its instructions per turn (start-up, warm-up and shutdown
 * cancel out).
 */
const INSTRUCTION_TURNS = { warmUp: 1000, counted: 2000 };
const QUICK_INSTRUCTION_TURNS = { warmUp: 500, counted: 1000 };
/**
 * Concurrent visitors of the instruction mode: fewer than the time-based mode's 64. Under valgrind a turn takes
 * ~50x (under this machine's load, more) the wall time it takes natively, and at 64 in flight ours's Redis
 * commands outlived their 1.5 s timeout (fixed in src/infra/redis.client.ts, not an env variable): a failed
 * turn is other work. At 16 that still happened now and then (the process is then counted again).
 */
const INSTRUCTION_CONNECTIONS = 16;
/**
 * `--slow-clock=N` (experimental): the counted server's clock runs N times slower (libfaketime), so that its
 * timeouts and timers see a turn last about as long as natively. Not yet usable: in its one try (N = 50, 64
 * connections) ours's 400-turn process had not finished after 18 minutes (the baselines' took 6), not
 * investigated.
 */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
/** How many servers run under valgrind at once (each with its own redis-server). */
const INSTRUCTION_PARALLEL = 3;

export interface TurnInstructionsOptions {
  quick: boolean;
  workDir: string;
  mode?: Mode;
  /** Another checkout of this repository (its node_modules installed): its server is a fourth column. */
  compareDir?: string;
  warmUp?: number;
  counted?: number;
  /** Node flags for every side's server alike (beside --single-threaded). */
  nodeArgs?: string[];
  parallel?: number;
  connections?: number;
  /** See --slow-clock (experimental). */
  slowClock?: number;
  /** Also count each side idle for this many seconds after its warm-up (a third process per side). */
  idleSeconds?: number;
  /** Only these sides (e.g. ours alone while trying a change); all by default. */
  sides?: Side[];
}

export interface TurnInstructionsResult {
  table: string;
  notes: string[];
  /** Instructions per turn by side. */
  perTurn: Partial<Record<Side, number>>;
  oursPerSdk: number;
}

interface CountedServer {
  script: string;
  nodeArgs: string[];
  env: (redisUrl: string, port: number) => Record<string, string | undefined>;
}

/** The environment of a baseline server (turn-baseline.server.ts), in either mode alike. */
function baselineEnv(o: {
  side: 'plain' | 'sdk';
  redisUrl: string;
  port: number;
  geminiUrl: string;
  systemFile: string;
  cap: number;
}): Record<string, string> {
  return {
    PORT: String(o.port),
    REDIS_URL: o.redisUrl,
    GEMINI_BASE_URL: o.geminiUrl,
    BASELINE_MODE: o.side,
    BASELINE_SYSTEM_FILE: o.systemFile,
    MAX_HISTORY_MESSAGES: String(o.cap),
    NODE_ENV: 'production',
  };
}

/** The header of a table of the three sides per turn (the time mode's and the instruction mode's alike). */
function turnTableHeader(connections: number, cap: number, compared: string[]): string[] {
  return [
    `${connections} visitors of ${VISITORS}, history at ${cap}`,
    'plain HTTP',
    'SDK',
    'ours',
    'ours ÷ SDK',
    'SDK ÷ plain',
    'goal',
    'met',
    ...compared,
  ];
}

/**
 * Instructions of one server process (valgrind's cachegrind, node --single-threaded so that V8's compilers and
 * garbage collector run on the counted main thread in the same order every time) from its start to its exit,
 * having served the given loads one after the other, each a fixed number of turns on fresh histories at the cap
 * in a redis-server of its own. A process with a failed turn (a timeout of ours under valgrind's slowness) is
 * counted again, up to three times: its count would be of other work.
 */
async function countServer(
  server: CountedServer,
  mode: Mode,
  loads: number[],
  connections: number,
  cap: number,
  logFile: string,
  idleSeconds = 0,
  slowClock = 1,
): Promise<Counted> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const redis = await startTestRedis();
    try {
      await seedHistories(redis.url, cap);
      const port = await findFreePort();
      const valgrindLog = `${logFile}.${attempt}.valgrind`;
      const command = [
        'valgrind',
        '--tool=cachegrind',
        '--cache-sim=no',
        // Kept beside the log: cg_diff of a side's two processes gives the counted turns' instructions by function.
        `--cachegrind-out-file=${logFile}.${attempt}.cg`,
        `--log-file=${valgrindLog}`,
      ];
      const env = {
        ...server.env(redis.url, port),
        ...(slowClock > 1 ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: `+0 x${1 / slowClock}` } : {}),
      };
      const child = await startChild(server.script, env, port, logFile, ['--single-threaded', ...server.nodeArgs], {
        command,
        healthTimeoutMs: 900_000,
      });
      let failed = '';
      const loadSeconds: number[] = [];
      try {
        for (const turns of loads) {
          const t0 = Date.now();
          const run = await rotatingLoad(child.url, child.pid, mode, { turns }, { timeoutSeconds: 900, connections });
          loadSeconds.push((Date.now() - t0) / 1000);
          if (run.bad > 0 || run.ok !== turns) {
            failed = `${run.bad} of ${turns} turns failed (${run.problems ?? ''}); see ${logFile}`;
            break;
          }
        }
        if (!failed && idleSeconds > 0) await sleep(idleSeconds * 1000);
      } finally {
        await child.stop();
      }
      if (failed) {
        if (attempt >= 3) throw new Error(failed);
        process.stderr.write(`turn instructions: ${failed}; counting again\n`);
        continue;
      }
      const refs = /I\s+refs:\s+([\d,]+)/.exec(readFileSync(valgrindLog, 'utf8'))?.[1];
      if (!refs) throw new Error(`no instruction count from valgrind in ${valgrindLog}`);
      return {
        instructions: Number(refs.replace(/,/g, '')),
        wallSeconds: (Date.now() - started) / 1000,
        attempts: attempt,
        loadSeconds,
      };
    } finally {
      await redis.stop();
    }
  }
}

interface Counted {
  instructions: number;
  /** From the first start to the exit of the counted process (failed attempts included). */
  wallSeconds: number;
  attempts: number;
  /** Wall time of each load (until the server was idle again). */
  loadSeconds: number[];
}

/** Runs `tasks` at most `limit` at a time. */
async function inPool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * The load-independent measure: instructions per turn of each side, counted by valgrind, with the same load as
 * the time-based mode (64 connections rotating over 200 visitors, histories at the cap, the same request
 * sizes). Each side runs twice in its own process: `warmUp` turns, then `warmUp` + `counted` turns; per turn =
 * (second count − first) ÷ `counted`.
 */
export async function measureTurnInstructions(opts: TurnInstructionsOptions): Promise<TurnInstructionsResult> {
  if (!hasValgrind()) throw new Error('the instruction mode needs valgrind (apt-get install valgrind)');
  if ((opts.slowClock ?? 1) > 1 && !existsSync(LIBFAKETIME)) {
    throw new Error(`--slow-clock needs ${LIBFAKETIME} (apt-get install libfaketime)`);
  }
  const { quick, workDir } = opts;
  const mode = opts.mode ?? 'sse';
  const turns = quick ? QUICK_INSTRUCTION_TURNS : INSTRUCTION_TURNS;
  const warmUp = opts.warmUp ?? turns.warmUp;
  const counted = opts.counted ?? turns.counted;
  const extraArgs = opts.nodeArgs ?? [];
  const connections = opts.connections ?? INSTRUCTION_CONNECTIONS;
  const slowClock = opts.slowClock ?? 1;
  const loadBefore = os.loadavg();
  // Under valgrind a server is so slow that undici could reuse a connection the fake is closing after 5 s idle.
  const fake = await startFakeGeminiChild(3_600_000);
  try {
    // The real instruction the project ships, as in the time-based mode; a new data folder per process.
    const oursEnv = (redisUrl: string, port: number) => {
      const env = benchServerEnv(redisUrl, port, fake.url, makeDataDir());
      env.SYSTEM_INSTRUCTION_FILE = path.join(ROOT, 'system_instruction.txt');
      // Valgrind's slowness is not the LLM's or the visitor's: no deadline may cut a turn short.
      env.GEMINI_TIMEOUT_MS = env.LLM_TURN_TIMEOUT_MS = '600000';
      env.HTTP_HEADERS_TIMEOUT_MS = env.HTTP_REQUEST_TIMEOUT_MS = '600000';
      return env;
    };
    const server = buildServer();
    const cap = loadConfig(oursEnv('redis://127.0.0.1:1', 1), {
      cwd: ROOT,
    }).maxHistoryMessages;

    // One turn of ours at the cap (not counted) tells the baselines what system text to send.
    const systemFile = path.join(workDir, 'system-text.txt');
    const redis = await startTestRedis();
    try {
      await seedHistories(redis.url, cap);
      const port = await findFreePort();
      const ours = await startChild(
        server.script,
        oursEnv(redis.url, port),
        port,
        path.join(workDir, 'ours-system.log'),
        server.nodeArgs,
      );
      try {
        await turn(ours.url, visitorId(0), CHAT_MESSAGE, mode);
        writeFileSync(systemFile, systemTextOf(await lastRequest(fake.control)));
      } finally {
        await ours.stop();
      }
    } finally {
      await redis.stop();
    }
    const script = await compileBenchScript('test/bench/turn-baseline.server.ts');
    const baseline = (side: 'plain' | 'sdk'): CountedServer => ({
      script,
      nodeArgs: extraArgs,
      env: (redisUrl, port) => baselineEnv({ side, redisUrl, port, geminiUrl: fake.url, systemFile, cap }),
    });
    const servers: Partial<Record<Side, CountedServer>> = {
      plain: baseline('plain'),
      sdk: baseline('sdk'),
      ours: {
        script: server.script,
        nodeArgs: [...server.nodeArgs, ...extraArgs],
        env: oursEnv,
      },
    };
    if (opts.compareDir) {
      const dir = path.resolve(opts.compareDir);
      execFileSync(process.execPath, ['scripts/build.mjs'], {
        cwd: dir,
        stdio: 'inherit',
      });
      servers.before = {
        script: path.join(dir, server.script),
        nodeArgs: [...server.nodeArgs, ...extraArgs],
        env: oursEnv,
      };
    }
    const sides = (Object.keys(servers) as Side[]).filter((side) => !opts.sides || opts.sides.includes(side));
    const idle = opts.idleSeconds ?? 0;
    // Per side: warm-up; warm-up + counted; with --idle=S also warm-up then S seconds idle.
    const plan: Array<[number[], number]> = [
      [[warmUp], 0],
      [[warmUp, counted], 0],
      ...(idle > 0 ? [[[warmUp], idle] as [number[], number]] : []),
    ];
    const tasks = sides.flatMap((side) =>
      plan.map(
        ([loads, idleSeconds], k) =>
          () =>
            countServer(
              servers[side] as CountedServer,
              mode,
              loads,
              connections,
              cap,
              path.join(workDir, `${side}-${k + 1}.log`),
              idleSeconds,
            ),
      ),
    );
    const started = Date.now();
    const counts = await inPool(tasks, opts.parallel ?? INSTRUCTION_PARALLEL);
    const minutes = (Date.now() - started) / 60_000;
    const perTurn: Partial<Record<Side, number>> = {};
    const rows: string[][] = [];
    const idleNotes: string[] = [];
    for (const [i, side] of sides.entries()) {
      const [short, long, idled] = counts.slice(plan.length * i, plan.length * (i + 1)) as [
        Counted,
        Counted,
        Counted | undefined,
      ];
      perTurn[side] = (long.instructions - short.instructions) / counted;
      rows.push([
        side,
        String(short.instructions),
        String(long.instructions),
        `${short.wallSeconds.toFixed(0)} / ${long.wallSeconds.toFixed(0)} s` +
          (short.attempts + long.attempts > 2 ? ` (${short.attempts} / ${long.attempts} attempts)` : ''),
        `${(long.loadSeconds[1] ?? NaN).toFixed(0)} s`,
      ]);
      if (idled) {
        // What the process does while idle (timers), per second: under valgrind a turn takes ~50x the wall time
        // it takes natively, so such work weighs ~50x more per turn here than in the time-based mode.
        const perSecond = (idled.instructions - short.instructions) / idle;
        const countedSeconds = long.loadSeconds[1] ?? NaN;
        idleNotes.push(
          `${side}: ${(perSecond / 1e6).toFixed(2)} M instructions per idle second; over the ${countedSeconds.toFixed(0)} s of the counted turns that would be ${((perSecond * countedSeconds) / counted / 1e6).toFixed(3)} M per turn`,
        );
      }
    }
    const m = (n: number | undefined) => `${((n ?? NaN) / 1e6).toFixed(2)} M`;
    const oursPerSdk = (perTurn.ours ?? NaN) / (perTurn.sdk ?? NaN);
    const label = mode === 'sse' ? 'SSE (widget)' : 'JSON';
    const table = markdownTable(
      turnTableHeader(connections, cap, perTurn.before !== undefined ? ['before (--compare)', 'ours ÷ before'] : []),
      [
        [
          `${label}: instructions per turn`,
          m(perTurn.plain),
          m(perTurn.sdk),
          m(perTurn.ours),
          ratio(perTurn.ours ?? NaN, perTurn.sdk ?? NaN),
          ratio(perTurn.sdk ?? NaN, perTurn.plain ?? NaN),
          `≤ ${GOAL_OURS_PER_SDK}`,
          yesNo(oursPerSdk <= GOAL_OURS_PER_SDK),
          ...(perTurn.before !== undefined ? [m(perTurn.before), ratio(perTurn.ours ?? NaN, perTurn.before)] : []),
        ],
      ],
    );
    const runs = markdownTable(
      [
        'side',
        `instructions after ${warmUp} turns`,
        `after ${warmUp + counted}`,
        'wall time of the two processes',
        `the ${counted} counted turns`,
      ],
      rows,
    );
    const notes = [
      `turn instructions: valgrind --tool=cachegrind --cache-sim=no, node --single-threaded, ${slowClock > 1 ? `the server's clock ${slowClock}x slower (libfaketime)` : 'real clock'}${extraArgs.length ? ` ${extraArgs.join(' ')}` : ''}; ` +
        `each side started twice (own redis-server, histories seeded at the cap), served ${warmUp} turns, or ${warmUp} then ${counted} more, ${connections} connections rotating over ${VISITORS} visitors, every turn answered, then stopped (SIGTERM); ` +
        `per turn = (second count − first) ÷ ${counted}; ${opts.parallel ?? INSTRUCTION_PARALLEL} processes at a time; ${minutes.toFixed(1)} min in all.`,
      `turn instructions: logs and cachegrind files in ${workDir} (split by part of V8: cachegrind-split.ts <side>-1.log.<attempt>.cg <side>-2.log.<attempt>.cg ${counted})`,
      ...(idleNotes.length ? [`turn instructions, idle (--idle=${idle}): ${idleNotes.join('; ')}`] : []),
      `turn instructions: load average (1 min) ${loadBefore[0]?.toFixed(1)} before, ${os.loadavg()[0]?.toFixed(1)} after, on ${os.availableParallelism()} CPUs`,
    ];
    return { table: `${table}\n\n${runs}`, notes, perTurn, oursPerSdk };
  } finally {
    await fake.stop();
  }
}

if (isMain(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const compareDir = process.argv.find((a) => a.startsWith('--compare='))?.slice('--compare='.length);
  const option = (name: string) => {
    const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    return value === undefined ? undefined : Number(value);
  };
  const rounds = option('rounds');
  const seconds = option('seconds');
  const nodeArgs = process.argv.find((a) => a.startsWith('--node-args='))?.slice('--node-args='.length);
  if (process.argv.includes('--instructions')) {
    const parallel = option('parallel');
    const connections = option('connections');
    const idleSeconds = option('idle');
    const slowClock = option('slow-clock');
    const only = process.argv.find((a) => a.startsWith('--sides='))?.slice('--sides='.length);
    const warmUp = option('warm-up');
    const counted = option('counted');
    const result = await measureTurnInstructions({
      quick,
      workDir: makeDataDir(),
      ...(process.argv.includes('--json') ? { mode: 'json' as const } : {}),
      ...(compareDir ? { compareDir } : {}),
      ...(parallel ? { parallel } : {}),
      ...(connections ? { connections } : {}),
      ...(idleSeconds ? { idleSeconds } : {}),
      ...(slowClock ? { slowClock } : {}),
      ...(only ? { sides: only.split(',') as Side[] } : {}),
      ...(warmUp ? { warmUp } : {}),
      ...(counted ? { counted } : {}),
      ...(nodeArgs ? { nodeArgs: nodeArgs.split(/\s+/).filter(Boolean) } : {}),
    });
    process.stdout.write(`${result.table}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
    process.exit(0);
  }
  const redis = await startTestRedis();
  try {
    const result = await measureTurnCpu({
      quick,
      redisUrl: redis.url,
      workDir: makeDataDir(),
      ...(process.argv.includes('--sse-only') ? { modes: ['sse' as const] } : {}),
      ...(compareDir ? { compareDir } : {}),
      ...(rounds ? { rounds } : {}),
      ...(seconds ? { seconds } : {}),
      ...(nodeArgs ? { nodeArgs: nodeArgs.split(/\s+/).filter(Boolean) } : {}),
    });
    process.stdout.write(`${result.table}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
  } finally {
    await redis.stop();
  }
}
