/**
 * npm run bench:leads — lead store figures at 1,000 / 10,000 / 100,000 leads, through the real server
 * (a child process, real Redis): start-up, create / update / list-page / search latency (p50, p99), and the
 * streamed Excel export's time and the server's peak RSS. Baselines measured in the same run: one durable
 * file write (temp + fsync + rename) and a minimal Express JSON handler.
 * Usage: npm run bench:leads [-- 1000,10000,100000]. `npm run bench` calls measureLeads([100000]).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { writeFileAtomic } from '../../src/infra/atomic-file.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { ADMIN_KEY, makeDataDir, ROOT, testEnv } from '../helpers/harness.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { seedLeadFiles } from './seed-leads.js';
import {
  buildServer,
  isMain,
  type ServerCommand,
  markdownTable,
  ms,
  pct,
  peakRssMb,
  resetPeak,
  rssMb,
} from './bench-utils.js';

const SAMPLES = 200;
/** The compiled server, as `npm start` runs it (set by measureLeads). */
let SERVER: ServerCommand = { script: 'dist/server.js', nodeArgs: [] };
const auth = { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' };

const seed = seedLeadFiles;

async function startServer(
  env: Record<string, string | undefined>,
  port: number,
): Promise<{ child: ChildProcess; startupMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...SERVER.nodeArgs, SERVER.script], { cwd: ROOT, env, stdio: 'ignore' });
  for (;;) {
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (child.exitCode !== null) throw new Error('server exited');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, startupMs: performance.now() - t0 };
}

async function time(fn: () => Promise<unknown>, n = SAMPLES): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function baselines(): Promise<{ write: number[]; json: number[] }> {
  const dir = makeDataDir();
  const body = JSON.stringify({ id: 'x'.repeat(32), name: 'Baseline', fields: { a: 'b' }, notes: 'n'.repeat(200) });
  const write = await time(() => writeFileAtomic(path.join(dir, 'baseline.json'), body));
  const app = express();
  const page = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `Lead ${i}`, email: `l${i}@example.com` }));
  app.get('/list', (_req, res) => res.json({ status: 'success', data: { leads: page, total: 50 } }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list`;
  const json = await time(() => fetch(url).then((r) => r.arrayBuffer()));
  server.close();
  return { write, json };
}

/** One size's figures, for callers that build their own table (npm run bench). */
export interface LeadFigures {
  size: number;
  startupMs: number;
  idleRssMb: number;
  create: number[];
  update: number[];
  list: number[];
  filtered: number[];
  search: number[];
  export: { status: number; bytes: number; ms: number; peakRssMb: number; peakIncludesStartup: boolean };
}

export interface LeadBenchResult {
  baselines: { write: number[]; json: number[] };
  figures: LeadFigures[];
  /** The bench's own table (as bench:leads prints it). */
  rows: string[][];
}

/** Seeds each size of leads in a fresh data dir, runs the real server on it and measures (see the header). */
export async function measureLeads(sizes: number[], redisUrl: string): Promise<LeadBenchResult> {
  SERVER = buildServer();
  const base = await baselines();
  const figures: LeadFigures[] = [];
  const rows: string[][] = [];
  rows.push(['baseline', 'durable file write', ms(pct(base.write, 50)), ms(pct(base.write, 99)), '1.00']);
  rows.push(['baseline', 'minimal Express JSON GET', ms(pct(base.json, 50)), ms(pct(base.json, 99)), '1.00']);
  for (const size of sizes) {
    const dataDir = makeDataDir();
    const ids = seed(dataDir, size);
    const port = await findFreePort();
    const env = {
      ...testEnv(
        {
          REDIS_URL: redisUrl,
          PORT: String(port),
          HOST: '127.0.0.1',
          RATE_LIMIT_HOURLY: '10000000',
          RATE_LIMIT_DAILY: '100000000',
        },
        dataDir,
      ),
      PATH: process.env.PATH,
    };
    process.stderr.write(`seeded ${size} leads\n`);
    const { child, startupMs } = await startServer(env, port);
    process.stderr.write(`server up in ${startupMs.toFixed(0)} ms\n`);
    const url = `http://127.0.0.1:${port}`;
    const pid = child.pid ?? 0;
    const idleRss = rssMb(pid);
    let n = 0;
    const create = await time(() =>
      fetch(`${url}/leads`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: `New ${n}`, email: `new${n++}@example.com` }),
      }).then((r) => r.arrayBuffer()),
    );
    let u = 0;
    const update = await time(() =>
      fetch(`${url}/leads/${ids[(u++ * 7919) % ids.length]}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ status: 'contacted', notes: `n${u}` }),
      }).then((r) => r.arrayBuffer()),
    );
    let p = 0;
    const list = await time(() =>
      fetch(`${url}/leads?limit=50&offset=${(p++ * 50) % Math.max(1, size - 50)}`, { headers: auth }).then((r) =>
        r.arrayBuffer(),
      ),
    );
    const filtered = await time(
      () => fetch(`${url}/leads?status=qualified&limit=50`, { headers: auth }).then((r) => r.arrayBuffer()),
      50,
    );
    let q = 0;
    const search = await time(
      () => fetch(`${url}/leads?q=seed${(q++ * 31) % size}@&limit=50`, { headers: auth }).then((r) => r.arrayBuffer()),
      50,
    );
    process.stderr.write('latencies measured; exporting\n');
    const peakResettable = resetPeak(pid);
    const t = performance.now();
    const exp = await fetch(`${url}/leads/export.xlsx`, { headers: auth });
    const bytes = exp.ok ? (await exp.arrayBuffer()).byteLength : 0;
    const exportMs = performance.now() - t;
    const exportPeak = peakRssMb(pid);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    figures.push({
      size,
      startupMs,
      idleRssMb: idleRss,
      create,
      update,
      list,
      filtered,
      search,
      export: { status: exp.status, bytes, ms: exportMs, peakRssMb: exportPeak, peakIncludesStartup: !peakResettable },
    });
    const w = pct(base.write, 50);
    const j = pct(base.json, 50);
    const label = size.toLocaleString('en-US');
    rows.push([label, 'start-up (spawn to healthy)', ms(startupMs), '', '']);
    rows.push([label, 'RSS after start-up', `${idleRss.toFixed(0)} MB`, '', '']);
    /** p50, p99 and p50 over the same-run baseline of the same kind of work. */
    const timed = (what: string, samples: number[], baseline: number) =>
      rows.push([label, what, ms(pct(samples, 50)), ms(pct(samples, 99)), (pct(samples, 50) / baseline).toFixed(2)]);
    timed('create (POST /leads)', create, w);
    timed('update (PATCH /leads/:id)', update, w);
    timed('list page (50)', list, j);
    timed('list by status (50)', filtered, j);
    timed('search q (50)', search, j);
    rows.push([
      label,
      exp.ok ? `export.xlsx (${(bytes / 1e6).toFixed(1)} MB)` : `export.xlsx (HTTP ${exp.status})`,
      ms(exportMs),
      `peak RSS ${exportPeak.toFixed(0)} MB`,
      '',
    ]);
  }
  return { baselines: base, figures, rows };
}

if (isMain(import.meta.url)) {
  const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
  const redis = await startTestRedis();
  try {
    const { rows } = await measureLeads(sizes, redis.url);
    process.stdout.write(
      `${markdownTable(['leads', 'operation', 'p50 / value', 'p99 / note', 'p50 ÷ baseline'], rows)}\n`,
    );
    process.stdout.write(
      'Ratios: write operations against one durable file write; reads against a minimal Express JSON handler.\n',
    );
  } finally {
    await redis.stop();
  }
}
