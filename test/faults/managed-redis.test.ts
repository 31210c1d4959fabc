/**
 * The managed redis-server (REDIS_URL unset) against the real server process: exactly one per DATA_DIR
 * even when the server is killed with SIGKILL or an earlier start left one running, a password on it,
 * and nothing under DATA_DIR readable by other users.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findFreePort, loopbackRedisArgs, waitForPort } from '../../src/infra/redis.manager.js';
import { makeDataDir } from '../helpers/harness.js';
import {
  managedRedisPort,
  redisServersOnFolder,
  spawnServer,
  waitUntil,
  type ServerProcess,
} from '../helpers/server-process.js';

/** Sends each command on one connection and returns each reply (a bulk string's value, else its line). */
async function redisReplies(port: number, commands: string[][]): Promise<Array<string | null>> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const replies: Array<string | null> = [];
    let buffer = '';
    sock.setTimeout(5000, () => sock.destroy(new Error('no reply from redis')));
    sock.on('error', reject);
    sock.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) break;
        const line = buffer.slice(0, end);
        if (line.startsWith('$')) {
          const size = Number(line.slice(1));
          if (size < 0) {
            replies.push(null);
            buffer = buffer.slice(end + 2);
            continue;
          }
          if (buffer.length < end + 2 + size + 2) break;
          replies.push(buffer.slice(end + 2, end + 2 + size));
          buffer = buffer.slice(end + 2 + size + 2);
        } else {
          replies.push(line);
          buffer = buffer.slice(end + 2);
        }
      }
      if (replies.length >= commands.length) {
        sock.end();
        resolve(replies);
      }
    });
    sock.write(
      commands
        .map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
        .join(''),
    );
  });
}

/** The managed Redis's password (DATA_DIR/redis/password), or none. */
function managedPassword(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'redis', 'password');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Runs `commands` on the server's managed Redis, authenticated when it has a password. */
async function onManagedRedis(server: ServerProcess, dataDir: string, commands: string[][]) {
  const password = managedPassword(dataDir);
  const replies = await redisReplies(managedRedisPort(server.output()), [
    ...(password ? [['AUTH', password]] : []),
    ...commands,
  ]);
  return password ? replies.slice(1) : replies;
}

async function chat(url: string, clientId: string, content: string): Promise<void> {
  const res = await fetch(`${url}/gemini/train`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, content }),
  });
  assert.equal(res.status, 200, await res.text());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Run {
  dataDir: string;
  redisDir: string;
  server?: ServerProcess;
}

/** A data folder for a describe block; after it, its server is stopped and no redis-server is left on it. */
function useDataDir(): Run {
  const dataDir = makeDataDir();
  const run: Run = { dataDir, redisDir: path.join(dataDir, 'redis') };
  after(async () => {
    await run.server?.stop('SIGTERM');
    // Whatever a failed run left on the folder must not outlive the test.
    for (const pid of existsSync(run.redisDir) ? redisServersOnFolder(run.redisDir) : []) process.kill(pid, 'SIGKILL');
  });
  return run;
}

describe('managed redis-server when the server is killed with SIGKILL', () => {
  const run = useDataDir();

  it('leaves one redis-server on the folder after the next start, and keeps what is written after it', async () => {
    run.server = await spawnServer(run.dataDir, { LOG_LEVEL: 'info' });
    const first = redisServersOnFolder(run.redisDir);
    assert.equal(first.length, 1, `one redis-server on the folder: ${first.join(',')}`);
    await chat(run.server.url, 'sigkill-visitor-1', 'My name is Ada Lovelace');

    await run.server.stop('SIGKILL');
    // The child dies with its parent (setpriv's parent-death signal), before anything starts again.
    await waitUntil(() => !alive(first[0] ?? 0), 5000, 'the killed server’s redis-server exited');
    run.server = await spawnServer(run.dataDir, { LOG_LEVEL: 'info' });
    const second = redisServersOnFolder(run.redisDir);
    assert.equal(second.length, 1, `one redis-server on the folder after the restart: ${second.join(',')}`);
    assert.notEqual(second[0], first[0], 'the killed server’s redis-server is gone');
    assert.equal(alive(first[0] ?? 0), false, 'no orphan redis-server');
    assert.deepEqual(await onManagedRedis(run.server, run.dataDir, [['LLEN', 'chat:sigkill-visitor-1:history']]), [
      ':2',
    ]);

    await chat(run.server.url, 'sigkill-visitor-2', 'My name is Grace Hopper');
    await run.server.stop('SIGKILL');
    run.server = await spawnServer(run.dataDir, { LOG_LEVEL: 'info' });
    assert.equal(redisServersOnFolder(run.redisDir).length, 1, 'still one redis-server on the folder');
    assert.deepEqual(
      await onManagedRedis(run.server, run.dataDir, [
        ['LLEN', 'chat:sigkill-visitor-1:history'],
        ['LLEN', 'chat:sigkill-visitor-2:history'],
      ]),
      [':2', ':2'],
      'both conversations survived both restarts',
    );

    // A second server on the same DATA_DIR refuses to start (the folder's lock, taken before its Redis)
    // rather than run a second Redis on it.
    await assert.rejects(
      spawnServer(run.dataDir, { LOG_LEVEL: 'info' }),
      /Another server \(pid \d+ on .*\) is using DATA_DIR/,
    );
    assert.equal(redisServersOnFolder(run.redisDir).length, 1, 'still one redis-server on the folder');
    assert.equal((await fetch(`${run.server.url}/health`)).status, 200, 'the first server still serves');
  });
});

