/**
 * The embedded engine's settings: DATA_DIR/settings.json, replaced atomically (temp file, fsync, rename).
 * One process owns a DATA_DIR (infra/data-dir.lock.ts), so after the first read the copy in memory is the
 * truth and a turn's check costs nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import { KeyedSerializer } from '../infra/keyed-serializer.js';
import {
  NOTHING_SAVED,
  parseStoredSettings,
  type SettingsRepository,
  type StoredSettings,
} from '../store/settings.repository.js';
import type { SavedSettings } from './settings.schema.js';

export const SETTINGS_FILE = 'settings.json';

export class SettingsFileStore implements SettingsRepository {
  private readonly file: string;
  private cached: StoredSettings | undefined;
  private readonly serializer = new KeyedSerializer();

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
  }

  async load(knownVersion?: number): Promise<StoredSettings | 'unchanged'> {
    const stored = this.cached ?? (await this.readFile());
    return knownVersion === stored.version ? 'unchanged' : stored;
  }

  update(change: (current: SavedSettings) => SavedSettings, by: string, at: Date): Promise<StoredSettings> {
    return this.serializer.run('file', async () => {
      const current = this.cached ?? (await this.readFile());
      const next: StoredSettings = {
        version: current.version + 1,
        values: change(current.values),
        saved_at: at.toISOString(),
        saved_by: by,
      };
      await makePrivateDir(this.dataDir).catch((err: unknown) => {
        throw toStorageError(err);
      });
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.cached = next;
      return next;
    });
  }

  private async readFile(): Promise<StoredSettings> {
    try {
      this.cached = parseStoredSettings(await readFile(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err);
      this.cached = NOTHING_SAVED;
    }
    return this.cached;
  }
}
