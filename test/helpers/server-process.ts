/**
 * The real server (src/server.ts) as a child process on a fixed loopback port, for tests that need
 * signals, a managed redis-server child, or whole-process behaviour (slow clients, shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import net from 'node:net';
import type { Env } from '../../src/config.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { ROOT, testEnv } from './harness.js';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** stdout and stderr so far (pino JSON lines when LOG_LEVEL is not silent); capped. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit, at most `timeoutMs` (then SIGKILL). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const OUTPUT_CAP = 2_000_000;

export async function spawnServer(
  dataDir: string,
  overrides: Env,
  options: { port?: number; startTimeoutMs?: number; command?: string[]; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await findFreePort());
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [k, v] of Object.entries(testEnv({ PORT: String(port), HOST: '127.0.0.1', ...overrides }, dataDir))) {
    if (v !== undefined) env[k] = v;
  }
  const argv = [
    ...(options.command ?? []),
    process.execPath,
    '--import',
    'tsx',
    ...(options.nodeArgs ?? []),
    'src/server.ts',
  ];
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d: Buffer) => {
    if (out.length < OUTPUT_CAP) out += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  return { child, port, url, output: () => out, exited, stop };
}

/** True when something accepts TCP connections on the loopback port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Pids of running redis-server processes started with `--port <port>` (read from /proc). */
export function redisServerPids(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = /\) (\S)/.exec(stat)?.[1];
      if (state === 'Z') continue; // a zombie is already dead
      if (!/redis-server/.test(argv[0] ?? '')) continue;
      const at = argv.indexOf('--port');
      if ((at >= 0 && argv[at + 1] === String(port)) || argv.some((a) => a.endsWith(`:${port}`)))
        pids.push(Number(entry));
    } catch {
      // the process went away meanwhile
    }
  }
  return pids;
}

/** Pids of the live delivery processes (src/integrations/delivery.process.ts) the server `serverPid` forked. */
export function deliveryProcessPids(serverPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || Number(ppid) !== serverPid) continue; // a zombie is already dead
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('delivery.process')) pids.push(Number(entry));
    } catch {
      // the process went away meanwhile
    }
  }
  return pids;
}

/**
 * Pids of live redis-server processes whose working folder is `dir` (a managed Redis runs in
 * DATA_DIR/redis), read from /proc: redis-server rewrites its command line, so the folder is the sure mark.
 */
export function redisServersOnFolder(dir: string): number[] {
  const real = realpathSync(dir);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'redis-server') continue;
      if (/\) Z/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue; // a zombie is already dead
      if (readlinkSync(`/proc/${entry}/cwd`) === real) pids.push(Number(entry));
    } catch {
      // the process went away meanwhile
    }
  }
  return pids;
}

/** The port of the server's managed redis-server, from its "managed redis-server started" log line (LOG_LEVEL info). */
export function managedRedisPort(output: string): number {
  return Number(/"port":(\d+),"dir":"[^"]*redis"[^\n]*managed redis-server started/.exec(output)?.[1]);
}

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
