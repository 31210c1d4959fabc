/** The admin API key: from ADMIN_API_KEY, else generated once and kept in DATA_DIR/admin_api_key (mode 0600). */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';

export const ADMIN_KEY_FILENAME = 'admin_api_key';

export async function resolveAdminKey(
  configured: string | undefined,
  dataDir: string,
  logger: Logger,
): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, ADMIN_KEY_FILENAME);
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
  await makePrivateDir(dataDir);
  const key = randomBytes(24).toString('base64url');
  await writeFileAtomic(file, `${key}\n`, { mode: 0o600 });
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
