/**
 * The admin side: cookie parsing, the admin check, the bodies and the CSRF check are applied here, once;
 * a feature router is protected by being passed through here. Two flavours share the same checks:
 * - `api`: JSON clients; no credentials is a 401.
 * - `pages`: the server-rendered page; without a session the request leaves this router (`next('router')`)
 *   for the sign-in routes mounted after it, which show the login form or send the browser there.
 */
import express, { Router, type RequestHandler } from 'express';
import { authenticateAdmin, parseAdminCookies, requireAdmin, requireCsrf } from './admin-auth.middleware.js';
import type { AdminSessionStore } from './admin-session.store.js';

export interface AdminApiDeps {
  adminKey: string;
  sessions: AdminSessionStore;
}

export interface AdminApi {
  api(...features: Router[]): Router;
  pages(...features: Router[]): Router;
}

/** Admin JSON bodies: a system instruction or a lead with its fields. */
const ADMIN_JSON_BODY_LIMIT = '1mb';

/** The page's forms: urlencoded, a CSRF field and a handful of inputs. */
const formBody = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 });

export function createAdminApi(deps: AdminApiDeps): AdminApi {
  const { adminKey, sessions } = deps;
  const signedInOrLeave: RequestHandler = async (req, res, next) => {
    const who = await authenticateAdmin(req, adminKey, sessions);
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
    parseAdminCookies,
    requireAdmin(adminKey, sessions),
    express.json({ limit: ADMIN_JSON_BODY_LIMIT }),
    formBody,
    requireCsrf,
  ];
  const pages = [parseAdminCookies, signedInOrLeave, formBody, requireCsrf];
  return {
    api: (...features) => Router().use(...api, ...features),
    pages: (...features) => Router().use(...pages, ...features),
  };
}
