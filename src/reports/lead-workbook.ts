/**
 * Writes leads as an .xlsx workbook ("Leads" and "Summary" sheets) with exceljs's streaming writer, so a
 * big export never sits whole in memory, and waits for the output to drain (row.commit() does not).
 */
import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { DateTime, IANAZone } from 'luxon';
import { LEAD_SOURCES, LEAD_STATUSES, type LeadRecord } from '../leads/lead.types.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LeadWorkbookOptions {
  timezone: string;
  /** Shown on the Summary sheet, e.g. "Leads created or updated on 2025-03-10". */
  title: string;
  generatedAt: Date;
}

export interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
  value: (lead: LeadRecord) => ExcelJS.CellValue;
}

const DATE_TIME_FMT = 'yyyy-mm-dd hh:mm';
/** Rows between yields to the event loop, so a big export does not stall other requests. */
const YIELD_EVERY_ROWS = 100;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

// Characters XML 1.0 forbids: one in a cell would make Excel refuse the whole file.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Text a spreadsheet would read as a formula once saved as CSV (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Columns of their own for captured fields; the rest share "Other fields". */
const MAX_FIELD_COLUMNS = 100;
/** Excel holds at most 32,767 characters in a cell. */
const MAX_CELL_TEXT = 32_000;

/**
 * Text as a cell may hold it: no characters XML forbids, and a leading `=`, `+`, `-`, `@`, tab or carriage
 * return quoted with `'`: stored as text here, such a cell would become a formula once saved as CSV.
 */
function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = value.replace(XML_INVALID, '');
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Phones are E.164 (a `+` and digits, validated): never a formula, shown as they are. */
function phoneText(value: string | null): string | null {
  return value ? value.replace(XML_INVALID, '') : null;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Excel has no time zones: a cell holds the wall-clock time in the business zone. Asking luxon for each
 * cell was the export's hottest path, so offsets are cached: per UTC day when the day's two ends agree (no
 * zone changes twice in a day), else per UTC quarter hour (zone changes fall on quarter hours); a quarter
 * whose two ends disagree is computed exactly. Leads a minute apart asked luxon twice a quarter hour:
 * a tenth of the 100,000-lead export's time.
 */
export function makeLocalExcelDate(timezone: string): (iso: string | null | undefined) => Date | null {
  const zone = IANAZone.create(timezone);
  const days = new Map<number, number>();
  const quarters = new Map<number, number>();
  /** The offset of [start, start + span) when its two ends agree, else undefined. */
  const steady = (start: number, span: number): number | undefined => {
    const offset = zone.offset(start);
    return zone.offset(start + span - 1) === offset ? offset : undefined;
  };
  const cached = (cache: Map<number, number>, key: number, span: number): number | null => {
    let offset = cache.get(key);
    if (offset === undefined) {
      offset = steady(key * span, span) ?? Number.NaN;
      if (cache.size > 50_000) cache.clear(); // bounded: 137 years of days, about 1.4 years of quarters
      cache.set(key, offset);
    }
    return Number.isNaN(offset) ? null : offset;
  };
  const offsetAt = (ts: number): number =>
    cached(days, Math.floor(ts / DAY_MS), DAY_MS) ??
    cached(quarters, Math.floor(ts / QUARTER_HOUR_MS), QUARTER_HOUR_MS) ??
    zone.offset(ts);
  return (iso) => {
    if (!iso) return null;
    const ts = Date.parse(iso);
    if (Number.isNaN(ts)) return null;
    // Whole seconds, as the sheet's format shows no more.
    return new Date(Math.floor((ts + offsetAt(ts) * 60_000) / 1000) * 1000);
  };
}

/** A follow-up is a business-zone date (kept as is) or an instant (shown as local date and time). */
function localFollowUp(value: string | null, timezone: string): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const dt = DateTime.fromISO(value, { zone: 'utc' }).setZone(timezone);
  return dt.isValid ? dt.toFormat('yyyy-MM-dd HH:mm') : value;
}

function link(url: string | null | undefined): ExcelJS.CellValue {
  if (!url) return null;
  return /^https?:\/\//i.test(url) ? { text: cleanText(url) ?? '', hyperlink: url } : cleanText(url);
}

/**
 * The field labels that get a column of their own: the MAX_FIELD_COLUMNS most used (ties: the earlier),
 * in the order they first appear (leads oldest first). Every other label goes into the one "Other fields"
 * column, so a workbook stays valid (Excel has 16,384 columns) whatever is stored.
 */
