/**
 * Schema migrations: plain SQL files (`0001_initial.sql`, `0002_...`) applied at start-up in name order,
 * all pending ones in one transaction, recorded in `schema_migrations` with a checksum. The transaction
 * first takes an advisory lock, so instances starting together migrate once: the others wait, then find
 * nothing left to do. A failed file rolls everything back (the schema is never half-migrated).
 *
 * Our own small runner rather than a library: what we need is ~100 lines (ordered files, one lock, one
 * table). node-pg-migrate wants migrations written in JavaScript through its builder and a CLI;
 * postgres-migrations (SQL files, advisory lock) has had no release since 2021 and runs each file in its own
 * transaction.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { databaseOp } from './postgres.client.js';
import type { Logger } from './logger.js';

/** Any fixed 64-bit number, the same in every instance of this application (here: "leadbot" in ASCII). */
const MIGRATION_LOCK_KEY = '30510766455156596';

const FILE_RE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(name: string) {
    super(
      `Migration ${name} was changed after it was applied to this database. Applied migrations must never be ` +
        'edited: restore the file and add a new migration instead.',
    );
    this.name = 'MigrationChecksumError';
  }
}

/** The migration files of `dir`, in the order they apply. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => FILE_RE.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export interface MigrateOptions {
  url: string;
  dir: string;
  logger: Logger;
  connectTimeoutMs?: number;
}

/**
 * Applies the pending migrations of `dir`; returns the names applied (none when up to date). Uses its own
 * connection without the pool's timeouts: building an index on a big table may take minutes, and waiting
 * for another instance's migration is expected.
 */
export async function migrateDatabase({
  url,
  dir,
  logger,
  connectTimeoutMs = 5000,
}: MigrateOptions): Promise<string[]> {
  const files = await readMigrations(dir);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'lead-chatbot-server migrations',
  });
  await databaseOp(() => client.connect());
  // A connection that dies mid-migration emits 'error' on the client; the failing query reports it.
  client.on('error', (err) => logger.debug({ err: err.message }, 'migration connection error'));
  // Errors of the migration itself are thrown as they are: start-up stops with PostgreSQL's own message.
  try {
    await client.query('BEGIN');
    try {
      const applied = await applyPending(client, files, logger);
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function applyPending(client: pg.Client, files: MigrationFile[], logger: Logger): Promise<string[]> {
  await client.query('SET LOCAL statement_timeout = 0');
  await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migrations',
  );
  const done = new Map(rows.map((r) => [r.name, r.checksum]));
  const applied: string[] = [];
  for (const file of files) {
    const checksum = done.get(file.name);
    if (checksum !== undefined) {
      if (checksum !== file.checksum) throw new MigrationChecksumError(file.name);
      continue;
    }
    const started = Date.now();
    await client.query(file.sql);
    await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
    logger.info({ migration: file.name, ms: Date.now() - started }, 'database migration applied');
    applied.push(file.name);
  }
  // A newer release may have migrated already (a rolling deploy): its extra tables and columns do not hurt.
  const unknown = [...done.keys()].filter((name) => !files.some((f) => f.name === name));
  if (unknown.length > 0) logger.info({ migrations: unknown }, 'database has migrations newer than this release');
  return applied;
}