describe('a redis-server left running on DATA_DIR/redis by an earlier start', () => {
  const run = useDataDir();

  it('is shut down cleanly at start, and its data is served by the one that replaces it', async () => {
    mkdirSync(run.redisDir, { recursive: true });
    const port = await findFreePort();
    // As an older server left it: no password, nobody watching it.
    const stray = spawn(
      'redis-server',
      [...loopbackRedisArgs(port, run.redisDir), '--appendonly', 'yes', '--save', '', '--loglevel', 'warning'],
      { detached: true, stdio: 'ignore' },
    );
    stray.unref();
    const strayExited = new Promise<void>((resolve) => stray.once('exit', () => resolve()));
    await waitForPort(port, 10_000);
    assert.deepEqual(await redisReplies(port, [['SET', 'left:behind', 'kept']]), ['+OK']);

    run.server = await spawnServer(run.dataDir, { LOG_LEVEL: 'info' });
    const pids = redisServersOnFolder(run.redisDir);
    assert.equal(pids.length, 1, `one redis-server on the folder: ${pids.join(',')}`);
    assert.notEqual(pids[0], stray.pid, 'the stray redis-server was stopped');
    await waitUntil(() => stray.exitCode !== null || stray.signalCode !== null, 5000, 'the stray exited');
    await strayExited;
    assert.deepEqual(await onManagedRedis(run.server, run.dataDir, [['GET', 'left:behind']]), ['kept']);
  });
});

describe('the managed Redis password and the modes of what the server keeps under DATA_DIR', () => {
  const run = useDataDir();

  it('refuses commands without the password, which is in no log and no command line', async () => {
    run.server = await spawnServer(run.dataDir, { LOG_LEVEL: 'debug', ADMIN_API_KEY: '' }); // generated key: its file too
    const port = managedRedisPort(run.server.output());
    assert.ok(port > 0, 'the managed redis port is logged');
    const [ping, get] = await redisReplies(port, [['PING'], ['GET', 'anything']]);
    assert.match(ping ?? '', /^-NOAUTH/);
    assert.match(get ?? '', /^-NOAUTH/);
    const password = managedPassword(run.dataDir) ?? '';
    assert.ok(password.length >= 32, 'a generated password is kept in DATA_DIR/redis/password');
    assert.deepEqual(await redisReplies(port, [['AUTH', password], ['PING']]), ['+OK', '+PONG']);
    assert.ok(!run.server.output().includes(password), 'the password is not logged');
    const [pid] = redisServersOnFolder(run.redisDir);
    assert.ok(!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(password), 'nor on the command line');
  });

  it('keeps every file 0600 and every folder 0700 after a chat, a form, a report and a snapshot', async () => {
    assert.ok(run.server);
    const key = readFileSync(path.join(run.dataDir, 'admin_api_key'), 'utf8').trim();
    await chat(run.server.url, 'modes-visitor-1', 'Hi, I am Ada Lovelace, ada@example.com');
    const form = await fetch(`${run.server.url}/gemini/save-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'modes-visitor-2', name: 'Grace Hopper', email: 'grace@example.com' }),
    });
    assert.equal(form.status, 200);
    const report = await fetch(`${run.server.url}/leads/reports/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: '{}',
    });
    assert.equal(report.status, 201);
    const { code } = await run.server.stop('SIGTERM'); // writes the lead index snapshot
    assert.equal(code, 0);

    const seen: string[] = [];
    const walk = (dir: string) => {
      assert.equal(statSync(dir).mode & 0o777, 0o700, `${dir} is 0700`);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (full === path.join(run.dataDir, 'system_instruction.txt')) continue; // the test's own file
        seen.push(path.relative(run.dataDir, full));
        if (entry.isDirectory()) walk(full);
        else assert.equal(statSync(full).mode & 0o777, 0o600, `${full} is 0600`);
      }
    };
    walk(run.dataDir);
    for (const expected of [
      /^admin_api_key$/,
      /^leads\/index\.snapshot\.json$/,
      /^leads\/[0-9a-f]{2}\/[0-9a-f]{32}\.json$/,
      /^conversations\/conversation_modes-visitor-1\.txt$/,
      /^reports\/.+\.xlsx$/,
      /^redis\/password$/,
      /^redis\/appendonlydir\/.+\.aof$/,
    ]) {
      assert.ok(
        seen.some((f) => expected.test(f)),
        `${String(expected)} among ${seen.join(', ')}`,
      );
    }
  });
});
