/**
 * When REDIS_URL is unset the server owns a local `redis-server` child: free loopback port, data (AOF on)
 * under DATA_DIR/redis, restarted if it dies, stopped on shutdown. Exactly one per folder: the server
 * claims the folder (a live server's claim refuses a second one), stops what an earlier start left
 * running there, and ties the child to its own life (it gets SIGTERM when the server dies, even by
 * SIGKILL). It needs a password, generated once and kept in DATA_DIR/redis/password (0600), passed to
 * redis-server on its stdin (never on a command line anyone can read) and to the client in the URL.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, readlink, realpath, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { makePrivateDir, restrictModes, writeFileAtomic } from './atomic-file.js';
import type { Logger } from './logger.js';

export class RedisBinaryMissingError extends Error {
  constructor(bin: string) {
    super(
      `"${bin}" was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_URL to an existing Redis.`,
    );
    this.name = 'RedisBinaryMissingError';
  }
}

/** The arguments of a redis-server that listens on loopback only, on `port`, with its files in `dir`. */
export function loopbackRedisArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
}

export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on the loopback port (or `child` exits). */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.end();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class ManagedRedisBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another server (pid ${pid}) runs the managed Redis in ${dir}. Stop it first, or give this one its own DATA_DIR.`,
    );
    this.name = 'ManagedRedisBusyError';
  }
}

const PASSWORD_FILE = 'password';
const OWNER_FILE = 'server.pid';
const STRAY_STOP_MS = 10_000;

interface ProcessInfo {
  name: string;
  state: string;
  startTime: string;
}

/** What /proc says of a process (Linux): its name, state and start time; undefined when gone or elsewhere. */
async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, close), state: fields[0] ?? '', startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** A process as "pid starttime" where /proc has the start time, so a reused pid is not taken for it. */
async function processStamp(pid: number): Promise<string> {
  const info = await processInfo(pid);
  return info ? `${pid} ${info.startTime}` : String(pid);
}

async function isRunning(stamp: string): Promise<boolean> {
  const [pidText = '', startTime] = stamp.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const info = await processInfo(pid);
  if (info) return info.state !== 'Z' && (startTime === undefined || info.startTime === startTime);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exitedWithin(stamp: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(stamp)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * One server per folder: DATA_DIR/redis/server.pid names the server running the folder's redis-server.
 * A live one refuses this start; a dead one's claim (it was killed) is taken over. Returns the release.
 */
async function claimFolder(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, OWNER_FILE);
  const previous = (await readFile(file, 'utf8').catch(() => '')).trim();
  const me = await processStamp(process.pid);
  if (previous && previous !== me && (await isRunning(previous))) {
    throw new ManagedRedisBusyError(dir, Number(previous.split(' ')[0]));
  }
  await writeFileAtomic(file, `${me}\n`);
  return async () => {
    if ((await readFile(file, 'utf8').catch(() => '')).trim() === me) await unlink(file).catch(() => undefined);
  };
}

/** Pids of live redis-servers working in `dir` (redis-server runs in its --dir), from /proc; none elsewhere. */
async function redisServersIn(dir: string, names: ReadonlySet<string>): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const real = await realpath(dir);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const info = await processInfo(Number(entry));
    if (!info || info.state === 'Z' || !names.has(info.name)) continue;
    if ((await readlink(`/proc/${entry}/cwd`).catch(() => undefined)) === real) found.push(Number(entry));
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Stops what an earlier start left running on the folder (its server was killed where the child could
 * not be tied to it, or it came from an older version): SIGTERM, which redis-server handles like SHUTDOWN
 * (the AOF is flushed, so nothing it acknowledged is lost); SIGKILL if it has not exited within 10 s.
 */
async function stopStrayRedis(dir: string, names: ReadonlySet<string>, logger: Logger): Promise<void> {
  for (const pid of await redisServersIn(dir, names)) {
    logger.warn({ pid, dir }, 'a redis-server left running on this folder by an earlier start: shutting it down');
    const stamp = await processStamp(pid);
    signal(pid, 'SIGTERM');
    if (await exitedWithin(stamp, STRAY_STOP_MS)) continue;
    signal(pid, 'SIGKILL');
    await exitedWithin(stamp, STRAY_STOP_MS);
  }
}

/**
 * The command prefix that ties the child to the server: util-linux's setpriv sets a parent-death signal
 * (SIGTERM) and execs redis-server, which Node's spawn cannot do itself. Empty where setpriv is missing
 * or too old: then a killed server's redis-server runs on until the next start stops it.
 */
async function parentDeathPrefix(logger: Logger): Promise<string[]> {
  const prefix = ['setpriv', '--pdeathsig', 'TERM', '--'];
  if (process.platform !== 'linux') return [];
  const works = await new Promise<boolean>((resolve) => {
    execFile(prefix[0] ?? '', [...prefix.slice(1), 'true'], (err) => resolve(!err));
  });
  if (!works) logger.info('setpriv --pdeathsig is not available: redis-server is not tied to this process');
  return works ? prefix : [];
}

/** The managed Redis's password: generated on first start, kept in DATA_DIR/redis/password (mode 0600). */
async function managedRedisPassword(dir: string): Promise<string> {
  const file = path.join(dir, PASSWORD_FILE);
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  if (/^[0-9a-f]{64}$/.test(existing.trim())) return existing.trim();
  const password = randomBytes(32).toString('hex');
  await writeFileAtomic(file, `${password}\n`);
  return password;
}

export interface ManagedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ManagedRedisOptions {
  bin: string;
  dataDir: string;
  logger: Logger;
  port?: number;
}

export async function startManagedRedis(options: ManagedRedisOptions): Promise<ManagedRedis> {
  const { bin, logger } = options;
  const dir = path.join(options.dataDir, 'redis');
  await makePrivateDir(dir);
  await restrictModes(dir, { tree: true }); // files an older version left readable
  const release = await claimFolder(dir);
  try {
    await stopStrayRedis(dir, new Set(['redis-server', path.basename(bin).slice(0, 15)]), logger);
    const password = await managedRedisPassword(dir);
    const prefix = await parentDeathPrefix(logger);
    const port = options.port ?? (await findFreePort());
    const managed = await superviseRedis({ bin, dir, port, password, prefix, logger });
    return {
      url: `redis://:${password}@127.0.0.1:${port}`,
      port,
      async stop() {
        await managed.stop();
        await release();
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}

