/**
 * Start-up with DATABASE_URL: bring the schema to this release, then open the pool. Instances of a deploy
 * often start together with (or before) the database, so an unavailable database is waited for (~30 s);
 * a migration that fails for another reason (a changed file, bad SQL) stops start-up at once.
 */
import { AppError } from '../../infra/app-error.js';
import type { Logger } from '../../infra/logger.js';
import { createPostgresPool, isDatabaseUnavailable, type Pool } from '../../infra/postgres.client.js';
import { retryWithBackoff } from '../../infra/retry.js';
import { migrateSchema } from './schema.js';

const START_WAIT_MS = 30_000;

function isUnavailable(err: unknown): boolean {
  return (err instanceof AppError && err.code === 'database_unavailable') || isDatabaseUnavailable(err);
}

export async function openDatabase(url: string, logger: Logger): Promise<Pool> {
  await retryWithBackoff(
    () => migrateSchema(url, logger),
    { attempts: 12, baseDelayMs: 500, maxDelayMs: 4000, deadline: Date.now() + START_WAIT_MS },
    {
      shouldRetry: isUnavailable,
      onFailure: (err, attempt, willRetry) => {
        if (willRetry) logger.warn({ attempt, err: (err as Error).message }, 'database not reachable yet: retrying');
      },
    },
  );
  return createPostgresPool({ url, logger });
}
