/**
 * The meetings view, the dashboard and the page area's error pages in real Chromium: a requested meeting
 * confirmed against the fake Google (real googleapis), moved and cancelled from the page; the dashboard's
 * charts drawn by Chart.js with the right numbers in their tables; a 404 page, the "Connect calendar" page
 * without Google settings, the skip link. Screenshots at desktop and phone widths go to test-output/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { useConnectedCalendar } from '../helpers/calendar-server.js';
import type { FakeGoogle } from '../helpers/fake-google.js';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson, type Harness } from '../helpers/harness.js';
import { launchChromium, SCREENSHOT_DIR as OUT, DESKTOP, PHONE } from '../helpers/chromium.js';

const ZONE = 'Europe/Berlin';
/** Wednesday 6 May 2026, 09:00 in Berlin: the server's clock (the browser keeps its own). */
const NOW = new Date('2026-05-06T07:00:00Z');
const auth = { 'x-api-key': ADMIN_KEY };

interface Lead {
  id: string;
  status: string;
  meeting: { status: string; start: string; meet_link: string | null; event_id: string | null } | null;
}

async function launch(): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(30_000);
  return { browser, context, page: await context.newPage() };
}

async function signIn(page: Page, h: Harness): Promise<void> {
  await page.goto(`${h.url}/admin`);
  await page.fill('#api_key', ADMIN_KEY);
  await Promise.all([page.waitForURL(`${h.url}/admin`), page.click('button[type=submit]')]);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  // Charts follow their box on the next frames (Chart.js watches it with a ResizeObserver).
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );
  assert.ok(overflow <= 0, `${name} is wider than the phone by ${overflow}px`);
  await page.screenshot({ path: path.join(OUT, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(OUT, `${name}-desktop.png`), fullPage: true });
}

const leadOf = async (h: Harness, id: string) =>
  (await getJson<{ lead: Lead }>(`${h.url}/leads/${id}`, auth)).body.data.lead;

