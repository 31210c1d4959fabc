/** Admin routes accept `X-API-Key`, `Authorization: Bearer`, or the admin page's session cookie. */
import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import type { FailureLimiter } from '../http/rate-limit.js';
import { AppError } from '../infra/app-error.js';
import { keysMatch } from './admin-key.js';
import { actorOfAccount, credentialStampOf, type StaffAccountService } from './staff-account.service.js';
import { API_KEY_ACTOR, type StaffActor } from './staff-actor.js';
import {
  ADMIN_SESSION_COOKIE,
  ADMIN_SESSION_COOKIE_HTTPS,
  type AdminSession,
  type AdminSessionStore,
} from './admin-session.store.js';

/**
 * Whether the browser reached us over HTTPS: TLS here, or a proxy's `X-Forwarded-Proto: https` even when
 * TRUST_PROXY does not trust that proxy. Believing the header is safe here because it only makes the session
 * cookie stricter (Secure, `__Host-`): a client that fakes it only gets a cookie it will not send back.
 */
export function viaHttps(req: Request): boolean {
  if (req.secure) return true;
  return req.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** The session cookie's name and Secure flag for this request: `__Host-` and Secure on HTTPS. */
export function sessionCookieFor(req: Request): { name: string; secure: boolean } {
  return viaHttps(req)
    ? { name: ADMIN_SESSION_COOKIE_HTTPS, secure: true }
    : { name: ADMIN_SESSION_COOKIE, secure: false };
}

/** The one cookie parser: the admin checks, the sign-in routes and the OAuth callback read the session cookie. */
export const parseAdminCookies = cookieParser();

/**
 * The session id the request presents, from the cookie it may use: on HTTPS the `__Host-` one only (a
 * plain-named cookie there could have been planted over HTTP or by a sibling domain). After parseAdminCookies.
 */
export function sessionIdOf(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, string | undefined> | undefined;
  return cookies?.[sessionCookieFor(req).name];
}

export interface AdminLocals {
  adminSession?: { id: string; session: AdminSession };
  adminVia?: 'key' | 'cookie';
  /** Who acts (staff-actor.ts): read with actorOf(res). */
  actor?: StaffActor;
}

export interface AdminAuthDeps {
  adminKey: string;
  sessions: AdminSessionStore;
  /** Wrong keys per client IP. */
  keyFailures: FailureLimiter;
  /** Staff accounts, re-read on every request of a session signed in with one. */
  accounts: Pick<StaffAccountService, 'activeAccount'>;
}

function presentedKey(req: Request): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header;
  const auth = req.get('authorization');
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m?.[1]?.trim();
}

/**
 * Whether the request carries the admin key in a header (X-API-Key or Bearer). For public routes that give
 * admins more (booking any attendees): a header, never the page's cookie, which a browser sends by itself.
 */
export function hasAdminKey(req: Request, adminKey: string): boolean {
  const key = presentedKey(req);
  return key !== undefined && keysMatch(key, adminKey);
}

/**
 * Resolves who the caller is; undefined when neither a key nor a live session is presented. A wrong key is
 * counted against the caller's IP, and past the limit any key is refused with a 429 (see FailureLimiter).
 * Session ids are not counted: 256 random bits are not guessed.
 */
export async function authenticateAdmin(req: Request, deps: AdminAuthDeps): Promise<AdminLocals | undefined> {
  const key = presentedKey(req);
  if (key !== undefined) {
    if (!keysMatch(key, deps.adminKey)) {
      await deps.keyFailures.countFailure(req);
      return undefined;
    }
    await deps.keyFailures.refuseIfBlocked(req);
    return { adminVia: 'key', actor: API_KEY_ACTOR };
  }
  const id = sessionIdOf(req);
  if (!id) return undefined;
  const session = await deps.sessions.get(id);
  if (!session) return undefined;
  const actor = await actorOfSession(session, deps.accounts);
  if (!actor) {
    // Its account was disabled, deleted or given a new password: the session is over for good (enabling
    // the account again does not bring it back).
    await deps.sessions.destroy(id);
    return undefined;
  }
  return { adminVia: 'cookie', adminSession: { id, session }, actor };
}

/**
 * Who a session acts as: the key's actor, or its account as it is now (so a disabled or deleted account, a new
 * password or a changed role take effect on the next request); undefined when the account may no longer act.
 */
async function actorOfSession(
  session: AdminSession,
  accounts: AdminAuthDeps['accounts'],
): Promise<StaffActor | undefined> {
  if (!session.account) return API_KEY_ACTOR;
  const account = await accounts.activeAccount(session.account.id);
  if (!account || credentialStampOf(account) !== session.account.stamp) return undefined;
  return actorOfAccount(account);
}

/** Whether an admin router before this one already resolved the caller (two routers at one mount). */
export function alreadyAuthenticated(res: Response): boolean {
  return (res.locals as AdminLocals).adminVia !== undefined;
}

export function requireAdmin(deps: AdminAuthDeps): RequestHandler {
  return async (req, res, next) => {
    if (alreadyAuthenticated(res)) {
      next();
      return;
    }
    const who = await authenticateAdmin(req, deps);
    if (!who) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      throw new AppError(
        'unauthorized',
        'Admin credentials are missing or wrong. Send X-API-Key or Authorization: Bearer.',
      );
    }
    Object.assign(res.locals, who);
    next();
  };
}

/**
 * The admin role only (after requireAdmin or the page check): agents work leads but cannot change settings,
 * accounts or the key. A 403 (the page area renders it as a page).
 */
export const requireAdminRole: RequestHandler = (_req, res, next) => {
  const { actor } = res.locals as AdminLocals;
  if (actor?.role !== 'admin') {
    throw new AppError(
      'forbidden',
      'This needs an admin account: agents work leads but cannot change settings, accounts or the key.',
    );
  }
  next();
};

/** Cookie-authenticated writes must carry the page's CSRF token (browsers never send API keys on their own). */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const who = res.locals as AdminLocals;
  if (who.adminVia === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
    const token = req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof token !== 'string' || !who.adminSession || !keysMatch(token, who.adminSession.session.csrf)) {
      throw new AppError('forbidden', 'Missing or wrong CSRF token. Reload the page and try again.');
    }
  }
  next();
};
