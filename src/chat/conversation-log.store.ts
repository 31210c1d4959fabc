/**
 * Plain-text conversation logs under DATA_DIR/conversations, `conversation_<client_id>.txt`, a timestamped
 * line per message: the embedded engine of ConversationLogRepository (store/conversation-log.repository.ts).
 * Staff read them on the admin page; DELETE of a lead erases its log.
 *
 * Appends, reads and removals of one client run in order (one queue per client), and list() waits for every
 * queued append, so a chat turn need not wait for its log line: anything read through this store still
 * sees it. flush() at shutdown waits for the last ones. Recently used logs stay open for appending.
 */
import { close, closeSync, open, openSync, read, writeSync } from 'node:fs';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LRUCache } from 'lru-cache';
import { AppError } from '../infra/app-error.js';
import { makePrivateDir, toStorageError } from '../infra/atomic-file.js';
import { KeyedSerializer } from '../infra/keyed-serializer.js';
import {
  clearCutoff,
  clientIdOfLogFilename,
  logFilenameOf,
  type ConversationLogRepository,
  type LogFileInfo,
  type LogMessage,
} from '../store/conversation-log.repository.js';

/**
 * Logs kept open for appending (a conversation writes a line pair per turn), least recently used closed first.
 * Enough for a busy site's live conversations (200 at once cost an open and a close per turn at 64); Node
 * raises its descriptor limit to the hard limit at start-up, so a few hundred are cheap.
 */
export const MAX_OPEN_LOGS = 256;
/** An open log unused this long is closed: a minute covers a visitor reading a reply and typing the next. */
const IDLE_CLOSE_MS = 60_000;

// The callback API, promisified: much less CPU per call than fs/promises' FileHandle (npm run bench).
const openFile = promisify(open);
const closeFile = promisify(close);
const readFrom = promisify(read);

/** A log's first line starts with its first message's time: `[2026-05-04T10:00:00.000Z] visitor: ...`. */
const FIRST_TIME_RE = /^\[(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\]/;

/** A log line: its time, who, and the escaped text. */
const LINE_RE = /^\[([^\]]+)\] (visitor|assistant): (.*)$/s;
/** The end of a log searched for the visitor's last message (a turn is two lines; a long reply is rare). */
const SUMMARY_TAIL_CHARS = 16_384;

export interface LogSummary {
  started_at: string;
  last_message_at: string;
  messages: number;
  /** The visitor's last message (else the last message), unescaped. */
  last_visitor_text: string;
}

/** Closes a log's descriptor (synchronously, as it is opened and written); a failure leaves nothing to do. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
}

/** What a message may not hold raw in its log line: backslash, C0 and C1 controls, DEL, U+2028 and U+2029. */
// eslint-disable-next-line no-control-regex
const UNSAFE_RE = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A message as the text of its one log line: a backslash becomes `\\`, a newline `\n`, any other control
 * character or line separator `\uXXXX`. So a message can neither start a forged line (a carriage return or
 * newline followed by `[time] assistant: ...`) nor rewrite a terminal showing the log (escape sequences).
 */
