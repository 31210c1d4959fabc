/** Schema validation at the edge: zod issues become the contract's `data.errors` list. */
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, validationError } from '../infra/app-error.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : 'body',
    message: issue.message,
  }));
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