export function fieldLabels(leads: Iterable<{ fields: Record<string, string> }>): FieldColumns {
  const counts = new Map<string, number>();
  for (const lead of leads)
    for (const label of Object.keys(lead.fields)) counts.set(label, (counts.get(label) ?? 0) + 1);
  return fieldColumns([...counts].map(([label, n]) => ({ label, leads: n })));
}

/** fieldLabels from each label's count of leads, in the order labels first appear (LeadRepository.fieldLabels). */
export function fieldColumns(counted: ReadonlyArray<{ label: string; leads: number }>): FieldColumns {
  const labels = counted.map((c) => c.label);
  if (labels.length <= MAX_FIELD_COLUMNS) return { labels, others: false };
  const counts = new Map(counted.map((c) => [c.label, c.leads]));
  const firstSeen = new Map(labels.map((label, i) => [label, i]));
  const kept = new Set(
    [...labels].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0)).slice(0, MAX_FIELD_COLUMNS),
  );
  const shown = labels.filter((label) => kept.has(label));
  return { labels: shown.sort((a, b) => (firstSeen.get(a) ?? 0) - (firstSeen.get(b) ?? 0)), others: true };
}

/** The field columns of a workbook: labels with a column each, and whether an "Other fields" column follows. */
export interface FieldColumns {
  labels: string[];
  others: boolean;
}

/** "Label: value" of the fields without a column of their own, one per line (capped to what a cell holds). */
function otherFields(fields: Record<string, string>, shown: ReadonlySet<string>): string | null {
  const lines: string[] = [];
  for (const [label, value] of Object.entries(fields)) if (!shown.has(label)) lines.push(`${label}: ${value}`);
  return lines.length > 0 ? cleanText(lines.join('\n').slice(0, MAX_CELL_TEXT)) : null;
}

export function columnsFor({ labels, others }: FieldColumns, timezone: string): ColumnSpec[] {
  const localExcelDate = makeLocalExcelDate(timezone);
  const base: ColumnSpec[] = [
    { header: 'ID', width: 34, value: (l) => l.id },
    { header: 'Created', width: 17, numFmt: DATE_TIME_FMT, value: (l) => localExcelDate(l.created_at) },
    { header: 'Updated', width: 17, numFmt: DATE_TIME_FMT, value: (l) => localExcelDate(l.updated_at) },
    { header: 'Name', width: 24, value: (l) => cleanText(l.name) },
    { header: 'Email', width: 30, value: (l) => cleanText(l.email) },
    { header: 'Phone', width: 17, value: (l) => phoneText(l.phone) },
    { header: 'Company', width: 24, value: (l) => cleanText(l.company) },
    { header: 'Status', width: 18, value: (l) => l.status },
    { header: 'Follow-up', width: 17, value: (l) => localFollowUp(l.follow_up_at, timezone) },
    {
      header: 'Meeting start',
      width: 17,
      numFmt: DATE_TIME_FMT,
      value: (l) => localExcelDate(l.meeting?.start),
    },
    { header: 'Meet link', width: 34, value: (l) => link(l.meeting?.meet_link) },
    { header: 'Source', width: 9, value: (l) => l.source },
    { header: 'Notes', width: 50, value: (l) => cleanText(l.notes) },
  ];
  const taken = new Set(base.map((c) => c.header.toLowerCase()));
  const extra = labels.map<ColumnSpec>((label) => ({
    // A captured label that equals a standard header would make two identical column titles.
    header: taken.has(label.toLowerCase()) ? `${label} (field)` : label,
    width: Math.min(Math.max(label.length + 4, 14), 40),
    value: (l) => cleanText(l.fields[label]),
  }));
  if (!others) return [...base, ...extra];
  const shown = new Set(labels);
  const rest: ColumnSpec = { header: 'Other fields', width: 40, value: (l) => otherFields(l.fields, shown) };
  return [...base, ...extra, rest];
}

/**
 * A stream that can ask its writer to pause: Node's own streams say so in `writableNeedDrain`; those of
 * readable-stream 3 (archiver's zip entries) predate that getter and keep it in their state.
 */
interface DrainingStream extends EventEmitter {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
}

function needsDrain(stream: DrainingStream): boolean {
  return stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false;
}

/**
 * Waits while `stream` (the output, or the zip entry before it) takes data slower than we write; fails if
 * the output goes away (an entry whose output is gone would never drain).
 */
async function waitForDrain(out: Writable, stream: DrainingStream = out): Promise<void> {
  if (!needsDrain(stream)) return;
  if (out.destroyed) throw new Error('output closed before the workbook was complete');
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        throw new Error('output closed before the workbook was complete');
      }),
    ]);
  } finally {
    ac.abort();
  }
}

