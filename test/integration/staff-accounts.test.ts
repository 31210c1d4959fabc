/**
 * Staff accounts over HTTP: admins manage accounts (JSON API and page), staff sign in with email and
 * password, the session's account is re-read on every request (disable, delete, role and password changes
 * apply at once), agents are refused what is admin-only and work leads, and who acts reaches the routes.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';
import { postForm, sessionJson, signIn, type PageSession } from '../helpers/staff-sign-in.js';

interface AccountOut {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}

const auth = { 'x-api-key': ADMIN_KEY };
const ANN = { email: 'ann@example.com', name: 'Ann Admin', role: 'admin', password: 'ann-password-long-enough' };
const BOB = { email: 'bob@example.com', name: 'Bob Agent', role: 'agent', password: 'bob-password-long-enough' };

async function keyJson<T = Record<string, unknown>>(url: string, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as { data: T; message: string } };
}

for (const engine of LEAD_ENGINES) {
  describe(`staff accounts over HTTP (${engine.name})`, () => {
    const { h } = useServer({ database: engine.database });
    const ids: Record<string, string> = {};
    let leadId: string;

    const me = async (s: PageSession) =>
      sessionJson<{ actor: { by: string; role: string } }>(`${h.url}/accounts/me`, s);

    before(async () => {
      for (const a of [ANN, BOB]) {
        const made = await postJson<{ account: AccountOut }>(`${h.url}/accounts`, a, auth);
        assert.equal(made.status, 201, made.body.message);
        ids[a.email] = made.body.data.account.id;
      }
      const lead = await postJson<{ lead: { id: string } }>(`${h.url}/leads`, { name: 'Lena Lead' }, auth);
      leadId = lead.body.data.lead.id;
    });

    it('admins add accounts: never a hash in an answer; short passwords, bad emails and taken emails refused', async () => {
      const list = await getJson<{ accounts: AccountOut[] }>(`${h.url}/accounts`, auth);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.data.accounts.map((a) => [a.email, a.name, a.role, a.disabled]),
        [
          [ANN.email, ANN.name, 'admin', false],
          [BOB.email, BOB.name, 'agent', false],
        ],
      );
      assert.doesNotMatch(JSON.stringify(list.body), /scrypt|password/i);
      const short = await postJson<{ errors: Array<{ field: string; message: string }> }>(
        `${h.url}/accounts`,
        { ...BOB, email: 'short@example.com', password: 'too-short' },
        auth,
      );
      assert.equal(short.status, 400);
      assert.deepEqual(short.body.data.errors, [{ field: 'password', message: 'must be at least 12 characters' }]);
      const bad = await postJson(`${h.url}/accounts`, { ...BOB, email: 'not-an-email', role: 'boss' }, auth);
      assert.equal(bad.status, 400);
      const taken = await postJson(`${h.url}/accounts`, { ...BOB, email: 'BOB@Example.com' }, auth);
      assert.equal(taken.status, 409);
      assert.equal((await getJson<{ accounts: unknown[] }>(`${h.url}/accounts`, auth)).body.data.accounts.length, 2);
    });

    it('signs in with email (any case) and password; who acts is the account (actorOf reaches the routes)', async () => {
      const bob = await signIn(h.url, { email: 'Bob@Example.com', password: BOB.password });
      const who = await me(bob);
      assert.equal(who.status, 200);
      assert.deepEqual(who.body.data.actor, { by: BOB.email, role: 'agent' });
      const ann = await signIn(h.url, { email: ANN.email, password: ANN.password });
      assert.deepEqual((await me(ann)).body.data.actor, { by: ANN.email, role: 'admin' });
      const key = await getJson<{ actor: unknown; account: unknown }>(`${h.url}/accounts/me`, auth);
      assert.deepEqual(key.body.data, { actor: { by: 'api key', role: 'admin' }, account: null });
      // The page says who is signed in.
      const page = await (await fetch(`${h.url}/admin`, { headers: { cookie: bob.cookie } })).text();
      assert.match(page, /id="signed-in-as"[^>]*>.*Bob Agent/s);
      assert.doesNotMatch(page, /href="\/admin\/accounts"/, 'no Accounts link for an agent');
    });

    it('an agent works leads (200) and is refused settings, accounts, webhooks, the calendar key and clearing logs (403)', async () => {
      const bob = await signIn(h.url, { email: BOB.email, password: BOB.password });
      const instruction = (await getJson<{ system_instruction: string }>(`${h.url}/system-instruction`, auth)).body.data
        .system_instruction;
      const allowed: Array<[string, string, unknown?]> = [
        ['GET', '/leads'],
        ['GET', `/leads/${leadId}`],
        ['PATCH', `/leads/${leadId}`, { status: 'contacted' }],
        ['GET', `/leads/${leadId}/activity`],
        ['GET', '/system-instruction'],
        ['GET', '/logs'],
        ['GET', '/stats'],
        ['GET', '/accounts/me'],
      ];
      for (const [method, path, body] of allowed) {
        const res = await sessionJson(`${h.url}${path}`, bob, method, body);
        assert.equal(res.status, 200, `${method} ${path}: ${res.body.message}`);
      }
      const refused: Array<[string, string, unknown?]> = [
        ['POST', '/system-instruction', { system_instruction: 'Be rude.' }],
        ['POST', '/logs/clear', {}],
        ['GET', '/webhooks/endpoints'],
        ['POST', '/webhooks/endpoints', { url: 'https://hooks.example.com/x' }],
        ['GET', '/webhooks/deliveries'],
        ['GET', '/authorize'],
        ['POST', '/admin/calendar/disconnect'],
        ['GET', '/accounts'],
        ['POST', '/accounts', { ...BOB, email: 'sneaky@example.com', role: 'admin' }],
        ['GET', `/accounts/${ids[BOB.email]}`],
        ['PATCH', `/accounts/${ids[BOB.email]}`, { role: 'admin' }],
        ['DELETE', `/accounts/${ids[ANN.email]}`],
        ['GET', '/settings'],
        ['PUT', '/settings', { profile: null }],
      ];
      for (const [method, path, body] of refused) {
        const res = await sessionJson(`${h.url}${path}`, bob, method, body);
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.status, 'error');
        assert.match(res.body.message, /admin account/);
      }
      // A friendly page, not JSON, in the page area.
      const page = await fetch(`${h.url}/admin/accounts`, { headers: { cookie: bob.cookie } });
      assert.equal(page.status, 403);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /agents work leads/);
      const form = await postForm(
        `${h.url}/admin/accounts`,
        { _csrf: bob.csrf, ...BOB, email: 'sneaky@example.com', role: 'admin' },
        bob.cookie,
      );
      assert.equal(form.status, 403);
      // Nothing changed; the lead did.
      const after = await getJson<{ system_instruction: string }>(`${h.url}/system-instruction`, auth);
      assert.equal(after.body.data.system_instruction, instruction);
      const accounts = await getJson<{ accounts: AccountOut[] }>(`${h.url}/accounts`, auth);
      assert.deepEqual(
        accounts.body.data.accounts.map((a) => `${a.email}:${a.role}`),
        [`${ANN.email}:admin`, `${BOB.email}:agent`],
      );
      const lead = await getJson<{ lead: { status: string } }>(`${h.url}/leads/${leadId}`, auth);
      assert.equal(lead.body.data.lead.status, 'contacted');
      // An admin account may do all of it.
      const ann = await signIn(h.url, { email: ANN.email, password: ANN.password });
      assert.equal((await sessionJson(`${h.url}/accounts`, ann)).status, 200);
      assert.equal((await sessionJson(`${h.url}/webhooks/endpoints`, ann)).status, 200);
      assert.equal((await fetch(`${h.url}/admin/accounts`, { headers: { cookie: ann.cookie } })).status, 200);
    });

    it('a role change applies to a live session at its next request', async () => {
      const bob = await signIn(h.url, { email: BOB.email, password: BOB.password });
      assert.equal((await sessionJson(`${h.url}/accounts`, bob)).status, 403);
      assert.equal((await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', { role: 'admin' })).status, 200);
      assert.equal((await sessionJson(`${h.url}/accounts`, bob)).status, 200);
      assert.equal((await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', { role: 'agent' })).status, 200);
      assert.equal((await sessionJson(`${h.url}/accounts`, bob)).status, 403);
    });

    it('a disabled account is signed out at once and cannot sign in; enabled again, it signs in anew', async () => {
      const bob = await signIn(h.url, { email: BOB.email, password: BOB.password });
      const off = await keyJson<{ account: AccountOut }>(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', {
        disabled: true,
      });
      assert.equal(off.body.data.account.disabled, true);
      assert.equal((await sessionJson(`${h.url}/leads`, bob)).status, 401);
      const page = await fetch(`${h.url}/admin`, { headers: { cookie: bob.cookie }, redirect: 'manual' });
      assert.match(await page.text(), /name="email"/, 'the login form');
      const again = await postForm(`${h.url}/admin/login`, { email: BOB.email, password: BOB.password });
      assert.equal(again.status, 401);
      assert.match(await again.text(), /do not match an active account/);
      await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', { disabled: false });
      assert.equal((await sessionJson(`${h.url}/leads`, bob)).status, 401, 'the old session stays ended');
      const fresh = await signIn(h.url, { email: BOB.email, password: BOB.password });
      assert.equal((await sessionJson(`${h.url}/leads`, fresh)).status, 200);
    });

    it('a wrong password and an unknown email get the same answer', async () => {
      const wrong = await postForm(`${h.url}/admin/login`, { email: BOB.email, password: 'not-bobs-password' });
      const unknown = await postForm(`${h.url}/admin/login`, { email: 'who@example.com', password: BOB.password });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.headers.get('set-cookie'), null);
      const [a, b] = [await wrong.text(), await unknown.text()];
      assert.equal(a.replaceAll(BOB.email, 'X'), b.replaceAll('who@example.com', 'X'));
    });

    it('changing one’s own password ends one’s other sessions, keeps this one; the key has none to change', async () => {
      const here = await signIn(h.url, { email: BOB.email, password: BOB.password });
      const there = await signIn(h.url, { email: BOB.email, password: BOB.password });
      const url = `${h.url}/accounts/me/password`;
      const wrong = await sessionJson<{ errors: unknown[] }>(url, here, 'POST', {
        current_password: 'not-the-password',
        new_password: 'bob-new-password-123',
      });
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.body.data.errors, [{ field: 'current_password', message: 'is not right' }]);
      const short = await sessionJson(url, here, 'POST', { current_password: BOB.password, new_password: 'short' });
      assert.equal(short.status, 400);
      const ok = await sessionJson(url, here, 'POST', {
        current_password: BOB.password,
        new_password: 'bob-new-password-123',
      });
      assert.equal(ok.status, 200, ok.body.message);
      assert.equal((await sessionJson(`${h.url}/leads`, here)).status, 200, 'this session goes on');
      assert.equal((await sessionJson(`${h.url}/leads`, there)).status, 401, 'the other one ended');
      assert.equal((await postForm(`${h.url}/admin/login`, { email: BOB.email, password: BOB.password })).status, 401);
      await signIn(h.url, { email: BOB.email, password: 'bob-new-password-123' });
      const key = await keyJson(url, 'POST', { current_password: 'x', new_password: 'whatever-long-enough' });
      assert.equal(key.status, 403);
      // An admin's reset ends the account's sessions too.
      await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', { password: BOB.password });
      assert.equal((await sessionJson(`${h.url}/leads`, here)).status, 401);
      await signIn(h.url, { email: BOB.email, password: BOB.password });
    });

    it('keeps the last active admin account (409), and a deleted account is signed out at once', async () => {
      const annId = ids[ANN.email] ?? '';
      for (const [method, body] of [
        ['PATCH', { role: 'agent' }],
        ['PATCH', { disabled: true }],
        ['DELETE', undefined],
      ] as const) {
        const res = await keyJson(`${h.url}/accounts/${annId}`, method, body);
        assert.equal(res.status, 409, `${method} ${JSON.stringify(body)}`);
        assert.match(res.body.message, /last active admin/);
      }
      const bob = await signIn(h.url, { email: BOB.email, password: BOB.password });
      const gone = await keyJson<{ account: AccountOut }>(`${h.url}/accounts/${ids[BOB.email]}`, 'DELETE');
      assert.equal(gone.status, 200);
      assert.equal(gone.body.data.account.email, BOB.email);
      assert.equal((await sessionJson(`${h.url}/leads`, bob)).status, 401);
      assert.equal((await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'DELETE')).status, 404);
      assert.equal((await keyJson(`${h.url}/accounts/${ids[BOB.email]}`, 'PATCH', {})).status, 400);
    });
  });
}

describe('the accounts page (forms)', () => {
  const { h } = useServer();
  const accountsNow = async () =>
    (await getJson<{ accounts: AccountOut[] }>(`${h.url}/accounts`, auth)).body.data.accounts;

  it('adds, changes the role of, resets, disables, enables and deletes accounts; refusals are shown on the page', async () => {
    assert.equal((await postJson(`${h.url}/accounts`, ANN, auth)).status, 201);
    const ann = await signIn(h.url, { email: ANN.email, password: ANN.password });
    const post = (path: string, form: Record<string, string>) =>
      postForm(`${h.url}/admin/accounts${path}`, { _csrf: ann.csrf, ...form }, ann.cookie);

    const added = await post('', { name: BOB.name, email: BOB.email, role: 'agent', password: BOB.password });
    assert.equal(added.status, 303);
    assert.equal(added.headers.get('location'), '/admin/accounts?notice=added');
    const bobId = (await accountsNow()).find((a) => a.email === BOB.email)?.id ?? '';
    assert.ok(bobId);
    const taken = await post('', { name: 'Again', email: 'BOB@example.com', role: 'agent', password: BOB.password });
    assert.equal(taken.status, 409);
    assert.match(await taken.text(), /already exists/);

    assert.equal((await post(`/${bobId}/role`, { role: 'admin' })).status, 303);
    assert.equal((await accountsNow()).find((a) => a.id === bobId)?.role, 'admin');
    const badRole = await post(`/${bobId}/role`, { role: 'owner' });
    assert.equal(badRole.status, 400);
    assert.match(await badRole.text(), /role must be one of admin, agent/);
    assert.equal((await post(`/${bobId}/role`, { role: 'agent' })).status, 303);

    const bob = await signIn(h.url, { email: BOB.email, password: BOB.password });
    const short = await post(`/${bobId}/password`, { password: 'short' });
    assert.equal(short.status, 400);
    assert.match(await short.text(), /at least 12 characters/);
    assert.equal((await post(`/${bobId}/password`, { password: 'a-brand-new-password' })).status, 303);
    assert.equal((await sessionJson(`${h.url}/leads`, bob)).status, 401, 'the reset ended his session');
    await signIn(h.url, { email: BOB.email, password: 'a-brand-new-password' });

    assert.equal((await post(`/${bobId}/disable`, {})).status, 303);
    assert.equal((await accountsNow()).find((a) => a.id === bobId)?.disabled, true);
    assert.equal((await post(`/${bobId}/enable`, {})).status, 303);
    assert.equal((await accountsNow()).find((a) => a.id === bobId)?.disabled, false);

    // Ann is the last admin: the page says so and nothing changes.
    const annId = (await accountsNow()).find((a) => a.email === ANN.email)?.id ?? '';
    for (const [path, form] of [
      [`/${annId}/role`, { role: 'agent' }],
      [`/${annId}/disable`, {}],
      [`/${annId}/delete`, { confirm: 'yes' }],
    ] as const) {
      const res = await post(path, form);
      assert.equal(res.status, 409, path);
      assert.match(await res.text(), /last active admin/);
    }
    const unconfirmed = await post(`/${bobId}/delete`, {});
    assert.equal(unconfirmed.status, 400);
    assert.equal((await accountsNow()).length, 2);
    assert.equal((await post(`/${bobId}/delete`, { confirm: 'yes' })).status, 303);
    assert.deepEqual(
      (await accountsNow()).map((a) => a.email),
      [ANN.email],
    );
    // Without the CSRF token nothing happens.
    const forged = await postForm(
      `${h.url}/admin/accounts`,
      { name: 'X', email: 'x@example.com', role: 'admin', password: 'forged-password-123' },
      ann.cookie,
    );
    assert.equal(forged.status, 403);
    assert.equal((await accountsNow()).length, 1);
  });
});

describe('staff sign-in is limited like the key', () => {
  const { h } = useServer();
  before(async () => {
    assert.equal((await postJson(`${h.url}/accounts`, BOB, auth)).status, 201);
  });

  it('counts wrong passwords and unknown emails: the 11th attempt is refused, even with the right password', async () => {
    for (let i = 1; i <= 10; i += 1) {
      const form =
        i % 2 ? { email: BOB.email, password: `wrong-${i}` } : { email: `nobody${i}@example.com`, password: 'x' };
      assert.equal((await postForm(`${h.url}/admin/login`, form)).status, 401, `attempt ${i}`);
    }
    const right = await postForm(`${h.url}/admin/login`, { email: BOB.email, password: BOB.password });
    assert.equal(right.status, 429);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
    assert.match(await right.text(), /Too many sign-in attempts/);
  });
});
