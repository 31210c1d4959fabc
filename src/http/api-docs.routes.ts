/**
 * GET /openapi.json (the document of openapi.document.ts, built once per app) and GET /docs (Swagger UI,
 * served from the swagger-ui-dist package and our initializer file; no CDN, so the page works offline and
 * under the CSP's script-src 'self').
 */
import { Router } from 'express';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const DOCS_DIR = fileURLToPath(new URL('../../public/docs', import.meta.url));
const SWAGGER_UI_DIR = path.dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json')));
const PACKAGE_FILE = fileURLToPath(new URL('../../package.json', import.meta.url));
const SWAGGER_FILES = new Set(['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']);

/** The document is built on first request, with this release's version (package.json). */
export function apiDocsRoutes(document: (version: string) => object): Router {
  const router = Router();
  let json: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    json ??= JSON.stringify(document((JSON.parse(readFileSync(PACKAGE_FILE, 'utf8')) as { version: string }).version));
    res.type('application/json').send(json);
  });
  router.get('/docs', (_req, res) => {
    res.sendFile(path.join(DOCS_DIR, 'index.html'));
  });
  router.get('/docs/assets/:file', (req, res, next) => {
    const { file } = req.params;
    const dir = SWAGGER_FILES.has(file) ? SWAGGER_UI_DIR : file === 'docs.js' ? DOCS_DIR : undefined;
    if (!dir) {
      next();
      return;
    }
    res.sendFile(path.join(dir, file), { maxAge: '1h' });
  });
  return router;
}
