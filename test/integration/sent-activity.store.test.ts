/**
 * The mails and webhooks sent waiting in Redis for their leads (src/integrations/sent-activity.store.ts)
 * against a real redis-server: what a fold removes is what it read, by value, so an event appended while a
 * fold runs, or a second fold at once, loses nothing; a lead erased meanwhile drops its events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { foldSentActivity, SentActivityFolder } from '../../src/integrations/delivery-activity.js';
import { SentActivityStore } from '../../src/integrations/sent-activity.store.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import { activityEvent } from '../../src/leads/lead-activity.js';
import { openLeadRepository } from '../../src/store/open-lead-repository.js';
import { makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { makeLead } from '../store/lead-repository.contract.js';

const sent = (minute: number, id: string) =>
  activityEvent('mail_sent', `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`, 'system', {
    event: 'lead.created',
    delivery_id: id,
  });

/** A lead repository of the embedded engine on a fresh data folder. */
async function openEmbeddedLeads() {
  const opened = await openLeadRepository({
    dataDir: makeDataDir(),
    database: undefined,
    logger: createLogger('silent'),
  });
  return opened.leads;
}

describe('sent activity store', () => {
  let server: TestRedis;
  let redis: Redis;
  before(async () => {
    server = await startTestRedis();
    redis = createRedisClient({ url: server.url, logger: createLogger('silent') });
    await connectRedis(redis);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('removes only what was read: an event appended meanwhile stays waiting, its lead still found', async () => {
    const store = new SentActivityStore(redis);
    await store.append([{ leadId: 'ld_a', event: sent(1, 'dl_1') }]);
    const page = await store.scanWaiting('0', 100);
    assert.deepEqual(
      page.waiting.map((w) => [w.leadId, w.events.length]),
      [['ld_a', 1]],
    );
    await store.append([{ leadId: 'ld_a', event: sent(2, 'dl_2') }]);
    await store.remove(page.waiting);
    await store.remove(page.waiting); // a second fold that read the same: removes nothing more
    assert.deepEqual(
      (await store.waitingFor('ld_a')).map((e) => e.data.delivery_id),
      ['dl_2'],
    );
    const next = await store.scanWaiting('0', 100);
    assert.deepEqual(
      next.waiting.map((w) => w.leadId),
      ['ld_a'],
      'still in the index',
    );
    await store.remove(next.waiting);
    assert.deepEqual((await store.scanWaiting('0', 100)).waiting, [], 'the index is empty once the list is');
  });

  it('a fold writes many leads in batches and drops the events of a lead erased meanwhile', async () => {
    const store = new SentActivityStore(redis);
    const leads = await openEmbeddedLeads();
    const records = Array.from({ length: 450 }, (_, i) => makeLead(i + 1));
    for (const record of records) await leads.put(record);
    await store.append(records.map((r, i) => ({ leadId: r.id, event: sent(i % 60, `dl_${i}`) })));
    await store.append([{ leadId: 'ld_erased', event: sent(3, 'dl_gone') }]);
    assert.equal(await foldSentActivity(store, leads), 451);
    for (const [i, r] of records.entries()) {
      const stored = await leads.get(r.id);
      assert.deepEqual(
        stored?.activity?.filter((e) => e.type === 'mail_sent').map((e) => e.data.delivery_id),
        [`dl_${i}`],
      );
    }
    assert.deepEqual((await store.scanWaiting('0', 1000)).waiting, []);
    assert.equal(await foldSentActivity(store, leads), 0, 'nothing left');
  });

  it('a server folds some time after it starts, not only at night', async () => {
    const store = new SentActivityStore(redis);
    const leads = await openEmbeddedLeads();
    const record = makeLead(1);
    await leads.put(record);
    await store.append([{ leadId: record.id, event: sent(4, 'dl_start') }]);
    const folder = new SentActivityFolder({
      store,
      leads,
      logger: createLogger('silent'),
      timezone: 'Europe/Berlin',
      catchUpAfterMs: 50,
    });
    folder.start();
    try {
      while ((await store.waitingFor(record.id)).length > 0) await new Promise((r) => setTimeout(r, 20));
      const stored = await leads.get(record.id);
      assert.deepEqual(
        stored?.activity?.filter((e) => e.type === 'mail_sent').map((e) => e.data.delivery_id),
        ['dl_start'],
      );
    } finally {
      folder.stop();
    }
  });
});
