/** POST /saba/book-meeting inputs: validated by the route, described by /openapi.json. */
import { z } from 'zod';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { emailSchema } from '../leads/lead.schemas.js';

const requiredString = {
  error: (i: { input: unknown }) => (i.input === undefined ? 'is required' : 'must be a string'),
};

/** Admin callers: whatever attendees, length and title; without client_id the lead is found by email or created. */
export const adminBookingSchema = z.object({
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
export const publicBookingSchema = adminBookingSchema.extend({
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
