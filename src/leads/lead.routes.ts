/** The lead API (admin, mounted at /leads) and the widget's contact form route (public, mounted at /gemini). */
import { Router } from 'express';
import { z } from 'zod';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { sendSuccess } from '../http/envelope.js';
import type { Logger } from '../infra/logger.js';
import type { TokenUsageStore } from '../llm/token-usage.store.js';
import { parseInput, requireJsonBody } from '../http/validate.js';
import { emailSchema, fieldsSchema, leadSchemas, phoneSchema } from './lead.schemas.js';
import type { LeadService } from './lead.service.js';
import { toAdminLead, type LeadRecord } from './lead.types.js';

export interface LeadRouteOptions {
  defaultCountry: string | undefined;
  timezone: string;
}

export interface AdminLeadRouteOptions extends LeadRouteOptions {
  /** The LLM tokens a lead's conversations cost, shown on GET /leads/:id. */
  usage?: TokenUsageStore;
  logger?: Logger;
}

/** The admin view of one lead with its LLM usage (null while Redis cannot tell: the lead is still shown). */
async function withUsage(record: LeadRecord, opts: AdminLeadRouteOptions) {
  const lead = toAdminLead(record);
  if (!opts.usage) return lead;
  try {
    return { ...lead, usage: await opts.usage.forConversations(lead.client_ids) };
  } catch (err) {
    opts.logger?.warn({ err: (err as Error).message, lead: lead.id }, 'no LLM usage for the lead');
    return { ...lead, usage: null };
  }
}

export function adminLeadRoutes(leads: LeadService, opts: AdminLeadRouteOptions): Router {
  const router = Router();
  const schemas = leadSchemas(opts);

  router.get('/', (req, res) => {
    const query = parseInput(schemas.list, req.query);
    const { leads: page, total } = leads.listLeads(query);
    sendSuccess(res, { leads: page.map(toAdminLead), total, limit: query.limit, offset: query.offset });
  });

  router.get('/followups', (_req, res) => {
    sendSuccess(res, { leads: leads.listFollowups().map(toAdminLead) });
  });

  router.post('/', requireJsonBody, async (req, res) => {
    const input = parseInput(schemas.create, req.body);
    const record = await leads.createLead(input);
    sendSuccess(res, { lead: toAdminLead(record) }, 'Lead created', 201);
  });

  router.get('/:id/activity', (req, res) => {
    sendSuccess(res, { events: leads.getLead(req.params.id).activity ?? [] });
  });

  router.get('/:id', async (req, res) => {
    sendSuccess(res, { lead: await withUsage(leads.getLead(req.params.id), opts) });
  });

  const update = async (req: import('express').Request<{ id: string }>, res: import('express').Response) => {
    leads.getLead(req.params.id); // 404 before 400 for an unknown id
    const patch = parseInput(schemas.update, req.body);
    const record = await leads.updateLead(req.params.id, patch);
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
  const saveInfoSchema = z
    .object({
      client_id: clientIdSchema,
      name: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
      email: emailSchema.optional(),
      phone: phoneSchema(opts.defaultCountry).optional(),
      company: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
      notes: z.string({ error: 'must be a string' }).trim().max(2000, 'must be at most 2000 characters').optional(),
      fields: fieldsSchema.optional(),
    })
    .refine(
      (v) => Boolean(v.name || v.email || v.phone || v.company || v.notes || Object.keys(v.fields ?? {}).length > 0),
      {
        message: 'give at least one of name, email, phone, company, notes, fields',
        path: ['body'],
      },
    );

  router.post('/save-info', requireJsonBody, async (req, res) => {
    const input = parseInput(saveInfoSchema, req.body);
    const { client_id, ...details } = input;
    const record = await leads.saveFromForm(client_id, { ...details, name: details.name || undefined });
    sendSuccess(res, { lead: leads.visitorView(record, { clientId: client_id }) }, 'Details saved');
  });

  return router;
}
