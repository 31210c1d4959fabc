/**
 * The set-up most test files share, registered once per describe block: a real redis-server owned by the
 * test, and the real app on an ephemeral port against it. Call at the top of a `describe`; the returned
 * handles are usable inside `it` and hooks (they throw if read before the block's `before` ran).
 */
import { after, before } from 'node:test';
import type { Express } from 'express';
import type { AppDeps } from '../../src/app.js';
import type { Config, Env } from '../../src/config.js';
import type { Redis } from '../../src/infra/redis.client.js';
import { startHarness, type Harness } from './harness.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface ServerOptions {
  /** Environment overrides; a function when they depend on something started first. */
  env?: Env | (() => Env);
  /** Dependency overrides (an assistant, a calendar, a clock...). */
  deps?: Partial<AppDeps> | (() => Partial<AppDeps>);
  /** The data folder (a fresh temporary one by default). */
  dataDir?: string;
}

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

/** A redis-server and the app against it for this describe block (closed after it, the app first). */
export function useServer(options: ServerOptions = {}): { h: Harness; redis: TestRedis } {
  let redis: TestRedis | undefined;
  let harness: Harness | undefined;
  before(async () => {
    redis = await startTestRedis();
    const env = typeof options.env === 'function' ? options.env() : (options.env ?? {});
    const deps = typeof options.deps === 'function' ? options.deps() : (options.deps ?? {});
    harness = await startHarness(redis.url, env, deps, options.dataDir);
  });
  after(async () => {
    await harness?.close();
    await redis?.stop();
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
    get dataDir(): string {
      return current().dataDir;
    },
    close: () => current().close(),
  };
  return { h, redis: redisHandle(() => started(redis, 'the test Redis')) };
}
