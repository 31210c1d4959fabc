/**
 * GET /metrics (Prometheus text, prom-client): counters move after a chat turn, tokens come from the
 * provider's usage, labels hold route patterns and never a visitor's data, and the route needs the admin key
 * unless METRICS_PUBLIC=true.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeOpenAi } from '../helpers/fake-openai.js';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, postJson } from '../helpers/harness.js';
import { openAiEnv, useFakeOpenAi } from '../helpers/openai-stack.js';

const auth = { 'x-api-key': ADMIN_KEY };

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = line.slice(name.length, line.lastIndexOf(' '));
    if (wanted.every((w) => labelPart.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

async function scrape(
  url: string,
  headers: Record<string, string> = auth,
): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

describe('GET /metrics', () => {
  let fake: FakeOpenAi;
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({ env: () => openAiEnv(fake) });

  it('needs the admin key', async () => {
    const res = await fetch(`${h.url}/metrics`);
    assert.equal(res.status, 401);
  });

  it('counts a chat turn, the LLM call and its tokens, and the HTTP request by route pattern', async () => {
    const before = await scrape(h.url);
    assert.equal(before.status, 200);
    assert.match(before.type, /^text\/plain/);
    assert.ok(before.text.includes('process_cpu_user_seconds_total'), 'default process metrics');
    assert.equal(sample(before.text, 'chat_turns_total', { provider: 'openai', outcome: 'ok' }), undefined);

    fake.queue.push({
      kind: 'text',
      chunks: ['Nice to meet you, Zoe.'],
      usage: { prompt: 120, cached: 64, output: 9 },
    });
    const turn = await postJson(`${h.url}/gemini/train`, {
      client_id: 'metrics-visitor-1',
      content: "Hi, I'm Zoe Quint, zoe.quint@example.com, +44 20 7946 0958",
    });
    assert.equal(turn.status, 200);
    fake.queue.push({ kind: 'status', status: 400 });
    await postJson(`${h.url}/gemini/train`, { client_id: 'metrics-visitor-1', content: 'hello again' });
    const lead = await fetch(`${h.url}/leads/not-a-lead-id`, { headers: auth });
    assert.equal(lead.status, 404);

    const after = await scrape(h.url);
    const llm = { provider: 'openai', model: 'gpt-test' };
    assert.equal(sample(after.text, 'chat_turns_total', { provider: 'openai', outcome: 'ok' }), 1);
    assert.equal(sample(after.text, 'chat_turns_total', { provider: 'openai', outcome: 'fallback' }), 1);
    assert.equal(sample(after.text, 'llm_calls_total', { ...llm, outcome: 'ok' }), 1);
    assert.equal(sample(after.text, 'llm_calls_total', { ...llm, outcome: 'error' }), 1);
    assert.equal(sample(after.text, 'llm_tokens_total', { ...llm, kind: 'prompt' }), 120);
    assert.equal(sample(after.text, 'llm_tokens_total', { ...llm, kind: 'cached' }), 64);
    assert.equal(sample(after.text, 'llm_tokens_total', { ...llm, kind: 'output' }), 9);
    assert.equal(sample(after.text, 'llm_call_duration_seconds_count', llm), 2);
    assert.equal(
      sample(after.text, 'http_requests_total', { method: 'POST', route: '/gemini/train', status: '200' }),
      2,
    );
    assert.equal(sample(after.text, 'http_requests_total', { method: 'GET', route: '/leads/:id', status: '404' }), 1);
    assert.equal(
      sample(after.text, 'http_request_duration_seconds_count', { method: 'POST', route: '/gemini/train' }),
      2,
    );
    // Labels are patterns and closed sets: no id, no visitor's details, no prompt text. (The phone is looked for
    // whole: four of its digits can be part of a sample's value, such as a heap size.)
    for (const secret of [
      'metrics-visitor-1',
      'not-a-lead-id',
      'zoe',
      'Zoe',
      '2079460958',
      '7946 0958',
      'hello again',
    ]) {
      assert.ok(!after.text.includes(secret), `the metrics text holds "${secret}"`);
    }
  });
});

describe('GET /metrics with METRICS_PUBLIC=true', () => {
  const { h } = useServer({ env: { METRICS_PUBLIC: 'true' } });

  it('answers without credentials (a scraper inside a private network)', async () => {
    const res = await scrape(h.url, {});
    assert.equal(res.status, 200);
    assert.ok(res.text.includes('http_requests_total'));
  });
});
