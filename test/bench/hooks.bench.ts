/**
 * Chat throughput with webhooks and mail on, against the same server with them off, measured in the same run
 * (goal: within 5%: delivery is off the hot path). Both servers are the real one as `npm start` runs it, each
 * on its own redis-server (instances sharing a Redis share the delivery queue), with the fake Gemini as in the
 * chat bench. "On": WEBHOOK_URL to a receiver and SMTP_URL to an SMTP server, both local, in their own process
 * (receivers.child.ts; in this process they would take CPU from the load generator and skew the figure).
 * Three loads: the usual turn (no news: no event), one turn in ten making a new lead, and every turn making
 * a new lead (an event, a signed webhook and a mail per turn: the worst case). The delivery worker runs in the
 * delivery process the "on" server forks (at the lowest priority; the "off" server has nothing to deliver and
 * forks none): the CPU of the chat-serving process and of the delivery process are counted apart. The receivers
 * stand for other machines (a team's servers, Slack, a mail provider): their process runs at the lowest
 * priority too. Runs: two pairs of servers, started in both orders; in each, ABBA runs of each load, the server
 * not measured held still (measureHooks says why).
 * Run: npm run bench:hooks [-- --quick] [--pin] [--aa]
 * `--pin`: the servers (and the delivery process the "on" one forks) on CPU 0, everything else (this process
 * with the load generator, the fake Gemini, the receivers, the redis-servers) on CPU 1, with `taskset`. On a
 * machine of two CPUs the unpinned figure also counts what the harness and the receivers lose to the delivery
 * process (and the receivers' own work per webhook and mail, which in production is other machines'); pinned,
 * the throughput is the server's own: its chat process against its own delivery process on one CPU.
 * `--aa`: both servers of each pair off (an A/A test: the bench's own spread, read the "on" rows against it).
 * `-- --instructions [--quick] [--load=mixed|new-lead|no-news] [--warm-up=N] [--counted=M]`: instead, the chat process's instructions per turn
 * counted by valgrind, on and off (measureHookInstructions): the figure the machine's other load does not move.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { deliveryProcessPids } from '../helpers/server-process.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Child, Row, ServerCommand } from './bench-utils.js';
import {
  buildServer,
  cpuMs,
  formatRows,
  hasValgrind,
  isMain,
  ms,
  ratio,
  row,
  startChild,
  withHeld,
  yesNo,
} from './bench-utils.js';
import { benchServerEnv, CHAT_MESSAGE, startFakeGeminiChild } from './chat.bench.js';
import { untilIdle } from './turn-cpu.bench.js';

const CONNECTIONS = 16;
/** New leads made one at a time to count the work one costs (CPU is read in 10 ms ticks: many leads). */
const WORK_LEADS = { quick: 40, full: 200 };
const GOAL = 0.95;

/** The loads: no turn has news; one turn in ten makes a new lead; every turn does. */
type Turns = 'no-news' | 'mixed' | 'new-lead';
const LABELS: Record<Turns, string> = {
  'no-news': 'turns without news (no event)',
  mixed: '1 turn in 10 a new lead',
  'new-lead': 'every turn a new lead (webhook + mail each)',
};

/**
 * The goal column of each load's throughput row. The goal (within 5%) is the usual traffic's: most turns tell
 * nothing new. Without news both servers do the same work, so that row reads the bench's own spread; every turn
 * a new lead is the worst case, where the delivery work itself (a signed POST and an SMTP exchange per turn)
 * needs CPU beside the chat's, on the same CPU when pinned.
 */
const GOAL_OF: Record<Turns, (ratio: number) => [string, string]> = {
  'no-news': () => ['(the same work: the spread)', ''],
  mixed: (r) => [`≥ ${GOAL}`, yesNo(r >= GOAL)],
  'new-lead': () => ['(worst case)', ''],
};

interface Figures {
  rps: number;
  /** CPU (all threads) per turn of the chat-serving process, ms. */
  cpu: number;
  /** CPU per turn of its delivery process (the same window: a delivery lagging behind is not counted). */
  deliveryCpu: number;
}

