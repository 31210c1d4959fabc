/**
 * The conversation store in a real Redis: a turn reads history and state in one round trip, and a snapshot
 * of the state is trusted only while this process has sent no state write since (the meeting service
 * relies on that to see a concurrent turn's proposal); a turn's append keeps the cap and renews the expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SessionStore } from '../../src/chat/session.store.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import { useRedis } from '../helpers/fixture.js';

describe('session store', () => {
  const server = useRedis();
  let redis: Redis;
  let sessions: SessionStore;

  before(async () => {
    redis = createRedisClient({ url: server.url, logger: createLogger('silent') });
    await connectRedis(redis);
    sessions = new SessionStore(redis, { maxMessages: 4, ttlSeconds: 120 });
  });
  after(() => {
    redis.disconnect();
  });

  const msg = (role: 'user' | 'model', text: string) => ({ role, text, at: '2026-03-10T09:00:00.000Z' });

  it('appends turns atomically, keeps the last messages and renews both expiries', async () => {
    await sessions.setState('visitor-0001', 'meeting', { state: 'awaiting_time' });
    await redis.expire('chat:visitor-0001:state', 5);
    for (let n = 1; n <= 3; n++)
      await sessions.appendMessages('visitor-0001', [msg('user', `q${n}`), msg('model', `a${n}`)]);
    const { history, state } = await sessions.loadTurn('visitor-0001');
    assert.deepEqual(
      history.map((m) => m.text),
      ['q2', 'a2', 'q3', 'a3'],
    );
    assert.deepEqual(JSON.parse(state.meeting ?? 'null'), { state: 'awaiting_time' });
    assert.ok((await redis.ttl('chat:visitor-0001:history')) > 100);
    assert.ok((await redis.ttl('chat:visitor-0001:state')) > 100, 'the state expires with the history');
  });

  it('a snapshot stands in for a read until a state write is sent, then the store reads again', async () => {
    const snapshot = await sessions.loadTurn('visitor-0002');
    assert.equal(sessions.isCurrent(snapshot), true);
    assert.equal(await sessions.getState('visitor-0002', 'meeting', snapshot), undefined);
    // A write the snapshot does not show (another turn of this visitor, say): it must not be trusted now.
    await sessions.setState('visitor-0002', 'meeting', { state: 'proposed', when: 'Tue 10:00' });
    assert.equal(sessions.isCurrent(snapshot), false);
    assert.deepEqual(await sessions.getState('visitor-0002', 'meeting', snapshot), {
      state: 'proposed',
      when: 'Tue 10:00',
    });
    // A snapshot read after the write shows it.
    const fresh = await sessions.loadTurn('visitor-0002');
    assert.deepEqual(await sessions.getState('visitor-0002', 'meeting', fresh), {
      state: 'proposed',
      when: 'Tue 10:00',
    });
    // A write sent while a read is in flight makes that read's snapshot stale too.
    const reading = sessions.loadTurn('visitor-0002');
    const deleting = sessions.deleteState('visitor-0002', 'meeting');
    const [inFlight] = await Promise.all([reading, deleting]);
    assert.equal(sessions.isCurrent(inFlight), false);
    assert.equal(await sessions.getState('visitor-0002', 'meeting', inFlight), undefined);
  });

  it('skips a corrupt history entry instead of failing the conversation', async () => {
    await redis.rpush(
      'chat:visitor-0003:history',
      JSON.stringify(msg('user', 'fine')),
      '{not json',
      JSON.stringify({ role: 'system', text: 'x' }),
    );
    const { history } = await sessions.loadTurn('visitor-0003');
    assert.deepEqual(
      history.map((m) => m.text),
      ['fine'],
    );
  });

  it('fails fast with a 503 AppError while Redis is down', async () => {
    await server.stop();
    try {
      await assert.rejects(sessions.loadTurn('visitor-0004'), (err: Error & { status?: number }) => err.status === 503);
    } finally {
      await server.start();
      await connectRedis(redis);
    }
  });
});
