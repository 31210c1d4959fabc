/**
 * The turn's conversation, read while the rate limits are counted (the public router runs this beside
 * them), so a turn starts with its history in hand: one Redis round trip for both instead of two in a row.
 * Only a read: a request the limits refuse has changed nothing. The chat route takes it with
 * `conversationReadAheadOf`; it is kept per request, never on the response.
 */
import type { Request, RequestHandler } from 'express';
import type { ChatService, PrefetchedSession } from './chat.service.js';
import { CLIENT_ID_RE } from './client-id.schema.js';

const readAheads = new WeakMap<Request, PrefetchedSession>();

/** Starts reading the conversation of a body that carries a message for one (a chat turn). */
export function readConversationAhead(chat: ChatService): RequestHandler {
  return (req, _res, next) => {
    const body = req.body as { client_id?: unknown; content?: unknown } | undefined;
    const clientId = body?.client_id;
    if (typeof body?.content === 'string' && typeof clientId === 'string' && CLIENT_ID_RE.test(clientId)) {
      readAheads.set(req, chat.prefetch(clientId));
    }
    next();
  };
}

export function conversationReadAheadOf(req: Request): PrefetchedSession | undefined {
  return readAheads.get(req);
}
