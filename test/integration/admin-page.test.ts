import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';
import { csrfOf, postForm } from '../helpers/staff-sign-in.js';

interface LeadOut {
  id: string;
  name: string | null;
  status: string;
  notes: string | null;
}

const auth = { 'x-api-key': ADMIN_KEY };

async function getPage(url: string, cookie?: string): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

describe('admin page (HTTP)', () => {
  let leadId: string;

  const login = async (): Promise<{ cookie: string; csrf: string }> => {
    const res = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    assert.equal(res.status, 303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await getPage(`${h.url}/admin`, cookie);
    assert.equal(page.status, 200);
    return { cookie, csrf: csrfOf(await page.text()) };
  };
  const leadNow = async (id: string) => (await getJson<{ lead: LeadOut }>(`${h.url}/leads/${id}`, auth)).body.data.lead;

  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Asia/Karachi' } });
  before(async () => {
    const c = await postJson<{ lead: LeadOut }>(
      `${h.url}/leads`,
      { name: 'Page Lead', email: 'page@example.com', notes: 'original' },
      auth,
    );
    leadId = c.body.data.lead.id;
  });

  it('shows the login form and keeps every other page behind it', async () => {
    const home = await getPage(`${h.url}/admin`);
    assert.equal(home.status, 200);
    const html = await home.text();
    assert.match(html, /name="api_key"/);
    assert.match(html, /<form method="post" action="\/admin\/login"/);
    assert.match(home.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.doesNotMatch(html, /<script/i, 'no inline scripts');
    for (const p of [`/admin/leads/${leadId}`, `/admin/leads/${leadId}/delete`, '/admin/followups', '/admin/reports']) {
      const res = await getPage(`${h.url}${p}`);
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.get('location'), '/admin', p);
    }
    for (const [p, form] of [
      [`/admin/leads/${leadId}`, { status: 'lost', notes: 'hacked' }],
      [`/admin/leads/${leadId}/delete`, { confirm: 'yes' }],
      ['/admin/reports/generate', { date: '2025-01-01' }],
    ] as const) {
      const res = await postForm(`${h.url}${p}`, form);
      assert.equal(res.status, 401, p);
    }
    // A made-up session cookie is no login either.
    const forged = await getPage(`${h.url}/admin/reports`, `admin_session=${'a'.repeat(43)}`);
    assert.equal(forged.status, 303);
    const lead = await leadNow(leadId);
    assert.equal(lead.status, 'new');
    assert.equal(lead.notes, 'original');
  });

  it('logs in with the key: httpOnly SameSite=Strict session cookie, which the JSON admin routes accept too', async () => {
    const wrong = await postForm(`${h.url}/admin/login`, { api_key: 'not-the-key-at-all' });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /not right/);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const res = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin');
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^admin_session=[A-Za-z0-9_-]{32,}/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/i, 'plain http here; Secure when req.secure');
    const cookie = setCookie.split(';')[0] ?? '';
    const list = await getJson<{ total: number }>(`${h.url}/leads`, { cookie });
    assert.equal(list.status, 200);
    const page = await getPage(`${h.url}/admin`, cookie);
    assert.match(await page.text(), /Page Lead/);
  });

  it('refuses a cookie POST without the right CSRF token (403) and changes nothing', async () => {
    const { cookie, csrf } = await login();
    const forms: Array<Record<string, string>> = [{}, { _csrf: 'wrong-token' }, { _csrf: '' }];
    for (const form of forms) {
      const upd = await postForm(
        `${h.url}/admin/leads/${leadId}`,
        { ...form, status: 'lost', notes: 'changed' },
        cookie,
      );
      assert.equal(upd.status, 403);
      const del = await postForm(`${h.url}/admin/leads/${leadId}/delete`, { ...form, confirm: 'yes' }, cookie);
      assert.equal(del.status, 403);
      const gen = await postForm(`${h.url}/admin/reports/generate`, { ...form, date: '2025-01-01' }, cookie);
      assert.equal(gen.status, 403);
    }
    const json = await fetch(`${h.url}/leads/${leadId}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"status":"lost"}',
    });
    assert.equal(json.status, 403);
    const lead = await leadNow(leadId);
    assert.equal(lead.status, 'new');
    assert.equal(lead.notes, 'original');
    const reports = await getJson<{ reports: unknown[] }>(`${h.url}/leads/reports`, auth);
    assert.equal(reports.body.data.reports.length, 0);

    // With the token it works.
    const ok = await postForm(
      `${h.url}/admin/leads/${leadId}`,
      { _csrf: csrf, status: 'contacted', notes: 'called', follow_up_at: '2030-01-02' },
      cookie,
    );
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `/admin/leads/${leadId}?notice=updated`);
    const changed = await leadNow(leadId);
    assert.equal(changed.status, 'contacted');
    assert.equal(changed.notes, 'called');
    // A bad value is shown on the page, not saved.
    const bad = await postForm(`${h.url}/admin/leads/${leadId}`, { _csrf: csrf, status: 'hot' }, cookie);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /must be one of/);
    assert.equal((await leadNow(leadId)).status, 'contacted');
  });

  it('escapes stored and reflected markup (XSS) in the page HTML', async () => {
    const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
    const ids: string[] = [];
    for (const [i, name] of payloads.entries()) {
      const c = await postJson<{ lead: LeadOut }>(
        `${h.url}/leads`,
        { name, email: `xss${i}@example.com`, company: name, notes: name, fields: { [name]: name } },
        auth,
      );
      assert.equal(c.status, 201);
      ids.push(c.body.data.lead.id);
    }
    const { cookie } = await login();
    const pages = [
      `/admin`,
      `/admin?q=${encodeURIComponent('<script>alert(1)</script>')}`,
      `/admin?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`,
      ...ids.flatMap((id) => [`/admin/leads/${id}`, `/admin/leads/${id}/delete`]),
    ];
    for (const p of pages) {
      const res = await getPage(`${h.url}${p}`, cookie);
      assert.equal(res.status, 200, p);
      // The page's own scripts (static files of /admin/assets) are the only script tags allowed.
      const html = (await res.text()).replace(/<script src="\/admin\/assets\/[a-z-]+\.js" defer><\/script>/g, '');
      assert.doesNotMatch(html, /<script/i, p);
      assert.doesNotMatch(html, /<img/i, p);
      assert.doesNotMatch(html, /"><img|onerror=alert\(1\)>/, p);
    }
    const detail = await (await getPage(`${h.url}/admin/leads/${ids[0]}`, cookie)).text();
    assert.match(detail, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const detail2 = await (await getPage(`${h.url}/admin/leads/${ids[1]}`, cookie)).text();
    assert.match(detail2, /&#34;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('logs out: the session is gone for the page and the API', async () => {
    const { cookie, csrf } = await login();
    const out = await postForm(`${h.url}/admin/logout`, { _csrf: csrf }, cookie);
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /admin_session=;/);
    assert.equal((await getPage(`${h.url}/admin/reports`, cookie)).status, 303);
    assert.equal((await getJson(`${h.url}/leads`, { cookie })).status, 401);
  });

  it('rate limits login attempts per IP (429 after 10 failures, even for the right key)', async () => {
    // Successful sign-ins above did not count; one wrong key was tried in an earlier test.
    let status = 0;
    let attempts = 0;
    while (attempts < 20) {
      attempts += 1;
      const res = await postForm(`${h.url}/admin/login`, { api_key: `wrong-${attempts}` });
      status = res.status;
      if (status === 429) {
        assert.ok(Number(res.headers.get('retry-after')) > 0);
        assert.match(await res.text(), /Too many sign-in attempts/);
        break;
      }
      assert.equal(status, 401);
    }
    assert.equal(status, 429);
    assert.equal(attempts, 10, 'one wrong key earlier + 9 here = 10 allowed, the 11th refused');
    const right = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    assert.equal(right.status, 429);
  });
});
