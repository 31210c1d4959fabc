/**
 * POST /book-meeting (public, mounted at /saba): book a meeting from an API client or a form. A caller with
 * the admin key in a header books as staff; anyone else only for themselves (the contract's public rules).
 */
import { Router, type RequestHandler } from 'express';
import { hasAdminKey } from '../admin/admin-auth.middleware.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { adminBookingSchema, publicBookingSchema } from './booking.schemas.js';
import type { MeetingService } from './meeting.service.js';

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
