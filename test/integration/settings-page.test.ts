/**
 * The settings page over HTTP: behind the sign-in, one form per section with the CSRF check, a refused form
 * answered 400 with its values and an error on each field (nothing saved), a saved one redirected with a
 * notice and used by the next chat turn, a section reset to the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson, type TrainData } from '../helpers/harness.js';
import { postForm } from '../helpers/staff-sign-in.js';

const auth = { 'x-api-key': ADMIN_KEY };

const PROFILE_FORM = {
  name: 'Harbour Bikes',
  assistantName: 'Pip',
  tagline: 'Bikes for the city',
  description: 'A bike shop by the harbour.',
  hours: 'Tuesday to Sunday, 10:00 to 18:00',
  location: 'The harbour',
  contact_email: 'shop@harbour.example',
  contact_phone: '',
  contact_website: 'https://harbour.example',
  contact_address: '',
  services: 'Repairs | fixed while you wait | repair, puncture, brakes\nE-bikes | sales and rentals | ebike, electric',
  faq: 'Do you rent bikes? | Yes, by the day or the week. | rent, rental, hire',
  qualification: 'Bike | What kind of bike do you ride?',
};

describe('settings page (HTTP)', () => {
  const { h } = useServer({ env: { GEMINI_API_KEY: '' } });

  const login = async () => {
    const res = await postForm(`${h.url}/admin/login`, { api_key: ADMIN_KEY });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`${h.url}/admin/settings`, { headers: { cookie } });
    assert.equal(page.status, 200);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSRF token');
    return { cookie, csrf, html };
  };
  const version = async () => (await getJson<{ version: number }>(`${h.url}/settings`, auth)).body.data.version;

  it('is behind the sign-in', async () => {
    const res = await fetch(`${h.url}/admin/settings`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin');
    const post = await postForm(`${h.url}/admin/settings/profile`, PROFILE_FORM);
    assert.notEqual(post.headers.get('location'), '/admin/settings?notice=saved#profile');
    assert.ok(post.status === 303 || post.status >= 400, String(post.status));
    assert.equal(await version(), 0);
  });

  it('shows every section with the values in force, and no inline script', async () => {
    const { html } = await login();
    for (const id of ['profile', 'instruction', 'widget', 'meetings']) assert.match(html, new RegExp(`id="${id}"`));
    assert.match(html, /value="Northwind Digital"/);
    assert.match(html, /Website design and development \| fast, mobile-friendly/);
    assert.match(html, /value="Mon-Fri 09:00-17:00"/);
    assert.match(html, /<script src="\/admin\/assets\/settings.js" defer><\/script>/);
    assert.doesNotMatch(html.replace(/<script src="[^"]+" defer><\/script>/g, ''), /<script/i);
    assert.equal((await fetch(`${h.url}/admin/assets/settings.js`)).status, 200);
  });

  it('refuses a post without the CSRF token', async () => {
    const { cookie } = await login();
    const res = await postForm(`${h.url}/admin/settings/profile`, PROFILE_FORM, cookie);
    assert.equal(res.status, 403);
    assert.equal(await version(), 0);
  });

  it('answers a bad form with its values and each field’s error, and saves nothing', async () => {
    const { cookie, csrf } = await login();
    const bad = await postForm(
      `${h.url}/admin/settings/profile`,
      { ...PROFILE_FORM, _csrf: csrf, name: '', faq: 'Do you rent bikes? | Yes. | rent\nNo answer here' },
      cookie,
    );
    assert.equal(bad.status, 400);
    const html = await bad.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /id="profile-name"[^>]*aria-invalid="true"/);
    assert.match(html, /<p class="field-error" id="profile-faq-error">Frequent questions: line 2: answer: /);
    assert.match(html, /value="Pip"/, 'the values typed are kept');
    const meetings = await postForm(
      `${h.url}/admin/settings/meetings`,
      { _csrf: csrf, business_hours: 'whenever', timezone: 'Nowhere/Land', duration_minutes: 'ten' },
      cookie,
    );
    assert.equal(meetings.status, 400);
    const mhtml = await meetings.text();
    for (const field of ['business_hours', 'timezone', 'duration_minutes']) {
      assert.match(mhtml, new RegExp(`id="meetings-${field}-error"`), field);
    }
    const widget = await postForm(
      `${h.url}/admin/settings/widget`,
      { _csrf: csrf, title: 'x', subtitle: 'y', greeting: '', accent: 'javascript:alert(1)', position: 'right' },
      cookie,
    );
    assert.equal(widget.status, 400);
    assert.match(await widget.text(), /id="widget-accent-error"/);
    assert.equal(await version(), 0);
  });

  it('saves a section, redirects with a notice, and the next chat turn uses it; reset goes back', async () => {
    const { cookie, csrf } = await login();
    const res = await postForm(`${h.url}/admin/settings/profile`, { ...PROFILE_FORM, _csrf: csrf }, cookie);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/settings?notice=saved#profile');
    const saved = await getJson<{ settings: { profile: Record<string, unknown> } }>(`${h.url}/settings`, auth);
    assert.deepEqual(saved.body.data.settings.profile.services, [
      { name: 'Repairs', description: 'fixed while you wait', keywords: ['repair', 'puncture', 'brakes'] },
      { name: 'E-bikes', description: 'sales and rentals', keywords: ['ebike', 'electric'] },
    ]);
    assert.deepEqual(saved.body.data.settings.profile.qualification, [
      { label: 'Bike', question: 'What kind of bike do you ride?' },
    ]);
    const turn = await postJson<TrainData>(`${h.url}/gemini/train`, { client_id: 'page-visitor-1', content: 'Hi!' });
    assert.match(turn.body.data.reply, /Welcome to Harbour Bikes/);
    const rent = await postJson<TrainData>(`${h.url}/gemini/train`, {
      client_id: 'page-visitor-1',
      content: 'Can I rent a bike?',
    });
    assert.match(rent.body.data.reply, /by the day or the week/);
    const page = await (await fetch(`${h.url}/admin/settings?notice=saved`, { headers: { cookie } })).text();
    assert.match(page, /Settings saved/);
    assert.match(page, /Last saved .* by api key/);

    const meetings = await postForm(
      `${h.url}/admin/settings/meetings`,
      { _csrf: csrf, business_hours: 'Tue-Sun 10:00-18:00', timezone: 'Europe/Lisbon', duration_minutes: '45' },
      cookie,
    );
    assert.equal(meetings.status, 303);
    const reset = await postForm(`${h.url}/admin/settings/profile/reset`, { _csrf: csrf }, cookie);
    assert.equal(reset.status, 303);
    const after = await getJson<{ saved: Record<string, boolean>; settings: { meetings: unknown } }>(
      `${h.url}/settings`,
      auth,
    );
    assert.deepEqual(after.body.data.saved, { profile: false, widget: false, meetings: true });
    assert.deepEqual(after.body.data.settings.meetings, {
      business_hours: 'Tue-Sun 10:00-18:00',
      timezone: 'Europe/Lisbon',
      duration_minutes: 45,
    });
    assert.equal((await postForm(`${h.url}/admin/settings/nothing`, { _csrf: csrf }, cookie)).status, 404);
  });
});
