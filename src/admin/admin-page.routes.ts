/**
 * The lead management page: server-rendered EJS under /admin. Login with the admin key creates a Redis
 * session (httpOnly, SameSite=Strict cookie); every form carries the session's CSRF token, checked by
 * requireCsrf on each POST. Data reaches the templates only through escaping `<%= %>` tags.
 */
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { ConversationLogStore } from '../chat/conversation-log.store.js';
import { createLimiter } from '../http/rate-limit.js';
import { AppError, isAppError, type FieldError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from '../infra/redis.client.js';
import { leadSchemas } from '../leads/lead.schemas.js';
import type { LeadInput, LeadService } from '../leads/lead.service.js';
import { LEAD_STATUSES, toAdminLead, type LeadRecord } from '../leads/lead.types.js';
import { REPORT_FILE_RE, type LeadReportService } from '../reports/lead-report.service.js';
import { authenticateAdmin, requireCsrf, type AdminLocals } from './admin-auth.middleware.js';
import { keysMatch } from './admin-key.js';
import { createViewHelpers, NOTICES, parseTranscript } from './admin-page.view.js';
import { ADMIN_SESSION_COOKIE, ADMIN_SESSION_TTL_SECONDS, type AdminSessionStore } from './admin-session.store.js';

export const ADMIN_ASSETS_DIR = fileURLToPath(new URL('../../public/admin', import.meta.url));
export const LOGIN_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 };
const PAGE_SIZE = 25;

export interface AdminPageDeps {
  adminKey: string;
  sessions: AdminSessionStore;
  leads: LeadService;
  logs: ConversationLogStore;
  reports: LeadReportService;
  redis: Redis;
  logger: Logger;
  timezone: string;
  defaultCountry: string | undefined;
  calendarStatus: () => Promise<'connected' | 'not_connected'>;
}

type Form = Record<string, string | undefined>;

/** The urlencoded body as strings only (repeated fields and nested objects are ignored). */
function formOf(req: Request): Form {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
  return form;
}

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

function idOf(req: Request): string {
  const id = req.params.id;
  return typeof id === 'string' ? id : '';
}

function leadUrl(id: string): string {
  return `/admin/leads/${encodeURIComponent(id)}`;
}

