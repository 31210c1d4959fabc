/**
 * Report routes (admin; mounted at /leads, before the lead routes so that /leads/reports and
 * /leads/export.xlsx are not read as lead ids).
 */
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { statusSchema } from '../leads/lead.schemas.js';
import type { LeadReportService } from './lead-report.service.js';
import { CSV_CONTENT_TYPE } from './lead-csv.js';
import { XLSX_CONTENT_TYPE } from './lead-workbook.js';

const MAX_EXPORT_IDS = 500;

/** The list's filters (API: export.xlsx accepts the list's `status` and `q`; the page's "All statuses" is empty). */
export const exportQuerySchema = z.object({
  status: statusSchema.optional(),
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  /** A selection: lead ids, comma-separated (the page's "Export selected"). */
  ids: z
    .string({ error: 'must be lead ids separated by commas' })
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(/^[a-f0-9]{32}$/, 'must be lead ids'))
        .min(1, 'must name at least one lead')
        .max(MAX_EXPORT_IDS, `must name at most ${MAX_EXPORT_IDS} leads`),
    )
    .optional(),
});

export function reportRoutes(reports: LeadReportService): Router {
  const router = Router();

  router.post('/reports/generate', requireJsonBody, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const date = reports.parseReportDate(body.date);
    const { filename, rows } = await reports.generate(date);
    sendSuccess(res, { filename, rows, date }, `Report ${filename} generated with ${rows} lead(s)`, 201);
  });

  router.get('/reports', async (_req, res) => {
    sendSuccess(res, { reports: await reports.list() });
  });

  router.get('/reports/download/:filename', async (req, res) => {
    const report = await reports.openDownload(req.params.filename);
    res.status(200);
    res.attachment(req.params.filename);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Length', String(report.size));
    res.setHeader('Last-Modified', report.modified.toUTCString());
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(report.content(), res);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    router.get(`/export.${format}`, async (req, res) => {
      // The page's "All statuses" choice submits an empty status.
      const query = req.query.status === '' ? { ...req.query, status: undefined } : req.query;
      const { status, q, ids } = parseInput(exportQuerySchema, query);
      res.status(200);
      res.attachment(reports.exportFilename(status, format));
      res.setHeader('Content-Type', format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
      res.setHeader('Cache-Control', 'no-store');
      await reports.writeExport(res, { status, q: q || undefined, ids }, format);
    });
  }

  return router;
}
