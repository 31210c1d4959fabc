/**
 * Gemini through @google/genai. We keep the history ourselves (Redis) and call generateContentStream
 * with it; retries, the deadlines and the mapping of failures are streamReplyWithRetries' (shared by every
 * provider). The prompt's stable prefix is the system instruction; the turn's facts are in the last
 * visitor content, so Gemini's implicit caching can discount the rest.
 */
import {
  ApiError,
  GoogleGenAI,
  type Content,
  type GenerateContentResponse,
  type GenerateContentResponseUsageMetadata,
} from '@google/genai';
import type { Logger } from '../infra/logger.js';
import type { Assistant, AssistantTurn, PromptLayout, TokenUsage } from './assistant.types.js';
import { collectStream, streamReplyWithRetries, type StreamPolicy } from './streamed-reply.js';

export interface GeminiOptions {
  apiKey: string;
  model: string;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxAttempts: number;
  /** The whole reply, retries included (LLM_TURN_TIMEOUT_MS). */
  turnTimeoutMs: number;
  logger: Logger;
  /** Base backoff between attempts; doubled each time, with jitter. */
  backoffMs?: number;
}

/** Gemini's roles are ours ('user', 'model'); each text is a part. */
function toContents(prompt: PromptLayout): Content[] {
  return prompt.messages.map((m) => ({ role: m.role, parts: m.texts.map((text) => ({ text })) }));
}

function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError) return err.status === 429 || err.status === 408 || err.status >= 500;
  return true; // network errors, timeouts, aborted streams
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return `ApiError ${err.status}`;
  return err instanceof Error ? err.message : String(err);
}

/** usageMetadata: promptTokenCount includes cachedContentTokenCount (the part read from the cache). */
function usageOf(meta: GenerateContentResponseUsageMetadata): TokenUsage {
  return {
    promptTokens: meta.promptTokenCount ?? 0,
    cachedTokens: meta.cachedContentTokenCount ?? 0,
    outputTokens: meta.candidatesTokenCount ?? 0,
  };
}

export class GeminiAssistant implements Assistant {
  readonly kind = 'gemini' as const;
  private readonly client: GoogleGenAI;
  private readonly policy: StreamPolicy;

  constructor(private readonly options: GeminiOptions) {
    this.client = new GoogleGenAI({
      apiKey: options.apiKey,
      httpOptions: { ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), apiVersion: 'v1beta' },
    });
    this.policy = { ...options, provider: 'gemini', isRetryable, describe };
  }

  reply(turn: AssistantTurn, onDelta?: (text: string) => void, onUsage?: (usage: TokenUsage) => void): Promise<string> {
    const contents = toContents(turn.prompt);
    const systemInstruction = turn.prompt.system;
    return streamReplyWithRetries(
      this.policy,
      async (abortSignal, emit, report) => {
        const stream = await this.client.models.generateContentStream({
          model: this.options.model,
          contents,
          config: { systemInstruction, abortSignal, temperature: 0.4, maxOutputTokens: 1024 },
        });
        // Every chunk may carry the counts so far; the last one has the reply's.
        const read = (chunk: GenerateContentResponse) => ({
          text: chunk.text,
          usage: chunk.usageMetadata && usageOf(chunk.usageMetadata),
        });
        return collectStream(stream, read, emit, report);
      },
      onDelta,
      onUsage,
    );
  }
}