export function escapeLogText(text: string): string {
  return text.replace(UNSAFE_RE, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The inverse of escapeLogText. Lines written before backslashes were escaped (their only escape was `\n`)
 * read as they did, but for a visitor's own `\\` or `\uXXXX`: every other backslash is kept as it stands.
 */
export function unescapeLogText(text: string): string {
  return text.replace(/\\(\\|n|u[0-9a-fA-F]{4})/g, (_all, code: string) =>
    code === '\\' ? '\\' : code === 'n' ? '\n' : String.fromCharCode(parseInt(code.slice(1), 16)),
  );
}

/** Messages as their log lines (each ends with a newline), as every engine renders a log. */
export function formatLogLines(messages: readonly LogMessage[]): string {
  return messages
    .map(
      ({ role, text, at }) =>
        `[${at.toISOString()}] ${role === 'user' ? 'visitor' : 'assistant'}: ${escapeLogText(text)}\n`,
    )
    .join('');
}

export class ConversationLogStore implements ConversationLogRepository {
  private readonly dir: string;
  private readonly serializer = new KeyedSerializer();
  private ready: Promise<unknown> | undefined;
  /**
   * Open descriptors by client id. A descriptor is only used, and only closed, inside its client's queue, so
   * no write can ever reach a closed (or reused) descriptor: one dropped for room or idleness is closed once
   * its client's queued work is done (the next turn opens the log anew).
   */
  private readonly openLogs = new LRUCache<string, number>({
    max: MAX_OPEN_LOGS,
    ttl: IDLE_CLOSE_MS,
    ttlAutopurge: true,
    updateAgeOnGet: true,
    dispose: (fd, clientId, reason) => {
      if (reason === 'evict' || reason === 'expire')
        void this.serializer.run(clientId, () => Promise.resolve(closeQuietly(fd)));
    },
  });

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'conversations');
  }

  static filenameFor(clientId: string): string {
    return logFilenameOf(clientId);
  }

  private ensureDir(): Promise<unknown> {
    this.ready ??= makePrivateDir(this.dir);
    return this.ready;
  }

  /** Several messages (a turn's two) in one write. */
  async appendMany(clientId: string, messages: LogMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // One line per message (escapeLogText), so the file stays line-oriented and no message forges a line.
    const lines = formatLogLines(messages);
    // Queued at once (before any await), so a read or removal issued after this call runs after it.
    await this.serializer.run(clientId, async () => {
      const fd = await this.descriptorFor(clientId);
      try {
        // A line pair appended to an open file is a ~2 µs system call; done on the thread pool it cost
        // ~4% of a chat turn's CPU in callbacks and wake-ups (npm run bench). pino writes its own log
        // files the same way, synchronously.
        writeSync(fd, lines);
      } catch (err) {
        this.closeNow(clientId);
        throw err;
      }
    });
  }

  /** Runs inside the client's queue. */
  private async descriptorFor(clientId: string): Promise<number> {
    const cached = this.openLogs.get(clientId);
    if (cached !== undefined) return cached;
    await this.ensureDir();
    // Opened synchronously, like the write: a visitor's turns are usually further apart than IDLE_CLOSE_MS, so
    // most turns open their log, and an open on the thread pool cost ~5% of a turn's CPU in callbacks and
    // wake-ups (npm run bench:turn-cpu); the system call itself is a few microseconds.
    const fd = openSync(path.join(this.dir, ConversationLogStore.filenameFor(clientId)), 'a', 0o600);
    this.openLogs.set(clientId, fd);
    return fd;
  }

  /** Runs inside the client's queue. */
  private closeNow(clientId: string): void {
    const fd = this.openLogs.peek(clientId);
    if (fd === undefined) return;
    this.openLogs.delete(clientId); // a deletion: the dispose above leaves the closing to us
    closeQuietly(fd);
  }

  /** Waits for every queued append, then closes the open logs (shutdown). */
  async flush(): Promise<void> {
    await this.serializer.idle();
    await Promise.all(
      [...this.openLogs.keys()].map((clientId) =>
        this.serializer.run(clientId, () => Promise.resolve(this.closeNow(clientId))),
      ),
    );
  }

  async list(): Promise<LogFileInfo[]> {
    await this.ensureDir();
    await this.serializer.idle();
    const names = await readdir(this.dir);
    const infos: LogFileInfo[] = [];
    for (const name of names) {
      const clientId = clientIdOfLogFilename(name);
      if (!clientId) continue;
      try {
        const s = await stat(path.join(this.dir, name));
        infos.push({ filename: name, client_id: clientId, size: s.size, modified: s.mtime.toISOString() });
      } catch {
        // removed between readdir and stat
      }
    }
    return infos.sort((a, b) => b.modified.localeCompare(a.modified));
  }

  /**
   * When each conversation began (its log's first line), for those written to at or after `since` (a log
   * last written before it began before it too). Reads a few bytes per log.
   */
  async startTimes(since: Date): Promise<Array<{ client_id: string; started_at: Date }>> {
    const starts: Array<{ client_id: string; started_at: Date }> = [];
    for (const info of await this.list()) {
      if (Date.parse(info.modified) < since.getTime()) continue;
      const started = await this.readFirstTime(info.filename);
      if (started) starts.push({ client_id: info.client_id, started_at: started });
    }
    return starts;
  }

  private async readFirstTime(filename: string): Promise<Date | undefined> {
    let fd: number | undefined;
    try {
      fd = await openFile(path.join(this.dir, filename), 'r');
      const buffer = Buffer.alloc(40);
      const { bytesRead } = await readFrom(fd, buffer, 0, buffer.length, 0);
      const time = FIRST_TIME_RE.exec(buffer.toString('utf8', 0, bytesRead))?.[1];
      return time ? new Date(time) : undefined;
    } catch {
      return undefined; // removed meanwhile
    } finally {
      if (fd !== undefined) await closeFile(fd).catch(() => undefined);
    }
  }

  /**
   * What the inbox shows of one log: when it began and was last written (its first and last lines' times),
   * how many messages it holds (its lines) and the visitor's last message. Reads that one log (the inbox
   * reads only the logs of the page it shows); undefined when there is none.
   */
  async summaryOf(clientId: string): Promise<LogSummary | undefined> {
    const text = await this.readForClient(clientId);
    if (text === '') return undefined;
    let messages = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) messages += 1;
    const lastLines = text
      .slice(Math.max(0, text.length - SUMMARY_TAIL_CHARS))
      .split('\n')
      .filter(Boolean);
    const last = lastLines[lastLines.length - 1] ?? '';
    const lastVisitor = lastLines.findLast((line) => LINE_RE.exec(line)?.[2] === 'visitor') ?? last;
    const started = FIRST_TIME_RE.exec(text)?.[1];
    const ended = LINE_RE.exec(last)?.[1];
    return {
      started_at: started ?? ended ?? '',
      last_message_at: ended ?? started ?? '',
      messages,
      last_visitor_text: unescapeLogText(LINE_RE.exec(lastVisitor)?.[3] ?? ''),
    };
  }

  /** Whether the log's text holds `needle` (lower-cased), case-insensitively; false when there is no log. */
  async contains(clientId: string, needle: string): Promise<boolean> {
    return unescapeLogText(await this.readForClient(clientId))
      .toLowerCase()
      .includes(needle);
  }

  /** Only names of the exact form are accepted, so no path can escape the folder. */
  async read(filename: string): Promise<string> {
    const clientId = clientIdOfLogFilename(filename);
    if (!clientId) throw new AppError('not_found', 'No such log');
    try {
      return await this.serializer.run(clientId, () => readFile(path.join(this.dir, filename), 'utf8'));
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
      this.closeNow(clientId);
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
    const cutoff = clearCutoff(olderThanDays, now);
    let removed = 0;
    for (const info of await this.list()) {
      if (olderThanDays !== undefined && Date.parse(info.modified) > cutoff) continue;
      if (await this.remove(info.client_id)) removed += 1;
    }
    return removed;
  }
}
