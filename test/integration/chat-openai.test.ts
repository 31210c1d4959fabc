/**
 * The OpenAI-compatible provider: the real `openai` SDK inside the real server, against the suite's fake
 * Chat Completions endpoint on loopback (JSON, SSE chunks, usage in the last chunk, `data: [DONE]`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FALLBACK_REPLY } from '../../src/chat/chat.service.js';
import { messageText, type FakeOpenAi, type RecordedOpenAiRequest } from '../helpers/fake-openai.js';
import { useServer } from '../helpers/fixture.js';
import { getJson, postJson, postSse, type TrainData } from '../helpers/harness.js';
import { openAiEnv, useFakeOpenAi } from '../helpers/openai-stack.js';

const roles = (r: RecordedOpenAiRequest | undefined) => (r?.body.messages ?? []).map((m) => m.role);
const texts = (r: RecordedOpenAiRequest | undefined) => (r?.body.messages ?? []).map(messageText);

describe('chat through an OpenAI-compatible endpoint (real openai SDK against a fake server)', () => {
  let fake: FakeOpenAi;
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({ env: () => openAiEnv(fake, { MAX_HISTORY_MESSAGES: '8' }) });
  const train = (body: Record<string, unknown>) => postJson<TrainData>(`${h.url}/gemini/train`, body);

  it('reports llm "openai" on /health', async () => {
    const r = await getJson<{ llm: string }>(`${h.url}/health`);
    assert.equal(r.status, 200);
    assert.equal(r.body.data.llm, 'openai');
  });

  it('sends the system message first, then the turns alternating, this turn last, streaming with usage', async () => {
    for (const n of [1, 2, 3]) {
      fake.queue.push({ kind: 'text', chunks: [`Reply ${n}`] });
      assert.equal((await train({ client_id: 'openai-history-1', content: `Message ${n}` })).status, 200);
    }
    assert.equal(fake.requests.length, 3);
    const last = fake.requests[2];
    assert.ok(last);
    assert.equal(last.path, '/v1/chat/completions');
    assert.equal(last.authorization, 'Bearer sk-fake-openai-key');
    assert.equal(last.body.model, 'gpt-test');
    assert.equal(last.body.stream, true);
    assert.deepEqual(last.body.stream_options, { include_usage: true });
    assert.deepEqual(roles(last), ['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    const t = texts(last);
    assert.match(t[0] ?? '', /^You are a test assistant for a business\./);
    assert.match(t[0] ?? '', /Northwind Digital/);
    assert.deepEqual(t.slice(1, 5), ['Message 1', 'Reply 1', 'Message 2', 'Reply 2']);
    // This turn's facts open the last message; the visitor's words close it.
    assert.match(t[5] ?? '', /^--- Context for this reply[^]*Current date and time: [^]*Message 3$/);
  });

  it("merges a fallback turn's unanswered message so the roles still alternate", async () => {
    const id = 'openai-alternate-1';
    fake.queue.push({ kind: 'status', status: 400 }, { kind: 'text', chunks: ['Back again'] });
    const failed = await train({ client_id: id, content: 'Lost words' });
    assert.equal(failed.body.data.reply, FALLBACK_REPLY);
    const r = await train({ client_id: id, content: 'Are you there?' });
    assert.equal(r.body.data.reply, 'Back again');
    const last = fake.requests.at(-1);
    assert.deepEqual(roles(last), ['system', 'user']);
    assert.match(texts(last)[1] ?? '', /^Lost words\n\n--- Context for this reply[^]*Are you there\?$/);
  });

  it('streams the deltas to the visitor over SSE as they arrive, then done with the whole reply', async () => {
    fake.queue.push({ kind: 'text', chunks: ['Good ', 'morning', '!'], delayMs: 20 });
    const r = await postSse(`${h.url}/gemini/train`, { client_id: 'openai-sse-1', content: 'Hi' });
    const seen = r.events.map(
      (e) => `${e.event}:${(e.data as { text?: string; reply?: string }).text ?? (e.data as TrainData).reply}`,
    );
    assert.deepEqual(
      { status: r.status, type: r.contentType.split(';')[0], seen },
      {
        status: 200,
        type: 'text/event-stream',
        seen: ['delta:Good ', 'delta:morning', 'delta:!', 'done:Good morning!'],
      },
    );
  });

  it('retries a 429 and a 500, then succeeds', async () => {
    fake.queue.push({ kind: 'status', status: 429, message: 'Rate limit reached' }, { kind: 'status', status: 500 });
    fake.queue.push({ kind: 'text', chunks: ['Recovered'] });
    const r = await train({ client_id: 'openai-retry-1', content: 'Hi' });
    assert.deepEqual([r.status, r.body.data.reply, fake.requests.length], [200, 'Recovered', 3]);
  });

  it('does not retry a 401, and says nothing of it to the visitor', async () => {
    fake.queue.push({ kind: 'status', status: 401, message: 'Incorrect API key provided: sk-fake-openai-key' });
    const r = await train({ client_id: 'openai-refused-1', content: 'Hi' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.equal(fake.requests.length, 1);
    assert.doesNotMatch(JSON.stringify(r.body), /sk-fake|Incorrect API key/);
  });

  it('falls back when the endpoint keeps failing, keeping the message', async () => {
    fake.fallback = { kind: 'status', status: 503 };
    const r = await train({ client_id: 'openai-fail-1', content: 'Please remember this message' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.equal(fake.requests.length, 3, 'OPENAI_MAX_ATTEMPTS defaults to 3');
    const history = await h.redis.lrange('chat:openai-fail-1:history', 0, -1);
    assert.equal(history.length, 1);
    assert.match(history[0] ?? '', /Please remember this message/);
  });

  it("the server's meeting decisions reach the visitor when the model's words leave them out", async () => {
    fake.fallback = { kind: 'text', chunks: ['Sure, sounds good!'] };
    const id = 'openai-facts-1';
    const proposed = await train({
      client_id: id,
      content: 'Could we have a meeting next Tuesday at 3pm? My email is facts.openai@example.com',
    });
    assert.equal((proposed.body.data.meeting as { status: string } | null)?.status, 'proposed');
    assert.match(
      proposed.body.data.reply,
      /^Sure, sounds good!\n\nThe time I can offer: \w+day, \d+ \w+ \d{4} at 15:00/,
    );
    const sse = await postSse(`${h.url}/gemini/train`, { client_id: id, content: 'yes please' });
    const done = sse.events.at(-1)?.data as TrainData;
    assert.match(done.reply, /^Sure, sounds good!\n\n.*recorded; the team will confirm it by email/);
    const streamed = sse.events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    assert.equal(streamed.join(''), done.reply, 'the streamed words carry it too');
  });
});

describe('LLM_TURN_TIMEOUT_MS bounds an OpenAI-compatible turn, retries included', () => {
  const TURN_MS = 1500;
  const ATTEMPT_MS = 6000;
  let fake: FakeOpenAi;
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({
    env: () =>
      openAiEnv(fake, {
        OPENAI_TIMEOUT_MS: String(ATTEMPT_MS),
        OPENAI_MAX_ATTEMPTS: '3',
        LLM_TURN_TIMEOUT_MS: String(TURN_MS),
      }),
  });

  it('a hanging endpoint gives the fallback once the turn budget is spent, not after attempts x timeout', async () => {
    fake.fallback = { kind: 'hang' };
    const started = Date.now();
    const r = await postSse(
      `${h.url}/gemini/train`,
      { client_id: 'openai-budget-1', content: 'hello' },
      AbortSignal.timeout(15_000),
    );
    const ms = Date.now() - started;
    const done = r.events.at(-1);
    assert.deepEqual([r.status, done?.event, (done?.data as TrainData).reply], [200, 'done', FALLBACK_REPLY]);
    // Without the turn budget this waits 3 x 6 s; with it, about 1.5 s (less than one attempt's timeout).
    assert.ok(ms < ATTEMPT_MS, `fallback after ${ms} ms`);
    assert.equal(fake.requests.length, 1, 'no retry starts once the budget is spent');
  });
});

describe('an OpenAI-compatible local server without a key (Ollama, vLLM, LM Studio)', () => {
  let fake: FakeOpenAi;
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({
    env: () => ({ OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'llama3.2', OPENAI_TIMEOUT_MS: '2000' }),
  });

  it('is chosen by OPENAI_BASE_URL alone and sends no Authorization header', async () => {
    const health = await getJson<{ llm: string }>(`${h.url}/health`);
    assert.equal(health.body.data.llm, 'openai');
    fake.queue.push({ kind: 'text', chunks: ['Local model here'] });
    const r = await postJson<TrainData>(`${h.url}/gemini/train`, { client_id: 'openai-local-1', content: 'Hi' });
    assert.equal(r.body.data.reply, 'Local model here');
    assert.equal(fake.requests[0]?.authorization, undefined);
    assert.equal(fake.requests[0]?.body.model, 'llama3.2');
  });
});
