/** Public widget routes (mounted at /): GET /widget.js (the embeddable script) and GET / (a demo page with it on). */
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { Router } from 'express';
import type { BusinessProfile } from '../business/business-profile.js';
import type { Logger } from '../infra/logger.js';
import { loadWidgetBundle } from './widget.bundle.js';

export interface WidgetRouteDeps {
  profile: BusinessProfile;
  logger: Logger;
}

const DEMO_VIEW = fileURLToPath(new URL('../../views/demo.ejs', import.meta.url));

export function widgetRoutes(deps: WidgetRouteDeps): Router {
  const router = Router();
  // Build now, so the first visitor does not wait for esbuild; a failure is logged and retried on request.
  loadWidgetBundle().catch((err: unknown) =>
    deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'widget build failed'),
  );

  router.get('/widget.js', async (req, res) => {
    const bundle = await loadWidgetBundle();
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    // The URL is not versioned: short freshness, then a cheap revalidation by ETag.
    res.setHeader('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', gzip ? `${bundle.etag}-gz"` : `${bundle.etag}"`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? bundle.gzipped : bundle.code);
  });

  router.get('/', async (_req, res) => {
    const html = await ejs.renderFile(DEMO_VIEW, { profile: deps.profile, year: new Date().getFullYear() });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(html);
  });

  return router;
}
