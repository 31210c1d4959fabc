/**
 * The baseline of the export figure, as its own process: exceljs's streaming WorkbookWriter writing N rows
 * shaped like leads (13 columns) to a file, from memory — no lead files, no HTTP. Prints `{"ms", "peakRssMb", "bytes"}`.
 * Usage: node --import tsx test/bench/xlsx-baseline.child.ts <rows> <file>
 */
import { readFileSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';

const rows = Number(process.argv[2] ?? 100_000);
const file = process.argv[3] ?? '/tmp/xlsx-baseline.xlsx';
const t0 = performance.now();
const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
const sheet = workbook.addWorksheet('Leads');
sheet.columns = 'id name email phone company status source notes fields meeting follow_up_at created_at updated_at'
  .split(' ')
  .map((key) => ({ header: key, key }));
const base = Date.parse('2026-01-01T00:00:00Z');
for (let i = 0; i < rows; i++) {
  const at = new Date(base + i * 60_000).toISOString();
  sheet
    .addRow({
      id: `${i}`.padStart(32, '0'),
      name: `Seed Person ${i}`,
      email: `seed${i}@example.com`,
      phone: `+9230${String(10_000_000 + i).padStart(8, '0')}`,
      company: `Company ${i % 500}`,
      status: 'new',
      source: 'chat',
      notes: i % 3 === 0 ? 'Interested in a website redesign' : '',
      fields: `Budget: ${(i % 50) + 1}k; Website: site${i}.example`,
      meeting: '',
      follow_up_at: '',
      created_at: at,
      updated_at: at,
    })
    .commit();
}
sheet.commit();
await workbook.commit();
const ms = performance.now() - t0;
const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
process.stdout.write(`${JSON.stringify({ ms, peakRssMb, bytes: statSync(file).size })}\n`);