/**
 * CPU ms so far of the chat-serving process and of its delivery process (src/integrations/delivery.process.ts):
 * 0 for a server with nothing to deliver, which forks none.
 */
function cpuOf(server: Child): { chat: number; delivery: number } {
  const [pid] = deliveryProcessPids(server.pid);
  return { chat: cpuMs(server.pid), delivery: pid === undefined ? 0 : cpuMs(pid) };
}

/** The bodies of a load's turns, one per call: a turn with news is a new visitor giving their email; the others chat on. */
function turnBodies(turns: Turns, tag: string, visitors: number): () => string {
  let n = 0;
  return () => {
    const i = n++;
    const news = turns === 'new-lead' || (turns === 'mixed' && i % 10 === 0);
    return news
      ? JSON.stringify({
          client_id: `${tag}-lead-${i}`,
          content: `Hi, I'm Bench Visitor, bench.${tag}.${i}@example.com`,
        })
      : JSON.stringify({ client_id: `${tag}-chat-${i % visitors}`, content: CHAT_MESSAGE });
  };
}

/** Chat turns POSTed with autocannon, each body from `body`, for a time (`duration`) or a count (`amount`). */
function sendTurns(
  url: string,
  body: () => string,
  limits: { connections: number; duration?: number; amount?: number; timeout?: number },
): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/gemini/train`,
    method: 'POST',
    ...limits,
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
  });
}

/**
 * Until a server and its delivery process have used no CPU for half a second: a count of deliveries alone can
 * be reached early, since a delivery whose answer came late (its process held, or slow) is sent again, with
 * the same id, and counted twice.
 */
async function untilQuiet(server: Child): Promise<void> {
  let last = '';
  for (let quiet = 0; quiet < 5;) {
    await sleep(100);
    const cpu = cpuOf(server);
    const now = JSON.stringify([cpu.chat, cpu.delivery]);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

/** `seconds` of turns (turnBodies) on `server`, the `others` and their delivery processes held still (withHeld). */
function throughput(server: Child, turns: Turns, seconds: number, tag: string, others: Child[] = []): Promise<Figures> {
  const held = others.flatMap((o) => [...deliveryProcessPids(o.pid), o.pid]);
  return withHeld(held, () => runTurns(server, turns, seconds, tag));
}

async function runTurns(server: Child, turns: Turns, seconds: number, tag: string): Promise<Figures> {
  const cpu0 = cpuOf(server);
  const result = await sendTurns(server.url, turnBodies(turns, tag, CONNECTIONS), {
    connections: CONNECTIONS,
    duration: seconds,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) process.stderr.write(`${tag}: ${bad} failed requests\n`);
  // The turns cut off at the run's end finish before the server is held for the next run: held mid-turn, their
  // timers (Redis command, LLM attempt) fire on resuming and fail or retry them in that server's next run.
  await untilIdle(server.pid);
  const cpu1 = cpuOf(server);
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    cpu: (cpu1.chat - cpu0.chat) / ok,
    deliveryCpu: (cpu1.delivery - cpu0.delivery) / ok,
  };
}

interface Receivers {
  webhooks: string;
  smtp: string;
  counts(): Promise<{ webhooks: number; mails: number }>;
  stop(): Promise<void>;
}

/** What turns webhooks and mail on: the receivers' webhook endpoint and SMTP server. */
function hookEnv(receivers: Receivers): Record<string, string> {
  return {
    WEBHOOK_URL: `${receivers.webhooks}/hook`,
    WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
    SMTP_URL: receivers.smtp,
    NOTIFY_EMAIL: 'sales@example.com',
  };
}

export async function startReceivers(): Promise<Receivers> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/receivers.child.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      out += c;
      const m = /webhooks (\S+)\nsmtp (\S+)\ncontrol (\S+)\n/.exec(out);
      if (m) resolve(m.slice(1));
    });
    child.once('exit', (code) => reject(new Error(`receivers exited with ${code}`)));
  });
  os.setPriority(child.pid ?? 0, os.constants.priority.PRIORITY_LOW);
  const [webhooks = '', smtp = '', control = ''] = urls;
  return {
    webhooks,
    smtp,
    counts: async () => (await (await fetch(`${control}/counts`)).json()) as { webhooks: number; mails: number },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `--pin`: this process (and so every child it starts but the servers) on CPU 1, the servers on CPU 0. */
function pinCpus(): { command: string[]; healthTimeoutMs: number } {
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  return { command: ['taskset', '-c', '0'], healthTimeoutMs: 60_000 };
}

type Side = 'off' | 'on';
const LOADS = ['no-news', 'mixed', 'new-lead'] as const;

/** What one new lead costs, made one at a time until delivered: Redis commands and CPU. */
interface LeadWork {
  commands: number;
  cpu: number;
  deliveryCpu: number;
}

/** One pair of servers, started in `order` (the first on the first Redis): each side's figures per load. */
interface PairFigures {
  order: [Side, Side];
  loads: Record<Turns, Record<Side, Figures>>;
  work: Record<Side, LeadWork>;
  leads: number;
  drainMs: number;
}

interface PairDeps {
  seconds: number;
  workLeads: number;
  workDir: string;
  fakeUrl: string;
  receivers: Receivers;
  server: ServerCommand;
  serverWrapper: { command: string[]; healthTimeoutMs: number } | undefined;
  /** A/A: the "on" side without webhooks and mail. */
  aa: boolean;
}

/**
 * The work one new lead costs, its deliveries included, counted rather than timed: the Redis commands the server
 * sends (INFO commandstats of its own redis-server) and its CPU over sequential new leads, once delivered.
 */
async function measureLeadWork(
  server: Child,
  redis: TestRedis,
  workLeads: number,
  delivered: () => Promise<boolean>,
): Promise<LeadWork> {
  const client = new Redis(redis.url);
  try {
    await client.config('RESETSTAT');
    const cpu0 = cpuOf(server);
    for (let i = 0; i < workLeads; i++) {
      await fetch(`${server.url}/gemini/train`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: `work-${i}`, content: `I'm Work Lead, work.${i}@example.com` }),
      }).then((r) => r.text());
    }
    while (!(await delivered())) await sleep(20);
    await untilQuiet(server); // the last jobs' bookkeeping, and a delivery tried again (its first answer was late)
    const cpu1 = cpuOf(server);
    const stats = await client.info('commandstats');
    const calls = [...stats.matchAll(/cmdstat_(\w+):calls=(\d+)/g)]
      .filter((m) => m[1] !== 'config' && m[1] !== 'info')
      .reduce((sum, m) => sum + Number(m[2]), 0);
    return {
      commands: calls / workLeads,
      cpu: (cpu1.chat - cpu0.chat) / workLeads,
      deliveryCpu: (cpu1.delivery - cpu0.delivery) / workLeads,
    };
  } finally {
    client.disconnect();
  }
}

