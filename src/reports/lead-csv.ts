/**
 * Writes leads as CSV (GET /leads/export.csv) with csv-stringify, streamed with backpressure: the same
 * columns and cell rules as the workbook (lead-workbook.ts: text that a spreadsheet would read as a formula,
 * a leading `=`, `+`, `-`, `@`, tab or carriage return, is quoted with `'`; dates are wall-clock times in
 * the business zone), UTF-8 with a byte order mark so that Excel reads accents right.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import type { LeadRecord } from '../leads/lead.types.js';
import { columnsFor, type FieldColumns } from './lead-workbook.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A workbook cell as CSV text: a local date as `YYYY-MM-DD HH:mm`, a link as its text. */
function csvCell(value: ExcelJS.CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  // The workbook's dates already hold the business zone's wall-clock time (as UTC fields).
  if (value instanceof Date) return value.toISOString().slice(0, 16).replace('T', ' ');
  if (typeof value === 'object') return 'text' in value ? String(value.text) : null;
  return value;
}

/** Writes the header and a row per lead into `out`, then ends it; returns the number of rows. */
export async function writeLeadCsv(
  out: Writable,
  leads: AsyncIterable<LeadRecord>,
  opts: { timezone: string; labels: FieldColumns },
): Promise<number> {
  const columns = columnsFor(opts.labels, opts.timezone);
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => c.header) });
  const written = pipeline(csv, out);
  written.catch(() => undefined); // awaited below; a reader gone meanwhile also fails the write loop
  let rows = 0;
  for await (const lead of leads) {
    if (!csv.write(columns.map((c) => csvCell(c.value(lead))))) await once(csv, 'drain');
    rows += 1;
  }
  csv.end();
  await written;
  return rows;
}
