/**
 * Durable file writes: write a temp file beside the target, fsync it, rename over the target, fsync the
 * directory. A crash leaves either the old or the new content, never a torn file. Everything the server
 * keeps is its own: files 0600, folders 0700 (session ids, chat text and contact details are in them).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from './app-error.js';

/** The mode of every file the server writes under DATA_DIR. */
export const PRIVATE_FILE_MODE = 0o600;
/** The mode of every folder the server makes under DATA_DIR. */
export const PRIVATE_DIR_MODE = 0o700;

/** `mkdir -p` whose new folders are 0700 (whatever the umask; an existing folder keeps its mode). */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes `dir` 0700 and, with `tree`, every folder under it 0700 and every file 0600: for what an earlier
 * version left readable (it wrote 0755 folders and 0644 files). Only for small trees: it visits each file.
 */
export async function restrictModes(dir: string, options: { tree?: boolean } = {}): Promise<void> {
  await chmod(dir, PRIVATE_DIR_MODE);
  if (!options.tree) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await restrictModes(full, options);
    else if (entry.isFile()) await chmod(full, PRIVATE_FILE_MODE);
  }
}

export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', options.mode ?? PRIVATE_FILE_MODE);
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
    const out = createWriteStream(tmp, { flags: 'w', mode: options.mode ?? PRIVATE_FILE_MODE, flush: true });
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
