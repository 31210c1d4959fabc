/**
 * GET /health, /health/ready and /health/live (mounted at /health, not rate limited): Redis, the database
 * (only with DATABASE_URL), the LLM mode and the calendar connection; 503 while Redis or the database is down.
 */
import { Router, type Response } from 'express';
import { envelope } from './envelope.js';
import { pingDatabase, type Pool } from '../infra/postgres.client.js';
import type { Redis } from '../infra/redis.client.js';
import type { Assistant } from '../llm/assistant.types.js';

export interface HealthDeps {
  redis: Redis;
  /** The PostgreSQL pool when DATABASE_URL is set: reported as `database`. */
  database?: Pool | undefined;
  llmKind: Assistant['kind'];
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
  const { database } = deps;
  /** Every dependency's state; 503 when one the server needs (Redis, the database) is down. */
  const readiness = async (res: Response) => {
    const [redisUp, databaseUp, calendar] = await Promise.all([
      pingRedis(deps.redis),
      database ? pingDatabase(database) : true,
      deps.calendarStatus().catch(() => 'not_connected' as const),
    ]);
    const data = {
      redis: redisUp ? 'up' : 'down',
      llm: deps.llmKind,
      calendar,
      ...(database ? { database: databaseUp ? 'up' : 'down' } : {}),
    };
    const down = [...(redisUp ? [] : ['Redis']), ...(databaseUp ? [] : ['the database'])];
    res.setHeader('Cache-Control', 'no-store');
    if (down.length === 0) res.status(200).json(envelope('success', data, 'OK'));
    else res.status(503).json(envelope('error', data, `${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`));
  };
  router.get('/', (_req, res) => readiness(res));
  router.get('/ready', (_req, res) => readiness(res));
  // Liveness checks nothing else: a process that answers is alive (a Redis outage is not a reason to restart it).
  router.get('/live', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(envelope('success', { status: 'live' }, 'OK'));
  });
  return router;
}
