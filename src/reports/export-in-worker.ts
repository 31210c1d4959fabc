/**
 * An export of leads on PostgreSQL run in a worker thread (export-worker.ts) with a small heap of its
 * own. In the server's thread the export's garbage (a parsed document, its cells and its text per lead)
 * was promoted to the old generation by every young collection, and V8 let the old generation grow to
 * about four times the live heap before collecting it: 400-650 MB of RSS for an export of 1,000,000 leads
 * (docs/benchmarks.md). A worker whose heap limit is small collects at a smaller growth (V8 scales its
 * growing factor with the limit), its rows never reach the server's heap, and the server's event loop
 * stays free for chat turns while an export formats rows.
 */
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../infra/app-error.js';
import { releaseUnusedHeap } from '../infra/heap-collector.js';
import type { ExportJob } from './lead-export.js';

/** What the worker needs: where the leads are, how to log, what to export. */
export interface ExportWorkerData {
  databaseUrl: string;
  logLevel: string;
  job: ExportJob;
}

export type WorkerMessage =
  /** Bytes of the export, in a buffer the parent gives back once written (ParentMessage). */
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'done'; rows: number }
  | { type: 'failed'; code: ErrorCode; message: string };

/**
 * To the worker: the output took the last chunk (send the next), or a chunk's buffer given back once its
 * bytes are written (the write's callback), to be filled again.
 */
export type ParentMessage = { type: 'taken' } | { type: 'returned'; buffer: ArrayBuffer };

/**
 * The worker's heap: at most 256 MB of old generation (room for any batch of leads; V8's smallest growing
 * factor applies at this size) and 16 MB of young generation (at 1,000,000 leads: xlsx 244-261 MB of
 * process RSS at its peak with 16, 305 MB with 32; the CSV 204 MB with 16).
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };

/** The worker's module beside this one: .ts when the server runs from source (tests), else .js. */
const WORKER_URL = new URL(`./export-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/**
 * Runs the export in a worker and writes its bytes into `out` (ended when the export is complete);
 * returns the number of lead rows. The worker waits for each batch to be taken by `out` (its `drain`),
 * and is stopped when `out` closes first (the reader went away). A failure before the first byte
 * (the database down) comes out as the store's AppError, as it would in this thread.
 *
 * First this thread gives back the memory its heap keeps but does not use (releaseUnusedHeap): a server
 * that has been busy keeps up to ~70 MB of empty young generation, which the worker's memory (a new heap,
 * its pool, the workbook) would come on top of. Measured at 1,000,000 leads in docs/benchmarks.md.
 */
export function exportInWorker(out: Writable, job: ExportJob, options: Omit<ExportWorkerData, 'job'>): Promise<number> {
  const data: ExportWorkerData = { ...options, job };
  releaseUnusedHeap();
  const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: RESOURCE_LIMITS });
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const settle = (result: { rows: number } | { err: Error }) => {
      if (settled) return;
      settled = true;
      out.off('close', onClose);
      void worker.terminate();
      if ('err' in result) reject(result.err);
      else resolve(result.rows);
    };
    const onClose = () => settle({ err: new Error('output closed before the export was complete') });
    out.on('close', onClose);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'chunk') {
        const { buffer } = message.bytes;
        const giveBack = () => {
          const returned: ParentMessage = { type: 'returned', buffer: buffer as ArrayBuffer };
          if (!settled) worker.postMessage(returned, [returned.buffer]);
        };
        const taken: ParentMessage = { type: 'taken' };
        if (out.write(message.bytes, giveBack)) worker.postMessage(taken);
        else out.once('drain', () => worker.postMessage(taken));
      } else if (message.type === 'done') {
        out.off('close', onClose);
        out.end(() => settle({ rows: message.rows }));
      } else {
        settle({ err: new AppError(message.code, message.message) });
      }
    });
    worker.on('error', (err: Error) => settle({ err }));
    worker.on('exit', (code) => settle({ err: new Error(`the export worker stopped (exit code ${code})`) }));
  });
}
