/** Public chat routes, mounted at /gemini: POST /train (JSON or SSE) and POST /reset. */
import { Router } from 'express';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from '../infra/app-error.js';
import { sendSuccess } from '../http/envelope.js';
import { SseWriter, wantsEventStream } from '../http/sse.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { emailSchema, phoneSchema } from '../leads/lead.schemas.js';
import type { ChatService } from './chat.service.js';
import { clientIdSchema } from './client-id.schema.js';
import { conversationReadAheadOf } from './conversation-read-ahead.js';

// The runtime's canonical zones answer most checks without building a formatter (the widget sends a zone
// with every message); aliases such as Asia/Calcutta take the slower check.
const CANONICAL_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const isIanaZone = (zone: string) => CANONICAL_ZONES.has(zone) || IANAZone.isValidZone(zone);

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
    timezone: z
      .string('must be a string')
      .max(64, 'must be at most 64 characters')
      .refine(isIanaZone, 'must be an IANA time zone such as Europe/London')
      .optional(),
  });

  router.post('/train', requireJsonBody, async (req, res) => {
    const body = parseInput(trainSchema, req.body);
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
    const { client_id } = parseInput(z.object({ client_id: clientIdSchema }), req.body);
    await chat.resetConversation(client_id);
    sendSuccess(res, { client_id }, 'Conversation cleared');
  });

  return router;
}
