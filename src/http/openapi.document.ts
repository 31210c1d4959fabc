/**
 * GET /openapi.json: the OpenAPI 3.1 document of the HTTP API, generated (by @asteasolutions/zod-to-openapi)
 * from the very zod schemas the routes validate their input with, built with this server's config (input
 * length, default phone country), so the document cannot drift from what the routes accept. Answers are
 * described by the envelope every JSON route uses; their `data` is described loosely where the contract
 * (docs/api-notes.md, ../shared/API.md) is the reference.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { clearLogsSchema, systemInstructionSchema } from '../admin/admin-chat.routes.js';
import { changePasswordSchema, createAccountSchema, updateAccountSchema } from '../admin/staff-account.schemas.js';
import { conversationQuerySchema } from '../admin/conversation.routes.js';
import { statsQuerySchema } from '../admin/stats.routes.js';
import { chatSchemas } from '../chat/chat.schemas.js';
import type { Config } from '../config.js';
import { LEAD_EVENT_TYPES } from '../integrations/lead-events.js';
import { addEndpointSchema, deliveryListSchema } from '../integrations/webhooks/webhook.routes.js';
import { bulkSchema, leadSchemas, noteSchema, saveInfoSchemaOf } from '../leads/lead.schemas.js';
import { adminBookingSchema } from '../meetings/booking.schemas.js';
import { rescheduleSchema } from '../meetings/staff-meeting.routes.js';
import { exportQuerySchema } from '../reports/report.routes.js';
import { settingsUpdateSchema } from '../settings/settings.schema.js';

type Method = RouteConfig['method'];
type Responses = RouteConfig['responses'];

const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }, { session: [] }];

/** The one JSON envelope of every answer, with `data` as given. */
function envelope(data: z.ZodType, description: string) {
  return {
    description,
    content: {
      'application/json': {
        schema: z.object({
          status: z.enum(['success', 'error']),
          data,
          message: z.string(),
          timestamp: z.string().meta({ format: 'date-time' }),
        }),
      },
    },
  };
}

const anyData = z.record(z.string(), z.unknown());
const errorData = z
  .object({ errors: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
  .nullable();

/** The errors any route may answer (the contract's conventions). */
function errorsOf(codes: number[]): Responses {
  const text: Record<number, string> = {
    400: 'Bad input: `data.errors` lists `{field, message}`',
    401: 'No or wrong credentials',
    403: 'Forbidden: an agent account on an admin-only route (settings, accounts, the key), or a page session without its CSRF token',
    404: 'Unknown resource',
    409: 'Conflict',
    413: 'Body too large',
    415: 'Not JSON',
    429: 'Rate limited (`Retry-After`, `RateLimit` headers)',
    503: 'A dependency (Redis, the database, the LLM, Google) is down',
  };
  return Object.fromEntries(codes.map((c) => [String(c), envelope(errorData, text[c] ?? 'Error')]));
}

interface PathSpec {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  admin: boolean;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: string[];
  ok: Responses;
  errors?: number[];
}

function register(registry: OpenAPIRegistry, spec: PathSpec): void {
  const params = spec.params ?? [];
  const errors = [...(spec.admin ? [401] : []), ...(spec.errors ?? [])];
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.admin ? { security: ADMIN_SECURITY } : {}),
    request: {
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(params.length > 0 ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
    },
    responses: { ...spec.ok, ...errorsOf(errors) },
  });
}

const ok = (description: string, data: z.ZodType = anyData) => ({ '200': envelope(data, description) });
const created = (description: string) => ({ '201': envelope(anyData, description) });
const accepted = (description: string) => ({ '202': envelope(anyData, description) });
const file = (type: string, description: string) => ({
  '200': { description, content: { [type]: { schema: z.string().meta({ format: 'binary' }) } } },
});

