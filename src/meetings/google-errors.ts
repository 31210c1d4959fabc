/**
 * Reading Google's failures (duck-typed: googleapis bundles its own gaxios copy, so instanceof cannot be used):
 * the HTTP status, a revoked grant, and whether trying again can help.
 */

/** The subset of a GaxiosError we read. */
export interface GoogleErrorShape {
  code?: string | number;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

const RETRYABLE_403_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as GoogleErrorShape | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

export function isInvalidGrant(err: unknown): boolean {
  const data = (err as GoogleErrorShape | undefined)?.response?.data;
  return typeof data === 'object' && data !== null && (data as { error?: unknown }).error === 'invalid_grant';
}

function googleReasons(err: unknown): string[] {
  const data = (err as GoogleErrorShape | undefined)?.response?.data as
    { error?: { errors?: Array<{ reason?: unknown }> } } | undefined;
  const errors = typeof data?.error === 'object' ? (data.error.errors ?? []) : [];
  return errors.map((e) => (typeof e.reason === 'string' ? e.reason : '')).filter(Boolean);
}

/** Network errors, timeouts, 5xx, 429, 408 and Google's rate-limit 403s: the same request may pass later. */
export function isRetryable(err: unknown): boolean {
  const status = httpStatusOf(err);
  if (status === undefined) return true; // network error, reset or timeout: nothing was answered
  if (status >= 500 || status === 429 || status === 408) return true;
  return status === 403 && googleReasons(err).some((r) => RETRYABLE_403_REASONS.has(r));
}
