/** GET /health (mounted at /health): Redis, the LLM mode and the calendar connection; 503 while Redis is down. */
import { Router } from 'express';
import { envelope } from './envelope.js';
import type { Redis } from '../infra/redis.client.js';

export interface HealthDeps {
  redis: Redis;
  llmKind: 'gemini' | 'offline';
  calendarStatus: () => Promise<'connected' | 'not_connected'>;
}

async function pingRedis(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [redisUp, calendar] = await Promise.all([
      pingRedis(deps.redis),
      deps.calendarStatus().catch(() => 'not_connected' as const),
    ]);
    const data = { redis: redisUp ? 'up' : 'down', llm: deps.llmKind, calendar };
    res.setHeader('Cache-Control', 'no-store');
    if (redisUp) res.status(200).json(envelope('success', data, 'OK'));
    else res.status(503).json(envelope('error', data, 'Redis is down'));
  });
  return router;
}
