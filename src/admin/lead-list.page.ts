/**
 * The lead list page (GET /admin) and its bulk actions, through the admin router's `pages` flavour: sorting
 * by any column (links in the headers, with aria-sort), an order choice ("Updated recently" brings a
 * returning visitor's lead to the top), page numbers and a page size, counts per status as filter tabs, and
 * a selection (checkboxes) whose status can be changed, which can be deleted after a confirmation step, or
 * exported. The exports follow the current filter. Bulk work goes through the same applyBulk as the API.
 */
import { Router, type Request } from 'express';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { applyBulk } from '../leads/lead-bulk.service.js';
import { MAX_BULK_IDS } from '../leads/lead.schemas.js';
import type { LeadService } from '../leads/lead.service.js';
import { LEAD_STATUSES, toAdminLead, type LeadStatus } from '../leads/lead.types.js';
import { LEAD_SORT_KEYS, type LeadSortKey, type SortOrder, type StatusCounts } from '../store/lead.repository.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, noticeOf, queryString, type PageRenderer } from './admin-page.render.js';
import { pageLinks } from './list-paging.js';
import { actorOf } from './staff-actor.js';

export const PAGE_SIZES = [25, 50, 100] as const;
const LEAD_ID_RE = /^[a-f0-9]{32}$/;

/** The order choices of the list's select (a column header's sort shows as "By column" there). */
export const ORDER_CHOICES = [
  { value: 'created_at.desc', label: 'Newest first' },
  { value: 'updated_at.desc', label: 'Updated recently' },
  { value: 'created_at.asc', label: 'Oldest first' },
  { value: 'name.asc', label: 'Name A–Z' },
] as const;

/** The columns a header sorts by, in the table's order, with the direction a first click gives. */
const COLUMNS: Array<{ key: LeadSortKey; label: string; first: SortOrder }> = [
  { key: 'name', label: 'Name', first: 'asc' },
  { key: 'email', label: 'Contact', first: 'asc' },
  { key: 'company', label: 'Company', first: 'asc' },
  { key: 'status', label: 'Status', first: 'asc' },
  { key: 'follow_up_at', label: 'Follow-up', first: 'asc' },
  { key: 'source', label: 'Source', first: 'asc' },
  { key: 'updated_at', label: 'Updated', first: 'desc' },
  { key: 'created_at', label: 'Created', first: 'desc' },
];

export interface ListView {
  q: string;
  status: LeadStatus | undefined;
  sort: LeadSortKey;
  order: SortOrder;
  size: number;
  offset: number;
}

function isSortKey(value: string | undefined): value is LeadSortKey {
  return LEAD_SORT_KEYS.some((k) => k === value);
}

/** The list as the query asks for it; anything unknown falls back to the default (a page never fails on it). */
export function listViewOf(req: Request): ListView {
  const [choiceSort, choiceOrder] = (queryString(req, 'sortby') ?? '').split('.');
  const sortParam = choiceSort || queryString(req, 'sort');
  const orderParam = choiceOrder || queryString(req, 'order');
  const sizeParam = Number(queryString(req, 'size'));
  return {
    q: (queryString(req, 'q') ?? '').trim().slice(0, 200),
    status: LEAD_STATUSES.find((s) => s === queryString(req, 'status')),
    sort: isSortKey(sortParam) ? sortParam : 'created_at',
    order:
      orderParam === 'asc' || orderParam === 'desc'
        ? orderParam
        : isSortKey(sortParam) && sortParam !== 'created_at' && sortParam !== 'updated_at'
          ? 'asc'
          : 'desc',
    size: PAGE_SIZES.find((s) => s === sizeParam) ?? PAGE_SIZES[0],
    offset: Math.max(0, Math.floor(Number(queryString(req, 'offset') ?? 0)) || 0),
  };
}

/** The list's URL with some of its view changed (defaults left out, so links stay short). */
export function listUrl(view: ListView, change: Partial<ListView> = {}): string {
  const v = { ...view, ...change };
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.status) p.set('status', v.status);
  if (v.sort !== 'created_at' || v.order !== 'desc') {
    p.set('sort', v.sort);
    p.set('order', v.order);
  }
  if (v.size !== PAGE_SIZES[0]) p.set('size', String(v.size));
  if (v.offset > 0) p.set('offset', String(v.offset));
  const s = p.toString();
  return s ? `/admin?${s}` : '/admin';
}

/** An export's URL following the list's filter. */
/** A count as a tab shows it: "412", or "1,000+" when it is a lower bound. */
function countText(n: number, exact: boolean): string {
  return exact ? String(n) : `${n.toLocaleString('en')}+`;
}

function countTexts({ counts, exact }: StatusCounts): Record<LeadStatus, string> {
  return Object.fromEntries(LEAD_STATUSES.map((s) => [s, countText(counts[s], exact)])) as Record<LeadStatus, string>;
}

function exportUrl(format: 'xlsx' | 'csv', view: Pick<ListView, 'q' | 'status'>): string {
  const p = new URLSearchParams();
  if (view.status) p.set('status', view.status);
  if (view.q) p.set('q', view.q);
  const s = p.toString();
  return `/leads/export.${format}${s ? `?${s}` : ''}`;
}

