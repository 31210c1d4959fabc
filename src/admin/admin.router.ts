/**
 * The admin side: `Cache-Control: no-store`, cookie parsing, the admin check (with its limit on wrong keys),
 * the bodies and the CSRF check are applied here, once; a feature router is protected by being passed through
 * here. Two flavours share the same checks:
 * - `api`: JSON clients; no credentials is a 401.
 * - `pages`: the server-rendered page; without a session the request leaves this router (`next('router')`)
 *   for the sign-in routes mounted after it, which show the login form or send the browser there.
 * Each has an admin-role flavour, `adminOnly.api` and `adminOnly.pages`, for what agents may not do (settings,
 * accounts, the key, the calendar connection, webhooks, clearing logs): an agent gets a 403 (the envelope, or
 * the page area's error page). Several admin routers may share a mount (GET for everyone, POST for admins):
 * the caller is resolved once per request.
 */
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { createFailureLimiter } from '../http/rate-limit.js';
import type { Logger } from '../infra/logger.js';
import { MAX_BULK_IDS } from '../leads/lead.schemas.js';
import type { Redis } from '../infra/redis.client.js';
import {
  alreadyAuthenticated,
  authenticateAdmin,
  parseAdminCookies,
  requireAdmin,
  requireAdminRole,
  requireCsrf,
  type AdminAuthDeps,
} from './admin-auth.middleware.js';
import type { AdminSessionStore } from './admin-session.store.js';

export interface AdminApiDeps {
  adminKey: string;
  sessions: AdminSessionStore;
  accounts: AdminAuthDeps['accounts'];
  /** The page area's error handler: a refusal by this router (CSRF, role) on a page is a page too. */
  pageErrors: ErrorRequestHandler;
  /** Connected (the limit on wrong keys counts in it). */
  redis: Redis;
  logger: Logger;
}

type Flavour = (...features: Router[]) => Router;

export interface AdminApi {
  api: Flavour;
  pages: Flavour;
  /** The same, for the admin role only. */
  adminOnly: { api: Flavour; pages: Flavour };
}

/** Admin JSON bodies: a system instruction or a lead with its fields. */
const ADMIN_JSON_BODY_LIMIT = '1mb';

/** The page's forms: urlencoded, a CSRF field and a handful of inputs, or a selection of leads (lead-list.page.ts). */
const formBody = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: MAX_BULK_IDS + 50 });

/** Wrong admin keys per client IP (the sign-in form has its own limit, admin-sign-in.routes.ts). */
const WRONG_KEY_LIMIT = { limit: 20, windowMs: 15 * 60 * 1000 };

/** Admin answers hold leads and settings: no browser or proxy may keep them. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function createAdminApi(deps: AdminApiDeps): AdminApi {
  const auth = {
    adminKey: deps.adminKey,
    sessions: deps.sessions,
    accounts: deps.accounts,
    keyFailures: createFailureLimiter(deps.redis, deps.logger, {
      name: 'admin-key',
      ...WRONG_KEY_LIMIT,
      message: 'Too many wrong admin keys from this address. Please wait 15 minutes and try again.',
    }),
  };
  const signedInOrLeave: RequestHandler = async (req, res, next) => {
    if (alreadyAuthenticated(res)) {
      next();
      return;
    }
    const who = await authenticateAdmin(req, auth);
    if (!who) {
      next('router');
      return;
    }
    Object.assign(res.locals, who);
    next();
  };
  // Bodies are read only once the caller is known (an anonymous upload costs nothing); the CSRF check reads
  // the form's `_csrf`, so it comes after them.
  const api = [
    noStore,
    parseAdminCookies,
    requireAdmin(auth),
    express.json({ limit: ADMIN_JSON_BODY_LIMIT }),
    formBody,
    requireCsrf,
  ];
  const pages = [noStore, parseAdminCookies, signedInOrLeave, formBody, requireCsrf];
  return {
    api: (...features) => Router().use(...api, ...features),
    pages: (...features) => Router().use(...pages, ...features, deps.pageErrors),
    adminOnly: {
      api: (...features) => Router().use(...api, requireAdminRole, ...features),
      pages: (...features) => Router().use(...pages, requireAdminRole, ...features, deps.pageErrors),
    },
  };
}
