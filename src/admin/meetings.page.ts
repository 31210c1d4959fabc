/**
 * The meetings view of the workspace (mounted at /admin through the admin router's `pages` flavour): the
 * upcoming and the requested meetings, with forms to confirm a request (book it on Google Calendar), move or
 * cancel a meeting. The forms call the same service as the JSON routes (staff-meeting.routes.ts); a refusal
 * (Google down, the slot taken, a bad time) shows the page again with what went wrong, and changes nothing.
 */
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { StaffMeetingService } from '../meetings/staff-meeting.service.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, queryString, type PageRenderer } from './admin-page.render.js';
import { actorOf } from './staff-actor.js';

export interface MeetingsPageDeps {
  pages: PageRenderer;
  meetings: StaffMeetingService;
  logger: Logger;
  timezone: string;
  calendarStatus: () => Promise<'connected' | 'not_connected'>;
}

/** What a redirect after a change may say (never the query text itself). */
const MEETING_NOTICES: Record<string, string> = {
  confirmed: 'Meeting booked on the calendar; the invitation with the Meet link was sent.',
  rescheduled: 'Meeting moved.',
  cancelled: 'Meeting cancelled.',
};

/** Each form's action and the notice its success shows. */
const DONE = { confirm: 'confirmed', reschedule: 'rescheduled', cancel: 'cancelled' } as const;
type Action = keyof typeof DONE;

export function meetingsPageRoutes(deps: MeetingsPageDeps): Router {
  const { pages, meetings } = deps;
  const router = Router();

  /** The value a datetime-local input shows for an instant: the business zone's wall clock. */
  const localInput = (iso: string) =>
    DateTime.fromISO(iso, { setZone: true }).setZone(deps.timezone).toFormat("yyyy-LL-dd'T'HH:mm");

  const renderMeetings = async (
    req: Request,
    res: Response,
    status: number,
    problem?: { leadId: string; message: string; alternatives: string[] },
  ) => {
    const notice = MEETING_NOTICES[queryString(req, 'notice') ?? ''];
    pages.render(res, 'meetings', status, {
      title: 'Meetings',
      nav: 'meetings',
      notice,
      problem,
      lists: await meetings.list(),
      calendar: await deps.calendarStatus().catch(() => 'not_connected' as const),
      localInput,
    });
  };

  router.get('/meetings', async (req, res) => {
    await renderMeetings(req, res, 200);
  });

  const act = (action: Action) =>
    router.post(`/meetings/:id/${action}`, async (req, res) => {
      const id = req.params.id;
      const by = actorOf(res).by;
      try {
        if (action === 'confirm') await meetings.confirm(id, by);
        else if (action === 'cancel') await meetings.cancel(id, by);
        else await meetings.reschedule(id, formOf(req).start ?? '', by);
      } catch (err) {
        // What the staff can act on is shown beside the meeting; anything else is the error page.
        if (!isAppError(err) || err.status === 404 || (err.status >= 500 && err.code !== 'calendar_unavailable')) {
          throw err;
        }
        const alternatives = Array.isArray(err.data?.alternatives) ? (err.data.alternatives as string[]) : [];
        await renderMeetings(req, res, err.status, { leadId: id, message: err.message, alternatives });
        return;
      }
      res.redirect(303, `/admin/meetings?notice=${DONE[action]}`);
    });
  act('confirm');
  act('reschedule');
  act('cancel');

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
