/** POST /book-meeting (public, mounted at /saba): book a meeting from an API client or a form. */
import { Router } from 'express';
import { z } from 'zod';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { emailSchema } from '../leads/lead.schemas.js';
import type { MeetingService } from './meeting.service.js';

const bookingSchema = z.object({
  client_id: clientIdSchema.optional(),
  title: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
  start: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'is required'),
  end: z.string({ error: 'must be a string' }).trim().optional(),
  attendees: z
    .array(emailSchema, { error: (i) => (i.input === undefined ? 'is required' : 'must be a list of email addresses') })
    .min(1, 'needs at least one email address')
    .max(20, 'at most 20 attendees'),
  name: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
});

export function bookingRoutes(meetings: MeetingService): Router {
  const router = Router();
  router.post('/book-meeting', requireJsonBody, async (req, res) => {
    const input = parseInput(bookingSchema, req.body);
    const { created, meeting, lead } = await meetings.bookFromApi(input);
    sendSuccess(res, { meeting, lead }, created ? 'Meeting booked' : 'Meeting already booked', created ? 201 : 200);
  });
  return router;
}
