/** Public chat routes: POST /gemini/train (JSON or SSE) and POST /gemini/reset. */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../infra/app-error.js';
import { sendSuccess } from '../http/envelope.js';
import { SseWriter, wantsEventStream } from '../http/sse.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { emailSchema, phoneSchema } from '../leads/lead.schemas.js';
import type { ChatService, PrefetchedSession } from './chat.service.js';
import { CLIENT_ID_RE, clientIdSchema } from './client-id.schema.js';

declare global {
  // Declaration merging into Express's own global namespace is the only way to type res.locals.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by prefetchConversation for POST /gemini/train. */
      conversation?: PrefetchedSession;
    }
  }
}

/**
 * For POST /gemini/train: starts reading the visitor's conversation as soon as the body is parsed, while the
 * rate limits are still being counted (app.ts runs both at once), so the turn starts with its history in
 * hand: one Redis round trip for both instead of two in a row. Only a read: a request the limits refuse
 * has changed nothing.
 */
export function prefetchConversation(chat: ChatService): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && req.baseUrl + req.path === '/gemini/train') {
      const clientId: unknown = (req.body as { client_id?: unknown } | undefined)?.client_id;
      if (typeof clientId === 'string' && CLIENT_ID_RE.test(clientId))
        res.locals.conversation = chat.prefetch(clientId);
    }
    next();
  };
}

export function chatRoutes(
  chat: ChatService,
  opts: { maxInputLength: number; defaultCountry: string | undefined },
): Router {
  const { maxInputLength } = opts;
  const router = Router();

  const trainSchema = z.object({
    client_id: clientIdSchema.optional(),
    content: z
      .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(maxInputLength, `must be at most ${maxInputLength} characters`),
    email: emailSchema.optional(),
    phone: phoneSchema(opts.defaultCountry).optional(),
  });

  router.post('/gemini/train', requireJsonBody, async (req, res) => {
    const body = parseInput(trainSchema, req.body);
    const input = { clientId: body.client_id, content: body.content, email: body.email, phone: body.phone };
    const prefetched = res.locals.conversation;
    if (!wantsEventStream(req)) {
      sendSuccess(res, await chat.handleTurn(input, undefined, prefetched), 'Reply generated');
      return;
    }
    const sse = new SseWriter(res);
    try {
      const result = await chat.handleTurn(input, (text) => sse.send('delta', { text }), prefetched);
      sse.finish('done', result);
    } catch (err) {
      if (!sse.isOpen) throw err; // nothing sent yet: the error handler answers with JSON
      sse.finish('error', {
        message: err instanceof AppError ? err.message : 'Something went wrong. Please try again.',
      });
    }
  });

  router.post('/gemini/reset', requireJsonBody, async (req, res) => {
    const { client_id } = parseInput(z.object({ client_id: clientIdSchema }), req.body);
    await chat.resetConversation(client_id);
    sendSuccess(res, { client_id }, 'Conversation cleared');
  });

  return router;
}
