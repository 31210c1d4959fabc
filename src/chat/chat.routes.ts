/** Public chat routes, mounted at /gemini: POST /train (JSON or SSE) and POST /reset. */
import { Router } from 'express';
import { AppError } from '../infra/app-error.js';
import { sendSuccess } from '../http/envelope.js';
import { SseWriter, wantsEventStream } from '../http/sse.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import type { ChatService } from './chat.service.js';
import { chatSchemas } from './chat.schemas.js';
import { conversationReadAheadOf } from './conversation-read-ahead.js';

export function chatRoutes(
  chat: ChatService,
  opts: { maxInputLength: number; defaultCountry: string | undefined },
): Router {
  const router = Router();

  const schemas = chatSchemas(opts);

  router.post('/train', requireJsonBody, async (req, res) => {
    const body = parseInput(schemas.train, req.body);
    const input = {
      clientId: body.client_id,
      content: body.content,
      email: body.email,
      phone: body.phone,
      timezone: body.timezone,
    };
    const prefetched = conversationReadAheadOf(req);
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

  router.post('/reset', requireJsonBody, async (req, res) => {
    const { client_id } = parseInput(schemas.reset, req.body);
    await chat.resetConversation(client_id);
    sendSuccess(res, { client_id }, 'Conversation cleared');
  });

  return router;
}
