/**
 * Start-up migrations against a real PostgreSQL: instances starting together migrate once, a failed file
 * leaves nothing half-done, an edited applied file stops the start, and the real schema applies cleanly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { MigrationChecksumError, migrateDatabase } from '../../src/infra/postgres.migrations.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';

const logger = createLogger('silent');

describe('database migrations', () => {
  const server = usePostgres();
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh database for one case, with a pool to look at it. */
  async function freshDatabase(name: string): Promise<{ url: string; pool: Pool; close: () => Promise<void> }> {
    const url = await server.server.createDatabase(name);
    const pool = createPostgresPool({ url, logger });
    return { url, pool, close: () => closeDatabase(pool, logger) };
  }

  const tables = async (pool: Pool) =>
    (
      await query<{ name: string }>(
        pool,
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).map((r) => r.name);

  it('applies pending files in order, once, when three instances start together', async () => {
    writeFileSync(path.join(dir, '0002_b.sql'), 'ALTER TABLE a ADD COLUMN y int; CREATE TABLE b (x int);');
    writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x int);');
    writeFileSync(path.join(dir, 'README.md'), 'not a migration');
    const db = await freshDatabase('together');
    try {
      const runs = await Promise.all([1, 2, 3].map(() => migrateDatabase({ url: db.url, dir, logger })));
      assert.deepEqual(runs.map((r) => r.length).sort(), [0, 0, 2]);
      assert.deepEqual(
        runs.find((r) => r.length > 0),
        ['0001_a.sql', '0002_b.sql'],
      );
      assert.deepEqual(await tables(db.pool), ['a', 'b', 'schema_migrations']);

      writeFileSync(path.join(dir, '0003_c.sql'), 'CREATE TABLE c (x int);');
      assert.deepEqual(await migrateDatabase({ url: db.url, dir, logger }), ['0003_c.sql']);
      assert.deepEqual(await migrateDatabase({ url: db.url, dir, logger }), []);
    } finally {
      await db.close();
      rmSync(path.join(dir, '0003_c.sql'));
    }
  });

  it('rolls every pending file back when one fails, and applies them once it is fixed', async () => {
    const db = await freshDatabase('failing');
    try {
      writeFileSync(path.join(dir, '0003_c.sql'), 'CREATE TABLE c (x int); CREATE TABLE broken (;');
      await assert.rejects(migrateDatabase({ url: db.url, dir, logger }), /syntax error/);
      assert.deepEqual(await tables(db.pool), [], 'not even 0001 and 0002, nor the migrations table');
      writeFileSync(path.join(dir, '0003_c.sql'), 'CREATE TABLE c (x int);');
      assert.deepEqual(await migrateDatabase({ url: db.url, dir, logger }), ['0001_a.sql', '0002_b.sql', '0003_c.sql']);
    } finally {
      await db.close();
    }
  });

  it('refuses to start when an applied file was edited', async () => {
    const db = await freshDatabase('edited');
    try {
      await migrateDatabase({ url: db.url, dir, logger });
      writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x bigint);');
      await assert.rejects(migrateDatabase({ url: db.url, dir, logger }), MigrationChecksumError);
    } finally {
      await db.close();
    }
  });

  it("applies the application's schema, with the extensions and indexes it relies on", async () => {
    const db = await freshDatabase('schema');
    try {
      assert.deepEqual(await migrateSchema(db.url, logger), [
        '0001_initial.sql',
        '0002_shared_stores.sql',
        '0003_staff_accounts.sql',
        '0004_workspace_lists.sql',
        '0005_webhook_store.sql',
        '0006_lead_search.sql',
        '0007_lead_search_status.sql',
      ]);
      assert.deepEqual(await migrateSchema(db.url, logger), []);
      assert.deepEqual(await tables(db.pool), [
        'app_settings',
        'conversation_messages',
        'conversations',
        'google_tokens',
        'lead_activity',
        'lead_conversations',
        'lead_counts',
        'lead_search',
        'leads',
        'meeting_links',
        'reports',
        'schema_migrations',
        'staff_accounts',
        'webhook_deliveries',
        'webhook_endpoints',
      ]);
      const indexes = await query<{ name: string }>(
        db.pool,
        "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'leads'",
      );
      for (const name of ['leads_email_key', 'leads_phone_key', 'leads_status_created_idx']) {
        assert.ok(
          indexes.some((i) => i.name === name),
          `${name} exists`,
        );
      }
      // Search moved to the narrow lead_search table (migration 0006): its trigram index, not one on leads.
      assert.ok(!indexes.some((i) => i.name === 'leads_search_trgm_idx'));
      const searchIndexes = await query<{ name: string }>(
        db.pool,
        "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'lead_search'",
      );
      // Migration 0007: the trigram index holds the status too (btree_gin), in place of the trigram-only one.
      assert.ok(!searchIndexes.some((i) => i.name === 'lead_search_trgm_idx'));
      for (const name of ['lead_search_status_trgm_idx', 'lead_search_created_idx'])
        assert.ok(
          searchIndexes.some((i) => i.name === name),
          `${name} exists`,
        );
    } finally {
      await db.close();
    }
  });
});
