/**
 * PostgreSQL failing under the pool: down, restarted, frozen, a statement running too long, a server that
 * never answers. Each is the one 503 `database_unavailable` (a failure, not a hang), and the same pool
 * serves again once the database does: no restart of ours.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/infra/app-error.js';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, pingDatabase, query, type Pool } from '../../src/infra/postgres.client.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { makeLead } from '../store/lead-repository.contract.js';

const logger = createLogger('silent');

function isUnavailable(err: unknown): boolean {
  assert.ok(isAppError(err), `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, 'database_unavailable');
  assert.equal(err.status, 503);
  return true;
}

describe('PostgreSQL outages', () => {
  const db = usePostgres();
  let pool: Pool;
  let repo: PostgresLeadRepository;
  before(async () => {
    await migrateSchema(db.url, logger);
    pool = createPostgresPool({ url: db.url, logger, connectTimeoutMs: 1000, statementTimeoutMs: 500 });
    repo = new PostgresLeadRepository(pool);
  });
  after(async () => {
    await closeDatabase(pool, logger);
  });

  it('answers 503 while the server is down, and serves again from the same pool once it is back', async () => {
    const lead = makeLead(1, { email: 'kept@example.com' });
    await repo.put(lead);
    assert.equal(await pingDatabase(pool), true);
    await db.server.stop('immediate'); // a crash: pooled connections die under the pool
    await assert.rejects(repo.get(lead.id), isUnavailable);
    await assert.rejects(repo.put(makeLead(2)), isUnavailable);
    await assert.rejects(repo.list({ limit: 10, offset: 0 }), isUnavailable);
    assert.equal(await pingDatabase(pool), false);
    await db.server.start();
    assert.deepEqual(await repo.get(lead.id), lead, 'the acknowledged lead survived the crash');
    assert.equal(await pingDatabase(pool), true);
    await repo.put(makeLead(3));
    assert.equal((await repo.list({ limit: 10, offset: 0 })).total, 2);
  });

  it('answers 503 when a statement runs past the statement timeout, and the pool goes on', async () => {
    await assert.rejects(query(pool, 'SELECT pg_sleep(5)'), isUnavailable);
    assert.deepEqual(await query(pool, 'SELECT 1 AS one'), [{ one: 1 }]);
  });

  it('answers 503 when the server process freezes mid-statement, and drops that connection', async () => {
    const frozen = createPostgresPool({ url: db.url, logger, max: 1, statementTimeoutMs: 300 });
    try {
      const [row] = await query<{ pid: number }>(frozen, 'SELECT pg_backend_pid() AS pid');
      process.kill(row!.pid, 'SIGSTOP'); // statement_timeout cannot fire: only the client-side bound can
      try {
        await assert.rejects(query(frozen, 'SELECT 1'), isUnavailable);
      } finally {
        process.kill(row!.pid, 'SIGCONT');
      }
      const [again] = await query<{ pid: number }>(frozen, 'SELECT pg_backend_pid() AS pid');
      assert.notEqual(again!.pid, row!.pid, 'the frozen connection was not reused');
    } finally {
      await closeDatabase(frozen, logger);
    }
  });

  it('lets a burst wait for a busy pool longer than a connect may take, and sheds past the wait', async () => {
    const busy = (poolWaitMs: number) =>
      createPostgresPool({ url: db.url, logger, max: 1, connectTimeoutMs: 200, poolWaitMs });
    const patient = busy(10_000);
    const impatient = busy(200);
    try {
      await query(patient, 'SELECT 1');
      await query(impatient, 'SELECT 1');
      const [slow, queued] = await Promise.allSettled([
        query(patient, 'SELECT pg_sleep(0.4)'),
        query(patient, 'SELECT 2 AS two'),
      ]);
      assert.equal(slow.status, 'fulfilled');
      assert.deepEqual(queued.status === 'fulfilled' && queued.value, [{ two: 2 }], 'the queued query waited its turn');
      const [, shed] = await Promise.allSettled([
        query(impatient, 'SELECT pg_sleep(0.4)'),
        query(impatient, 'SELECT 2 AS two'),
      ]);
      assert.equal(shed.status, 'rejected');
      assert.ok(isUnavailable(shed.reason));
    } finally {
      await closeDatabase(patient, logger);
      await closeDatabase(impatient, logger);
    }
  });

  it('answers 500, not 503, for a statement the database rejects', async () => {
    await assert.rejects(query(pool, 'SELEC 1'), (err) => isAppError(err) && err.code === 'internal');
  });
});

describe('PostgreSQL that accepts connections and never answers', () => {
  let silent: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  before(async () => {
    port = await findFreePort();
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it(
    'gives up connecting after the connect timeout with a 503, however long a busy pool may be waited for',
    { timeout: 20_000 },
    async () => {
      const pool = createPostgresPool({
        url: `postgres://app@127.0.0.1:${port}/app`,
        logger,
        connectTimeoutMs: 300,
        poolWaitMs: 60_000,
      });
      try {
        await assert.rejects(query(pool, 'SELECT 1'), isUnavailable);
        assert.equal(await pingDatabase(pool, 2000), false);
      } finally {
        await closeDatabase(pool, logger);
      }
    },
  );
});
