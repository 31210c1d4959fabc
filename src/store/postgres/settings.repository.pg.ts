/**
 * The settings of every instance in PostgreSQL: one row of `app_settings` (migration 0002) holding the JSON
 * document. A turn's check is one primary-key lookup that sends the document only when its version moved.
 */
import { query, type Pool } from '../../infra/postgres.client.js';
import type { SavedSettings } from '../../settings/settings.schema.js';
import { parseStoredSettings, type SettingsRepository, type StoredSettings } from '../settings.repository.js';
import { withTransaction } from '../../infra/postgres.client.js';

const ROW = 'workspace_settings';
const EMPTY = JSON.stringify({ version: 0, values: {}, saved_at: null, saved_by: null });

export class PostgresSettingsRepository implements SettingsRepository {
  constructor(private readonly pool: Pool) {}

  async load(knownVersion = -1): Promise<StoredSettings | 'unchanged'> {
    const rows = await query<{ same: boolean; value: string | null }>(
      this.pool,
      `SELECT (value::jsonb ->> 'version')::bigint = $2 AS same,
              CASE WHEN (value::jsonb ->> 'version')::bigint = $2 THEN NULL ELSE value END AS value
         FROM app_settings WHERE name = $1`,
      [ROW, knownVersion],
    );
    const row = rows[0];
    if (!row) return knownVersion === 0 ? 'unchanged' : parseStoredSettings(EMPTY);
    if (row.same || row.value === null) return 'unchanged';
    return parseStoredSettings(row.value);
  }

  update(change: (current: SavedSettings) => SavedSettings, by: string, at: Date): Promise<StoredSettings> {
    return withTransaction(this.pool, async (client) => {
      // The row exists from the first save on; FOR UPDATE then queues concurrent saves of every instance.
      await client.query('INSERT INTO app_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
        ROW,
        EMPTY,
      ]);
      const found = await client.query<{ value: string }>('SELECT value FROM app_settings WHERE name = $1 FOR UPDATE', [
        ROW,
      ]);
      const current = parseStoredSettings(found.rows[0]?.value ?? EMPTY);
      const next: StoredSettings = {
        version: current.version + 1,
        values: change(current.values),
        saved_at: at.toISOString(),
        saved_by: by,
      };
      await client.query('UPDATE app_settings SET value = $2 WHERE name = $1', [ROW, JSON.stringify(next)]);
      return next;
    });
  }
}
