/**
 * `npm run store:copy-to-postgres` (src/store/copy-to-postgres.ts) as an operator runs it, a real child
 * process against a real PostgreSQL: killed midway, a rerun finishes the copy; a second run adds nothing;
 * a lead the database refuses is listed and kept; a server on the folder makes it refuse to start.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { lockDataDir } from '../../src/infra/data-dir.lock.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectRedis, createRedisClient } from '../../src/infra/redis.client.js';
import { RedisWebhookStore } from '../../src/integrations/webhooks/webhook.store.js';
import type { WebhookEndpoint } from '../../src/integrations/webhooks/webhook.types.js';
import type { LeadRecord } from '../../src/leads/lead.types.js';
import { seedLeadFiles } from '../bench/seed-leads.js';
import { makeDataDir, ROOT, testEnv } from '../helpers/harness.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { makeLead } from '../store/lead-repository.contract.js';

interface Run {
  code: number | null;
  output: string;
}

function copy(
  dataDir: string,
  databaseUrl: string,
  onStart?: (kill: () => void) => void,
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const [k, v] of Object.entries(
    testEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...extraEnv }, dataDir),
  )) {
    if (v !== undefined) env[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/store/copy-to-postgres.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  onStart?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** The "copy of the webhook endpoints finished" line of a run. */
function endpointSummaryOf(run: Run): Record<string, number> {
  const line = run.output.split('\n').find((l) => l.includes('copy of the webhook endpoints finished'));
  assert.ok(line, `no endpoint summary in:\n${run.output.slice(-2000)}`);
  const { total, copied, present } = JSON.parse(line) as Record<string, number>;
  return { total: total ?? -1, copied: copied ?? -1, present: present ?? -1 };
}

/** The "copy ... finished" summary line of a run. */
function summaryOf(run: Run): {
  total: number;
  copied: number;
  present: number;
  refused: number;
} {
  const line = run.output.split('\n').find((l) => l.includes('copy of the embedded leads finished'));
  assert.ok(line, `no summary in:\n${run.output.slice(-2000)}`);
  const { total, copied, present, refused } = JSON.parse(line) as Record<string, number>;
  return {
    total: total ?? -1,
    copied: copied ?? -1,
    present: present ?? -1,
    refused: refused ?? -1,
  };
}

