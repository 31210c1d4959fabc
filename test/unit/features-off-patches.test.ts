/**
 * The feature-cost bench (test/bench/features-off.ts) switches features off with patches of the server's source:
 * each must still apply to the code as it is, or the next measurement of what a feature costs fails (or, worse,
 * measures something else). A change near a patched line fails here first; refresh the patch with it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/harness.js';

const PATCHES = path.join(ROOT, 'test', 'bench', 'features-off');

describe('feature-off patches of the cost bench', () => {
  for (const file of readdirSync(PATCHES).filter((f) => f.endsWith('.patch')))
    it(`${file} applies to the current source`, () => {
      const check = spawnSync('git', ['apply', '--check', path.join(PATCHES, file)], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
    });
});
