/**
 * The workspace's lists driven in Chromium: the inbox (every conversation, one without a lead, the
 * transcript beside the list; stacked on a phone), the lead list sorted by a column header, its page
 * numbers and size, the status tabs with their counts, a bulk status change, a bulk delete after its
 * confirmation step, the "Updated recently" order, and exports of a filtered list and of a selection,
 * downloaded and read back. Screenshots at 1280x800 and 390x844 go to test-output/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_KEY, getJson, postJson, type ListedLead } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';
import { launchChromium, saveWorkbook, SCREENSHOT_DIR as OUT, DESKTOP, PHONE } from '../helpers/chromium.js';

const auth = { 'x-api-key': ADMIN_KEY };
const ANON = 'lists-anon-visitor-01';
const KNOWN = 'lists-known-visitor-02';

describe('workspace lists in Chromium', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Europe/Berlin' } });
  const leadIds = new Map<string, string>();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const rowNames = async (p: Page = page) =>
    (await p.locator('#leads-table tbody tr td[data-label="Name"]').allTextContents()).map((s) => s.trim());
  const statusOf = async (name: string) =>
    (await getJson<{ lead: ListedLead }>(`${h.url}/leads/${leadIds.get(name)}`, auth)).body.data.lead.status;
  const noSideScroll = async (p: Page) =>
    Number(await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // 28 leads: more than one page of 25. Named so that name order differs from creation order.
    const seed = [
      { name: 'Zara Quinn', company: 'Quinn Bakery', status: 'new', notes: 'bakery' },
      { name: 'Adam Price', company: 'Price Builders', status: 'contacted' },
      { name: 'Maya Lind', company: 'Lind Bakery', status: 'new', notes: 'bakery' },
      { name: 'Olu Ade', company: 'Ade Imports', status: 'qualified' },
    ];
    for (let n = 1; n <= 24; n++)
      seed.push({ name: `Filler ${String(n).padStart(2, '0')}`, company: 'Filler Co', status: 'lost' });
    for (const body of seed) {
      const r = await postJson<{ lead: ListedLead }>(`${h.url}/leads`, body, auth);
      assert.equal(r.status, 201);
      leadIds.set(body.name, r.body.data.lead.id);
    }
    // Two conversations: one whose visitor never gave details, one that became a lead.
    for (const [clientId, content] of [
      [KNOWN, 'Hi, my name is Lena Berg, my email is lena@berg.example. Do you deliver cakes to offices?'],
      [ANON, 'Hello! Could someone call me back about catering for 40 people?'],
    ] as const) {
      assert.equal((await postJson(`${h.url}/gemini/train`, { client_id: clientId, content })).status, 200);
    }
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: DESKTOP });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await page.goto(`${h.url}/admin`);
    await page.fill('#api_key', ADMIN_KEY);
    await Promise.all([page.waitForURL(`${h.url}/admin`), page.click('button[type=submit]')]);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the inbox lists every conversation, one without a lead too, with the transcript beside it', async () => {
    await Promise.all([page.waitForURL(/\/admin\/conversations$/), page.click('nav >> text=Inbox')]);
    const items = page.locator('.conversation');
    assert.equal(await items.count(), 2);
    assert.equal(await items.nth(0).getAttribute('data-client-id'), ANON, 'newest activity first');
    assert.match(await items.nth(0).innerText(), /Unknown visitor[\s\S]*catering for 40 people/);
    assert.match(await items.nth(0).locator('.conversation-lead').innerText(), /No lead/);
    assert.match(await items.nth(1).innerText(), /Lena Berg/);
    // The newest is shown beside the list at first; the other opens by its link.
    assert.match(await page.locator('.inbox-transcript .msg-visitor').first().innerText(), /catering/);
    await Promise.all([page.waitForURL(new RegExp(`c=${KNOWN}`)), items.nth(1).locator('.conversation-open').click()]);
    assert.equal(await page.locator('.inbox-transcript h2').innerText(), 'Lena Berg');
    assert.match(await page.locator('.inbox-transcript .msg-visitor').first().innerText(), /deliver cakes/);
    assert.ok((await page.locator('.inbox-transcript .msg-assistant').count()) >= 1);
    const box = (sel: string) => page.locator(sel).boundingBox();
    const [list, transcript] = [await box('.inbox-list'), await box('.inbox-transcript')];
    assert.ok(list && transcript && transcript.x > list.x + list.width - 1, 'side by side on a desktop');
    await page.screenshot({ path: path.join(OUT, 'inbox-desktop.png'), fullPage: true });

    await page.fill('#inbox-q', 'catering');
    await Promise.all([page.waitForURL(/q=catering/), page.click('form.filters button[type=submit]')]);
    assert.equal(await page.locator('.conversation').count(), 1);
    assert.equal(await page.locator('.conversation').first().getAttribute('data-client-id'), ANON);

    await Promise.all([
      page.waitForURL(/\/admin\/leads\//),
      page.goto(`${h.url}/admin/conversations?c=${KNOWN}`).then(() => page.click('.transcript-head >> text=Open lead')),
    ]);
    assert.match(await page.locator('h1').first().innerText(), /Lena Berg/);

    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${h.url}/admin/conversations`);
    assert.ok((await noSideScroll(phone)) <= 0, 'no sideways scrolling on a phone');
    const [pl, pt] = [
      await phone.locator('.inbox-list').boundingBox(),
      await phone.locator('.inbox-transcript').boundingBox(),
    ];
    assert.ok(pl && pt && pt.y >= pl.y + pl.height - 1, 'stacked on a phone');
    await phone.screenshot({ path: path.join(OUT, 'inbox-phone.png'), fullPage: true });
    await phone.close();
  });

  it('sorts by a column header (aria-sort), pages by number and size, and tabs count per status', async () => {
    await page.goto(`${h.url}/admin`);
    assert.equal((await rowNames()).length, 25, 'the first page of 25');
    assert.equal(await page.locator('.status-tab[data-status="lost"] .count').innerText(), '24');
    assert.equal(await page.locator('.status-tab.active .count').innerText(), '29', 'All: 28 and the chat lead');

    await Promise.all([page.waitForURL(/sort=name&order=asc/), page.click('#leads-table th >> text=Name')]);
    assert.equal(await page.locator('#leads-table th[aria-sort]').getAttribute('aria-sort'), 'ascending');
    assert.deepEqual((await rowNames()).slice(0, 3), ['Adam Price', 'Filler 01', 'Filler 02']);
    await Promise.all([page.waitForURL(/sort=name&order=desc/), page.click('#leads-table th >> text=Name')]);
    assert.equal(await page.locator('#leads-table th[aria-sort]').getAttribute('aria-sort'), 'descending');
    assert.deepEqual((await rowNames()).slice(0, 3), ['Zara Quinn', 'Olu Ade', 'Maya Lind']);
    await page.screenshot({ path: path.join(OUT, 'leads-sorted-desktop.png'), fullPage: true });

    await Promise.all([page.waitForURL(/offset=25/), page.click('.pager a[href*="offset=25"]:has-text("2")')]);
    assert.equal((await rowNames()).length, 4, 'page 2 holds the last 4');
    assert.equal(
      (await page.locator('.pager [aria-current=page]').textContent())?.replace(/\s+/g, ' ').trim(),
      'Page 2',
    );
    await page.selectOption('#size', '50');
    await Promise.all([page.waitForURL(/size=50/), page.click('form.filters button[type=submit]')]);
    assert.equal((await rowNames()).length, 29);
    assert.equal(await page.locator('.pager a').count(), 0, 'one page: no page links');
  });

  it('changes the status of a selection, and deletes a selection after a confirmation step', async () => {
    await page.goto(`${h.url}/admin?q=bakery`);
    assert.deepEqual(new Set(await rowNames()), new Set(['Zara Quinn', 'Maya Lind']));
    await page.check('#select-all');
    assert.equal(await page.locator('#selected-count').innerText(), '2 leads selected');
    await page.selectOption('#bulk-status', 'qualified');
    await Promise.all([page.waitForURL(/notice=bulkstatus/), page.click('button[value=status]')]);
    assert.match(await page.locator('.notice').innerText(), /Status changed/);
    assert.match(page.url(), /q=bakery/, 'back to the same list');
    assert.equal(await statusOf('Zara Quinn'), 'qualified');
    assert.equal(await statusOf('Maya Lind'), 'qualified');
    assert.equal(
      await page.locator('.status-tab[data-status="qualified"] .count').innerText(),
      '2',
      'tabs count for q',
    );
    await page.screenshot({ path: path.join(OUT, 'leads-bulk-desktop.png'), fullPage: true });

    await page.goto(`${h.url}/admin?q=filler%2001`);
    await page.check(`input.row-select[value="${leadIds.get('Filler 01')}"]`);
    await Promise.all([page.waitForURL(/\/admin\/leads\/bulk$/), page.click('button[value=delete]')]);
    assert.match(await page.locator('h1').innerText(), /Delete 1 lead\?/);
    assert.match(await page.locator('.bulk-delete-list').innerText(), /Filler 01/);
    await page.screenshot({ path: path.join(OUT, 'leads-bulk-delete-desktop.png') });
    await page.click('button:has-text("Delete permanently")'); // refused by the browser: not confirmed
    assert.equal((await getJson(`${h.url}/leads/${leadIds.get('Filler 01')}`, auth)).status, 200);
    await page.check('input[name=confirm]');
    await Promise.all([page.waitForURL(/notice=bulkdeleted/), page.click('button:has-text("Delete permanently")')]);
    assert.equal((await getJson(`${h.url}/leads/${leadIds.get('Filler 01')}`, auth)).status, 404);
    assert.deepEqual(await rowNames(), [], 'back on the filtered list, now empty');
  });

  it('"Updated recently" brings a lead changed since to the top', async () => {
    const adam = leadIds.get('Adam Price');
    const r = await fetch(`${h.url}/leads/${adam}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ notes: 'called back' }),
    });
    assert.equal(r.status, 200);
    await page.goto(`${h.url}/admin`);
    assert.notEqual((await rowNames())[0], 'Adam Price', 'newest first: the oldest lead is far down');
    await page.selectOption('#sortby', 'updated_at.desc');
    await Promise.all([page.waitForURL(/sort=updated_at&order=desc/), page.click('form.filters button[type=submit]')]);
    assert.equal((await rowNames())[0], 'Adam Price');
    const sorted = await page.locator('#leads-table th[aria-sort]').textContent();
    assert.equal(sorted?.trim().split(/\s/)[0], 'Updated');
  });

  it('exports follow the filter (CSV and Excel), and a selection exports alone', async () => {
    await page.goto(`${h.url}/admin?q=bakery`);
    await Promise.all([page.waitForURL(/status=qualified/), page.click('.status-tab[data-status="qualified"]')]);
    assert.match((await page.locator('#export-csv').getAttribute('href')) ?? '', /status=qualified&q=bakery/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(csv.suggestedFilename(), /^leads_export_qualified_\d{4}-\d{2}-\d{2}\.csv$/);
    const csvFile = path.join(OUT, 'downloaded-leads.csv');
    await csv.saveAs(csvFile);
    const rows = parse<Record<string, string>>((await readFile(csvFile)).subarray(3), { columns: true });
    assert.deepEqual(new Set(rows.map((row) => row.Name)), new Set(['Zara Quinn', 'Maya Lind']));
    assert.ok(rows.every((row) => row.Status === 'qualified'));

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    const book = await saveWorkbook(xlsx, 'downloaded-leads.xlsx');
    const sheet = book.getWorksheet('Leads');
    assert.equal(sheet?.rowCount, 3, 'a header and the two filtered leads');

    await page.check(`input.row-select[value="${leadIds.get('Maya Lind')}"]`);
    const [selected] = await Promise.all([page.waitForEvent('download'), page.click('button[value=export_csv]')]);
    const selectedFile = path.join(OUT, 'downloaded-selection.csv');
    await selected.saveAs(selectedFile);
    const picked = parse<Record<string, string>>((await readFile(selectedFile)).subarray(3), { columns: true });
    assert.deepEqual(
      picked.map((row) => row.Name),
      ['Maya Lind'],
    );
  });

  it('reads well on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${h.url}/admin?sort=name&order=asc`);
    assert.ok((await noSideScroll(phone)) <= 0, 'no sideways scrolling on a phone');
    assert.equal(await phone.locator('#leads-table thead').isVisible(), false, 'rows become cards');
    await phone.screenshot({ path: path.join(OUT, 'leads-phone.png'), fullPage: true });
    await phone.close();
    await page.goto(`${h.url}/admin`);
    await page.screenshot({ path: path.join(OUT, 'leads-desktop.png'), fullPage: true });
  });
});
