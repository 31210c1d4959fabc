/**
 * `npm run store:copy-to-postgres`: copies the embedded store's leads (DATA_DIR) into the PostgreSQL
 * database of DATABASE_URL, for a move to several instances. Stop the server first: the command takes the
 * DATA_DIR lock, so it refuses while a server runs on the folder (and a server refuses while it copies).
 *
 * Idempotent and resumable: a lead is copied only when its id is not in the database yet, each in its own
 * transaction, so a run that was killed midway is finished by running it again, and a second run copies
 * nothing (nor does it overwrite a lead that instances on the database have changed since). A lead the
 * database refuses (its email, phone or conversation already belongs to another lead there) is not
 * copied and is listed with its file: nothing is lost, the embedded store keeps it; the exit code is 2.
 * Staff accounts (DATA_DIR/staff_accounts.json) are copied too, the same way: one the database has already
 * (same id or email) is left as the database has it. So are the webhook endpoints admins added, which the
 * embedded mode keeps in Redis (REDIS_URL, or the managed Redis of DATA_DIR, started for the copy); the
 * delivery history stays behind (it is kept 14 days, and new deliveries are recorded in the database).
 */
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { makePrivateDir } from '../infra/atomic-file.js';
import { DataDirBusyError, lockDataDir } from '../infra/data-dir.lock.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { closeDatabase, query, type Pool } from '../infra/postgres.client.js';
import { connectRedis, createRedisClient, type Redis } from '../infra/redis.client.js';
import { startManagedRedis, type ManagedRedis } from '../infra/redis.manager.js';
import { RedisWebhookStore } from '../integrations/webhooks/webhook.store.js';
import { LeadStore } from '../leads/lead.store.js';
import type { LeadRecord } from '../leads/lead.types.js';
import { isLeadConflict } from './lead.repository.js';
import { EmbeddedStaffAccountRepository } from './embedded/staff-account.repository.embedded.js';
import { PostgresLeadRepository } from './postgres/lead.repository.pg.js';
import { PostgresStaffAccountRepository } from './postgres/staff-account.repository.pg.js';
import { openDatabase } from './postgres/open-database.js';
import { PostgresWebhookStore } from './postgres/webhook.store.pg.js';

export interface CopySummary {
  /** Leads in the embedded store. */
  total: number;
  copied: number;
  /** Already in the database (an earlier run, or a lead created there with the same id). */
  present: number;
  /** Refused by the database's one-visitor-one-lead rules: left in the embedded store only. */
  refused: Array<{
    id: string;
    field: string;
    value: string;
    held_by: string | null;
  }>;
}

/** Leads checked against the database per round trip, and copied in parallel. */
const BATCH = 200;
const PARALLEL = 8;

async function missingIds(pool: Pool, ids: string[]): Promise<Set<string>> {
  const rows = await query<{ id: string }>(pool, 'SELECT id FROM leads WHERE id = ANY($1::text[])', [ids]);
  const present = new Set(rows.map((r) => r.id));
  return new Set(ids.filter((id) => !present.has(id)));
}

