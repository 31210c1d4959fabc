/**
 * Per-IP limits on the public routes, counted in Redis so every instance on the same Redis shares them.
 * Build these only after Redis is connected (see NOTES.md: a failed first SCRIPT LOAD is cached).
 */
import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
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
