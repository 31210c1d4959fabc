/**
 * The README's start line, as a new user runs it: `npm start` in a fresh copy of the repository with no
 * keys and no Redis configured serves a working chat, and SIGTERM shuts it down cleanly.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { ROOT } from '../helpers/harness.js';

describe('quick start: npm start from a fresh copy', () => {
  let dir: string;
  let port: number;
  let child: ReturnType<typeof spawn>;
  let output = '';

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quickstart-'));
    // What a clone has: the tracked and not-ignored files. node_modules is linked, as `npm ci` would make it.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && existsSync(path.join(ROOT, f)));
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      cpSync(path.join(ROOT, f), path.join(dir, f));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    port = await findFreePort();
    child = spawn('npm', ['start'], {
      cwd: dir,
      // A new user's shell: no keys, no REDIS_URL, nothing of ours.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npm, sh and the server are stopped together
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 180_000; // npm start on a busy 2-core machine can be slow
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(() => {
    // npm does not pass SIGKILL on: end the whole group so no server outlives the test.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('serves a working chat with the offline assistant and a managed Redis', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { data: Record<string, string> };
    assert.deepEqual(health.data, { redis: 'up', llm: 'offline', calendar: 'not_connected' });
    const res = await fetch(`http://127.0.0.1:${port}/gemini/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Hello, what do you offer?' }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: { reply: string; client_id: string } };
    assert.match(body.data.reply, /Northwind Digital/);
    // The compiled server (dist/) still finds the widget's source, the views and the admin assets.
    const widget = await fetch(`http://127.0.0.1:${port}/widget.js`);
    assert.equal(widget.status, 200);
    assert.ok((await widget.text()).length > 10_000);
    const demo = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(demo.status, 200);
    assert.match(await demo.text(), /widget\.js/);
    const adminPage = await fetch(`http://127.0.0.1:${port}/admin`);
    assert.equal(adminPage.status, 200);
    const css = await fetch(`http://127.0.0.1:${port}/admin/assets/admin.css`);
    assert.equal(css.status, 200);
    // The admin key was generated on first start, mode 0600, and its location printed.
    const keyFile = path.join(dir, 'client_data', 'admin_api_key');
    assert.ok(existsSync(keyFile));
    assert.match(output, /admin_api_key/);
    assert.doesNotMatch(output, new RegExp(readFileSync(keyFile, 'utf8').trim()), 'the key itself is never logged');
    const logs = await fetch(`http://127.0.0.1:${port}/logs`, {
      headers: { 'x-api-key': readFileSync(keyFile, 'utf8').trim() },
    });
    assert.equal(logs.status, 200);
  });

  it('shuts down on SIGTERM, stopping its redis-server', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, output);
    assert.match(output, /shutdown complete/);
    const redisPort = /"port":(\d+),"dir":"[^"]*redis"/.exec(output)?.[1];
    assert.ok(redisPort, 'managed redis port was logged');
    const stillUp = await new Promise<boolean>((resolve) => {
      const s = net.connect(Number(redisPort), '127.0.0.1');
      s.once('connect', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    assert.equal(stillUp, false, 'redis-server child stopped');
  });
});
