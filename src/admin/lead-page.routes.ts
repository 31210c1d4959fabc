/**
 * One lead on the page (mounted at /admin through the admin router's `pages` flavour, before the other page
 * routes): its details, every field editable, the timeline with "Add note" and "use this value", its meeting
 * and conversations; and "New lead". Every change goes through the lead service with who made it
 * (actorOf), validated by the lead API's own zod schemas; a form with errors is shown again with them inline.
 */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { fieldErrorsOf } from '../http/validate.js';
import { isAppError, type FieldError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { timelineOf } from '../leads/lead-activity.js';
import { leadSchemas, noteSchema } from '../leads/lead.schemas.js';
import type { LeadService } from '../leads/lead.service.js';
import { toAdminLead, type LeadRecord } from '../leads/lead.types.js';
import type { ConversationLogRepository } from '../store/conversation-log.repository.js';
import { pageErrorHandler } from './admin-page.errors.js';
import { formOf, noticeOf, type Form, type PageRenderer } from './admin-page.render.js';
import { parseTranscript } from './admin-page.view.js';
import { acceptedValueInput, changedLeadFields, fieldRows, newLeadInput } from './lead-form.js';
import { timelineItems } from './lead-timeline.view.js';
import { actorOf } from './staff-actor.js';

export interface LeadPageDeps {
  pages: PageRenderer;
  leads: LeadService;
  logs: ConversationLogRepository;
  logger: Logger;
  timezone: string;
  defaultCountry: string | undefined;
}

function leadUrl(id: string): string {
  return `/admin/leads/${encodeURIComponent(id)}`;
}

/** A refusal the form can show (bad input, an email or phone on another lead), else undefined. */
function formErrorsOf(err: unknown): { status: number; errors: FieldError[] } | undefined {
  if (!isAppError(err) || (err.status !== 400 && err.status !== 409)) return undefined;
  return { status: err.status, errors: err.errors ?? [{ field: 'body', message: err.message }] };
}

export function leadPageRoutes(deps: LeadPageDeps): Router {
  const { pages, leads, logs } = deps;
  const { render, helpers } = pages;
  const router = Router();
  const schemas = leadSchemas({ defaultCountry: deps.defaultCountry, timezone: deps.timezone });

  /** The input parsed by `schema`, or the field errors (with those the form reading found). */
  const validate = <S extends z.ZodType>(schema: S, input: unknown, found: FieldError[]) => {
    const parsed = schema.safeParse(input);
    const errors = [...found, ...(parsed.success ? [] : fieldErrorsOf(parsed.error))];
    return errors.length > 0 || !parsed.success ? { errors } : { data: parsed.data };
  };

  const renderLead = async (
    res: Response,
    record: LeadRecord,
    status: number,
    extra: { notice?: string | undefined; errors?: FieldError[]; form?: Form; noteForm?: Form } = {},
  ) => {
    const clientIds = [
      ...new Set([...(record.client_id ? [record.client_id] : []), ...Object.keys(record.conversations)]),
    ];
    const transcripts = await Promise.all(
      clientIds.map(async (clientId) => ({ clientId, lines: parseTranscript(await logs.readForClient(clientId)) })),
    );
    const errors = extra.errors ?? [];
    const form = extra.form;
    render(res, 'lead', status, {
      title: record.name ?? record.email ?? record.phone ?? 'Lead',
      nav: 'leads',
      notice: extra.notice,
      lead: toAdminLead(record),
      timeline: timelineItems(await leads.timeline(record), record, helpers),
      transcripts,
      errors,
      errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
      form: {
        name: form?.name ?? record.name ?? '',
        email: form?.email ?? record.email ?? '',
        phone: form?.phone ?? record.phone ?? '',
        company: form?.company ?? record.company ?? '',
        status: form?.status ?? record.status,
        notes: form?.notes ?? record.notes ?? '',
        follow_up_at: form?.follow_up_at ?? helpers.followUpInput(record.follow_up_at),
        new_label: form?.new_label ?? '',
        new_value: form?.new_value ?? '',
      },
      fieldRows: fieldRows(record, form),
      note: extra.noteForm?.note ?? '',
    });
  };

  const renderNew = (res: Response, status: number, form: Form = {}, errors: FieldError[] = []) => {
    render(res, 'lead-new', status, {
      title: 'New lead',
      nav: 'leads',
      form,
      errors,
      errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
    });
  };

  // ---- a new lead, by hand (before /leads/:id) ----
  router.get('/leads/new', (_req, res) => {
    renderNew(res, 200);
  });

  router.post('/leads/new', async (req, res) => {
    const form = formOf(req);
    const read = newLeadInput(form);
    const valid = validate(schemas.create, read.changed, read.errors);
    if (!valid.data) {
      renderNew(res, 400, form, valid.errors);
      return;
    }
    try {
      const record = await leads.createLead(valid.data, actorOf(res).by);
      res.redirect(303, `${leadUrl(record.id)}?notice=created`);
    } catch (err) {
      const refusal = formErrorsOf(err);
      if (!refusal) throw err;
      renderNew(res, refusal.status, form, refusal.errors);
    }
  });

  // ---- one lead ----
  router.get('/leads/:id', async (req, res) => {
    await renderLead(res, await leads.getLead(req.params.id), 200, { notice: noticeOf(req) });
  });

  /** Applies `input` (already read from a form) as the update, or shows the page again with what is wrong. */
  const applyUpdate = async (
    req: Request<{ id: string }>,
    res: Response,
    input: { changed: Record<string, unknown>; errors: FieldError[] },
    context: Record<string, string> = {},
  ) => {
    const record = await leads.getLead(req.params.id);
    const form = context.accepted_from === undefined ? formOf(req) : undefined;
    if (Object.keys(input.changed).length === 0 && input.errors.length === 0) {
      res.redirect(303, `${leadUrl(record.id)}?notice=unchanged`);
      return;
    }
    const valid = validate(schemas.update, input.changed, input.errors);
    if (!valid.data) {
      await renderLead(res, record, 400, { errors: valid.errors, ...(form ? { form } : {}) });
      return;
    }
    try {
      await leads.updateLead(record.id, valid.data, actorOf(res).by, context);
    } catch (err) {
      const refusal = formErrorsOf(err);
      if (!refusal) throw err;
      await renderLead(res, await leads.getLead(record.id), refusal.status, {
        errors: refusal.errors,
        ...(form ? { form } : {}),
      });
      return;
    }
    res.redirect(303, `${leadUrl(record.id)}?notice=${context.accepted_from === undefined ? 'updated' : 'accepted'}`);
  };

  router.post('/leads/:id', async (req, res) => {
    const record = await leads.getLead(req.params.id);
    await applyUpdate(
      req,
      res,
      changedLeadFields(formOf(req), record, (value) => helpers.followUpInput(value)),
    );
  });

  // "Use this value": only a value a conversation gave and the lead did not take.
  router.post('/leads/:id/accept', async (req, res) => {
    const record = await leads.getLead(req.params.id);
    const { field = '', value = '', client_id: clientId = '' } = formOf(req);
    const offered = timelineItems(timelineOf(record), record, helpers).find(
      (item) => item.accept?.field === field && item.accept.value === value && item.accept.clientId === clientId,
    );
    if (!offered?.accept) {
      await renderLead(res, record, 400, {
        errors: [{ field: 'accept', message: 'That value is not one a conversation gave, or the lead has it already' }],
      });
      return;
    }
    const input = acceptedValueInput(field, value, offered.accept.custom);
    await applyUpdate(req, res, { changed: input, errors: [] }, { accepted_from: clientId || 'a conversation' });
  });

  router.post('/leads/:id/notes', async (req, res) => {
    const record = await leads.getLead(req.params.id);
    const noteForm = formOf(req);
    const valid = validate(noteSchema, { note: noteForm.note ?? '' }, []);
    if (!valid.data) {
      await renderLead(res, record, 400, { errors: valid.errors, noteForm });
      return;
    }
    await leads.addNote(record.id, valid.data.note, actorOf(res).by);
    res.redirect(303, `${leadUrl(record.id)}?notice=noted#timeline`);
  });

  // Errors here are pages too; what no route here answers goes on to the other page routes.
  router.use(pageErrorHandler(pages, deps.logger));
  return router;
}
