/**
 * The staff inbox's view of conversations (GET /conversations): every conversation log, with or without a
 * lead, newest activity first, with its lead when one holds it. Engines: the log files with the embedded
 * lead store (store/embedded/conversation-inbox.embedded.ts), or one PostgreSQL query joining the
 * conversations' summary rows to the leads (store/postgres/conversation-inbox.pg.ts). Both pass
 * test/store/conversation-inbox.contract.ts.
 */

export interface ConversationSummary {
  client_id: string;
  /** The lead holding this conversation, or null (a visitor whose details were never captured). */
  lead_id: string | null;
  /** The lead's name (else its email, else its phone): what staff know the visitor as; null without a lead. */
  name: string | null;
  /** Messages in the log (the visitor's and the assistant's each count one). */
  messages: number;
  started_at: string;
  last_message_at: string;
  /** The visitor's last message (else the last message), cut to PREVIEW_LENGTH characters. */
  preview: string;
}

export interface ConversationQuery {
  /**
   * A substring, case-insensitive, of the conversation id, of its lead's name, email, phone, company or
   * notes, or of the transcript's text.
   */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface ConversationInbox {
  list(query: ConversationQuery): Promise<{ conversations: ConversationSummary[]; total: number }>;
}

export const PREVIEW_LENGTH = 140;

/** A message as a one-line preview: whitespace runs made one space, cut with an ellipsis. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1)}…` : line;
}

/** What staff know a lead as. */
export function displayNameOf(lead: {
  name: string | null;
  email: string | null;
  phone: string | null;
}): string | null {
  return lead.name ?? lead.email ?? lead.phone ?? null;
}
