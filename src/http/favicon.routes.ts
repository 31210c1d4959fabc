/**
 * GET /favicon.ico: the small SVG icon (public/favicon.svg) browsers ask for by themselves; the pages link it
 * too. Served as SVG under the name browsers request: every current browser reads the content type.
 */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';

const FAVICON_FILE = fileURLToPath(new URL('../../public/favicon.svg', import.meta.url));

export function faviconRoutes(): Router {
  const router = Router();
  router.get('/favicon.ico', (_req, res) => {
    res.type('image/svg+xml').sendFile(FAVICON_FILE, { maxAge: '1d' });
  });
  return router;
}
