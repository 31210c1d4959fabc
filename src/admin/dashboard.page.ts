/**
 * The dashboard of the workspace (mounted at /admin through the admin router's `pages` flavour): the numbers
 * of GET /stats over a chosen range (from/to, or the last 7, 30 or 90 days), as charts drawn in the browser
 * by Chart.js (served from node_modules below, no CDN: the CSP allows scripts from 'self' only) with a table
 * of the same values beside each chart, and an estimate of what the LLM tokens cost (llm-cost.ts).
 * The numbers reach the page's script (public/admin/dashboard.js) in a JSON script block, not inline code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Request } from 'express';
import { DateTime } from 'luxon';
import { fieldErrorsOf } from '../http/validate.js';
import { LEAD_STATUSES } from '../leads/lead.types.js';
import { isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { queryString, type PageRenderer } from './admin-page.render.js';
import { estimateCost } from './llm-cost.js';
import { statsQuerySchema } from './stats.routes.js';
import type { StatsService } from './stats.service.js';

/** Chart.js's UMD build (one file, no dependencies to load), pinned in package.json. */
const CHART_JS_FILE = path.join(path.dirname(fileURLToPath(import.meta.resolve('chart.js'))), 'chart.umd.min.js');

export const DASHBOARD_PRESETS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;

export interface DashboardPageDeps {
  pages: PageRenderer;
  stats: StatsService;
  logger: Logger;
  timezone: string;
  now: () => Date;
  /** The LLM that answers now: its model's price makes the cost estimate. */
  llm: { kind: 'gemini' | 'openai' | 'offline'; model: string };
}

/** JSON for a `<script type="application/json">` block: `<` escaped, so no text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function dashboardPageRoutes(deps: DashboardPageDeps): Router {
  const { pages, stats } = deps;
  const router = Router();

  router.get('/assets/vendor/chart.umd.min.js', (_req, res) => {
    res.removeHeader('Cache-Control'); // a library file: the admin router's no-store is for answers with data
    res.sendFile(CHART_JS_FILE, { maxAge: '1h' });
  });

  /** The last `n` business days, today included. */
  const last = (n: number) => {
    const today = DateTime.fromJSDate(deps.now(), { zone: deps.timezone }).startOf('day');
    return { from: today.minus({ days: n - 1 }).toISODate() ?? '', to: today.toISODate() ?? '' };
  };

  /** The range asked: a preset (`days`), else from/to (checked like GET /stats), else the last 30 days. */
  const rangeOf = (req: Request) => {
    const days = Number(queryString(req, 'days'));
    const preset = DASHBOARD_PRESETS.find((d) => d === days);
    if (preset) return { range: last(preset), preset };
    const from = queryString(req, 'from');
    const to = queryString(req, 'to');
    if (!from && !to) return { range: last(DEFAULT_DAYS), preset: DEFAULT_DAYS };
    const parsed = statsQuerySchema.safeParse({ from: from || undefined, to: to || undefined });
    if (!parsed.success) return { range: last(DEFAULT_DAYS), preset: undefined, errors: fieldErrorsOf(parsed.error) };
    return { range: parsed.data, preset: undefined, asked: { from: from ?? '', to: to ?? '' } };
  };

  router.get('/dashboard', async (req, res) => {
    const asked = rangeOf(req);
    let errors = asked.errors ?? [];
    let numbers;
    try {
      numbers = await stats.compute(asked.range);
    } catch (err) {
      if (!isAppError(err) || !err.errors) throw err;
      errors = err.errors; // e.g. from after to: show the default range with the reason
      numbers = await stats.compute(last(DEFAULT_DAYS));
    }
    const cost = estimateCost(numbers.llm, deps.llm.model, deps.llm.kind);
    pages.render(res, 'dashboard', errors.length > 0 ? 400 : 200, {
      title: 'Dashboard',
      nav: 'dashboard',
      stats: numbers,
      cost,
      presets: DASHBOARD_PRESETS,
      preset: errors.length > 0 ? undefined : asked.preset,
      form: asked.asked ?? { from: numbers.from, to: numbers.to },
      errors,
      chartData: scriptJson({
        leadsByDay: numbers.leads_by_day,
        byStatus: numbers.by_status,
        statusLabels: Object.fromEntries(LEAD_STATUSES.map((s) => [s, pages.helpers.statusLabel(s)])),
        bySource: numbers.by_source,
        meetings: numbers.meetings,
      }),
    });
  });

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
