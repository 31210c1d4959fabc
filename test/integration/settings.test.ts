/**
 * GET and PUT /settings over HTTP, on both engines: bad input is a 400 naming each field and saves nothing;
 * a save is used by the very next chat turn (the offline assistant: the business's name, its hours, the
 * meeting rules), by the widget script and the demo page, and, with PostgreSQL, by another instance on the
 * same database; `null` returns a section to the file or environment.
 */
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, describe, it } from 'node:test';
import { systemText, lastTurnText } from '../helpers/fake-gemini.js';
import { LEAD_ENGINES, useServer } from '../helpers/fixture.js';
import { useGeminiStack, type GeminiStack } from '../helpers/gemini-stack.js';
import { ADMIN_KEY, getJson, postJson, startHarness, type Harness, type TrainData } from '../helpers/harness.js';

const auth = { 'x-api-key': ADMIN_KEY };

interface SettingsData {
  settings: {
    profile: { name: string; hours: string; assistantName: string; faq: unknown[]; services: unknown[] };
    widget: { title: string; subtitle: string; greeting: string; accent: string; position: string };
    meetings: { business_hours: string; timezone: string; duration_minutes: number };
    system_instruction: string;
  };
  saved: { profile: boolean; widget: boolean; meetings: boolean };
  version: number;
  saved_at: string | null;
  saved_by: string | null;
}

interface MeetingTurn extends TrainData<{ email: string | null } | null> {
  meeting: { status: string; start: string; end: string } | null;
}

async function putJson(url: string, body: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; data: SettingsData & { errors?: Array<{ field: string }> } },
  };
}

const PROFILE = {
  name: 'Kowhai Plumbing',
  assistantName: 'Tui',
  tagline: 'Plumbing done right',
  description: 'Plumbers in Wellington.',
  services: [{ name: 'Blocked drains', description: 'cleared the same day', keywords: ['drain', 'blocked'] }],
  hours: 'every day, 7:00 to 19:00',
  location: 'Wellington',
  contact: { email: 'hello@kowhai.example', phone: '+64 4 555 0100', website: '', address: '' },
  faq: [{ question: 'Do you work weekends?', answer: 'Yes, on call all weekend.', keywords: ['weekend'] }],
  qualification: [{ label: 'Suburb', question: 'Which suburb are you in?' }],
};

