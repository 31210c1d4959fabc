/**
 * Gemini misbehaving, seen through the real @google/genai SDK against the fake on loopback: too slow,
 * flapping under concurrent load, refusing our key, and streams that break or stall half-way.
 * A visitor always gets an answer in bounded time: the reply, the partial reply, or the fallback.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FALLBACK_REPLY } from '../../src/chat/chat.service.js';
import type { FakeGemini } from '../helpers/fake-gemini.js';
import { postSse, type Harness, type SseEvent, type TrainData } from '../helpers/harness.js';
import { useGeminiStack } from '../helpers/gemini-stack.js';

const API_KEY = 'AIza-secret-test-key-0042';
const TIMEOUT_MS = 2000; // roomy: a loaded 2-core machine must not time out healthy answers
const ATTEMPTS = 2;
/** Default backoff of the assistant: 300 ms doubled per attempt, +25% jitter at most. */
const MAX_BACKOFF_MS = 300 * 1.25;
/** The bound: attempts x timeout + backoff, plus generous slack for a shared, loaded machine. */
const FALLBACK_BOUND_MS = ATTEMPTS * TIMEOUT_MS + MAX_BACKOFF_MS + 4000;

describe('Gemini slow, flapping, refusing and breaking streams', () => {
  let gemini: FakeGemini;
  let h: Harness;
  useGeminiStack(
    {
      GEMINI_API_KEY: API_KEY,
      GEMINI_MODEL: 'gemini-test',
      GEMINI_TIMEOUT_MS: String(TIMEOUT_MS),
      GEMINI_MAX_ATTEMPTS: String(ATTEMPTS),
    },
    (stack) => ({ gemini, h } = stack),
  );

  /** A JSON turn with a hard client-side limit so a hang fails the test instead of stalling it. */
  async function train(clientId: string, content: string, limitMs = 15_000) {
    const started = Date.now();
    const res = await fetch(`${h.url}/gemini/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: clientId, content }),
      signal: AbortSignal.timeout(limitMs),
    });
    const body = (await res.json()) as { status: string; data: TrainData; message: string };
    return { status: res.status, body, ms: Date.now() - started, raw: JSON.stringify(body) };
  }

  async function trainSse(clientId: string, content: string, limitMs = 15_000) {
    const started = Date.now();
    const r = await postSse(`${h.url}/gemini/train`, { client_id: clientId, content }, AbortSignal.timeout(limitMs));
    return { status: r.status, events: r.events, text: r.text, ms: Date.now() - started };
  }

  const deltas = (events: SseEvent[]) =>
    events
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');

  it('slow: an answer later than GEMINI_TIMEOUT_MS gives the fallback within attempts x timeout + backoff', async () => {
    gemini.fallback = { kind: 'text', chunks: ['Too late.'], firstDelayMs: TIMEOUT_MS * 3 };
    const r = await train('slow-visitor-1', 'hello there');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, FALLBACK_REPLY);
    assert.ok(r.ms < FALLBACK_BOUND_MS, `fallback after ${r.ms} ms (bound ${FALLBACK_BOUND_MS})`);
    assert.equal(gemini.requests.length, ATTEMPTS, 'each attempt was made, then it gave up');

    const s = await trainSse('slow-visitor-2', 'hello there');
    assert.equal(s.status, 200);
    assert.equal(deltas(s.events), FALLBACK_REPLY);
    assert.equal(s.events.at(-1)?.event, 'done');
    assert.ok(s.ms < FALLBACK_BOUND_MS, `SSE fallback after ${s.ms} ms`);
  });

  it('flapping: alternating 500 and 200 under concurrent load, every request gets a 200 with a reply or the fallback', async () => {
    const N = 12;
    for (let i = 0; i < N * ATTEMPTS; i++) {
      gemini.queue.push(
        i % 2 === 0
          ? { kind: 'status', status: 500, message: 'internal' }
          : { kind: 'text', chunks: ['Flapping ', 'but fine.'] },
      );
    }
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        if (i % 3 === 0) {
          const s = await trainSse(`flap-visitor-${i}`, `question ${i}`);
          const done = s.events.at(-1);
          assert.equal(s.status, 200);
          assert.equal(done?.event, 'done', s.text);
          return { reply: (done?.data as TrainData).reply, ms: s.ms };
        }
        const r = await train(`flap-visitor-${i}`, `question ${i}`);
        assert.equal(r.status, 200, r.raw);
        return { reply: r.body.data.reply, ms: r.ms };
      }),
    );
    for (const r of results) assert.ok(['Flapping but fine.', FALLBACK_REPLY].includes(r.reply), r.reply);
    assert.ok(
      results.some((r) => r.reply === 'Flapping but fine.'),
      'retries turned 500s into real replies',
    );
    assert.ok(gemini.requests.length <= N * ATTEMPTS, 'attempts stay bounded');
  });

  for (const status of [401, 403]) {
    it(`refusing: a ${status} is not retried, the visitor gets the fallback and nothing secret`, async () => {
      const message = `API key not valid. Please pass a valid API key. (key=${API_KEY})`;
      gemini.fallback = {
        kind: 'status',
        status,
        message,
        statusText: status === 401 ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED',
      };
      // Counted by this test's own message, so stray retries of earlier tests cannot blur the count.
      const mine = (tag: string) => gemini.requests.filter((q) => JSON.stringify(q.body.contents).includes(tag)).length;
      const r = await train(`refused-${status}-1`, `hello refused-json-${status}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.data.reply, FALLBACK_REPLY);
      assert.equal(mine(`refused-json-${status}`), 1, 'no retry of a refusal');
      const s = await trainSse(`refused-${status}-2`, `hello refused-sse-${status}`);
      assert.equal(s.status, 200);
      assert.equal(deltas(s.events), FALLBACK_REPLY);
      assert.equal(s.events.at(-1)?.event, 'done');
      assert.equal(mine(`refused-sse-${status}`), 1, 'no retry of a refusal');
      for (const text of [r.raw, s.text]) {
        assert.doesNotMatch(text, new RegExp(API_KEY), 'the key never reaches the visitor');
        assert.doesNotMatch(
          text,
          /API key not valid|PERMISSION_DENIED|UNAUTHENTICATED|ApiError|\bat \w+ \(/,
          'no upstream error or stack',
        );
      }
    });
  }

  for (const then of ['destroy', 'end', 'stall'] as const) {
    it(`a stream that breaks mid-way (${then}) gives the partial text and done, or an error event, never a hang`, async () => {
      gemini.fallback = { kind: 'cut', chunks: ['The first part, ', 'the second part'], then };
      const s = await trainSse(`cut-${then}-1`, 'tell me a story', 10_000);
      assert.equal(s.status, 200);
      const last = s.events.at(-1);
      assert.ok(last && ['done', 'error'].includes(last.event), s.text);
      if (last.event === 'done') {
        assert.equal((last.data as TrainData).reply, deltas(s.events), 'done carries what the visitor saw');
        assert.match((last.data as TrainData).reply, /^The first part, the second part/);
      }
      assert.ok(s.ms < TIMEOUT_MS + 4000, `ended after ${s.ms} ms`);
      assert.equal(gemini.requests.length, 1, 'a partly delivered reply is not asked again');

      const r = await train(`cut-${then}-2`, 'tell me a story', 10_000);
      assert.equal(r.status, 200);
      assert.match(r.body.data.reply, /^The first part, the second part/);
      assert.ok(r.ms < TIMEOUT_MS + 4000, `JSON answer after ${r.ms} ms`);
    });
  }

  it('a stream broken before any text is retried like any other failure', async () => {
    gemini.queue.push({ kind: 'cut', chunks: [], then: 'destroy' }, { kind: 'text', chunks: ['Second try works.'] });
    const r = await train('cut-empty-1', 'hello');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.reply, 'Second try works.');
    assert.equal(gemini.requests.length, 2);
  });
});

