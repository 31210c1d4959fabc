/**
 * The embedded store is one process's: a second server on the same DATA_DIR refuses to start with one
 * clear message, a killed server's lock does not keep the next start out, and a lock left by a server on
 * another machine (a network disk) is taken over once it went stale. With DATABASE_URL nothing is locked:
 * any number of instances share the database.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lockDataDir } from '../../src/infra/data-dir.lock.js';
import { createLogger } from '../../src/infra/logger.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { useRedis } from '../helpers/fixture.js';
import { makeDataDir, ROOT, testEnv } from '../helpers/harness.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { spawnServer } from '../helpers/server-process.js';

/** Starts src/server.ts and waits for it to exit (a refused start), with its output. */
async function startRefused(dataDir: string, overrides: Record<string, string>) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  const port = String(await findFreePort());
  for (const [k, v] of Object.entries(testEnv({ PORT: port, HOST: '127.0.0.1', ...overrides }, dataDir))) {
    if (v !== undefined) env[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

describe('one server per DATA_DIR (embedded store)', () => {
  const redis = useRedis();

  it('refuses a second server with a clear message; after a SIGKILL of the first a new one starts', async () => {
    const dataDir = makeDataDir();
    const first = await spawnServer(dataDir, { REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    let firstStopped = false;
    try {
      const second = await startRefused(dataDir, { REDIS_URL: redis.url, LOG_LEVEL: 'info' });
      assert.equal(second.code, 1, second.output.slice(-2000));
      assert.match(second.output, new RegExp(`Another server \\(pid ${first.child.pid} on `));
      assert.match(second.output, /is using DATA_DIR .*set DATABASE_URL \(PostgreSQL\) to run several instances/);
      // Without REDIS_URL (a managed Redis in the folder) it is the same one message.
      const managed = await startRefused(dataDir, { LOG_LEVEL: 'info' });
      assert.equal(managed.code, 1);
      assert.match(managed.output, /is using DATA_DIR/);
      assert.equal((await fetch(`${first.url}/health`)).status, 200, 'the first server went on serving');

      await first.stop('SIGKILL');
      firstStopped = true;
      const next = await spawnServer(dataDir, { REDIS_URL: redis.url, LOG_LEVEL: 'info' });
      try {
        assert.match(next.output(), /DATA_DIR lock of a server that is no longer running: taking it over/);
        assert.equal((await fetch(`${next.url}/health`)).status, 200);
      } finally {
        assert.equal((await next.stop()).code, 0);
      }
      // A clean stop releases the lock: the next start takes it without a word.
      const after = await spawnServer(dataDir, { REDIS_URL: redis.url, LOG_LEVEL: 'info' });
      assert.doesNotMatch(after.output(), /DATA_DIR lock/);
      await after.stop();
    } finally {
      if (!firstStopped) await first.stop('SIGKILL');
    }
  });

  it("takes over another machine's lock once it went stale, and refuses while it is fresh", async () => {
    const logger = createLogger('silent');
    const dataDir = makeDataDir();
    const lockDir = path.join(dataDir, 'server.lock');
    mkdirSync(lockDir);
    const owner = { pid: 1, host: 'another-machine', started_at: '2026-01-01T00:00:00.000Z' };
    writeFileSync(path.join(dataDir, 'server.lock.json'), JSON.stringify(owner));
    // Fresh (refreshed just now, and again while we wait): refused after the wait, naming the holder.
    const refresh = setInterval(() => utimesSync(lockDir, new Date(), new Date()), 200);
    try {
      await assert.rejects(
        lockDataDir(dataDir, { logger, onLost: assert.fail, staleMs: 2000 }),
        /Another server \(pid 1 on another-machine, .*\) is using DATA_DIR/,
      );
    } finally {
      clearInterval(refresh);
    }
    // No longer refreshed (that machine died): taken over once stale.
    const release = await lockDataDir(dataDir, { logger, onLost: assert.fail, staleMs: 2000 });
    await release();
  });
});

describe('DATA_DIR with DATABASE_URL', () => {
  const redis = useRedis();
  const db = usePostgres();

  it('is not locked: two instances on one folder and one database both serve', async () => {
    const dataDir = makeDataDir();
    const env = { REDIS_URL: redis.url, DATABASE_URL: db.url };
    const a = await spawnServer(dataDir, env);
    try {
      const b = await spawnServer(dataDir, env);
      try {
        const [ra, rb] = await Promise.all([fetch(`${a.url}/health`), fetch(`${b.url}/health`)]);
        assert.deepEqual([ra.status, rb.status], [200, 200]);
        const health = (await ra.json()) as { data: { database?: string } };
        assert.equal(health.data.database, 'up');
      } finally {
        await b.stop();
      }
    } finally {
      await a.stop();
    }
  });
});
