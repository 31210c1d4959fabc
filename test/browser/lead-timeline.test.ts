/**
 * The lead page's timeline in Chromium: two notes kept, a field edited (recorded with its old value), a
 * custom field added and removed, "use this value" on a value a linked conversation could not apply, and a
 * lead created by hand (with its validation errors shown inline first). Screenshots at desktop and phone
 * widths go to test-output/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN_KEY } from '../helpers/harness.js';
import { SCREENSHOT_DIR as OUT } from '../helpers/chromium.js';
import { useServer } from '../helpers/fixture.js';
import {
  adminLeadOf,
  eventsOf,
  leadOfConversation,
  saveInfos,
  useChromium,
  type TimelineLead,
} from '../helpers/lead-timeline.js';

describe('lead timeline page in Chromium', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Asia/Karachi' } });
  const chrome = useChromium();
  let page: Page;
  let leadId = '';
  const events = (id: string) => eventsOf(h.url, id);
  const leadNow = (id: string): Promise<TimelineLead> => adminLeadOf(h.url, id);

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // A visitor's form, then a second conversation with the same email and another name (not applied).
    await saveInfos(
      h.url,
      { client_id: 'page-timeline-1', name: 'Sana Mirza', email: 'sana@mirza.example', fields: { Budget: '3k' } },
      {
        client_id: 'page-timeline-2',
        email: 'sana@mirza.example',
        name: 'Sana M. Qureshi',
        notes: 'Please call after 5pm',
      },
    );
    leadId = (await leadOfConversation(h.url, 'page-timeline-1')).id;
    page = await chrome.context.newPage();
    await page.goto(`${h.url}/admin`);
    await page.fill('#api_key', ADMIN_KEY);
    await Promise.all([page.waitForURL(`${h.url}/admin`), page.click('button[type=submit]')]);
  });

  const titles = async () => (await page.locator('.timeline .tl-title').allInnerTexts()).map((s) => s.trim());

  it('adds two notes, and both stay on the timeline with who and when', async () => {
    await page.goto(`${h.url}/admin/leads/${leadId}`);
    await page.click('#note-form button[type=submit]'); // empty: the browser's own check stops it
    assert.equal(page.url(), `${h.url}/admin/leads/${leadId}`);
    for (const note of ['Called, left a voicemail', 'She called back: wants a quote by Friday']) {
      await page.fill('#f-note', note);
      await Promise.all([page.waitForURL(/notice=noted/), page.click('#note-form button[type=submit]')]);
    }
    const notes = page.locator('.timeline li[data-type="note"]');
    assert.equal(await notes.count(), 2);
    assert.match(await notes.nth(0).innerText(), /wants a quote by Friday/, 'newest first');
    assert.match(await notes.nth(1).innerText(), /left a voicemail/);
    assert.match(await notes.nth(0).locator('.tl-by').innerText(), /api key/);
    assert.match(await notes.nth(0).locator('time').innerText(), /\d{4}, \d{2}:\d{2}/);
    const recorded = (await events(leadId)).filter((e) => e.type === 'note');
    assert.deepEqual(
      recorded.map((e) => e.data.text),
      ['Called, left a voicemail', 'She called back: wants a quote by Friday'],
    );
    const visitorLines = await page.locator('.timeline li[data-type="visitor_message"]').innerText();
    assert.match(visitorLines, /Please call after 5pm/);
  });

  it('edits fields: company, a custom field changed and one added, a bad email shown inline', async () => {
    await page.goto(`${h.url}/admin/leads/${leadId}`);
    await page.fill('#f-email', 'not-an-email');
    await page.click('#update-form button[type=submit]');
    await page.waitForSelector('#e-email');
    assert.match(await page.locator('#e-email').innerText(), /valid email/);
    assert.equal(await page.locator('#f-email').getAttribute('aria-invalid'), 'true');
    assert.equal((await leadNow(leadId)).email, 'sana@mirza.example', 'nothing changed');

    await page.fill('#f-email', 'sana@mirza.example');
    await page.fill('#f-company', 'Mirza Crafts');
    await page.fill('.field-row[data-field="Budget"] input[name^="f_value_"]', '4k');
    await page.fill('#f-new-label', 'Timeline');
    await page.fill('#f-new-value', 'Q3');
    await Promise.all([page.waitForURL(/notice=updated/), page.click('#update-form button[type=submit]')]);
    const lead = await leadNow(leadId);
    assert.equal(lead.company, 'Mirza Crafts');
    assert.deepEqual(lead.fields, { Budget: '4k', Timeline: 'Q3' });
    const changed = page.locator('.timeline li[data-type="field_changed"]');
    assert.match(
      await changed.allInnerTexts().then((t) => t.join('\n')),
      /Budget changed\s+by api key[\s\S]*From 3k to 4k/,
    );
    await page.screenshot({ path: path.join(OUT, 'lead-timeline-desktop.png'), fullPage: true });

    await page.check('.field-row[data-field="Timeline"] input[type=checkbox]');
    await Promise.all([page.waitForURL(/notice=updated/), page.click('#update-form button[type=submit]')]);
    assert.deepEqual((await leadNow(leadId)).fields, { Budget: '4k' });
    const removed = (await events(leadId)).find(
      (e) => e.type === 'field_changed' && e.data.field === 'Timeline' && e.data.to === null,
    );
    assert.equal(removed?.data.from, 'Q3');
  });

  it('"use this value" applies a value a linked conversation gave, and records who', async () => {
    await page.goto(`${h.url}/admin/leads/${leadId}`);
    const offer = page.locator('.timeline li[data-type="value_not_applied"]');
    assert.match(await offer.innerText(), /Sana M\. Qureshi/);
    await Promise.all([
      page.waitForURL(/notice=accepted/),
      offer.locator('button', { hasText: 'Use this value' }).click(),
    ]);
    assert.equal((await page.locator('#lead-name').innerText()).trim(), 'Sana M. Qureshi');
    assert.match(await page.locator('.timeline li[data-type="value_not_applied"]').innerText(), /Applied/);
    assert.equal(await page.locator('.timeline li[data-type="value_not_applied"] button').count(), 0);
    const change = (await events(leadId)).at(-1);
    assert.deepEqual(
      [change?.type, change?.by, change?.data.field, change?.data.from, change?.data.to, change?.data.accepted_from],
      ['field_changed', 'api key', 'name', 'Sana Mirza', 'Sana M. Qureshi', 'page-timeline-2'],
    );
    assert.deepEqual((await titles()).slice(0, 1), ['Name changed'], 'the newest event is at the top');
  });

  it('creates a lead by hand: errors inline first, then the new lead with "created by api key"', async () => {
    await page.goto(`${h.url}/admin`);
    await Promise.all([page.waitForURL(`${h.url}/admin/leads/new`), page.click('text=New lead')]);
    await page.fill('#n-company', 'Only A Company');
    await page.click('#new-lead-form button[type=submit]');
    await page.waitForSelector('.alert');
    assert.match(await page.locator('.alert').innerText(), /at least one of name, email, phone/);
    assert.equal(await page.inputValue('#n-company'), 'Only A Company', 'what was typed stays');

    await page.fill('#n-name', 'Omar Farooq');
    await page.fill('#n-email', 'sana@mirza.example'); // already on the other lead
    await page.click('#new-lead-form button[type=submit]');
    await page.waitForSelector('#ne-email');
    assert.match(await page.locator('#ne-email').innerText(), /already on another lead/);

    await page.fill('#n-email', 'Omar@Farooq.example');
    await page.fill('#n-label', 'Budget');
    await page.fill('#n-value', '10k');
    await Promise.all([
      page.waitForURL(/\/admin\/leads\/[a-f0-9]{32}\?notice=created/),
      page.click('#new-lead-form button[type=submit]'),
    ]);
    assert.equal((await page.locator('#lead-name').innerText()).trim(), 'Omar Farooq');
    const created = page.locator('.timeline li[data-type="created"]');
    assert.match(await created.innerText(), /by api key/);
    const id = /leads\/([a-f0-9]{32})/.exec(page.url())?.[1] ?? '';
    const lead = await leadNow(id);
    assert.deepEqual([lead.email, lead.fields], ['omar@farooq.example', { Budget: '10k' }]);
    await page.screenshot({ path: path.join(OUT, 'lead-new-result-desktop.png'), fullPage: true });
  });

  it('reads on a phone', async () => {
    const phone = await chrome.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${h.url}/admin/leads/${leadId}`);
    const overflow = await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.equal(overflow, 0, 'no sideways scrolling');
    await phone.screenshot({ path: path.join(OUT, 'lead-timeline-phone.png'), fullPage: true });
    await phone.goto(`${h.url}/admin/leads/new`);
    await phone.screenshot({ path: path.join(OUT, 'lead-new-phone.png'), fullPage: true });
    await phone.close();
  });
});
