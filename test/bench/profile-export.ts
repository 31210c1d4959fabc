/**
 * Profiles the streamed export in one process (no HTTP): seeds N lead files once into a cached folder,
 * opens the store and writes the workbook to a discarding stream. Run with --cpu-prof to see where time goes.
 * Usage: node --import tsx [--cpu-prof] test/bench/profile-export.ts [rows] [dataDir] [--memory]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { LeadStore, newLeadId } from '../../src/leads/lead.store.js';
import { LEAD_STATUSES, type LeadRecord } from '../../src/leads/lead.types.js';
import { LeadReportService } from '../../src/reports/lead-report.service.js';

const rows = Number(process.argv[2] ?? 100_000);
const dataDir = process.argv[3]?.startsWith('--') === false ? process.argv[3] : `/tmp/profile-export-${rows}`;
if (!existsSync(path.join(dataDir, 'leads'))) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < rows; i++) {
    const id = newLeadId();
    const at = new Date(base + i * 60_000).toISOString();
    const clientId = `seed-client-${i}`;
    const record: LeadRecord = {
      id,
      client_id: clientId,
      name: `Seed Person ${i}`,
      email: `seed${i}@example.com`,
      phone: `+9230${String(10_000_000 + i).padStart(8, '0')}`,
      company: `Company ${i % 500}`,
      fields: { Budget: `${(i % 50) + 1}k`, Website: `site${i}.example` },
      notes: i % 3 === 0 ? 'Interested in a website redesign' : null,
      status: LEAD_STATUSES[i % LEAD_STATUSES.length] ?? 'new',
      follow_up_at: null,
      meeting: null,
      source: 'chat',
      created_at: at,
      updated_at: at,
      conversations: {
        [clientId]: { name: `Seed Person ${i}`, email: `seed${i}@example.com`, phone: null, company: null, fields: {} },
      },
      meeting_client_id: null,
    };
    const dir = path.join(dataDir, 'leads', id.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(record));
  }
}
const logger = pino({ level: 'warn' });
let t = performance.now();
const store = await LeadStore.open(dataDir, logger);
const loadMs = performance.now() - t;
const rssLoaded = process.memoryUsage().rss / 1e6;
const reports = new LeadReportService({ store, dataDir, timezone: 'Asia/Karachi', logger });
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
const n = await reports.writeExport(sink, undefined);
clearInterval(sampler);
const exportMs = performance.now() - t;
process.stdout.write(
  `${JSON.stringify({ rows: n, loadMs: Math.round(loadMs), rssLoadedMb: Math.round(rssLoaded), exportMs: Math.round(exportMs), bytes, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
