/** The assistant's instruction file: re-read when it changes on disk, replaced atomically by the admin route. */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { AppError } from '../infra/app-error.js';
import { toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import { KeyedSerializer } from '../infra/keyed-serializer.js';

export const MAX_SYSTEM_INSTRUCTION_LENGTH = 20_000;

export class SystemInstructionStore {
  private cached: { mtimeMs: number; size: number; text: string } | undefined;
  private readonly serializer = new KeyedSerializer();

  constructor(private readonly file: string) {}

  async read(): Promise<string> {
    try {
      // Every turn checks for a hand edit. A synchronous stat of one file is a microsecond system call;
      // the promise version cost a thread-pool round trip and ~3% of a turn's CPU (npm run bench).
      const s = statSync(this.file);
      if (this.cached && this.cached.mtimeMs === s.mtimeMs && this.cached.size === s.size) return this.cached.text;
      const text = await readFile(this.file, 'utf8');
      this.cached = { mtimeMs: s.mtimeMs, size: s.size, text };
      return text;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw toStorageError(err);
    }
  }

  async write(text: string): Promise<void> {
    if (text.length > MAX_SYSTEM_INSTRUCTION_LENGTH) {
      throw new AppError('validation_failed', 'The system instruction is too long', {
        errors: [{ field: 'system_instruction', message: `at most ${MAX_SYSTEM_INSTRUCTION_LENGTH} characters` }],
      });
    }
    await this.serializer.run('file', async () => {
      await writeFileAtomic(this.file, text);
      this.cached = undefined;
    });
  }
}
