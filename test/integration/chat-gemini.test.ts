import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { FALLBACK_REPLY } from '../../src/chat/chat.service.js';
import { systemText, type FakeGemini } from '../helpers/fake-gemini.js';
import { getJson, postJson, postSse, ADMIN_KEY, type Harness, type TrainData } from '../helpers/harness.js';
import { useGeminiStack } from '../helpers/gemini-stack.js';

describe('chat with Gemini (real SDK against a fake Gemini server)', () => {
  let gemini: FakeGemini;
  let h: Harness;
  useGeminiStack(
    {
      GEMINI_API_KEY: 'fake-key-123',
      GEMINI_MODEL: 'gemini-test',
      MAX_HISTORY_MESSAGES: '6',
      SESSION_TTL_SECONDS: '60',
      GEMINI_TIMEOUT_MS: '800',
    },
    (stack) => ({ gemini, h } = stack),
  );

  const train = (body: Record<string, unknown>) => postJson<TrainData>(`${h.url}/gemini/train`, body);

  it('sends the system instruction, every earlier turn in order, then this turn with its facts', async () => {
    const id = 'three-turns-1';
    gemini.queue.push(
      { kind: 'text', chunks: ['Reply one'] },
      { kind: 'text', chunks: ['Reply two'] },
      { kind: 'text', chunks: ['Reply three'] },
    );
    for (const text of ['First message', 'Second message', 'Third message']) {
      const r = await train({ client_id: id, content: text });
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'success');
    }
    assert.equal(gemini.requests.length, 3);
    const last = gemini.requests[2];
    assert.ok(last);
    assert.match(last.path, /\/v1beta\/models\/gemini-test:streamGenerateContent/);
    assert.equal(last.apiKey, 'fake-key-123');
    const contents = (last.body.contents ?? []).map((c) => `${c.role}:${c.parts.map((p) => p.text).join('|')}`);
    assert.deepEqual(contents.slice(0, 4), [
      'user:First message',
      'model:Reply one',
      'user:Second message',
      'model:Reply two',
    ]);
    // The last content holds this turn's facts, then the visitor's words, as two parts.
    assert.match(
      contents[4] ?? '',
      /^user:--- Context for this reply[^|]*Current date and time: [^|]*Still missing: [^|]*\|Third message$/,
    );
    const sys = systemText(last);
    assert.match(sys, /^You are a test assistant for a business\./);
    assert.match(sys, /Northwind Digital/);
    assert.doesNotMatch(sys, /Current date and time|Still missing/, 'nothing per turn in the system instruction');
  });

  it('caps the history at MAX_HISTORY_MESSAGES', async () => {
    const id = 'cap-client-1';
    for (let i = 1; i <= 5; i++) {
      gemini.queue.push({ kind: 'text', chunks: [`R${i}`] });
      await train({ client_id: id, content: `M${i}` });
    }
    const history = await h.redis.lrange(`chat:${id}:history`, 0, -1);
    assert.equal(history.length, 6);
    const last = gemini.requests.at(-1);
    const texts = (last?.body.contents ?? []).map((c) => c.parts.map((p) => p.text).at(-1));
    // 6 kept messages before turn 5 were M2..R4 (M1/R1 dropped), plus M5 (after this turn's facts).
    assert.deepEqual(texts, ['M2', 'R2', 'M3', 'R3', 'M4', 'R4', 'M5']);
  });

  it('expires a conversation after SESSION_TTL_SECONDS of silence', async () => {
    const id = 'ttl-client-1';
    await train({ client_id: id, content: 'Remember me' });
    const ttl = await h.redis.ttl(`chat:${id}:history`);
    assert.ok(ttl > 50 && ttl <= 60, `ttl ${ttl}`);
    // Simulate the silence instead of waiting for it.
    await h.redis.pexpire(`chat:${id}:history`, 1);
    await new Promise((r) => setTimeout(r, 20));
    gemini.requests.length = 0;
    await train({ client_id: id, content: 'Do you remember me?' });
    const contents = gemini.requests[0]?.body.contents ?? [];
    assert.equal(contents.length, 1, 'only the new message is sent after expiry');
  });

  it('keeps two clients isolated', async () => {
    await train({ client_id: 'client-aaa-1', content: 'My secret is PINEAPPLE' });
    gemini.requests.length = 0;
    await train({ client_id: 'client-bbb-2', content: 'What did the other visitor say?' });
    const req = gemini.requests[0];
    assert.ok(req);
    assert.doesNotMatch(JSON.stringify(req.body), /PINEAPPLE/);
  });

  it('makes a client_id when none is given', async () => {
    const r = await train({ content: 'hello' });
    assert.equal(r.status, 200);
    assert.match(r.body.data.client_id, /^[A-Za-z0-9_-]{8,64}$/);
  });

  it('streams deltas then done over SSE', async () => {
    gemini.queue.push({ kind: 'text', chunks: ['Hel', 'lo ', 'there'], delayMs: 20 });
    const r = await postSse(`${h.url}/gemini/train`, { client_id: 'sse-client-1', content: 'Hi' });
    assert.equal(r.status, 200);
    assert.match(r.contentType, /text\/event-stream/);
    const deltas = r.events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    assert.deepEqual(deltas, ['Hel', 'lo ', 'there']);
    const done = r.events.at(-1);
    assert.equal(done?.event, 'done');
    assert.equal((done?.data as TrainData).reply, 'Hello there');
    assert.equal((done?.data as TrainData).client_id, 'sse-client-1');
  });

  it('retries a 503 and then succeeds', async () => {
    gemini.queue.push(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429 },
      { kind: 'text', chunks: ['Recovered'] },
    );
    const r = await train({ client_id: 'retry-client-1', content: 'Hi' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, 'Recovered');
    assert.equal(gemini.requests.length, 3);
  });

  it('does not retry a 400 from Gemini', async () => {
    gemini.queue.push({ kind: 'status', status: 400 });
    const r = await train({ client_id: 'noretry-client', content: 'Hi' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.equal(gemini.requests.length, 1);
  });

  it('falls back within a bounded time when Gemini keeps failing, keeping the message', async () => {
    gemini.fallback = { kind: 'status', status: 500 };
    const started = Date.now();
    const r = await train({ client_id: 'fail-client-1', content: 'Please remember this message' });
    const elapsed = Date.now() - started;
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.equal(gemini.requests.length, 3, 'GEMINI_MAX_ATTEMPTS defaults to 3');
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
    const history = await h.redis.lrange('chat:fail-client-1:history', 0, -1);
    assert.equal(history.length, 1);
    assert.match(history[0] ?? '', /Please remember this message/);
  });

  it('times out a Gemini that never answers and falls back', async () => {
    gemini.fallback = { kind: 'hang' };
    const r = await train({ client_id: 'hang-client-1', content: 'Hello?' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.equal(gemini.requests.length, 3);
  });

  it('uses a changed system instruction from the next turn on', async () => {
    const auth = { 'x-api-key': ADMIN_KEY };
    await train({ client_id: 'instr-client-1', content: 'Hi' });
    assert.doesNotMatch(systemText(gemini.requests[0]!), /PIRATE/);
    const set = await postJson(`${h.url}/system-instruction`, { system_instruction: 'Talk like a PIRATE.' }, auth);
    assert.equal(set.status, 200);
    const got = await getJson<{ system_instruction: string }>(`${h.url}/system-instruction`, auth);
    assert.equal(got.body.data.system_instruction, 'Talk like a PIRATE.');
    await train({ client_id: 'instr-client-1', content: 'Hi again' });
    assert.match(systemText(gemini.requests[1]!), /Talk like a PIRATE\./);
    // An edit of the file on disk is picked up too.
    await writeFile(h.config.systemInstructionFile, 'Talk like a ROBOT.');
    await train({ client_id: 'instr-client-1', content: 'And now?' });
    assert.match(systemText(gemini.requests[2]!), /Talk like a ROBOT\./);
  });

  it('keeps concurrent turns of one client', async () => {
    const id = 'concurrent-1';
    gemini.fallback = { kind: 'text', chunks: ['ok'], delayMs: 10 };
    await Promise.all([1, 2, 3].map((i) => train({ client_id: id, content: `parallel ${i}` })));
    const history = (await h.redis.lrange(`chat:${id}:history`, 0, -1)).map(
      (m) => (JSON.parse(m) as { text: string }).text,
    );
    assert.equal(history.length, 6);
    for (const i of [1, 2, 3]) assert.ok(history.includes(`parallel ${i}`));
  });
  it("the server's decisions reach the visitor when the LLM's words leave them out", async () => {
    gemini.fallback = { kind: 'text', chunks: ['Sure, sounds good!'] };
    const id = 'facts-visitor-1';
    const proposed = await postJson<TrainData<unknown>>(`${h.url}/gemini/train`, {
      client_id: id,
      content: 'Could we have a meeting next Tuesday at 3pm? My email is facts@example.com',
    });
    const meeting = proposed.body.data.meeting as { status: string } | null;
    assert.equal(meeting?.status, 'proposed');
    assert.match(
      proposed.body.data.reply,
      /^Sure, sounds good!\n\nThe time I can offer: \w+day, \d+ \w+ \d{4} at 15:00/,
    );
    const sse = await postSse(`${h.url}/gemini/train`, { client_id: id, content: 'yes please' });
    const done = sse.events.at(-1)?.data as TrainData<unknown>;
    assert.match(done.reply, /recorded; the team will confirm it by email/, 'no calendar: a request, said');
    const streamed = sse.events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    assert.equal(streamed.join(''), done.reply, 'the streamed words carry it too');
  });
});
