/**
 * Lead reports in PostgreSQL (`reports`, migration 0001): the workbook's bytes (bytea), so a report made
 * on one instance downloads from any other. The workbook is gathered in memory, then written in one
 * statement (a day's report is small: about 100 bytes a lead); a failure while making it stores nothing.
 * `modified` is the database's clock, one clock for every instance.
 */
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { query, type Pool } from '../../infra/postgres.client.js';
import {
  newestReportFirst,
  REPORT_FILE_RE,
  type ReportFileInfo,
  type ReportRepository,
  type StoredReport,
} from '../report.repository.js';

interface InfoRow {
  filename: string;
  size: number;
  modified: Date;
}

/** A Writable that keeps what is written, for `produce` to write into. */
function collector(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

export class PostgresReportRepository implements ReportRepository {
  constructor(private readonly pool: Pool) {}

  async write(filename: string, produce: (out: Writable) => Promise<void>): Promise<void> {
    const date = REPORT_FILE_RE.exec(filename)?.[1];
    if (!date) throw new Error(`not a report name: ${filename}`);
    const { out, bytes } = collector();
    await produce(out);
    if (!out.writableEnded) out.end();
    await finished(out);
    const content = bytes();
    await query(
      this.pool,
      `INSERT INTO reports (filename, report_date, content, size, modified) VALUES ($1, $2, $3, $4, clock_timestamp())
       ON CONFLICT (filename) DO UPDATE SET report_date = EXCLUDED.report_date, content = EXCLUDED.content,
         size = EXCLUDED.size, modified = EXCLUDED.modified`,
      [filename, date, content, content.length],
    );
  }

  async list(): Promise<ReportFileInfo[]> {
    const rows = await query<InfoRow>(this.pool, 'SELECT filename, size, modified FROM reports');
    // Sorted here, on the millisecond times the list shows, exactly as the file engine sorts.
    return rows
      .map((r) => ({ filename: r.filename, size: r.size, modified: r.modified.toISOString() }))
      .sort(newestReportFirst);
  }

  async modifiedAt(filename: string): Promise<Date | undefined> {
    const rows = await query<{ modified: Date }>(this.pool, 'SELECT modified FROM reports WHERE filename = $1', [
      filename,
    ]);
    return rows[0]?.modified;
  }

  async get(filename: string): Promise<StoredReport | undefined> {
    const rows = await query<InfoRow & { content: Buffer }>(
      this.pool,
      'SELECT filename, size, modified, content FROM reports WHERE filename = $1',
      [filename],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { size: row.size, modified: row.modified, content: () => Readable.from([row.content]) };
  }
}
