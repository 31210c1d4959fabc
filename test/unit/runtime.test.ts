/**
 * The runtime: npm scripts (npm start, npm test) run on the Node.js 24 that the pinned `node` package puts
 * in node_modules/.bin, whatever Node.js started npm. Checked when this file runs under npm; run directly
 * with another node it says so and checks nothing else.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/harness.js';

describe('the runtime', () => {
  it('is the pinned Node.js 24 under npm', (t) => {
    const pinned = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies.node;
    assert.match(pinned ?? '', /^24\.\d+\.\d+$/, 'package.json pins node 24.x exactly');
    if (!process.env.npm_lifecycle_event) {
      t.diagnostic(`not run by npm (node ${process.version}): only the pin was checked`);
      return;
    }
    assert.equal(process.version, `v${pinned}`);
  });
});
