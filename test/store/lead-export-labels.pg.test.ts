/**
 * An export first reads every matching lead's document for its custom field labels (fieldLabels). On a big
 * database that one statement takes longer than a request's statement timeout, and it must not fail the
 * export: at 1,000,000 leads both exports answered 503 after five seconds. Here the pool's bound is made
 * tighter than the statement (proved first with the same work as a plain query), so the test fails without
 * the statement's own bound.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AppError } from '../../src/infra/app-error.js';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';

const logger = createLogger('silent');
const LEADS = 100_000;
const TIGHT_MS = 20;

describe('fieldLabels on a database bigger than a request statement', () => {
  const db = usePostgres();
  const pools: Pool[] = [];
  after(async () => {
    for (const pool of pools) await closeDatabase(pool, logger);
  });

  it('reads every lead for the labels even when that takes longer than the pool lets a statement run', async () => {
    await migrateSchema(db.url, logger);
    const seed = createPostgresPool({ url: db.url, logger, max: 1, statementTimeoutMs: 600_000 });
    pools.push(seed);
    // The seed's own speed is not under test: the triggers (counters, lead_search) are off for its session.
    await query(seed, 'SET session_replication_role = replica');
    await query(
      seed,
      `INSERT INTO leads (id, doc, created_at, updated_at, status, source, search_text)
       SELECT md5(i::text),
              json_build_object('id', md5(i::text), 'fields', json_build_object('budget', '5k', 'timeline', 'Q3')),
              now() - i * interval '1 second', now(), 'new', 'chat', ''
       FROM generate_series(1, ${LEADS}) AS i`,
    );
    const tight = createPostgresPool({ url: db.url, logger, statementTimeoutMs: TIGHT_MS });
    pools.push(tight);
    await assert.rejects(
      query(tight, `SELECT count(*) FROM leads, json_object_keys(doc->'fields') AS k`),
      (err: unknown) => err instanceof AppError,
      `reading ${LEADS} documents takes longer than ${TIGHT_MS} ms as a plain statement`,
    );
    const labels = await new PostgresLeadRepository(tight).fieldLabels();
    assert.deepEqual(labels, [
      { label: 'budget', leads: LEADS },
      { label: 'timeline', leads: LEADS },
    ]);
  });
});
