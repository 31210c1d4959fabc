/**
 * The fake OpenAI-compatible endpoint for one describe block: started before its tests, closed after them,
 * and before each test it forgets its requests and queued answers and answers plain text again. Pair it with
 * `useServer({env: () => openAiEnv(fake)})` (declared after it, so the fake is up when the app is built).
 */
import { after, before, beforeEach } from 'node:test';
import { PLAIN_REPLY, startFakeOpenAi, type FakeOpenAi } from './fake-openai.js';

export function useFakeOpenAi(onReady: (fake: FakeOpenAi) => void): void {
  let fake: FakeOpenAi | undefined;
  before(async () => {
    fake = await startFakeOpenAi();
    onReady(fake);
  });
  after(() => fake?.close());
  beforeEach(() => {
    if (!fake) return;
    fake.requests.length = 0;
    fake.queue.length = 0;
    fake.fallback = PLAIN_REPLY;
  });
}

/** The app's environment for the fake: the contract's variables, short per-attempt timeouts for tests. */
export function openAiEnv(fake: FakeOpenAi, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-fake-openai-key',
    OPENAI_MODEL: 'gpt-test',
    OPENAI_TIMEOUT_MS: '2000',
    ...extra,
  };
}
