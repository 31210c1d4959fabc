/**
 * A LeadRepository of either engine for service-level tests that run the same cases on both: the embedded
 * files in a fresh folder, or a PostgreSQL server of the describe block (migrated; emptied per test).
 */
import { after, before } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { EmbeddedLeadRepository } from '../../src/store/embedded/lead.repository.embedded.js';
import type { LeadRepository } from '../../src/store/lead.repository.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { makeDataDir } from './harness.js';
import { usePostgres } from './postgres-server.js';

const logger = createLogger('silent');

export interface LeadRepositories {
  /** An empty store (called per test). */
  fresh(): Promise<LeadRepository>;
  /**
   * The store of the last `fresh()` as another instance sees it: PostgreSQL through a pool of its own;
   * embedded, the same repository (one process per DATA_DIR is the embedded engine's rule).
   */
  another(): LeadRepository;
}

/** Registers the engine's hooks in the calling describe block. */
export function useLeadRepository(database: boolean): LeadRepositories {
  let current: LeadRepository | undefined;
  const last = () => {
    if (!current) throw new Error('call fresh() first');
    return current;
  };
  if (!database) {
    return {
      fresh: async () => (current = new EmbeddedLeadRepository(await LeadStore.open(makeDataDir(), logger))),
      another: last,
    };
  }
  const db = usePostgres();
  const pools: Pool[] = [];
  const openPool = () => {
    // The connect timeout also bounds the wait for a free connection: racing tests must queue, not fail.
    const pool = createPostgresPool({ url: db.url, logger, connectTimeoutMs: 30_000 });
    pools.push(pool);
    return pool;
  };
  before(async () => {
    await migrateSchema(db.url, logger);
    openPool();
  });
  after(async () => {
    await Promise.all(pools.map((pool) => closeDatabase(pool, logger)));
  });
  return {
    fresh: async () => {
      const pool = pools[0];
      if (!pool) throw new Error('the pool is not open yet: call inside a test or a hook');
      await query(pool, 'TRUNCATE leads, lead_counts CASCADE');
      return (current = new PostgresLeadRepository(pool));
    },
    another: () => {
      last();
      return new PostgresLeadRepository(openPool());
    },
  };
}
