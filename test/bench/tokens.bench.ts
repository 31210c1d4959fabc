/**
 * Tokens per turn of one 10-turn conversation through our prompt layout (src/chat/prompt-layout.ts): the real
 * server in-process against the fake Gemini, the shipped system_instruction.txt, the turn's request as the
 * fake received it. Counted with OpenAI's o200k_base tokenizer (gpt-tokenizer): Gemini's tokenizer is another
 * one, so every figure is an estimate of Gemini's count (text only: the few tokens a provider adds per message
 * for roles and separators are not in it). Per turn:
 *   prompt  — everything sent: the system text, the history, this turn's facts and the visitor's message;
 *   system  — the system instruction and business profile, byte-identical every turn (the stable prefix);
 *   shared  — the prefix this request shares with the previous one (the system text, then every content up to
 *             the first that differs): the most that implicit caching can discount;
 *   history — the earlier turns; facts — this turn's context block; message — the visitor's words;
 *   output  — the fake's reply (what the model would have generated).
 * Then what reaches our token-usage store (src/llm/token-usage.store.ts, the sums behind /stats) from the
 * providers' usage fields: the fake Gemini reports the tokenizer's counts above (cached = the shared prefix),
 * so that column checks the path from usageMetadata to the store; the fake OpenAI-compatible server reports its
 * own rough count (characters / 4, no cache), through the same store, for the same conversation.
 * Run: npm run bench:tokens (also a section of npm run bench).
 */
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { TokenUsageStore, type UsageTotals } from '../../src/llm/token-usage.store.js';
import { startFakeGemini, systemText, type RecordedRequest } from '../helpers/fake-gemini.js';
import { startFakeOpenAi } from '../helpers/fake-openai.js';
import { postJson, ROOT, startHarness, type Harness } from '../helpers/harness.js';
import { openAiEnv } from '../helpers/openai-stack.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { isMain, markdownTable } from './bench-utils.js';

/** Gemini 2.5 Flash's minimum prompt for implicit caching (Google's context caching page, 2026). */
const IMPLICIT_CACHE_MINIMUM = 2048;

/** The visitor's ten messages and the replies the fakes give, a conversation that ends in a meeting request. */
const CONVERSATION: Array<[visitor: string, reply: string]> = [
  [
    'Hi! Do you build online stores?',
    'Hello! Yes, we design and build online stores, from small shops to larger catalogues. What do you sell?',
  ],
  [
    'Roughly what would a small shop cost?',
    'A small shop with up to 50 products usually costs between 3,000 and 6,000 euros, depending on design and integrations. Could I have your name?',
  ],
  [
    "I'm Dana Whitfield from Wick & Wax.",
    'Nice to meet you, Dana! Wick & Wax sounds lovely. What email address should we use to send you a quote?',
  ],
  [
    'dana@wickandwax.example',
    "Thank you, Dana. We'll send the quote there. How many products would you like to start with?",
  ],
  [
    'We sell handmade candles, about 40 products.',
    'Forty products fits our small-shop package well. Do you already have product photos, or would you like us to arrange them?',
  ],
  [
    'Do you also do the product photos?',
    'Yes, we work with a product photographer: a session for 40 candles takes about a day. Shall I include it in the quote?',
  ],
  [
    'Yes please. Can you connect it to our stock spreadsheet?',
    'We can: the shop can read stock levels from a Google Sheet or import a CSV every night. Which one do you use?',
  ],
  [
    'A Google Sheet. What about hosting and maintenance afterwards?',
    'Hosting and maintenance are 40 euros a month, with updates, backups and small changes included.',
  ],
  [
    'Could we have a call on Monday at 10am to talk it through?',
    'Happy to! Shall I book Monday at 10:00 for a 30-minute call?',
  ],
  ['Yes, that works.', "Great, you're booked for Monday at 10:00. You'll get an invitation by email."],
];

interface PromptParts {
  system: string;
  contents: Array<{ role: string; texts: string[] }>;
}

