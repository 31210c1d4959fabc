/**
 * The lead page's forms over HTTP, as a browser posts them (session cookie and CSRF token): notes, edits of
 * every field with custom fields renamed and removed, "use this value" (only for a value a conversation
 * gave and the lead lacks; one another lead holds is refused with the reason), "New lead", and errors as
 * pages with what was typed kept.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';
import {
  adminAuth as auth,
  adminLeadOf,
  eventsOf,
  leadOfConversation,
  postForm,
  saveInfos,
  type TimelineLead as LeadOut,
} from '../helpers/lead-timeline.js';

describe('lead page forms (HTTP)', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: 'Europe/Paris' } });
  let cookie = '';
  let csrf = '';
  let leadId = '';

  const events = (id: string) => eventsOf(h.url, id);
  const leadNow = (id: string) => adminLeadOf(h.url, id);
  const post = (path: string, form: Record<string, string>) =>
    postForm(`${h.url}${path}`, { _csrf: csrf, ...form }, cookie);

  before(async () => {
    const login = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`${h.url}/admin`, { headers: { cookie } });
    csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    assert.ok(csrf);
    await saveInfos(
      h.url,
      { client_id: 'page-form-1', name: 'Paul Page', email: 'paul@page.example' },
      { client_id: 'page-form-2', email: 'paul@page.example', name: 'Paul P. Other', fields: { Budget: '1k' } },
      { client_id: 'page-form-1', fields: { Budget: '2k' } },
    );
    leadId = (await leadOfConversation(h.url, 'page-form-1')).id;
    assert.ok(leadId);
  });

  it('adds notes (each kept) and refuses an empty one or one without the CSRF token', async () => {
    const noToken = await postForm(`${h.url}/admin/leads/${leadId}/notes`, { note: 'no token' }, cookie);
    assert.equal(noToken.status, 403);
    const empty = await post(`/admin/leads/${leadId}/notes`, { note: '   ' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Note must not be empty/);
    for (const note of ['First call', 'Second call']) {
      const res = await post(`/admin/leads/${leadId}/notes`, { note });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `/admin/leads/${leadId}?notice=noted#timeline`);
    }
    const notes = (await events(leadId)).filter((e) => e.type === 'note');
    assert.deepEqual(
      notes.map((e) => [e.data.text, e.by]),
      [
        ['First call', 'api key'],
        ['Second call', 'api key'],
      ],
    );
    const page = await (await fetch(`${h.url}/admin/leads/${leadId}`, { headers: { cookie } })).text();
    assert.ok(page.indexOf('Second call') < page.indexOf('First call'), 'newest first on the page');
  });

  it('edits every field: contact details, a custom field renamed, another added; bad input keeps what was typed', async () => {
    const bad = await post(`/admin/leads/${leadId}`, {
      name: 'Paul Page',
      email: 'paul@page.example',
      phone: '12',
      company: 'Typed Company',
      status: 'new',
      f_orig_0: 'Budget',
      f_label_0: 'Budget',
      f_value_0: '2k',
    });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /id="e-phone"/);
    assert.match(html, /value="Typed Company"/);
    assert.equal((await leadNow(leadId)).company, null, 'nothing changed');

    const ok = await post(`/admin/leads/${leadId}`, {
      name: 'Paul Page',
      email: 'paul@page.example',
      phone: '+33 1 42 68 53 00',
      company: 'Page SARL',
      status: 'qualified',
      follow_up_at: '2030-01-15',
      f_orig_0: 'Budget',
      f_label_0: 'Budget (EUR)',
      f_value_0: '2000',
      new_label: 'Team size',
      new_value: '12',
    });
    assert.equal(ok.status, 303);
    const lead = await leadNow(leadId);
    assert.deepEqual([lead.company, lead.fields], ['Page SARL', { 'Budget (EUR)': '2000', 'Team size': '12' }]);
    const changes = (await events(leadId)).filter((e) => e.type === 'field_changed' || e.type === 'status_changed');
    assert.deepEqual(
      changes.map((e) => [e.type, e.data.field ?? null, e.data.from, e.data.to]),
      [
        ['field_changed', 'phone', null, '+33142685300'],
        ['field_changed', 'company', null, 'Page SARL'],
        ['field_changed', 'follow_up_at', null, '2030-01-15'],
        ['field_changed', 'Budget', '2k', null],
        ['field_changed', 'Budget (EUR)', null, '2000'],
        ['field_changed', 'Team size', null, '12'],
        ['status_changed', null, 'new', 'qualified'],
      ],
    );
    const unchanged = await post(`/admin/leads/${leadId}`, { name: 'Paul Page', status: 'qualified' });
    assert.equal(unchanged.headers.get('location'), `/admin/leads/${leadId}?notice=unchanged`);
  });

  it('"use this value" applies only a value a conversation gave and the lead lacks, once', async () => {
    const made = await post(`/admin/leads/${leadId}/accept`, {
      field: 'name',
      value: 'Made Up',
      client_id: 'page-form-2',
    });
    assert.equal(made.status, 400);
    assert.equal((await leadNow(leadId)).name, 'Paul Page');

    const offer = { field: 'name', value: 'Paul P. Other', client_id: 'page-form-2' };
    const accepted = await post(`/admin/leads/${leadId}/accept`, offer);
    assert.equal(accepted.status, 303);
    assert.equal(accepted.headers.get('location'), `/admin/leads/${leadId}?notice=accepted`);
    assert.equal((await leadNow(leadId)).name, 'Paul P. Other');
    const last = (await events(leadId)).at(-1);
    assert.deepEqual(last?.data, {
      field: 'name',
      from: 'Paul Page',
      to: 'Paul P. Other',
      accepted_from: 'page-form-2',
    });
    assert.equal((await post(`/admin/leads/${leadId}/accept`, offer)).status, 400, 'applied already');
  });

  it('"use this value" for an email another lead holds is refused with the reason, changing nothing', async () => {
    await postJson(`${h.url}/leads`, { name: 'Holder', email: 'held@page.example' }, auth);
    await postJson(`${h.url}/gemini/save-info`, { client_id: 'page-form-3', name: 'Tess Test', phone: '+33612345678' });
    await postJson(`${h.url}/gemini/save-info`, {
      client_id: 'page-form-4',
      phone: '+33612345678',
      email: 'x@page.example',
    });
    const list = await getJson<{ leads: LeadOut[] }>(`${h.url}/leads?q=Tess`, auth);
    const tess = list.body.data.leads[0];
    assert.ok(tess);
    // The lead took the email (it had none); staff then set another, so the visitor's is "not applied".
    await postJson(`${h.url}/leads/${tess.id}`, { email: 'tess@page.example' }, auth);
    await postJson(`${h.url}/gemini/save-info`, { client_id: 'page-form-4', email: 'held@page.example' });
    const offered = (await events(tess.id)).find((e) => e.type === 'value_not_applied' && e.data.field === 'email');
    assert.equal(offered?.data.value, 'held@page.example');
    const res = await post(`/admin/leads/${tess.id}/accept`, {
      field: 'email',
      value: 'held@page.example',
      client_id: 'page-form-4',
    });
    assert.equal(res.status, 409);
    assert.match(await res.text(), /already on another lead/);
    assert.equal((await leadNow(tess.id)).email, 'tess@page.example');
  });

  it('"New lead": errors shown with what was typed, then the lead made by the signed-in staff', async () => {
    const bad = await post('/admin/leads/new', { company: 'Nameless Co', new_label: 'Budget' });
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /give at least one of name, email, phone/);
    assert.match(html, /give a value too/);
    assert.match(html, /value="Nameless Co"/);

    const res = await post('/admin/leads/new', { name: 'Nina New', phone: '+33 6 98 76 54 32', status: 'contacted' });
    assert.equal(res.status, 303);
    const id = /^\/admin\/leads\/([a-f0-9]{32})\?notice=created$/.exec(res.headers.get('location') ?? '')?.[1];
    assert.ok(id, res.headers.get('location') ?? '');
    const [created] = await events(id);
    assert.deepEqual([created?.type, created?.by, created?.data.source], ['created', 'api key', 'api']);
    const page = await fetch(`${h.url}/admin/leads/${id}?notice=created`, { headers: { cookie } });
    assert.match(await page.text(), /Lead created\./);
  });

  it('an unknown lead is a 404 page, not JSON', async () => {
    const res = await fetch(`${h.url}/admin/leads/${'f'.repeat(32)}`, { headers: { cookie } });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const note = await post(`/admin/leads/${'f'.repeat(32)}/notes`, { note: 'hello' });
    assert.equal(note.status, 404);
  });
});
