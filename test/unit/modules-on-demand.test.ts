/**
 * Packages a server loads only when it uses them (each is MBs of live heap that every full collection of the
 * chat process marks): `openai` on the first OpenAI reply (src/llm/openai-on-demand.assistant.ts), BullMQ on
 * the first event queued (delivery.queue.ts; only its small key-naming module before), nodemailer only in the
 * delivery process. The app's and the deliveries' module graphs are imported in a child process whose resolve
 * hook reports every module of those packages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/harness.js';

const HOOK = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = /\\/node_modules\\/(openai|nodemailer|bullmq)\\/(.*)$/.exec(result.url);
  if (m && m[2] !== 'dist/esm/classes/queue-keys.js') process.stderr.write(m[1] + ' loaded: ' + m[2] + '\\n');
  return result;
}`;

const CHILD = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
await import(${JSON.stringify(path.join(ROOT, 'src/app.ts'))});
await import(${JSON.stringify(path.join(ROOT, 'src/integrations/deliveries.ts'))});`;

describe('packages loaded on demand', () => {
  it("loads no module of openai, nodemailer or BullMQ (but its key names) with the app's and the deliveries' module graphs", () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stderr, '');
  });
});
