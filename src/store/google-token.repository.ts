/**
 * Where the one calendar grant is kept, whatever the engine: a file under DATA_DIR
 * (meetings/google-token.store.ts, one instance) or PostgreSQL (store/postgres/google-token.repository.pg.ts,
 * shared: connected once by an admin on any instance, used by all). Both pass
 * test/store/google-token.contract.ts.
 */
import type { Auth } from 'googleapis';

/** Google's credentials plus our note that the grant stopped working (the calendar then shows "not_connected"). */
export interface StoredTokens extends Auth.Credentials {
  invalid_grant_at?: string;
}

export interface GoogleTokenRepository {
  /** The stored grant, or undefined when the calendar is not connected. */
  load(): Promise<StoredTokens | undefined>;
  /** Replaces the stored grant. */
  save(tokens: StoredTokens): Promise<void>;
  /**
   * Keeps `tokens` for this process only, when saving them failed (a broken grant must not look connected
   * here); what is saved later, here or by another instance, replaces them.
   */
  keepInMemory(tokens: StoredTokens): void;
  /** Forgets the grant (disconnect). */
  remove(): Promise<void>;
}
