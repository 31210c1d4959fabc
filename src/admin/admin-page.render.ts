/** Rendering the admin page's views with what every view needs (helpers, the CSRF token, the signed-in flag). */
import type { Request, Response } from 'express';
import type { AdminLocals } from './admin-auth.middleware.js';
import { createViewHelpers, NOTICES } from './admin-page.view.js';

export type Form = Record<string, string | undefined>;

export interface PageRenderer {
  helpers: ReturnType<typeof createViewHelpers>;
  render: (res: Response, view: string, status: number, locals: Record<string, unknown>) => void;
  /** `email`: what was typed, kept in the form after a refusal. */
  renderLogin: (res: Response, status: number, error?: string, notice?: string, email?: string) => void;
}

export function createPageRenderer(timezone: string): PageRenderer {
  const helpers = createViewHelpers(timezone);
  const render: PageRenderer['render'] = (res, view, status, locals) => {
    const who = res.locals as AdminLocals;
    res.status(status).render(view, {
      h: helpers,
      csrf: who.adminSession?.session.csrf ?? '',
      loggedIn: who.adminVia !== undefined,
      staff: who.actor, // who is signed in (staff-actor.ts): the account's name and role, or the key
      nav: '',
      notice: undefined,
      error: undefined,
      ...locals,
    });
  };
  return {
    helpers,
    render,
    renderLogin: (res, status, error, notice, email) =>
      render(res, 'login', status, { title: 'Sign in', error, notice, email }),
  };
}

/** The urlencoded body as strings only (repeated fields and nested objects are ignored). */
export function formOf(req: Request): Form {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
  return form;
}

export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

/** The notice a redirect asked for, as a fixed text (never the query text itself). */
export function noticeOf(req: Request): string | undefined {
  const key = queryString(req, 'notice');
  return key ? NOTICES[key] : undefined;
}
