/**
 * Counts and times every HTTP answer by method, route pattern and status. The label is the pattern the
 * request matched ("/leads/:id"), never the path itself (which holds ids and tokens); a request no route
 * matched (a 401 or 429 before its route, a 404) is labelled by the prefix its router is mounted at, or
 * "unmatched".
 */
import type { Request, RequestHandler } from 'express';
import type { AppMetrics } from './app-metrics.js';

/**
 * The pattern the request matched: its route's path after the prefix it was mounted at. An error passed on
 * by the handler has already restored `req.baseUrl`, so the prefix is what the path holds before the
 * route's own segments (our mount paths are literal).
 */
function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (!route || typeof route.path !== 'string') return req.baseUrl || 'unmatched';
  const own = route.path === '/' ? '' : route.path;
  if (own.includes('*')) return `${req.baseUrl}${own}` || '/';
  const segments = own.split('/').length - 1;
  const full = (req.originalUrl.split('?')[0] ?? '').replace(/\/+$/, '');
  const prefix = segments > 0 ? full.split('/').slice(0, -segments).join('/') : full;
  return `${prefix}${own}` || '/';
}

export function httpMetrics(metrics: AppMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeOf(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
    });
    next();
  };
}
