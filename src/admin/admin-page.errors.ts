/** Errors of the admin page are pages too (the JSON envelope is for API clients). */
import type { ErrorRequestHandler } from 'express';
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
