/**
 * The export worker thread (started by export-in-worker.ts): one export of leads from PostgreSQL, its
 * bytes posted to the parent thread, which writes them to the response. Its own pool (at most two
 * connections) and its own small heap: a million leads' rows are garbage made here, collected here.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError } from '../infra/app-error.js';
import { collectGarbage } from '../infra/heap-collector.js';
import { createLogger } from '../infra/logger.js';
import { closeDatabase, createPostgresPool } from '../infra/postgres.client.js';
import { PostgresLeadRepository } from '../store/postgres/lead.repository.pg.js';
import { writeLeadExport } from './lead-export.js';
import type { ExportWorkerData, ParentMessage, WorkerMessage } from './export-in-worker.js';

/** The smallest buffer made for a batch, and how many given-back buffers are kept for reuse. */
const MIN_BUFFER = 64 * 1024;
const MAX_SPARE = 4;
/**
 * Time between two full collections of this thread's heap during an export. Buffers that outlive two young
 * collections (pg's socket reads, deflate's output) are freed only by a full one, which V8 starts by itself
 * once such memory passes its external limit. Since the workbook waits for its zip entry (lead-workbook.ts)
 * little piles up without them (an xlsx of 1,000,000 leads peaked at 190-194 MB against 185), but that export
 * took 42-47 s without them against 30-32 s with them (a smaller heap to scavenge, measured twice each).
 */
const COLLECT_EVERY_MS = 1000;

/**
 * Posts what is written to the parent, one batch at a time: the next is sent when the parent says the
 * last one was taken by the response (so a slow reader stops the export here, not in a buffer). Batches
 * travel in buffers the parent gives back once the response has written them, and are filled again: a
 * new ArrayBuffer per batch, in this thread and the parent's, is freed only when V8 collects its wrapper,
 * which it does when such memory passes its external limit (about 64 MB per thread), so at 1,000,000
 * leads each thread held 60 MB or more of bytes already written.
 */
class ParentWritable extends Writable {
  private taken: (() => void) | undefined;
  private readonly spare: ArrayBuffer[] = [];
  constructor(private readonly port: MessagePort) {
    super({ highWaterMark: MIN_BUFFER });
    port.on('message', (message: ParentMessage) => {
      if (message.type === 'returned') {
        if (this.spare.length < MAX_SPARE) this.spare.push(message.buffer);
        return;
      }
      const taken = this.taken;
      this.taken = undefined;
      taken?.();
    });
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const size = chunks.reduce((sum, c) => sum + c.chunk.length, 0);
    const buffer = this.takeSpare(size) ?? new ArrayBuffer(Math.max(size, MIN_BUFFER));
    const bytes = new Uint8Array(buffer, 0, size);
    let at = 0;
    for (const { chunk } of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    this.taken = () => callback();
    const message: WorkerMessage = { type: 'chunk', bytes };
    this.port.postMessage(message, [buffer]);
  }

  private takeSpare(size: number): ArrayBuffer | undefined {
    const i = this.spare.findIndex((b) => b.byteLength >= size);
    return i < 0 ? undefined : this.spare.splice(i, 1)[0];
  }
}

async function runExport(port: MessagePort, data: ExportWorkerData): Promise<void> {
  const logger = createLogger(data.logLevel);
  const pool = createPostgresPool({ url: data.databaseUrl, logger, max: 2 });
  const collecting = setInterval(collectGarbage, COLLECT_EVERY_MS);
  try {
    const rows = await writeLeadExport(new ParentWritable(port), new PostgresLeadRepository(pool), data.job);
    const done: WorkerMessage = { type: 'done', rows };
    port.postMessage(done);
  } catch (err) {
    const failed: WorkerMessage = {
      type: 'failed',
      code: err instanceof AppError ? err.code : 'internal',
      message: (err as Error).message,
    };
    port.postMessage(failed);
  } finally {
    clearInterval(collecting);
    await closeDatabase(pool, logger);
  }
}

if (parentPort) await runExport(parentPort, workerData as ExportWorkerData);
