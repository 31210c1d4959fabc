/**
 * The app with webhook and mail delivery running as server.ts runs it (the BullMQ queue on its own Redis
 * connection, the worker in the delivery process it forks, the same metrics registry), for one describe block; it can be stopped and started
 * again on the same Redis and data folder (a restart with deliveries still queued).
 */
import { after, before } from 'node:test';
import type { AppDeps } from '../../src/app.js';
import { loadConfig, type Config, type Env } from '../../src/config.js';
import { startDeliveries, type Deliveries } from '../../src/integrations/deliveries.js';
import { createAppMetrics, type AppMetrics } from '../../src/integrations/metrics/app-metrics.js';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase } from '../../src/infra/postgres.client.js';
import { connectRedis, createRedisClient } from '../../src/infra/redis.client.js';
import { openDatabase } from '../../src/store/postgres/open-database.js';
import { ADMIN_KEY, makeDataDir, ROOT, startHarness, testEnv, type Harness } from './harness.js';
import { startTestPostgres, type TestPostgres } from './postgres-server.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface HooksOptions {
  env: Env | (() => Env);
  /** Changes to the loaded config that no variable allows (a retry window shorter than 24 hours). */
  tune?: (config: Config) => Config;
  deps?: () => Partial<AppDeps>;
  /** Also a real PostgreSQL server (DATABASE_URL): leads, endpoints and deliveries are kept there. */
  database?: boolean;
}

export interface HooksStack {
  h: Harness;
  config: Config;
  metrics: AppMetrics;
  deliveries: Deliveries;
}

export interface HooksHandle {
  /** The running stack (throws before the block's `before`). */
  readonly stack: HooksStack;
  /** The block's redis-server (it can be stopped and started again: it keeps no data). */
  readonly redis: TestRedis;
  /** Stops the app and its worker (attempts in flight finish; queued ones stay in Redis). */
  stop(): Promise<void>;
  /** Starts them again on the same Redis and data folder. */
  start(): Promise<void>;
  /** Resolves once no delivery job is waiting, running or waiting for a retry. */
  idle(): Promise<void>;
}

export const admin = { 'x-api-key': ADMIN_KEY };

/** Webhook retries in tests: a few milliseconds apart, never a timed wait. */
export const QUICK_RETRIES: Env = {
  DELIVERY_RETRY_BASE_MS: '20',
  DELIVERY_RETRY_MAX_MS: '40',
  DELIVERY_TIMEOUT_MS: '1500',
};

export function useHooksServer(options: HooksOptions): HooksHandle {
  let redis: TestRedis | undefined;
  let postgres: TestPostgres | undefined;
  let databaseUrl: string | undefined;
  let current: HooksStack | undefined;
  const dataDir = makeDataDir();

  const start = async () => {
    if (!redis) throw new Error('the test Redis is not started');
    const env = {
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(typeof options.env === 'function' ? options.env() : options.env),
    };
    const loaded = loadConfig(testEnv({ REDIS_URL: redis.url, ...QUICK_RETRIES, ...env }, dataDir), { cwd: ROOT });
    const config = options.tune ? options.tune(loaded) : loaded;
    const logger = createLogger(config.logLevel);
    const metrics = createAppMetrics();
    const storeRedis = createRedisClient({ url: redis.url, logger });
    await connectRedis(storeRedis);
    // The worker's own pool, as server.ts gives it (the app under test opens another, as a second process would).
    const database = config.databaseUrl ? await openDatabase(config.databaseUrl, logger) : undefined;
    const deliveries = startDeliveries({ config, logger, redisUrl: redis.url, redis: storeRedis, database, metrics });
    const h = await startHarness(
      redis.url,
      { ...QUICK_RETRIES, ...env },
      { ...options.deps?.(), config, metrics, deliveries: deliveries.queue },
      dataDir,
    );
    current = {
      h: {
        ...h,
        close: async () => {
          await h.close();
          await deliveries.close();
          storeRedis.disconnect();
          if (database) await closeDatabase(database, logger);
        },
      },
      config,
      metrics,
      deliveries,
    };
  };
  const stop = async () => {
    const running = current;
    current = undefined;
    await running?.h.close();
  };

  before(async () => {
    [redis, postgres] = await Promise.all([
      startTestRedis(),
      options.database ? startTestPostgres() : Promise.resolve(undefined),
    ]);
    databaseUrl = await postgres?.createDatabase('hooks');
    await start();
  });
  after(async () => {
    await stop();
    await Promise.all([redis?.stop(), postgres?.destroy()]);
  });
  return {
    get stack(): HooksStack {
      return handleOf(current);
    },
    get redis(): TestRedis {
      if (!redis) throw new Error('the test Redis is not started');
      return redis;
    },
    start,
    stop,
    idle: async () => {
      const { queue } = handleOf(current).deliveries;
      await queue.flush(); // the events of answered requests are in Redis
      while ((await queue.unfinished()) > 0) await new Promise((r) => setTimeout(r, 20));
      await handleOf(current).deliveries.settled(); // what the delivery process reported is counted
    },
  };
}

function handleOf(stack: HooksStack | undefined): HooksStack {
  if (!stack) throw new Error('the hooks stack is not running');
  return stack;
}

/** A counter's value for these labels (0 when it never moved). */
export async function counted(
  counter: AppMetrics['webhookDeliveries'] | AppMetrics['leadsCaptured'] | AppMetrics['meetings'],
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const match = values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k as never] === x));
  return match?.value ?? 0;
}
