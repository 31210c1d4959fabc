/**
 * Meetings as staff work them (admin, mounted at /leads before the lead routes):
 * - GET /meetings: the upcoming and the requested meetings;
 * - POST /:id/meeting/confirm: book a requested meeting on Google Calendar;
 * - POST /:id/meeting/reschedule {start}: move it (ISO 8601; without an offset, in the business zone);
 * - POST /:id/meeting/cancel: cancel it (its Google event deleted).
 * Each answers `{lead}` (the admin view) after the change; who did it is recorded on the lead.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { actorOf } from '../admin/staff-actor.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { toAdminLead, type LeadRecord } from '../leads/lead.types.js';
import type { StaffMeetingService } from './staff-meeting.service.js';

/** POST /leads/:id/meeting/reschedule body. */
export const rescheduleSchema = z.strictObject({
  start: z
    .string({ error: 'must be an ISO 8601 date-time' })
    .min(1, 'must be an ISO 8601 date-time')
    .max(64, 'must be an ISO 8601 date-time'),
});

/** The confirm and cancel bodies: nothing, or an empty object. */
export const emptyBodySchema = z.strictObject({});

export function staffMeetingRoutes(meetings: StaffMeetingService): Router {
  const router = Router();

  router.get('/meetings', async (_req, res) => {
    sendSuccess(res, await meetings.list());
  });

  const act =
    (
      run: (id: string, body: unknown, by: string) => Promise<LeadRecord>,
      done: string,
    ): RequestHandler<{ id: string }> =>
    async (req, res) => {
      const record = await run(req.params.id, req.body, actorOf(res).by);
      sendSuccess(res, { lead: toAdminLead(record) }, done);
    };
  // Confirm and cancel take no input (an empty JSON object at most).
  for (const [action, done] of [
    ['confirm', 'Meeting booked on the calendar'],
    ['cancel', 'Meeting cancelled'],
  ] as const) {
    const run = (id: string, body: unknown, by: string) => {
      parseInput(emptyBodySchema, body);
      return action === 'confirm' ? meetings.confirm(id, by) : meetings.cancel(id, by);
    };
    router.post(`/:id/meeting/${action}`, requireJsonBody, act(run, done));
  }
  router.post(
    '/:id/meeting/reschedule',
    requireJsonBody,
    act((id, body, by) => meetings.reschedule(id, parseInput(rescheduleSchema, body).start, by), 'Meeting moved'),
  );

  return router;
}