for (const engine of LEAD_ENGINES) {
  describe(`settings over HTTP (${engine.name})`, () => {
    const { h, redis, db } = useServer({ database: engine.database, env: { GEMINI_API_KEY: '' } });
    let visitor = 0;
    const say = async (content: string, clientId = `settings-${engine.name}-${(visitor += 1)}`, on: Harness = h) => {
      const r = await postJson<MeetingTurn>(`${on.url}/gemini/train`, { client_id: clientId, content });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.data;
    };
    const read = async (on: Harness = h) => (await getJson<SettingsData>(`${on.url}/settings`, auth)).body.data;

    it('shows the file and environment values when nothing is saved', async () => {
      const r = await getJson<SettingsData>(`${h.url}/settings`, auth);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const data = r.body.data;
      assert.equal(data.settings.profile.name, 'Northwind Digital');
      assert.deepEqual(data.settings.meetings, {
        business_hours: 'Mon-Fri 09:00-17:00',
        timezone: 'UTC',
        duration_minutes: 30,
      });
      assert.equal(data.settings.widget.title, 'Chat with us');
      assert.equal(data.settings.system_instruction, 'You are a test assistant for a business.');
      assert.deepEqual(data.saved, { profile: false, widget: false, meetings: false });
      assert.equal(data.version, 0);
    });

    it('needs admin credentials', async () => {
      assert.equal((await fetch(`${h.url}/settings`)).status, 401);
      assert.equal((await putJson(`${h.url}/settings`, { widget: null }, {})).status, 401);
    });

    it('refuses bad input with every field named, and saves nothing', async () => {
      const before = await read();
      const cases: Array<[unknown, string[]]> = [
        [
          { meetings: { business_hours: 'weekdays 9-5', timezone: 'Mars/Olympus', duration_minutes: 2 } },
          ['meetings.business_hours', 'meetings.timezone', 'meetings.duration_minutes'],
        ],
        [
          { widget: { title: '', subtitle: 'x', greeting: '', accent: 'red; background:url(x)', position: 'top' } },
          ['widget.title', 'widget.accent', 'widget.position'],
        ],
        [
          { profile: { ...PROFILE, name: '', faq: [{ question: 'Q?', answer: 'A', keywords: [] }] } },
          ['profile.name', 'profile.faq.0.keywords'],
        ],
        // A valid section beside a bad one: neither is saved.
        [
          {
            profile: PROFILE,
            meetings: { business_hours: 'Mon-Fri 18:00-09:00', timezone: 'UTC', duration_minutes: 30 },
          },
          ['meetings.business_hours'],
        ],
        [{ colour: 'red' }, ['body']],
        [{}, ['body']],
        [{ system_instruction: '   ' }, ['system_instruction']],
      ];
      for (const [body, fields] of cases) {
        const r = await putJson(`${h.url}/settings`, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        const named = (r.body.data.errors ?? []).map((e) => e.field);
        for (const field of fields) assert.ok(named.includes(field), `${field} in ${named.join(', ')}`);
      }
      assert.equal((await putJson(`${h.url}/settings`, 'not json{')).status, 400);
      const text = await fetch(`${h.url}/settings`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: 'x',
      });
      assert.equal(text.status, 415);
      assert.deepEqual(await read(), before);
      assert.match((await say('Hello!')).reply, /Welcome to Northwind Digital/);
    });

    it('uses a saved profile from the next chat turn on', async () => {
      const clientId = `settings-profile-${engine.name}`;
      assert.match((await say('Hello!', clientId)).reply, /Northwind Digital/);
      const r = await putJson(`${h.url}/settings`, { profile: PROFILE });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.saved.profile, true);
      assert.equal(r.body.data.saved_by, 'api key');
      assert.equal(r.body.data.settings.profile.name, 'Kowhai Plumbing');
      // The same conversation's next turn, and a new one.
      assert.match((await say('What are your opening hours?', clientId)).reply, /every day, 7:00 to 19:00/);
      const fresh = await say('Hello!');
      assert.match(fresh.reply, /Welcome to Kowhai Plumbing/);
      assert.doesNotMatch(fresh.reply, /Northwind/);
      assert.match((await say('do you work on the weekend?')).reply, /on call all weekend/);
      // The business's own email, quoted back, is not taken for the visitor's (capture follows the profile).
      const quoted = await say('I found you at hello@kowhai.example, can you help?');
      assert.equal(quoted.lead?.email ?? null, null);
      // The demo page and the widget script follow too.
      const demo = await (await fetch(`${h.url}/`)).text();
      assert.match(demo, /<title>Kowhai Plumbing/);
    });

    it('uses saved meeting hours and zone for the next booking decision', async () => {
      const put = (meetings: unknown) => putJson(`${h.url}/settings`, { meetings });
      // 03:30 UTC is outside the environment's Mon-Fri 09:00-17:00 (UTC): refused.
      const before = await say('Could we have a call tomorrow at 3:30am?');
      assert.notEqual(before.meeting?.status, 'proposed');
      const r = await put({ business_hours: 'Mon-Sun 03:00-05:00', timezone: 'Asia/Tokyo', duration_minutes: 45 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const after = await say('Could we have a call tomorrow at 3:30am?');
      assert.equal(after.meeting?.status, 'proposed', after.reply);
      assert.match(after.meeting?.start ?? '', /T03:30:00\.000\+09:00$/);
      const minutes = (Date.parse(after.meeting?.end ?? '') - Date.parse(after.meeting?.start ?? '')) / 60_000;
      assert.equal(minutes, 45);
      assert.match(after.reply, /Asia\/Tokyo/);
      // Back to the environment's rules.
      assert.equal((await put(null)).body.data.saved.meetings, false);
      assert.equal((await read()).settings.meetings.timezone, 'UTC');
    });

    it('serves saved widget texts and colours inside widget.js, with a new ETag', async () => {
      const first = await fetch(`${h.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
      const etag = first.headers.get('etag');
      assert.doesNotMatch(await first.text(), /Kowhai chat/);
      const widget = {
        title: 'Kowhai chat',
        subtitle: 'We answer fast',
        greeting: 'Kia ora! "Quotes" </script>',
        accent: '#0F766E',
        position: 'left',
      };
      const r = await putJson(`${h.url}/settings`, { widget });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.settings.widget.accent, '#0f766e');
      const second = await fetch(`${h.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
      const code = await second.text();
      assert.notEqual(second.headers.get('etag'), etag);
      assert.match(code, /Kowhai chat/);
      assert.match(code, /#0f766e/);
      assert.doesNotMatch(code, /__LEAD_CHAT_SETTINGS__/);
      // Still one valid script (the texts are a JSON string literal inside it).
      assert.doesNotThrow(() => new vm.Script(code));
      const gz = await fetch(`${h.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
      assert.match(await gz.text(), /Kowhai chat/);
      assert.equal(
        (
          await fetch(`${h.url}/widget.js`, {
            headers: {
              'if-none-match': second.headers.get('etag') ?? '',
              'accept-encoding': 'identity',
              'cache-control': 'max-age=0',
            },
          })
        ).status,
        304,
      );
      // The demo page leaves the options to the saved settings.
      assert.doesNotMatch(await (await fetch(`${h.url}/`)).text(), /data-accent/);
    });

    it('saves the instruction where POST /system-instruction does', async () => {
      const r = await putJson(`${h.url}/settings`, { system_instruction: 'Speak like a friendly plumber.' });
      assert.equal(r.status, 200);
      const got = await getJson<{ system_instruction: string }>(`${h.url}/system-instruction`, auth);
      assert.equal(got.body.data.system_instruction, 'Speak like a friendly plumber.');
    });

    it('goes back to the file with null, and two saves never lose each other’s sections', async () => {
      const [a, b] = await Promise.all([
        putJson(`${h.url}/settings`, { profile: { ...PROFILE, name: 'Tui Drains' } }),
        putJson(`${h.url}/settings`, {
          widget: { title: 'T', subtitle: 'S', greeting: '', accent: '#123', position: 'right' },
        }),
      ]);
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      const both = await read();
      assert.equal(both.settings.profile.name, 'Tui Drains');
      assert.equal(both.settings.widget.title, 'T');
      const reset = await putJson(`${h.url}/settings`, { profile: null, widget: null });
      assert.deepEqual(reset.body.data.saved, { profile: false, widget: false, meetings: false });
      assert.match((await say('Hello!')).reply, /Welcome to Northwind Digital/);
    });

    if (engine.database) {
      describe('another instance on the same database', () => {
        let other: Harness | undefined;
        after(() => other?.close());

        it('uses a save made on the first instance from its next turn on', async () => {
          other = await startHarness(redis.url, { DATABASE_URL: db.url, GEMINI_API_KEY: '' });
          assert.match((await say('Hello!', 'other-instance-1', other)).reply, /Northwind Digital/);
          const r = await putJson(`${h.url}/settings`, { profile: { ...PROFILE, name: 'Shared Plumbing' } });
          assert.equal(r.status, 200);
          assert.match((await say('Hello!', 'other-instance-2', other)).reply, /Welcome to Shared Plumbing/);
          assert.equal((await read(other)).settings.profile.name, 'Shared Plumbing');
          await putJson(`${other.url}/settings`, { profile: null });
          assert.match((await say('Hello!', 'other-instance-3')).reply, /Welcome to Northwind Digital/);
        });
      });
    }
  });
}

describe('settings in the Gemini prompt', () => {
  let stack: GeminiStack | undefined;
  useGeminiStack({}, (s) => (stack = s));
  const parts = () => {
    if (!stack) throw new Error('the stack is not started');
    return stack;
  };

  it('puts a saved profile and meeting rules into the next turn’s system instruction', async () => {
    const { h, gemini } = parts();
    const turn = (content: string) => postJson(`${h.url}/gemini/train`, { client_id: 'gemini-settings-1', content });
    assert.equal((await turn('Hello')).status, 200);
    const before = systemText(gemini.requests.at(-1) ?? assert.fail('no request'));
    assert.match(before, /Business: Northwind Digital/);
    const r = await putJson(`${h.url}/settings`, {
      profile: PROFILE,
      meetings: { business_hours: 'Mon-Sat 07:00-19:00', timezone: 'Pacific/Auckland', duration_minutes: 60 },
    });
    assert.equal(r.status, 200);
    assert.equal((await turn('And what do you do?')).status, 200);
    const after = systemText(gemini.requests.at(-1) ?? assert.fail('no request'));
    assert.match(after, /Business: Kowhai Plumbing — Plumbing done right/);
    assert.match(after, /- Blocked drains: cleared the same day/);
    assert.match(after, /Meetings can be booked Mon-Sat 07:00-19:00 \(Pacific\/Auckland\), 60 minutes each/);
    assert.doesNotMatch(after, /Northwind/);
    // The turn's clock is in the saved zone too.
    assert.match(lastTurnText(gemini.requests.at(-1) ?? assert.fail('no request')), /\(Pacific\/Auckland\)\./);
  });
});
