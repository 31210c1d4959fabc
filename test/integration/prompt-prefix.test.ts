/**
 * The prompt's prefix stays the same from turn to turn, so a provider's prompt cache (Gemini's implicit
 * caching, OpenAI's prompt caching) can discount it: the system instruction with the business profile is
 * byte-identical across the turns of a conversation while the visitor's details, the clock and the meeting
 * change, each request starts with the whole previous request but its last message, and this turn's facts
 * come after the history. Checked at both fakes, through both real SDKs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemText, type FakeGemini } from '../helpers/fake-gemini.js';
import { messageText, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useServer } from '../helpers/fixture.js';
import { useGeminiStack } from '../helpers/gemini-stack.js';
import { postJson, type Harness } from '../helpers/harness.js';
import { openAiEnv, useFakeOpenAi } from '../helpers/openai-stack.js';

/** Turns that change what the server knows: a detail, then a proposed meeting, then a yes. */
const TURNS = [
  'Hello there',
  'I am Dana Whitfield, dana.whitfield@example.com',
  'Can we meet tomorrow at 3pm?',
  'yes please',
];

/** One request as the provider saw it: its system text and its messages (role and text). */
interface Seen {
  system: string;
  messages: string[];
}

function checkStablePrefix(seen: Seen[]): void {
  assert.equal(seen.length, TURNS.length);
  const first = seen[0]!;
  for (const [i, request] of seen.entries()) {
    assert.equal(request.system, first.system, `turn ${i + 1}: the system instruction changed`);
    const last = request.messages.at(-1) ?? '';
    assert.match(last, /Context for this reply[^]*Current date and time/, 'the facts are in the last message');
    assert.ok(last.endsWith(TURNS[i]!), "the visitor's words close it");
    for (const earlier of request.messages.slice(0, -1)) assert.doesNotMatch(earlier, /Context for this reply/);
    const next = seen[i + 1];
    if (next) {
      // Everything but this turn's last message is where the next request starts: the cacheable prefix.
      assert.deepEqual(next.messages.slice(0, request.messages.length - 1), request.messages.slice(0, -1));
    }
  }
  assert.doesNotMatch(first.system, /Current date and time|dana|Still missing|Meeting:/i);
  assert.match(first.system, /Northwind Digital/);
  assert.match(seen[1]!.messages.at(-1) ?? '', /email: dana\.whitfield@example\.com/);
  assert.match(seen[2]!.messages.at(-1) ?? '', /Meeting: Proposed meeting: /);
}

async function talk(h: Harness, clientId: string): Promise<void> {
  for (const content of TURNS) {
    const r = await postJson(`${h.url}/gemini/train`, { client_id: clientId, content });
    assert.equal(r.status, 200);
  }
}

describe('the stable prompt prefix at Gemini', () => {
  let gemini: FakeGemini;
  let h: Harness;
  useGeminiStack({ GEMINI_MODEL: 'gemini-test' }, (stack) => ({ gemini, h } = stack));

  it('sends the system instruction byte-identical every turn, the history next, the turn facts last', async () => {
    await talk(h, 'prefix-gemini-1');
    checkStablePrefix(
      gemini.requests.map((r) => ({
        system: systemText(r),
        messages: (r.body.contents ?? []).map((c) => `${c.role}:${c.parts.map((p) => p.text ?? '').join('\n\n')}`),
      })),
    );
  });
});

describe('the stable prompt prefix at an OpenAI-compatible endpoint', () => {
  let fake: FakeOpenAi;
  useFakeOpenAi((f) => (fake = f));
  const { h } = useServer({ env: () => openAiEnv(fake) });

  it('sends the system message byte-identical every turn, the history next, the turn facts last', async () => {
    await talk(h, 'prefix-openai-1');
    checkStablePrefix(
      fake.requests.map((r) => {
        const [system, ...messages] = r.body.messages ?? [];
        assert.equal(system?.role, 'system');
        return {
          system: system ? messageText(system) : '',
          messages: messages.map((m) => `${m.role}:${messageText(m)}`),
        };
      }),
    );
  });
});
