/**
 * Plain-text conversation logs under DATA_DIR/conversations, `conversation_<client_id>.txt`, a timestamped
 * line per message. Staff read them on the admin page; DELETE of a lead erases its log.
 */
import { appendFile, mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../infra/app-error.js';
import { KeyedSerializer, toStorageError } from '../infra/atomic-file.js';
import type { Role } from './session.store.js';

const FILE_RE = /^conversation_([A-Za-z0-9_-]{8,64})\.txt$/;

export interface LogFileInfo {
  filename: string;
  client_id: string;
  size: number;
  modified: string;
}

export class ConversationLogStore {
  private readonly dir: string;
  private readonly serializer = new KeyedSerializer();
  private ready: Promise<unknown> | undefined;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'conversations');
  }

  static filenameFor(clientId: string): string {
    return `conversation_${clientId}.txt`;
  }

  private ensureDir(): Promise<unknown> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    return this.ready;
  }

  async append(clientId: string, role: Role, text: string, at: Date = new Date()): Promise<void> {
    await this.appendMany(clientId, [{ role, text, at }]);
  }

  /** Several messages (a turn's two) in one append: one open/write/close instead of one per message. */
  async appendMany(clientId: string, messages: Array<{ role: Role; text: string; at: Date }>): Promise<void> {
    if (messages.length === 0) return;
    await this.ensureDir();
    // One line per message: newlines inside a message are escaped so the file stays line-oriented.
    const lines = messages
      .map(({ role, text, at }) => `[${at.toISOString()}] ${role === 'user' ? 'visitor' : 'assistant'}: ${text.replace(/\r?\n/g, '\\n')}\n`)
      .join('');
    const file = path.join(this.dir, ConversationLogStore.filenameFor(clientId));
    await this.serializer.run(clientId, () => appendFile(file, lines, { encoding: 'utf8', mode: 0o600 }));
  }

  async list(): Promise<LogFileInfo[]> {
    await this.ensureDir();
    const names = await readdir(this.dir);
    const infos: LogFileInfo[] = [];
    for (const name of names) {
      const m = FILE_RE.exec(name);
      if (!m) continue;
      try {
        const s = await stat(path.join(this.dir, name));
        infos.push({ filename: name, client_id: m[1] ?? '', size: s.size, modified: s.mtime.toISOString() });
      } catch {
        // removed between readdir and stat
      }
    }
    return infos.sort((a, b) => b.modified.localeCompare(a.modified));
  }

  /** Only names of the exact form are accepted, so no path can escape the folder. */
  async read(filename: string): Promise<string> {
    if (!FILE_RE.test(filename)) throw new AppError('not_found', 'No such log');
    try {
      return await readFile(path.join(this.dir, filename), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', 'No such log');
      throw toStorageError(err);
    }
  }

  async readForClient(clientId: string): Promise<string> {
    try {
      return await this.read(ConversationLogStore.filenameFor(clientId));
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return '';
      throw err;
    }
  }

  async remove(clientId: string): Promise<boolean> {
    return this.serializer.run(clientId, async () => {
      try {
        await unlink(path.join(this.dir, ConversationLogStore.filenameFor(clientId)));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw toStorageError(err);
      }
    });
  }

  /** Removes logs last written more than `olderThanDays` ago (all when undefined). */
  async clear(olderThanDays?: number, now: Date = new Date()): Promise<number> {
    const cutoff = olderThanDays === undefined ? Infinity : now.getTime() - olderThanDays * 86_400_000;
    let removed = 0;
    for (const info of await this.list()) {
      if (olderThanDays !== undefined && Date.parse(info.modified) > cutoff) continue;
      if (await this.remove(info.client_id)) removed += 1;
    }
    return removed;
  }
}
