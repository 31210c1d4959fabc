/** The LeadRepository contract against PostgreSQL: a real server started by the test, the real migrations. */
import { after, before } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { describeLeadRepositoryContract } from './lead-repository.contract.js';

const logger = createLogger('silent');
let pool: Pool | undefined;

describeLeadRepositoryContract({
  name: 'postgres',
  hooks() {
    const db = usePostgres();
    before(async () => {
      await migrateSchema(db.url, logger);
      // More connections than the default, so the racing cases really race inside the server. The connect
      // timeout also bounds the wait for a free pooled connection: 100 racing puts on a loaded machine
      // must queue, not fail as an outage (that is test/faults/postgres-outage.test.ts's subject).
      pool = createPostgresPool({ url: db.url, logger, max: 20, connectTimeoutMs: 30_000 });
    });
    after(async () => {
      if (pool) await closeDatabase(pool, logger);
    });
  },
  boundsTotals: true,
  async open({ scanBatch, exactTotalUpTo }) {
    if (!pool) throw new Error('the pool is not open yet');
    await query(pool, 'TRUNCATE leads, lead_counts CASCADE');
    return { repo: new PostgresLeadRepository(pool, { scanBatch, exactTotalUpTo }), close: () => Promise.resolve() };
  },
});
