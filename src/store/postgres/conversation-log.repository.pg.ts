/**
 * Conversation logs in PostgreSQL (schema: migrations 0001 and 0002): one row per message in
 * `conversation_messages`, and one row per conversation in `conversations` (when it began, when it was last
 * written, how many bytes its text has), kept by the same statement that appends. So a chat turn costs one
 * INSERT (no read of the log), and the list, the stats' start times and clearing by age read the small
 * per-conversation table, not every message. A transcript is rendered as the file engine writes it, ordered
 * by message time, then by insertion (a turn's two messages share their time).
 *
 * Within this process, one conversation's appends, reads and removal run in call order (as the file
 * engine's), so an append that was not awaited is seen by the next read here; other instances see it once
 * it returned.
 */
import { AppError } from '../../infra/app-error.js';
import { KeyedSerializer } from '../../infra/keyed-serializer.js';
import { query, type Pool } from '../../infra/postgres.client.js';
import { formatLogLines } from '../../chat/conversation-log.store.js';
import type { Role } from '../../chat/session.store.js';
import { clearCutoff, clientIdOfLogFilename, logFilenameOf } from '../conversation-log.repository.js';
import type { ConversationLogRepository, LogFileInfo, LogMessage } from '../conversation-log.repository.js';

interface MessageRow {
  at: Date;
  role: Role;
  text: string;
}

interface ConversationRow {
  client_id: string;
  bytes: string;
  last_message_at: Date;
}

/** PostgreSQL text cannot hold NUL: it is kept as U+FFFD (where a file log's line shows `\u0000`). */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

const APPEND_SQL = `
WITH added AS (
  INSERT INTO conversation_messages (client_id, at, role, text)
  SELECT $1, m.at, m.role, m.text FROM unnest($2::timestamptz[], $3::text[], $4::text[]) AS m (at, role, text)
  RETURNING at
)
INSERT INTO conversations AS c (client_id, started_at, last_message_at, messages, bytes)
SELECT $1, min(at), max(at), count(*), $5 FROM added
ON CONFLICT (client_id) DO UPDATE SET
  started_at = LEAST(c.started_at, EXCLUDED.started_at),
  last_message_at = GREATEST(c.last_message_at, EXCLUDED.last_message_at),
  messages = c.messages + EXCLUDED.messages,
  bytes = c.bytes + EXCLUDED.bytes`;

export class PostgresConversationLogRepository implements ConversationLogRepository {
  private readonly queue = new KeyedSerializer();

  constructor(private readonly pool: Pool) {}

  async appendMany(clientId: string, messages: LogMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const stored = messages.map((m) => ({ ...m, text: storable(m.text) }));
    // The bytes the rendered lines add, so the list's `size` is that of the text the admin downloads.
    const bytes = Buffer.byteLength(formatLogLines(stored));
    await this.queue.run(clientId, async () => {
      await query(this.pool, APPEND_SQL, [
        clientId,
        stored.map((m) => m.at.toISOString()),
        stored.map((m) => m.role),
        stored.map((m) => m.text),
        bytes,
      ]);
    });
  }

  flush(): Promise<void> {
    return this.queue.idle();
  }

  async list(): Promise<LogFileInfo[]> {
    await this.flush();
    const rows = await query<ConversationRow>(
      this.pool,
      'SELECT client_id, bytes, last_message_at FROM conversations ORDER BY last_message_at DESC, client_id DESC',
    );
    return rows.map((r) => ({
      filename: logFilenameOf(r.client_id),
      client_id: r.client_id,
      size: Number(r.bytes),
      modified: r.last_message_at.toISOString(),
    }));
  }

  async startTimes(since: Date): Promise<Array<{ client_id: string; started_at: Date }>> {
    await this.flush();
    return query<{ client_id: string; started_at: Date }>(
      this.pool,
      'SELECT client_id, started_at FROM conversations WHERE last_message_at >= $1',
      [since.toISOString()],
    );
  }

  async read(filename: string): Promise<string> {
    const clientId = clientIdOfLogFilename(filename);
    const text = clientId === undefined ? '' : await this.readForClient(clientId);
    if (text === '') throw new AppError('not_found', 'No such log');
    return text;
  }

  readForClient(clientId: string): Promise<string> {
    return this.queue.run(clientId, async () => {
      const rows = await query<MessageRow>(
        this.pool,
        'SELECT at, role, text FROM conversation_messages WHERE client_id = $1 ORDER BY at, id',
        [clientId],
      );
      return formatLogLines(rows);
    });
  }

  remove(clientId: string): Promise<boolean> {
    return this.queue.run(clientId, async () => {
      // One statement: the messages and their summary row go together.
      const rows = await query(
        this.pool,
        `WITH messages AS (DELETE FROM conversation_messages WHERE client_id = $1)
         DELETE FROM conversations WHERE client_id = $1 RETURNING client_id`,
        [clientId],
      );
      return rows.length > 0;
    });
  }

  async clear(olderThanDays?: number, now: Date = new Date()): Promise<number> {
    await this.flush();
    const cutoff = clearCutoff(olderThanDays, now);
    const rows = await query<{ removed: string }>(
      this.pool,
      `WITH gone AS (DELETE FROM conversations WHERE last_message_at <= $1 RETURNING client_id),
       messages AS (DELETE FROM conversation_messages WHERE client_id IN (SELECT client_id FROM gone))
       SELECT count(*) AS removed FROM gone`,
      [cutoff === Infinity ? 'infinity' : new Date(cutoff).toISOString()],
    );
    return Number(rows[0]?.removed ?? 0);
  }
}
