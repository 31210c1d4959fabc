/** POST /leads/bulk (admin, mounted at /leads before the lead routes, so that `bulk` is not read as an id). */
import { Router } from 'express';
import { actorOf } from '../admin/staff-actor.js';
import { sendSuccess } from '../http/envelope.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import type { Logger } from '../infra/logger.js';
import { applyBulk } from './lead-bulk.service.js';
import { bulkSchema } from './lead.schemas.js';
import type { LeadService } from './lead.service.js';

export function leadBulkRoutes(leads: LeadService, logger?: Logger): Router {
  const router = Router();
  router.post('/bulk', requireJsonBody, async (req, res) => {
    const input = parseInput(bulkSchema, req.body);
    const summary = await applyBulk(leads, input, actorOf(res), logger);
    const done = input.action === 'delete' ? summary.counts.deleted : summary.counts.updated;
    sendSuccess(
      res,
      summary,
      `${done} of ${summary.results.length} lead(s) ${input.action === 'delete' ? 'deleted' : 'changed'}`,
    );
  });
  return router;
}
