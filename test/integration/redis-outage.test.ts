import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getJson, postJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis stopped mid-run', () => {
  const { h, redis } = useServer();

  it('answers 503 fast while Redis is down and recovers without a restart', async () => {
    const ok = await postJson(`${h.url}/gemini/train`, { client_id: 'outage-client', content: 'hello' });
    assert.equal(ok.status, 200);

    await redis.stop();

    let started = Date.now();
    const health = await getJson<{ redis: string; llm: string }>(`${h.url}/health`);
    assert.ok(Date.now() - started < 2000, 'health answered within 2 s');
    assert.equal(health.status, 503);
    assert.equal(health.body.status, 'error');
    assert.equal(health.body.data.redis, 'down');
    assert.equal(health.body.data.llm, 'offline');
    const ready = await getJson<{ redis: string }>(`${h.url}/health/ready`);
    assert.deepEqual([ready.status, ready.body.data.redis], [503, 'down'], 'not ready without Redis');
    assert.equal((await getJson(`${h.url}/health/live`)).status, 200, 'but alive: no reason to restart it');

    started = Date.now();
    const chat = await postJson(`${h.url}/gemini/train`, { client_id: 'outage-client', content: 'are you there?' });
    assert.ok(Date.now() - started < 2000, `chat answered within 2 s (${Date.now() - started} ms)`);
    assert.equal(chat.status, 503);
    assert.equal(chat.body.status, 'error');
    assert.match(chat.body.message, /unavailable/i);
    assert.ok(chat.headers.get('retry-after'));

    const sse = await fetch(`${h.url}/gemini/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ client_id: 'outage-client', content: 'stream?' }),
    });
    assert.equal(sse.status, 503, 'SSE request gets a JSON 503 before any event');

    await redis.start();
    await waitFor(async () => (await getJson(`${h.url}/health`)).status === 200, 5000);
    const back = await postJson(`${h.url}/gemini/train`, { client_id: 'outage-client', content: 'back again' });
    assert.equal(back.status, 200);
    assert.equal(back.body.status, 'success');
  });
});
