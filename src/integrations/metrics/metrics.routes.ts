/** GET /metrics: the Prometheus text format (admin router, or the public one when METRICS_PUBLIC=true). */
import { Router } from 'express';
import type { AppMetrics } from './app-metrics.js';

export function metricsRoutes(metrics: AppMetrics): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(text);
  });
  return router;
}