describe('workspace pages in Chromium, with the fake Google connected', () => {
  const { h, google: fake } = useConnectedCalendar(
    { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' },
    () => NOW,
    2,
  );
  let google: FakeGoogle;
  let browser: Browser;
  let page: Page;
  let requestedId: string;

  before(async () => {
    google = fake();
    // A meeting recorded as requested (Google failed while it was booked), and a few leads to count.
    google.apiFaults = Array.from({ length: 2 }, () => ({ kind: 'status', status: 500 }));
    const r = await postJson(
      `${h.url}/saba/book-meeting`,
      { start: '2026-05-07T15:00', attendees: ['rania@example.com'], name: 'Rania Haddad' },
      auth,
    );
    google.apiFaults = [];
    assert.equal(r.status, 503);
    const found = (await getJson<{ leads: Lead[] }>(`${h.url}/leads?q=rania`, auth)).body.data.leads[0];
    assert.ok(found);
    requestedId = found.id;
    for (const body of [
      { name: 'Omar Farouk', email: 'omar@example.com', status: 'qualified' },
      { name: 'Lena Vogel', phone: '+4915112345678', status: 'contacted' },
    ]) {
      assert.equal((await postJson(`${h.url}/leads`, body, auth)).status, 201);
    }
    ({ browser, page } = await launch());
    await signIn(page, h);
  });
  after(async () => {
    await browser?.close();
  });

  it('offers a skip link as the first stop of the keyboard, and links every workspace page', async () => {
    await page.goto(`${h.url}/admin/meetings`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      "({ text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute('href') })",
    );
    assert.deepEqual(focused, { text: 'Skip to content', href: '#main' });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'main', 'focus moves to the content');
    const links = page.locator('nav.nav a');
    const nav: Array<string | null> = [];
    for (let i = 0; i < (await links.count()); i++) nav.push(await links.nth(i).getAttribute('href'));
    assert.deepEqual(nav, [
      '/admin',
      '/admin/conversations',
      '/admin/meetings',
      '/admin/dashboard',
      '/admin/followups',
      '/admin/reports',
      '/admin/settings',
      '/admin/accounts',
    ]);
    assert.equal(await page.locator('nav.nav a[aria-current="page"]').innerText(), 'Meetings');
    assert.equal(await page.locator('link[rel=icon]').getAttribute('href'), '/favicon.ico');
  });

  it('confirms a request (books it on Google with a Meet link), reschedules and cancels it', async () => {
    await page.goto(`${h.url}/admin/meetings`);
    const item = page.locator(`#requested-list #meeting-${requestedId}`);
    assert.match(await item.innerText(), /Thursday, 7 May 2026 at 15:00 \(Europe\/Berlin\)/);
    assert.match(await item.innerText(), /Rania Haddad/);
    assert.match(await item.innerText(), /Requested/);
    await shoot(page, 'workspace-meetings-requested');

    // Google refusing: the page says so, and nothing changes.
    google.apiFaults = Array.from({ length: 4 }, () => ({ kind: 'status', status: 500 }));
    await item.locator('button:has-text("Confirm and book")').click();
    await page.waitForSelector('#problem');
    google.apiFaults = [];
    assert.match(await page.locator('#problem').innerText(), /Google Calendar/);
    assert.equal((await leadOf(h, requestedId)).meeting?.status, 'requested');

    await Promise.all([
      page.waitForURL(/notice=confirmed/),
      page.locator(`#meeting-${requestedId} button:has-text("Confirm and book")`).click(),
    ]);
    assert.match(await page.locator('.notice').innerText(), /booked on the calendar/);
    const booked = page.locator(`#upcoming-list #meeting-${requestedId}`);
    assert.match(await booked.innerText(), /Booked/);
    assert.match((await booked.locator('a:has-text("Meet link")').getAttribute('href')) ?? '', /^https:\/\/meet/);
    const lead = await leadOf(h, requestedId);
    assert.equal(lead.meeting?.status, 'scheduled');
    assert.equal(lead.status, 'meeting_scheduled');
    assert.ok(lead.meeting?.event_id && google.events.size === 1, 'one event on the calendar');
    await shoot(page, 'workspace-meetings-booked');

    // Moved (a time outside business hours is refused on the page), then cancelled.
    const row = () => page.locator(`#meeting-${requestedId}`);
    await row().locator('input[name=start]').fill('2026-05-08T20:00');
    await row().locator('button:has-text("Reschedule")').click();
    await page.waitForSelector('#problem');
    assert.match(await page.locator('#problem').innerText(), /outside business hours/);

    await row().locator('input[name=start]').fill('2026-05-08T11:30');
    await Promise.all([page.waitForURL(/notice=rescheduled/), row().locator('button:has-text("Reschedule")').click()]);
    assert.match(await row().innerText(), /Friday, 8 May 2026 at 11:30/);
    const event = [...google.events.values()][0];
    assert.equal(Date.parse(event?.start.dateTime ?? ''), Date.parse('2026-05-08T09:30:00Z'), 'moved on Google');

    await Promise.all([
      page.waitForURL(/notice=cancelled/),
      row().locator('button:has-text("Cancel meeting")').click(),
    ]);
    assert.equal(await row().count(), 0, 'no longer listed');
    assert.equal((await leadOf(h, requestedId)).meeting?.status, 'cancelled');
    assert.equal([...google.events.values()][0]?.status, 'cancelled', 'the event is deleted');
  });

  it('draws the dashboard charts with the numbers of GET /stats beside them', async () => {
    await page.goto(`${h.url}/admin/dashboard?days=7`);
    const stats = (
      await getJson<{ by_status: Record<string, number>; by_source: Record<string, number> }>(
        `${h.url}/stats?from=2026-04-30&to=2026-05-06`,
        auth,
      )
    ).body.data;
    assert.match(await page.locator('#range-text').innerText(), /From 2026-04-30 to 2026-05-06/);
    for (const id of ['chart-leads-by-day', 'chart-by-status', 'chart-by-source', 'chart-meetings']) {
      // Pixels the chart painted (not transparent).
      const inked = Number(
        await page.evaluate(`(() => {
          const canvas = document.getElementById(${JSON.stringify(id)});
          const ctx = canvas && canvas.getContext('2d');
          if (!ctx || canvas.width === 0) return 0;
          const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
          return n;
        })()`),
      );
      assert.ok(inked > 500, `${id} is drawn (${inked} pixels)`);
    }
    // Each row's cells (read as text: the per-day table is folded away in a <details>).
    const rows = async (table: string): Promise<Array<[string, string]>> => {
      const trs = page.locator(`#${table} tbody tr`);
      const out: Array<[string, string]> = [];
      for (let i = 0; i < (await trs.count()); i++) {
        const [label = '', value = ''] = (await trs.nth(i).locator('td, th').allTextContents()).map((c) => c.trim());
        out.push([label, value]);
      }
      return out;
    };
    const statusRows = Object.fromEntries(await rows('table-by-status'));
    assert.equal(statusRows.Qualified, String(stats.by_status.qualified));
    assert.equal(statusRows.Contacted, String(stats.by_status.contacted));
    assert.equal(Object.fromEntries(await rows('table-by-source')).api, String(stats.by_source.api));
    assert.equal(
      await page.locator('#chart-by-status').getAttribute('data-values'),
      Object.values(stats.by_status).join(','),
      'the chart draws the same numbers',
    );
    // The three leads were made "today" by the server's clock.
    const days = await rows('table-leads-by-day');
    assert.equal(days.length, 7);
    assert.deepEqual(days.at(-1), ['2026-05-06', '3']);
    assert.equal(await page.locator('#total-leads').innerText(), '3');
    await shoot(page, 'workspace-dashboard');

    await page.goto(`${h.url}/admin/dashboard?from=2026-05-06&to=2026-05-01`);
    assert.match(await page.locator('#range-error').innerText(), /must not be after/);
  });

  it('shows pages, not JSON, for unknown admin paths and errors; a JSON client still gets JSON', async () => {
    const res = await page.goto(`${h.url}/admin/no-such-page`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Not found');
    assert.match((await res?.headerValue('content-type')) ?? '', /text\/html/);
    await shoot(page, 'workspace-404');
    const unknownMeeting = await page.goto(`${h.url}/admin/calendar/nothing`);
    assert.equal(unknownMeeting?.status(), 404);
    assert.match((await unknownMeeting?.headerValue('content-type')) ?? '', /text\/html/);
    const api = await fetch(`${h.url}/admin/calendar/nothing`, { headers: { accept: 'application/json' } });
    assert.equal(api.status, 401);
    assert.match(api.headers.get('content-type') ?? '', /application\/json/);
  });
});

describe('workspace pages in Chromium, without Google settings', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: ZONE } });
  let browser: Browser;
  let page: Page;
  before(async () => {
    ({ browser, page } = await launch());
  });
  after(async () => {
    await browser?.close();
  });

  it('signed out, an admin path answers a page, never JSON', async () => {
    const res = await page.goto(`${h.url}/admin/calendar/disconnect`);
    assert.match((await res?.headerValue('content-type')) ?? '', /text\/html/);
    assert.ok(await page.locator('#api_key').isVisible(), 'the sign-in form');
    const icon = await page.goto(`${h.url}/favicon.ico`);
    assert.equal(icon?.status(), 200);
    assert.match((await icon?.headerValue('content-type')) ?? '', /image\/svg\+xml/);
  });

  it('"Connect calendar" leads to a page saying what to set', async () => {
    await signIn(page, h);
    await page.goto(`${h.url}/admin/meetings`);
    await Promise.all([page.waitForURL(`${h.url}/authorize`), page.click('text=Connect calendar')]);
    assert.equal(await page.locator('h1').innerText(), 'Google Calendar is not set up');
    const settings = await page.locator('#calendar-settings').innerText();
    for (const name of ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REDIRECT_URI']) {
      assert.ok(settings.includes(name), name);
    }
    assert.doesNotMatch(await page.content(), /"status":"error"/);
    await shoot(page, 'workspace-calendar-setup');
  });
});
