/**
 * Investigation aid (not part of npm run bench): what each per-request feature of a chat turn costs, measured
 * as the turn-CPU bench measures ours. Each patch in test/bench/features-off/ switches one feature off:
 * `capture` (every message's detail capture), `limits` (the public per-IP limits), `log` (the conversation
 * log), `metrics` (the HTTP and LLM metrics), `headers` (helmet's security headers); `all` the five at once.
 * For each, a worktree of HEAD gets the patch and its server is the bench's `before` column (`--compare`),
 * beside ours: ours ÷ before is what the feature costs. Uncommitted changes are not in the worktrees (they
 * are of HEAD). The patches are diagnostics, never shipped; one that no longer applies fails loudly.
 * Usage: node --import tsx test/bench/features-off.ts [capture,limits,log,metrics,headers,all] [-- <turn-cpu args>]
 * (default: every patch, `-- --sse-only`), e.g. `... capture,all -- --instructions --quick --counted=3000
 * --sides=sdk,ours,before` (then read each side's split with cachegrind-split.ts: docs/benchmarks.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/harness.js';

const PATCHES = path.join(ROOT, 'test', 'bench', 'features-off');
const known = readdirSync(PATCHES)
  .filter((f) => f.endsWith('.patch'))
  .map((f) => f.slice(0, -'.patch'.length));

const dash = process.argv.indexOf('--');
const own = dash >= 0 ? process.argv.slice(2, dash) : process.argv.slice(2);
const benchArgs = dash >= 0 ? process.argv.slice(dash + 1) : ['--sse-only'];
const features = own[0] ? own[0].split(',') : known;
for (const f of features) if (!known.includes(f)) throw new Error(`no patch for "${f}" (known: ${known.join(', ')})`);

const root = mkdtempSync(path.join(os.tmpdir(), 'features-off-'));
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'inherit' });
try {
  for (const feature of features) {
    const dir = path.join(root, feature);
    git(ROOT, 'worktree', 'add', '--detach', dir, 'HEAD');
    git(dir, 'apply', path.join(PATCHES, `${feature}.patch`));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    process.stdout.write(`\n## ${feature} off (the before column)\n\n`);
    spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/turn-cpu.bench.ts', ...benchArgs, `--compare=${dir}`], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
} finally {
  for (const feature of features)
    spawnSync('git', ['worktree', 'remove', '--force', path.join(root, feature)], { cwd: ROOT });
  rmSync(root, { recursive: true, force: true });
}
