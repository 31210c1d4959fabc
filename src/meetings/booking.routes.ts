/**
 * POST /book-meeting (public, mounted at /saba): book a meeting from an API client or a form. A caller with
 * the admin key in a header books as staff; anyone else only for themselves (the contract's public rules).
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { hasAdminKey } from '../admin/admin-auth.middleware.js';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { emailSchema } from '../leads/lead.schemas.js';
import type { MeetingService } from './meeting.service.js';

const requiredString = {
  error: (i: { input: unknown }) => (i.input === undefined ? 'is required' : 'must be a string'),
};

/** Admin callers: whatever attendees, length and title; without client_id the lead is found by email or created. */
const adminBookingSchema = z.object({
  client_id: clientIdSchema.optional(),
  title: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
  start: z.string(requiredString).trim().min(1, 'is required'),
  end: z.string({ error: 'must be a string' }).trim().optional(),
  attendees: z
    .array(emailSchema, { error: (i) => (i.input === undefined ? 'is required' : 'must be a list of email addresses') })
    .min(1, 'needs at least one email address')
    .max(20, 'at most 20 attendees'),
  name: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
});

/** A link, a www. address or a domain: a topic that could carry a phishing line into an invitation. */
const LINK_RE = /https?:|www\.|[a-z0-9-]+\.[a-z]{2,}(?:[/:?#]|\s|$)/i;

/**
 * Public callers book only for themselves: their conversation, one attendee (who becomes that
 * conversation's email), a short topic without links (put inside the business's own event title).
 */
const publicBookingSchema = adminBookingSchema.extend({
  client_id: clientIdSchema,
  title: z
    .string({ error: 'must be a string' })
    .trim()
    .max(80, 'must be a short topic (at most 80 characters)')
    .refine((t) => !LINK_RE.test(t), 'must be a short topic, without links')
    .optional(),
  attendees: z
    .array(emailSchema, { error: (i) => (i.input === undefined ? 'is required' : 'must be a list of email addresses') })
    .length(1, 'must hold exactly one email address: yours'),
});

export interface BookingRouteDeps {
  adminKey: string;
  /** Public bookings per client IP (admin callers are not counted). */
  limitPerIp: RequestHandler;
}

export function bookingRoutes(meetings: MeetingService, deps: BookingRouteDeps): Router {
  const router = Router();
  router.post('/book-meeting', requireJsonBody, deps.limitPerIp, async (req, res) => {
    const caller = hasAdminKey(req, deps.adminKey) ? 'admin' : 'public';
    const input = parseInput(caller === 'admin' ? adminBookingSchema : publicBookingSchema, req.body);
    const { created, meeting, lead } = await meetings.bookFromApi(input, caller);
    sendSuccess(res, { meeting, lead }, created ? 'Meeting booked' : 'Meeting already booked', created ? 201 : 200);
  });
  return router;
}
