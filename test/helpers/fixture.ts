/**
 * The set-up most test files share, registered once per describe block: a real redis-server owned by the
 * test, and the real app on an ephemeral port against it (with `database: true`, also a real PostgreSQL
 * server holding the leads, as with DATABASE_URL). Call at the top of a `describe`; the returned handles
 * are usable inside `it` and hooks (they throw if read before the block's `before` ran).
 */
import type { LeadRepository } from '../../src/store/lead.repository.js';
import { after, before } from 'node:test';
import type { Express } from 'express';
import type { AppDeps } from '../../src/app.js';
import type { Config, Env } from '../../src/config.js';
import type { Pool } from '../../src/infra/postgres.client.js';
import type { Redis } from '../../src/infra/redis.client.js';
import { startHarness, type Harness } from './harness.js';
import { startTestPostgres, type TestDatabase, type TestPostgres } from './postgres-server.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface ServerOptions {
  /** Environment overrides; a function when they depend on something started first. */
  env?: Env | (() => Env);
  /** Dependency overrides (an assistant, a calendar, a clock...). */
  deps?: Partial<AppDeps> | (() => Partial<AppDeps>);
  /** The data folder (a fresh temporary one by default). */
  dataDir?: string;
  /** Leads in a PostgreSQL server of this block (DATABASE_URL), instead of the embedded files. */
  database?: boolean;
}

/** The engines a test file can run its cases against (test files loop over these to run them on both). */
export const LEAD_ENGINES = [
  { name: 'embedded', database: false },
  { name: 'PostgreSQL', database: true },
] as const;

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet: read it inside a test or a hook`);
  return value;
}

function redisHandle(current: () => TestRedis): TestRedis {
  return {
    get port() {
      return current().port;
    },
    get url() {
      return current().url;
    },
    stop: () => current().stop(),
    start: () => current().start(),
  };
}

/** A redis-server for this describe block (stopped after it). */
export function useRedis(): TestRedis {
  let redis: TestRedis | undefined;
  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  return redisHandle(() => started(redis, 'the test Redis'));
}

/**
 * A redis-server and the app against it for this describe block (closed after it, the app first); with
 * `database: true` a PostgreSQL server too (`db`: its URL, and the server to stop and start).
 */
export function useServer(options: ServerOptions = {}): { h: Harness; redis: TestRedis; db: TestDatabase } {
  let redis: TestRedis | undefined;
  let postgres: TestPostgres | undefined;
  let databaseUrl: string | undefined;
  let harness: Harness | undefined;
  before(async () => {
    [redis, postgres] = await Promise.all([
      startTestRedis(),
      options.database ? startTestPostgres() : Promise.resolve(undefined),
    ]);
    databaseUrl = await postgres?.createDatabase('test');
    const env = typeof options.env === 'function' ? options.env() : (options.env ?? {});
    const deps = typeof options.deps === 'function' ? options.deps() : (options.deps ?? {});
    const database = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
    harness = await startHarness(redis.url, { ...database, ...env }, deps, options.dataDir);
  });
  after(async () => {
    await harness?.close();
    await Promise.all([redis?.stop(), postgres?.destroy()]);
  });
  const current = () => started(harness, 'the test server');
  const h: Harness = {
    get url(): string {
      return current().url;
    },
    get app(): Express {
      return current().app;
    },
    get config(): Config {
      return current().config;
    },
    get redis(): Redis {
      return current().redis;
    },
    get database(): Pool | undefined {
      return current().database;
    },
    get leads(): LeadRepository {
      return current().leads;
    },
    get dataDir(): string {
      return current().dataDir;
    },
    close: () => current().close(),
  };
  const db: TestDatabase = {
    get url() {
      return started(databaseUrl, 'the test PostgreSQL (useServer({ database: true }))');
    },
    get server() {
      return started(postgres, 'the test PostgreSQL (useServer({ database: true }))');
    },
  };
  return { h, redis: redisHandle(() => started(redis, 'the test Redis')), db };
}
