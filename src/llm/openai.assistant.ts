/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, LM Studio, Groq, OpenRouter)
 * through the official `openai` SDK, streaming. The SDK's own retries are off: retries, the deadlines and
 * the mapping of failures are streamReplyWithRetries' (shared with Gemini). The stable prefix is the first
 * (system) message; the turn's facts open the last user message, so OpenAI's prompt caching can discount
 * the rest.
 */
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { Assistant, AssistantTurn, PromptLayout, TokenUsage } from './assistant.types.js';
import { collectStream, streamReplyWithRetries, type StreamPolicy } from './streamed-reply.js';

/** The config's `openai` (an undefined key: no Authorization header), the logger, and a backoff for tests. */
export type OpenAiOptions = Config['openai'] & { logger: Logger; backoffMs?: number };

/**
 * One string per message: every OpenAI-compatible server takes that (content arrays are not universal).
 * The roles alternate, the visitor's first, which strict chat templates of local models demand.
 */
function toMessages(prompt: PromptLayout): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: prompt.system }];
  for (const m of prompt.messages) {
    const content = m.texts.join('\n\n');
    messages.push(m.role === 'user' ? { role: 'user', content } : { role: 'assistant', content });
  }
  return messages;
}

function isRetryable(err: unknown): boolean {
  // No status: the connection failed, timed out or was aborted by our per-attempt deadline.
  if (err instanceof APIError && err.status !== undefined) {
    return err.status === 429 || err.status === 408 || err.status >= 500;
  }
  return true;
}

function describe(err: unknown): string {
  if (err instanceof APIError && err.status !== undefined) return `APIError ${err.status}`;
  return err instanceof Error ? err.message : String(err);
}

/** `prompt_tokens` includes `prompt_tokens_details.cached_tokens` (the part read from the cache). */
function usageOf(usage: CompletionUsage): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.completion_tokens,
  };
}

/** A placeholder the SDK insists on; the header it would make is removed again (see createClient). */
const NO_KEY = 'no-key';

function createClient(options: OpenAiOptions): OpenAI {
  return new OpenAI({
    // Explicit values only: the SDK would otherwise read OPENAI_* from the environment itself.
    apiKey: options.apiKey ?? NO_KEY,
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    // A local server without a key gets no `Authorization: Bearer no-key` (a null header is omitted).
    ...(options.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
  });
}

export class OpenAiAssistant implements Assistant {
  readonly kind = 'openai' as const;
  private readonly policy: StreamPolicy;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiOptions) {
    this.policy = { ...options, provider: 'openai', isRetryable, describe };
    this.client = createClient(options);
  }

  reply(turn: AssistantTurn, onDelta?: (text: string) => void, onUsage?: (usage: TokenUsage) => void): Promise<string> {
    const messages = toMessages(turn.prompt);
    return streamReplyWithRetries(
      this.policy,
      async (signal, emit, report) => {
        const stream = await this.client.chat.completions.create(
          {
            model: this.options.model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            // No temperature or token cap: reasoning models (o-series, gpt-5) refuse them with a 400, and
            // the turn's deadline bounds a reply anyway.
          },
          { signal },
        );
        // The last chunk (no choices) carries the usage of the whole request.
        const read = (chunk: ChatCompletionChunk) => ({
          text: chunk.choices[0]?.delta.content ?? undefined,
          usage: chunk.usage ? usageOf(chunk.usage) : undefined,
        });
        return collectStream(stream, read, emit, report);
      },
      onDelta,
      onUsage,
    );
  }
}
