/**
 * Per-IP limits, counted in Redis so every instance on the same Redis shares them: on the public routes
 * (createPublicLimiters: the hourly and the daily limit in one script per request), on bookings and the admin
 * page's sign-in (express-rate-limit), and on wrong admin keys (createFailureLimiter, which counts failures only).
 * Build these only after Redis is connected (see NOTES.md: a failed first SCRIPT LOAD is cached).
 */
import { hash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.client.js';

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

/**
 * Fixed windows, one per key, counted as rate-limit-redis counts them (same keys, same script logic, so counts
 * carry over): the first hit of a window sets the key to 1 with the window as its expiry, later hits add one.
 * All the limits of a request in one script: returns hits and milliseconds left, per key in order.
 */
const COUNT_HITS_LUA = `
local replies = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i])
  local left = redis.call('PTTL', key)
  if left <= 0 then
    redis.call('SET', key, 1, 'PX', window)
    replies[#replies + 1] = 1
    replies[#replies + 1] = window
  else
    replies[#replies + 1] = redis.call('INCR', key)
    replies[#replies + 1] = left
  end
end
return replies`;

/** ioredis adds a method per defined script (EVALSHA, loading the script again after a Redis restart). */
type RedisWithHits = Redis & {
  countRateLimitHits(keyCount: number, ...keysThenWindows: Array<string | number>): Promise<number[]>;
};

/** express-rate-limit's draft-8 partition key (`pk`) of a client key: a short hash, not the address itself. */
function partitionKeyOf(key: string): string {
  return Buffer.from(hash('sha256', key, 'hex').slice(0, 12)).toString('base64');
}

/**
 * Several limits per IP checked by one Redis script per request. What the client sees is what two
 * express-rate-limit limiters in draft-8 mode sent (test/integration/rate-limit.test.ts): a `RateLimit` and a
 * `RateLimit-Policy` value per limit, in order, and when a limit is exceeded a 429 with `Retry-After` (the
 * exceeded limit that ends last, so that retrying then is not refused by another). Redis down: the request
 * passes (like passOnStoreError); the route itself answers 503 if it needs Redis.
 * Two express-rate-limit limiters cost two scripts, two hashes and a chain of awaits per request: ~3% of a
 * chat turn's CPU (test/bench/profile-chat.ts).
 */
export function createWindowLimits(redis: Redis, logger: Logger, specs: LimiterSpec[]): RequestHandler {
  const client = redis as RedisWithHits;
  client.defineCommand('countRateLimitHits', { lua: COUNT_HITS_LUA });
  const windows = specs.map((s) => s.windowMs);
  const policies = specs.map((s) => `"${s.name}"; q=${s.limit}; w=${Math.ceil(s.windowMs / 1000)}; pk=:`);
  return async (req, res, next) => {
    const id = ipKeyGenerator(req.ip ?? 'unknown');
    let replies: number[];
    try {
      replies = await client.countRateLimitHits(specs.length, ...specs.map((s) => `rl:${s.name}:${id}`), ...windows);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rate limit store error: let through');
      next();
      return;
    }
    const state: string[] = [];
    let refusal: { spec: LimiterSpec; seconds: number } | undefined;
    specs.forEach((spec, i) => {
      const hits = Number(replies[2 * i]);
      const seconds = Math.max(0, Math.ceil(Number(replies[2 * i + 1]) / 1000));
      state.push(`"${spec.name}"; r=${Math.max(spec.limit - hits, 0)}; t=${seconds}`);
      if (hits > spec.limit && (!refusal || seconds > refusal.seconds)) refusal = { spec, seconds };
    });
    if (!res.headersSent) {
      const pk = partitionKeyOf(id);
      res.setHeader('RateLimit', state);
      res.setHeader(
        'RateLimit-Policy',
        policies.map((p) => `${p}${pk}:`),
      );
      if (refusal) res.setHeader('Retry-After', String(refusal.seconds));
    }
    next(refusal ? new AppError('rate_limited', refusal.spec.message) : undefined);
  };
}

/** The hourly and the daily limit of the public routes, counted together. */
export function createPublicLimiters(
  redis: Redis,
  logger: Logger,
  limits: { hourly: number; daily: number },
): RequestHandler {
  return createWindowLimits(redis, logger, [
    {
      name: 'hourly',
      limit: limits.hourly,
      windowMs: 60 * 60 * 1000,
      message: 'Too many requests this hour. Please wait a little and try again.',
    },
    {
      name: 'daily',
      limit: limits.daily,
      windowMs: 24 * 60 * 60 * 1000,
      message: 'Too many requests today. Please try again tomorrow.',
    },
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
