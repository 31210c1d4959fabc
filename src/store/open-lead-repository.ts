/**
 * Picks the lead store's engine: PostgreSQL when DATABASE_URL gave a pool (any number of instances), else
 * the embedded JSON files under DATA_DIR (one process; server.ts locks the folder first).
 */
import type { Logger } from '../infra/logger.js';
import type { Pool } from '../infra/postgres.client.js';
import { LeadStore } from '../leads/lead.store.js';
import { EmbeddedLeadRepository } from './embedded/lead.repository.embedded.js';
import type { LeadRepository } from './lead.repository.js';
import { PostgresLeadRepository } from './postgres/lead.repository.pg.js';

export interface OpenedLeadRepository {
  leads: LeadRepository;
  engine: 'postgres' | 'embedded';
  /** At shutdown, after the last write: the embedded index snapshot (a fast next start); nothing for PostgreSQL. */
  close(): Promise<void>;
}

export async function openLeadRepository(opts: {
  dataDir: string;
  database: Pool | undefined;
  logger: Logger;
}): Promise<OpenedLeadRepository> {
  const { database, logger } = opts;
  if (database) {
    return { leads: new PostgresLeadRepository(database), engine: 'postgres', close: () => Promise.resolve() };
  }
  const store = await LeadStore.open(opts.dataDir, logger);
  return {
    leads: new EmbeddedLeadRepository(store),
    engine: 'embedded',
    close: () =>
      store
        .saveSnapshot()
        .catch((err: unknown) => logger.warn({ err }, 'no lead index snapshot: next start reads every lead')),
  };
}
