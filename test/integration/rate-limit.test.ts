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

  it('counts both limits per request as express-rate-limit did (same keys, headers), and refuses by the daily limit', async () => {
    await a.redis.flushall();
    // A count left by rate-limit-redis (same key and meaning: hits, window from the first hit) carries on.
    await a.redis.set('rl:hourly:127.0.0.1', '2', 'PX', 3_600_000);
    const c = await startHarness(redis.url, { RATE_LIMIT_HOURLY: '50', RATE_LIMIT_DAILY: '3' });
    try {
      for (let i = 1; i <= 3; i++) {
        const r = await postJson(`${c.url}/gemini/train`, { client_id: 'limited-daily', content: `hi ${i}` });
        assert.equal(r.status, 200, `request ${i}`);
        // Two values per header, hourly then daily, in draft-8 form with the partition key.
        assert.match(
          r.headers.get('ratelimit') ?? '',
          new RegExp(`^"hourly"; r=${50 - 2 - i}; t=\\d+, "daily"; r=${3 - i}; t=\\d+$`),
        );
        assert.match(
          r.headers.get('ratelimit-policy') ?? '',
          /^"hourly"; q=50; w=3600; pk=:[A-Za-z0-9+/]+=*:, "daily"; q=3; w=86400; pk=:[A-Za-z0-9+/]+=*:$/,
        );
      }
      const fourth = await postJson(`${c.url}/gemini/train`, { client_id: 'limited-daily', content: 'hi 4' });
      assert.equal(fourth.status, 429);
      assert.match(fourth.body.message, /today/);
      assert.ok(Number(fourth.headers.get('retry-after')) > 3600, 'the daily window, not the hourly one');
      assert.match(fourth.headers.get('ratelimit') ?? '', /"daily"; r=0/);
      assert.equal(await a.redis.get('rl:hourly:127.0.0.1'), '6');
      assert.equal(await a.redis.get('rl:daily:127.0.0.1'), '4');
      const ttl = await a.redis.pttl('rl:daily:127.0.0.1');
      assert.ok(ttl > 3_600_000 && ttl <= 86_400_000, `daily window set on its first hit (${ttl} ms left)`);
    } finally {
      await c.close();
    }
  });
});
