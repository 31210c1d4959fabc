/**
 * npm run bench [-- --quick]: every figure of the project beside a baseline measured in the same run, as one
 * Markdown table. Starts what it needs: a real redis-server, the fake Gemini (own process, reached by the real
 * @google/genai SDK), our server and the baselines as child processes. Figures are noisy on a shared machine;
 * read the ratios. The turn-CPU table (turn-cpu.bench.ts) has three columns: plain HTTP, SDK, ours; the token
 * table (tokens.bench.ts) counts a 10-turn conversation's prompt per turn.
 * --quick: shorter runs, 1,000 conversations and 10,000 leads instead of 10,000 and 100,000.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { makeDataDir, ROOT } from '../helpers/harness.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { compileBenchScript, formatRows, machine, mb, ms, pct, ratio, row, type Row } from './bench-utils.js';
import { measureChat } from './chat.bench.js';
import { measureExtraction } from './extraction.bench.js';
import { measureLeads } from './leads.bench.js';
import { measureTokens } from './tokens.bench.js';
import { measureTurnCpu, type TurnCpuResult } from './turn-cpu.bench.js';

const quick = process.argv.includes('--quick');
const leadCount = quick ? 10_000 : 100_000;
const started = performance.now();
const log = (text: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);

async function exportBaseline(rows: number): Promise<{ ms: number; peakRssMb: number; bytes: number }> {
  const file = path.join(makeDataDir(), 'baseline.xlsx');
  const script = await compileBenchScript('test/bench/xlsx-baseline.child.ts');
  const out = spawnSync(process.execPath, [script, String(rows), file], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`xlsx baseline failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { ms: number; peakRssMb: number; bytes: number };
}

const redis = await startTestRedis();
const rows: Row[] = [];
const notes: string[] = [];
let turnCpu: TurnCpuResult | undefined;
let tokens: Awaited<ReturnType<typeof measureTokens>> | undefined;
try {
  log('server CPU per chat turn: plain HTTP baseline, SDK baseline, ours');
  turnCpu = await measureTurnCpu({
    quick,
    redisUrl: redis.url,
    workDir: makeDataDir(),
    ...(quick ? { modes: ['sse' as const] } : {}),
  });

  log('tokens per turn of a 10-turn conversation');
  tokens = await measureTokens();

  log('chat through the whole stack, and server memory');
  const chat = await measureChat({ quick, redisUrl: redis.url, workDir: makeDataDir() });
  rows.push(...chat.rows);
  notes.push(...chat.notes);

  log(`leads at ${leadCount.toLocaleString('en-US')}`);
  const leads = await measureLeads([leadCount], redis.url);
  const f = leads.figures[0];
  if (!f) throw new Error('no lead figures');
  const w50 = pct(leads.baselines.write, 50);
  const w99 = pct(leads.baselines.write, 99);
  const j50 = pct(leads.baselines.json, 50);
  const j99 = pct(leads.baselines.json, 99);
  const n = leadCount.toLocaleString('en-US');
  const area = `leads ${n}`;
  rows.push(
    row(
      'start-up',
      'spawn to healthy, 5 leads',
      ms(chat.startupMs.ours),
      ms(chat.startupMs.baseline),
      ratio(chat.startupMs.ours, chat.startupMs.baseline),
    ),
  );
  rows.push(
    row(
      'start-up',
      `spawn to healthy, ${n} leads`,
      ms(f.startupMs),
      ms(chat.startupMs.baseline),
      ratio(f.startupMs, chat.startupMs.baseline),
    ),
  );
  rows.push(row('memory', `server RSS after start-up, ${n} leads`, mb(f.idleRssMb)));
  const latencyRows: Array<[string, number[], number, number, string]> = [
    ['create POST /leads', f.create, w50, w99, 'durable file write'],
    ['update PATCH /leads/:id', f.update, w50, w99, 'durable file write'],
    ['list page of 50', f.list, j50, j99, 'Express JSON GET'],
    ['list by status (50)', f.filtered, j50, j99, 'Express JSON GET'],
    ['search q= (50)', f.search, j50, j99, 'Express JSON GET'],
  ];
  for (const [label, values, b50, b99, baseName] of latencyRows) {
    rows.push(row(area, `${label}: p50`, ms(pct(values, 50)), `${ms(b50)} (${baseName})`, ratio(pct(values, 50), b50)));
    rows.push(row(area, `${label}: p99`, ms(pct(values, 99)), `${ms(b99)} (${baseName})`, ratio(pct(values, 99), b99)));
  }
  log('export baseline (exceljs stream writer, same rows, own process)');
  const xb = await exportBaseline(leadCount);
  const exportLabel = `export.xlsx streamed${f.export.status === 200 ? ` (${(f.export.bytes / 1e6).toFixed(1)} MB)` : ''}`;
  if (f.export.status === 200) {
    rows.push(row(area, `${exportLabel}: time`, ms(f.export.ms), ms(xb.ms), ratio(f.export.ms, xb.ms)));
    rows.push(
      row(
        area,
        `${exportLabel}: server peak RSS`,
        mb(f.export.peakRssMb),
        mb(xb.peakRssMb),
        ratio(f.export.peakRssMb, xb.peakRssMb),
      ),
    );
  } else {
    rows.push(row(area, `${exportLabel}: time`, `HTTP ${f.export.status}`, ms(xb.ms), 'n/a'));
    rows.push(row(area, `${exportLabel}: server peak RSS`, `HTTP ${f.export.status}`, mb(xb.peakRssMb), 'n/a'));
  }
  notes.push(
    `leads: ${n} lead files seeded, 200 sequential requests per write/list figure (50 for filtered/search); create/update against one ` +
      "durable file write (temp + fsync + rename), reads against a minimal Express JSON handler; the export against exceljs's stream " +
      `writer writing the same number of rows from memory to a file in its own process${f.export.peakIncludesStartup ? '; peak RSS includes start-up (clear_refs not permitted)' : ''}.`,
  );

  log('extraction');
  const ex = await measureExtraction(quick ? 10 : 40);
  rows.push(
    row(
      'extraction',
      'messages per second, one core',
      `${Math.round(ex.perSecond)}/s`,
      `${Math.round(ex.baselinePerSecond)}/s (one email regex)`,
      ratio(ex.perSecond, ex.baselinePerSecond),
    ),
  );
} finally {
  await redis.stop();
}

const m = machine();
const header =
  `## npm run bench${quick ? ' -- --quick' : ''}\n\n` +
  `${new Date().toISOString()} · ${m.nproc} CPUs (${m.cpu}) · ${m.memGb.toFixed(1)} GiB · Node ${m.node} · load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} · ${((performance.now() - started) / 1000).toFixed(0)} s\n\n`;
const turnSection = turnCpu
  ? `\n### Server CPU per chat turn (three columns)\n\n${turnCpu.table}\n\n${turnCpu.notes.map((t) => `- ${t}`).join('\n')}\n`
  : '';
const tokenSection = tokens
  ? `\n### Tokens per turn of a 10-turn conversation\n\n${tokens.table}\n\n${tokens.notes.map((t) => `- ${t}`).join('\n')}\n`
  : '';
process.stdout.write(
  `${header}${formatRows(rows)}\n\n${notes.map((t) => `- ${t}`).join('\n')}\n${turnSection}${tokenSection}`,
);
