/**
 * The chat widget in real Chromium, embedded on a page of another origin (localhost vs 127.0.0.1),
 * against the real app on a real redis-server with the offline assistant.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { BusinessProfile } from '../../src/business/business-profile.js';
import type { Assistant, AssistantTurn } from '../../src/llm/assistant.types.js';
import { OfflineAssistant } from '../../src/llm/offline.assistant.js';
import { ADMIN_KEY, ROOT, getJson, startHarness, type Harness } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { launchChromium, DESKTOP, PHONE } from '../helpers/chromium.js';

const OUTPUT = path.join(ROOT, 'test-output');

/** The offline assistant, except that a message containing "slowly" pauses mid-reply until the test lets it go on. */
class GatedAssistant implements Assistant {
  readonly kind = 'offline' as const;
  private readonly inner = new OfflineAssistant();
  private release: () => void = () => undefined;
  private gate = this.close();

  private close(): Promise<void> {
    return new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }

  async reply(turn: AssistantTurn, onDelta?: (text: string) => void): Promise<string> {
    if (!turn.message.includes('slowly')) return this.inner.reply(turn, onDelta);
    onDelta?.('First part. ');
    await this.gate;
    this.gate = this.close();
    onDelta?.('Second part, after [our site](https://northwind.example/about) and meet.google.com/abc-defg-hij.');
    return 'First part. Second part, after [our site](https://northwind.example/about) and meet.google.com/abc-defg-hij.';
  }
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .map((block) => ({ event: /^event: (.+)$/m.exec(block)?.[1] ?? '', data: /^data: (.+)$/m.exec(block)?.[1] ?? '' }))
    .filter((b) => b.event && b.data)
    .map((b) => ({ event: b.event, data: JSON.parse(b.data) as Record<string, unknown> }));
}