/**
 * Two servers, `order[0]` started first on the first redis-server: for each load, each warmed with it, then
 * ABBA runs (the first-started first), the server not measured held still. Then the time until the "on"
 * server's events are all delivered, and the work of one new lead on each.
 */
async function measurePair(order: [Side, Side], deps: PairDeps): Promise<PairFigures> {
  const atStart = await deps.receivers.counts();
  const redises = [await startTestRedis(), await startTestRedis()];
  const started: Child[] = [];
  try {
    for (const [i, side] of order.entries()) {
      const port = await findFreePort();
      const env = {
        ...benchServerEnv((redises[i] as TestRedis).url, port, deps.fakeUrl, makeDataDir()),
        ...(side === 'on' && !deps.aa ? hookEnv(deps.receivers) : {}),
      };
      const log = path.join(deps.workDir, `${order.join('-')}.${side}.log`);
      started.push(await startChild(deps.server.script, env, port, log, deps.server.nodeArgs, deps.serverWrapper));
    }
    const [a, b] = started as [Child, Child];
    const bySide = (x: Figures, y: Figures) => ({ [order[0]]: x, [order[1]]: y }) as Record<Side, Figures>;
    const loads = {} as Record<Turns, Record<Side, Figures>>;
    for (const turns of LOADS) {
      // Each server warmed with this load first: its first run of a load would otherwise pay once-only costs
      // (the JIT compiling the path, BullMQ loaded on the first event) that ABBA does not cancel. The same
      // visitors and messages on both (each server has its own Redis and data).
      await throughput(a, turns, 2, `warm-${turns}`, [b]);
      await throughput(b, turns, 2, `warm-${turns}`, [a]);
      const a1 = await throughput(a, turns, deps.seconds, `${turns}-1`, [b]);
      const b1 = await throughput(b, turns, deps.seconds, `${turns}-1`, [a]);
      const b2 = await throughput(b, turns, deps.seconds, `${turns}-2`, [a]);
      const a2 = await throughput(a, turns, deps.seconds, `${turns}-2`, [b]);
      loads[turns] = bySide(meanFigures(a1, a2), meanFigures(b1, b2));
    }
    // Everything the "on" server queued is delivered once the load stops (each of its leads had one webhook and
    // one mail: they were all made by a new-lead turn); then the work of one new lead on each, the backlog gone.
    const onServer = order[0] === 'on' ? a : b;
    const leadsOf = async (server: Child) => {
      const list = await fetch(`${server.url}/leads?limit=1`, { headers: { 'x-api-key': ADMIN_KEY } });
      return ((await list.json()) as { data: { total: number } }).data.total;
    };
    const allDelivered = async (server: Child) => {
      if (server !== onServer || deps.aa) return true;
      const [counts, leads] = await Promise.all([deps.receivers.counts(), leadsOf(server)]);
      return counts.webhooks - atStart.webhooks >= leads && counts.mails - atStart.mails >= leads;
    };
    const t0 = performance.now();
    while (!(await allDelivered(onServer))) await sleep(50);
    const drainMs = performance.now() - t0;
    await untilQuiet(onServer);
    const leads = await leadsOf(onServer);
    const work = {} as Record<Side, LeadWork>;
    for (const [i, server] of [a, b].entries()) {
      work[order[i] as Side] = await measureLeadWork(server, redises[i] as TestRedis, deps.workLeads, () =>
        allDelivered(server),
      );
    }
    return { order, loads, work, leads, drainMs };
  } finally {
    for (const c of started) await c.stop();
    for (const r of redises) await r.stop();
  }
}

