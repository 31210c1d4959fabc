/** Talking to the visitor's meeting page and the chat as a browser and a visitor would (meeting-page tests). */
import assert from 'node:assert/strict';
import { postJson, type Harness } from './harness.js';

export interface PageMeeting {
  status: string;
  start: string;
  end: string;
  event_id: string | null;
  meet_link: string | null;
  manage_url?: string | null;
}
export interface PageTurn {
  reply: string;
  meeting: PageMeeting | null;
  lead: { id: string; status: string; meeting: PageMeeting | null } | null;
}
/** The page's path of a manage_url (PUBLIC_URL is not where the test server listens). */
export function pathOf(manageUrl: string | null | undefined): string {
  assert.match(manageUrl ?? '', /^http:\/\/localhost:\d+\/meetings\/[A-Za-z0-9_-]{43}$/);
  return new URL(manageUrl ?? '').pathname;
}

export async function getPage(h: Harness, path: string): Promise<{ status: number; html: string; type: string }> {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** A form post as a browser sends it from the page itself (same origin), unless `headers` say otherwise. */
export async function postForm(
  h: Harness,
  path: string,
  form: Record<string, string> = {},
  headers: Record<string, string> = { origin: h.url, 'sec-fetch-site': 'same-origin' },
): Promise<{ status: number; location: string | null; html: string }> {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

export async function say(
  h: Harness,
  client_id: string,
  content: string,
  extra: { timezone?: string } = {},
): Promise<PageTurn> {
  const r = await postJson<PageTurn>(`${h.url}/gemini/train`, { client_id, content, ...extra });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data;
}
