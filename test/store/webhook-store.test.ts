/**
 * The webhook store's contract on both engines: Redis (no DATABASE_URL) and PostgreSQL (a real server, the
 * real migrations, two pools standing for two instances). Endpoints and deliveries round-trip, a fan-out run
 * twice keeps what it stored first, an update never brings back an erased delivery, and erasing a lead erases
 * its deliveries and no other lead's. PostgreSQL also stores nothing for a lead already erased.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, createPostgresPool, query, type Pool } from '../../src/infra/postgres.client.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import { newDelivery } from '../../src/integrations/webhooks/delivery.worker.js';
import { RedisWebhookStore, type WebhookStore } from '../../src/integrations/webhooks/webhook.store.js';
import type { DeliveryRecord, OutgoingEvent, WebhookEndpoint } from '../../src/integrations/webhooks/webhook.types.js';
import { PostgresLeadRepository } from '../../src/store/postgres/lead.repository.pg.js';
import { PostgresWebhookStore } from '../../src/store/postgres/webhook.store.pg.js';
import { migrateSchema } from '../../src/store/postgres/schema.js';
import { useRedis } from '../helpers/fixture.js';
import { usePostgres } from '../helpers/postgres-server.js';
import { makeLead } from './lead-repository.contract.js';

const logger = createLogger('silent');
const DAY = 24 * 3600 * 1000;

interface Engine {
  name: string;
  /** Registers the engine's hooks; returns a fresh empty store and a second instance's view of it. */
  use(): EnginePlace;
}

interface EnginePlace {
  fresh(): Promise<WebhookStore>;
  another(): WebhookStore;
  /** A lead of this id exists (PostgreSQL ties deliveries to leads; Redis knows nothing of them). */
  addLead(id: string): Promise<void>;
  /** The lead deleted as the lead repository deletes it (PostgreSQL only). */
  removeLead?: (id: string) => Promise<void>;
}

const redisEngine: Engine = {
  name: 'redis',
  use() {
    const server = useRedis();
    const clients: Redis[] = [];
    let second: Redis | undefined;
    const open = async () => {
      const client = createRedisClient({ url: server.url, logger });
      clients.push(client);
      await connectRedis(client); // the app's client fails fast: it is connected before use
      return client;
    };
    after(() => clients.forEach((c) => c.disconnect()));
    return {
      fresh: async () => {
        const [client, other] = await Promise.all([open(), open()]);
        second = other;
        await client.flushall();
        return new RedisWebhookStore(client);
      },
      another: () => {
        if (!second) throw new Error('call fresh() first');
        return new RedisWebhookStore(second);
      },
      addLead: () => Promise.resolve(), // Redis knows nothing of leads
    };
  },
};

function leadsOf(pools: Pool[]): PostgresLeadRepository {
  const pool = pools[0];
  if (!pool) throw new Error('no pool yet');
  return new PostgresLeadRepository(pool);
}

const postgresEngine: Engine = {
  name: 'postgres',
  use() {
    const db = usePostgres();
    const pools: Pool[] = [];
    const open = () => {
      const pool = createPostgresPool({ url: db.url, logger });
      pools.push(pool);
      return pool;
    };
    before(() => migrateSchema(db.url, logger));
    after(() => Promise.all(pools.map((p) => closeDatabase(p, logger))));
    return {
      fresh: async () => {
        const pool = open();
        await query(pool, 'TRUNCATE leads, lead_counts, webhook_endpoints CASCADE');
        return new PostgresWebhookStore(pool);
      },
      another: () => new PostgresWebhookStore(open()),
      addLead: (id) => leadsOf(pools).put(makeLead(Number.parseInt(id.slice(-2), 16), { id })),
      removeLead: (id) => leadsOf(pools).remove(id),
    };
  },
};

const LEAD_A = 'a'.repeat(32);
const LEAD_B = 'b'.repeat(32);

function eventOf(leadId: string, n: number): OutgoingEvent {
  return { id: `msg_${String(n).padStart(32, '0')}`, type: 'lead.created', lead_id: leadId, body: `{"n":${n}}` };
}

function deliveriesOf(event: OutgoingEvent, endpoints: string[], at = new Date()): DeliveryRecord[] {
  return endpoints.map((e) => newDelivery(event, e === 'mail' ? 'mail' : 'webhook', e, at, DAY));
}

function endpoint(n: number): WebhookEndpoint {
  return {
    id: `ep_${String(n).padStart(16, '0')}`,
    url: `https://hooks.example/${n}`,
    type: 'standard',
    secret: `whsec_${n}`,
    description: null,
    created_at: new Date(Date.UTC(2026, 2, 1, 9, n)).toISOString(),
    source: 'admin',
  };
}

