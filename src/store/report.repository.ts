/**
 * Where generated lead reports (the daily .xlsx) are kept, whatever the engine: files under DATA_DIR
 * (reports/report-file.store.ts, one instance) or PostgreSQL (store/postgres/report.repository.pg.ts, any
 * number of instances: a report made on one is listed and downloaded on every other). Both pass
 * test/store/report.contract.ts.
 *
 * Reports are stored, not generated again on each download: a report is the day as it was when it was made
 * (the daily one by whichever instance claimed the day), and its time of making tells the scheduler whether
 * today's is already made.
 */
import type { Readable, Writable } from 'node:stream';

/** The only report names there are: no slash, no dot-dot, nothing outside the reports can match. */
export const REPORT_FILE_RE = /^leads_(\d{4}-\d{2}-\d{2})\.xlsx$/;

export interface ReportFileInfo {
  filename: string;
  size: number;
  /** When it was made (ISO 8601). */
  modified: string;
}

export interface StoredReport {
  size: number;
  modified: Date;
  /** The report's bytes, as a stream. */
  content(): Readable;
}

export interface ReportRepository {
  /**
   * Stores the report `filename` (of the form REPORT_FILE_RE) that `produce` writes into the stream it is
   * given (and ends), replacing one of that name; all or nothing: a failed `produce` leaves the old one.
   */
  write(filename: string, produce: (out: Writable) => Promise<void>): Promise<void>;
  /** Every report, newest first (ties: the later date first). */
  list(): Promise<ReportFileInfo[]>;
  /** When the report was last made, or undefined when there is none. */
  modifiedAt(filename: string): Promise<Date | undefined>;
  /** The report to download, or undefined when there is none. */
  get(filename: string): Promise<StoredReport | undefined>;
}

/** The order of the list, the same for every engine. */
export function newestReportFirst(a: ReportFileInfo, b: ReportFileInfo): number {
  return b.modified.localeCompare(a.modified) || b.filename.localeCompare(a.filename);
}
