/**
 * Connecting the business's Google Calendar:
 * - GET /authorize (admin, mounted at /authorize): 302 to Google's consent page with a single-use state
 *   bound to this admin.
 * - GET /oauth2callback (open, mounted at /oauth2callback: Google's redirect cannot carry a key; the state
 *   is the proof): consumes the state, exchanges the code, 302 to /admin. A wrong, reused or missing state
 *   is a 400 and no exchange.
 * - POST /admin/calendar/disconnect (admin, mounted at /admin/calendar): forgets the tokens.
 */
import { Router, type Request } from 'express';
import { parseAdminCookies, sessionIdOf, type AdminLocals } from '../admin/admin-auth.middleware.js';
import { sendSuccess } from '../http/envelope.js';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.client.js';
import type { CalendarGateway } from './calendar.gateway.js';
import { OAuthStateStore, type OAuthRequester } from './oauth-state.store.js';

export interface OAuthRoutesDeps {
  calendar: CalendarGateway;
  redis: Redis;
  logger: Logger;
}

const BAD_STATE = 'This calendar sign-in link is invalid, expired or already used. Start again from the admin page.';

function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A state issued to a page session must come back in that browser, if it sends a session at all. */
function sameRequester(issuedTo: OAuthRequester, req: Request): boolean {
  if (issuedTo.kind === 'api-key') return true;
  const presented = sessionIdOf(req);
  return presented === undefined || presented === issuedTo.sessionId;
}

/** GET / (admin): the way to Google's consent page. */
export function calendarAuthorizeRoutes(deps: OAuthRoutesDeps): Router {
  const { calendar } = deps;
  const states = new OAuthStateStore(deps.redis);
  const router = Router();
  router.get('/', async (_req, res) => {
    if (!calendar.isConfigured()) {
      throw new AppError(
        'calendar_unavailable',
        'Google Calendar is not configured (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REDIRECT_URI).',
      );
    }
    const who = res.locals as AdminLocals;
    const requester: OAuthRequester =
      who.adminVia === 'cookie' && who.adminSession
        ? { kind: 'session', sessionId: who.adminSession.id }
        : { kind: 'api-key' };
    const state = await states.issue(requester);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, calendar.buildAuthUrl(state));
  });
  return router;
}

/** GET / (open): Google's redirect back, proven by the single-use state. */
export function oauthCallbackRoutes(deps: OAuthRoutesDeps): Router {
  const { calendar, logger } = deps;
  const states = new OAuthStateStore(deps.redis);
  const router = Router();
  router.get('/', parseAdminCookies, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const state = queryString(req, 'state');
    const issuedTo = state === undefined ? undefined : await states.consume(state);
    if (!issuedTo || !sameRequester(issuedTo, req)) {
      logger.warn({ hasState: state !== undefined }, 'OAuth callback refused: unknown, used or foreign state');
      throw new AppError('bad_request', BAD_STATE);
    }
    const error = queryString(req, 'error');
    if (error !== undefined) {
      logger.info({ error }, 'Google consent not given');
      res.redirect(302, error === 'access_denied' ? '/admin?calendar=denied' : '/admin?calendar=error');
      return;
    }
    const code = queryString(req, 'code');
    if (code === undefined)
      throw new AppError('bad_request', 'Google sent no authorization code. Start again from the admin page.');
    await calendar.exchangeCode(code);
    res.redirect(302, '/admin');
  });
  return router;
}

/** POST /disconnect (admin): forget the tokens; JSON for API clients, back to the page for a browser. */
export function calendarDisconnectRoutes(calendar: CalendarGateway): Router {
  const router = Router();
  router.post('/disconnect', async (req, res) => {
    await calendar.disconnect();
    if (req.accepts(['html', 'json']) === 'json') {
      sendSuccess(res, { calendar: 'not_connected' }, 'Google Calendar disconnected');
      return;
    }
    res.redirect(302, '/admin');
  });
  return router;
}
