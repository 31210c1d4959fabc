/** Values made once for every instance (`app_settings`, migration 0002): the first instance's wins. */
import { query, type Pool } from '../../infra/postgres.client.js';

/**
 * Stores `candidate` as `name` unless a value is there already, and returns the value in force. Two
 * statements on purpose: when another instance's insert is racing ours, ours waits for it and does nothing,
 * and only a statement started after that sees the winner's row.
 */
export async function claimSetting(pool: Pool, name: string, candidate: string): Promise<string> {
  await query(pool, 'INSERT INTO app_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    candidate,
  ]);
  const rows = await query<{ value: string }>(pool, 'SELECT value FROM app_settings WHERE name = $1', [name]);
  const value = rows[0]?.value;
  if (value === undefined) throw new Error(`the setting ${name} vanished after it was claimed`);
  return value;
}
