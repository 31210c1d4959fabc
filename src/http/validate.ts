/** Schema validation at the edge: zod issues become the contract's `data.errors` list. */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, validationError, type FieldError } from '../infra/app-error.js';

/** Zod's issues as the contract's field errors (`body` when the issue is about the whole input). */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : 'body',
    message: issue.message,
  }));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = fieldErrorsOf(result.error);
  throw validationError(errors, `Invalid input: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
}

/** POST/PATCH bodies must be JSON objects: a non-JSON content type is 415, a non-object body 400. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
  }
  if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) {
    throw new AppError('bad_request', 'The request body must be a JSON object.');
  }
  next();
};

/** `?limit=&offset=` of a list answer: at most 500 a page (50 by default), from 0. */
export const pageQueryFields = {
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(50),
  offset: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(0),
};
