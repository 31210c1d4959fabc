/**
 * Durable file writes: write a temp file beside the target, fsync it, rename over the target, fsync the
 * directory. A crash leaves either the old or the new content, never a torn file.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from './app-error.js';

export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', options.mode ?? 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
    await syncDir(dir);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw toStorageError(err);
  }
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function toStorageError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOSPC'
      ? 'The server is out of disk space; nothing was saved.'
      : 'Could not save to storage; nothing was saved.';
  return new AppError('storage_unavailable', message, { cause: err });
}

/**
 * writeFileAtomic for content produced as a stream (a spreadsheet written row by row, never whole in
 * memory): `produce` writes into the temp file and ends it; then fsync, rename, directory fsync.
 */
export async function writeStreamAtomic(
  target: string,
  produce: (out: Writable) => Promise<void>,
  options: { mode?: number } = {},
): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // flush: the stream fsyncs the file before closing it, so 'close' means durable.
    const out = createWriteStream(tmp, { flags: 'w', mode: options.mode ?? 0o644, flush: true });
    const closed = new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.once('close', resolve);
    });
    closed.catch(() => undefined); // observed through the races below
    try {
      await Promise.race([produce(out), closed.then(() => undefined)]);
    } catch (err) {
      out.destroy();
      await closed.catch(() => undefined);
      throw err;
    }
    if (!out.writableEnded) out.end();
    await closed;
    await rename(tmp, target);
    await syncDir(dir);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw toStorageError(err);
  }
}
