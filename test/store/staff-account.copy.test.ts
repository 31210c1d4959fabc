/** store:copy-to-postgres's staff accounts part: what the database lacks is copied, once, hashes and all. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closeDatabase, createPostgresPool, type Pool } from '../../src/infra/postgres.client.js';
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

describe('copying staff accounts into PostgreSQL', () => {
  const db = usePostgres();
  let pool: Pool;
  before(async () => {
    await migrateSchema(db.url, logger);
    pool = createPostgresPool({ url: db.url, logger });
  });
  after(async () => {
    await closeDatabase(pool, logger);
  });

  it('copies what the database lacks, keeps what it has (same email), and copies nothing on a second run', async () => {
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
