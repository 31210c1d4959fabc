/**
 * The export worker thread (started by export-in-worker.ts): one export of leads from PostgreSQL, its
 * bytes posted to the parent thread, which writes them to the response. Its own pool (at most two
 * connections) and its own small heap: a million leads' rows are garbage made here, collected here.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError } from '../infra/app-error.js';
import { createLogger } from '../infra/logger.js';
import { closeDatabase, createPostgresPool } from '../infra/postgres.client.js';
import { PostgresLeadRepository } from '../store/postgres/lead.repository.pg.js';
import { writeLeadExport } from './lead-export.js';
import type { ExportWorkerData, WorkerMessage } from './export-in-worker.js';

/**
 * Posts what is written to the parent, one batch at a time: the next is sent when the parent says the
 * last one was taken by the response (so a slow reader stops the export here, not in a buffer).
 */
class ParentWritable extends Writable {
  private taken: (() => void) | undefined;

  constructor(private readonly port: MessagePort) {
    super({ highWaterMark: 64 * 1024 });
    port.on('message', (message: unknown) => {
      if (message !== 'ack') return;
      const taken = this.taken;
      this.taken = undefined;
      taken?.();
    });
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    // One copy the parent owns (a chunk may be a view of a pooled buffer).
    const bytes = new Uint8Array(Buffer.concat(chunks.map((c) => c.chunk)));
    this.taken = () => callback();
    const message: WorkerMessage = { type: 'chunk', bytes };
    this.port.postMessage(message, [bytes.buffer]);
  }
}

async function runExport(port: MessagePort, data: ExportWorkerData): Promise<void> {
  const logger = createLogger(data.logLevel);
  const pool = createPostgresPool({ url: data.databaseUrl, logger, max: 2 });
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
    await closeDatabase(pool, logger);
  }
}

if (parentPort) await runExport(parentPort, workerData as ExportWorkerData);
