/**
 * The one retry loop of the server (Gemini and Google Calendar calls): bounded attempts, exponential backoff
 * with jitter so that several instances failing together do not retry in step.
 */

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubled each time. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
  /** When the whole work must be over (epoch ms): no attempt starts after it, no wait runs past it. */
  deadline?: number;
}

export interface RetryHooks {
  /** Whether a failure may be retried at all (a refusal will be refused again). */
  shouldRetry(err: unknown): boolean;
  /** Every failure, with whether another attempt follows (for logs). */
  onFailure?(err: unknown, attempt: number, willRetry: boolean): void;
}

/** The delay after `attempt` failed: base·2^(attempt-1), capped, then between half and all of it. */
function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const capped = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(capped / 2 + Math.random() * (capped / 2));
}

/** Runs `run` until it succeeds, a failure may not be retried, or the attempts are used; throws the last error. */
export async function retryWithBackoff<T>(
  run: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const attempts = Math.max(1, policy.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (err) {
      const delay = backoffDelay(policy, attempt);
      const inTime = policy.deadline === undefined || Date.now() + delay < policy.deadline;
      const willRetry = attempt < attempts && inTime && hooks.shouldRetry(err);
      hooks.onFailure?.(err, attempt, willRetry);
      if (!willRetry) throw err;
      await new Promise<void>((resolve) => setTimeout(resolve, delay));
    }
  }
}
