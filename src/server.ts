/**
 * Start-up and graceful shutdown: config, logger, Redis (managed child or REDIS_URL), the admin key, the
 * webhook and mail delivery (queue and worker on their own Redis connections), the app, the listener.
 * SIGTERM/SIGINT: stop accepting, finish in-flight requests, queue their events, finish delivery attempts in
 * flight, close Redis.
 * An unhandled rejection or uncaught exception is logged and handled as a crash: the same shutdown, exit 1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolveAdminKey, ADMIN_KEY_FILENAME } from './admin/admin-key.js';
import { createApp, createReportService } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DailyReportScheduler } from './reports/daily-report.scheduler.js';
import { closeDatabase, type Pool } from './infra/postgres.client.js';
import { openConversationLogs } from './store/durable-stores.js';
import { openDatabase } from './store/postgres/open-database.js';
import { openLeadRepository } from './store/open-lead-repository.js';
import { DataDirBusyError, lockDataDir } from './infra/data-dir.lock.js';
import { startDeliveries } from './integrations/deliveries.js';
import { SentActivityFolder } from './integrations/delivery-activity.js';
import { SentActivityStore } from './integrations/sent-activity.store.js';
import { createAppMetrics } from './integrations/metrics/app-metrics.js';
import { makePrivateDir, restrictModes } from './infra/atomic-file.js';
import { createLogger, type Logger } from './infra/logger.js';
import { connectRedis, createRedisClient, type Redis } from './infra/redis.client.js';
import {
  ManagedRedisBusyError,
  RedisBinaryMissingError,
  startManagedRedis,
  type ManagedRedis,
} from './infra/redis.manager.js';
import path from 'node:path';

const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  server: Server;
  config: Config;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // What the server writes (leads, logs, reports, keys, the managed Redis's files) is for its own user
  // only, whatever a module asks for: umask 077 (inherited by redis-server), and DATA_DIR itself 0700,
  // which also closes what an older version left readable inside it.
  process.umask(0o077);
  await makePrivateDir(config.dataDir);
  await restrictModes(config.dataDir).catch((err: unknown) =>
    logger.warn({ err, dir: config.dataDir }, 'could not make DATA_DIR private (mode 0700)'),
  );
  // The embedded store is one process's: a second server on this DATA_DIR refuses to start (first, so
  // that it says so rather than failing on the managed Redis's folder or losing writes later).
  const unlockDataDir = config.databaseUrl
    ? undefined
    : await lockDataDir(config.dataDir, {
        logger,
        // Another process took the folder over (this one stalled past the stale period): stop writing
        // now, as for any crash (main() turns an uncaught exception into shutdown and exit 1).
        onLost: (err) => {
          throw err;
        },
      });
  let managed: ManagedRedis | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    try {
      managed = await startManagedRedis({ bin: config.redisServerBin, dataDir: config.dataDir, logger });
    } catch (err) {
      await unlockDataDir?.();
      throw err;
    }
    redisUrl = managed.url;
  }
  const redis: Redis = createRedisClient({ url: redisUrl, logger });
  try {
    await connectRedis(redis);
  } catch (err) {
    await managed?.stop();
    await unlockDataDir?.();
    throw err;
  }
  let database: Pool | undefined;
  if (config.databaseUrl) {
    try {
      database = await openDatabase(config.databaseUrl, logger);
    } catch (err) {
      await redis.quit().catch(() => redis.disconnect());
      await managed?.stop();
      throw err;
    }
  }
  const adminKey = await resolveAdminKey(config.adminApiKey, config.dataDir, logger, database);
  if (!config.adminApiKey) {
    logger.info(
      `Admin API key: see ${path.join(config.dataDir, ADMIN_KEY_FILENAME)} (set ADMIN_API_KEY to choose one)`,
    );
  }
  const leadStore = await openLeadRepository({ dataDir: config.dataDir, database, logger });
  const { leads } = leadStore;
  const conversationLogs = openConversationLogs({ dataDir: config.dataDir, database });
  const reports = createReportService({ config, logger, leads, database });
  const metrics = createAppMetrics();
  const deliveries = startDeliveries({ config, logger, redisUrl, redis, database, metrics });
  const app = createApp({
    config,
    logger,
    redis,
    database,
    adminKey,
    leads,
    conversationLogs,
    reports,
    metrics,
    deliveries: deliveries.queue,
  });
  const dailyReport = new DailyReportScheduler({
    reports,
    redis,
    logger,
    timezone: config.businessTimezone,
    time: config.dailyReportTime,
  });
  // Mails and webhooks sent wait in Redis (the timelines show them) until this writes them on their leads.
  const sentActivityFold = new SentActivityFolder({
    store: new SentActivityStore(redis),
    leads,
    logger,
    timezone: config.businessTimezone,
  });

  // Slow clients (slowloris): Node checks these deadlines only every `connectionsCheckingInterval`
  // (30 s by default, which would let a 10 s header deadline stretch to 40 s), so check every second.
  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
      keepAliveTimeout: 5000,
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, llm: config.llmProvider, node: process.version }, `chat server listening on ${url}`);
  dailyReport.start();
  sentActivityFold.start();

  let stopping: Promise<void> | undefined;
  // While stopping, a keep-alive connection is closed as soon as its in-flight response is done (and a
  // request arriving on one is answered with `Connection: close`), so shutdown waits for the work, not
  // for idle keep-alive sockets until the grace period ends.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (!stopping) return;
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      dailyReport.stop();
      sentActivityFold.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(timer);
      // Events of the last requests are queued, attempts in flight finish (each within DELIVERY_TIMEOUT_MS).
      await deliveries.close().catch((err: unknown) => logger.warn({ err }, 'closing the delivery queue failed'));
      await conversationLogs.flush();
      await leadStore.close();
      if (database) await closeDatabase(database, logger);
      await redis.quit().catch(() => redis.disconnect());
      await managed?.stop();
      await unlockDataDir?.();
      logger.info('shutdown complete');
    })();
    return stopping;
  };
  return { server, config, url, stop };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningServer | undefined;
  // A rejection nobody awaited or an exception nobody caught leaves the process in a state nobody
  // reasoned about: log it, then shut down as for SIGTERM (in-flight requests finish, the lead index
  // is saved, the managed Redis stops) and exit 1 so a supervisor restarts a clean process.
  const crash = (what: string) => (err: unknown) => {
    logger.fatal({ err }, `${what}: shutting down`);
    const exit = () => process.exit(1);
    setTimeout(exit, SHUTDOWN_GRACE_MS + 5_000).unref();
    if (running) running.stop().then(exit, exit);
    else exit();
  };
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
  try {
    running = await startServer(config, logger);
  } catch (err) {
    if (
      err instanceof RedisBinaryMissingError ||
      err instanceof ManagedRedisBusyError ||
      err instanceof DataDirBusyError
    ) {
      logger.fatal(err.message);
    } else {
      logger.fatal({ err }, 'could not start');
    }
    process.exit(1);
  }
  const started = running;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      started
        .stop()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          process.exit(1);
        });
    });
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href;
if (isEntryPoint) void main();
