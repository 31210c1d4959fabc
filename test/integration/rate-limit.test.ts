import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getJson, postJson, startHarness, type Harness } from '../helpers/harness.js';
import { useRedis } from '../helpers/fixture.js';

describe('rate limits (Redis-backed, shared across instances)', () => {
  const redis = useRedis();
  let a: Harness;
  let b: Harness;

  before(async () => {
    a = await startHarness(redis.url, { RATE_LIMIT_HOURLY: '5', RATE_LIMIT_DAILY: '100' });
    b = await startHarness(redis.url, { RATE_LIMIT_HOURLY: '5', RATE_LIMIT_DAILY: '100' });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('answers the 6th request with 429 in the envelope, with Retry-After and RateLimit headers', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await postJson(`${a.url}/gemini/train`, { client_id: 'limited-1', content: `hi ${i}` });
      assert.equal(r.status, 200, `request ${i}`);
      assert.match(r.headers.get('ratelimit') ?? '', /"hourly"; r=\d+; t=\d+/);
      assert.match(r.headers.get('ratelimit-policy') ?? '', /"hourly"; q=5; w=3600/);
    }
    const sixth = await postJson(`${a.url}/gemini/train`, { client_id: 'limited-1', content: 'hi 6' });
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.status, 'error');
    assert.equal(sixth.body.data, null);
    assert.match(sixth.body.message, /Too many requests/);
    assert.ok(Number(sixth.headers.get('retry-after')) > 0);
    assert.match(sixth.headers.get('ratelimit') ?? '', /r=0/);
    // /health is never limited; admin routes are not public routes.
    assert.equal((await getJson(`${a.url}/health`)).status, 200);
  });

  it('shares the count between two instances on the same Redis', async () => {
    await redis.stop();
    await redis.start(); // fresh counts
    // both harness clients reconnect on their own
    await new Promise((r) => setTimeout(r, 1500));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const target = i % 2 === 0 ? a : b;
      statuses.push(
        (await postJson(`${target.url}/gemini/train`, { client_id: 'shared-1', content: `hi ${i}` })).status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal((await postJson(`${a.url}/gemini/reset`, { client_id: 'shared-1' })).status, 429);
  });
});
