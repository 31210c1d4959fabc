/**
 * Per-IP limits, counted in Redis so every instance on the same Redis shares them: on the public routes, on
 * the admin page's sign-in, and on wrong admin keys (createFailureLimiter, which counts failures only).
 * Build these only after Redis is connected (see NOTES.md: a failed first SCRIPT LOAD is cached).
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.client.js';
import { allOf } from './compose.js';

export interface LimiterSpec {
  name: string;
  limit: number;
  windowMs: number;
  message: string;
}

function createStore(redis: Redis, prefix: string): RedisStore {
  return new RedisStore({
    prefix,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
  });
}

export function createLimiter(
  redis: Redis,
  logger: Logger,
  spec: LimiterSpec,
  extra: Partial<Options> = {},
): RequestHandler {
  return rateLimit({
    windowMs: spec.windowMs,
    limit: spec.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: spec.name,
    store: createStore(redis, `rl:${spec.name}:`),
    // Redis down: let the request through; the route itself answers 503 if it needs Redis.
    passOnStoreError: true,
    logger: {
      error: (err: unknown, msg?: string) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, msg ?? 'rate limit store error'),
      warn: (err: unknown, msg?: string) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, msg ?? 'rate limit warning'),
    },
    handler: (_req, _res, next) => next(new AppError('rate_limited', spec.message)),
    ...extra,
  });
}

/** The hourly and the daily limit of the public routes, checked together. */
export function createPublicLimiters(
  redis: Redis,
  logger: Logger,
  limits: { hourly: number; daily: number },
): RequestHandler {
  return allOf([
    createLimiter(redis, logger, {
      name: 'hourly',
      limit: limits.hourly,
      windowMs: 60 * 60 * 1000,
      message: 'Too many requests this hour. Please wait a little and try again.',
    }),
    createLimiter(redis, logger, {
      name: 'daily',
      limit: limits.daily,
      windowMs: 24 * 60 * 60 * 1000,
      message: 'Too many requests today. Please try again tomorrow.',
    }),
  ]);
}

/**
 * A limit on failures only (wrong admin keys): successes are never counted, so a busy API client is never
 * refused, while a caller whose failures reached the limit is refused everything until the window ends (a
 * right guess too: otherwise a throttled guesser would still learn which guess was right).
 */
export interface FailureLimiter {
  /** Throws the 429 when the caller's failures have reached the limit. */
  refuseIfBlocked(req: Request): Promise<void>;
  /** Counts one failure; throws the 429 once the count is over the limit. */
  countFailure(req: Request): Promise<void>;
}

/** INCR with the window set on the first failure; returns the count and the milliseconds left. */
const COUNT_FAILURE = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {hits, redis.call('PTTL', KEYS[1])}`;

export function createFailureLimiter(redis: Redis, logger: Logger, spec: LimiterSpec): FailureLimiter {
  // The same keys as express-rate-limit's (an IPv6 client is its /56), in the same `rl:` space.
  const keyOf = (req: Request) => `rl:${spec.name}:${ipKeyGenerator(req.ip ?? 'unknown')}`;
  const refuse = (msLeft: number): never => {
    const seconds = Math.max(1, Math.ceil((msLeft > 0 ? msLeft : spec.windowMs) / 1000));
    throw new AppError('rate_limited', spec.message, {
      headers: {
        'Retry-After': String(seconds),
        'RateLimit-Policy': `"${spec.name}";q=${spec.limit};w=${Math.round(spec.windowMs / 1000)}`,
        RateLimit: `"${spec.name}";r=0;t=${seconds}`,
      },
    });
  };
  // Redis down: let the request through, as the other limits do (passOnStoreError); it needs Redis anyway.
  const counted = async <T>(op: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await op();
    } catch (err) {
      logger.warn(
        { err: err instanceof Error ? err.message : String(err), limit: spec.name },
        'rate limit store error',
      );
      return undefined;
    }
  };
  return {
    async refuseIfBlocked(req) {
      // Every admin request with the right key passes here: one GET; the window's end only when refusing.
      const key = keyOf(req);
      const hits = await counted(() => redis.get(key));
      if (Number(hits ?? 0) < spec.limit) return;
      refuse((await counted(() => redis.pttl(key))) ?? 0);
    },
    async countFailure(req) {
      const key = keyOf(req);
      const reply = await counted(() => redis.eval(COUNT_FAILURE, 1, key, spec.windowMs) as Promise<[number, number]>);
      if (reply && reply[0] > spec.limit) refuse(reply[1]);
    },
  };
}
