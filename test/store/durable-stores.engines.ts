/**
 * The two places the durable stores (conversation logs, calendar tokens, meeting links, reports) can live,
 * for their contract tests (*.contract.ts): a fresh empty place per test, and a second view of the same
 * place. For PostgreSQL the second view is another instance (its own pool and its own DATA_DIR); for the
 * embedded files it is the same process started again on the same DATA_DIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import type { StoreLocation } from '../../src/store/durable-stores.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';

export const logger = createLogger('silent');

export interface StorePlace {
  /** Where this instance keeps things. */
  here: StoreLocation;
  /** Another instance on the same database (PostgreSQL), or this one restarted (files). */
  elsewhere: StoreLocation;
}

export interface DurableStoresEngine {
  name: string;
  /** True when a second instance running at the same time sees what this one writes. */
  shared: boolean;
  /** Registers the engine's own before/after hooks (a server to start) inside the caller's describe block. */
  hooks?: () => void;
  /** An empty place (called before each test). */
  empty(): Promise<StorePlace>;
}

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'durable-stores-'));
  dirs.push(dir);
  return dir;
}

function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function embeddedEngine(): DurableStoresEngine {
  return {
    name: 'embedded files',
    shared: false,
    hooks() {
      after(removeTempDirs);
    },
    empty() {
      const dataDir = tempDir();
      return Promise.resolve({ here: { dataDir }, elsewhere: { dataDir } });
    },
  };
}

/** Everything the durable stores write, emptied between tests. */
const STORE_TABLES =
  'conversations, conversation_messages, reports, google_tokens, meeting_links, app_settings, staff_accounts';

export function postgresEngine(): DurableStoresEngine {
  let a: Pool | undefined;
  let b: Pool | undefined;
  const pools = (): [Pool, Pool] => {
    if (!a || !b) throw new Error('the pools are not open yet');
    return [a, b];
  };
  return {
    name: 'postgres',
    shared: true,
    hooks() {
      const db = usePostgres();
      before(async () => {
        await migrateSchema(db.url, logger);
        a = createPostgresPool({ url: db.url, logger });
        b = createPostgresPool({ url: db.url, logger });
      });
      after(async () => {
        for (const pool of [a, b]) if (pool) await closeDatabase(pool, logger);
        removeTempDirs();
      });
    },
    async empty() {
      const [here, elsewhere] = pools();
      await query(here, `TRUNCATE ${STORE_TABLES}`);
      // Each instance has its own DATA_DIR: nothing may be shared through it.
      return {
        here: { dataDir: tempDir(), database: here },
        elsewhere: { dataDir: tempDir(), database: elsewhere },
      };
    },
  };
}

/** The store of this instance for the running test, and the same store seen from elsewhere. */
export interface StorePair<T> {
  readonly here: T;
  elsewhere(): T;
}

/** A contract's describe block: each test gets an empty place and `stores` opened on it by `open`. */
export function describeStoreContract<T>(
  what: string,
  engine: DurableStoresEngine,
  open: (where: StoreLocation) => T,
  cases: (stores: StorePair<T>) => void,
): void {
  describe(`${what} contract: ${engine.name}`, () => {
    let place: StorePlace | undefined;
    let here: T | undefined;
    const opened = (): [StorePlace, T] => {
      if (!place || here === undefined) throw new Error('read the stores inside a test');
      return [place, here];
    };
    beforeEach(async () => {
      place = await engine.empty();
      here = open(place.here);
    });
    cases({
      get here() {
        return opened()[1];
      },
      elsewhere: () => open(opened()[0].elsewhere),
    });
  });
}
