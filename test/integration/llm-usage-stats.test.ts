/**
 * Token usage recorded from the providers' own usage fields (OpenAI's `usage` in the last chunk, Gemini's
 * `usageMetadata`), summed per conversation, per lead (GET /leads/:id) and per business day (GET /stats),
 * and the rest of GET /stats over what the stores hold, in the business zone's days.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Stats as StatsData } from '../../src/admin/stats.service.js';
import { FALLBACK_REPLY } from '../../src/chat/chat.service.js';
import type { FakeGemini } from '../helpers/fake-gemini.js';
import type { FakeOpenAi } from '../helpers/fake-openai.js';
import { useServer } from '../helpers/fixture.js';
import { useGeminiStack } from '../helpers/gemini-stack.js';
import { ADMIN_KEY, getJson, postJson, type Harness, type TrainData } from '../helpers/harness.js';
import { openAiEnv, useFakeOpenAi } from '../helpers/openai-stack.js';

const auth = { 'x-api-key': ADMIN_KEY };

type Usage = StatsData['llm'];
type LeadUsage = { lead: { id: string }; usage: (Usage & { conversations: Record<string, Usage> }) | null };

describe('token usage and GET /stats (OpenAI-compatible provider, business zone Asia/Karachi)', () => {
  let fake: FakeOpenAi;
  // 2025-03-10 19:30 UTC is already 11 March in Karachi (UTC+5): days are the business zone's.
  let clock = new Date('2025-03-10T19:30:00Z');
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({
    env: () => openAiEnv(fake, { BUSINESS_TIMEZONE: 'Asia/Karachi' }),
    deps: { now: () => clock },
  });
  const train = (client_id: string, content: string) =>
    postJson<TrainData<{ id: string } | null>>(`${h.url}/gemini/train`, { client_id, content });
  const stats = (query = '') => getJson<StatsData>(`${h.url}/stats${query}`, auth);
  let leadId = '';

  it('records each turn from the usage the provider reported, per conversation and per lead', async () => {
    fake.queue.push({
      kind: 'text',
      chunks: ['Nice to meet you, Ann.'],
      usage: { prompt: 100, cached: 40, output: 10 },
    });
    const first = await train('usage-ann-1', "Hi, I'm Ann Lee, ann.lee@example.com");
    assert.ok(first.body.data.lead);
    clock = new Date('2025-03-11T10:00:00Z'); // 15:00 in Karachi, same day
    fake.queue.push({ kind: 'text', chunks: ['Shall we?'], usage: { prompt: 200, cached: 150, output: 20 } });
    const second = await train('usage-ann-1', 'Can we meet on 13 March at 11am?');
    assert.equal((second.body.data.meeting as { status: string } | null)?.status, 'proposed');
    // A fallback turn cost nothing that was reported: it is not counted.
    clock = new Date('2025-03-12T20:00:00Z'); // 13 March, 01:00 in Karachi
    fake.queue.push({ kind: 'status', status: 400 });
    const failed = await train('usage-bob-1', 'hello');
    assert.equal(failed.body.data.reply, FALLBACK_REPLY);
    const created = await postJson<{ lead: { id: string } }>(`${h.url}/leads`, { name: 'Api Person' }, auth);
    assert.equal(created.status, 201);

    const leads = await getJson<{ leads: Array<{ id: string; email: string | null }> }>(`${h.url}/leads`, auth);
    leadId = leads.body.data.leads.find((l) => l.email === 'ann.lee@example.com')?.id ?? '';
    const lead = await getJson<LeadUsage>(`${h.url}/leads/${leadId}`, auth);
    assert.equal(lead.status, 200);
    assert.equal(lead.body.data.lead.id, leadId);
    const ann = { turns: 2, prompt_tokens: 300, cached_tokens: 190, output_tokens: 30 };
    assert.deepEqual(lead.body.data.usage, { ...ann, conversations: { 'usage-ann-1': ann } });
  });

  it('sums a lead over every conversation linked to it', async () => {
    clock = new Date('2025-03-12T21:00:00Z');
    fake.queue.push({ kind: 'text', chunks: ['Welcome back.'], usage: { prompt: 50, cached: 0, output: 5 } });
    await train('usage-ann-2', 'It is me again, ann.lee@example.com');
    const usage = (await getJson<LeadUsage>(`${h.url}/leads/${leadId}`, auth)).body.data.usage;
    assert.deepEqual(
      { turns: usage?.turns, prompt: usage?.prompt_tokens, cached: usage?.cached_tokens, out: usage?.output_tokens },
      { turns: 3, prompt: 350, cached: 190, out: 35 },
    );
    assert.deepEqual(Object.keys(usage?.conversations ?? {}).sort(), ['usage-ann-1', 'usage-ann-2']);
  });

  it('GET /stats counts one business day', async () => {
    const r = await stats('?from=2025-03-11&to=2025-03-11');
    assert.equal(r.status, 200);
    const d = r.body.data;
    assert.deepEqual(d.leads_by_day, [{ date: '2025-03-11', leads: 1 }]);
    assert.equal(d.by_status.new, 1);
    assert.deepEqual(d.by_source, { chat: 1, form: 0, api: 0 });
    assert.equal(d.conversations, 1);
    assert.deepEqual(d.meetings, { proposed: 0, requested: 0, booked: 0, cancelled: 0 }, 'the meeting is on the 13th');
    assert.deepEqual(d.llm, { turns: 2, prompt_tokens: 300, cached_tokens: 190, output_tokens: 30 });
  });

  it('GET /stats over a range lists every day, zeros included', async () => {
    const d = (await stats('?from=2025-03-10&to=2025-03-13')).body.data;
    assert.deepEqual(
      d.leads_by_day.map((x) => `${x.date}:${x.leads}`),
      ['2025-03-10:0', '2025-03-11:1', '2025-03-12:0', '2025-03-13:1'],
    );
    assert.deepEqual(d.by_source, { chat: 1, form: 0, api: 1 });
    assert.equal(d.conversations, 3, "Ann's two conversations and Bob's");
    assert.equal(d.meetings.proposed, 1);
    assert.deepEqual(d.llm, { turns: 3, prompt_tokens: 350, cached_tokens: 190, output_tokens: 35 });
  });

  it('GET /stats without dates runs from the first recorded day to today', async () => {
    const d = (await stats()).body.data;
    assert.equal(d.from, '2025-03-11');
    assert.equal(d.to, '2025-03-13');
    assert.equal(d.llm.turns, 3);
  });

  it('GET /stats refuses bad dates with 400 and the field', async () => {
    for (const query of [
      '?from=2025-02-30',
      '?from=11-03-2025',
      '?to=tomorrow',
      '?from=2025-03-12&to=2025-03-11',
      '?from=2025-03-01&from=2025-03-02',
      '?from=1990-01-01&to=2025-01-01',
    ]) {
      const r = await stats(query);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.status, 'error');
      const errors = (r.body.data as unknown as { errors: Array<{ field: string }> }).errors;
      assert.ok(
        errors.some((e) => ['from', 'to'].includes(e.field)),
        `${query}: ${JSON.stringify(errors)}`,
      );
    }
    assert.equal((await getJson(`${h.url}/stats`)).status, 401, 'admin only');
  });

  it('erasing the lead drops its conversations’ own sums but keeps the totals', async () => {
    const del = await fetch(`${h.url}/leads/${leadId}`, { method: 'DELETE', headers: auth });
    assert.equal(del.status, 200);
    assert.equal(await h.redis.exists('usage:conv:usage-ann-1'), 0);
    assert.equal((await stats('?from=2025-03-10&to=2025-03-13')).body.data.llm.turns, 3);
  });
});

describe('token usage from Gemini (usageMetadata)', () => {
  let gemini: FakeGemini;
  let h: Harness;
  useGeminiStack({}, (stack) => ({ gemini, h } = stack));

  it('records promptTokenCount, cachedContentTokenCount and candidatesTokenCount', async () => {
    gemini.queue.push({ kind: 'text', chunks: ['Hel', 'lo'], usage: { prompt: 1200, cached: 1024, output: 7 } });
    const r = await postJson<TrainData>(`${h.url}/gemini/train`, { client_id: 'usage-gemini-1', content: 'Hi' });
    assert.equal(r.body.data.reply, 'Hello');
    const d = (await getJson<StatsData>(`${h.url}/stats`, auth)).body.data;
    assert.deepEqual(d.llm, { turns: 1, prompt_tokens: 1200, cached_tokens: 1024, output_tokens: 7 });
    assert.deepEqual(await h.redis.hgetall('usage:conv:usage-gemini-1'), {
      turns: '1',
      prompt_tokens: '1200',
      cached_tokens: '1024',
      output_tokens: '7',
    });
  });
});
