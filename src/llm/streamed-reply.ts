/**
 * What every LLM provider does around its own call: attempts bounded by one deadline for the whole turn
 * (LLM_TURN_TIMEOUT_MS, retries included), each attempt by its own timeout, 429/5xx/network failures retried
 * with backoff, a partly streamed reply kept rather than repeated, and every failure mapped to
 * AppError('llm_unavailable'), which the chat service turns into the fallback reply.
 */
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { retryWithBackoff } from '../infra/retry.js';
import type { TokenUsage } from './assistant.types.js';

export interface StreamPolicy {
  /** The provider's name in logs. */
  provider: string;
  timeoutMs: number;
  maxAttempts: number;
  turnTimeoutMs: number;
  /** Base backoff between attempts; doubled each time, with jitter. */
  backoffMs?: number | undefined;
  logger: Logger;
  isRetryable: (err: unknown) => boolean;
  /** A failure in a few words for the log (never the key, never the conversation). */
  describe: (err: unknown) => string;
}

/** One attempt: streams its pieces to `onDelta`, reports the tokens, returns the whole text; aborts on `signal`. */
export type StreamAttempt = (
  signal: AbortSignal,
  onDelta: (text: string) => void,
  onUsage: (usage: TokenUsage) => void,
) => Promise<string>;

/** What one streamed chunk holds, as a provider reads it. */
export interface ChunkReading {
  text: string | undefined;
  usage: TokenUsage | undefined;
}

/** Reads a provider's stream to its end: pieces to `emit` as they come, the latest usage to `report`. */
export async function collectStream<Chunk>(
  stream: AsyncIterable<Chunk>,
  read: (chunk: Chunk) => ChunkReading,
  emit: (text: string) => void,
  report: (usage: TokenUsage) => void,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    const { text: piece, usage } = read(chunk);
    if (usage) report(usage);
    if (piece) {
      text += piece;
      emit(piece);
    }
  }
  return text;
}

export async function streamReplyWithRetries(
  policy: StreamPolicy,
  attempt: StreamAttempt,
  onDelta?: (text: string) => void,
  onUsage?: (usage: TokenUsage) => void,
): Promise<string> {
  const { logger, provider } = policy;
  // The visitor waits for the whole turn, not for one attempt: every attempt ends by the turn's deadline.
  const deadline = Date.now() + policy.turnTimeoutMs;
  const attemptReply = async (n: number): Promise<string> => {
    let emitted = '';
    let usage: TokenUsage | undefined;
    const timeoutMs = Math.min(policy.timeoutMs, deadline - Date.now());
    if (timeoutMs <= 0) throw new Error('the turn has no time left for the LLM');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`${provider} timeout`)), timeoutMs);
    try {
      const text = await attempt(
        controller.signal,
        (piece) => {
          emitted += piece;
          onDelta?.(piece);
        },
        (u) => (usage = u),
      );
      if (!text.trim()) throw new Error(`${provider} returned an empty reply`);
      if (usage) onUsage?.(usage);
      return text;
    } catch (err) {
      // Once part of the answer reached the visitor, a retry would repeat it: keep what we have.
      if (!emitted.trim()) throw err;
      logger.warn({ attempt: n, err: policy.describe(err) }, `${provider} stream broke after partial reply`);
      if (usage) onUsage?.(usage);
      return emitted;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    return await retryWithBackoff(
      attemptReply,
      { attempts: policy.maxAttempts, baseDelayMs: policy.backoffMs ?? 300, maxDelayMs: 4000, deadline },
      {
        shouldRetry: policy.isRetryable,
        onFailure: (err, n, retry) =>
          logger.warn({ attempt: n, retry, err: policy.describe(err) }, `${provider} call failed`),
      },
    );
  } catch (err) {
    throw new AppError('llm_unavailable', 'The assistant is unavailable right now.', { cause: err });
  }
}
