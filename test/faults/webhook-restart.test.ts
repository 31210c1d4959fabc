/**
 * Deliveries survive a restart: the real server (src/server.ts, its managed redis-server with the append-only
 * file under DATA_DIR) queues a lead.created for a receiver that keeps failing, is stopped with SIGTERM while
 * the delivery waits for its next retry, and once started again delivers it, with the same webhook-id.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { makeDataDir } from '../helpers/harness.js';
import { spawnServer, type ServerProcess } from '../helpers/server-process.js';
import { jsonOf, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

describe('a queued delivery across a restart of the server', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const dataDir = makeDataDir();
  let receiver: WebhookReceiver;
  let server: ServerProcess | undefined;
  const env = () => ({
    WEBHOOK_URL: `${receiver.url}/hook`,
    WEBHOOK_SECRET: secret,
    DELIVERY_RETRY_BASE_MS: '300',
    DELIVERY_RETRY_MAX_MS: '600',
    DELIVERY_TIMEOUT_MS: '2000',
  });

  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await receiver.close();
  });

  it('is delivered by the next start, with the same webhook-id', async () => {
    receiver.fallback = 500;
    server = await spawnServer(dataDir, env());
    const turn = await fetch(`${server.url}/gemini/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'restart-visitor-1', content: "I'm Ria Restart, ria.restart@example.com" }),
    });
    assert.equal(turn.status, 200);
    const [failed] = await receiver.waitForCount(1);
    assert.equal(failed?.status, 500);
    const stopped = await server.stop('SIGTERM');
    assert.equal(stopped.code, 0, server.output().slice(-2000));
    const failures = receiver.requests.length;

    receiver.fallback = 200;
    server = await spawnServer(dataDir, env());
    const delivered = await receiver.waitFor((r) => r.status === 200);
    assert.ok(receiver.requests.length > failures, 'delivered after the restart');
    assert.equal(delivered.headers['webhook-id'], failed?.headers['webhook-id']);
    const body = new Webhook(secret).verify(delivered.body, delivered.headers) as { type: string };
    assert.equal(body.type, 'lead.created');
    assert.equal(jsonOf<{ data: { lead: { email: string } } }>(delivered).data.lead.email, 'ria.restart@example.com');
  });
});
