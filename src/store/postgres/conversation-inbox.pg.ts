/**
 * The inbox over PostgreSQL: one query for the page (the conversations' summary rows, newest activity first
 * on their index, each joined to its lead, with the visitor's last message read backwards on the
 * transcript index) and one count. A search matches the conversation id, the lead's search text (lead_search,
 * migration 0006) and the messages' text (a trigram index each, migration 0003).
 */
import { query, type Pool } from '../../infra/postgres.client.js';
import {
  previewOf,
  type ConversationInbox,
  type ConversationQuery,
  type ConversationSummary,
} from '../conversation-inbox.repository.js';
import { containsPattern } from './lead.repository.pg.js';

interface InboxRow {
  client_id: string;
  lead_id: string | null;
  name: string | null;
  messages: number;
  started_at: Date;
  last_message_at: Date;
  preview: string | null;
}

const FROM = `FROM conversations c
  LEFT JOIN lead_conversations lc ON lc.client_id = c.client_id
  LEFT JOIN leads l ON l.id = lc.lead_id`;

const MATCHES = `(lower(c.client_id) LIKE $1
  OR lc.lead_id IN (SELECT id FROM lead_search WHERE search_text LIKE $1)
  OR c.client_id IN (SELECT client_id FROM conversation_messages WHERE lower(text) LIKE $1))`;

/** The visitor's last message, else the last message: each a backward walk of the transcript index. */
const PREVIEW = `coalesce(
  (SELECT m.text FROM conversation_messages m WHERE m.client_id = c.client_id AND m.role = 'user'
    ORDER BY m.at DESC, m.id DESC LIMIT 1),
  (SELECT m.text FROM conversation_messages m WHERE m.client_id = c.client_id ORDER BY m.at DESC, m.id DESC LIMIT 1))`;

export class PostgresConversationInbox implements ConversationInbox {
  constructor(private readonly pool: Pool) {}

  async list({
    q,
    limit,
    offset,
  }: ConversationQuery): Promise<{ conversations: ConversationSummary[]; total: number }> {
    const needle = q?.trim().toLowerCase();
    const params: unknown[] = needle ? [containsPattern(needle)] : [];
    const where = needle ? `WHERE ${MATCHES}` : '';
    const n = params.length;
    const [rows, counted] = await Promise.all([
      query<InboxRow>(
        this.pool,
        `SELECT c.client_id, l.id AS lead_id, coalesce(l.doc->>'name', l.email, l.phone) AS name, c.messages,
           c.started_at, c.last_message_at, ${PREVIEW} AS preview
         ${FROM} ${where}
         ORDER BY c.last_message_at DESC, c.client_id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, limit, offset],
      ),
      query<{ n: string }>(
        this.pool,
        needle ? `SELECT count(*) AS n ${FROM} ${where}` : 'SELECT count(*) AS n FROM conversations',
        params,
      ),
    ]);
    return {
      conversations: rows.map((r) => ({
        client_id: r.client_id,
        lead_id: r.lead_id,
        name: r.name,
        messages: r.messages,
        started_at: r.started_at.toISOString(),
        last_message_at: r.last_message_at.toISOString(),
        preview: previewOf(r.preview ?? ''),
      })),
      total: Number(counted[0]?.n ?? 0),
    };
  }
}
