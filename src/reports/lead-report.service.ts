/**
 * Lead reports: the daily .xlsx of leads created or updated on one business-zone day, kept as
 * leads_<YYYY-MM-DD>.xlsx by a ReportRepository (files under DATA_DIR/reports, or PostgreSQL), and the
 * streamed export of every lead.
 */
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { AppError, validationError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { LeadRecord, LeadStatus } from '../leads/lead.types.js';
import type { LeadRepository } from '../store/lead.repository.js';
import {
  REPORT_FILE_RE,
  type ReportFileInfo,
  type ReportRepository,
  type StoredReport,
} from '../store/report.repository.js';
import { exportInWorker, type ExportWorkerData } from './export-in-worker.js';
import { writeLeadExport, type ExportFilter, type ExportFormat, type ExportJob } from './lead-export.js';
import { writeLeadWorkbook } from './lead-workbook.js';
import { ReportFileStore } from './report-file.store.js';

export { REPORT_FILE_RE, type ReportFileInfo };

export type { ExportFilter, ExportFormat };

export interface GeneratedReport {
  filename: string;
  rows: number;
  date: string;
}

export interface LeadReportDeps {
  leads: LeadRepository;
  dataDir: string;
  /** Where reports are kept (store/durable-stores.ts chooses); files under `dataDir` when absent. */
  files?: ReportRepository;
  timezone: string;
  logger: Logger;
  now?: () => Date;
  /** Exports run in a worker thread reading this database (PostgreSQL); in this thread when absent. */
  exportWorker?: Omit<ExportWorkerData, 'job'> | undefined;
}

export class LeadReportService {
  private readonly files: ReportRepository;

  constructor(private readonly deps: LeadReportDeps) {
    this.files = deps.files ?? new ReportFileStore(deps.dataDir);
  }

  static filenameFor(date: string): string {
    return `leads_${date}.xlsx`;
  }

  /** Today in the business zone. */
  today(now: Date = this.deps.now?.() ?? new Date()): string {
    return DateTime.fromJSDate(now, { zone: this.deps.timezone }).toISODate() ?? '';
  }

  /** A report date from input: absent means today; a malformed, impossible or future date is a 400. */
  parseReportDate(input: unknown): string {
    if (input === undefined || input === null || input === '') return this.today();
    const fail = (message: string) => validationError([{ field: 'date', message }], `Invalid input: date ${message}`);
    if (typeof input !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input)) throw fail('must be a date like 2025-03-10');
    const day = DateTime.fromISO(input, { zone: this.deps.timezone });
    if (!day.isValid) throw fail('is not a real calendar date');
    if (input > this.today()) throw fail('must not be in the future');
    return input;
  }

  /** Leads created or updated during that day in the business zone, oldest first. */
  async leadsOfDay(date: string): Promise<LeadRecord[]> {
    const start = DateTime.fromISO(date, { zone: this.deps.timezone }).startOf('day');
    // A calendar day: 23 or 25 hours across DST changes.
    const changedIn = { from: start.toISO() ?? '', before: start.plus({ days: 1 }).toISO() ?? '' };
    const leads: LeadRecord[] = [];
    for await (const lead of this.deps.leads.scan({ changedIn })) leads.push(lead);
    return leads;
  }

  async generate(date: string): Promise<GeneratedReport> {
    const leads = await this.leadsOfDay(date);
    const filename = LeadReportService.filenameFor(date);
    let rows = 0;
    await this.files.write(filename, async (out) => {
      rows = await writeLeadWorkbook(out, leads, {
        timezone: this.deps.timezone,
        title: `Leads created or updated on ${date}`,
        generatedAt: this.deps.now?.() ?? new Date(),
      });
    });
    this.deps.logger.info({ filename, rows }, 'lead report generated');
    return { filename, rows, date };
  }

  /** Newest first. */
  list(): Promise<ReportFileInfo[]> {
    return this.files.list();
  }

  /** When the report of that day was last written, or undefined when there is none. */
  modifiedAt(date: string): Promise<Date | undefined> {
    return this.files.modifiedAt(LeadReportService.filenameFor(date));
  }

  /** A report to download; 404 for any name not of the exact form, or of no report. */
  async openDownload(filename: string): Promise<StoredReport> {
    const report = REPORT_FILE_RE.test(filename) ? await this.files.get(filename) : undefined;
    if (!report) throw new AppError('not_found', 'No such report');
    return report;
  }

  /**
   * Every lead (or those with `status`, matching `q`, among `ids`), oldest first, streamed into `out`: in
   * an export worker on PostgreSQL (export-in-worker.ts says why), in this thread on the embedded engine
   * (its leads are this process's memory).
   */
  writeExport(out: Writable, filter: ExportFilter, format: ExportFormat = 'xlsx'): Promise<number> {
    const job: ExportJob = {
      filter,
      format,
      timezone: this.deps.timezone,
      generatedAt: this.deps.now?.() ?? new Date(),
    };
    const worker = this.deps.exportWorker;
    return worker ? exportInWorker(out, job, worker) : writeLeadExport(out, this.deps.leads, job);
  }

  exportFilename(status: LeadStatus | undefined, format: ExportFormat = 'xlsx'): string {
    return `leads_export_${status ? `${status}_` : ''}${this.today()}.${format}`;
  }
}
