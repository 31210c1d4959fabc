/**
 * The ways into the admin page, mounted at /admin around the page routes:
 * - `signInRoutes` (before them): the page's assets and POST /login, which work with or without a session;
 * - `signedOutRoutes` (after them): what a browser without a session gets, since the page router lets such
 *   requests pass: the login form at GET /admin, every other page sends it there, a form post is a 401, and
 *   signing out without a session just clears the cookie.
 */
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { createLimiter } from '../http/rate-limit.js';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.client.js';
import { parseAdminCookies, sessionCookieFor, sessionIdOf } from './admin-auth.middleware.js';
import { keysMatch } from './admin-key.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, noticeOf, type PageRenderer } from './admin-page.render.js';
import { ADMIN_SESSION_TTL_SECONDS, type AdminSession, type AdminSessionStore } from './admin-session.store.js';
import { credentialStampOf, type StaffAccountService } from './staff-account.service.js';

const ADMIN_ASSETS_DIR = fileURLToPath(new URL('../../public/admin', import.meta.url));
const LOGIN_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 };

export interface SignInDeps {
  adminKey: string;
  sessions: AdminSessionStore;
  accounts: Pick<StaffAccountService, 'signIn'>;
  redis: Redis;
  logger: Logger;
  pages: PageRenderer;
}

/** On HTTPS `__Host-admin_session`, Secure (sessionCookieFor); over plain HTTP (development) `admin_session`. */
function setSessionCookie(req: Request, res: Response, id: string): void {
  const { name, secure } = sessionCookieFor(req);
  res.cookie(name, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: ADMIN_SESSION_TTL_SECONDS * 1000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  const { name, secure } = sessionCookieFor(req);
  res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function signInRoutes(deps: SignInDeps): Router {
  const { adminKey, sessions, accounts, logger, pages } = deps;
  const router = Router();
  router.use('/assets', express.static(ADMIN_ASSETS_DIR, { maxAge: '1h', index: false, dotfiles: 'deny' }));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const loginLimiter = createLimiter(
    deps.redis,
    logger,
    {
      name: 'admin-login',
      ...LOGIN_LIMIT,
      message: 'Too many sign-in attempts. Please wait 15 minutes and try again.',
    },
    // Only failed attempts count, so an admin who signs in often is never locked out.
    { skipSuccessfulRequests: true },
  );
  const loginForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  /**
   * The staff account (email and password), or the API key: the session it starts, or the form's complaint.
   * A wrong password, an unknown email and a disabled account get the same answer in the same time.
   */
  const signIn = async (form: Record<string, string | undefined>) => {
    const key = form.api_key ?? '';
    if (key) {
      return keysMatch(key, adminKey)
        ? { ok: true as const }
        : { ok: false as const, error: 'That key is not right.', what: 'key' };
    }
    const account = await accounts.signIn((form.email ?? '').trim(), form.password ?? '');
    if (!account)
      return { ok: false as const, error: 'That email and password do not match an active account.', what: 'password' };
    const session: AdminSession['account'] = { id: account.id, stamp: credentialStampOf(account) };
    return { ok: true as const, account: session };
  };

  router.post('/login', parseAdminCookies, loginForm, loginLimiter, async (req, res) => {
    const form = formOf(req);
    const outcome = await signIn(form);
    if (!outcome.ok) {
      logger.warn({ ip: req.ip, with: outcome.what }, 'admin page sign-in refused');
      pages.renderLogin(res, 401, outcome.error, undefined, form.api_key ? undefined : form.email?.slice(0, 254));
      return;
    }
    // A fresh session on every sign-in, so a planted cookie can never become a logged-in one.
    const old = sessionIdOf(req);
    if (old) await sessions.destroy(old);
    const { id } = await sessions.create(outcome.account);
    setSessionCookie(req, res, id);
    res.redirect(303, '/admin');
  });

  router.use(pageErrorHandler(pages, logger));
  return router;
}

export function signedOutRoutes(deps: Pick<SignInDeps, 'logger' | 'pages'>): Router {
  const { pages } = deps;
  const router = Router();
  const refuse = () => {
    throw new AppError('unauthorized', 'Please sign in first.');
  };
  // A browser is shown the way in; an API client gets the API's answer.
  const browserOnly: RequestHandler = (req, _res, next) => {
    if (req.accepts(['html', 'json']) !== 'html') refuse();
    next();
  };
  router.post('/logout', (req, res) => {
    clearSessionCookie(req, res);
    res.redirect(303, '/admin?notice=loggedout');
  });
  router.get('/', browserOnly, (req, res) => pages.renderLogin(res, 200, undefined, noticeOf(req)));
  router.get('/{*page}', browserOnly, (_req, res) => res.redirect(303, '/admin'));
  router.all('/{*page}', refuse);
  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
