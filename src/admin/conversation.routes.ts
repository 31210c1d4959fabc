/** GET /conversations (admin): the staff inbox's list, every conversation with or without a lead. */
import { Router } from 'express';
import { z } from 'zod';
import { sendSuccess } from '../http/envelope.js';
import { pageQueryFields, parseInput } from '../http/validate.js';
import type { ConversationInbox } from '../store/conversation-inbox.repository.js';

export const conversationQuerySchema = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  ...pageQueryFields,
});

export function conversationRoutes(inbox: ConversationInbox): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(conversationQuerySchema, req.query);
    const { conversations, total } = await inbox.list({ ...query, q: query.q || undefined });
    sendSuccess(res, { conversations, total, limit: query.limit, offset: query.offset });
  });
  return router;
}
