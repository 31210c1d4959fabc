/**
 * Lead reports as files, DATA_DIR/reports/leads_<YYYY-MM-DD>.xlsx, written atomically: the embedded engine
 * of ReportRepository (store/report.repository.ts).
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { makePrivateDir, toStorageError, writeStreamAtomic } from '../infra/atomic-file.js';
import {
  newestReportFirst,
  REPORT_FILE_RE,
  type ReportFileInfo,
  type ReportRepository,
  type StoredReport,
} from '../store/report.repository.js';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export class ReportFileStore implements ReportRepository {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'reports');
  }

  async write(filename: string, produce: (out: Writable) => Promise<void>): Promise<void> {
    await this.ensureDir();
    await writeStreamAtomic(path.join(this.dir, filename), produce);
  }

  async list(): Promise<ReportFileInfo[]> {
    await this.ensureDir();
    const infos: ReportFileInfo[] = [];
    for (const name of await readdir(this.dir)) {
      if (!REPORT_FILE_RE.test(name)) continue;
      try {
        const s = await stat(path.join(this.dir, name));
        if (s.isFile()) infos.push({ filename: name, size: s.size, modified: s.mtime.toISOString() });
      } catch {
        // removed between readdir and stat
      }
    }
    return infos.sort(newestReportFirst);
  }

  async modifiedAt(filename: string): Promise<Date | undefined> {
    try {
      return (await stat(path.join(this.dir, filename))).mtime;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw toStorageError(err);
    }
  }

  /**
   * Opened before it is described, so a report replaced or removed meanwhile still downloads whole; the
   * caller must read content() (which closes the file).
   */
  async get(filename: string): Promise<StoredReport | undefined> {
    if (!REPORT_FILE_RE.test(filename)) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(path.join(this.dir, filename), 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw toStorageError(err);
    }
    try {
      const s = await handle.stat();
      if (!s.isFile()) {
        await handle.close();
        return undefined;
      }
      const opened = handle;
      // The stream closes the file when it ends or fails.
      return { size: s.size, modified: s.mtime, content: () => opened.createReadStream() };
    } catch (err) {
      await handle.close();
      throw toStorageError(err);
    }
  }

  private async ensureDir(): Promise<void> {
    try {
      await makePrivateDir(this.dir);
    } catch (err) {
      throw toStorageError(err);
    }
  }
}
