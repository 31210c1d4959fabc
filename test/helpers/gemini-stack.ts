/** The set-up of tests that talk to Gemini: a real redis-server, the fake Gemini, and the app wired to both. */
import { after, before, beforeEach } from 'node:test';
import { startFakeGemini, type FakeGemini } from './fake-gemini.js';
import { startHarness, type Harness } from './harness.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface GeminiStack {
  redis: TestRedis;
  gemini: FakeGemini;
  h: Harness;
  close(): Promise<void>;
}

/** `env` is added to the app's (GEMINI_API_KEY and GEMINI_BASE_URL are set to reach the fake). */
export async function startGeminiStack(env: Record<string, string> = {}): Promise<GeminiStack> {
  const redis = await startTestRedis();
  const gemini = await startFakeGemini();
  const h = await startHarness(redis.url, { GEMINI_API_KEY: 'fake-gemini-key', GEMINI_BASE_URL: gemini.url, ...env });
  return {
    redis,
    gemini,
    h,
    close: async () => {
      await h.close();
      await gemini.close();
      await redis.stop();
    },
  };
}

/**
 * The stack for one describe block: started before its tests (then `onReady` gets the parts), closed after
 * them, and before each test the fake forgets its requests and queued answers and answers plain text again.
 */
export function useGeminiStack(env: Record<string, string>, onReady: (stack: GeminiStack) => void): void {
  let stack: GeminiStack | undefined;
  before(async () => {
    stack = await startGeminiStack(env);
    onReady(stack);
  });
  after(() => stack?.close());
  beforeEach(() => {
    if (!stack) return;
    stack.gemini.requests.length = 0;
    stack.gemini.queue.length = 0;
    stack.gemini.fallback = { kind: 'text', chunks: ['Hello from the fake Gemini.'] };
  });
}