interface SupervisedRedis {
  bin: string;
  dir: string;
  port: number;
  password: string;
  /** Run redis-server through this (the parent-death tie), or directly when empty. */
  prefix: string[];
  logger: Logger;
}

/** Starts redis-server and restarts it whenever it exits until stop(). */
async function superviseRedis(options: SupervisedRedis): Promise<{ stop(): Promise<void> }> {
  const { bin, dir, port, password, prefix, logger } = options;
  let stopping = false;
  let child: ChildProcess;
  let restarts = 0;

  const launch = async (): Promise<ChildProcess> => {
    const [cmd = bin, ...wrapperArgs] = prefix;
    const args = [
      '-', // the rest of the configuration (the password) comes on stdin
      ...loopbackRedisArgs(port, dir),
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ];
    const proc = spawn(cmd, prefix.length > 0 ? [...wrapperArgs, bin, ...args] : args, {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const spawned = new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new RedisBinaryMissingError(bin) : err),
      );
    });
    proc.stdin?.on('error', () => undefined); // it may exit before reading
    proc.stdin?.end(`requirepass ${password}\n`);
    proc.stdout?.on('data', (d: Buffer) => logger.debug({ redis: d.toString().trim() }, 'redis-server'));
    proc.stderr?.on('data', (d: Buffer) => logger.warn({ redis: d.toString().trim() }, 'redis-server'));
    await spawned;
    try {
      await waitForPort(port, 10_000, proc);
    } catch (err) {
      // setpriv could not exec it: 127 is "command not found".
      if (prefix.length > 0 && proc.exitCode === 127) throw new RedisBinaryMissingError(bin);
      throw err;
    }
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      restarts += 1;
      const delay = Math.min(restarts * 200, 2000);
      logger.error({ code, signal, delay }, 'managed redis-server exited; restarting');
      setTimeout(() => {
        if (stopping) return;
        launch()
          .then((p) => {
            child = p;
            restarts = 0;
          })
          .catch((err: unknown) => logger.error({ err }, 'could not restart redis-server'));
      }, delay).unref();
    });
    return proc;
  };

  child = await launch();
  logger.info({ port, dir }, 'managed redis-server started');

  return {
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM'); // redis-server flushes the AOF and exits on SIGTERM
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