/** Where focus is, seen through the widget's shadow root (page.evaluate with a string: no DOM types on the server side). */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const host = document.querySelector('lead-chat-widget');
    const outer = document.activeElement;
    if (!host || outer !== host) return 'page:' + (outer ? outer.tagName : 'none');
    const a = host.shadowRoot.activeElement;
    if (!a) return 'widget:none';
    const where = host.shadowRoot.getElementById('lcw-panel').contains(a) ? 'panel:' : 'widget:';
    return where + (a.getAttribute('aria-label') || a.id || a.textContent.trim() || a.tagName);
  })()`);
}

/** Values read inside the widget's shadow root, for the last element matching `selector`. */
function readInWidget<T>(page: Page, selector: string, body: string): Promise<T> {
  return page.evaluate<T>(`(() => {
    const all = document.querySelector('lead-chat-widget').shadowRoot.querySelectorAll(${JSON.stringify(selector)});
    const el = all[all.length - 1];
    ${body}
  })()`);
}

const styleOf = (page: Page, selector: string, props: string[]) =>
  readInWidget<string[]>(
    page,
    selector,
    `const s = getComputedStyle(el); return ${JSON.stringify(props)}.map((p) => s.getPropertyValue(p));`,
  );

function storedState(
  page: Page,
): Promise<{ clientId: string; messages: Array<{ role: string; text: string }> } | null> {
  return page.evaluate(`(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('leadchat:'));
    return key ? JSON.parse(localStorage.getItem(key)) : null;
  })()`);
}

/** Sends a message with the keyboard and waits until the widget is idle again (reply shown or failure note). */
async function sendAndWait(page: Page, text: string): Promise<void> {
  await page.locator('#lcw-input').fill(text);
  await page.locator('#lcw-input').press('Enter');
  await page.locator('[role="log"][aria-busy="false"]').waitFor();
}

async function bubbleTexts(page: Page): Promise<string[]> {
  return (await page.locator('.msg .bubble').allTextContents()).map((t) => t.trim());
}

describe('the chat widget in Chromium', () => {
  let redis: TestRedis;
  let limitedRedis: TestRedis;
  let h: Harness;
  let limited: Harness;
  let odd: Harness;
  let hostServer: Server;
  let hostUrl: string;
  let browser: Browser;
  const assistant = new GatedAssistant();
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (
    options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
  ) => {
    const context = await browser.newContext({
      viewport: options.viewport ?? DESKTOP,
      colorScheme: options.colorScheme ?? 'light',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return { context, page };
  };

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    redis = await startTestRedis();
    limitedRedis = await startTestRedis(); // its own rate-limit counts
    h = await startHarness(redis.url, {}, { assistant });
    limited = await startHarness(limitedRedis.url, { RATE_LIMIT_HOURLY: '2' });
    const profile: BusinessProfile = {
      name: 'Acme <b>"Tools"</b> & Co',
      tagline: '<script>alert(1)</script>',
      description: 'We make <i>things</i>.',
      services: [{ name: '<img src=x onerror=alert(1)>', description: 'x', keywords: ['x'] }],
      hours: 'Always',
      location: '',
      contact: { email: 'a@b.example', phone: '', website: 'javascript:alert(1)', address: '' },
      faq: [],
      assistantName: '',
      qualification: [],
    };
    odd = await startHarness(redis.url, {}, { profile });

    const widgetTag = (attrs: string) => `<script src="${h.url}/widget.js" async ${attrs}></script>`;
    const page = (body: string, head = '') =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>${head}</head><body>${body}</body></html>`;
    const pages: Record<string, string> = {
      '/': page(
        `<h1>A customer's site</h1><a href="#top">Home</a>${widgetTag('data-title="Northwind Digital" data-accent="#0f766e"')}`,
      ),
      '/other': page(
        `<h1>Another page of the site</h1>${widgetTag('data-title="Northwind Digital" data-accent="#0f766e"')}`,
      ),
      '/limited': page(`<h1>Limited</h1>${widgetTag(`data-title="Limited" data-server="${limited.url}"`)}`),
      '/hostile': page(
        `<h1>Hostile</h1><button>Page button</button>${widgetTag('data-title="Sturdy"')}`,
        `<style>
          * { all: unset !important; font-size: 40px !important; color: red !important; display: block !important; line-height: 3 !important; }
          button { display: none !important; }
          div, section, form, textarea { position: static !important; width: 10px !important; }
          lead-chat-widget { display: none !important; position: absolute !important; transform: scale(0) !important; opacity: 0 !important; }
          body { transform: none !important; }
        </style>`,
      ),
    };
    hostServer = http.createServer((req, res) => {
      const body = pages[req.url ?? '/'];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    // localhost here, 127.0.0.1 for the chat server: two different origins.
    hostUrl = `http://localhost:${(hostServer.address() as AddressInfo).port}`;

    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    hostServer?.closeAllConnections();
    await new Promise<void>((r) => (hostServer ? hostServer.close(() => r()) : r()));
    await h?.close();
    await limited?.close();
    await odd?.close();
    await redis?.stop();
    await limitedRedis?.stop();
  });

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script errors on the pages');
  });

  it('serves one cacheable, cross-origin script under 15 KB gzipped', async () => {
    const res = await fetch(`${h.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/javascript/);
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
    const etag = res.headers.get('etag') ?? '';
    assert.ok(etag);
    const wire = Number(res.headers.get('content-length'));
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.ok(wire > 1000 && wire < 15 * 1024, `gzipped size ${wire}`);
    await res.arrayBuffer();
    // (an explicit cache-control: fetch would add no-cache to a conditional request, which defeats it)
    const again = await fetch(`${h.url}/widget.js`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    assert.equal(again.status, 304);
  });

  it('renders the demo page with every profile value escaped and no inline script', async () => {
    const res = await fetch(`${odd.url}/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes('Acme &lt;b&gt;&#34;Tools&#34;&lt;/b&gt; &amp; Co'));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('javascript:alert'));
    assert.match(html, /<script src="\/widget\.js" async\s/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });

  it('chats from another origin: the reply streams in, and a reload or another page keeps the conversation', async () => {
    const { page } = await newPage();
    await page.goto(`${hostUrl}/`);
    const launcher = page.getByRole('button', { name: 'Open chat: Northwind Digital' });
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Northwind Digital' });
    await dialog.waitFor();
    assert.equal(await describeFocus(page), 'panel:lcw-input');

    const response = page.waitForResponse((r) => r.url() === `${h.url}/gemini/train`);
    await page.locator('#lcw-input').fill('Please answer slowly');
    await page.locator('#lcw-input').press('Enter');
    // The first piece is on screen while the server still holds the rest: it streams.
    const streaming = page.locator('.msg.assistant .bubble', { hasText: 'First part.' });
    await streaming.waitFor();
    assert.equal((await streaming.textContent())?.trim(), 'First part.');
    assert.equal(await page.locator('[role="log"]').getAttribute('aria-busy'), 'true');
    assistant.open();
    const events = parseSse(await (await response).text());
    const done = events.find((e) => e.event === 'done');
    assert.ok(done, 'a done event');
    assert.ok(events.filter((e) => e.event === 'delta').length >= 2);
    await page.locator('[role="log"][aria-busy="false"]').waitFor();
    const last = page.locator('.msg.assistant .bubble').last();
    // The bubble shows the done event's reply (its markdown link rendered as an anchor).
    const rendered = String(done.data.reply).replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
    assert.equal((await last.textContent())?.trim(), rendered);
    // Links are real, safe anchors; the Meet link without a scheme too.
    const links = await readInWidget<string[][]>(
      page,
      '.msg.assistant .bubble',
      `return Array.from(el.querySelectorAll('a'), (a) => [a.getAttribute('href'), a.textContent, a.target, a.rel]);`,
    );
    assert.deepEqual(links, [
      ['https://northwind.example/about', 'our site', '_blank', 'noopener noreferrer'],
      ['https://meet.google.com/abc-defg-hij', 'meet.google.com/abc-defg-hij', '_blank', 'noopener noreferrer'],
    ]);

    await sendAndWait(page, 'What are your opening hours?');
    const before = await bubbleTexts(page);
    assert.match(before.at(-1) ?? '', /Monday to Friday/);
    const state = await storedState(page);
    assert.ok(state);
    assert.equal(state.clientId, done.data.client_id);
    assert.match(state.clientId, /^[0-9a-f-]{36}$/);

    await page.reload();
    await page.getByRole('button', { name: 'Open chat: Northwind Digital' }).click();
    assert.deepEqual(await bubbleTexts(page), before);

    await page.goto(`${hostUrl}/other`);
    await page.getByRole('button', { name: 'Open chat: Northwind Digital' }).click();
    assert.deepEqual(await bubbleTexts(page), before);
    await sendAndWait(page, 'Can you help with SEO?');
    assert.match((await bubbleTexts(page)).at(-1) ?? '', /SEO and online marketing/);
    assert.equal((await storedState(page))?.clientId, state.clientId);

    // Start over: the visible conversation goes, the client_id stays.
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.locator('.msg.user').first().waitFor({ state: 'detached' });
    assert.equal((await bubbleTexts(page)).length, 1); // the greeting
    const afterReset = await storedState(page);
    assert.equal(afterReset?.clientId, state.clientId);
    assert.deepEqual(afterReset?.messages, []);
  });

  it('saves the contact form as a lead, showing field errors first', async () => {
    const { page } = await newPage();
    await page.goto(`${hostUrl}/`);
    await page.getByRole('button', { name: 'Open chat: Northwind Digital' }).click();
    await page.getByRole('button', { name: 'Leave your contact details' }).click();
    assert.equal(await describeFocus(page), 'panel:lcw-name');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send details' }).click();
    await page.locator('#lcw-email-err', { hasText: /valid email/ }).waitFor();
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Email').fill('ada.widget@example.com');
    await page.getByLabel('Phone').fill('+1 415 555 0134');
    await page.getByRole('button', { name: 'Send details' }).click();
    await page.locator('.note', { hasText: 'Thanks, Ada!' }).waitFor();
    const clientId = (await storedState(page))?.clientId;

    const found = await getJson<{ leads: Array<{ name: string; email: string; client_id: string }>; total: number }>(
      `${h.url}/leads?q=${encodeURIComponent('ada.widget@example.com')}`,
      { 'X-API-Key': ADMIN_KEY },
    );
    assert.equal(found.status, 200);
    assert.equal(found.body.data.total, 1);
    assert.equal(found.body.data.leads[0]?.email, 'ada.widget@example.com');
    assert.equal(found.body.data.leads[0]?.name, 'Ada Lovelace');
    assert.equal(found.body.data.leads[0]?.client_id, clientId);
  });

  it('shows a friendly, retryable message when rate limited (429) and when offline', async () => {
    const { page, context } = await newPage();
    await page.goto(`${hostUrl}/limited`);
    await page.getByRole('button', { name: 'Open chat: Limited' }).click();
    await sendAndWait(page, 'hello');
    await sendAndWait(page, 'what services do you offer?');
    assert.equal(await page.locator('.note').count(), 0);
    await sendAndWait(page, 'one more question');
    const note = page.locator('.note');
    assert.match(
      (await note.textContent()) ?? '',
      /faster than we can answer\. Please try again in about \d+ minutes\./,
    );
    // Retry sends the same message again (and is limited again).
    const resent = page.waitForRequest((r) => r.url() === `${limited.url}/gemini/train`);
    await note.getByRole('button', { name: 'Retry' }).click();
    assert.equal((JSON.parse((await resent).postData() ?? '{}') as { content?: string }).content, 'one more question');
    await page.locator('[role="log"][aria-busy="false"]').waitFor();
    await page.locator('.note', { hasText: 'faster than we can answer' }).waitFor();
    assert.equal((await bubbleTexts(page)).filter((t) => t === 'one more question').length, 1);

    // Offline, then back online: Retry delivers the message.
    await page.goto(`${hostUrl}/`);
    await page.getByRole('button', { name: 'Open chat: Northwind Digital' }).click();
    await context.setOffline(true);
    await sendAndWait(page, 'What are your opening hours?');
    await page.locator('.note', { hasText: 'You seem to be offline' }).waitFor();
    await context.setOffline(false);
    await page.locator('.note').getByRole('button', { name: 'Retry' }).click();
    await page.locator('[role="log"][aria-busy="false"]').waitFor();
    assert.match((await bubbleTexts(page)).at(-1) ?? '', /Monday to Friday/);
    assert.equal(await page.locator('.note').count(), 0);

    // Refused input (400): said plainly, no Retry, the text goes back into the box to be edited.
    const long = 'x'.repeat(5001);
    await sendAndWait(page, long);
    const refused = page.locator('.note', { hasText: 'Your message must be at most 5000 characters.' });
    await refused.waitFor();
    assert.equal(await refused.getByRole('button').count(), 0);
    assert.equal(await page.locator('#lcw-input').inputValue(), long);
    assert.ok(!(await bubbleTexts(page)).includes(long));
    assert.ok(!(await storedState(page))?.messages.some((m) => m.text === long));

    // The chat server's Redis is down: it answers 503, the widget says so and offers a retry.
    await limitedRedis.stop();
    await page.goto(`${hostUrl}/limited`);
    await page.getByRole('button', { name: 'Open chat: Limited' }).click();
    await sendAndWait(page, 'are you there?');
    const down = page.locator('.note', {
      hasText: 'Our assistant is briefly unavailable. Please try again in a moment.',
    });
    await down.getByRole('button', { name: 'Retry' }).waitFor();
  });

  it('works by keyboard alone, keeping focus inside while open', async () => {
    const { page } = await newPage();
    await page.goto(`${hostUrl}/`);
    for (let i = 0; i < 5 && (await describeFocus(page)) !== 'widget:Open chat: Northwind Digital'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await describeFocus(page), 'widget:Open chat: Northwind Digital');
    await page.keyboard.press('Enter');
    assert.equal(await describeFocus(page), 'panel:lcw-input');
    await page.keyboard.type('Hello there');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.equal(await page.locator('#lcw-input').inputValue(), 'Hello there\nsecond line');
    await page.keyboard.press('Enter');
    await page.locator('[role="log"][aria-busy="false"]').waitFor();
    assert.ok((await bubbleTexts(page)).includes('Hello there\nsecond line'));
    assert.equal(await page.locator('.msg.assistant').count(), 2);

    const seen = new Set<string>();
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      seen.add(await describeFocus(page));
    }
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.add(await describeFocus(page));
    }
    assert.ok(
      [...seen].every((s) => s.startsWith('panel:')),
      [...seen].join(', '),
    );
    assert.ok(seen.has('panel:Close chat') && seen.has('panel:lcw-input') && seen.has('panel:Conversation'));

    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal(await describeFocus(page), 'widget:Open chat: Northwind Digital');
  });

  it('keeps its own look on a page with aggressive CSS', async () => {
    const { page } = await newPage();
    await page.goto(`${hostUrl}/hostile`);
    const launcher = page.getByRole('button', { name: 'Open chat: Sturdy' });
    await launcher.waitFor({ state: 'visible' });
    const box = await launcher.boundingBox();
    assert.ok(box);
    assert.equal(box.width, 60);
    assert.equal(box.height, 60);
    assert.equal(box.x + box.width, DESKTOP.width - 20);
    assert.equal(box.y + box.height, DESKTOP.height - 20);
    const style = await styleOf(page, '.launcher', ['background-color', 'color', 'display', 'position']);
    assert.deepEqual(style, ['rgb(37, 99, 235)', 'rgb(255, 255, 255)', 'flex', 'fixed']);
    await launcher.click();
    const bubble = page.locator('.msg.assistant .bubble').first();
    await bubble.waitFor();
    assert.deepEqual(await styleOf(page, '.msg.assistant .bubble', ['font-size', 'color']), [
      '15px',
      'rgb(31, 36, 48)',
    ]);
    await page.getByRole('dialog', { name: 'Sturdy' }).waitFor({ state: 'visible' });
    // The computed width, not the bounding box: the opening animation scales the panel for 0.2 s.
    assert.deepEqual(await styleOf(page, '.panel', ['width']), ['380px']);
    await page.screenshot({ path: path.join(OUTPUT, 'widget-hostile-page.png') });
  });

  it('looks right on the demo page: desktop, phone and dark mode screenshots', async () => {
    const shots: Array<{ name: string; viewport: { width: number; height: number }; colorScheme: 'light' | 'dark' }> = [
      { name: 'desktop', viewport: DESKTOP, colorScheme: 'light' },
      { name: 'phone', viewport: PHONE, colorScheme: 'light' },
      { name: 'desktop-dark', viewport: DESKTOP, colorScheme: 'dark' },
    ];
    for (const shot of shots) {
      const { page } = await newPage(shot);
      await page.goto(`${h.url}/`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('button', { name: /^Open chat/ }).waitFor();
      await page.screenshot({ path: path.join(OUTPUT, `demo-${shot.name}-closed.png`) });
      await page.getByRole('button', { name: 'Chat with us' }).click();
      await page.getByRole('dialog').waitFor();
      await sendAndWait(page, 'Hi! Can you help with a new website for my bakery?');
      await page.locator('#lcw-input').fill('Please answer slowly');
      await page.locator('#lcw-input').press('Enter');
      await page.locator('.msg.assistant .bubble', { hasText: 'First part.' }).last().waitFor();
      assistant.open();
      await page.locator('[role="log"][aria-busy="false"]').waitFor();
      if (shot.name === 'phone') {
        // The panel opens with a short transition: on a loaded machine the box can still be moving.
        const full = { x: 0, y: 0, width: PHONE.width, height: PHONE.height };
        let panel = await page.getByRole('dialog').boundingBox();
        for (let i = 0; i < 40 && JSON.stringify(panel) !== JSON.stringify(full); i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          panel = await page.getByRole('dialog').boundingBox();
        }
        assert.deepEqual(panel, full);
      }
      await page.screenshot({ path: path.join(OUTPUT, `demo-${shot.name}-open.png`) });
      await page.getByRole('button', { name: 'Leave your contact details' }).click();
      await page.screenshot({ path: path.join(OUTPUT, `demo-${shot.name}-form.png`) });
    }
  });
});