describe('npm run store:copy-to-postgres', () => {
  const db = usePostgres();
  /** One statement on a connection of its own (none is left open when the block's server is destroyed). */
  const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = [], url = db.url) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<R>(text, values)).rows;
    } finally {
      await c.end();
    }
  };
  const count = async (url = db.url) => {
    try {
      return Number((await sql<{ n: string }>('SELECT count(*) AS n FROM leads', [], url))[0]?.n);
    } catch {
      return 0; // the schema is not made yet
    }
  };

  it('killed midway, a rerun finishes the copy; a third run adds nothing', async () => {
    const dataDir = makeDataDir();
    const total = 3000;
    const ids = seedLeadFiles(dataDir, total);
    let copiedWhenKilled = -1;
    const killed = await copy(dataDir, db.url, (kill) => {
      void (async () => {
        for (;;) {
          const n = await count();
          if (n >= 100) {
            kill();
            copiedWhenKilled = n;
            return;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
    });
    assert.equal(killed.code, null, 'the first run was killed');
    assert.ok(copiedWhenKilled < total, `killed midway (${copiedWhenKilled} of ${total} copied)`);

    const rerun = await copy(dataDir, db.url);
    assert.equal(rerun.code, 0, rerun.output.slice(-2000));
    const first = summaryOf(rerun);
    assert.equal(first.total, total);
    assert.ok(first.present >= copiedWhenKilled, 'what the killed run copied was kept, not copied again');
    assert.equal(first.copied + first.present, total);
    assert.equal(await count(), total);
    // Each lead arrives whole: the document is the file, field for field.
    for (const id of [ids[0]!, ids[1500]!, ids[total - 1]!]) {
      const file = path.join(dataDir, 'leads', id.slice(0, 2), `${id}.json`);
      const rows = await sql<{ doc: LeadRecord }>('SELECT doc FROM leads WHERE id = $1', [id]);
      assert.deepEqual(rows[0]?.doc, JSON.parse(readFileSync(file, 'utf8')));
    }
    const byClient = await sql<{ n: string }>('SELECT count(*) AS n FROM lead_conversations');
    assert.equal(Number(byClient[0]?.n), total, 'every conversation belongs to its lead');

    const again = await copy(dataDir, db.url);
    assert.equal(again.code, 0);
    assert.deepEqual(summaryOf(again), {
      total,
      copied: 0,
      present: total,
      refused: 0,
    });
    assert.equal(await count(), total);
  });

  it('lists a lead the database refuses and keeps it; exit code 2', async () => {
    const url = await db.server.createDatabase('refusals');
    const dataDir = makeDataDir();
    // Two leads with one email: an older embedded store could hold such a pair.
    const older = makeLead(1, { email: 'twice@example.com', name: 'Older' });
    const newer = makeLead(2, { email: 'twice@example.com', name: 'Newer' });
    for (const lead of [older, newer]) {
      mkdirSync(path.join(dataDir, 'leads', lead.id.slice(0, 2)), {
        recursive: true,
      });
      writeFileSync(path.join(dataDir, 'leads', lead.id.slice(0, 2), `${lead.id}.json`), JSON.stringify(lead));
    }
    const run = await copy(dataDir, url);
    assert.equal(run.code, 2, run.output.slice(-2000));
    assert.deepEqual(summaryOf(run), {
      total: 2,
      copied: 1,
      present: 0,
      refused: 1,
    });
    assert.match(run.output, /not copied: the database has this value on another lead/);
    assert.ok(run.output.includes(`${newer.id}.json`), 'the refused lead is named with its file');
    assert.equal(await count(url), 1);
  });

  it('copies the webhook endpoints admins added (kept in Redis in the embedded mode), once', async () => {
    const url = await db.server.createDatabase('endpoints');
    const redisServer = await startTestRedis();
    const redis = createRedisClient({ url: redisServer.url, logger: createLogger('silent') });
    try {
      await connectRedis(redis);
      const endpoint: WebhookEndpoint = {
        id: 'ep_00000000000000aa',
        url: 'https://crm.example/hooks',
        type: 'standard',
        secret: 'whsec_c2VjcmV0',
        description: 'CRM',
        created_at: '2026-03-01T09:00:00.000Z',
        source: 'admin',
      };
      await new RedisWebhookStore(redis).addEndpoint(endpoint);
      const dataDir = makeDataDir();
      const first = await copy(dataDir, url, undefined, { REDIS_URL: redisServer.url });
      assert.equal(first.code, 0, first.output.slice(-2000));
      assert.deepEqual(endpointSummaryOf(first), { total: 1, copied: 1, present: 0 });
      const rows = await sql<{ doc: WebhookEndpoint }>('SELECT doc FROM webhook_endpoints', [], url);
      assert.deepEqual(
        rows.map((r) => r.doc),
        [endpoint],
        'with its secret: receivers keep verifying',
      );
      const again = await copy(dataDir, url, undefined, { REDIS_URL: redisServer.url });
      assert.deepEqual(endpointSummaryOf(again), { total: 1, copied: 0, present: 1 });
    } finally {
      redis.disconnect();
      await redisServer.stop();
    }
  });

  it('refuses while a server holds the DATA_DIR', async () => {
    const dataDir = makeDataDir();
    const release = await lockDataDir(dataDir, {
      logger: createLogger('silent'),
      onLost: (err) => assert.fail(err),
    });
    try {
      const run = await copy(dataDir, db.url);
      assert.equal(run.code, 1);
      assert.match(run.output, /is using DATA_DIR/);
      assert.match(run.output, /Stop the server on this DATA_DIR/);
    } finally {
      await release();
    }
  });
});
