/**
 * Hostile input and hostile callers against the API: XSS payloads are kept as plain text and served
 * only as JSON or text/plain with nosniff; every admin route refuses a caller without the right
 * credentials (no key, wrong key, wrong Bearer, forged cookie) and sends no CORS headers; rate limits
 * key on the real client IP, trusting X-Forwarded-For only with TRUST_PROXY.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ADMIN_KEY, getJson, postJson, startHarness, type Harness } from '../helpers/harness.js';
import { useRedis, useServer } from '../helpers/fixture.js';

const auth = { 'x-api-key': ADMIN_KEY };

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(document.cookie)',
  "'; DROP TABLE leads; --",
  '<svg/onload=alert`1`>',
];

describe('XSS payloads are stored and served as text', () => {
  const { h } = useServer();

  function assertJsonHeaders(headers: Headers, where: string): void {
    assert.match(headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/, where);
    assert.equal(headers.get('x-content-type-options'), 'nosniff', where);
  }

  it('as names, notes, fields and chat messages: JSON strings back exactly, with nosniff', async () => {
    for (const [i, payload] of PAYLOADS.entries()) {
      const clientId = `xss-visitor-${i}-x`;
      const form = await postJson<{ lead: { name: string; notes: null; fields: Record<string, string> } }>(
        `${h.url}/gemini/save-info`,
        {
          client_id: clientId,
          name: payload,
          company: payload,
          notes: payload,
          fields: { Website: payload },
        },
      );
      assert.equal(form.status, 200);
      assertJsonHeaders(form.headers, 'save-info');
      assert.equal(form.body.data.lead.name, payload, 'kept as given, not escaped or stripped');
      assert.equal(form.body.data.lead.fields.Website, payload);

      const chat = await postJson<{ reply: string }>(`${h.url}/gemini/train`, {
        client_id: clientId,
        content: `hello ${payload}`,
      });
      assert.equal(chat.status, 200);
      assertJsonHeaders(chat.headers, 'train');

      const created = await postJson<{ lead: { id: string; name: string; notes: string } }>(
        `${h.url}/leads`,
        { name: payload, notes: payload, email: `xss${i}@example.com` },
        auth,
      );
      assert.equal(created.status, 201);
      const read = await getJson<{ lead: { name: string; notes: string } }>(
        `${h.url}/leads/${created.body.data.lead.id}`,
        auth,
      );
      assertJsonHeaders(read.headers, 'GET /leads/:id');
      assert.equal(read.body.data.lead.name, payload);
      assert.equal(read.body.data.lead.notes, payload);
      const search = await getJson<{ leads: Array<{ name: string }> }>(
        `${h.url}/leads?q=${encodeURIComponent(payload)}`,
        auth,
      );
      assertJsonHeaders(search.headers, 'GET /leads?q=');
      assert.ok(search.body.data.leads.some((l) => l.name === payload));
    }
  });

  it('the conversation log is served as text/plain with nosniff, the payload verbatim', async () => {
    const res = await fetch(`${h.url}/logs/conversation_xss-visitor-0-x.txt`, { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok((await res.text()).includes(`visitor: hello ${PAYLOADS[0]}`));
  });

  it('a payload in the path of a 404 comes back as JSON text only', async () => {
    const res = await fetch(`${h.url}/leads/${encodeURIComponent('<script>alert(1)</script>')}`, { headers: auth });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const notFound = await fetch(`${h.url}/<img src=x onerror=alert(1)>`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get('content-type') ?? '', /^application\/json/);
  });
});

/**
 * Every admin route of the contract. Rows marked `later` belong to work another developer is building
 * (reports, export, the admin page); they assert what the contract promises and pass once it is merged.
 */
const ADMIN_ROUTES: Array<{ method: string; path: string; body?: unknown; page?: boolean }> = [
  { method: 'GET', path: '/leads' },
  { method: 'POST', path: '/leads', body: { name: 'Intruder', email: 'intruder@example.com' } },
  { method: 'GET', path: '/leads/followups' },
  { method: 'GET', path: '/leads/@LEAD' },
  { method: 'POST', path: '/leads/@LEAD', body: { status: 'lost' } },
  { method: 'PATCH', path: '/leads/@LEAD', body: { status: 'lost' } },
  { method: 'DELETE', path: '/leads/@LEAD' },
  { method: 'POST', path: '/leads/reports/generate', body: {} },
  { method: 'GET', path: '/leads/reports' },
  { method: 'GET', path: '/leads/reports/download/leads_report_2024-01-01.xlsx' },
  { method: 'GET', path: '/leads/export.xlsx' },
  { method: 'GET', path: '/system-instruction' },
  { method: 'POST', path: '/system-instruction', body: { system_instruction: 'hacked' } },
  { method: 'GET', path: '/logs' },
  { method: 'GET', path: '/logs/conversation_admin-probe-1.txt' },
  { method: 'POST', path: '/logs/clear', body: {} },
  { method: 'GET', path: '/authorize' },
  { method: 'POST', path: '/admin/calendar/disconnect', body: {} },
  { method: 'GET', path: '/admin', page: true },
];

const BAD_CREDENTIALS: Array<[string, Record<string, string>]> = [
  ['no credentials', {}],
  ['a wrong X-API-Key', { 'x-api-key': 'wrong-key-0123456789abcdef' }],
  ['the key with a changed last character', { 'x-api-key': `${ADMIN_KEY.slice(0, -1)}X` }],
  ['a wrong Bearer', { authorization: 'Bearer not-the-admin-key-0123456789' }],
  ['the key as Basic auth', { authorization: `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}` }],
  ['a forged session cookie', { cookie: 'admin_session=Zm9yZ2VkLXNlc3Npb24taWQtMDEyMzQ1Njc4OWFiY2RlZg' }],
  ['the key as the session cookie', { cookie: `admin_session=${ADMIN_KEY}` }],
];

