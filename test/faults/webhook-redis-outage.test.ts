/**
 * An event that happens while Redis is down (a contact form saved to the lead files meanwhile) is not lost:
 * its enqueue waits for Redis, and once Redis is back the delivery arrives. The request did not wait for it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { postJson } from '../helpers/harness.js';
import { useHooksServer } from '../helpers/hooks-stack.js';
import { jsonOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('a lead event during a Redis outage', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  const hooks = useHooksServer({ env: () => ({ WEBHOOK_URL: `${receiver.url}/hook`, WEBHOOK_SECRET: secret }) });
  after(() => receiver.close());

  it('is delivered once Redis is back', async () => {
    await hooks.redis.stop();
    const saved = await postJson(`${hooks.stack.h.url}/gemini/save-info`, {
      client_id: 'outage-visitor-1',
      name: 'Olga Outage',
      email: 'olga.outage@example.com',
    });
    assert.equal(saved.status, 200, 'the lead is saved without Redis');
    assert.equal(receiver.requests.length, 0);

    await hooks.redis.start();
    const delivered = await receiver.waitFor((r) => r.path === '/hook');
    const body = new Webhook(secret).verify(delivered.body, delivered.headers) as { type: string };
    assert.equal(body.type, 'lead.created');
    assert.equal(jsonOf<{ data: { lead: { email: string } } }>(delivered).data.lead.email, 'olga.outage@example.com');
  });
});
