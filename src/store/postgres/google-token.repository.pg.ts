/**
 * The calendar grant in PostgreSQL (`google_tokens`, migration 0001: one row), shared by every instance.
 * Read on every use rather than cached: a grant connected, refreshed, broken or removed on one instance is
 * what the next call on any other one sees (a primary-key read, well under a millisecond).
 */
import { query, type Pool } from '../../infra/postgres.client.js';
import type { GoogleTokenRepository, StoredTokens } from '../google-token.repository.js';

interface TokenRow {
  tokens: StoredTokens;
  /** As text: the exact version of the row (a Date would drop its microseconds). */
  version: string;
}

export class PostgresGoogleTokenRepository implements GoogleTokenRepository {
  /** The version of the row last read (null: there was none). */
  private seen: string | null = null;
  /** Tokens this process could not save, in force while the stored row is still the one they replace. */
  private unsaved: { tokens: StoredTokens; over: string | null } | undefined;

  constructor(private readonly pool: Pool) {}

  async load(): Promise<StoredTokens | undefined> {
    const rows = await query<TokenRow>(
      this.pool,
      'SELECT tokens, updated_at::text AS version FROM google_tokens WHERE id = 1',
    );
    const row = rows[0];
    this.seen = row?.version ?? null;
    if (this.unsaved?.over === this.seen) return this.unsaved.tokens;
    this.unsaved = undefined;
    return row?.tokens;
  }

  async save(tokens: StoredTokens): Promise<void> {
    await query(
      this.pool,
      `INSERT INTO google_tokens (id, tokens, updated_at) VALUES (1, $1, clock_timestamp())
       ON CONFLICT (id) DO UPDATE SET tokens = EXCLUDED.tokens, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(tokens)],
    );
    this.unsaved = undefined;
  }

  keepInMemory(tokens: StoredTokens): void {
    this.unsaved = { tokens, over: this.seen };
  }

  async remove(): Promise<void> {
    await query(this.pool, 'DELETE FROM google_tokens WHERE id = 1');
    this.unsaved = undefined;
  }
}
