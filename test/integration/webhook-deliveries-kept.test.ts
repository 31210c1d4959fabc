/**
 * Where delivery records live, through the real app, queue and worker: on both lead engines, erasing a lead
 * (DELETE /leads/:id, the visitor's right to be forgotten) erases the deliveries of its events, which carry its
 * details, and no other lead's; with DATABASE_URL, endpoints and deliveries are kept in PostgreSQL, so a Redis
 * that comes back empty (no persistence configured) loses neither, and a kept delivery can be replayed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LEAD_ENGINES } from '../helpers/fixture.js';
import { getJson, postJson, type ListedLead } from '../helpers/harness.js';
import { admin, useHooksServer } from '../helpers/hooks-stack.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

interface Delivery {
  id: string;
  lead_id: string;
  endpoint_id: string;
  status: string;
  replays: number;
}

for (const engine of LEAD_ENGINES) {
  describe(`delivery records and their leads: ${engine.name}`, () => {
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startWebhookReceiver();
    });
    const hooks = useHooksServer({ env: {}, database: engine.database });
    after(() => receiver.close());

    const url = () => hooks.stack.h.url;
    const saveInfo = async (clientId: string, details: Record<string, string>) => {
      const res = await postJson(`${url()}/gemini/save-info`, { client_id: clientId, ...details });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const leadIdOf = async (email: string) => {
      const res = await getJson<{ leads: ListedLead[] }>(`${url()}/leads?q=${encodeURIComponent(email)}`, admin);
      const id = res.body.data.leads[0]?.id;
      assert.ok(id, `a lead for ${email}`);
      return id;
    };
    const deliveries = async () =>
      (await getJson<{ deliveries: Delivery[]; total: number }>(`${url()}/webhooks/deliveries?limit=500`, admin)).body
        .data;
    const deliveryStatus = async (id: string) => (await getJson(`${url()}/webhooks/deliveries/${id}`, admin)).status;

    it("erasing a lead erases the deliveries of its events, and no other lead's", async () => {
      const added = await postJson(`${url()}/webhooks/endpoints`, { url: `${receiver.url}/std` }, admin);
      assert.equal(added.status, 201, JSON.stringify(added.body));
      await saveInfo('kept-visitor-1', { name: 'Ann Keep', email: 'ann.keep@example.com' });
      await saveInfo('erased-visitor-1', { name: 'Eve Erase', email: 'eve.erase@example.com' });
      await saveInfo('erased-visitor-1', { phone: '+44 20 7946 0958' });
      await hooks.idle();
      const ann = await leadIdOf('ann.keep@example.com');
      const eve = await leadIdOf('eve.erase@example.com');
      const before = (await deliveries()).deliveries;
      const ofEve = before.filter((d) => d.lead_id === eve);
      const ofAnn = before.filter((d) => d.lead_id === ann);
      assert.equal(ofEve.length, 2, 'lead.created and lead.updated');
      assert.equal(ofAnn.length, 1);
      assert.ok(before.every((d) => d.status === 'delivered'));

      const erased = await fetch(`${url()}/leads/${eve}`, { method: 'DELETE', headers: admin });
      assert.equal(erased.status, 200);
      const afterErasure = await deliveries();
      assert.deepEqual(
        afterErasure.deliveries.filter((d) => d.lead_id === eve),
        [],
      );
      assert.equal(afterErasure.total, before.length - 2);
      for (const d of ofEve) assert.equal(await deliveryStatus(d.id), 404, 'its body (the lead) is gone');
      for (const d of ofAnn) assert.equal(await deliveryStatus(d.id), 200);
    });

    if (engine.database) {
      it('keeps endpoints and deliveries in PostgreSQL: a Redis that comes back empty loses neither', async () => {
        await saveInfo('kept-visitor-2', { name: 'Rob Restart', email: 'rob.restart@example.com' });
        await hooks.idle();
        const rob = await leadIdOf('rob.restart@example.com');
        const [ofRob] = (await deliveries()).deliveries.filter((d) => d.lead_id === rob);
        assert.ok(ofRob);
        const received = receiver.requests.length;

        await hooks.stop();
        await hooks.redis.stop(); // the test Redis keeps nothing: it comes back empty
        await hooks.redis.start();
        await hooks.start();

        const endpoints = await getJson<{ endpoints: Array<{ url: string }> }>(`${url()}/webhooks/endpoints`, admin);
        assert.deepEqual(
          endpoints.body.data.endpoints.map((e) => e.url),
          [`${receiver.url}/std`],
        );
        assert.equal(await deliveryStatus(ofRob.id), 200);
        const replay = await postJson<{ delivery: Delivery }>(
          `${url()}/webhooks/deliveries/${ofRob.id}/replay`,
          {},
          admin,
        );
        assert.equal(replay.status, 202, JSON.stringify(replay.body));
        await receiver.waitForCount(received + 1, (r) => r.path === '/std');
        await hooks.idle();
        const replayed = (await deliveries()).deliveries.find((d) => d.id === ofRob.id);
        assert.equal(replayed?.status, 'delivered');
        assert.equal(replayed?.replays, 1);
      });
    }
  });
}
