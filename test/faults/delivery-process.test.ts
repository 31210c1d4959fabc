/**
 * The delivery process (src/integrations/delivery.process.ts) as the real server runs it: forked by
 * src/server.ts at the lowest OS priority, started again when it dies (deliveries go on, signed as before),
 * and at SIGTERM told to finish the attempt in flight, whose success the server then writes on the lead
 * before it exits: nothing is sent twice after the next start. A server with nothing to deliver forks none
 * until it first queues a job; one that finds jobs in the queue at start forks one at once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { DELIVERY_QUEUE_NAME } from '../../src/integrations/webhooks/delivery.queue.js';
import { ADMIN_KEY, makeDataDir } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
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

  it("at SIGTERM finishes the attempt in flight, and records it on the lead's timeline before exiting", async () => {
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

describe('the delivery process, started only when there is something to deliver', () => {
  let receiver: WebhookReceiver;
  let redis: TestRedis;
  const servers: ServerProcess[] = [];
  const start = async () => {
    const started = await spawnServer(makeDataDir(), { REDIS_URL: redis.url });
    servers.push(started);
    return started;
  };
  const forked = (server: ServerProcess) => deliveryProcessPids(server.child.pid ?? 0);

  before(async () => {
    [receiver, redis] = await Promise.all([startWebhookReceiver(), startTestRedis()]);
  });
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await Promise.all([receiver.close(), redis.stop()]);
  });

  it('forks none without mail or endpoints; an endpoint added through another instance gets the next event', async () => {
    // Two instances on one Redis (each its own DATA_DIR): endpoints are kept in the shared Redis.
    const [a, b] = [await start(), await start()];
    await newLead(a.url, 'Nobody Listening', 'nobody.listening@example.com'); // an event nobody would receive
    await newLead(b.url, 'Still Nobody', 'still.nobody@example.com');
    assert.deepEqual(forked(a), [], 'no delivery process without mail or endpoints');
    assert.deepEqual(forked(b), [], 'no delivery process without mail or endpoints');

    const added = await fetch(`${b.url}/webhooks/endpoints`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ url: `${receiver.url}/hook` }),
    });
    assert.equal(added.status, 201);
    const { secret } = ((await added.json()) as { data: { endpoint: { secret: string } } }).data.endpoint;
    await newLead(a.url, 'Ada After', 'ada.after@example.com');
    await waitUntil(() => receiver.requests.length > 0, 30_000, 'delivered');
    const [delivered] = receiver.requests;
    const body = new Webhook(secret).verify(delivered?.body ?? '', delivered?.headers ?? {}) as { type: string };
    assert.equal(body.type, 'lead.created');
    assert.equal(jsonOf<{ data: { lead: { email: string } } }>(delivered!).data.lead.email, 'ada.after@example.com');
    assert.equal(forked(a).length, 1, 'the instance that queued the event runs a delivery process');
    assert.deepEqual(forked(b), [], 'the other queued nothing: it still runs none');
    for (const s of [a, b]) assert.equal((await s.stop('SIGTERM')).code, 0, s.output().slice(-2000));
    assert.deepEqual(forked(a), [], 'no delivery process is left behind');
  });

  it('forks one at start when the queue holds jobs from an earlier run', async () => {
    // An event a stopped server queued (its endpoint since removed): the queue is all that says to deliver.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(DELIVERY_QUEUE_NAME, { connection });
    try {
      await connection.flushall(); // the endpoint the test before added is gone too
      await queue.add('event', { id: 'evt_left_over', type: 'lead.created' }, { jobId: 'evt_left_over' });
      const server = await start();
      await waitUntil(() => forked(server).length === 1, 30_000, 'forked at start');
      await waitUntil(async () => (await queue.getJobCounts('wait', 'active', 'delayed')).wait === 0, 30_000, 'taken');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
