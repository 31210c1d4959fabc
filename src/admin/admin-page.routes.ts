/**
 * The lead management page (server-rendered EJS), mounted at /admin through the admin router's `pages`
 * flavour: every route here has a signed-in staff member, and every post a checked CSRF token. Data reaches
 * the templates only through escaping `<%= %>` tags. Signing in is in admin-sign-in.routes.ts.
 */
import { Router, type Request, type Response } from 'express';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import { AppError, isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import type { LeadService } from '../leads/lead.service.js';
import { toAdminLead } from '../leads/lead.types.js';
import { REPORT_FILE_RE, type LeadReportService } from '../reports/lead-report.service.js';
import type { AdminLocals } from './admin-auth.middleware.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, noticeOf, queryString, type PageRenderer } from './admin-page.render.js';
import type { AdminSessionStore } from './admin-session.store.js';
import { clearSessionCookie } from './admin-sign-in.routes.js';

export interface AdminPageDeps {
  pages: PageRenderer;
  sessions: AdminSessionStore;
  leads: LeadService;
  logs: ConversationLogRepository;
  reports: LeadReportService;
  logger: Logger;
  timezone: string;
  defaultCountry: string | undefined;
  calendarStatus: () => Promise<'connected' | 'not_connected'>;
}

function leadUrl(id: string): string {
  return `/admin/leads/${encodeURIComponent(id)}`;
}

export function adminPageRoutes(deps: AdminPageDeps): Router {
  const { pages, leads, reports } = deps;
  const { render, helpers } = pages;
  const router = Router();
  const calendarStatus = () => deps.calendarStatus().catch(() => 'not_connected' as const);

  // The lead list (GET /admin) is lead-list.page.ts.

  router.post('/logout', async (req, res) => {
    const who = res.locals as AdminLocals;
    if (who.adminSession) await deps.sessions.destroy(who.adminSession.id);
    clearSessionCookie(req, res);
    res.redirect(303, '/admin?notice=loggedout');
  });

  // ---- one lead: its page, edits, notes and "New lead" are in lead-page.routes.ts ----
  router.get('/leads/:id/delete', async (req, res) => {
    const record = await leads.getLead(req.params.id);
    render(res, 'lead-delete', 200, { title: 'Delete lead', nav: 'leads', lead: toAdminLead(record) });
  });

  router.post('/leads/:id/delete', async (req, res) => {
    if (formOf(req).confirm !== 'yes') {
      res.redirect(303, `${leadUrl(req.params.id)}/delete`);
      return;
    }
    await leads.deleteLead(req.params.id);
    res.redirect(303, '/admin?notice=deleted');
  });

  // ---- follow-ups ----
  router.get('/followups', async (_req, res) => {
    const today = reports.today();
    const due = await leads.listFollowups();
    render(res, 'followups', 200, {
      title: 'Follow-ups',
      nav: 'followups',
      leads: due.map(toAdminLead),
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
      calendar: await calendarStatus(),
    });
  };

  router.get('/reports', async (req, res) => {
    await renderReports(req, res, 200);
  });

  router.post('/reports/generate', async (req, res) => {
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

  router.use(() => {
    throw new AppError('not_found', 'There is no such page.');
  });
  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
