/**
 * A server on Gemini or offline never loads the `openai` package (src/llm/openai-on-demand.assistant.ts):
 * the app's module graph is imported in a child process whose resolve hook reports every module of it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/harness.js';

const HOOK = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/node_modules/openai/')) process.stderr.write('openai loaded\\n');
  return result;
}`;

const CHILD = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
await import(${JSON.stringify(path.join(ROOT, 'src/app.ts'))});`;

describe('the OpenAI assistant on demand', () => {
  it("loads no module of the openai package with the app's module graph", () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stderr, '');
  });
});
