/**
 * A real PostgreSQL server owned by the test: a throwaway cluster (initdb) in a temp folder, on a free
 * loopback port with its unix socket in that folder, trust auth on loopback, tuned for speed (fsync off:
 * nothing here must survive a power cut; see serverArgs). The server refuses to run as root, so as root the folder is
 * given to the `postgres` user and the binaries run as that user (setpriv execs them, so the child we
 * spawn is the postmaster itself and a signal reaches it directly). It can be stopped and started again
 * on the same port and data (outage tests); `destroy` stops it and removes the folder.
 *
 * Timings on the 2-core test machine under load (four helpers at once): the first cluster on a machine
 * (initdb, kept as a template) about 3 s; then a copy of the template + start about 0.9 s, CREATE DATABASE
 * 0.3 s, fast stop 0.07 s, immediate stop 0.01 s, restart 0.16 s, stop + removal 0.2 s.
 */
import { createHash } from 'node:crypto';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import pg from 'pg';
import { findFreePort } from '../../src/infra/redis.manager.js';

const run = promisify(execFile);

export interface TestPostgres {
  port: number;
  /** The URL of the cluster's default `postgres` database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server: `immediate` is a crash (SIGQUIT), the default a fast shutdown (SIGINT). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or an install hint. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(
      'PostgreSQL server binaries were not found under /usr/lib/postgresql/<version>/bin. ' +
        'Install them with: sudo apt-get install -y postgresql (npm test does this when it can).',
    );
  }
  return path.join(root, majors[0]!, 'bin');
}

interface ServerUser {
  uid?: number;
  gid?: number;
  /** The command line running `bin`: through setpriv, which execs it (so our child is the binary itself). */
  wrap(bin: string, args: string[]): [string, string[]];
}

/**
 * Runs server binaries as the `postgres` user when we are root (it refuses root), else as ourselves; either
 * way with a parent-death signal, so a test process that dies without cleaning up takes its server along
 * (SIGQUIT: an immediate stop, no waiting for clients).
 */
function serverUser(): ServerUser {
  const pdeath = ['--pdeathsig', 'SIGQUIT'];
  if (process.getuid?.() !== 0) return { wrap: (bin, args) => ['setpriv', [...pdeath, '--', bin, ...args]] };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  const as = [`--reuid=${uid}`, `--regid=${gid}`, '--init-groups'];
  return { uid, gid, wrap: (bin, args) => ['setpriv', [...as, ...pdeath, '--', bin, ...args]] };
}

/**
 * Settings for a disposable test server: fast, loopback only. fsync off (the OS still has every write, so
 * a crash of the server loses nothing; a power cut would), but synchronous_commit stays on: off, a commit
 * is acknowledged before its WAL is even written, and a crash test (stop('immediate')) loses acknowledged
 * rows.
 */
function serverArgs(dataDir: string, dir: string, port: number): string[] {
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    shared_buffers: '128MB',
    max_wal_size: '1GB',
    logging_collector: 'off',
    log_min_messages: 'warning',
  };
  return ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}) while starting:\n${log}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`postgres did not become ready within ${timeoutMs} ms`, { cause: err });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const INITDB_ARGS = ['--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'];

/**
 * A fresh cluster in `dataDir`, copied from a template cluster made once per machine (initdb takes about
 * 2 s on a busy 2-core machine, a copy about 0.3 s). The template's name holds the server version and the
 * initdb options, so a change of either makes a new one; it is made in a temp folder and renamed into
 * place, so test processes starting together never see half a template.
 */
async function copyTemplateCluster(bin: string, user: ServerUser, dataDir: string): Promise<void> {
  const key = createHash('sha256')
    .update([bin, ...INITDB_ARGS, String(user.uid ?? process.getuid?.())].join(' '))
    .digest('hex')
    .slice(0, 12);
  const template = path.join(os.tmpdir(), `test-postgres-template-${key}`);
  if (!existsSync(path.join(template, 'PG_VERSION'))) {
    const work = mkdtempSync(`${template}.tmp-`);
    if (user.uid !== undefined && user.gid !== undefined) chownSync(work, user.uid, user.gid);
    const [cmd, args] = user.wrap(path.join(bin, 'initdb'), ['-D', path.join(work, 'data'), ...INITDB_ARGS]);
    await run(cmd, args, { cwd: work });
    try {
      renameSync(path.join(work, 'data'), template);
    } catch {
      // another test process made it first: use theirs
    }
    rmSync(work, { recursive: true, force: true });
  }
  await run('cp', ['-a', template, dataDir]);
}

export interface TestPostgresOptions {
  /**
   * A folder to keep the cluster in (made when missing, reused when it holds one) instead of a throwaway
   * temp folder; destroy then only stops the server. For benchmarks whose seed takes minutes.
   */
  keepIn?: string;
}

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const user = serverUser();
  const kept = options.keepIn;
  if (kept) mkdirSync(kept, { recursive: true });
  const dir = kept ?? mkdtempSync(path.join(os.tmpdir(), 'test-postgres-'));
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (!kept || !existsSync(path.join(dataDir, 'PG_VERSION'))) await copyTemplateCluster(bin, user, dataDir);
  const port = await findFreePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const [cmd, args] = user.wrap(path.join(bin, 'postgres'), serverArgs(dataDir, dir, port));
    // The server's log goes to a file in the folder (read back when it fails to start).
    const log = openSync(logFile, 'a');
    const c = spawn(cmd, args, { cwd: dir, stdio: ['ignore', log, log] });
    closeSync(log);
    child = c;
    await waitUntilReady(url, c, logFile);
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const createDatabase = async (name: string): Promise<string> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
    return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  };

  const destroy = async () => {
    await stop('fast');
    if (!kept) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await start();
  } catch (err) {
    if (!kept) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { port, url, createDatabase, stop, start, destroy };
}

export interface TestDatabase {
  /** The URL of this block's own database. */
  readonly url: string;
  /** The server, to stop and start it (outage tests). */
  readonly server: TestPostgres;
}

/** A PostgreSQL server with one fresh database for this describe block (destroyed after it). */
export function usePostgres(): TestDatabase {
  let server: TestPostgres | undefined;
  let url: string | undefined;
  before(async () => {
    server = await startTestPostgres();
    url = await server.createDatabase('test');
  });
  after(async () => {
    await server?.destroy();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test PostgreSQL is not started yet: read it inside a test or a hook');
    return value;
  };
  return {
    get url() {
      return started(url);
    },
    get server() {
      return started(server);
    },
  };
}
