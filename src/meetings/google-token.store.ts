/**
 * The calendar grant on disk: DATA_DIR/google_tokens.json (mode 0600), written atomically, one write at a
 * time; the embedded engine of GoogleTokenRepository (store/google-token.repository.ts). Google's
 * credentials plus our note that the grant stopped working (`invalid_grant_at`), so the calendar stays
 * "not_connected" until an admin reconnects. Read once, then kept in step with every save (one process owns
 * the file).
 */
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { KeyedSerializer } from '../infra/keyed-serializer.js';
import { makePrivateDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';
import type { GoogleTokenRepository, StoredTokens } from '../store/google-token.repository.js';

export const GOOGLE_TOKENS_FILENAME = 'google_tokens.json';

export class GoogleTokenStore implements GoogleTokenRepository {
  private readonly file: string;
  private readonly writes = new KeyedSerializer();
  private loaded: Promise<StoredTokens | undefined> | undefined;

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.file = path.join(dataDir, GOOGLE_TOKENS_FILENAME);
  }

  /** The stored tokens (read once, then kept in step with every save). */
  load(): Promise<StoredTokens | undefined> {
    this.loaded ??= this.readFile();
    return this.loaded;
  }

  async save(tokens: StoredTokens): Promise<void> {
    await this.writes.run('tokens', async () => {
      await makePrivateDir(path.dirname(this.file));
      await writeFileAtomic(this.file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
      this.loaded = Promise.resolve(tokens);
    });
  }

  keepInMemory(tokens: StoredTokens): void {
    this.loaded = Promise.resolve(tokens);
  }

  async remove(): Promise<void> {
    await this.writes.run('tokens', async () => {
      try {
        await unlink(this.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err);
      }
      this.loaded = Promise.resolve(undefined);
    });
  }

  private async readFile(): Promise<StoredTokens | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.logger.error({ code: (err as NodeJS.ErrnoException).code }, 'cannot read the Google tokens file');
      return undefined;
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      this.logger.error('the Google tokens file is not valid JSON; reconnect the calendar');
      return undefined;
    }
  }
}
