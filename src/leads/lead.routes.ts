/** The lead API (admin, mounted at /leads) and the widget's contact form route (public, mounted at /gemini). */
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../admin/staff-actor.js';
import { sendSuccess } from '../http/envelope.js';
import type { Logger } from '../infra/logger.js';
import type { TokenUsageStore } from '../llm/token-usage.store.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { leadSchemas, noteSchema, saveInfoSchemaOf } from './lead.schemas.js';
import type { LeadService } from './lead.service.js';
import { toAdminLead } from './lead.types.js';

export interface LeadRouteOptions {
  defaultCountry: string | undefined;
  timezone: string;
}

export interface AdminLeadRouteOptions extends LeadRouteOptions {
  /** The LLM tokens a lead's conversations cost, shown on GET /leads/:id. */
  usage?: TokenUsageStore;
  logger?: Logger;
}

/** The LLM tokens of a lead's conversations (null while Redis cannot tell: the lead is still shown). */
async function usageOf(clientIds: string[], opts: AdminLeadRouteOptions) {
  if (!opts.usage) return null;
  try {
    return await opts.usage.forConversations(clientIds);
  } catch (err) {
    opts.logger?.warn({ err: (err as Error).message }, 'no LLM usage for the lead');
    return null;
  }
}

export function adminLeadRoutes(leads: LeadService, opts: AdminLeadRouteOptions): Router {
  const router = Router();
  const schemas = leadSchemas(opts);

  router.get('/', async (req, res) => {
    const query = parseInput(schemas.list, req.query);
    const [{ leads: page, total, totalExact }, statusCounts] = await Promise.all([
      leads.listLeads(query),
      leads.countByStatus(query.q || undefined),
    ]);
    // total_exact false: at least `total` leads match (a broad search on PostgreSQL; see LeadPage).
    sendSuccess(res, {
      leads: page.map(toAdminLead),
      total,
      total_exact: totalExact,
      limit: query.limit,
      offset: query.offset,
      counts: statusCounts.counts,
      // false: each count is a lower bound (a broad search on PostgreSQL counts up to a bound, as total).
      counts_exact: statusCounts.exact,
    });
  });

  router.get('/followups', async (_req, res) => {
    sendSuccess(res, { leads: (await leads.listFollowups()).map(toAdminLead) });
  });

  router.post('/', requireJsonBody, async (req, res) => {
    const input = parseInput(schemas.create, req.body);
    const record = await leads.createLead(input, actorOf(res).by);
    sendSuccess(res, { lead: toAdminLead(record) }, 'Lead created', 201);
  });

  router.get('/:id/activity', async (req, res) => {
    sendSuccess(res, { events: await leads.timeline(await leads.getLead(req.params.id)) });
  });

  router.post('/:id/activity', requireJsonBody, async (req: Request<{ id: string }>, res: Response) => {
    await leads.getLead(req.params.id); // 404 before 400 for an unknown id
    const { note } = parseInput(noteSchema, req.body);
    const event = await leads.addNote(req.params.id, note, actorOf(res).by);
    sendSuccess(res, { event }, 'Note added', 201);
  });

  // The lead is the same admin view as everywhere; its usage goes beside it.
  router.get('/:id', async (req, res) => {
    const lead = toAdminLead(await leads.getLead(req.params.id));
    sendSuccess(res, { lead, usage: await usageOf(lead.client_ids, opts) });
  });

  const update = async (req: Request<{ id: string }>, res: Response) => {
    await leads.getLead(req.params.id); // 404 before 400 for an unknown id
    const patch = parseInput(schemas.update, req.body);
    const record = await leads.updateLead(req.params.id, patch, actorOf(res).by);
    sendSuccess(res, { lead: toAdminLead(record) }, 'Lead updated');
  };
  router.post('/:id', requireJsonBody, update);
  router.patch('/:id', requireJsonBody, update);

  router.delete('/:id', async (req, res) => {
    const record = await leads.deleteLead(req.params.id);
    sendSuccess(res, { id: record.id }, 'Lead, conversation logs and sessions erased');
  });

  return router;
}

export function publicLeadRoutes(leads: LeadService, opts: LeadRouteOptions): Router {
  const router = Router();
  const saveInfoSchema = saveInfoSchemaOf(opts.defaultCountry);

  router.post('/save-info', requireJsonBody, async (req, res) => {
    const input = parseInput(saveInfoSchema, req.body);
    const { client_id, ...details } = input;
    const record = await leads.saveFromForm(client_id, { ...details, name: details.name || undefined });
    sendSuccess(res, { lead: leads.visitorView(record, { clientId: client_id }) }, 'Details saved');
  });

  return router;
}
