import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postJson, postSse, type TrainData } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';

describe('the offline assistant (no Gemini key)', () => {
  const { h } = useServer({ env: { GEMINI_API_KEY: '' } });

  const say = async (id: string, content: string) => {
    const r = await postJson<TrainData>(`${h.url}/gemini/train`, { client_id: id, content });
    assert.equal(r.status, 200);
    return r.body.data.reply;
  };

  it('reports llm offline on /health', async () => {
    const r = await fetch(`${h.url}/health`);
    const json = (await r.json()) as { data: { llm: string; redis: string; calendar: string } };
    assert.deepEqual(json.data, { redis: 'up', llm: 'offline', calendar: 'not_connected' });
  });

  it('holds a sensible conversation', async () => {
    const id = 'offline-visitor-1';
    const greeting = await say(id, 'Hello!');
    assert.match(greeting, /Welcome to Northwind Digital/);
    const price = await say(id, 'How much does a website cost?');
    assert.match(price, /quoted individually/);
    assert.doesNotMatch(price, /\$\d/);
    const services = await say(id, 'Can you help with SEO?');
    assert.match(services, /SEO and online marketing/);
    const hours = await say(id, 'What are your opening hours?');
    assert.match(hours, /Monday to Friday/);
    const meeting = await say(id, 'Can we have a meeting?');
    assert.match(meeting, /which day and time/i);
  });

  it('streams its reply over SSE too', async () => {
    const r = await postSse(`${h.url}/gemini/train`, { client_id: 'offline-sse-1', content: 'hi' });
    const deltas = r.events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    const done = r.events.at(-1);
    assert.equal(done?.event, 'done');
    assert.equal(deltas.join(''), (done?.data as TrainData).reply);
  });

  it('forgets the conversation on reset', async () => {
    const id = 'offline-reset-1';
    await say(id, 'hello');
    assert.ok((await h.redis.llen(`chat:${id}:history`)) > 0);
    const r = await postJson(`${h.url}/gemini/reset`, { client_id: id });
    assert.equal(r.status, 200);
    assert.equal(await h.redis.exists(`chat:${id}:history`), 0);
  });
});