function meanFigures(x: Figures, y: Figures): Figures {
  return { rps: (x.rps + y.rps) / 2, cpu: (x.cpu + y.cpu) / 2, deliveryCpu: (x.deliveryCpu + y.deliveryCpu) / 2 };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const geomean = (values: number[]) => Math.exp(mean(values.map(Math.log)));

/**
 * Throughput and CPU with webhooks and mail on against off. Two pairs of servers, the "off" one started first
 * in one and the "on" one in the other: on this machine the server started second (on the second Redis, and
 * measured second and third of ABBA) ran 4-10% faster than the first in an A/A test (`--aa`, both off),
 * whatever it ran, and that slot effect was not found (docs/benchmarks.md). With both orders it cancels:
 * each ratio is the geometric mean of the two pairs' on ÷ off, and the notes give the slot effect measured.
 * `aa`: both servers of each pair with webhooks and mail off (the ratios should then read 1.00 within the noise).
 */
export async function measureHooks(quick: boolean, pin = false, aa = false): Promise<{ rows: Row[]; notes: string[] }> {
  const serverWrapper = pin ? pinCpus() : undefined;
  const workDir = makeDataDir();
  mkdirSync(workDir, { recursive: true });
  const fake = await startFakeGeminiChild();
  const receivers = await startReceivers();
  try {
    const deps: PairDeps = {
      seconds: quick ? 3 : 6,
      workLeads: quick ? WORK_LEADS.quick : WORK_LEADS.full,
      workDir,
      fakeUrl: fake.url,
      receivers,
      server: buildServer(),
      serverWrapper,
      aa,
    };
    const pairs = [await measurePair(['off', 'on'], deps), await measurePair(['on', 'off'], deps)];
    const rows: Row[] = [];
    const slotNotes: string[] = [];
    const onOff = (pick: (p: PairFigures) => { on: number; off: number }) => {
      const ratios = pairs.map((p) => pick(p).on / pick(p).off);
      return {
        on: mean(pairs.map((p) => pick(p).on)),
        off: mean(pairs.map((p) => pick(p).off)),
        ratio: geomean(ratios),
        perPair: ratios.map((r) => r.toFixed(2)).join(' / '),
        // Pair 1: on second, r1 = r·s; pair 2: on first, r2 = r / s; s = √(r1 / r2).
        slot: Math.sqrt((ratios[0] as number) / (ratios[1] as number)),
      };
    };
    for (const turns of LOADS) {
      const label = LABELS[turns];
      const rps = onOff((p) => ({ on: p.loads[turns].on.rps, off: p.loads[turns].off.rps }));
      const cpu = onOff((p) => ({ on: p.loads[turns].on.cpu, off: p.loads[turns].off.cpu }));
      const deliveryCpu = mean(pairs.map((p) => p.loads[turns].on.deliveryCpu));
      rows.push(
        row(
          'hooks',
          `${CONNECTIONS} visitors, ${label}: throughput`,
          `${rps.on.toFixed(0)} req/s`,
          `${rps.off.toFixed(0)} req/s`,
          rps.ratio.toFixed(2),
          ...GOAL_OF[turns](rps.ratio),
        ),
        row('hooks', `${label}: chat process CPU per turn`, ms(cpu.on), ms(cpu.off), cpu.ratio.toFixed(2)),
        row('hooks', `${label}: delivery process CPU per turn, during the run`, ms(deliveryCpu)),
      );
      slotNotes.push(
        `${turns}: throughput on ÷ off ${rps.perPair} (on started second / first), second slot ÷ first ` +
          `${rps.slot.toFixed(2)}; CPU per turn ${cpu.perPair}`,
      );
    }
    const commands = onOff((p) => ({ on: p.work.on.commands, off: p.work.off.commands }));
    const leadCpu = onOff((p) => ({ on: p.work.on.cpu, off: p.work.off.cpu }));
    rows.push(
      row(
        'hooks',
        `a new lead, its webhook and mail delivered: Redis commands`,
        commands.on.toFixed(0),
        commands.off.toFixed(0),
        commands.ratio.toFixed(2),
      ),
      row(
        'hooks',
        `a new lead, delivered: chat process CPU (one at a time)`,
        ms(leadCpu.on),
        ms(leadCpu.off),
        leadCpu.ratio.toFixed(2),
      ),
      row('hooks', `a new lead, delivered: delivery process CPU`, ms(mean(pairs.map((p) => p.work.on.deliveryCpu)))),
    );
    const notes = [
      `hooks: ${deps.seconds} s per autocannon run, ABBA (the first-started server first) averaged, in two pairs ` +
        `of servers started in both orders, ratios the geometric mean of the pairs'; ours = webhooks and mail on, ` +
        `baseline = off; each server its own redis-server; receivers (HTTP and SMTP) in a process of their own; ` +
        (pin ? 'pinned: the servers and their delivery process on CPU 0, the rest on CPU 1; ' : 'not pinned; ') +
        `the server not measured held still (SIGSTOP) during the other's runs.` +
        (aa ? ' A/A: webhooks and mail OFF on both servers (the "on" side measures the bench\'s own bias).' : ''),
      ...slotNotes.map((n) => `hooks per pair: ${n}`),
      `hooks: ${pairs.map((p) => p.leads).join(' + ')} leads made on the "on" servers; all delivered ` +
        `${pairs.map((p) => (p.drainMs / 1000).toFixed(1)).join(' / ')} s after the load ended.`,
    ];
    return { rows, notes };
  } finally {
    await receivers.stop();
    await fake.stop();
  }
}

/** Turns of the instruction mode: the warm-up process serves the first, the counted one both. */
const INSTRUCTION_TURNS = { quick: { warmUp: 300, counted: 600 }, full: { warmUp: 600, counted: 1200 } };
/** Fewer visitors at once than the timed runs: under valgrind a turn takes ~50x its native time. */
const INSTRUCTION_CONNECTIONS = 4;

/**
 * Instructions of one chat-serving process (valgrind's cachegrind; node --single-threaded, so V8's compilers and
 * collector run on the counted thread in the same order each time) from start to exit, having served `turns`
 * of the load and, when on, seen every event of it delivered (what the delivery process reports is handled in
 * this process: the metrics). The delivery process it forks is not under valgrind: its
 * work is off the chat process, which is what this counts. A process with a failed turn is counted again.
 */
async function countChatProcess(
  which: 'off' | 'on',
  load: Turns,
  turns: number,
  deps: { server: ServerCommand; fake: { url: string }; receivers: Receivers; workDir: string },
): Promise<{ instructions: number; fullCollections: number }> {
  const { server } = deps;
  for (let attempt = 1; ; attempt++) {
    const redis = await startTestRedis();
    const tag = `${which}-${turns}-${attempt}`;
    const logFile = path.join(deps.workDir, `${tag}.log`);
    try {
      const port = await findFreePort();
      const env = {
        ...benchServerEnv(redis.url, port, deps.fake.url, makeDataDir()),
        ...(which === 'on' ? hookEnv(deps.receivers) : {}),
        // Valgrind's slowness is not the LLM's or the visitor's: no deadline may cut a turn short.
        GEMINI_TIMEOUT_MS: '600000',
        LLM_TURN_TIMEOUT_MS: '600000',
        HTTP_HEADERS_TIMEOUT_MS: '600000',
        HTTP_REQUEST_TIMEOUT_MS: '600000',
      };
      const valgrindLog = `${logFile}.valgrind`;
      const sent = await deps.receivers.counts();
      // --trace-gc: the full collections it ran, counted from its log (one more or less in the counted window
      // moves the per-turn figure by ~0.17 M at 6,000 turns).
      const nodeArgs = ['--single-threaded', '--trace-gc', ...server.nodeArgs];
      const child = await startChild(server.script, env, port, logFile, nodeArgs, {
        command: [
          'valgrind',
          '--tool=cachegrind',
          '--cache-sim=no',
          '--cachegrind-out-file=/dev/null',
          `--log-file=${valgrindLog}`,
        ],
        healthTimeoutMs: 900_000,
      });
      let failed = 0;
      try {
        const result = await sendTurns(child.url, turnBodies(load, tag, INSTRUCTION_CONNECTIONS), {
          connections: INSTRUCTION_CONNECTIONS,
          amount: turns,
          timeout: 600,
        });
        failed = result.non2xx + result.errors + result.timeouts;
        if (!failed && which === 'on') {
          const events = Math.ceil(turns / (load === 'mixed' ? 10 : 1));
          if (load !== 'no-news') {
            const deadline = Date.now() + 600_000;
            let now = await deps.receivers.counts();
            while (now.webhooks < sent.webhooks + events || now.mails < sent.mails + events) {
              if (Date.now() > deadline) throw new Error(`${tag}: not every event was delivered in 10 minutes`);
              await sleep(200);
              now = await deps.receivers.counts();
            }
            await sleep(3000); // the last reports' bookkeeping in the chat process
          }
        }
      } finally {
        await child.stop();
      }
      if (failed) {
        if (attempt >= 3) throw new Error(`${tag}: ${failed} failed turns; see ${logFile}`);
        process.stderr.write(`hook instructions: ${tag}: ${failed} failed turns; counting again\n`);
        continue;
      }
      const refs = /I\s+refs:\s+([\d,]+)/.exec(readFileSync(valgrindLog, 'utf8'))?.[1];
      if (!refs) throw new Error(`no instruction count from valgrind in ${valgrindLog}`);
      const fullCollections = readFileSync(logFile, 'utf8').match(/Mark-Compact/g)?.length ?? 0;
      return { instructions: Number(refs.replace(/,/g, '')), fullCollections };
    } finally {
      await redis.stop();
    }
  }
}

/**
 * The load-independent measure of "off the hot path": instructions of the chat-serving process per turn, with
 * webhooks and mail on and off, for one load (1 turn in 10 a new lead by default). Each side runs twice: the
 * warm-up's turns, then the warm-up's and the counted ones; per turn = (second − first) ÷ counted, so start-up,
 * the JIT's first compilations and shutdown cancel out. The machine's other load does not move the count.
 */
export async function measureHookInstructions(
  quick: boolean,
  load: Turns,
  turns: { warmUp?: number | undefined; counted?: number | undefined } = {},
): Promise<{ rows: Row[]; notes: string[] }> {
  if (!hasValgrind()) throw new Error('the instruction mode needs valgrind (apt-get install valgrind)');
  const defaults = quick ? INSTRUCTION_TURNS.quick : INSTRUCTION_TURNS.full;
  const warmUp = turns.warmUp ?? defaults.warmUp;
  const counted = turns.counted ?? defaults.counted;
  const workDir = makeDataDir();
  mkdirSync(workDir, { recursive: true });
  const fake = await startFakeGeminiChild(3_600_000);
  const receivers = await startReceivers();
  const t0 = performance.now();
  try {
    const deps = { server: buildServer(), fake, receivers, workDir };
    // Two at a time, one of each side: an "on" process waits for its own deliveries by the receivers' counts.
    const [offA, onA] = await Promise.all([
      countChatProcess('off', load, warmUp, deps),
      countChatProcess('on', load, warmUp, deps),
    ]);
    const [offB, onB] = await Promise.all([
      countChatProcess('off', load, warmUp + counted, deps),
      countChatProcess('on', load, warmUp + counted, deps),
    ]);
    const off = (offB.instructions - offA.instructions) / counted;
    const on = (onB.instructions - onA.instructions) / counted;
    const collections = (a: { fullCollections: number }, b: { fullCollections: number }) =>
      `${b.fullCollections - a.fullCollections} (${a.fullCollections} in the warm-up)`;
    const millions = (n: number) => `${(n / 1e6).toFixed(2)} M`;
    return {
      rows: [
        row(
          'hooks',
          `${LABELS[load]}: instructions of the chat process per turn`,
          millions(on),
          millions(off),
          ratio(on, off),
          `≤ ${(2 - GOAL).toFixed(2)}`,
          yesNo(on / off <= 2 - GOAL),
        ),
      ],
      notes: [
        `hooks instructions: valgrind cachegrind, node --single-threaded, ${INSTRUCTION_CONNECTIONS} connections; ` +
          `each side ${warmUp} and ${warmUp + counted} turns in two processes, per turn = difference ÷ ${counted}; ` +
          `ours = webhooks and mail on (every event delivered before the count ends), baseline = off; ` +
          `${((performance.now() - t0) / 60_000).toFixed(1)} min; logs in ${workDir}.`,
        `hooks instructions: full collections in the counted turns: on ${collections(onA, onB)}, ` +
          `off ${collections(offA, offB)}.`,
      ],
    };
  } finally {
    await receivers.stop();
    await fake.stop();
  }
}

if (isMain(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const count = (name: string) => (option(name) === undefined ? undefined : Number(option(name)));
  const load = (option('load') ?? 'mixed') as Turns;
  const result = process.argv.includes('--instructions')
    ? await measureHookInstructions(quick, load, { warmUp: count('warm-up'), counted: count('counted') })
    : await measureHooks(quick, process.argv.includes('--pin'), process.argv.includes('--aa'));
  process.stdout.write(`${formatRows(result.rows)}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
}
