/**
 * The one place failures become responses: AppError → its status; a malformed URL or body → 400/413/415
 * (clientErrorOf); else 500.
 */
import { inspect } from 'node:util';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { envelope } from './envelope.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Failures that are the client's, raised before our code runs: the router's URIError for a path that is not
 * valid percent-encoding (`/leads/%ff`), and the body parsers' errors. Undefined for anything else.
 */
export function clientErrorOf(err: unknown): AppError | undefined {
  if (err instanceof URIError) {
    return new AppError('bad_request', 'This is not a valid URL: it has malformed percent-encoding.');
  }
  const type = (err as BodyParserError | undefined)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('bad_request', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported_media_type', 'The request body encoding is not supported.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'parameters.too.many':
      return new AppError('bad_request', 'The request body could not be read.');
    default:
      return undefined;
  }
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const appError = isAppError(err) ? err : clientErrorOf(err);
    if (res.headersSent) {
      // A streamed response already started: all we can do is end it.
      logger.warn({ err: appError?.message ?? String(err), path: req.path }, 'error after response started');
      res.end();
      return;
    }
    if (!appError) {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      res.status(500).json(envelope('error', null, 'Internal server error.'));
      return;
    }
    if (appError.status >= 500) {
      logger.warn({ code: appError.code, path: req.path, cause: describeCause(appError.cause) }, appError.message);
    }
    for (const [k, v] of Object.entries(appError.headers ?? {})) res.setHeader(k, v);
    if (appError.status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
    const data = appError.errors ? { ...(appError.data ?? {}), errors: appError.errors } : (appError.data ?? null);
    res.status(appError.status).json(envelope('error', data, appError.message));
    void next;
  };
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : inspect(cause, { depth: 2, breakLength: Infinity });
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError('not_found', `No route for ${req.method} ${req.path}`);
};
