/**
 * Process-level safety: an unhandled rejection or an uncaught exception is logged as fatal and handled as
 * a crash with the clean shutdown (the lead index saved, the managed redis-server stopped), exit code 1,
 * never swallowed and never an abrupt exit that leaves a managed Redis behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { redisServersOnFolder, spawnServer, waitUntil } from '../helpers/server-process.js';
import path from 'node:path';
import { existsSync } from 'node:fs';

describe('crash handling', () => {
  for (const [kind, message] of [
    ['rejection', 'unhandled promise rejection: shutting down'],
    ['exception', 'uncaught exception: shutting down'],
  ] as const) {
    it(`${kind === 'rejection' ? 'a rejection nobody awaited' : 'an exception nobody caught'}: fatal log, clean shutdown, exit 1`, async () => {
      const dataDir = makeDataDir();
      const server = await spawnServer(
        dataDir,
        { REDIS_URL: undefined, LOG_LEVEL: 'info', CRASH_KIND: kind },
        { nodeArgs: ['--import', './test/helpers/crash-on-signal.ts'] },
      );
      try {
        const created = await fetch(`${server.url}/leads`, {
          method: 'POST',
          headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Before Crash', email: 'before.crash@example.com' }),
        });
        assert.equal(created.status, 201);
        assert.equal(redisServersOnFolder(path.join(dataDir, 'redis')).length, 1);

        server.child.kill('SIGUSR2');
        const exit = await Promise.race([
          server.exited,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit within 20 s')), 20_000)),
        ]);
        assert.deepEqual(exit, { code: 1, signal: null });
        const fatal = server
          .output()
          .split('\n')
          .find((line) => line.includes(message));
        assert.ok(fatal, `no fatal line in:\n${server.output().slice(-2000)}`);
        assert.match(fatal, /"level":60/);
        assert.match(fatal, /deliberate/);
        assert.ok(server.output().includes('shutdown complete'), 'the clean shutdown ran');
        await waitUntil(
          () => redisServersOnFolder(path.join(dataDir, 'redis')).length === 0,
          5_000,
          'managed redis-server stopped',
        );
        assert.ok(existsSync(path.join(dataDir, 'leads')), 'the lead written before the crash is on disk');
      } finally {
        await server.stop('SIGKILL');
      }
    });
  }
});