export function adminPageRoutes(deps: AdminPageDeps): Router {
  const { adminKey, sessions, leads, logs, reports, logger } = deps;
  const router = Router();
  const helpers = createViewHelpers(deps.timezone);
  const schemas = leadSchemas({ defaultCountry: deps.defaultCountry, timezone: deps.timezone });

  router.use('/admin/assets', express.static(ADMIN_ASSETS_DIR, { maxAge: '1h', index: false, dotfiles: 'deny' }));
  // Forms post urlencoded bodies; they must be parsed before requireCsrf reads `_csrf`.
  router.use('/admin', cookieParser(), express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 }));
  router.use('/admin', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const render = (res: Response, view: string, status: number, locals: Record<string, unknown>) => {
    const who = res.locals as AdminLocals;
    res.status(status).render(view, {
      h: helpers,
      csrf: who.adminSession?.session.csrf ?? '',
      loggedIn: who.adminVia !== undefined,
      nav: '',
      notice: undefined,
      error: undefined,
      ...locals,
    });
  };
  const noticeOf = (req: Request) => {
    const key = queryString(req, 'notice');
    return key ? NOTICES[key] : undefined;
  };
  const renderLogin = (res: Response, status: number, error?: string, notice?: string) =>
    render(res, 'login', status, { title: 'Sign in', error, notice });

  /** Logged-in pages: a browser without a session is sent to the login form. */
  const pageAuth: RequestHandler = async (req, res, next) => {
    const who = await authenticateAdmin(req, adminKey, sessions);
    if (!who) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, '/admin');
        return;
      }
      throw new AppError('unauthorized', 'Please sign in first.');
    }
    Object.assign(res.locals, who);
    next();
  };

  const setSessionCookie = (req: Request, res: Response, id: string) => {
    res.cookie(ADMIN_SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: ADMIN_SESSION_TTL_SECONDS * 1000,
    });
  };

  // ---- login / logout ----
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

  router.get('/admin', async (req, res) => {
    const who = await authenticateAdmin(req, adminKey, sessions);
    if (!who) {
      renderLogin(res, 200, undefined, noticeOf(req));
      return;
    }
    Object.assign(res.locals, who);
    const status = LEAD_STATUSES.find((s) => s === queryString(req, 'status'));
    const q = (queryString(req, 'q') ?? '').trim().slice(0, 200);
    const offset = Math.max(0, Math.floor(Number(queryString(req, 'offset') ?? 0)) || 0);
    const { leads: page, total } = leads.listLeads({ status, q: q || undefined, limit: PAGE_SIZE, offset });
    const pageUrl = (o: number) => {
      const p = new URLSearchParams();
      if (q) p.set('q', q);
      if (status) p.set('status', status);
      if (o > 0) p.set('offset', String(o));
      const s = p.toString();
      return s ? `/admin?${s}` : '/admin';
    };
    render(res, 'leads', 200, {
      title: 'Leads',
      nav: 'leads',
      notice: noticeOf(req),
      leads: page.map(toAdminLead),
      total,
      q,
      status: status ?? '',
      offset,
      limit: PAGE_SIZE,
      prevUrl: offset > 0 ? pageUrl(Math.max(0, offset - PAGE_SIZE)) : undefined,
      nextUrl: offset + PAGE_SIZE < total ? pageUrl(offset + PAGE_SIZE) : undefined,
      calendar: await deps.calendarStatus().catch(() => 'not_connected' as const),
    });
  });

  router.post('/admin/login', loginLimiter, async (req, res) => {
    const given = formOf(req).api_key ?? '';
    if (!given || !keysMatch(given, adminKey)) {
      logger.warn({ ip: req.ip }, 'admin page sign-in with a wrong key');
      renderLogin(res, 401, 'That key is not right.');
      return;
    }
    // A fresh session on every sign-in, so a planted cookie can never become a logged-in one.
    const old = (req.cookies as Record<string, string> | undefined)?.[ADMIN_SESSION_COOKIE];
    if (old) await sessions.destroy(old);
    const { id } = await sessions.create();
    setSessionCookie(req, res, id);
    res.redirect(303, '/admin');
  });

  router.post('/admin/logout', async (req, res) => {
    const who = await authenticateAdmin(req, adminKey, sessions);
    if (who?.adminSession) {
      Object.assign(res.locals, who);
      requireCsrf(req, res, () => undefined); // throws on a missing or wrong token
      await sessions.destroy(who.adminSession.id);
    }
    res.clearCookie(ADMIN_SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.redirect(303, '/admin?notice=loggedout');
  });

  // ---- one lead ----
  const renderLead = async (
    res: Response,
    record: LeadRecord,
    status: number,
    extra: { notice?: string | undefined; errors?: FieldError[]; form?: Form } = {},
  ) => {
    const clientIds = [
      ...new Set([...(record.client_id ? [record.client_id] : []), ...Object.keys(record.conversations)]),
    ];
    const transcripts = await Promise.all(
      clientIds.map(async (clientId) => ({ clientId, lines: parseTranscript(await logs.readForClient(clientId)) })),
    );
    const errors = extra.errors ?? [];
    render(res, 'lead', status, {
      title: record.name ?? record.email ?? record.phone ?? 'Lead',
      nav: 'leads',
      notice: extra.notice,
      lead: toAdminLead(record),
      transcripts,
      errors,
      errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
      form: {
        status: extra.form?.status ?? record.status,
        notes: extra.form?.notes ?? record.notes ?? '',
        follow_up_at: extra.form?.follow_up_at ?? helpers.followUpInput(record.follow_up_at),
      },
    });
  };

  router.get('/admin/leads/:id', pageAuth, async (req, res) => {
    await renderLead(res, leads.getLead(idOf(req)), 200, { notice: noticeOf(req) });
  });

  router.post('/admin/leads/:id', pageAuth, requireCsrf, async (req, res) => {
    const record = leads.getLead(idOf(req));
    const form = formOf(req);
    // Only what the form changed: re-saving a date-time follow-up as its date would lose the time.
    const candidate: Record<string, string | null> = {};
    if (form.status !== undefined && form.status !== record.status) candidate.status = form.status;
    const notes = (form.notes ?? '').replace(/\r\n/g, '\n').trim();
    if (form.notes !== undefined && notes !== (record.notes ?? '')) candidate.notes = notes || null;
    const followUp = (form.follow_up_at ?? '').trim();
    if (form.follow_up_at !== undefined && followUp !== helpers.followUpInput(record.follow_up_at)) {
      candidate.follow_up_at = followUp || null;
    }
    if (Object.keys(candidate).length === 0) {
      res.redirect(303, `${leadUrl(record.id)}?notice=unchanged`);
      return;
    }
    const parsed = schemas.update.safeParse(candidate);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || 'body',
        message: i.message,
      }));
      await renderLead(res, record, 400, { errors, form });
      return;
    }
    const patch: LeadInput = parsed.data;
    await leads.updateLead(record.id, patch);
    res.redirect(303, `${leadUrl(record.id)}?notice=updated`);
  });

  router.get('/admin/leads/:id/delete', pageAuth, (req, res) => {
    const record = leads.getLead(idOf(req));
    render(res, 'lead-delete', 200, { title: 'Delete lead', nav: 'leads', lead: toAdminLead(record) });
  });

  router.post('/admin/leads/:id/delete', pageAuth, requireCsrf, async (req, res) => {
    if (formOf(req).confirm !== 'yes') {
      res.redirect(303, `${leadUrl(idOf(req))}/delete`);
      return;
    }
    await leads.deleteLead(idOf(req));
    res.redirect(303, '/admin?notice=deleted');
  });

  // ---- follow-ups ----
  router.get('/admin/followups', pageAuth, (_req, res) => {
    const today = reports.today();
    render(res, 'followups', 200, {
      title: 'Follow-ups',
      nav: 'followups',
      leads: leads.listFollowups().map(toAdminLead),
      isOverdue: (value: string | null) => Boolean(value) && helpers.followUpInput(value) < today,
    });
  });

  // ---- reports and settings ----
  const renderReports = async (
    req: Request,
    res: Response,
    status: number,
    extra: { error?: string; date?: string } = {},
  ) => {
    const file = queryString(req, 'file');
    const rows = queryString(req, 'rows');
    const generated =
      file && REPORT_FILE_RE.test(file) && rows && /^\d+$/.test(rows) ? { file, rows: Number(rows) } : undefined;
    render(res, 'reports', status, {
      title: 'Reports',
      nav: 'reports',
      notice: generated ? undefined : noticeOf(req), // the generated line says it better
      generated,
      error: extra.error,
      date: extra.date ?? reports.today(),
      today: reports.today(),
      reports: await reports.list(),
      calendar: await deps.calendarStatus().catch(() => 'not_connected' as const),
    });
  };

  router.get('/admin/reports', pageAuth, async (req, res) => {
    await renderReports(req, res, 200);
  });

  router.post('/admin/reports/generate', pageAuth, requireCsrf, async (req, res) => {
    const input = formOf(req).date;
    let date: string;
    try {
      date = reports.parseReportDate(input);
    } catch (err) {
      if (!isAppError(err) || !err.errors) throw err;
      await renderReports(req, res, 400, {
        error: `Date ${err.errors[0]?.message ?? 'is not valid'}.`,
        date: input ?? '',
      });
      return;
    }
    const report = await reports.generate(date);
    const p = new URLSearchParams({ notice: 'report', file: report.filename, rows: String(report.rows) });
    res.redirect(303, `/admin/reports?${p.toString()}`);
  });

  // Errors of these pages are pages too (the JSON envelope is for API clients).
  const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const appError = isAppError(err) ? err : undefined;
    if (appError?.status === 401 || (appError?.status === 429 && req.path === '/login')) {
      for (const [k, v] of Object.entries(appError.headers ?? {})) res.setHeader(k, v);
      renderLogin(res, appError.status, appError.message);
      return;
    }
    if (!appError) logger.error({ err, path: req.path }, 'admin page failed');
    const status = appError?.status ?? 500;
    render(res, 'error', status, {
      title: status === 404 ? 'Not found' : 'Something went wrong',
      status,
      message: appError && appError.isOperational ? appError.message : 'Internal server error.',
    });
  };
  router.use('/admin', pageErrors);

  return router;
}
