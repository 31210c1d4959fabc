/**
 * GET /openapi.json: a valid OpenAPI 3.1 document (checked by @seriousme/openapi-schema-validator, not by
 * us) covering every JSON route the app has registered, with the request schemas the routes validate with;
 * GET /docs renders it from files this server serves.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { useServer } from '../helpers/fixture.js';
import { walkRoutes } from '../helpers/route-walk.js';

interface Operation {
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, { maxLength?: number }> } }> };
  security?: unknown[];
}
type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Pages for browsers (HTML, forms, assets) are not part of the JSON API. */
const PAGE = /^(GET|POST|ALL) (\/admin(\/|$)(?!calendar)|\/meetings\/|\/docs|\/widget\.js$|\/favicon\.ico$|\/$)/;

describe('GET /openapi.json and GET /docs', () => {
  const { h } = useServer({ env: { MAX_INPUT_LENGTH: '1234' } });
  let doc: OpenApiDoc;

  before(async () => {
    const res = await fetch(`${h.url}/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    doc = (await res.json()) as OpenApiDoc;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  });

  it('describes every JSON route the app serves, and no route it does not', () => {
    const served = walkRoutes(h.app)
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !PAGE.test(r));
    assert.ok(served.length > 25, `the walk found ${served.length} routes`);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    assert.deepEqual(
      served.filter((r) => !documented.includes(r)),
      [],
      'routes served but not documented',
    );
    assert.deepEqual(
      documented.filter((r) => !served.includes(r)),
      [],
      'routes documented but not served',
    );
  });

  it("builds request schemas from the routes' own zod schemas with this config", () => {
    const train = doc.paths['/gemini/train']?.post;
    const content = train?.requestBody?.content['application/json']?.schema.properties?.content;
    assert.equal(content?.maxLength, 1234, 'MAX_INPUT_LENGTH reaches the document');
    assert.equal(train?.security, undefined);
    assert.ok(doc.paths['/leads']?.get?.security?.length, 'admin routes name their credentials');
  });

  it('GET /docs serves a page and the renderer it loads, from this server', async () => {
    const page = await fetch(`${h.url}/docs`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.deepEqual(scripts, ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/docs.js']);
    for (const src of [...scripts, '/docs/assets/swagger-ui.css']) {
      const asset = await fetch(`${h.url}${src}`);
      assert.equal(asset.status, 200, src);
      assert.ok((await asset.arrayBuffer()).byteLength > 100, src);
    }
    assert.equal((await fetch(`${h.url}/docs/assets/package.json`)).status, 404);
  });
});