function partsOf(req: RecordedRequest): PromptParts {
  return {
    system: systemText(req),
    contents: (req.body.contents ?? []).map((c) => ({ role: c.role, texts: c.parts.map((p) => p.text ?? '') })),
  };
}

const tokensOf = (texts: string[]) => texts.reduce((n, text) => n + countTokens(text), 0);
const contentTokens = (contents: PromptParts['contents']) => tokensOf(contents.flatMap((c) => c.texts));

/** The tokens of the prefix `req` shares with `prev`: the system text when identical, then whole equal contents. */
function sharedPrefixTokens(req: PromptParts, prev: PromptParts | undefined): number {
  if (!prev || prev.system !== req.system) return 0;
  let tokens = countTokens(req.system);
  for (const [i, content] of req.contents.entries()) {
    const before = prev.contents[i];
    if (!before || before.role !== content.role || before.texts.join('\u0000') !== content.texts.join('\u0000')) break;
    tokens += tokensOf(content.texts);
  }
  return tokens;
}

function promptTokens(req: PromptParts): number {
  return countTokens(req.system) + contentTokens(req.contents);
}

interface TurnTokens {
  prompt: number;
  system: number;
  shared: number;
  history: number;
  facts: number;
  message: number;
  output: number;
  gemini: UsageTotals;
  openai: UsageTotals;
}

const difference = (now: UsageTotals, before: UsageTotals): UsageTotals => ({
  turns: now.turns - before.turns,
  prompt_tokens: now.prompt_tokens - before.prompt_tokens,
  cached_tokens: now.cached_tokens - before.cached_tokens,
  output_tokens: now.output_tokens - before.output_tokens,
});

