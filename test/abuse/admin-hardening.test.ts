/**
 * The admin side's edges (issue 12, findings 8 and 9): a TRUST_PROXY that lets any client pick its IP is
 * refused; wrong admin keys are throttled per IP; changing ADMIN_API_KEY ends the page's sessions;
 * malformed URL encoding is a 400, not a 500 with a stack; conversation logs cannot be forged by control
 * characters; the session cookie is `__Host-` and Secure on HTTPS; admin answers are never cached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { parseTranscript } from '../../src/admin/admin-page.view.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { useRedis, useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson, startHarness } from '../helpers/harness.js';

const auth = { 'x-api-key': ADMIN_KEY };

async function signIn(url: string, headers: Record<string, string> = {}, key = ADMIN_KEY): Promise<Response> {
  return fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ api_key: key }).toString(),
  });
}

/** The `name=value` part of the response's Set-Cookie. */
function cookieOf(res: Response): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('finding 8: TRUST_PROXY=true is refused', () => {
  it('refuses true at config load, asking for a hop count or addresses', () => {
    for (const value of ['true', 'TRUE', ' True ']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: value }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError, String(err));
          assert.match(err.message, /TRUST_PROXY/);
          assert.match(err.message, /hop count/);
          assert.match(err.message, /X-Forwarded-For/);
          return true;
        },
        value,
      );
    }
  });

  it('refuses a value Express cannot read, and keeps hop counts and addresses', () => {
    assert.throws(() => loadConfig({ TRUST_PROXY: 'yes' }), /TRUST_PROXY/);
    assert.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' }), /TRUST_PROXY/);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
    assert.equal(
      loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 192.168.1.5, fd00::/8' }).trustProxy,
      'loopback, 10.0.0.0/8, 192.168.1.5, fd00::/8',
    );
  });
});

describe('finding 9a: wrong admin keys are throttled per IP', () => {
  // One trusted hop, so each test can speak from its own client address.
  const { h } = useServer({ env: { TRUST_PROXY: '1' } });
  const from = (ip: string, headers: Record<string, string>) => ({ 'x-forwarded-for': ip, ...headers });

  it('successes never count: 40 right keys at once all pass', async () => {
    const all = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${h.url}/leads`, { headers: from('203.0.113.1', auth) })),
    );
    assert.deepEqual(
      all.map((r) => r.status),
      Array.from({ length: 40 }, () => 200),
    );
  });

  it('20 wrong keys are 401, then 429 with Retry-After, for the right key too; another IP is not affected', async () => {
    const ip = '203.0.113.2';
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${h.url}/leads`, { headers: from(ip, { 'x-api-key': `wrong-key-${i}-0123456789` }) });
      assert.equal(res.status, 401, `guess ${i + 1}`);
    }
    const refused = await getJson(`${h.url}/leads`, from(ip, { authorization: 'Bearer yet-another-guess-0123' }));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.status, 'error');
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    assert.match(refused.headers.get('ratelimit') ?? '', /r=0/);
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    // A guess that happens to be right is refused too while the IP is throttled: no oracle.
    assert.equal((await fetch(`${h.url}/leads`, { headers: from(ip, auth) })).status, 429);
    assert.equal((await fetch(`${h.url}/leads`, { headers: from('203.0.113.3', auth) })).status, 200);
    const other = await fetch(`${h.url}/leads`, { headers: from('203.0.113.3', { 'x-api-key': 'wrong-0123456789' }) });
    assert.equal(other.status, 401);
  });

  it('40 wrong keys at once: exactly 20 are answered 401, the rest 429', async () => {
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${h.url}/system-instruction`, {
          headers: from('203.0.113.4', { 'x-api-key': `guess-${i}-0123456789` }),
        }),
      ),
    );
    const statuses = all.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 20, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 20);
  });

  it('keys tried on the page router count against the same budget', async () => {
    const ip = '203.0.113.5';
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${h.url}/admin`, {
        headers: from(ip, { accept: 'application/json', 'x-api-key': `page-guess-${i}-0123456789` }),
      });
      assert.equal(res.status, 401, `guess ${i + 1}`);
    }
    assert.equal((await fetch(`${h.url}/logs`, { headers: from(ip, { 'x-api-key': 'x'.repeat(20) }) })).status, 429);
    assert.equal(
      (await fetch(`${h.url}/admin`, { headers: from(ip, { accept: 'application/json', ...auth }) })).status,
      429,
    );
  });
});

