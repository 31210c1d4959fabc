/**
 * Profiles the streamed export in one process (no HTTP): seeds N lead files once into a cached folder,
 * opens the store and writes the workbook to a discarding stream. Run with --cpu-prof to see where time goes.
 * Usage: node --import tsx [--cpu-prof] test/bench/profile-export.ts [rows] [dataDir] [--memory]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { LeadStore } from '../../src/leads/lead.store.js';
import { EmbeddedLeadRepository } from '../../src/store/embedded/lead.repository.embedded.js';
import { LeadReportService } from '../../src/reports/lead-report.service.js';
import { seedLeadFiles } from './seed-leads.js';

const rows = Number(process.argv[2] ?? 100_000);
const dataDir = process.argv[3]?.startsWith('--') === false ? process.argv[3] : `/tmp/profile-export-${rows}`;
if (!existsSync(path.join(dataDir, 'leads'))) seedLeadFiles(dataDir, rows);
const logger = pino({ level: 'warn' });
let t = performance.now();
const store = await LeadStore.open(dataDir, logger);
const loadMs = performance.now() - t;
const rssLoaded = process.memoryUsage().rss / 1e6;
const reports = new LeadReportService({
  leads: new EmbeddedLeadRepository(store),
  dataDir,
  timezone: 'Asia/Karachi',
  logger,
});
let bytes = 0;
const sink = new Writable({
  highWaterMark: 64 * 1024,
  write(chunk: Buffer, _enc, cb) {
    bytes += chunk.length;
    setImmediate(cb);
  },
});
t = performance.now();
const mem = () => {
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1e6).toFixed(0)} heapTotal ${(m.heapTotal / 1e6).toFixed(0)} heapUsed ${(m.heapUsed / 1e6).toFixed(0)} external ${(m.external / 1e6).toFixed(0)} arrayBuffers ${(m.arrayBuffers / 1e6).toFixed(0)}`;
};
const sampler = process.argv.includes('--memory')
  ? setInterval(() => process.stderr.write(`${mem()}\n`), 500)
  : undefined;
const n = await reports.writeExport(sink, {});
clearInterval(sampler);
const exportMs = performance.now() - t;
process.stdout.write(
  `${JSON.stringify({ rows: n, loadMs: Math.round(loadMs), rssLoadedMb: Math.round(rssLoaded), exportMs: Math.round(exportMs), bytes, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
