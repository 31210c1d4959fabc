/**
 * Staff accounts in Chromium: an admin signs in with her account, adds an agent on the accounts page; the
 * agent signs in (by keyboard), works a lead, is refused the accounts page; the lead's timeline names each of
 * them; he changes his password; the admin disables him and his next click lands on the sign-in form.
 * Screenshots at desktop and phone widths.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';
import { launchChromium, SCREENSHOT_DIR as OUT, DESKTOP, PHONE } from '../helpers/chromium.js';

const auth = { 'x-api-key': ADMIN_KEY };
const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin', password: 'ann-password-long-enough' };
const BOB = { email: 'bob@example.com', name: 'Bob Agent', password: 'bob-password-long-enough' };

describe('staff accounts in Chromium', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Asia/Karachi' } });
  let leadId: string;
  // One browser, and a context (its own cookies) per person.
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ann: Page;
  let bob: Page;
  const openPerson = async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    return context.newPage();
  };

  const shoot = async (page: Page, name: string) => {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
      assert.ok(overflow <= 0, `${name} is wider than the ${size} by ${overflow}px`);
      await page.screenshot({ path: path.join(OUT, `staff-${name}-${size}.png`), fullPage: true });
    }
    await page.setViewportSize(DESKTOP);
  };

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // The first admin account is made by the owner with the key (or by another admin on the page).
    assert.equal((await postJson(`${h.url}/accounts`, ANN, auth)).status, 201);
    const lead = await postJson<{ lead: { id: string } }>(
      `${h.url}/leads`,
      { name: 'Farah Qureshi', email: 'farah@example.com', company: 'Qureshi Foods' },
      auth,
    );
    leadId = lead.body.data.lead.id;
    browser = await launchChromium();
    [ann, bob] = [await openPerson(), await openPerson()];
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the admin signs in with her account (after a wrong password) and adds an agent', async () => {
    await ann.goto(`${h.url}/admin`);
    await shoot(ann, 'login');
    await ann.fill('#email', ANN.email);
    await ann.fill('#password', 'not-her-password');
    await ann.click('#login-form button[type=submit]');
    assert.match(await ann.locator('.alert').innerText(), /do not match an active account/);
    assert.equal(await ann.inputValue('#email'), ANN.email, 'the email is kept');
    await ann.fill('#password', ANN.password);
    await Promise.all([ann.waitForURL(`${h.url}/admin`), ann.click('#login-form button[type=submit]')]);
    assert.match(await ann.locator('#signed-in-as').innerText(), /Ann Admin\s*admin/i);

    await Promise.all([ann.waitForURL(`${h.url}/admin/accounts`), ann.click('nav >> text=Accounts')]);
    assert.equal(await ann.locator('h1').innerText(), 'Accounts');
    // A password too short is refused by the server too (the browser's own check is bypassed here).
    await ann.fill('#new-name', BOB.name);
    await ann.fill('#new-email', BOB.email);
    await ann.selectOption('#new-role', 'agent');
    await ann.evaluate('document.getElementById("new-password").removeAttribute("minlength")');
    await ann.fill('#new-password', 'short');
    await ann.click('#add-account button[type=submit]');
    assert.match(await ann.locator('#new-password-error').innerText(), /at least 12 characters/);
    assert.equal(await ann.inputValue('#new-email'), BOB.email, 'the form is kept');
    await ann.fill('#new-password', BOB.password);
    await Promise.all([ann.waitForURL(/notice=added/), ann.click('#add-account button[type=submit]')]);
    assert.match(await ann.locator('.notice').innerText(), /Account added/);
    const rows = ann.locator('#accounts-table tbody tr');
    assert.deepEqual(
      (await rows.locator('td[data-label="Name"]').allInnerTexts()).map((s) => s.trim()),
      ['Ann Admin you', 'Bob Agent'],
    );
    assert.equal(await ann.locator(`tr[data-account="${BOB.email}"] select`).inputValue(), 'agent');
    await shoot(ann, 'accounts');
  });

  it('the agent signs in by keyboard, works a lead, and is refused the accounts page', async () => {
    await bob.goto(`${h.url}/admin`);
    // The email field has the focus (autofocus), which a loaded machine may apply after the load event.
    await bob.waitForFunction("document.activeElement && document.activeElement.id === 'email'");
    await bob.keyboard.type(BOB.email);
    await bob.keyboard.press('Tab');
    await bob.keyboard.type(BOB.password);
    await Promise.all([bob.waitForURL(`${h.url}/admin`), bob.keyboard.press('Enter')]);
    assert.match(await bob.locator('#signed-in-as').innerText(), /Bob Agent\s*agent/i);
    assert.equal(await bob.locator('nav >> text=Accounts').count(), 0, 'no Accounts link for an agent');

    await Promise.all([bob.waitForURL(`${h.url}/admin/leads/${leadId}`), bob.click('text=Farah Qureshi')]);
    await bob.selectOption('#f-status', 'contacted');
    await bob.fill('#f-notes', 'Called Farah, sending a quote');
    await Promise.all([bob.waitForURL(/notice=updated/), bob.click('#update-form button[type=submit]')]);
    const lead = await getJson<{ lead: { status: string; notes: string } }>(`${h.url}/leads/${leadId}`, auth);
    assert.equal(lead.body.data.lead.status, 'contacted');
    assert.equal(lead.body.data.lead.notes, 'Called Farah, sending a quote');

    const refused = await bob.goto(`${h.url}/admin/accounts`);
    assert.equal(refused?.status(), 403);
    assert.match(await bob.locator('main').innerText(), /needs an admin account/);
    await shoot(bob, 'agent-refused');
  });

  it("the lead's timeline names each account that worked it", async () => {
    await ann.goto(`${h.url}/admin/leads/${leadId}`);
    await ann.fill('#f-note', 'Quote approved by Farah, booking the kick-off');
    await Promise.all([ann.waitForURL(/notice=/), ann.click('#note-form button[type=submit]')]);
    const byType = async (type: string) =>
      (await ann.locator(`#timeline .tl-item[data-type="${type}"] .tl-by`).allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(await byType('note'), [ANN.email], 'her note is hers');
    assert.deepEqual(await byType('status_changed'), [BOB.email], 'his status change is his');
    assert.ok((await byType('field_changed')).includes(BOB.email), 'his edit of the notes field is his');
    await shoot(ann, 'timeline-two-accounts');
    // The API tells the same.
    const events = await getJson<{ events: Array<{ type: string; by: string }> }>(
      `${h.url}/leads/${leadId}/activity`,
      auth,
    );
    const who = new Set(events.body.data.events.filter((e) => e.type !== 'created').map((e) => e.by));
    assert.deepEqual([...who].sort(), [ANN.email, BOB.email]);
  });

  it('the agent changes his own password; the admin disables him and his next click signs him out', async () => {
    await Promise.all([bob.waitForURL(`${h.url}/admin/account`), bob.click('#signed-in-as')]);
    assert.match(await bob.locator('#me-name').innerText(), /Bob Agent/);
    await bob.fill('#current_password', BOB.password);
    await bob.fill('#new_password', 'bob-brand-new-password');
    await bob.fill('#confirm_password', 'bob-brand-new-typo');
    await bob.click('#password-form button[type=submit]');
    assert.match(await bob.locator('#confirm-error').innerText(), /does not match/);
    await bob.fill('#current_password', BOB.password);
    await bob.fill('#new_password', 'bob-brand-new-password');
    await bob.fill('#confirm_password', 'bob-brand-new-password');
    await Promise.all([bob.waitForURL(/notice=own_password/), bob.click('#password-form button[type=submit]')]);
    await shoot(bob, 'own-account');

    await ann.goto(`${h.url}/admin/accounts`);
    await Promise.all([
      ann.waitForURL(/notice=disabled/),
      ann.click(`tr[data-account="${BOB.email}"] button:has-text("Disable")`),
    ]);
    assert.match(await ann.locator(`tr[data-account="${BOB.email}"] td[data-label="Status"]`).innerText(), /Disabled/);
    await bob.click('nav >> text=Leads');
    assert.equal(bob.url(), `${h.url}/admin`);
    assert.ok(await bob.locator('#email').isVisible(), 'the sign-in form');
  });
});