/** Where a bulk action returns: the list it was made from (only the list's own path, never elsewhere). */
function backUrl(value: string | undefined): string {
  return value && /^\/admin(\?[^#\s]*)?$/.test(value) ? value : '/admin';
}

/** The selected lead ids of a bulk form (repeated `ids` fields, or one comma-separated field). */
function selectedIds(req: Request): string[] {
  const raw = (req.body as { ids?: unknown } | undefined)?.ids;
  const values = Array.isArray(raw) ? raw : [raw];
  const ids = values
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .filter((id) => LEAD_ID_RE.test(id));
  return [...new Set(ids)].slice(0, MAX_BULK_IDS);
}

export interface LeadListPageDeps {
  pages: PageRenderer;
  leads: LeadService;
  logger: Logger;
  calendarStatus: () => Promise<'connected' | 'not_connected'>;
}

export function leadListPageRoutes(deps: LeadListPageDeps): Router {
  const { pages, leads } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    const view = listViewOf(req);
    // The filter form's order choice, as the list's own sort and order (the URL a header link makes too).
    if (queryString(req, 'sortby') !== undefined) {
      res.redirect(303, listUrl(view));
      return;
    }
    const [{ leads: page, total, totalExact }, statusCounts, calendar] = await Promise.all([
      leads.listLeads({
        status: view.status,
        q: view.q || undefined,
        limit: view.size,
        offset: view.offset,
        sort: view.sort,
        order: view.order,
      }),
      leads.countByStatus(view.q || undefined),
      deps.calendarStatus().catch(() => 'not_connected' as const),
    ]);
    const choice = `${view.sort}.${view.order}`;
    pages.render(res, 'leads', 200, {
      title: 'Leads',
      nav: 'leads',
      notice: noticeOf(req),
      leads: page.map(toAdminLead),
      total,
      totalExact,
      // A broad search on PostgreSQL counts up to a bound: "1,000+ leads match".
      totalText: countText(total, totalExact),
      q: view.q,
      status: view.status ?? '',
      view,
      // The tabs: a broad search on PostgreSQL counts its statuses up to the same bound ("1,000+", "412+").
      counts: countTexts(statusCounts),
      allCount: countText(statusCounts.total, statusCounts.exact),
      statusUrl: (status: LeadStatus | undefined) => listUrl(view, { status, offset: 0 }),
      columns: COLUMNS.map((c) => {
        const active = view.sort === c.key;
        const next: SortOrder = active ? (view.order === 'asc' ? 'desc' : 'asc') : c.first;
        return {
          ...c,
          url: listUrl(view, { sort: c.key, order: next, offset: 0 }),
          ariaSort: active ? (view.order === 'asc' ? 'ascending' : 'descending') : undefined,
        };
      }),
      orderChoices: ORDER_CHOICES,
      orderChoice: ORDER_CHOICES.some((o) => o.value === choice) ? choice : '',
      pageSizes: PAGE_SIZES,
      pager: pageLinks({
        total,
        offset: view.offset,
        limit: view.size,
        shown: page.length,
        more: !totalExact && page.length === view.size,
        urlOf: (offset) => listUrl(view, { offset }),
      }),
      exportXlsxUrl: exportUrl('xlsx', view),
      exportCsvUrl: exportUrl('csv', view),
      back: listUrl(view),
      calendar,
    });
  });

  // The selection's form: a status change, a deletion (confirmed on the next page) or an export.
  router.post('/leads/bulk', async (req, res) => {
    const form = formOf(req);
    const ids = selectedIds(req);
    const back = backUrl(form.back);
    const join = back.includes('?') ? '&' : '?';
    if (ids.length === 0) {
      res.redirect(303, `${back}${join}notice=noselection`);
      return;
    }
    const action = form.action;
    if (action === 'export_xlsx' || action === 'export_csv') {
      res.redirect(303, `/leads/export.${action === 'export_csv' ? 'csv' : 'xlsx'}?ids=${ids.join(',')}`);
      return;
    }
    if (action === 'delete') {
      const found = await Promise.all(ids.map((id) => leads.getLead(id).catch(() => undefined)));
      pages.render(res, 'leads-bulk-delete', 200, {
        title: 'Delete leads',
        nav: 'leads',
        leads: found.filter((l) => l !== undefined).map(toAdminLead),
        back,
      });
      return;
    }
    const status = LEAD_STATUSES.find((s) => s === form.status);
    if (action !== 'status' || !status) {
      res.redirect(303, `${back}${join}notice=${action === 'status' ? 'nostatus' : 'noaction'}`);
      return;
    }
    await applyBulk(leads, { action: 'status', ids, status }, actorOf(res), deps.logger);
    res.redirect(303, `${back}${join}notice=bulkstatus`);
  });

  router.post('/leads/bulk/delete', async (req, res) => {
    const form = formOf(req);
    const ids = selectedIds(req);
    if (form.confirm !== 'yes' || ids.length === 0)
      throw new AppError('bad_request', 'Nothing was confirmed for deletion.');
    await applyBulk(leads, { action: 'delete', ids }, actorOf(res), deps.logger);
    res.redirect(303, `${backUrl(form.back)}${backUrl(form.back).includes('?') ? '&' : '?'}notice=bulkdeleted`);
  });

  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
