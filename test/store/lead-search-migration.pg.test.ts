/**
 * Migration 0006 (lead_search) on a database that already has leads: written by this release's repository
 * while the schema was 0001-0005 (no lead_search yet), then migrated as a start-up would. The search must
 * find every old lead with exact totals, and from then on follow each write.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { migrateDatabase } from '../../src/infra/postgres.migrations.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { MIGRATIONS_DIR, migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { makeLead } from './lead-repository.contract.js';

const logger = createLogger('silent');

describe('migration 0006: lead_search on a database with leads', () => {
  const db = usePostgres();
  let older: string;
  let pool: Pool | undefined;
  before(() => {
    older = mkdtempSync(path.join(os.tmpdir(), 'migrations-0005-'));
    for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n.endsWith('.sql') && n < '0006'))
      copyFileSync(path.join(MIGRATIONS_DIR, name), path.join(older, name));
  });
  after(async () => {
    if (pool) await closeDatabase(pool, logger);
    rmSync(older, { recursive: true, force: true });
  });

  it('backfills every existing lead, then keeps lead_search in step with each write', async () => {
    await migrateDatabase({ url: db.url, dir: older, logger });
    pool = createPostgresPool({ url: db.url, logger });
    const repo = new PostgresLeadRepository(pool, { scanBatch: 2 });
    const leads = Array.from({ length: 9 }, (_, i) =>
      makeLead(i, {
        name: i % 3 === 0 ? `Grace Hopper ${i}` : `Alan ${i}`,
        email: `person${i}@example.com`,
        status: i % 2 ? 'contacted' : 'new',
      }),
    );
    for (const lead of leads) await repo.put(lead);
    const before0006 = await query<{ n: string }>(
      pool,
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'lead_search'",
    );
    assert.equal(Number(before0006[0]?.n), 0, 'the older schema has no lead_search');

    assert.deepEqual(await migrateSchema(db.url, logger), ['0006_lead_search.sql', '0007_lead_search_status.sql']);
    const copied = await query<{ n: string }>(pool, 'SELECT count(*) AS n FROM lead_search');
    assert.equal(Number(copied[0]?.n), leads.length);
    const hoppers = leads.filter((_, i) => i % 3 === 0).reverse();
    const found = await repo.list({ q: 'HOPPER', limit: 2, offset: 1 });
    assert.equal(found.total, 3);
    assert.deepEqual(
      found.leads.map((l) => l.id),
      hoppers.slice(1, 3).map((l) => l.id),
    );
    assert.equal((await repo.list({ q: 'hopper', status: 'new', limit: 10, offset: 0 })).total, 2);
    assert.equal((await repo.countByStatus('hopper')).counts.contacted, 1);
    const exported: string[] = [];
    for await (const lead of repo.scan({ q: 'hopper' })) exported.push(lead.id);
    assert.deepEqual(
      exported,
      [...hoppers].reverse().map((l) => l.id),
    );

    // After the migration: a new lead, a rename, a status change and a removal all show at once.
    const added = makeLead(20, { name: 'Grace Added', email: 'added@example.com' });
    await repo.put(added);
    await repo.update(leads[1]!.id, (l) => ({ ...l, name: 'Now Hopper' }));
    await repo.update(leads[0]!.id, (l) => ({ ...l, status: 'lost' }));
    await repo.remove(leads[3]!.id);
    const now = await repo.list({ q: 'hopper', limit: 10, offset: 0 });
    assert.deepEqual(new Set(now.leads.map((l) => l.id)), new Set([leads[0]!.id, leads[1]!.id, leads[6]!.id]));
    assert.equal(now.total, 3);
    assert.equal((await repo.list({ q: 'grace', limit: 10, offset: 0 })).total, 3);
    assert.equal((await repo.list({ q: 'hopper', status: 'lost', limit: 10, offset: 0 })).total, 1);
    const rows = await query<{ n: string }>(
      pool,
      'SELECT count(*) AS n FROM lead_search s JOIN leads l USING (id) WHERE s.search_text = l.search_text AND s.status = l.status AND s.created_at = l.created_at',
    );
    const all = await query<{ n: string }>(pool, 'SELECT count(*) AS n FROM leads');
    assert.equal(Number(rows[0]?.n), Number(all[0]?.n), 'every lead has its search row, equal to it');
    assert.equal(Number(all[0]?.n), 9);
  });
});
