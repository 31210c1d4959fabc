/**
 * The admin API key: from ADMIN_API_KEY, else generated once and kept in DATA_DIR/admin_api_key (mode 0600).
 * With DATABASE_URL every instance must accept the same key: the first instance's (its file's, or a new
 * one) is kept in the database and every instance adopts it, writing it to its own DATA_DIR file, where
 * the operator reads it.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';
import type { Pool } from '../infra/postgres.client.js';
import { claimSetting } from '../store/postgres/app-settings.pg.js';

export const ADMIN_KEY_FILENAME = 'admin_api_key';
const ADMIN_KEY_SETTING = 'admin_api_key';

/** The key kept in the file, or undefined when there is none (or too short to be one). */
async function readKeyFile(file: string, logger: Logger): Promise<string | undefined> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 16) {
      await chmod(file, 0o600);
      logger.info({ file }, 'admin API key loaded from file');
      return existing;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return undefined;
}

async function writeKeyFile(dataDir: string, file: string, key: string): Promise<void> {
  await makePrivateDir(dataDir);
  await writeFileAtomic(file, `${key}\n`, { mode: 0o600 });
}

export async function resolveAdminKey(
  configured: string | undefined,
  dataDir: string,
  logger: Logger,
  /** The shared database (DATABASE_URL): the key is the one every instance uses. */
  database?: Pool,
): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, ADMIN_KEY_FILENAME);
  const existing = await readKeyFile(file, logger);
  if (database) {
    const key = await claimSetting(database, ADMIN_KEY_SETTING, existing ?? randomBytes(24).toString('base64url'));
    if (key !== existing) {
      await writeKeyFile(dataDir, file, key);
      logger.info({ file }, 'admin API key shared by every instance (kept in the database); read it from this file');
    }
    return key;
  }
  if (existing) return existing;
  const key = randomBytes(24).toString('base64url');
  await writeKeyFile(dataDir, file, key);
  logger.info({ file }, 'generated a new admin API key (ADMIN_API_KEY is unset); read it from this file');
  return key;
}

/** Constant-time comparison that does not leak the key's length. */
export function keysMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A one-way label of the key, for admin page sessions to remember which key made them (so that changing
 * the key ends them); the key itself never reaches Redis.
 */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(`admin-session:${key}`).digest('base64url');
}
