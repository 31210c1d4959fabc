/**
 * The visitor's meeting page, mounted at /meetings on the public router (CORS, per-IP limits): plain HTML
 * forms, no script. Each change is a POST with the token in the path, answered by a redirect to the page
 * (post/redirect/get). Errors are pages too, never JSON or a stack.
 *
 * Cross-site posts are refused (403): a browser says where a form comes from, by `Sec-Fetch-Site` (only
 * `same-origin`, or `none` for one the visitor made themselves, passes) or, in browsers without it, by
 * `Origin` (it must be PUBLIC_URL's origin or this request's own host). A request with neither header is
 * not a browser's cross-site form (browsers send Origin on every POST) and passes.
 */
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { clientErrorOf } from '../http/error-handler.js';
import { AppError, isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { MeetingPageService } from './meeting-page.service.js';

const ASSET_DIRS = ['../../public/admin', '../../public/meeting'].map((d) =>
  fileURLToPath(new URL(d, import.meta.url)),
);

/** Fixed texts for what a redirect reports (never the query text itself). */
const NOTICES: Record<string, string> = {
  cancelled: 'Your meeting is cancelled. The team has been told.',
  already: 'This meeting was already cancelled.',
  moved: 'Your meeting has been moved to the new time.',
};

export interface MeetingPageRouteDeps {
  publicUrl: string;
  /** The business's name in force (the settings may change it). */
  businessName: () => string;
  logger: Logger;
}

function requireSameOrigin(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    const fine =
      site !== undefined
        ? site === 'same-origin' || site === 'none'
        : origin === undefined || origin === publicOrigin || origin === ownOrigin;
    if (!fine) throw new AppError('forbidden', 'This form can only be sent from the meeting page itself.');
    next();
  };
}

function textOf(req: Request, name: string): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name] ?? req.query[name];
  return typeof value === 'string' ? value : undefined;
}

export function meetingPageRoutes(service: MeetingPageService, deps: MeetingPageRouteDeps): Router {
  const router = Router();
  const form = express.urlencoded({
    extended: false,
    limit: '4kb',
    parameterLimit: 10,
  });
  const sameOrigin = requireSameOrigin(deps.publicUrl);
  // A getter: each page spreads `site` when it renders, so it names the business as the settings say now.
  const site = {
    get business() {
      return deps.businessName();
    },
  };

  for (const dir of ASSET_DIRS) {
    router.use('/assets', express.static(dir, { maxAge: '1h', index: false, dotfiles: 'deny' }));
  }
  router.use((_req, res, next) => {
    // The token is the key to the meeting: no cache keeps the page, no search engine lists it.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  });

  const tokenOf = (req: Request) => String(req.params.token ?? '');
  const pageOf = (req: Request) => `${req.baseUrl}/${encodeURIComponent(tokenOf(req))}`;

  router.get('/:token', async (req, res) => {
    const meeting = await service.view(tokenOf(req));
    const done = textOf(req, 'done');
    res.render('meeting', {
      ...site,
      title: 'Your meeting',
      meeting,
      page: pageOf(req),
      notice: done ? NOTICES[done] : undefined,
    });
  });

  router.post('/:token/cancel', sameOrigin, form, async (req, res) => {
    const cancelled = await service.cancel(tokenOf(req));
    res.redirect(303, `${pageOf(req)}?done=${cancelled ? 'cancelled' : 'already'}`);
  });

  router.get('/:token/reschedule', async (req, res) => {
    const { view, slots } = await service.slots(tokenOf(req), textOf(req, 'after'));
    res.render('meeting-reschedule', {
      ...site,
      title: 'Choose another time',
      meeting: view,
      slots,
      page: pageOf(req),
    });
  });

  router.post('/:token/reschedule', sameOrigin, form, async (req, res) => {
    await service.reschedule(tokenOf(req), textOf(req, 'start') ?? '');
    res.redirect(303, `${pageOf(req)}?done=moved`);
  });

  router.use(meetingErrorPage(deps.logger, site));
  return router;
}

/** Every failure here is a page: 404 for a link that opens nothing, "nothing changed" when Google failed. */
function meetingErrorPage(logger: Logger, site: { business: string }): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const appError = isAppError(err) ? err : clientErrorOf(err);
    if (!appError) logger.error({ err, path: req.baseUrl }, 'meeting page failed');
    const status = appError?.status ?? 500;
    const titles: Record<number, string> = {
      403: 'Not allowed',
      404: 'Meeting not found',
      409: 'This cannot be changed',
      503: 'Could not be done right now',
    };
    let message = appError && appError.isOperational ? appError.message : 'Something went wrong on our side.';
    if (appError?.code === 'calendar_unavailable') {
      message = 'We could not reach the calendar, so nothing was changed. Please try again in a little while.';
    } else if (status >= 500) {
      message = `${message} Nothing was changed. Please try again in a little while.`;
    }
    for (const [k, v] of Object.entries(appError?.headers ?? {})) res.setHeader(k, v);
    res.status(status).render('meeting-error', {
      ...site,
      title: titles[status] ?? (status < 500 ? 'That did not work' : 'Something went wrong'),
      status,
      message,
      // Back to the meeting (the token is the path's first segment; params are not set in an error handler).
      back: status === 404 ? undefined : `${req.baseUrl}/${req.path.split('/')[1] ?? ''}`,
    });
  };
}
