/**
 * Investigation aid (not part of npm run bench): is @google/genai dearer when our code calls it? The turn-CPU
 * profiles (profile-chat.ts) put more CPU per turn in the SDK and undici in our server than in the SDK
 * baseline's, for the same calls. This runs the call both ways in ONE process, against the fake Gemini child,
 * 64 at a time, interleaved, and prints this process's CPU per call:
 *   bare   — as the SDK baseline calls it (turn-baseline.server.ts): generateContentStream, no abort signal;
 *   signal — the same with an AbortSignal in the config (what our deadline adds);
 *   ours   — GeminiAssistant.reply (src/llm/gemini.assistant.ts): the retries wrapper, the per-attempt
 *            AbortController and timer, collectStream, the same history at the cap.
 * If `ours` costs about what `bare` does here, the extra the profiles show in our server comes from the
 * process around the call (its other work, its heap, the garbage collector), not from how we call the SDK.
 * Usage: node --import tsx test/bench/sdk-call.bench.ts [rounds] [calls per run]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GoogleGenAI, type Content, type GenerateContentResponse } from '@google/genai';
import { DateTime } from 'luxon';
import { createLogger } from '../../src/infra/logger.js';
import type { AssistantTurn, PromptMessage } from '../../src/llm/assistant.types.js';
import { GeminiAssistant } from '../../src/llm/gemini.assistant.js';
import { ROOT } from '../helpers/harness.js';
import { blankTurnFacts } from '../helpers/turn-facts.js';
import { pct } from './bench-utils.js';
import { CHAT_MESSAGE, startFakeGeminiChild } from './chat.bench.js';
import { FAKE_REPLY_CHUNKS } from './fake-reply.js';

const CONCURRENCY = 64;
const MODEL = 'gemini-2.5-flash';
const rounds = Number(process.argv[2] ?? 7);
const callsPerRun = Number(process.argv[3] ?? 2000);

const fake = await startFakeGeminiChild();
const system = readFileSync(path.join(ROOT, 'system_instruction.txt'), 'utf8');
// A history at the cap (20 messages) and the turn's facts and message, as the chat service lays them out.
const messages: PromptMessage[] = Array.from({ length: 20 }, (_, i) =>
  i % 2 === 0
    ? { role: 'user' as const, texts: [CHAT_MESSAGE] }
    : { role: 'model' as const, texts: [FAKE_REPLY_CHUNKS.join('')] },
);
messages.push({ role: 'user', texts: ['--- Context for this reply ---\n- name: (not given yet)', CHAT_MESSAGE] });
const contents: Content[] = messages.map((m) => ({ role: m.role, parts: m.texts.map((text) => ({ text })) }));
const turn: AssistantTurn = {
  prompt: { system, messages },
  history: [],
  message: CHAT_MESSAGE,
  facts: blankTurnFacts(DateTime.now()),
};
const config = { systemInstruction: system, temperature: 0.4, maxOutputTokens: 1024 };
const genai = new GoogleGenAI({ apiKey: 'bench-gemini-key', httpOptions: { baseUrl: fake.url, apiVersion: 'v1beta' } });
const assistant = new GeminiAssistant({
  apiKey: 'bench-gemini-key',
  model: MODEL,
  baseUrl: fake.url,
  timeoutMs: 20_000,
  maxAttempts: 3,
  turnTimeoutMs: 30_000,
  logger: createLogger('warn'),
});

async function readAll(stream: AsyncGenerator<GenerateContentResponse>): Promise<string> {
  let reply = '';
  for await (const chunk of stream) reply += chunk.text ?? '';
  return reply;
}

const variants: Record<string, () => Promise<string>> = {
  bare: async () => readAll(await genai.models.generateContentStream({ model: MODEL, contents, config })),
  signal: async () => {
    const abortSignal = new AbortController().signal;
    return readAll(
      await genai.models.generateContentStream({ model: MODEL, contents, config: { ...config, abortSignal } }),
    );
  },
  ours: () =>
    assistant.reply(
      turn,
      () => undefined,
      () => undefined,
    ),
};

/** This process's CPU (user + system, ms) per call over `calls` calls, CONCURRENCY at a time. */
async function cpuPerCall(call: () => Promise<string>, calls: number): Promise<number> {
  let started = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started++ < calls) {
        const reply = await call();
        if (!reply.includes('four to six weeks')) throw new Error(`unexpected reply: ${reply}`);
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

try {
  const names = Object.keys(variants);
  for (const name of names) await cpuPerCall(variants[name] as () => Promise<string>, 500); // warm-up
  const runs = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotating order, so that no variant always runs first in a round.
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length] as string;
      runs.get(name)?.push(await cpuPerCall(variants[name] as () => Promise<string>, callsPerRun));
    }
  }
  const bare = runs.get('bare') ?? [];
  for (const [name, values] of runs) {
    const perRound = values.map((v, i) => v / (bare[i] ?? NaN));
    process.stdout.write(
      `${name.padEnd(7)} ${pct(values, 50).toFixed(3)} ms CPU per call (runs ${values.map((v) => v.toFixed(2)).join('/')}); ÷ bare per round, median ${pct(perRound, 50).toFixed(2)}\n`,
    );
  }
} finally {
  await fake.stop();
}
