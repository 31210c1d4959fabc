/**
 * One process per DATA_DIR in the embedded mode: its JSON files and in-memory index assume a single
 * writer, so a second server on the same folder (a second instance, a deploy that starts the new process
 * before stopping the old) must refuse to start instead of letting the data diverge.
 *
 * proper-lockfile holds the lock: an atomic mkdir of DATA_DIR/server.lock whose mtime the holder refreshes
 * every few seconds. A lock not refreshed for `staleMs` (its holder was killed, or its machine died: the
 * folder may be on a network disk) is stale and taken over, so a crash never blocks the next start for
 * good; a holder that finds its lock taken over (it stalled past `staleMs`) is told (`onLost`) and must
 * stop writing. Beside it, server.lock.json names the holder (pid, host): for the message, to refuse at
 * once when that process is alive on this machine, and to take over at once when it is dead on this
 * machine (a supervisor restarting a killed server should not wait out the stale period). Two starts
 * racing for a dead holder's lock are settled by proper-lockfile: the one whose lock was removed under it
 * finds out at its next refresh (onLost) and stops.
 */
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from './logger.js';

const LOCK_DIR = 'server.lock';
const OWNER_FILE = 'server.lock.json';
const TAKEOVER_MESSAGE = 'DATA_DIR lock of a server that is no longer running: taking it over';

interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

export class DataDirBusyError extends Error {
  constructor(dir: string, owner: LockOwner | undefined) {
    const who = owner
      ? `Another server (pid ${owner.pid} on ${owner.host}, started ${owner.started_at})`
      : 'Another server';
    super(
      `${who} is using DATA_DIR ${dir}. The embedded store serves one process per folder: stop that server, ` +
        'give this one its own DATA_DIR, or set DATABASE_URL (PostgreSQL) to run several instances.',
    );
    this.name = 'DataDirBusyError';
  }
}

export interface DataDirLockOptions {
  logger: Logger;
  /** Called when the lock was lost while held (see above); the process must stop. */
  onLost: (err: Error) => void;
  /** A lock not refreshed for this long is a dead holder's (proper-lockfile's minimum is 2000). */
  staleMs?: number;
}

async function readOwner(dir: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(dir, OWNER_FILE), 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return undefined;
    return { pid: owner.pid, host: owner.host, started_at: String(owner.started_at ?? '') };
  } catch {
    return undefined;
  }
}

/** 'alive' or 'dead' for a process of this machine (EPERM: alive, someone else's); 'unknown' elsewhere. */
function holderState(owner: LockOwner | undefined): 'alive' | 'dead' | 'unknown' {
  if (!owner || owner.host !== os.hostname()) return 'unknown';
  if (owner.pid === process.pid) return 'alive'; // this process already holds it (a second start in-process)
  try {
    process.kill(owner.pid, 0);
    return 'alive';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}

function isLocked(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ELOCKED';
}

/** Takes DATA_DIR (which must exist) for this process; returns the release. Throws DataDirBusyError. */
export async function lockDataDir(dir: string, options: DataDirLockOptions): Promise<() => Promise<void>> {
  const { logger } = options;
  const staleMs = Math.max(options.staleMs ?? 10_000, 2000);
  const settings = {
    lockfilePath: path.join(dir, LOCK_DIR),
    stale: staleMs,
    onCompromised: (err: Error) =>
      options.onLost(new Error(`The DATA_DIR lock was lost (${err.message}): another process may write ${dir}.`)),
  };
  let release: () => Promise<void>;
  // A clean stop removes the owner file: one still there names a holder that never let go (killed).
  const previous = await readOwner(dir);
  try {
    release = await lockfile.lock(dir, { ...settings, retries: 0 });
    // proper-lockfile took a lock that had gone stale (its holder died long enough ago) without a word.
    if (previous) logger.warn({ dir, owner: previous }, TAKEOVER_MESSAGE);
  } catch (err) {
    if (!isLocked(err)) throw err;
    const owner = await readOwner(dir);
    const state = holderState(owner);
    if (state === 'alive') throw new DataDirBusyError(dir, owner);
    const waitMs = 500;
    let retries = { retries: Math.ceil(staleMs / waitMs) + 2, minTimeout: waitMs, maxTimeout: waitMs, factor: 1 };
    if (state === 'dead') {
      // Killed (its lock is still fresh, but nobody will refresh it): take the folder over now.
      logger.warn({ dir, owner }, TAKEOVER_MESSAGE);
      await rmdir(settings.lockfilePath).catch(() => undefined);
      retries = { ...retries, retries: 0 };
    } else {
      // Its holder may be on another machine (a network disk): free once stale, if nobody refreshes it.
      logger.warn({ dir, owner }, `DATA_DIR is locked by another server: waiting up to ${staleMs} ms for it to go`);
    }
    try {
      release = await lockfile.lock(dir, { ...settings, retries });
    } catch (again) {
      if (isLocked(again)) throw new DataDirBusyError(dir, await readOwner(dir));
      throw again;
    }
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString() };
  await writeFile(path.join(dir, OWNER_FILE), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  return async () => {
    await rm(path.join(dir, OWNER_FILE), { force: true });
    await release().catch((err: unknown) => logger.warn({ err }, 'could not release the DATA_DIR lock'));
  };
}
