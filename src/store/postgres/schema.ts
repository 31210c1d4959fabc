/** The application's schema: the SQL files of ./migrations, applied at start-up by the migration runner. */
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from '../../infra/postgres.migrations.js';
import type { Logger } from '../../infra/logger.js';

/** Next to this module in src/ and in dist/ (the build copies the .sql files along). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Brings the database at `url` to this release's schema; returns the migrations applied now. */
export function migrateSchema(url: string, logger: Logger): Promise<string[]> {
  return migrateDatabase({ url, dir: MIGRATIONS_DIR, logger });
}
