/** Public widget routes (mounted at /): GET /widget.js (the embeddable script) and GET / (a demo page with it on). */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ejs from 'ejs';
import { Router } from 'express';
import type { Logger } from '../infra/logger.js';
import type { LiveSettings, SettingsSource } from '../settings/settings.service.js';
import { loadWidgetBundle, type WidgetBundle } from './widget.bundle.js';

export interface WidgetRouteDeps {
  /** The business profile and the widget's texts and colours in force (src/settings). */
  settings: SettingsSource;
  logger: Logger;
}

const DEMO_VIEW = fileURLToPath(new URL('../../views/demo.ejs', import.meta.url));

/** The string literal in the bundle that stands for the saved settings (src/widget/widget-options.ts). */
const SETTINGS_SLOT = /(["'`])__LEAD_CHAT_SETTINGS__\1/;

/**
 * The bundle with the saved widget settings written in, made once per settings version. Nothing saved: the
 * bundle as built, whose placeholder leaves the widget's own defaults.
 */
function createServedBundle() {
  let last: { version: number; bundle: WidgetBundle } | undefined;
  return async (live: LiveSettings): Promise<WidgetBundle> => {
    const base = await loadWidgetBundle();
    if (!live.saved.widget) return base;
    if (last?.version === live.version && last.bundle.etag.startsWith(base.etag)) return last.bundle;
    const source = base.code.toString('utf8');
    if (!SETTINGS_SLOT.test(source)) throw new Error('the widget bundle has no settings placeholder');
    const literal = JSON.stringify(JSON.stringify(live.widget));
    const code = Buffer.from(
      source.replace(SETTINGS_SLOT, () => literal),
      'utf8',
    );
    // The version is the same on every instance (one store), so is the ETag.
    const bundle = { code, gzipped: gzipSync(code, { level: 9 }), etag: `${base.etag}-s${live.version}` };
    last = { version: live.version, bundle };
    return bundle;
  };
}

export function widgetRoutes(deps: WidgetRouteDeps): Router {
  const router = Router();
  const servedBundle = createServedBundle();
  // Build now, so the first visitor does not wait for esbuild; a failure is logged and retried on request.
  loadWidgetBundle().catch((err: unknown) =>
    deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'widget build failed'),
  );

  router.get('/widget.js', async (req, res) => {
    const bundle = await servedBundle(await deps.settings.current());
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    // The URL is not versioned: short freshness, then a cheap revalidation by ETag (a settings save changes it).
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
    const live = await deps.settings.current();
    const html = await ejs.renderFile(DEMO_VIEW, {
      profile: live.profile,
      // Saved widget settings come inside widget.js; the demo's own attributes would hide them.
      widgetAttributes: !live.saved.widget,
      year: new Date().getFullYear(),
    });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(html);
  });

  return router;
}
