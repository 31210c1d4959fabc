/**
 * The delivery process (src/integrations/delivery.process.ts) as the real server runs it: forked by
 * src/server.ts at the lowest OS priority, started again when it dies (deliveries go on, signed as before),
 * and at SIGTERM told to finish the attempt in flight, whose success the server then writes on the lead
 * before it exits: nothing is sent twice after the next start.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { deliveryProcessPids, spawnServer, waitUntil, type ServerProcess } from '../helpers/server-process.js';
import { jsonOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const admin = { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' };

async function newLead(url: string, name: string, email: string): Promise<string> {
  const res = await fetch(`${url}/leads`, { method: 'POST', headers: admin, body: JSON.stringify({ name, email }) });
  assert.equal(res.status, 201);
  return ((await res.json()) as { data: { lead: { id: string } } }).data.lead.id;
}

describe('the delivery process', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let receiver: WebhookReceiver;
  /** Every server started here (a failed test leaves its server running: `after` stops them all). */
  const servers: ServerProcess[] = [];
  const start = async (dataDir: string) => {
    const started = await spawnServer(dataDir, env());
    servers.push(started);
    return started;
  };
  const env = () => ({ WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret, DELIVERY_TIMEOUT_MS: '10000' });

  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await receiver.close();
  });

  it('runs at the lowest priority, and once killed another starts and delivers', async () => {
    const running = await start(makeDataDir());
    let first: number | undefined;
    await waitUntil(() => (first = deliveryProcessPids(running.child.pid ?? 0)[0]) !== undefined, 30_000, 'forked');
    assert.equal(os.getPriority(first), os.constants.priority.PRIORITY_LOW);

    await newLead(running.url, 'Kim Before', 'kim.before@example.com');
    await receiver.waitForCount(1);
    process.kill(first ?? 0, 'SIGKILL');
    let second: number | undefined;
    await waitUntil(
      () => (second = deliveryProcessPids(running.child.pid ?? 0).find((pid) => pid !== first)) !== undefined,
      30_000,
      'started again',
    );
    assert.equal(os.getPriority(second), os.constants.priority.PRIORITY_LOW);

    await newLead(running.url, 'Kim After', 'kim.after@example.com');
    const [, delivered] = await receiver.waitForCount(2);
    const body = new Webhook(secret).verify(delivered?.body ?? '', delivered?.headers ?? {}) as { type: string };
    assert.equal(body.type, 'lead.created');
    assert.equal(jsonOf<{ data: { lead: { email: string } } }>(delivered!).data.lead.email, 'kim.after@example.com');
    assert.equal((await running.stop('SIGTERM')).code, 0, running.output().slice(-2000));
    assert.deepEqual(deliveryProcessPids(running.child.pid ?? 0), [], 'no delivery process is left behind');
  });

  it('at SIGTERM finishes the attempt in flight, and the server writes it on the lead before exiting', async () => {
    const dataDir = makeDataDir();
    let server = await start(dataDir);
    const sent = receiver.requests.length;
    receiver.delayMs = 1500; // the attempt is in flight when the server is told to stop
    const id = await newLead(server.url, 'Sam Shutdown', 'sam.shutdown@example.com');
    await receiver.waitForCount(sent + 1);
    assert.equal((await server.stop('SIGTERM')).code, 0, server.output().slice(-2000));
    receiver.delayMs = 0;

    server = await start(dataDir);
    const events = await fetch(`${server.url}/leads/${id}/activity`, { headers: admin });
    const timeline = ((await events.json()) as { data: { events: Array<{ type: string; data: { event?: string } }> } })
      .data.events;
    assert.deepEqual(
      timeline.filter((e) => e.type === 'webhook_sent').map((e) => e.data.event),
      ['lead.created'],
      'recorded before the server exited',
    );
    const list = await fetch(`${server.url}/webhooks/deliveries`, { headers: admin });
    const deliveries = ((await list.json()) as { data: { deliveries: Array<{ lead_id: string; status: string }> } })
      .data.deliveries;
    assert.deepEqual(
      deliveries.filter((d) => d.lead_id === id).map((d) => d.status),
      ['delivered'],
    );
    assert.equal(receiver.requests.length, sent + 1, 'sent once');
  });
});
