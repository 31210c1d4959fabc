/**
 * Gemini through @google/genai. We keep the history ourselves (Redis) and call generateContentStream
 * with it; each attempt has a deadline, and 429/5xx/network failures are retried with backoff.
 * Failures are mapped to AppError('llm_unavailable'); the chat service turns that into a fallback reply.
 */
import { ApiError, GoogleGenAI, type Content } from '@google/genai';
import { AppError } from '../infra/app-error.js';
import { retryWithBackoff } from '../infra/retry.js';
import type { Logger } from '../infra/logger.js';
import type { ChatMessage } from '../chat/session.store.js';
import type { Assistant, AssistantTurn } from './assistant.types.js';

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

/** Gemini wants alternating roles starting with the user: merge runs, drop a leading model turn. */
function toContents(history: ChatMessage[], message: string): Content[] {
  const contents: Content[] = [];
  for (const m of [...history, { role: 'user' as const, text: message, at: '' }]) {
    const last = contents[contents.length - 1];
    if (last && last.role === m.role) {
      last.parts = [...(last.parts ?? []), { text: m.text }];
    } else {
      contents.push({ role: m.role, parts: [{ text: m.text }] });
    }
  }
  while (contents[0]?.role === 'model') contents.shift();
  return contents;
}

function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError) return err.status === 429 || err.status === 408 || err.status >= 500;
  return true; // network errors, timeouts, aborted streams
}

export class GeminiAssistant implements Assistant {
  readonly kind = 'gemini' as const;
  private readonly client: GoogleGenAI;

  constructor(private readonly options: GeminiOptions) {
    this.client = new GoogleGenAI({
      apiKey: options.apiKey,
      httpOptions: { ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), apiVersion: 'v1beta' },
    });
  }

  async reply(turn: AssistantTurn, onDelta?: (text: string) => void): Promise<string> {
    const { maxAttempts, logger } = this.options;
    const contents = toContents(turn.history, turn.message);
    const systemInstruction = `${turn.systemInstruction.trim()}\n\n${turn.context}`;
    // The visitor waits for the whole turn, not for one attempt: every attempt ends by the turn's deadline.
    const deadline = Date.now() + this.options.turnTimeoutMs;
    const attemptReply = async (attempt: number) => {
      let emitted = '';
      const timeoutMs = Math.min(this.options.timeoutMs, deadline - Date.now());
      try {
        if (timeoutMs <= 0) throw new Error('the turn has no time left for the LLM');
        return await this.attempt(contents, systemInstruction, timeoutMs, (text) => {
          emitted += text;
          onDelta?.(text);
        });
      } catch (err) {
        // Once part of the answer reached the visitor, a retry would repeat it: keep what we have.
        if (!emitted.trim()) throw err;
        logger.warn({ attempt, err: describe(err) }, 'gemini stream broke after partial reply');
        return emitted;
      }
    };
    try {
      return await retryWithBackoff(
        attemptReply,
        { attempts: maxAttempts, baseDelayMs: this.options.backoffMs ?? 300, maxDelayMs: 4000, deadline },
        {
          shouldRetry: isRetryable,
          onFailure: (err, attempt, retry) => logger.warn({ attempt, retry, err: describe(err) }, 'gemini call failed'),
        },
      );
    } catch (err) {
      throw new AppError('llm_unavailable', 'The assistant is unavailable right now.', { cause: err });
    }
  }

  private async attempt(
    contents: Content[],
    systemInstruction: string,
    timeoutMs: number,
    onDelta: (t: string) => void,
  ): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('gemini timeout')), timeoutMs);
    try {
      const stream = await this.client.models.generateContentStream({
        model: this.options.model,
        contents,
        config: { systemInstruction, abortSignal: controller.signal, temperature: 0.4, maxOutputTokens: 1024 },
      });
      let text = '';
      for await (const chunk of stream) {
        const piece = chunk.text ?? '';
        if (piece) {
          text += piece;
          onDelta(piece);
        }
      }
      if (!text.trim()) throw new Error('gemini returned an empty reply');
      return text;
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return `ApiError ${err.status}`;
  return err instanceof Error ? err.message : String(err);
}