/**
 * The stream exceljs hands a streamed sheet's rows to: the zip entry archiver compresses (a readable-stream 3
 * PassThrough). exceljs writes the sheet into it in 64 KB blocks without looking at write()'s answer, so
 * when compressing is slower than making rows (deflate runs on libuv's pool) the blocks pile up in it: 190 MB
 * of buffers in an export of 1,000,000 leads (a heap snapshot of the export worker: 742 blocks queued in the
 * entry, more held by exceljs's pending writes). Waiting for its drain as for the output's keeps it to a
 * block or two. Undefined if exceljs ever stores it elsewhere (then only the output is waited for).
 */
function sheetEntryOf(sheet: ExcelJS.Worksheet): DrainingStream | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const entry: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  const drains = (e: object) => 'writableNeedDrain' in e || '_writableState' in e;
  return entry && typeof entry === 'object' && drains(entry) ? (entry as DrainingStream) : undefined;
}

function styleHeader(row: ExcelJS.Row): void {
  row.height = 22;
  row.eachCell((cell) => {
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF0F2440' } } };
  });
}

export interface SummaryCounts {
  total: number;
  byStatus: Record<string, number>;
  bySource: Record<string, number>;
}

function noCounts(): SummaryCounts {
  const byStatus: Record<string, number> = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0]));
  const bySource: Record<string, number> = Object.fromEntries(LEAD_SOURCES.map((s) => [s, 0]));
  return { total: 0, byStatus, bySource };
}

function countLead(counts: SummaryCounts, lead: Pick<LeadRecord, 'status' | 'source'>): void {
  counts.byStatus[lead.status] = (counts.byStatus[lead.status] ?? 0) + 1;
  counts.bySource[lead.source] = (counts.bySource[lead.source] ?? 0) + 1;
  counts.total += 1;
}

function writeSummary(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  counts: SummaryCounts,
  opts: LeadWorkbookOptions,
): void {
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [{ width: 26 }, { width: 44 }];
  const title = sheet.addRow([opts.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const generated = DateTime.fromJSDate(opts.generatedAt, { zone: opts.timezone }).toFormat('yyyy-MM-dd HH:mm');
  sheet.addRow(['Generated', `${generated} (${opts.timezone})`]).commit();
  sheet.addRow(['Time zone of dates', opts.timezone]).commit();
  const total = sheet.addRow(['Total leads', counts.total]);
  total.font = { bold: true };
  total.commit();
  for (const [heading, table] of [
    ['By status', counts.byStatus],
    ['By source', counts.bySource],
  ] as const) {
    sheet.addRow([]).commit();
    const head = sheet.addRow([heading, 'Leads']);
    styleHeader(head);
    head.commit();
    for (const [name, n] of Object.entries(table)) sheet.addRow([name, n]).commit();
  }
  sheet.commit();
}

/**
 * Writes the whole workbook into `out` and ends it. Returns the number of lead rows. `leads` may be an
 * array (labels computed from it) or a stream of records with `labels` given up front (a big export,
 * which never holds every lead at once). The summary sheet, written last, counts the rows written.
 */
export async function writeLeadWorkbook(
  out: Writable,
  leads: readonly LeadRecord[] | AsyncIterable<LeadRecord>,
  opts: LeadWorkbookOptions & { labels?: FieldColumns },
): Promise<number> {
  const labels = opts.labels ?? (Array.isArray(leads) ? fieldLabels(leads) : { labels: [], others: false });
  // Loaded on first use: exceljs is ~25 MB of RSS that an idle server does not need.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Lead chatbot server';
  workbook.created = opts.generatedAt;
  const columns = columnsFor(labels, opts.timezone);
  const sheet = workbook.addWorksheet('Leads', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => c.header));
  styleHeader(header);
  header.commit();
  let rows = 0;
  const counts = noCounts();
  // exceljs caches a style's id by object identity: one shared object per column saves rendering each cell's style.
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
  const entry = sheetEntryOf(sheet);
  for await (const lead of leads) {
    const row = sheet.addRow(columns.map((c) => c.value(lead)));
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style = styles[col - 1] ?? {};
    });
    row.commit();
    rows += 1;
    countLead(counts, lead);
    if (rows % YIELD_EVERY_ROWS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (entry) await waitForDrain(out, entry);
    await waitForDrain(out);
  }
  sheet.commit();
  writeSummary(workbook, counts, opts);
  await workbook.commit();
  return rows;
}