describe('LLM_TURN_TIMEOUT_MS bounds the whole turn, retries included', () => {
  const TURN_MS = 1500;
  const ATTEMPT_MS = 6000;
  let gemini: FakeGemini;
  let h: Harness;
  useGeminiStack(
    {
      GEMINI_API_KEY: API_KEY,
      GEMINI_TIMEOUT_MS: String(ATTEMPT_MS),
      GEMINI_MAX_ATTEMPTS: '3',
      LLM_TURN_TIMEOUT_MS: String(TURN_MS),
    },
    (stack) => ({ gemini, h } = stack),
  );

  it('a hanging Gemini gives the fallback once the turn budget is spent, not after attempts x timeout', async () => {
    gemini.fallback = { kind: 'text', chunks: ['Much too late.'], firstDelayMs: 60_000 };
    const started = Date.now();
    const r = await postSse(`${h.url}/gemini/train`, { client_id: 'turn-budget-1', content: 'hello' });
    const ms = Date.now() - started;
    assert.equal(r.status, 200);
    assert.equal(r.events.at(-1)?.event, 'done');
    assert.equal((r.events.at(-1)?.data as TrainData).reply, FALLBACK_REPLY);
    // Without the turn budget this waits 3 x 6 s; with it, about 1.5 s (less than one attempt's timeout).
    assert.ok(ms < ATTEMPT_MS, `fallback after ${ms} ms`);
    assert.equal(gemini.requests.length, 1, 'no retry starts once the budget is spent');
  });
});
