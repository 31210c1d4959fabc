/** Signing in to the admin page over HTTP as a browser would: the session cookie and the page's CSRF token. */
import assert from 'node:assert/strict';

export interface PageSession {
  cookie: string;
  csrf: string;
}

/** A form post without following redirects, as a browser sends it. */
export function postForm(url: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m?.[1], 'the page carries a CSRF token');
  return m[1];
}

/** Signs in with the login form (an account's email and password, or the key) and reads the CSRF token. */
export async function signIn(base: string, form: Record<string, string>): Promise<PageSession> {
  const res = await postForm(`${base}/admin/login`, form);
  assert.equal(res.status, 303, `sign-in answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await fetch(`${base}/admin`, { headers: { cookie } });
  assert.equal(page.status, 200);
  return { cookie, csrf: csrfOf(await page.text()) };
}

/** A JSON request with a page session (cookie and CSRF header), as the page's own scripts send it. */
export async function sessionJson<T = Record<string, unknown>>(
  url: string,
  session: PageSession,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; body: { status: string; data: T; message: string } }> {
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as { status: string; data: T; message: string } };
}
