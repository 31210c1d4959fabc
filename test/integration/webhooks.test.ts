/**
 * Webhooks through the real app, its BullMQ queue and worker on a real Redis, to receivers the test runs on
 * loopback: lead.created and lead.updated (only on news) signed per Standard Webhooks and checked with the
 * spec's reference library (`standardwebhooks`), retries with the same webhook-id, timeouts, the retry window,
 * admins' endpoints (standard, Slack, Discord), the deliveries list and replays.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { getJson, postJson } from '../helpers/harness.js';
import { admin, counted, useHooksServer } from '../helpers/hooks-stack.js';
import {
  jsonOf,
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from '../helpers/webhook-receiver.js';

interface EventLead {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: string;
  client_ids: string[];
}
interface EventBody {
  type: string;
  timestamp: string;
  data: { lead: EventLead; changes?: string[] };
}
interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  channel: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_response: string | null;
  last_error: string | null;
  replays: number;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const event = (r: ReceivedRequest) => jsonOf<EventBody>(r);
const about = (email: string) => (r: ReceivedRequest) => r.path === '/hook' && event(r).data.lead.email === email;

async function say(url: string, clientId: string, content: string): Promise<void> {
  const res = await postJson(`${url}/gemini/train`, { client_id: clientId, content });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function deliveriesOf(url: string, eventId: string): Promise<Delivery[]> {
  const res = await getJson<{ deliveries: Delivery[] }>(`${url}/webhooks/deliveries?limit=500`, admin);
  assert.equal(res.status, 200);
  return res.body.data.deliveries.filter((d) => d.event_id === eventId);
}

describe('webhooks to WEBHOOK_URL', () => {
  const secret = newSecret();
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  const hooks = useHooksServer({ env: () => ({ WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret }) });
  after(() => receiver.close());
  beforeEach(async () => {
    await hooks.idle();
    receiver.fallback = 200;
  });

  it('a new lead is POSTed as lead.created, signed per Standard Webhooks (checked with the reference library)', async () => {
    const { h } = hooks.stack;
    await say(h.url, 'hook-new-1', "Hi, I'm Jane Doe, my email is jane.new1@example.com");
    const request = await receiver.waitFor(about('jane.new1@example.com'));

    const verified = new Webhook(secret).verify(request.body, request.headers) as EventBody;
    assert.equal(verified.type, 'lead.created');
    assert.match(verified.timestamp, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(verified.data.lead.name, 'Jane Doe');
    assert.deepEqual(verified.data.lead.client_ids, ['hook-new-1'], 'the admin view of the lead');
    assert.match(request.headers['webhook-id'] ?? '', /^msg_[0-9a-f]{32}$/);
    assert.match(request.headers['webhook-timestamp'] ?? '', /^\d{10}$/);
    assert.equal(request.headers['content-type'], 'application/json');

    const tampered = request.body.replace('Jane Doe', 'Jane Dough');
    assert.throws(() => new Webhook(secret).verify(tampered, request.headers), /No matching signature/);
    assert.throws(() => new Webhook(newSecret()).verify(request.body, request.headers), /No matching signature/);
  });

  it('a turn that adds nothing sends nothing; a new detail sends lead.updated with what changed', async () => {
    const { h } = hooks.stack;
    const email = 'sam.quiet@example.com';
    await say(h.url, 'hook-quiet-1', `Hello, I'm Sam Lee, ${email}`);
    await say(h.url, 'hook-quiet-1', 'What services do you offer?');
    await say(h.url, 'hook-quiet-1', `Again, my email is ${email}`);
    await say(h.url, 'hook-quiet-1', 'You can also call me on +44 20 7946 0958');
    await hooks.idle();

    const events = receiver.requests.filter(about(email)).map(event);
    assert.deepEqual(
      events.map((e) => e.type),
      ['lead.created', 'lead.updated'],
    );
    assert.deepEqual(events[1]?.data.changes, ['phone']);
    assert.equal(events[1]?.data.lead.phone, '+442079460958');
    assert.equal(await counted(hooks.stack.metrics.leadsCaptured, { source: 'chat' }), 2);
  });

  it('a receiver failing with 500 is retried, with the same webhook-id, until it answers 2xx', async () => {
    const { h, metrics } = hooks.stack;
    const failedBefore = await counted(metrics.webhookDeliveries, { outcome: 'failed_attempt' });
    receiver.answer(500, 500, 500);
    await say(h.url, 'hook-retry-1', "I'm Rita Retry, rita.retry@example.com");
    const attempts = await receiver.waitForCount(4, about('rita.retry@example.com'));

    assert.deepEqual(
      attempts.map((a) => a.status),
      [500, 500, 500, 200],
    );
    const ids = new Set(attempts.map((a) => a.headers['webhook-id']));
    assert.equal(ids.size, 1, 'the same webhook-id on every attempt');
    for (const a of attempts) new Webhook(secret).verify(a.body, a.headers); // each attempt signed anew
    await hooks.idle();
    const [delivery] = await deliveriesOf(h.url, [...ids][0] ?? '');
    assert.equal(delivery?.status, 'delivered');
    assert.equal(delivery?.attempts, 4);
    assert.equal(delivery?.last_status, 200);
    assert.equal(delivery?.last_response, 'ok');
    assert.equal(delivery?.endpoint_id, 'env');
    assert.equal(await counted(metrics.webhookDeliveries, { outcome: 'failed_attempt' }), failedBefore + 3);
  });

  it('a receiver that does not answer within DELIVERY_TIMEOUT_MS is tried again', async () => {
    const { h } = hooks.stack;
    receiver.answer('hang');
    await say(h.url, 'hook-hang-1', "I'm Hal Hang, hal.hang@example.com");
    const attempts = await receiver.waitForCount(2, about('hal.hang@example.com'));
    assert.equal(attempts[0]?.headers['webhook-id'], attempts[1]?.headers['webhook-id']);
    await hooks.idle();
    const [delivery] = await deliveriesOf(h.url, attempts[0]?.headers['webhook-id'] ?? '');
    assert.equal(delivery?.status, 'delivered');
    assert.equal(delivery?.attempts, 2);
  });
});

describe('a delivery past its retry window', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  const hooks = useHooksServer({
    env: () => ({ WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: newSecret() }),
    // No variable allows less than 24 hours; here the first failure is already past the window.
    tune: (config) => ({ ...config, deliveries: { ...config.deliveries, retryWindowMs: 0 } }),
  });
  after(() => receiver.close());

  it('is failed after its last attempt, shown with the answer, and an admin can replay it', async () => {
    const { h, metrics } = hooks.stack;
    receiver.fallback = 503;
    await say(h.url, 'hook-window-1', "I'm Wendy Window, wendy.window@example.com");
    const first = await receiver.waitFor(about('wendy.window@example.com'));
    await hooks.idle();
    const eventId = first.headers['webhook-id'] ?? '';
    const [failed] = await deliveriesOf(h.url, eventId);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.attempts, 1);
    assert.equal(failed?.last_status, 503);
    assert.equal(failed?.last_response, 'receiver says 503');
    assert.equal(failed?.last_error, 'HTTP 503');
    assert.equal(await counted(metrics.webhookDeliveries, { outcome: 'gave_up' }), 1);

    receiver.fallback = 200;
    const replay = await postJson<{ delivery: Delivery }>(
      `${h.url}/webhooks/deliveries/${failed?.id ?? ''}/replay`,
      {},
      admin,
    );
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.equal(replay.body.data.delivery.status, 'pending');
    const again = await receiver.waitForCount(2, about('wendy.window@example.com'));
    assert.equal(again[1]?.headers['webhook-id'], eventId, 'a replay is the same message');
    assert.equal(again[1]?.body, first.body);
    await hooks.idle();
    const [delivered] = await deliveriesOf(h.url, eventId);
    assert.equal(delivered?.status, 'delivered');
    assert.equal(delivered?.replays, 1);
    assert.equal(delivered?.attempts, 2);

    const one = await getJson<{ delivery: Delivery & { body: EventBody } }>(
      `${h.url}/webhooks/deliveries/${failed?.id ?? ''}`,
      admin,
    );
    assert.equal(one.status, 200);
    assert.equal(one.body.data.delivery.body.data.lead.email, 'wendy.window@example.com');
    const unknown = await postJson(`${h.url}/webhooks/deliveries/dlv_nope/replay`, {}, admin);
    assert.equal(unknown.status, 404);
  });
});

describe('endpoints added by admins: standard, Slack, Discord', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  const hooks = useHooksServer({ env: () => ({ PUBLIC_URL: 'https://chat.example.com' }) });
  after(() => receiver.close());

  interface EndpointAnswer {
    id: string;
    url: string;
    type: string;
    secret?: string | null;
    signed: boolean;
    source: string;
  }
  const add = (body: Record<string, unknown>) =>
    postJson<{ endpoint: EndpointAnswer }>(`${hooks.stack.h.url}/webhooks/endpoints`, body, admin);
  const list = async () =>
    (await getJson<{ endpoints: EndpointAnswer[] }>(`${hooks.stack.h.url}/webhooks/endpoints`, admin)).body.data
      .endpoints;
  const remove = (id: string) =>
    fetch(`${hooks.stack.h.url}/webhooks/endpoints/${id}`, { method: 'DELETE', headers: admin });
  const saveInfo = (clientId: string, details: Record<string, string>) =>
    postJson(`${hooks.stack.h.url}/gemini/save-info`, { client_id: clientId, ...details });

  it('queues no event that has nowhere to go; an endpoint added on the fly gets the next one', async () => {
    const { h } = hooks.stack;
    const events = async () => h.redis.xlen('bull:deliveries:events'); // BullMQ's log of its jobs
    const before = await events();
    await saveInfo('hook-nowhere-1', { name: 'Nia Nowhere', email: 'nia.nowhere@example.com' });
    await hooks.idle();
    assert.equal(await events(), before, 'no endpoint, no mail: no job');

    const added = await add({ url: `${receiver.url}/first` });
    assert.equal(added.status, 201);
    await saveInfo('hook-nowhere-2', { name: 'Sol Somewhere', email: 'sol.somewhere@example.com' });
    const [first] = await receiver.waitForCount(1, (r) => r.path === '/first');
    assert.equal(jsonOf<EventBody>(first as ReceivedRequest).data.lead.email, 'sol.somewhere@example.com');
    assert.equal((await remove(added.body.data.endpoint.id)).status, 200);
    await hooks.idle();
  });

  it('adds endpoints (a standard one gets its own secret, shown once), delivers to each in its shape, removes them', async () => {
    const standard = await add({ url: `${receiver.url}/std`, description: 'CRM' });
    assert.equal(standard.status, 201, JSON.stringify(standard.body));
    const secret = standard.body.data.endpoint.secret ?? '';
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.match(standard.body.data.endpoint.id, /^ep_[0-9a-f]{16}$/);
    const slack = await add({ url: `${receiver.url}/services/T000/B000/slack`, type: 'slack' });
    const discord = await add({ url: `${receiver.url}/api/webhooks/1/discord`, type: 'discord' });
    assert.equal(slack.body.data.endpoint.secret, null, 'Slack is not signed');
    assert.equal(discord.status, 201);

    const listed = await list();
    assert.deepEqual(
      listed.map((e) => e.type),
      ['standard', 'slack', 'discord'],
    );
    assert.ok(
      listed.every((e) => !('secret' in e)),
      'a secret is never listed',
    );
    assert.equal(listed[1]?.url, `${receiver.url}/…lack`, 'a Slack URL (its own credential) is masked');

    const saved = await saveInfo('hook-admin-1', {
      name: 'Ann Admin',
      email: 'ann.admin@example.com',
      company: 'Barnes & <Noble>',
    });
    assert.equal(saved.status, 200);
    const [std] = await receiver.waitForCount(1, (r) => r.path === '/std');
    const [slackReq] = await receiver.waitForCount(1, (r) => r.path.endsWith('/slack'));
    const [discordReq] = await receiver.waitForCount(1, (r) => r.path.endsWith('/discord'));
    assert.ok(std && slackReq && discordReq);

    const body = new Webhook(secret).verify(std.body, std.headers) as EventBody;
    assert.equal(body.type, 'lead.created');
    const leadUrl = `https://chat.example.com/admin/leads/${body.data.lead.id}`;

    assert.equal(slackReq.headers['webhook-signature'], undefined);
    const slackBody = JSON.parse(slackReq.body) as { text: string; blocks: Array<{ type: string }> };
    assert.match(slackBody.text, /^New lead: Ann Admin \(Barnes &amp; &lt;Noble&gt;\)\n/);
    assert.ok(slackBody.text.includes('*Email:* ann.admin@example.com'), slackBody.text);
    assert.ok(slackBody.text.endsWith(`<${leadUrl}|Open the lead>`), slackBody.text);
    assert.deepEqual(
      slackBody.blocks.map((b) => b.type),
      ['header', 'section', 'section'],
    );

    assert.equal(discordReq.headers['webhook-signature'], undefined);
    const discordBody = JSON.parse(discordReq.body) as {
      content: string;
      allowed_mentions: { parse: string[] };
      embeds: Array<{ title: string; url: string; fields: Array<{ name: string; value: string }> }>;
    };
    assert.equal(discordBody.content, 'New lead: Ann Admin (Barnes & <Noble>)');
    assert.deepEqual(discordBody.allowed_mentions, { parse: [] });
    assert.equal(discordBody.embeds[0]?.url, leadUrl);
    assert.deepEqual(
      discordBody.embeds[0]?.fields.find((f) => f.name === 'Company'),
      { name: 'Company', value: 'Barnes & <Noble>', inline: true },
    );

    // Removed: the next event goes to the others only.
    assert.equal((await remove(slack.body.data.endpoint.id)).status, 200);
    assert.equal((await remove(slack.body.data.endpoint.id)).status, 404);
    await saveInfo('hook-admin-2', { name: 'Bob Second', email: 'bob.second@example.com' });
    await receiver.waitForCount(2, (r) => r.path === '/std');
    await hooks.idle();
    assert.equal(receiver.requests.filter((r) => r.path.endsWith('/slack')).length, 1);
    assert.equal(receiver.requests.filter((r) => r.path.endsWith('/discord')).length, 2);

    const deliveries = await getJson<{ deliveries: Delivery[]; total: number }>(
      `${hooks.stack.h.url}/webhooks/deliveries?limit=2`,
      admin,
    );
    assert.equal(deliveries.body.data.total, 6, "five here, and the first test's one");
    assert.equal(deliveries.body.data.deliveries.length, 2);
    assert.ok(deliveries.body.data.deliveries.every((d) => d.status === 'delivered' && !('body' in d)));
  });

  it('refuses a bad endpoint, and WEBHOOK_URL cannot be removed from here', async () => {
    assert.equal((await add({ url: 'ftp://example.com/hook' })).status, 400);
    assert.equal((await add({ url: `${receiver.url}/x`, type: 'teams' })).status, 400);
    assert.equal((await remove('env')).status, 409);
    assert.equal((await remove('ep_0000000000000000')).status, 404);
    const noAuth = await fetch(`${hooks.stack.h.url}/webhooks/endpoints`);
    assert.equal(noAuth.status, 401);
  });
});
