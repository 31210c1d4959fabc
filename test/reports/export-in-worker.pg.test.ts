/**
 * An export on PostgreSQL runs in a worker thread (src/reports/export-in-worker.ts): every lead arrives in
 * the output, the worker stops sending while the output does not drain (a slow reader holds the export
 * there, not in a buffer), stops when the output closes, and an unreachable database is the store's 503
 * before any byte.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AppError } from '../../src/infra/app-error.js';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query } from '../../src/infra/postgres.client.js';
import { exportInWorker } from '../../src/reports/export-in-worker.js';
import type { ExportJob } from '../../src/reports/lead-export.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { stalledOutput } from '../helpers/stalled-output.js';

const logger = createLogger('silent');
const LEADS = 3000;
const CSV_JOB: ExportJob = { filter: {}, format: 'csv', timezone: 'UTC', generatedAt: new Date() };

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('an export in a worker thread (PostgreSQL)', () => {
  const db = usePostgres();
  before(async () => {
    await migrateSchema(db.url, logger);
    const pool = createPostgresPool({ url: db.url, logger, max: 1, statementTimeoutMs: 60_000 });
    try {
      // Lead i created i seconds after the start, each with a budget field and 200 characters of notes.
      await query(
        pool,
        `INSERT INTO leads (id, doc, created_at, updated_at, status, source, search_text)
         SELECT id, json_build_object('id', id, 'client_id', NULL, 'name', 'Lead ' || i, 'email', NULL,
             'phone', NULL, 'company', NULL, 'fields', json_build_object('budget', i::text), 'notes', notes,
             'status', 'new', 'follow_up_at', NULL, 'meeting', NULL, 'source', 'api', 'created_at', at,
             'updated_at', at, 'conversations', '{}'::json, 'meeting_client_id', NULL),
           at::timestamptz, at::timestamptz, 'new', 'api', lower('Lead ' || i)
         FROM (SELECT md5(i::text) AS id, i, repeat(md5(i::text), 6) AS notes,
                 to_char(timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
                   'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
               FROM generate_series(1, $1) AS i) g`,
        [LEADS],
      );
    } finally {
      await closeDatabase(pool, logger);
    }
  });

  it('sends every lead, and no more than a batch or two while the output does not drain', async () => {
    const { out, chunks, open } = stalledOutput();
    let done = false;
    const writing = exportInWorker(out, CSV_JOB, { databaseUrl: db.url, logLevel: 'silent' }).then((rows) => {
      done = true;
      return rows;
    });
    await until(() => out.writableNeedDrain || done);
    // Time for a worker that ignored the output to send the whole export (about 1 MB) meanwhile.
    await new Promise((r) => setTimeout(r, 500));
    // What the output was given, and what waits in its buffer (its write holds the first chunk).
    const held = chunks.reduce((n, c) => n + c.length, 0) + out.writableLength;
    assert.equal(done, false);
    assert.ok(held < 200_000, `bytes sent while the output was stalled: ${held}`);
    open();
    assert.equal(await writing, LEADS);
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, LEADS + 1);
    assert.match(lines[0]!, /^ID,Created,Updated,Name,.*,budget$/);
    assert.match(lines[1]!, /^c4ca4238a0b923820dcc509a6f75849b,2026-01-01 00:00,2026-01-01 00:00,Lead 1,/);
    assert.match(lines[LEADS]!, new RegExp(`,Lead ${LEADS},.*,${LEADS}$`));
  });

  it('stops when the output closes before the end', async () => {
    const { out, chunks } = stalledOutput();
    const writing = exportInWorker(out, CSV_JOB, { databaseUrl: db.url, logLevel: 'silent' });
    await until(() => chunks.length > 0);
    out.destroy();
    await assert.rejects(writing, /output closed before the export was complete/);
  });

  it('an unreachable database is the store error (503) before any byte', async () => {
    const { out, chunks } = stalledOutput();
    const url = new URL(db.url);
    url.port = '1';
    await assert.rejects(
      exportInWorker(out, CSV_JOB, { databaseUrl: url.toString(), logLevel: 'silent' }),
      (err: unknown) => err instanceof AppError && err.status === 503,
    );
    assert.equal(chunks.length, 0);
  });
});
