/**
 * Chat throughput with webhooks and mail on, against the same server with them off, measured in the same run
 * (goal: within 5%: delivery is off the hot path). Both servers are the real one as `npm start` runs it, each
 * on its own redis-server (instances sharing a Redis share the delivery queue), with the fake Gemini as in the
 * chat bench. "On": WEBHOOK_URL to a receiver and SMTP_URL to an SMTP server, both local, in their own process
 * (receivers.child.ts; in this process they would take CPU from the load generator and skew the figure).
 * Three loads: the usual turn (no news: no event), one turn in ten making a new lead, and every turn making
 * a new lead (an event, a signed webhook and a mail per turn: the worst case). Runs alternate off/on then
 * on/off (ABBA). The delivery worker runs in the server's process: its CPU is the server's.
 * Run: npm run bench:hooks [-- --quick]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Child, Row } from './bench-utils.js';
import { buildServer, cpuMs, formatRows, isMain, ms, ratio, row, startChild, yesNo } from './bench-utils.js';
import { benchServerEnv, CHAT_MESSAGE, startFakeGeminiChild } from './chat.bench.js';

const CONNECTIONS = 16;
/** New leads made one at a time to count the work one costs. */
const WORK_LEADS = 40;
const GOAL = 0.95;

/** The loads: no turn has news; one turn in ten makes a new lead; every turn does. */
type Turns = 'no-news' | 'mixed' | 'new-lead';
const LABELS: Record<Turns, string> = {
  'no-news': 'turns without news (no event)',
  mixed: '1 turn in 10 a new lead',
  'new-lead': 'every turn a new lead (webhook + mail each)',
};

interface Figures {
  rps: number;
  /** Server CPU (all threads) per turn, ms. */
  cpu: number;
}

