/** Admin routes accept `X-API-Key`, `Authorization: Bearer`, or the admin page's session cookie. */
import cookieParser from 'cookie-parser';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../infra/app-error.js';
import { keysMatch } from './admin-key.js';
import { ADMIN_SESSION_COOKIE, type AdminSession, type AdminSessionStore } from './admin-session.store.js';

/** The one cookie parser: the admin checks, the sign-in routes and the OAuth callback read the session cookie. */
export const parseAdminCookies = cookieParser();

export interface AdminLocals {
  adminSession?: { id: string; session: AdminSession };
  adminVia?: 'key' | 'cookie';
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

function sessionCookie(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, string> | undefined;
  return cookies?.[ADMIN_SESSION_COOKIE];
}

/** Resolves who the caller is; undefined when neither a key nor a live session is presented. */
export async function authenticateAdmin(
  req: Request,
  adminKey: string,
  sessions: AdminSessionStore,
): Promise<AdminLocals | undefined> {
  const key = presentedKey(req);
  if (key !== undefined) return keysMatch(key, adminKey) ? { adminVia: 'key' } : undefined;
  const id = sessionCookie(req);
  if (!id) return undefined;
  const session = await sessions.get(id);
  return session ? { adminVia: 'cookie', adminSession: { id, session } } : undefined;
}

export function requireAdmin(adminKey: string, sessions: AdminSessionStore): RequestHandler {
  return async (req, res, next) => {
    const who = await authenticateAdmin(req, adminKey, sessions);
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
