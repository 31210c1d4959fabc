/**
 * Staff accounts on PostgreSQL beyond the shared contract: two writers that truly overlap cannot remove the
 * last admin between them, and store:copy-to-postgres's accounts part copies what the database lacks, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { copyStaffAccountsToPostgres } from '../../src/store/copy-to-postgres.js';
import { EmbeddedStaffAccountRepository } from '../../src/store/embedded/staff-account.repository.embedded.js';
import { PostgresStaffAccountRepository } from '../../src/store/postgres/staff-account.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import type { StaffAccount } from '../../src/store/staff-account.repository.js';
import { makeDataDir } from '../helpers/harness.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { logger } from './durable-stores.engines.js';

const at = '2026-03-10T09:00:00.000Z';
const account = (id: string, email: string, role: StaffAccount['role']): StaffAccount => ({
  id: id.repeat(32),
  email,
  name: email,
  role,
  password_hash: `$scrypt$ln=16,r=8,p=1$${id.repeat(22)}$${id.repeat(43)}`,
  created_at: at,
  updated_at: at,
  disabled_at: null,
});

describe('staff accounts on PostgreSQL', () => {
  const db = usePostgres();
  let pool: Pool;
  before(async () => {
    await migrateSchema(db.url, logger);
    pool = createPostgresPool({ url: db.url, logger });
  });
  after(async () => {
    await closeDatabase(pool, logger);
  });

  it('two admins demoting each other while both have read the accounts: one wins, one admin stays', async () => {
    await query(pool, 'TRUNCATE staff_accounts');
    const target = new PostgresStaffAccountRepository(pool);
    await target.create(account('d', 'dee@example.com', 'admin'));
    await target.create(account('e', 'eve@example.com', 'admin'));
    // A third writer holds the table; both demotions start and queue behind it, then it lets go at once. Both
    // must then see the other's outcome: without the store's own lock each would have read two admins and
    // both demotions would pass.
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE staff_accounts IN EXCLUSIVE MODE');
    const demotions = [
      target.update('d'.repeat(32), { role: 'agent' }, new Date()),
      target.update('e'.repeat(32), { role: 'agent' }, new Date()),
    ].map((p) =>
      p.then(
        () => 'ok',
        () => 'refused',
      ),
    );
    for (let waiting = 0; waiting < 2;) {
      const rows = await query<{ n: string }>(
        pool,
        "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
      );
      waiting = Number(rows[0]?.n ?? 0);
      if (waiting < 2) await new Promise((r) => setTimeout(r, 20));
    }
    await holder.query('COMMIT');
    holder.release();
    assert.deepEqual((await Promise.all(demotions)).sort(), ['ok', 'refused']);
    assert.equal((await target.list()).filter((a) => a.role === 'admin').length, 1);
  });

  it('copies what the database lacks, keeps what it has (same email), and copies nothing on a second run', async () => {
    await query(pool, 'TRUNCATE staff_accounts');
    const dataDir = makeDataDir();
    const embedded = new EmbeddedStaffAccountRepository(dataDir);
    await embedded.create(account('a', 'ann@example.com', 'admin'));
    await embedded.create(account('b', 'bob@example.com', 'agent'));
    const target = new PostgresStaffAccountRepository(pool);
    await target.create(account('c', 'bob@example.com', 'admin'));
    assert.deepEqual(await copyStaffAccountsToPostgres(dataDir, pool), { total: 2, copied: 1, present: 1 });
    assert.deepEqual(await target.get('a'.repeat(32)), account('a', 'ann@example.com', 'admin'));
    assert.equal((await target.findByEmail('bob@example.com'))?.id, 'c'.repeat(32), 'the database keeps its own');
    assert.deepEqual(await copyStaffAccountsToPostgres(dataDir, pool), { total: 2, copied: 0, present: 2 });
  });
});
