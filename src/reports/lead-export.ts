/**
 * One export of leads (GET /leads/export.xlsx and .csv) from a source of leads: the columns from the
 * source's label counts before the first row, then the rows streamed in batches. Run in the request's
 * thread (embedded engine) or in an export worker (PostgreSQL: export-worker.ts).
 */
import type { Writable } from 'node:stream';
import type { LeadStatus } from '../leads/lead.types.js';
import type { LeadRepository } from '../store/lead.repository.js';
import { writeLeadCsv } from './lead-csv.js';
import { fieldColumns, writeLeadWorkbook } from './lead-workbook.js';

/** Which leads an export holds: the list's filters, and a selection of ids. */
export interface ExportFilter {
  status?: LeadStatus | undefined;
  q?: string | undefined;
  ids?: readonly string[] | undefined;
}

export type ExportFormat = 'xlsx' | 'csv';

/** What to export and how (plain data: it is handed to a worker thread as is). */
export interface ExportJob {
  filter: ExportFilter;
  format: ExportFormat;
  timezone: string;
  generatedAt: Date;
}

/** Writes the export into `out` and ends it; returns the number of lead rows. */
export async function writeLeadExport(
  out: Writable,
  leads: Pick<LeadRepository, 'fieldLabels' | 'scan'>,
  { filter, format, timezone, generatedAt }: ExportJob,
): Promise<number> {
  const { status, q, ids } = filter;
  // The columns are known before the first row (the store counts the labels); rows stream in batches.
  const labels = fieldColumns(await leads.fieldLabels(filter));
  const rows = leads.scan(filter);
  if (format === 'csv') return writeLeadCsv(out, rows, { labels, timezone });
  const what = ids ? 'Selected leads' : 'All leads';
  return writeLeadWorkbook(out, rows, {
    labels,
    timezone,
    title: `${status ? `${what} with status ${status}` : what}${q ? ` matching "${q}"` : ''}`,
    generatedAt,
  });
}