/** Copies every lead of `store` that the database lacks; see the module comment. */
export async function copyLeadsToPostgres(store: LeadStore, pool: Pool, logger: Logger): Promise<CopySummary> {
  const target = new PostgresLeadRepository(pool);
  const summary: CopySummary = {
    total: store.size,
    copied: 0,
    present: 0,
    refused: [],
  };
  let batch: LeadRecord[] = [];
  const flush = async () => {
    const missing = await missingIds(
      pool,
      batch.map((r) => r.id),
    );
    summary.present += batch.length - missing.size;
    const todo = batch.filter((r) => missing.has(r.id));
    for (let i = 0; i < todo.length; i += PARALLEL) {
      await Promise.all(
        todo.slice(i, i + PARALLEL).map(async (record) => {
          try {
            await target.put(record);
            summary.copied += 1;
          } catch (err) {
            if (!isLeadConflict(err)) throw err;
            summary.refused.push({
              id: record.id,
              field: err.field,
              value: err.value,
              held_by: err.leadId,
            });
          }
        }),
      );
    }
    batch = [];
    logger.info(
      {
        done: summary.copied + summary.present + summary.refused.length,
        of: summary.total,
      },
      'copying',
    );
  };
  for await (const record of store.scan()) {
    batch.push(record);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

interface CopyCount {
  total: number;
  copied: number;
  present: number;
}

/** Adds each item the database lacks (`present` says), one at a time: rerun, it adds nothing. */
async function copyMissing<T>(
  items: T[],
  present: (item: T) => Promise<boolean>,
  add: (item: T) => Promise<unknown>,
): Promise<CopyCount> {
  let copied = 0;
  for (const item of items) {
    if (await present(item)) continue;
    await add(item);
    copied += 1;
  }
  return { total: items.length, copied, present: items.length - copied };
}

/** Copies the embedded staff accounts the database lacks (by id and by email); see the module comment. */
export async function copyStaffAccountsToPostgres(dataDir: string, pool: Pool): Promise<CopyCount> {
  const to = new PostgresStaffAccountRepository(pool);
  return copyMissing(
    await new EmbeddedStaffAccountRepository(dataDir).list(),
    async (account) => Boolean((await to.get(account.id)) ?? (await to.findByEmail(account.email))),
    (account) => to.create(account),
  );
}

/** Copies the webhook endpoints the database lacks (by id): one it has already is left as it is. */
export async function copyWebhookEndpointsToPostgres(redis: Redis, pool: Pool): Promise<CopyCount> {
  const to = new PostgresWebhookStore(pool);
  return copyMissing(
    await new RedisWebhookStore(redis).listEndpoints(),
    async (endpoint) => (await to.getEndpoint(endpoint.id)) !== undefined,
    (endpoint) => to.addEndpoint(endpoint),
  );
}

/** The Redis the embedded mode used: REDIS_URL, or the managed one of DATA_DIR (started here, stopped after). */
async function copyEndpointsFromRedis(config: Config, pool: Pool, logger: Logger): Promise<void> {
  let managed: ManagedRedis | undefined;
  const url =
    config.redisUrl ??
    (managed = await startManagedRedis({ bin: config.redisServerBin, dataDir: config.dataDir, logger })).url;
  const redis = createRedisClient({ url, logger });
  try {
    await connectRedis(redis);
    logger.info(await copyWebhookEndpointsToPostgres(redis, pool), 'copy of the webhook endpoints finished');
  } finally {
    redis.disconnect();
    await managed?.stop();
  }
}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  const url = config.databaseUrl;
  if (!url) {
    process.stderr.write('Set DATABASE_URL to the PostgreSQL database to copy the leads of DATA_DIR into.\n');
    return 1;
  }
  await makePrivateDir(config.dataDir);
  let unlock: () => Promise<void>;
  try {
    unlock = await lockDataDir(config.dataDir, {
      logger,
      onLost: (err) => {
        throw err;
      },
    });
  } catch (err) {
    if (!(err instanceof DataDirBusyError)) throw err;
    process.stderr.write(`${err.message}\nStop the server on this DATA_DIR before copying its store.\n`);
    return 1;
  }
  try {
    const store = await LeadStore.open(config.dataDir, logger);
    const pool = await openDatabase(url, logger);
    try {
      const summary = await copyLeadsToPostgres(store, pool, logger);
      const leadsDir = path.join(config.dataDir, 'leads');
      for (const r of summary.refused) {
        logger.warn(
          { ...r, file: path.join(leadsDir, r.id.slice(0, 2), `${r.id}.json`) },
          'not copied: the database has this value on another lead (merge them, then run again)',
        );
      }
      const { total, copied, present, refused } = summary;
      logger.info({ total, copied, present, refused: refused.length }, 'copy of the embedded leads finished');
      const accounts = await copyStaffAccountsToPostgres(config.dataDir, pool);
      logger.info(accounts, 'copy of the embedded staff accounts finished');
      await copyEndpointsFromRedis(config, pool, logger);
      return refused.length > 0 ? 2 : 0;
    } finally {
      await closeDatabase(pool, logger);
      // Opening the store used up its clean-shutdown snapshot; nothing changed, so write it back.
      await store.saveSnapshot().catch(() => undefined);
    }
  } finally {
    await unlock();
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href;
if (isEntryPoint) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`copy failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
