/**
 * The settings page in real Chromium: the widget preview follows the fields as they are typed, a bad
 * section comes back with its errors beside the fields, saved settings reach the demo site's widget and the
 * very next chat turn. Screenshots at desktop and phone widths go to test-output/ for review.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson } from '../helpers/harness.js';
import { launchChromium, SCREENSHOT_DIR as OUT, DESKTOP, PHONE } from '../helpers/chromium.js';

const auth = { 'x-api-key': ADMIN_KEY };

describe('settings page in Chromium', () => {
  const { h } = useServer({ env: { GEMINI_API_KEY: '' } });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      // A refused form's 400 and the missing favicon are expected; a script or a style the CSP blocks is not.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
    });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
  });

  /** A computed style property of the element `query` (an expression) gives (the test has no DOM types). */
  const styleOf = async (query: string, property: string, on: Page = page) =>
    String(await on.evaluate(`getComputedStyle(${query}).${property}`));
  const previewColour = () => styleOf(`document.querySelector('.preview-head')`, 'backgroundColor');

  it('signs in, opens the settings and labels every field', async () => {
    await page.goto(`${h.url}/admin`);
    await page.fill('#api_key', ADMIN_KEY);
    await Promise.all([page.waitForURL(`${h.url}/admin`), page.click('button[type=submit]')]);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    for (const name of ['Business profile', "Assistant's instruction", 'Chat widget', 'Meetings']) {
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    const unlabelled: unknown = await page.evaluate(
      `[...document.querySelectorAll('main input:not([type=hidden]), main textarea, main select')]
        .filter((el) => !el.labels || el.labels.length === 0)
        .map((el) => el.name)`,
    );
    assert.deepEqual(unlabelled, []);
    assert.equal(await page.getByLabel('Business name').inputValue(), 'Northwind Digital');
  });

  it('previews the widget as its fields change', async () => {
    const widget = page.locator('#widget-form');
    await widget.getByLabel('Title', { exact: true }).fill('Harbour help');
    await widget.getByLabel('Subtitle').fill('Replies in minutes');
    await widget.getByLabel('Greeting').fill('Ahoy! Ask us about bikes.');
    await page.locator('#preview-title', { hasText: 'Harbour help' }).waitFor();
    assert.equal(await page.locator('#preview-subtitle').textContent(), 'Replies in minutes');
    assert.equal(await page.locator('#preview-greeting').textContent(), 'Ahoy! Ask us about bikes.');
    assert.equal(await page.locator('#preview-avatar').textContent(), 'H');
    assert.equal(await previewColour(), 'rgb(37, 99, 235)');
    await widget.getByLabel('Accent colour').fill('#0f766e');
    assert.equal(await previewColour(), 'rgb(15, 118, 110)');
    // A light accent gets dark text, as the widget itself does.
    await widget.getByLabel('Accent colour').fill('#fde047');
    assert.equal(await styleOf(`document.querySelector('.preview-head')`, 'color'), 'rgb(17, 24, 39)');
    await widget.getByLabel('Accent colour').fill('#0f766e');
    await widget.getByLabel('Position').selectOption('left');
    assert.equal(await page.locator('#widget-preview').getAttribute('data-side'), 'left');
    await widget.getByLabel('Greeting').fill('');
    assert.equal(await page.locator('#preview-greeting').isHidden(), true);
    await widget.getByLabel('Greeting').fill('Ahoy! Ask us about bikes.');
    await page.locator('#widget').screenshot({ path: path.join(OUT, 'settings-widget-preview.png') });
    await widget.getByRole('button', { name: 'Save widget' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    assert.equal(await page.locator('#widget-form').getByLabel('Title', { exact: true }).inputValue(), 'Harbour help');
  });

  it('shows a bad section’s errors beside its fields and saves nothing', async () => {
    const before = (await getJson<{ version: number }>(`${h.url}/settings`, auth)).body.data.version;
    const form = page.locator('#meetings form').first();
    await form.getByLabel('Time zone').fill('Atlantis/Capital');
    await form.getByLabel('Bookable hours').fill('Mon-Fri 18:00-09:00');
    await form.getByRole('button', { name: 'Save meetings' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Nothing was saved/);
    assert.equal(await page.locator('#meetings-timezone').getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#meetings-timezone-error').textContent()) ?? '', /IANA time zone/);
    assert.match((await page.locator('#meetings-business_hours-error').textContent()) ?? '', /invalid time range/);
    // The error is announced with its field: the field points at it.
    assert.match(
      (await page.locator('#meetings-timezone').getAttribute('aria-describedby')) ?? '',
      /meetings-timezone-error/,
    );
    assert.equal(await page.locator('#meetings-timezone').inputValue(), 'Atlantis/Capital');
    await page.screenshot({ path: path.join(OUT, 'settings-errors-desktop.png'), fullPage: false });
    assert.equal((await getJson<{ version: number }>(`${h.url}/settings`, auth)).body.data.version, before);
  });

  it('saves the profile and meetings, used by the demo site’s widget on the next chat turn', async () => {
    await page.goto(`${h.url}/admin/settings`);
    const profile = page.locator('#profile form').first();
    await profile.getByLabel('Business name').fill('Harbour Bikes');
    await profile.getByLabel('Opening hours (as told to visitors)').fill('Tuesday to Sunday, 10:00 to 18:00');
    await profile.getByRole('button', { name: 'Save business profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const meetings = page.locator('#meetings form').first();
    await meetings.getByLabel('Time zone').fill('Europe/Lisbon');
    await meetings.getByLabel('Meeting length (minutes)').fill('45');
    await meetings.getByRole('button', { name: 'Save meetings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();

    const site = await context.newPage();
    await site.goto(`${h.url}/`);
    await site.getByRole('heading', { level: 1 }).waitFor();
    assert.match(await site.title(), /^Harbour Bikes/);
    const launcher = site.getByRole('button', { name: 'Open chat: Harbour help' });
    await launcher.click();
    const dialog = site.getByRole('dialog', { name: 'Harbour help' });
    await dialog.waitFor();
    // The saved accent, side and greeting reached the widget through widget.js.
    assert.equal(
      await styleOf(
        `document.querySelector('lead-chat-widget').shadowRoot.querySelector('.head')`,
        'backgroundColor',
        site,
      ),
      'rgb(15, 118, 110)',
    );
    await site.locator('.msg.assistant .bubble', { hasText: 'Ahoy! Ask us about bikes.' }).waitFor();
    const box = await site.locator('.launcher').boundingBox();
    assert.ok(box && box.x < DESKTOP.width / 2, 'the launcher sits on the left');
    await site.locator('#lcw-input').fill('Hello! When are you open?');
    await site.locator('#lcw-input').press('Enter');
    await site.locator('[role="log"][aria-busy="false"]').waitFor();
    const replies = await site.locator('.msg.assistant .bubble').allTextContents();
    const last = replies.at(-1) ?? '';
    assert.match(last, /Welcome to Harbour Bikes/);
    assert.match(last, /Tuesday to Sunday, 10:00 to 18:00/);
    await site.screenshot({ path: path.join(OUT, 'settings-demo-widget-desktop.png') });
    await site.close();
    const saved = await getJson<{ settings: { meetings: { timezone: string; duration_minutes: number } } }>(
      `${h.url}/settings`,
      auth,
    );
    assert.equal(saved.body.data.settings.meetings.timezone, 'Europe/Lisbon');
    assert.equal(saved.body.data.settings.meetings.duration_minutes, 45);
  });

  it('reads well at desktop and phone widths (screenshots)', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${h.url}/admin/settings`);
    await page.screenshot({ path: path.join(OUT, 'settings-desktop.png') });
    await page.screenshot({ path: path.join(OUT, 'settings-desktop-full.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.goto(`${h.url}/admin/settings#widget`);
    await page.screenshot({ path: path.join(OUT, 'settings-phone.png') });
    await page.screenshot({ path: path.join(OUT, 'settings-phone-full.png'), fullPage: true });
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    // Keyboard: the first field of the widget form is reachable with Tab and shows where focus is.
    await page.locator('#widget-title').focus();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'widget-title');
    assert.deepEqual(problems, []);
  });
});