for (const engine of [redisEngine, postgresEngine]) {
  describe(`webhook store contract: ${engine.name}`, () => {
    const place = engine.use();
    let store: WebhookStore;
    beforeEach(async () => {
      store = await place.fresh();
      await place.addLead(LEAD_A);
      await place.addLead(LEAD_B);
    });

    it('keeps endpoints, oldest first, seen by another instance; removes one and says what it removed', async () => {
      assert.equal(await store.hasEndpoints(), false);
      await store.addEndpoint(endpoint(2));
      await store.addEndpoint(endpoint(1));
      const other = place.another();
      assert.equal(await other.hasEndpoints(), true);
      assert.deepEqual(
        (await other.listEndpoints()).map((e) => e.id),
        [endpoint(1).id, endpoint(2).id],
      );
      assert.deepEqual(await other.getEndpoint(endpoint(2).id), endpoint(2));
      assert.deepEqual(await store.removeEndpoint(endpoint(1).id), endpoint(1));
      assert.equal(await store.removeEndpoint(endpoint(1).id), undefined);
      assert.equal(await other.getEndpoint(endpoint(1).id), undefined);
    });

    it('stores deliveries once: a fan-out run again gets what the first run stored', async () => {
      const event = eventOf(LEAD_A, 1);
      const first = await store.createDeliveries(deliveriesOf(event, ['ep_1', 'mail']));
      assert.equal(first.length, 2);
      const tried = { ...first[0], attempts: 3, status: 'retrying' } as DeliveryRecord;
      await store.saveDelivery(tried);
      const again = await place.another().createDeliveries(deliveriesOf(event, ['ep_1', 'mail'], new Date(0)));
      assert.deepEqual(again, [tried, first[1]], 'the stored records win, in the order asked');
      assert.deepEqual(await place.another().getDelivery(tried.id), tried);
    });

    it('lists deliveries newest first with the total, a page at a time', async () => {
      const at = (m: number) => new Date(Date.now() - DAY + m * 60_000);
      for (const n of [1, 2, 3]) await store.createDeliveries(deliveriesOf(eventOf(LEAD_A, n), ['ep_1'], at(n)));
      const page = await place.another().listDeliveries({ limit: 2, offset: 0 });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.deliveries.map((d) => d.event_id),
        [eventOf(LEAD_A, 3).id, eventOf(LEAD_A, 2).id],
      );
      const rest = await store.listDeliveries({ limit: 2, offset: 2 });
      assert.deepEqual(
        rest.deliveries.map((d) => d.event_id),
        [eventOf(LEAD_A, 1).id],
      );
    });

    it("erasing a lead erases its deliveries (every instance's view) and no other lead's; an update does not bring one back", async () => {
      const [ofA] = await store.createDeliveries(deliveriesOf(eventOf(LEAD_A, 1), ['ep_1']));
      await store.createDeliveries(deliveriesOf(eventOf(LEAD_A, 2), ['ep_1', 'mail']));
      const [ofB] = await store.createDeliveries(deliveriesOf(eventOf(LEAD_B, 3), ['ep_1']));
      assert.ok(ofA && ofB);
      await place.another().eraseLeadDeliveries(LEAD_A);
      assert.equal(await store.getDelivery(ofA.id), undefined);
      const listed = await store.listDeliveries({ limit: 50, offset: 0 });
      assert.deepEqual(
        listed.deliveries.map((d) => d.lead_id),
        [LEAD_B],
      );
      assert.equal(listed.total, 1);
      await store.saveDelivery({ ...ofA, status: 'delivered', attempts: 1 }); // a worker finishing its attempt
      assert.equal(await store.getDelivery(ofA.id), undefined, 'an erased delivery stays erased');
      assert.deepEqual(await store.getDelivery(ofB.id), ofB);
    });

    // PostgreSQL only: Redis knows nothing of leads (the lead service erases their deliveries there).
    const removeLead = place.removeLead;
    if (removeLead)
      it("stores nothing for a lead that is gone, and the lead's deletion takes its deliveries with it", async () => {
        const none = await store.createDeliveries(deliveriesOf(eventOf('c'.repeat(32), 4), ['ep_1']));
        assert.deepEqual(none, [], 'a fan-out after the erasure stores nothing');
        const [ofB] = await store.createDeliveries(deliveriesOf(eventOf(LEAD_B, 5), ['ep_1']));
        assert.ok(ofB);
        await removeLead(LEAD_B);
        assert.equal(await store.getDelivery(ofB.id), undefined);
        assert.equal((await store.listDeliveries({ limit: 50, offset: 0 })).total, 0);
      });
  });
}
