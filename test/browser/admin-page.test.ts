import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_KEY, getJson, postJson, type ListedLead } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';
import { launchChromium, saveWorkbook, SCREENSHOT_DIR as OUT } from '../helpers/chromium.js';

const auth = { 'x-api-key': ADMIN_KEY };
const CHAT_CLIENT = 'browser-visitor-0001';

describe('admin page in Chromium', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Asia/Karachi' } });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let chatLeadId: string;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    const seed = [
      {
        name: 'Ayesha Khan',
        email: 'ayesha@khantextiles.example',
        phone: '+923001234567',
        company: 'Khan Textiles',
        status: 'qualified',
        fields: { Budget: '5k' },
      },
      {
        name: 'Bilal Ahmed',
        email: 'bilal@example.com',
        company: 'Ahmed Logistics',
        status: 'contacted',
        follow_up_at: '2020-01-01',
      },
      {
        name: 'Carla Diaz',
        phone: '+34612345678',
        company: 'Diaz Studio',
        status: 'lost',
        notes: 'Went with a competitor',
      },
      { name: 'Daniel Okafor', email: 'daniel@okafor.example', company: 'Okafor & Sons', status: 'follow_up' },
    ];
    for (const body of seed) assert.equal((await postJson(`${h.url}/leads`, body, auth)).status, 201);
    // A visitor's chat turn, so that a lead has a transcript.
    const t = await postJson<{ lead: ListedLead }>(`${h.url}/gemini/train`, {
      client_id: CHAT_CLIENT,
      content: 'Hi, my name is Emma Stone, my email is emma@stonebakery.example. Do you build websites?',
    });
    assert.equal(t.status, 200);
    chatLeadId = t.body.data.lead.id;
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
  });

  const rowNames = async () =>
    (await page.locator('#leads-table tbody tr td[data-label="Name"]').allTextContents()).map((s) => s.trim());

  it('signs in (after a wrong key), searches and filters', async () => {
    await page.goto(`${h.url}/admin`);
    await page.fill('#api_key', 'definitely-not-the-key');
    await page.click('button[type=submit]');
    assert.match(await page.locator('.alert').innerText(), /not right/);
    await page.screenshot({ path: path.join(OUT, 'admin-login-desktop.png') });

    await page.fill('#api_key', ADMIN_KEY);
    await Promise.all([page.waitForURL(`${h.url}/admin`), page.click('button[type=submit]')]);
    assert.deepEqual(
      await rowNames(),
      ['Emma Stone', 'Daniel Okafor', 'Carla Diaz', 'Bilal Ahmed', 'Ayesha Khan'],
      'newest first',
    );
    await page.screenshot({ path: path.join(OUT, 'admin-leads-desktop.png'), fullPage: true });

    await page.fill('#q', 'textiles');
    await Promise.all([page.waitForURL(/q=textiles/), page.click('form.filters button[type=submit]')]);
    assert.deepEqual(await rowNames(), ['Ayesha Khan']);

    await page.goto(`${h.url}/admin`);
    await Promise.all([page.waitForURL(/status=lost/), page.click('.status-tab[data-status="lost"]')]);
    assert.deepEqual(await rowNames(), ['Carla Diaz']);
  });

  it('opens a lead with its transcript and changes its status', async () => {
    await page.goto(`${h.url}/admin`);
    await Promise.all([page.waitForURL(`${h.url}/admin/leads/${chatLeadId}`), page.click('text=Emma Stone')]);
    assert.equal((await page.locator('#lead-name').innerText()).trim(), 'Emma Stone');
    const transcript = page.locator(`.transcript[data-client-id="${CHAT_CLIENT}"]`);
    assert.match(await transcript.locator('.msg-visitor').first().innerText(), /Do you build websites\?/);
    assert.ok((await transcript.locator('.msg-assistant').count()) >= 1, 'the assistant reply too');
    await page.screenshot({ path: path.join(OUT, 'admin-lead-desktop.png'), fullPage: true });

    await page.selectOption('#f-status', 'meeting_scheduled');
    await page.fill('#f-follow', '2030-05-06');
    await page.fill('#f-notes', 'Call back about the website');
    await Promise.all([page.waitForURL(/notice=updated/), page.click('#update-form button[type=submit]')]);
    assert.match(await page.locator('.notice').innerText(), /Lead updated/);
    const lead = (
      await getJson<{ lead: ListedLead & { follow_up_at: string; notes: string } }>(
        `${h.url}/leads/${chatLeadId}`,
        auth,
      )
    ).body.data.lead;
    assert.equal(lead.status, 'meeting_scheduled');
    assert.equal(lead.follow_up_at, '2030-05-06');
    assert.equal(lead.notes, 'Call back about the website');
  });

  it('shows follow-ups, generates a report and downloads it', async () => {
    await page.click('nav >> text=Follow-ups');
    const followups = (await page.locator('#followups-table td[data-label="Name"]').allTextContents()).map((s) =>
      s.trim(),
    );
    assert.deepEqual(new Set(followups), new Set(['Bilal Ahmed', 'Daniel Okafor']));

    await page.click('nav >> text=Reports');
    await Promise.all([page.waitForURL(/notice=report/), page.click('#generate-form button[type=submit]')]);
    assert.match(await page.locator('.notice').first().innerText(), /with 5 leads/);
    await page.screenshot({ path: path.join(OUT, 'admin-reports-desktop.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#reports-table a', { hasText: 'Download' }).first().click(),
    ]);
    assert.match(download.suggestedFilename(), /^leads_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = await saveWorkbook(download, 'downloaded-report.xlsx');
    const sheet = wb.getWorksheet('Leads');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 6, 'a header and the 5 leads of today');
    const names = new Set<string>();
    for (let i = 2; i <= sheet.rowCount; i++) names.add(sheet.getRow(i).getCell(4).text);
    assert.ok(names.has('Emma Stone') && names.has('Ayesha Khan'));
  });

  it('reads well on a phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${h.url}/admin`);
    // The table collapses into cards: no horizontal scrolling of the page.
    const overflow = Number(
      await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
    assert.equal(await phone.locator('#leads-table thead').isVisible(), false);
    await phone.screenshot({ path: path.join(OUT, 'admin-leads-phone.png'), fullPage: true });
    await phone.goto(`${h.url}/admin/leads/${chatLeadId}`);
    const overflowDetail = Number(
      await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    assert.ok(overflowDetail <= 0, `detail page wider than the phone by ${overflowDetail}px`);
    await phone.screenshot({ path: path.join(OUT, 'admin-lead-phone.png'), fullPage: true });
    await phone.close();
  });

  it('deletes a lead after confirmation, then logs out', async () => {
    const carla = (await getJson<{ leads: ListedLead[] }>(`${h.url}/leads?q=carla`, auth)).body.data.leads[0];
    assert.ok(carla);
    await page.goto(`${h.url}/admin/leads/${carla.id}`);
    await Promise.all([page.waitForURL(/\/delete$/), page.click('text=Delete lead…')]);
    await page.screenshot({ path: path.join(OUT, 'admin-delete-desktop.png') });
    // The browser will not submit without the confirmation box ticked (required), and nothing is deleted.
    await page.click('button:has-text("Delete permanently")');
    assert.match(page.url(), /\/delete$/);
    assert.equal((await getJson(`${h.url}/leads/${carla.id}`, auth)).status, 200);
    await page.check('input[name=confirm]');
    await Promise.all([page.waitForURL(/notice=deleted/), page.click('button:has-text("Delete permanently")')]);
    assert.match(await page.locator('.notice').innerText(), /Lead deleted/);
    assert.ok(!(await rowNames()).includes('Carla Diaz'));
    assert.equal((await getJson(`${h.url}/leads/${carla.id}`, auth)).status, 404);

    await Promise.all([page.waitForURL(/notice=loggedout/), page.click('button:has-text("Log out")')]);
    assert.ok(await page.locator('#api_key').isVisible());
    await page.goto(`${h.url}/admin/reports`);
    assert.equal(page.url(), `${h.url}/admin`, 'sent back to the login form');
    assert.ok(await page.locator('#api_key').isVisible());
  });
});
