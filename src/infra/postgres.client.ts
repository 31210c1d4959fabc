/**
 * PostgreSQL access (DATABASE_URL): one `pg` pool per process. Like Redis, an outage must cost a request
 * seconds, not minutes: a new connection gives up after `connectTimeoutMs`, a statement after
 * `statementTimeoutMs` (server side, and a client-side bound a little later for a server that froze), and
 * every failure of that kind becomes the one 503 `database_unavailable`. The pool holds no state that an
 * outage spoils: broken clients are dropped and the next query connects afresh, so the server recovers
 * by itself when the database is back.
 */
import pg from 'pg';
import { AppError } from './app-error.js';
import type { Logger } from './logger.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
export type QueryResultRow = pg.QueryResultRow;

export interface PostgresPoolOptions {
  url: string;
  logger: Logger;
  /** Connections per instance; N instances hold up to N x max of the server's max_connections (100 by default). */
  max?: number;
  /** Bounds a new connection: a database that does not answer costs a request this long, then a 503. */
  connectTimeoutMs?: number;
  /**
   * Bounds the wait for a free connection when all are busy: a burst (100 creates at once across the
   * instances) waits its turn instead of failing, while an overloaded pool still sheds with 503s.
   */
  poolWaitMs?: number;
  statementTimeoutMs?: number;
}

export function createPostgresPool({
  url,
  logger,
  max = 10,
  connectTimeoutMs = 2000,
  poolWaitMs = 8000,
  statementTimeoutMs = 5000,
}: PostgresPoolOptions): Pool {
  // pg-pool bounds both the wait for a free client and a new client's connect with one option; the client
  // bounds its own connect with the same option, so a client given the shorter one keeps connects short.
  class ConnectBoundedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: connectTimeoutMs,
      });
    }
  }
  const pool = new pg.Pool({
    Client: ConnectBoundedClient,
    connectionString: url,
    max,
    connectionTimeoutMillis: poolWaitMs,
    statement_timeout: statementTimeoutMs,
    // A server that stops answering (frozen, a dropped route) never sends the cancel: give up ourselves.
    query_timeout: statementTimeoutMs + 1000,
    // A transaction left open by a bug must not hold its row locks (one-visitor-one-lead) for ever.
    idle_in_transaction_session_timeout: statementTimeoutMs * 2,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'lead-chatbot-server',
    // Our statements are short and indexed: JIT compiling one the planner over-estimates costs ~80 ms.
    options: '-c jit=off',
  });
  // An idle client whose connection dies emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (err) => logger.debug({ err: err.message }, 'postgres idle client error'));
  return pool;
}

/** SQLSTATEs that mean "the database cannot serve now", not "this statement is wrong". */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '57014', // query_canceled: statement_timeout
  '53300', // too_many_connections
  '53000', // insufficient_resources
  '53100', // disk_full
  '25006', // read_only_sql_transaction: a replica after a failover
  '55P03', // lock_not_available: lock_timeout
]);

const UNAVAILABLE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Messages of pg's own client-side failures, which carry no code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|timeout expired|Query read timeout|connection error|Connection timeout|not queryable/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_NET_CODES.has(code)) return true;
  }
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return UNAVAILABLE_MESSAGE.test(err.message);
}

/**
 * Maps a PostgreSQL failure to an AppError: an outage (down, unreachable, timed out, shutting down) is the
 * 503 the API promises; anything else is a bug in our SQL or data, a 500 that keeps the cause for the log.
 */
export function toDatabaseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) {
    return new AppError('database_unavailable', 'The database is unavailable. Please try again shortly.', {
      cause: err,
    });
  }
  return new AppError('internal', 'The database refused the operation.', { cause: err });
}

/** Runs database work, turning its failure into an AppError (see toDatabaseError). */
export async function databaseOp<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw toDatabaseError(err);
  }
}

/** One statement on any pooled connection. */
export function query<R extends QueryResultRow>(pool: Pool, text: string, values: unknown[] = []): Promise<R[]> {
  return databaseOp(async () => (await pool.query<R>(text, values)).rows);
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws
 * (its error is mapped). A connection that failed is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return databaseOp(async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error; // the connection is gone: the server rolled back by itself
      }
      if (isDatabaseUnavailable(err)) broken ??= err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  });
}

/** True when the database answers within `timeoutMs` (for /health); never throws. */
export async function pingDatabase(pool: Pool, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for running queries, then closes every connection (graceful shutdown). */
export async function closeDatabase(pool: Pool, logger: Logger): Promise<void> {
  try {
    await pool.end();
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'closing the database pool failed');
  }
}
