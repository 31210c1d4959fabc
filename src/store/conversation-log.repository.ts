/**
 * Where conversation logs are kept, whatever the engine: text files under DATA_DIR (chat/conversation-log.store.ts,
 * one instance) or PostgreSQL (store/postgres/conversation-log.repository.pg.ts, any number of instances).
 * Both pass test/store/conversation-log.contract.ts.
 *
 * A log reads as text, one line per message (`[ISO time] visitor|assistant: text`, the text escaped so that
 * it stays on its line), whatever the engine: the admin API serves it as it is. Within one process the
 * appends, reads and removals of one conversation run in call order, so a read issued after an append that
 * was not awaited still sees it.
 */
import type { Role } from '../chat/session.store.js';

export interface LogFileInfo {
  filename: string;
  client_id: string;
  /** Bytes of the log's text. */
  size: number;
  /** When it was last written to (ISO 8601). */
  modified: string;
}

export interface LogMessage {
  role: Role;
  text: string;
  at: Date;
}

export interface ConversationLogRepository {
  /** Appends messages (a turn's two) to a conversation's log. */
  appendMany(clientId: string, messages: LogMessage[]): Promise<void>;
  /** Waits for every append started so far (shutdown). */
  flush(): Promise<void>;
  /** Every log, last written first. */
  list(): Promise<LogFileInfo[]>;
  /** When each conversation written to at or after `since` began (its first message). */
  startTimes(since: Date): Promise<Array<{ client_id: string; started_at: Date }>>;
  /** The log's text by its name (`conversation_<client_id>.txt`); AppError not_found for anything else. */
  read(filename: string): Promise<string>;
  /** The conversation's log text, '' when it has none. */
  readForClient(clientId: string): Promise<string>;
  /** Erases a conversation's log; false when there was none. */
  remove(clientId: string): Promise<boolean>;
  /** Erases the logs last written more than `olderThanDays` ago (all when undefined); returns how many. */
  clear(olderThanDays?: number, now?: Date): Promise<number>;
}

/** The only log names there are; the id's form keeps any path out. */
const LOG_FILENAME_RE = /^conversation_([A-Za-z0-9_-]{8,64})\.txt$/;

export function logFilenameOf(clientId: string): string {
  return `conversation_${clientId}.txt`;
}

/** The conversation a log name stands for, or undefined for a name not of the exact form. */
export function clientIdOfLogFilename(filename: string): string | undefined {
  return LOG_FILENAME_RE.exec(filename)?.[1];
}

/** The instant before which a log counts as older than `olderThanDays` (none: every log). */
export function clearCutoff(olderThanDays: number | undefined, now: Date): number {
  return olderThanDays === undefined ? Infinity : now.getTime() - olderThanDays * 86_400_000;
}
