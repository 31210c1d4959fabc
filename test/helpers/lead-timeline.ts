/**
 * What the timeline tests share: the shapes they read, a browser-like form post, a visitor whose second
 * conversation gives a value the lead does not take, and Chromium for one describe block.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext } from 'playwright-core';
import { ADMIN_KEY, getJson, postJson } from './harness.js';
import { launchChromium } from './chromium.js';
export { postForm } from './staff-sign-in.js';

export interface TimelineEvent {
  type: string;
  at: string;
  by: string;
  data: Record<string, string | null>;
}

export interface TimelineLead {
  id: string;
  name: string | null;
  email: string | null;
  company: string | null;
  notes: string | null;
  fields: Record<string, string>;
  client_ids: string[];
}

export const adminAuth = { 'x-api-key': ADMIN_KEY };

/** A form post without following redirects, as a browser would send it. */
export async function eventsOf(base: string, id: string): Promise<TimelineEvent[]> {
  const res = await getJson<{ events: TimelineEvent[] }>(`${base}/leads/${id}/activity`, adminAuth);
  assert.equal(res.status, 200);
  return res.body.data.events;
}

export async function adminLeadOf(base: string, id: string): Promise<TimelineLead> {
  return (await getJson<{ lead: TimelineLead }>(`${base}/leads/${id}`, adminAuth)).body.data.lead;
}

/** The lead of a conversation (by its client_id). */
export async function leadOfConversation(base: string, clientId: string): Promise<TimelineLead> {
  const res = await getJson<{ leads: TimelineLead[] }>(`${base}/leads?limit=500`, adminAuth);
  const lead = res.body.data.leads.find((l) => l.client_ids.includes(clientId));
  assert.ok(lead, `a lead for ${clientId}`);
  return lead;
}

/** The widget's form sent by each conversation in turn (each must be accepted). */
export async function saveInfos(base: string, ...forms: Array<Record<string, unknown>>): Promise<void> {
  for (const form of forms) assert.equal((await postJson(`${base}/gemini/save-info`, form)).status, 200);
}

/** A Chromium and a desktop-sized context for this describe block. */
export function useChromium(): { readonly context: BrowserContext } {
  let state: { browser: Browser; context: BrowserContext } | undefined;
  before(async () => {
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(30_000);
    state = { browser, context };
  });
  after(async () => {
    await state?.context.close();
    await state?.browser.close();
  });
  return {
    get context(): BrowserContext {
      if (!state) throw new Error('Chromium is not started yet');
      return state.context;
    },
  };
}
