/**
 * Where the settings staff saved live (store/durable-stores.ts chooses the engine): one small document,
 * replaced whole and atomically, with a version that grows by one per save. Every chat turn asks whether the
 * version moved, so both engines answer `unchanged` without reading or parsing the document when it has not.
 */
import type { SavedSettings } from '../settings/settings.schema.js';

export interface StoredSettings {
  /** 0 before anything was saved. */
  version: number;
  values: SavedSettings;
  saved_at: string | null;
  /** Who saved last (`actorOf(res).by`). */
  saved_by: string | null;
}

export const NOTHING_SAVED: StoredSettings = Object.freeze({ version: 0, values: {}, saved_at: null, saved_by: null });

export interface SettingsRepository {
  /** The stored settings, or `unchanged` when their version is still `knownVersion`. */
  load(knownVersion?: number): Promise<StoredSettings | 'unchanged'>;
  /**
   * Replaces the document with `change(current values)` as the next version, atomically: two saves at once
   * (on any instances) apply one after the other, neither loses the other's sections.
   */
  update(change: (current: SavedSettings) => SavedSettings, by: string, at: Date): Promise<StoredSettings>;
}

/** The stored document, read back: anything unexpected counts as nothing saved (see SettingsService). */
export function parseStoredSettings(raw: string): StoredSettings {
  const parsed = JSON.parse(raw) as Partial<StoredSettings> | null;
  return {
    version: typeof parsed?.version === 'number' ? parsed.version : 0,
    values: parsed?.values && typeof parsed.values === 'object' ? parsed.values : {},
    saved_at: typeof parsed?.saved_at === 'string' ? parsed.saved_at : null,
    saved_by: typeof parsed?.saved_by === 'string' ? parsed.saved_by : null,
  };
}
