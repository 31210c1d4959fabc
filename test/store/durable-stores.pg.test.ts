/**
 * The durable stores' contracts (logs, calendar tokens, meeting links, reports) against PostgreSQL: a real
 * server started by the test, the real migrations, two pools standing for two instances. Then the database
 * going away: every store answers the one 503 and serves again, from the same pool, once it is back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/infra/app-error.js';
import { closeDatabase, createPostgresPool, type Pool } from '../../src/infra/postgres.client.js';
import {
  openConversationLogs,
  openGoogleTokens,
  openMeetingLinks,
  openReports,
} from '../../src/store/durable-stores.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { describeDurableStoreContracts } from './durable-stores.contracts.js';
import { logger, postgresEngine } from './durable-stores.engines.js';

describe('durable stores: postgres', () => describeDurableStoreContracts(postgresEngine()));

describe('durable stores: the database down and back', () => {
  const db = usePostgres();
  let pool: Pool;
  before(async () => {
    await migrateSchema(db.url, logger);
    pool = createPostgresPool({ url: db.url, logger, connectTimeoutMs: 1000, statementTimeoutMs: 1000 });
  });
  after(async () => {
    await closeDatabase(pool, logger);
  });

  it('every store answers 503 database_unavailable while it is down, and works again once it is back', async () => {
    const where = { dataDir: '/nonexistent', database: pool };
    const logs = openConversationLogs(where);
    const tokens = openGoogleTokens(where, logger);
    const links = openMeetingLinks(where);
    const reports = openReports(where);
    const at = new Date();
    const link = await links.issue('c'.repeat(32), at);
    const work = [
      () => logs.appendMany('visitor-outage', [{ role: 'user', text: 'hello', at }]),
      () => logs.list(),
      () => logs.readForClient('visitor-outage'),
      () => tokens.load(),
      () => tokens.save({ refresh_token: 'r' }),
      () => links.issue('c'.repeat(32), at),
      () => links.find(link.token),
      () => reports.list(),
      () =>
        reports.write('leads_2026-03-10.xlsx', (out) => {
          out.end('x');
          return Promise.resolve();
        }),
    ];
    await db.server.stop('immediate');
    for (const [i, run] of work.entries()) {
      await assert.rejects(run(), (err) => {
        assert.ok(isAppError(err), `step ${i}: ${String(err)}`);
        assert.equal(err.code, 'database_unavailable', `step ${i}`);
        assert.equal(err.status, 503);
        return true;
      });
    }
    await db.server.start();
    for (const run of work) await run();
    assert.deepEqual((await links.find(link.token))?.leadId, 'c'.repeat(32));
    assert.match(await logs.readForClient('visitor-outage'), /visitor: hello\n$/);
  });
});