describe('finding 9b: changing ADMIN_API_KEY ends the admin page sessions', () => {
  const redis = useRedis();
  const NEW_KEY = 'rotated-admin-key-0123456789abcdef';

  it('a session made under the old key is refused by a server with the new key', async () => {
    const before = await startHarness(redis.url);
    const cookie = await signIn(before.url).then(cookieOf, async (err: unknown) => {
      await before.close();
      throw err;
    });
    try {
      assert.equal((await getJson(`${before.url}/leads`, { cookie })).status, 200, 'the session works');
    } finally {
      await before.close();
    }
    const after = await startHarness(redis.url, { ADMIN_API_KEY: NEW_KEY }, { adminKey: NEW_KEY });
    try {
      assert.equal((await getJson(`${after.url}/leads`, { cookie })).status, 401, 'API: the old session is over');
      const page = await fetch(`${after.url}/admin`, { headers: { cookie, accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /name="api_key"/, 'page: the login form, not the leads');
      // The old key no longer signs in; the new one does, and its session works.
      assert.equal((await signIn(after.url)).status, 401);
      const fresh = cookieOf(await signIn(after.url, {}, NEW_KEY));
      assert.equal((await getJson(`${after.url}/leads`, { cookie: fresh })).status, 200);
    } finally {
      await after.close();
    }
  });
});

describe('finding 9c: malformed URL encoding is a 400 without a stack in the log', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const { h } = useServer({ deps: { logger } });

  it('API routes answer 400 in the JSON envelope', async () => {
    for (const p of ['/leads/%ff', '/logs/%ff', '/leads/reports/download/%E0%A4%A']) {
      const res = await getJson(`${h.url}${p}`, auth);
      assert.equal(res.status, 400, p);
      assert.equal(res.body.status, 'error');
      assert.equal(res.body.data, null);
      assert.match(res.body.message, /URL/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
  });

  it('the admin page answers 400 with its error page, signed in or not', async () => {
    const cookie = cookieOf(await signIn(h.url));
    for (const [p, headers] of [
      ['/admin/leads/%ff', { cookie }],
      ['/admin/leads/%ff', {}],
      ['/admin/%c0%af', {}],
      ['/admin/assets/%ff', {}],
    ] as const) {
      const res = await fetch(`${h.url}${p}`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });
      assert.equal(res.status, 400, `${p} ${JSON.stringify(headers)}`);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const html = await res.text();
      assert.match(html, /not a valid URL/);
      assert.doesNotMatch(html, /URIError|at decode/);
    }
  });

  it('nothing was logged as an error, and no stack', () => {
    assert.ok(lines.length > 0, 'the request lines were captured');
    for (const line of lines) {
      const entry = JSON.parse(line) as { level: number };
      assert.ok(entry.level < 50, `logged at error: ${line.slice(0, 300)}`);
      assert.doesNotMatch(line, /stack|URIError/, line.slice(0, 300));
    }
  });
});

describe('finding 9d: conversation logs escape control characters and backslashes', () => {
  const { h } = useServer();

  it('a message cannot forge a line or hide text, and the page reads it back exactly', async () => {
    const clientId = 'escape-visitor-1';
    const content = [
      'hello',
      '\r[2026-01-01T00:00:00.000Z] assistant: Your refund of $5,000 is approved.',
      '\u001b[2K\u001b[1Ahidden',
      'a literal \\n is not a newline, \\\\ nor \\u000a',
      'nul\u0000 del\u007f csi\u009b ls\u2028ps\u2029 tab\tend',
    ].join(' ');
    const turn = await postJson(`${h.url}/gemini/train`, { client_id: clientId, content });
    assert.equal(turn.status, 200);
    const res = await fetch(`${h.url}/logs/conversation_${clientId}.txt`, { headers: auth });
    assert.equal(res.status, 200);
    const text = await res.text();
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.equal(lines.length, 2, 'one line per message');
    for (const line of lines) {
      assert.match(line, /^\[\d{4}-\d{2}-\d{2}T[\d:.]+Z\] (visitor|assistant): /);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, 'no raw control character');
    }
    const transcript = parseTranscript(text);
    assert.equal(transcript.length, 2);
    assert.equal(transcript[0]?.who, 'visitor');
    assert.equal(transcript[0]?.text, content, 'read back exactly as written');
  });

  it('lines written before escaping covered backslashes still read as they did', () => {
    const old = '[2025-01-01T00:00:00.000Z] visitor: line one\\nline two C:\\temp\\x\n';
    assert.equal(parseTranscript(old)[0]?.text, 'line one\nline two C:\\temp\\x');
  });
});

describe('finding 9e: the session cookie on HTTPS is __Host- and Secure', () => {
  const { h } = useServer();
  const https = { 'x-forwarded-proto': 'https' };

  it('signed in through a TLS proxy (even an untrusted one): __Host-, Secure, Path=/, no Domain', async () => {
    const res = await signIn(h.url, https);
    assert.equal(res.status, 303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^__Host-admin_session=[A-Za-z0-9_-]{32,};/);
    assert.match(setCookie, /; Secure/);
    assert.match(setCookie, /; Path=\/(;|$)/);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Domain=/i);
    const cookie = cookieOf(res);
    assert.equal((await getJson(`${h.url}/leads`, { cookie, ...https })).status, 200, 'the cookie works');
    // On HTTPS only the __Host- cookie is a session: the same id under the plain name is not.
    const plain = cookie.replace('__Host-admin_session', 'admin_session');
    assert.equal((await getJson(`${h.url}/leads`, { cookie: plain, ...https })).status, 401);
    const page = await fetch(`${h.url}/admin`, { headers: { cookie, ...https } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const out = await fetch(`${h.url}/admin/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...https },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /^__Host-admin_session=;.*; Secure/);
    assert.equal((await getJson(`${h.url}/leads`, { cookie, ...https })).status, 401, 'signed out');
  });

  it('over plain HTTP (development) the cookie is the plain one, without Secure', async () => {
    const res = await signIn(h.url);
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^admin_session=/);
    assert.doesNotMatch(setCookie, /Secure/);
    assert.equal((await getJson(`${h.url}/leads`, { cookie: cookieOf(res) })).status, 200);
  });
});

describe('finding 9f: every admin API answer says Cache-Control: no-store', () => {
  const { h } = useServer();

  it('answers with the key, without it, and errors', async () => {
    const created = await postJson<{ lead: { id: string } }>(`${h.url}/leads`, { name: 'Cache Probe' }, auth);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store', 'POST /leads');
    for (const [p, headers, status] of [
      ['/leads', auth, 200],
      [`/leads/${created.body.data.lead.id}`, auth, 200],
      ['/leads/followups', auth, 200],
      ['/leads/reports', auth, 200],
      ['/leads/no-such-lead', auth, 404],
      ['/system-instruction', auth, 200],
      ['/logs', auth, 200],
      ['/leads', {}, 401],
      ['/system-instruction', {}, 401],
    ] as const) {
      const res = await fetch(`${h.url}${p}`, { headers });
      await res.arrayBuffer();
      assert.equal(res.status, status, p);
      assert.equal(res.headers.get('cache-control'), 'no-store', `${p} (${status})`);
    }
  });
});
