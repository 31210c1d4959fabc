/** Request schemas for leads: the same email/phone rules as the chat's extraction, so nothing invalid is stored. */
import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  LEAD_STATUSES,
  MAX_FIELD_LABEL_LENGTH,
  MAX_FIELD_VALUE_LENGTH,
  MAX_FIELDS_PER_LEAD,
  MAX_NOTE_LENGTH,
} from './lead.types.js';
import { normalizeEmail } from '../capture/email.recognizer.js';
import { normalizePhone } from '../capture/phone.recognizer.js';
import { clientIdSchema } from '../chat/client-id.schema.js';
import { pageQueryFields } from '../http/validate.js';
import { LEAD_SORT_KEYS } from '../store/lead.repository.js';

export const emailSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .max(254, 'is too long')
  .transform((v, ctx) => {
    const email = normalizeEmail(v);
    if (!email) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid email address' });
      return z.NEVER;
    }
    return email;
  });

export function phoneSchema(defaultCountry: string | undefined) {
  return z
    .string({ error: 'must be a string' })
    .trim()
    .max(40, 'is too long')
    .transform((v, ctx) => {
      const phone = normalizePhone(v, defaultCountry);
      if (!phone) {
        ctx.addIssue({
          code: 'custom',
          message: defaultCountry
            ? 'is not a valid phone number'
            : 'is not a valid phone number (write it with its country code, e.g. +44 20 7946 0958)',
        });
        return z.NEVER;
      }
      return phone;
    });
}

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

export const fieldsSchema = z
  .record(
    z
      .string()
      .trim()
      .min(1, 'labels must not be empty')
      .max(MAX_FIELD_LABEL_LENGTH, `labels must be at most ${MAX_FIELD_LABEL_LENGTH} characters`),
    z
      .string({ error: 'values must be strings or null' })
      .trim()
      .max(MAX_FIELD_VALUE_LENGTH, `values must be at most ${MAX_FIELD_VALUE_LENGTH} characters`)
      .nullable(),
  )
  .refine((f) => Object.keys(f).length <= MAX_FIELDS_PER_LEAD, `at most ${MAX_FIELDS_PER_LEAD} fields`);

/** ISO date (a day in the business zone, kept as YYYY-MM-DD) or date-time (kept as UTC ISO). */
function followUpSchema(timezone: string) {
  return z.string({ error: 'must be a string' }).transform((v, ctx) => {
    const value = v.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      if (DateTime.fromISO(value, { zone: timezone }).isValid) return value;
    } else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      const dt = DateTime.fromISO(value, { zone: timezone });
      if (dt.isValid) return dt.toUTC().toISO() ?? value;
    }
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date (YYYY-MM-DD) or date-time' });
    return z.NEVER;
  });
}

/** POST /leads/:id/activity: a staff note (kept in the lead's activity, never overwritten). */
export const noteSchema = z.object({ note: text(MAX_NOTE_LENGTH) });

export const statusSchema = z.enum(LEAD_STATUSES, { error: `must be one of ${LEAD_STATUSES.join(', ')}` });

export function leadSchemas(opts: { defaultCountry: string | undefined; timezone: string }) {
  const base = {
    name: text(200).nullable().optional(),
    email: emailSchema.nullable().optional(),
    phone: phoneSchema(opts.defaultCountry).nullable().optional(),
    company: text(200).nullable().optional(),
    notes: z
      .string({ error: 'must be a string' })
      .trim()
      .max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`)
      .nullable()
      .optional(),
    status: statusSchema.optional(),
    follow_up_at: followUpSchema(opts.timezone).nullable().optional(),
    fields: fieldsSchema.optional(),
  };
  const create = z.object(base).refine((v) => Boolean(v.name || v.email || v.phone), {
    message: 'give at least one of name, email, phone',
    path: ['name'],
  });
  const update = z.object(base).refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'give at least one field to change',
    path: ['body'],
  });
  const list = z.object({
    status: statusSchema.optional(),
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    sort: z.enum(LEAD_SORT_KEYS, { error: `must be one of ${LEAD_SORT_KEYS.join(', ')}` }).optional(),
    order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
    ...pageQueryFields,
  });
  return { create, update, list };
}

/** POST /gemini/save-info (the widget's contact form): a conversation's own details, at least one. */
export function saveInfoSchemaOf(defaultCountry: string | undefined) {
  return z
    .object({
      client_id: clientIdSchema,
      name: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
      email: emailSchema.optional(),
      phone: phoneSchema(defaultCountry).optional(),
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
}

/** Leads one bulk request may act on (a page of the list at its largest). */
export const MAX_BULK_IDS = 500;

const bulkIds = z
  .array(z.string({ error: 'must be lead ids' }).min(1).max(64), { error: 'must be a list of lead ids' })
  .min(1, 'must name at least one lead')
  .max(MAX_BULK_IDS, `must name at most ${MAX_BULK_IDS} leads`);

/** POST /leads/bulk: a status change or a deletion of a selection of leads. */
export const bulkSchema = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('status'),
      ids: bulkIds,
      status: statusSchema,
    }),
    z.object({
      action: z.literal('delete'),
      ids: bulkIds,
    }),
  ],
  { error: 'must be status or delete' },
);
export type BulkInput = z.output<typeof bulkSchema>;
