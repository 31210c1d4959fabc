/** GET /docs in real Chromium: Swagger UI renders every operation of /openapi.json under the server's CSP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import { useServer } from '../helpers/fixture.js';
import { launchChromium } from '../helpers/chromium.js';

describe('API documentation page in Chromium', () => {
  const { h } = useServer();
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('draws one block per operation, with no script refused by the CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${h.url}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    type Doc = { paths: Record<string, object>; webhooks?: Record<string, object> };
    const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as Doc;
    // Swagger UI draws the outgoing webhook events (the document's `webhooks`) as operations too.
    const operations = [...Object.values(doc.paths), ...Object.values(doc.webhooks ?? {})].reduce(
      (n: number, ops) => n + Object.keys(ops).length,
      0,
    );
    assert.equal(await page.locator('.opblock').count(), operations);
    assert.ok(await page.getByText('/gemini/train', { exact: true }).first().isVisible());
    assert.deepEqual(problems, []);
  });
});
