/** Shared helpers of the benches: percentiles, /proc readings, child processes, the machine, the table. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../helpers/harness.js';

export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;
export const mb = (n: number) => `${n.toFixed(0)} MB`;

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
}
export const rssMb = (pid: number) => procStatusKb(pid, 'VmRSS') / 1024;
export const peakRssMb = (pid: number) => procStatusKb(pid, 'VmHWM') / 1024;

/** Resets VmHWM to the current RSS (Linux `clear_refs` 5); returns false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

/** True when this module is the script node was started with (tsx keeps the .ts path in argv[1]). */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && importMetaUrl === new URL(`file://${path.resolve(entry)}`).href;
}

export interface Child {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Spawn until /health answers 200. */
  startupMs: number;
  stop(): Promise<void>;
}

/** How `npm start` runs the server: node's flags and the compiled script. */
export interface ServerCommand {
  script: string;
  nodeArgs: string[];
}

/**
 * Builds the server as `npm start` does (scripts/build.mjs) and returns the node flags and script of the
 * start line in package.json, so benches measure exactly what `npm start` runs (not tsx, which costs ~40 MB).
 */
export function buildServer(): ServerCommand {
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /\bnode((?:\s+--\S+)*)\s+(dist\/server\.js)\b/.exec(pkg.scripts.start);
  if (!m?.[2]) throw new Error('the start script of package.json does not run node dist/server.js');
  return {
    script: m[2],
    nodeArgs: (m[1] ?? '').trim().split(/\s+/).filter(Boolean),
  };
}

/**
 * A bench's own TypeScript child (a baseline), compiled the same way as the server, so both sides run as plain
 * node. Written under node_modules/.cache so that its package imports resolve. Only for files that import
 * packages, not other project files.
 */
export async function compileBenchScript(script: string): Promise<string> {
  const out = path.join('node_modules', '.cache', 'bench', path.basename(script).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(ROOT, script)],
    outfile: path.join(ROOT, out),
    format: 'esm',
    platform: 'node',
    target: 'node24',
    supported: { 'regexp-unicode-property-escapes': true },
    logLevel: 'warning',
  });
  return out;
}

/**
 * Starts `node <script>` (`node --import tsx <script>` for a .ts file) from the repository root with exactly
 * `env` (plus PATH), its output appended to `logFile`, and waits until GET <url>/health answers 200.
 * `wrapper`: a command node runs under (e.g. valgrind and its flags; the pid is then valgrind's, which is the
 * same process), with a longer wait for health.
 */
export async function startChild(
  script: string,
  env: Record<string, string | undefined>,
  port: number,
  logFile: string,
  nodeArgs: string[] = [],
  wrapper?: { command: string[]; healthTimeoutMs: number },
): Promise<Child> {
  const out = openSync(logFile, 'a');
  const t0 = performance.now();
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const [command = process.execPath, ...prefix] = wrapper ? [...wrapper.command, process.execPath] : [];
  const child = spawn(command, [...prefix, ...nodeArgs, ...loader, script], {
    cwd: ROOT,
    env: { ...env, PATH: process.env.PATH },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (wrapper?.healthTimeoutMs ?? 60_000);
  for (;;) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${script} did not become healthy; see ${logFile}`);
    await sleep(20);
  }
  const startupMs = performance.now() - t0;
  return {
    child,
    pid: child.pid ?? 0,
    url,
    startupMs,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function machine(): {
  nproc: number;
  cpu: string;
  memGb: number;
  node: string;
} {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  return {
    nproc: os.availableParallelism(),
    cpu,
    memGb: os.totalmem() / 2 ** 30,
    node: process.version,
  };
}

/** A row of the final table: our figure beside its baseline; `ratio` is ours ÷ baseline. */
export interface Row {
  area: string;
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: string;
}

export function row(area: string, measure: string, ours: string, baseline = '', ratio = '', goal = '', met = ''): Row {
  return { area, measure, ours, baseline, ratio, goal, met };
}

export const ratio = (ours: number, base: number) => (Number.isFinite(ours / base) ? (ours / base).toFixed(2) : 'n/a');
export const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatRows(rows: Row[]): string {
  return markdownTable(
    ['area', 'measure', 'ours', 'baseline', 'ours ÷ baseline', 'goal', 'met'],
    rows.map((r) => [r.area, r.measure, r.ours, r.baseline, r.ratio, r.goal, r.met]),
  );
}

/** CPU time (user + system, all threads) a process has used so far, in ms; Linux clock ticks are 10 ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** valgrind is on the machine (the instruction counts need it; Debian's package). */
export function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` with the processes `pids` stopped (SIGSTOP), resuming them after (SIGCONT). A bench holds the
 * servers it is not measuring still: what a server does after its own run (V8's memory reducer collecting
 * once the load stops, a delivery process catching up) would otherwise take CPU from the run being measured,
 * whose server then batches less and reads dearer per turn. What a held server defers it does in its own next
 * run, counted as its own.
 */
export async function withHeld<T>(pids: number[], work: () => Promise<T>): Promise<T> {
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    return await work();
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
}
