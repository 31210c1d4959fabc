/**
 * Never lose a lead: concurrent writers, and a server killed with SIGKILL in the middle of a write storm
 * restarts with every acknowledged lead present.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { findFreePort } from '../../src/infra/redis.manager.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { ADMIN_KEY, makeDataDir, postJson, ROOT, startHarness, testEnv, type Harness } from '../helpers/harness.js';
import { useRedis } from '../helpers/fixture.js';

const auth = { 'x-api-key': ADMIN_KEY };

function leadFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'leads');
  return readdirSync(dir).flatMap((shard) => readdirSync(path.join(dir, shard)).map((f) => path.join(dir, shard, f)));
}

describe('lead store durability', () => {
  const redis = useRedis();

  it('200 concurrent creates give 200 leads with unique ids and a valid store', async () => {
    const h: Harness = await startHarness(redis.url);
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          postJson<{ lead: { id: string } }>(
            `${h.url}/leads`,
            { name: `Lead ${i}`, email: `lead${i}@example.com` },
            auth,
          ),
        ),
      );
      assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
      const ids = new Set(results.map((r) => r.body.data.lead.id));
      assert.equal(ids.size, 200);
      const files = leadFiles(h.dataDir);
      assert.equal(files.length, 200, 'one file per lead, no temp files left');
      for (const f of files) JSON.parse(readFileSync(f, 'utf8'));
      const reopened = await LeadStore.open(h.dataDir, createLogger('silent'));
      assert.equal(reopened.size, 200);
      for (const id of ids) assert.ok(reopened.get(id), id);
      // The same visitor sending concurrently still has one lead.
      const same = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postJson(`${h.url}/gemini/save-info`, { client_id: 'one-visitor-1', fields: { [`F${i}`]: 'v' } }),
        ),
      );
      assert.ok(same.every((r) => r.status === 200));
      const visitorLeads = [...(await LeadStore.open(h.dataDir, createLogger('silent'))).values()].filter(
        (l) => l.client_id === 'one-visitor-1',
      );
      assert.equal(visitorLeads.length, 1);
      assert.equal(Object.keys(visitorLeads[0]?.fields ?? {}).length, 20, 'no concurrent update lost');
    } finally {
      await h.close();
    }
  });

  it('a server killed with SIGKILL mid-storm restarts with every acknowledged lead', async () => {
    const dataDir = makeDataDir();
    const port = await findFreePort();
    const env = {
      ...testEnv({ REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1' }, dataDir),
      PATH: process.env.PATH ?? '',
    };
    const startServer = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: 'ignore' });
      const deadline = Date.now() + 120_000;
      while (
        !(await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) }).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      return child;
    };

    const child = await startServer();
    const acknowledged = new Set<string>();
    let killed = false;
    let sent = 0;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        sent += 1;
        try {
          const r = await postJson<{ lead: { id: string } }>(
            `http://127.0.0.1:${port}/leads`,
            { name: `Storm ${w}-${i}`, email: `storm-${w}-${i}@example.com` },
            auth,
          );
          if (r.status === 201) acknowledged.add(r.body.data.lead.id);
        } catch {
          return; // connection cut by the kill
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, w) => worker(w));
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(workers);
    assert.ok(sent > acknowledged.size, 'requests were in flight when the process died');

    const restarted = await startServer();
    try {
      const ids = new Set<string>();
      for (let offset = 0; ; offset += 500) {
        const res = await fetch(`http://127.0.0.1:${port}/leads?limit=500&offset=${offset}`, { headers: auth });
        const body = (await res.json()) as { data: { leads: Array<{ id: string }>; total: number } };
        for (const l of body.data.leads) ids.add(l.id);
        if (offset + 500 >= body.data.total) break;
      }
      const missing = [...acknowledged].filter((id) => !ids.has(id));
      assert.deepEqual(missing, [], 'every acknowledged lead survived');
      for (const f of leadFiles(dataDir))
        assert.doesNotMatch(f, /\.tmp$/, 'interrupted temp files cleaned at start-up');
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((r) => restarted.once('exit', r));
    }
  });
});