/** A route spec from "method /path" (path parameters read from its {braces}); answers 200 with the envelope. */
function route(at: string, summary: string, tag: string, isAdmin: boolean, more: Partial<PathSpec>): PathSpec {
  const [method = 'get', path = '/'] = at.split(' ');
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  return { method: method as Method, path, summary, tag, admin: isAdmin, params, ok: ok(summary), ...more };
}
const open = (at: string, summary: string, tag: string, more: Partial<PathSpec> = {}) =>
  route(at, summary, tag, false, more);
const admin = (at: string, summary: string, tag: string, more: Partial<PathSpec> = {}) =>
  route(at, summary, tag, true, more);
/** For the admin role only: an agent account gets a 403. */
const adminOnly = (at: string, summary: string, tag: string, more: Partial<PathSpec> = {}) =>
  route(at, summary, tag, true, { ...more, errors: [403, ...(more.errors ?? [])] });

/** What standard endpoints receive: each event, signed per Standard Webhooks (OpenAPI 3.1 `webhooks`). */
function registerLeadEvents(registry: OpenAPIRegistry): void {
  const headers = z.object({
    'webhook-id': z.string().meta({ description: 'The same on every attempt and replay of the event' }),
    'webhook-timestamp': z.string().meta({ description: 'Unix seconds of this attempt' }),
    'webhook-signature': z.string().meta({ description: '`v1,<base64 HMAC-SHA256 of id.timestamp.body>`' }),
  });
  for (const type of LEAD_EVENT_TYPES) {
    const body = z.object({
      type: z.literal(type),
      timestamp: z.string().meta({ format: 'date-time' }),
      data: z.object({
        lead: anyData.meta({ description: 'The admin view of the lead (as GET /leads/{id})' }),
        ...(type.startsWith('meeting.') ? { meeting: anyData } : {}),
        ...(type === 'lead.updated' ? { changes: z.array(z.string()) } : {}),
      }),
    });
    registry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type} (see docs/api-notes.md: webhooks)`,
      tags: ['webhooks'],
      request: { headers, body: { content: { 'application/json': { schema: body } }, required: true } },
      responses: { '200': { description: 'Any 2xx is a success; anything else (or no answer) is retried' } },
    });
  }
}

/** Every JSON route of the API, described from the schemas the routes use with this config. */
export function buildOpenApiDocument(config: Config, version: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'admin_session' });
  const chat = chatSchemas(config);
  const leads = leadSchemas({ defaultCountry: config.defaultCountry, timezone: config.businessTimezone });
  const health = z.object({
    redis: z.enum(['up', 'down']),
    llm: z.enum(['gemini', 'openai', 'offline']),
    calendar: z.enum(['connected', 'not_connected']),
    database: z.enum(['up', 'down']).optional(),
  });
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const specs: PathSpec[] = [
    // Operations.
    open('get /health', 'Health of every dependency', 'operations', { ok: ok('All up', health), errors: [503] }),
    open('get /health/live', 'The process serves', 'operations'),
    open('get /health/ready', 'Every dependency answers', 'operations', { ok: ok('Ready', health), errors: [503] }),
    {
      ...open('get /metrics', 'Prometheus metrics (admin key unless METRICS_PUBLIC=true)', 'operations'),
      admin: !config.metricsPublic,
      ok: file('text/plain', 'Prometheus text format'),
    },
    open('get /openapi.json', 'This document', 'operations', { ok: file('application/json', 'OpenAPI 3.1') }),
    // The widget's chat and booking (rate limited).
    open('post /gemini/train', 'One chat turn (JSON, or server-sent events with Accept: text/event-stream)', 'chat', {
      body: chat.train,
      errors: [429, 400, 413, 415, 503],
    }),
    open('post /gemini/reset', 'Forget the conversation memory (the lead stays)', 'chat', {
      body: chat.reset,
      errors: [429, 400, 415],
    }),
    open('post /gemini/save-info', "The widget's contact form", 'chat', {
      body: saveInfoSchemaOf(config.defaultCountry),
      errors: [429, 400, 409, 415],
    }),
    open('post /saba/book-meeting', 'Book a meeting (public callers: only for themselves)', 'meetings', {
      body: adminBookingSchema,
      ok: { ...ok('The same booking again'), ...created('Booked') },
      errors: [429, 400, 409, 415, 503],
    }),
    // Leads.
    admin('get /leads', 'List leads (newest first, or sorted), with counts per status for q', 'leads', {
      query: leads.list,
      errors: [400],
    }),
    admin('post /leads/bulk', 'Change the status of, or delete, a selection of leads (a result per id)', 'leads', {
      body: bulkSchema,
      errors: [400, 415],
    }),
    admin('post /leads', 'Create a lead', 'leads', {
      body: leads.create,
      ok: created('Created'),
      errors: [400, 409, 415],
    }),
    admin('get /leads/followups', 'Leads to follow up today', 'leads'),
    admin('get /leads/{id}', 'One lead and its LLM usage', 'leads', { errors: [404] }),
    admin('post /leads/{id}', 'Update a lead', 'leads', { body: leads.update, errors: [400, 404, 409, 415] }),
    admin('patch /leads/{id}', 'Update a lead', 'leads', { body: leads.update, errors: [400, 404, 409, 415] }),
    admin('delete /leads/{id}', 'Erase a lead, its logs and sessions', 'leads', { errors: [404] }),
    admin('get /leads/{id}/activity', "A lead's timeline, oldest first", 'leads', { errors: [404] }),
    admin('post /leads/{id}/activity', 'Add a staff note to the timeline (each note is kept)', 'leads', {
      body: noteSchema,
      ok: created('The note event'),
      errors: [400, 404, 409, 415],
    }),
    // Meetings, as staff work them.
    admin('get /leads/meetings', 'Upcoming (booked) and requested meetings, soonest first', 'meetings'),
    admin('post /leads/{id}/meeting/confirm', 'Book a requested meeting on Google Calendar (no body)', 'meetings', {
      errors: [400, 404, 409, 415, 503],
    }),
    admin('post /leads/{id}/meeting/reschedule', 'Move a meeting (its calendar event too)', 'meetings', {
      body: rescheduleSchema,
      errors: [400, 404, 409, 415, 503],
    }),
    admin('post /leads/{id}/meeting/cancel', 'Cancel a meeting, its calendar event deleted (no body)', 'meetings', {
      errors: [400, 404, 409, 415, 503],
    }),
    // Reports.
    admin('post /leads/reports/generate', 'Make the Excel report of a day', 'reports', {
      body: z.object({ date: z.string().meta({ format: 'date' }).optional() }),
      ok: created('Report made'),
      errors: [400, 415],
    }),
    admin('get /leads/reports', 'Reports made', 'reports'),
    admin('get /leads/reports/download/{filename}', 'Download a report', 'reports', {
      ok: file(XLSX, 'The workbook'),
      errors: [404],
    }),
    admin(
      'get /leads/export.xlsx',
      'The leads of the list (status, q) or a selection (ids) as a workbook, streamed',
      'reports',
      {
        query: exportQuerySchema,
        ok: file(XLSX, 'The workbook'),
        errors: [400],
      },
    ),
    admin(
      'get /leads/export.csv',
      'The leads of the list (status, q) or a selection (ids) as CSV, streamed',
      'reports',
      {
        query: exportQuerySchema,
        ok: file('text/csv', 'UTF-8 CSV with a byte order mark'),
        errors: [400],
      },
    ),
    // The assistant, conversations and numbers.
    admin('get /system-instruction', "The assistant's instruction", 'assistant'),
    adminOnly('post /system-instruction', "Replace the assistant's instruction", 'assistant', {
      body: systemInstructionSchema,
      errors: [400, 415],
    }),
    admin('get /conversations', 'Every conversation, with its lead if any, newest activity first', 'conversations', {
      query: conversationQuerySchema,
      errors: [400],
    }),
    admin('get /logs', 'Conversation logs', 'conversations'),
    admin('get /logs/{filename}', 'One conversation log as text', 'conversations', {
      ok: file('text/plain', 'The transcript'),
      errors: [404],
    }),
    adminOnly('post /logs/clear', 'Remove logs (older than some days)', 'conversations', {
      body: clearLogsSchema,
      errors: [400, 415],
    }),
    admin('get /stats', "The workspace's numbers over a range of days", 'workspace', {
      query: statsQuerySchema,
      errors: [400],
    }),
    adminOnly('get /settings', 'The settings in force: business profile, instruction, widget, meetings', 'workspace'),
    adminOnly(
      'put /settings',
      'Save settings sections (admin role; null: back to the file or environment)',
      'workspace',
      {
        body: settingsUpdateSchema,
        errors: [400, 403, 415, 503],
      },
    ),
    // Google Calendar.
    adminOnly('get /authorize', "Connect Google Calendar (302 to Google's consent page)", 'calendar', {
      ok: { '302': { description: 'To Google' } },
      errors: [503],
    }),
    open('get /oauth2callback', "Google's redirect back (the single-use state is the proof)", 'calendar', {
      query: z.object({ code: z.string(), state: z.string() }),
      ok: { '302': { description: 'To /admin' } },
      errors: [400],
    }),
    adminOnly('post /admin/calendar/disconnect', 'Disconnect Google Calendar', 'calendar'),
    // Webhooks and mail deliveries.
    adminOnly('get /webhooks/endpoints', 'Webhook endpoints: WEBHOOK_URL and those added here', 'webhooks'),
    adminOnly(
      'post /webhooks/endpoints',
      'Add an endpoint (a standard one gets a secret, in this answer only)',
      'webhooks',
      {
        body: addEndpointSchema,
        ok: created('Added'),
        errors: [400, 409, 415],
      },
    ),
    adminOnly('delete /webhooks/endpoints/{id}', 'Remove an endpoint', 'webhooks', { errors: [404, 409] }),
    adminOnly('get /webhooks/deliveries', 'Deliveries (webhooks and mails), newest first', 'webhooks', {
      query: deliveryListSchema,
      errors: [400],
    }),
    adminOnly('get /webhooks/deliveries/{id}', 'One delivery, with the event it carries', 'webhooks', {
      errors: [404],
    }),
    adminOnly('post /webhooks/deliveries/{id}/replay', 'Send a delivery again (the same webhook-id)', 'webhooks', {
      ok: accepted('Queued again'),
      errors: [404, 409, 503],
    }),
    // Staff accounts (see docs/api-notes.md: staff accounts).
    adminOnly('get /accounts', 'Staff accounts, oldest first (never their password hashes)', 'accounts'),
    adminOnly('post /accounts', 'Add a staff account with a role and a first password', 'accounts', {
      body: createAccountSchema,
      ok: created('Added'),
      errors: [400, 409, 415],
    }),
    adminOnly('get /accounts/{id}', 'One staff account', 'accounts', { errors: [404] }),
    adminOnly('patch /accounts/{id}', 'Change name, role, disabled, or set a new password', 'accounts', {
      body: updateAccountSchema,
      errors: [400, 404, 409, 415],
    }),
    adminOnly('delete /accounts/{id}', 'Delete a staff account (409 for the last active admin)', 'accounts', {
      errors: [404, 409],
    }),
    admin(
      'get /accounts/me',
      'Who is signed in: `{actor: {by, role}, account}` (account null for the key)',
      'accounts',
    ),
    admin('post /accounts/me/password', 'Change your own password (ends your other sessions)', 'accounts', {
      body: changePasswordSchema,
      errors: [400, 403, 415],
    }),
  ];
  for (const spec of specs) register(registry, spec);
  registerLeadEvents(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Lead-capturing chatbot server',
      version,
      description:
        'The HTTP API of the chat widget, the lead workspace and operations. Every JSON answer uses one envelope.',
    },
    servers: [{ url: config.publicUrl }],
  });
}