/** `seconds` of turns: a turn with news is a new visitor giving their email; the others chat on. */
async function throughput(server: Child, turns: Turns, seconds: number, tag: string): Promise<Figures> {
  const cpu0 = cpuMs(server.pid);
  let n = 0;
  const body = () => {
    const i = n++;
    const news = turns === 'new-lead' || (turns === 'mixed' && i % 10 === 0);
    return news
      ? JSON.stringify({
          client_id: `${tag}-lead-${i}`,
          content: `Hi, I'm Bench Visitor, bench.${tag}.${i}@example.com`,
        })
      : JSON.stringify({ client_id: `${tag}-chat-${i % CONNECTIONS}`, content: CHAT_MESSAGE });
  };
  const result = await autocannon({
    url: `${server.url}/gemini/train`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) process.stderr.write(`${tag}: ${bad} failed requests\n`);
  return { rps: result['2xx'] / result.duration, cpu: (cpuMs(server.pid) - cpu0) / result['2xx'] };
}

interface Receivers {
  webhooks: string;
  smtp: string;
  counts(): Promise<{ webhooks: number; mails: number }>;
  stop(): Promise<void>;
}

async function startReceivers(): Promise<Receivers> {
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

export async function measureHooks(quick: boolean): Promise<{ rows: Row[]; notes: string[] }> {
  const seconds = quick ? 3 : 6;
  const workDir = makeDataDir();
  mkdirSync(workDir, { recursive: true });
  const fake = await startFakeGeminiChild();
  const receivers = await startReceivers();
  const redises: TestRedis[] = [await startTestRedis(), await startTestRedis()];
  const server = buildServer();
  const children: Array<{ stop(): Promise<void> }> = [];
  try {
    const start = async (which: 'off' | 'on', redis: TestRedis) => {
      const port = await findFreePort();
      const env = {
        ...benchServerEnv(redis.url, port, fake.url, makeDataDir()),
        ...(which === 'on'
          ? {
              WEBHOOK_URL: `${receivers.webhooks}/hook`,
              WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
              SMTP_URL: receivers.smtp,
              NOTIFY_EMAIL: 'sales@example.com',
            }
          : {}),
      };
      const child = await startChild(server.script, env, port, path.join(workDir, `${which}.log`), server.nodeArgs);
      children.push(child);
      return child;
    };
    const off = await start('off', redises[0] as TestRedis);
    const on = await start('on', redises[1] as TestRedis);
    for (const c of [off, on]) await throughput(c, 'no-news', 1, `warm-${c.url.slice(-5)}`);

    const rows: Row[] = [];
    for (const turns of ['no-news', 'mixed', 'new-lead'] as const) {
      const o1 = await throughput(off, turns, seconds, 'off1');
      const n1 = await throughput(on, turns, seconds, 'on1');
      const n2 = await throughput(on, turns, seconds, 'on2');
      const o2 = await throughput(off, turns, seconds, 'off2');
      const offRps = (o1.rps + o2.rps) / 2;
      const onRps = (n1.rps + n2.rps) / 2;
      const offCpu = (o1.cpu + o2.cpu) / 2;
      const onCpu = (n1.cpu + n2.cpu) / 2;
      const label = LABELS[turns];
      rows.push(
        row(
          'hooks',
          `${CONNECTIONS} visitors, ${label}: throughput`,
          `${onRps.toFixed(0)} req/s`,
          `${offRps.toFixed(0)} req/s`,
          ratio(onRps, offRps),
          `≥ ${GOAL}`,
          yesNo(onRps / offRps >= GOAL),
        ),
      );
      rows.push(row('hooks', `${label}: server CPU per turn`, ms(onCpu), ms(offCpu), ratio(onCpu, offCpu)));
    }
    // The work one new lead costs, its deliveries included, counted rather than timed: the Redis commands
    // the server sends (INFO commandstats of its own redis-server) over sequential new leads, once delivered.
    const perLead = async (server: Child, redis: TestRedis, tag: string, delivered: () => Promise<boolean>) => {
      const client = new Redis(redis.url);
      try {
        await client.config('RESETSTAT');
        const cpu0 = cpuMs(server.pid);
        for (let i = 0; i < WORK_LEADS; i++) {
          await fetch(`${server.url}/gemini/train`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              client_id: `${tag}-work-${i}`,
              content: `I'm Work Lead, work.${tag}.${i}@example.com`,
            }),
          }).then((r) => r.text());
        }
        while (!(await delivered())) await sleep(20);
        await sleep(500); // the last jobs' bookkeeping
        const cpu = (cpuMs(server.pid) - cpu0) / WORK_LEADS;
        const stats = await client.info('commandstats');
        const calls = [...stats.matchAll(/cmdstat_(\w+):calls=(\d+)/g)]
          .filter((m) => m[1] !== 'config' && m[1] !== 'info')
          .reduce((sum, m) => sum + Number(m[2]), 0);
        return { commands: calls / WORK_LEADS, cpu };
      } finally {
        client.disconnect();
      }
    };
    const sent = await receivers.counts();
    const offWork = await perLead(off, redises[0] as TestRedis, 'offw', () => Promise.resolve(true));
    const onWork = await perLead(on, redises[1] as TestRedis, 'onw', async () => {
      const now = await receivers.counts();
      return now.webhooks >= sent.webhooks + WORK_LEADS && now.mails >= sent.mails + WORK_LEADS;
    });
    rows.push(
      row(
        'hooks',
        `a new lead, its webhook and mail delivered: Redis commands`,
        onWork.commands.toFixed(0),
        offWork.commands.toFixed(0),
        ratio(onWork.commands, offWork.commands),
      ),
      row(
        'hooks',
        `a new lead, delivered: server CPU (one at a time)`,
        ms(onWork.cpu),
        ms(offWork.cpu),
        ratio(onWork.cpu, offWork.cpu),
      ),
    );

    // Everything the "on" server queued is delivered once the load stops.
    const t0 = performance.now();
    const list = await fetch(`${on.url}/leads?limit=1`, { headers: { 'x-api-key': ADMIN_KEY } });
    const leads = ((await list.json()) as { data: { total: number } }).data.total;
    let counts = await receivers.counts();
    while (counts.webhooks < leads || counts.mails < leads) {
      await sleep(50);
      counts = await receivers.counts();
    }
    const drainMs = performance.now() - t0;
    const notes = [
      `hooks: ${seconds} s per autocannon run, ABBA (off, on, on, off) averaged; ours = webhooks and mail on, baseline = off; ` +
        `each side its own redis-server; receivers (HTTP and SMTP) in a process of their own.`,
      `hooks: ${leads} leads made on the "on" server, ${counts.webhooks} webhooks and ${counts.mails} mails ` +
        `received; all delivered ${(drainMs / 1000).toFixed(1)} s after the load ended.`,
    ];
    return { rows, notes };
  } finally {
    for (const c of children) await c.stop();
    for (const r of redises) await r.stop();
    await receivers.stop();
    await fake.stop();
  }
}

if (isMain(import.meta.url)) {
  const result = await measureHooks(process.argv.includes('--quick'));
  process.stdout.write(`${formatRows(result.rows)}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
}
