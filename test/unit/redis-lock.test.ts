/**
 * RedisKeyedLock on a real redis-server: two "instances" (two clients, two lock objects) never run work for
 * one key at once, fencing tokens grow in the order the work ran, a slow holder keeps its lock past the ttl,
 * a dead holder's lock frees itself, and Redis down means the work does not run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../src/infra/app-error.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import { RedisKeyedLock } from '../../src/infra/redis-lock.js';
import { useRedis } from '../helpers/fixture.js';

const logger = createLogger('silent');

describe('RedisKeyedLock', () => {
  const server = useRedis();
  let a: Redis;
  let b: Redis;

  before(async () => {
    a = createRedisClient({ url: server.url, logger });
    b = createRedisClient({ url: server.url, logger });
    await Promise.all([connectRedis(a), connectRedis(b)]);
  });
  after(() => {
    a.disconnect();
    b.disconnect();
  });

  it('runs the work of two instances for one key one at a time, fences growing in run order', async () => {
    const locks = [new RedisKeyedLock(a, 't1'), new RedisKeyedLock(b, 't1')];
    let running = 0;
    let most = 0;
    const fences: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (locks[i % 2] as RedisKeyedLock).run('visitor-1', async (held) => {
          running += 1;
          most = Math.max(most, running);
          fences.push(held.fence);
          await sleep(5);
          running -= 1;
        }),
      ),
    );
    assert.equal(most, 1, 'two tasks held the key at once');
    assert.equal(fences.length, 16);
    assert.deepEqual(
      fences,
      [...fences].sort((x, y) => x - y),
    );
    assert.equal(new Set(fences).size, 16);
  });

  it('does not make other keys wait', async () => {
    const lock = new RedisKeyedLock(a, 't2');
    let inner = false;
    await lock.run('k1', () => lock.run('k2', () => Promise.resolve((inner = true))));
    assert.equal(inner, true);
  });

  it("keeps a slow holder's lock past its ttl, so a second instance waits for the work to end", async () => {
    const slow = new RedisKeyedLock(a, 't3', { ttlMs: 300 });
    const other = new RedisKeyedLock(b, 't3', { ttlMs: 300, waitMs: 5000 });
    const order: string[] = [];
    const first = slow.run('k', async (held) => {
      order.push('slow start');
      await sleep(900); // three ttls
      assert.equal(await held.stillHolds(), true);
      order.push('slow end');
    });
    await sleep(50);
    await other.run('k', () => Promise.resolve(order.push('other')));
    await first;
    assert.deepEqual(order, ['slow start', 'slow end', 'other']);
  });

  it('frees the lock of a holder that died once its ttl runs out', async () => {
    await a.set('lock:t4:k', 'a-dead-instance', 'PX', 400);
    const lock = new RedisKeyedLock(b, 't4', { ttlMs: 400, waitMs: 3000 });
    const ran = await lock.run('k', () => Promise.resolve('ran'));
    assert.equal(ran, 'ran');
  });

  it('gives up with a 409 when the key stays taken past the wait', async () => {
    await a.set('lock:t5:k', 'someone-else', 'PX', 5000);
    const lock = new RedisKeyedLock(b, 't5', { waitMs: 300 });
    let ran = false;
    await assert.rejects(
      lock.run('k', () => Promise.resolve((ran = true))),
      (err) => err instanceof AppError && err.status === 409,
    );
    assert.equal(ran, false);
  });

  it('tells the holder when another took the key (stillHolds)', async () => {
    const lock = new RedisKeyedLock(a, 't6');
    await lock.run('k', async (held) => {
      assert.equal(await held.stillHolds(), true);
      await b.set('lock:t6:k', 'thief');
      assert.equal(await held.stillHolds(), false);
    });
    assert.equal(await a.get('lock:t6:k'), 'thief', "a holder never deletes another's lock");
  });

  it('does not run the work while Redis is down (503)', async () => {
    const lock = new RedisKeyedLock(a, 't7');
    await server.stop();
    try {
      let ran = false;
      await assert.rejects(
        lock.run('k', () => Promise.resolve((ran = true))),
        (err) => err instanceof AppError && err.status === 503,
      );
      assert.equal(ran, false);
    } finally {
      await server.start();
    }
  });
});
