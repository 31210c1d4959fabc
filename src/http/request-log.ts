/**
 * One log line per finished request (method, path without the query, status, duration) at info, 5xx at
 * warn. When info is off (production at LOG_LEVEL=warn) nothing is attached at all: the error handler
 * already logs every 5xx with its cause. Replaces pino-http, whose per-request child logger cost ~3% of a
 * chat turn's CPU for lines we did not need (npm run bench).
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info') || req.url === '/health') {
      next();
      return;
    }
    const started = performance.now();
    res.once('finish', () => {
      const line = {
        req: { method: req.method, url: req.originalUrl.split('?')[0] },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (res.statusCode >= 500) logger.warn(line, 'request failed');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