/** Plays the conversation on `h`, queuing each reply with `queue`; returns each turn's usage as the store saw it. */
async function playConversation(
  h: Harness,
  clientId: string,
  queue: (reply: string) => void,
  afterTurn?: () => void,
): Promise<UsageTotals[]> {
  const store = new TokenUsageStore(h.redis);
  const read = async () => (await store.forConversations([clientId])).conversations[clientId] as UsageTotals;
  const perTurn: UsageTotals[] = [];
  let before = await read();
  for (const [message, reply] of CONVERSATION) {
    queue(reply);
    const res = await postJson(`${h.url}/gemini/train`, { client_id: clientId, content: message });
    if (res.status !== 200) throw new Error(`turn failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    afterTurn?.();
    const now = await read();
    perTurn.push(difference(now, before));
    before = now;
  }
  return perTurn;
}

export async function measureTokens(): Promise<{ table: string; notes: string[]; turns: TurnTokens[] }> {
  const redis = await startTestRedis();
  const gemini = await startFakeGemini();
  const openai = await startFakeOpenAi();
  const env = { SYSTEM_INSTRUCTION_FILE: path.join(ROOT, 'system_instruction.txt') };
  const harnesses: Harness[] = [];
  try {
    // The fake Gemini counts as the table does: the whole prompt, the prefix shared with the previous request
    // as cached, the reply as output.
    gemini.usageOf = (req, reply) => {
      const parts = partsOf(req);
      const previous = gemini.requests.at(-2);
      return {
        prompt: promptTokens(parts),
        cached: sharedPrefixTokens(parts, previous && partsOf(previous)),
        output: countTokens(reply),
      };
    };
    const viaGemini = await startHarness(redis.url, {
      ...env,
      GEMINI_API_KEY: 'bench-gemini-key',
      GEMINI_BASE_URL: gemini.url,
    });
    harnesses.push(viaGemini);
    const requests: PromptParts[] = [];
    const replies: string[] = [];
    const geminiUsage = await playConversation(
      viaGemini,
      `tokens-gemini-${Date.now()}`,
      (reply) => {
        replies.push(reply);
        // Streamed in two pieces, as the model would.
        const cut = reply.indexOf(' ', reply.length >> 1);
        gemini.queue.push({ kind: 'text', chunks: [reply.slice(0, cut), reply.slice(cut)] });
      },
      () => {
        const req = gemini.requests.at(-1);
        if (!req) throw new Error('the fake Gemini saw no request');
        requests.push(partsOf(req));
      },
    );
    const viaOpenAi = await startHarness(redis.url, { ...env, ...openAiEnv(openai) });
    harnesses.push(viaOpenAi);
    const openAiUsage = await playConversation(viaOpenAi, `tokens-openai-${Date.now()}`, (reply) => {
      openai.queue.push({ kind: 'text', chunks: [reply] });
    });

    const turns = requests.map((req, i): TurnTokens => {
      const last = req.contents.at(-1);
      const [facts = '', ...message] = last?.texts ?? [];
      return {
        prompt: promptTokens(req),
        system: countTokens(req.system),
        shared: sharedPrefixTokens(req, requests[i - 1]),
        history: contentTokens(req.contents.slice(0, -1)),
        facts: countTokens(facts),
        message: tokensOf(message),
        output: countTokens(replies[i] ?? ''),
        gemini: geminiUsage[i] ?? { turns: 0, prompt_tokens: 0, cached_tokens: 0, output_tokens: 0 },
        openai: openAiUsage[i] ?? { turns: 0, prompt_tokens: 0, cached_tokens: 0, output_tokens: 0 },
      };
    });
    const sum = (pick: (t: TurnTokens) => number) => turns.reduce((n, t) => n + pick(t), 0);
    const rows = turns.map((t, i) => [
      String(i + 1),
      String(t.prompt),
      String(t.system),
      String(t.shared),
      String(t.history),
      String(t.facts),
      String(t.message),
      String(t.output),
      `${t.gemini.prompt_tokens} / ${t.gemini.cached_tokens} / ${t.gemini.output_tokens}`,
      `${t.openai.prompt_tokens} / ${t.openai.cached_tokens} / ${t.openai.output_tokens}`,
    ]);
    rows.push([
      'sum',
      String(sum((t) => t.prompt)),
      String(sum((t) => t.system)),
      String(sum((t) => t.shared)),
      String(sum((t) => t.history)),
      String(sum((t) => t.facts)),
      String(sum((t) => t.message)),
      String(sum((t) => t.output)),
      `${sum((t) => t.gemini.prompt_tokens)} / ${sum((t) => t.gemini.cached_tokens)} / ${sum((t) => t.gemini.output_tokens)}`,
      `${sum((t) => t.openai.prompt_tokens)} / ${sum((t) => t.openai.cached_tokens)} / ${sum((t) => t.openai.output_tokens)}`,
    ]);
    const table = markdownTable(
      [
        'turn',
        'prompt',
        'system (stable)',
        'shared with previous request',
        'history',
        'facts',
        'message',
        'output',
        'store, fake Gemini: prompt / cached / output',
        'store, fake OpenAI (chars/4): prompt / cached / output',
      ],
      rows,
    );
    const shared = sum((t) => t.shared);
    const prompt = sum((t) => t.prompt);
    const largest = Math.max(...turns.map((t) => t.prompt));
    const notes = [
      `tokens: o200k_base (gpt-tokenizer), text only; Gemini's tokenizer differs, so these estimate Gemini's counts. ` +
        `Over the 10 turns, ${((100 * shared) / prompt).toFixed(0)}% of the prompt tokens are a prefix the previous request already sent. ` +
        `Gemini's implicit caching only applies from a minimum prompt size (${IMPLICIT_CACHE_MINIMUM.toLocaleString('en-US')} tokens for Gemini 2.5 Flash ` +
        `on Google's caching page as of 2026; 1,024 earlier), ${largest >= IMPLICIT_CACHE_MINIMUM ? 'which' : 'above every prompt here (largest'} ` +
        `${largest.toLocaleString('en-US')}${largest >= IMPLICIT_CACHE_MINIMUM ? ' tokens reaches' : '): with this instruction and profile, a conversation this short gets no discount'}.`,
    ];
    return { table, notes, turns };
  } finally {
    for (const h of harnesses) await h.close();
    await gemini.close();
    await openai.close();
    await redis.stop();
  }
}

if (isMain(import.meta.url)) {
  const { table, notes } = await measureTokens();
  process.stdout.write(`${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
}