describe('every admin route refuses bad credentials and sends no CORS headers', () => {
  let leadId = '';

  const { h } = useServer({ env: { CORS_ORIGINS: '*' } });
  before(async () => {
    const created = await postJson<{ lead: { id: string } }>(
      `${h.url}/leads`,
      { name: 'Protected Person', email: 'protected@example.com' },
      auth,
    );
    leadId = created.body.data.lead.id;
    await postJson(`${h.url}/gemini/train`, { client_id: 'admin-probe-1', content: 'hello' });
  });

  for (const route of ADMIN_ROUTES) {
    it(`${route.method} ${route.path}`, async () => {
      // Wrong keys are throttled per IP (admin-hardening.test.ts): each route starts with a fresh count here.
      const counted = await h.redis.keys('rl:admin-key:*');
      if (counted.length > 0) await h.redis.del(...counted);
      const path = route.path.replace('@LEAD', leadId);
      for (const [label, headers] of BAD_CREDENTIALS) {
        const res = await fetch(`${h.url}${path}`, {
          method: route.method,
          redirect: 'manual',
          headers: {
            origin: 'https://evil.example',
            ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(route.body !== undefined ? { body: JSON.stringify(route.body) } : {}),
        });
        const text = await res.text();
        if (route.page) {
          // The page: a login form or a redirect to it, never the leads.
          const location = res.headers.get('location') ?? '';
          const loginForm = res.status === 200 && /name=["']?api_key/.test(text);
          const redirected = [302, 303].includes(res.status) && /login|\/admin/.test(location);
          assert.ok(res.status === 401 || loginForm || redirected, `${label}: ${res.status} ${location}`);
          assert.ok(!text.includes('protected@example.com'), `${label}: no lead data on the page`);
        } else {
          assert.equal(res.status, 401, `${label}: ${res.status} ${text.slice(0, 200)}`);
          const body = JSON.parse(text) as { status: string; data: unknown };
          assert.equal(body.status, 'error');
          assert.equal(body.data, null);
        }
        assert.equal(res.headers.get('access-control-allow-origin'), null, `${label}: no CORS`);
        assert.equal(res.headers.get('access-control-allow-credentials'), null, `${label}: no CORS`);
      }
      // A CORS preflight from another origin gets no permission either.
      const preflight = await fetch(`${h.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': route.method,
          'access-control-request-headers': 'x-api-key',
        },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null, 'no CORS on preflight');
      assert.equal(preflight.headers.get('access-control-allow-headers'), null, 'no CORS on preflight');
    });
  }

  it('nothing was changed by the refused calls', async () => {
    const lead = await getJson<{ lead: { status: string } }>(`${h.url}/leads/${leadId}`, auth);
    assert.equal(lead.status, 200);
    assert.equal(lead.body.data.lead.status, 'new');
    const list = await getJson<{ total: number }>(`${h.url}/leads`, auth);
    assert.equal(list.body.data.total, 1);
    const si = await getJson<{ system_instruction: string }>(`${h.url}/system-instruction`, auth);
    assert.notEqual(si.body.data.system_instruction, 'hacked');
    const log = await fetch(`${h.url}/logs/conversation_admin-probe-1.txt`, { headers: auth });
    assert.equal(log.status, 200);
  });
});

describe('rate limits key on the client IP; X-Forwarded-For counts only with TRUST_PROXY', () => {
  const redis = useRedis();

  const chat = (h: Harness, forwardedFor: string, i: number) =>
    postJson(
      `${h.url}/gemini/train`,
      { client_id: 'proxy-visitor-1', content: `hi ${i}` },
      { 'x-forwarded-for': forwardedFor },
    );

  it('without TRUST_PROXY a spoofed X-Forwarded-For does not give a fresh limit', async () => {
    const h = await startHarness(redis.url, { RATE_LIMIT_HOURLY: '3', RATE_LIMIT_DAILY: '100' });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await chat(h, `203.0.113.${i + 1}`, i)).status, 200);
      const spoofed = await chat(h, '198.51.100.77', 9);
      assert.equal(spoofed.status, 429, 'a new forwarded address is still the same client');
      assert.equal((await chat(h, '198.51.100.78, 10.0.0.1', 10)).status, 429);
    } finally {
      await h.close();
      await redis.stop();
      await redis.start();
    }
  });

  it('with TRUST_PROXY=1 the limit keys on the forwarded client IP', async () => {
    const h = await startHarness(redis.url, { RATE_LIMIT_HOURLY: '3', RATE_LIMIT_DAILY: '100', TRUST_PROXY: '1' });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await chat(h, '203.0.113.10', i)).status, 200);
      assert.equal((await chat(h, '203.0.113.10', 3)).status, 429, 'the forwarded client is limited');
      assert.equal((await chat(h, '203.0.113.11', 4)).status, 200, 'another client behind the proxy is not');
      // One hop trusted: the proxy's own (rightmost) entry is the client; a forged left entry does not count.
      assert.equal(
        (await chat(h, '192.0.2.1, 203.0.113.10', 5)).status,
        429,
        'a forged leftmost entry gives no fresh limit',
      );
    } finally {
      await h.close();
    }
  });
});
