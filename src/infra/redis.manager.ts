/**
 * When REDIS_URL is unset the server owns a local `redis-server` child: free loopback port, data (AOF on)
 * under DATA_DIR/redis, restarted if it dies, stopped on shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
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
  await mkdir(dir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  let stopping = false;
  let child: ChildProcess;
  let restarts = 0;

  const launch = async (): Promise<ChildProcess> => {
    const proc = spawn(
      bin,
      [
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
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const spawned = new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new RedisBinaryMissingError(bin) : err),
      );
    });
    proc.stdout?.on('data', (d: Buffer) => logger.debug({ redis: d.toString().trim() }, 'redis-server'));
    proc.stderr?.on('data', (d: Buffer) => logger.warn({ redis: d.toString().trim() }, 'redis-server'));
    await spawned;
    await waitForPort(port, 10_000, proc);
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
    url: `redis://127.0.0.1:${port}`,
    port,
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
