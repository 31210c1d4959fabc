/** POST /book-meeting (public, mounted at /saba): book a meeting from an API client or a form. */
import { Router } from 'express';
import { z } from 'zod';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { AppError } from '../infra/app-error.js';
import { emailSchema } from '../leads/lead.schemas.js';
import { emptyDetails, toVisitorLead, type LeadRecord } from '../leads/lead.types.js';
import type { BookingInput, MeetingService } from './meeting.service.js';

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

/** What the caller may see: with a client_id that conversation's view, else only what this request gave. */
function viewFor(input: BookingInput, record: LeadRecord, meeting: LeadRecord['meeting']) {
  if (input.client_id) return toVisitorLead(record, input.client_id, undefined, meeting);
  return toVisitorLead(
    record,
    null,
    { ...emptyDetails(), email: input.attendees[0] ?? null, name: input.name ?? null },
    meeting,
  );
}

export function bookingRoutes(meetings: MeetingService): Router {
  const router = Router();
  router.post('/book-meeting', requireJsonBody, async (req, res) => {
    const input = parseInput(bookingSchema, req.body);
    try {
      const result = await meetings.bookFromApi(input);
      const data = { meeting: result.meeting, lead: viewFor(input, result.record, result.meeting) };
      sendSuccess(res, data, result.created ? 'Meeting booked' : 'Meeting already booked', result.created ? 201 : 200);
    } catch (err) {
      // The 503 carries the recorded request: re-shape its lead to the caller's view.
      if (err instanceof AppError && err.code === 'calendar_unavailable' && err.data?.lead) {
        const record = err.data.lead as LeadRecord;
        const meeting = err.data.meeting as LeadRecord['meeting'];
        throw new AppError('calendar_unavailable', err.message, {
          data: { meeting, lead: viewFor(input, record, meeting) },
        });
      }
      throw err;
    }
  });
  return router;
}
