/** Errors of the admin page are pages too (the JSON envelope is for API clients). */
import type { ErrorRequestHandler, Request } from 'express';
import { clientErrorOf } from '../http/error-handler.js';
import { isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { PageRenderer } from './admin-page.render.js';

export function pageErrorHandler(pages: PageRenderer, logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const appError = isAppError(err) ? err : clientErrorOf(err);
    // Signed out, or too many sign-in attempts: the login form says why.
    if (appError?.status === 401 || (appError?.status === 429 && req.path === '/login')) {
      for (const [k, v] of Object.entries(appError.headers ?? {})) res.setHeader(k, v);
      pages.renderLogin(res, appError.status, appError.message);
      return;
    }
    if (!appError) logger.error({ err, path: req.path }, 'admin page failed');
    const status = appError?.status ?? 500;
    pages.render(res, 'error', status, {
      title: status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong',
      status,
      message: appError && appError.isOperational ? appError.message : 'Internal server error.',
    });
  };
}

/** The browser asks for a page: it prefers HTML over JSON (an API client's `*\/*` or no Accept prefers JSON). */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * The safety net of the page area (mounted after every /admin route, and on /authorize and /oauth2callback,
 * where the page's links lead): an error a browser would otherwise get as the JSON envelope is shown as a page
 * instead; an API client still gets the envelope from the app's error handler. "Connect calendar" without
 * Google settings gets a page saying what to set.
 */
export function browserErrorPages(pages: PageRenderer, logger: Logger): ErrorRequestHandler {
  const asPage = pageErrorHandler(pages, logger);
  return (err, req, res, next) => {
    if (res.headersSent || !prefersHtml(req)) {
      next(err);
      return;
    }
    if (isAppError(err) && err.code === 'calendar_unavailable' && req.baseUrl === '/authorize') {
      pages.render(res, 'calendar-setup', err.status, {
        title: 'Google Calendar is not set up',
        redirectUri: `${req.protocol}://${req.get('host') ?? 'localhost'}/oauth2callback`,
      });
      return;
    }
    asPage(err, req, res, next);
  };
}
