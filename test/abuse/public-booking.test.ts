/**
 * Nobody uses the public booking route against the business (issue 12, finding 1): a caller without the
 * admin key books only for itself (its conversation, one attendee who becomes that conversation's email,
 * the default length, a short topic inside the business's own title), and is limited per conversation,
 * per attendee email and per IP. A caller with the admin key keeps full control.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { calendarEnv, connectCalendar, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, postJson } from '../helpers/harness.js';

const ZONE = 'Europe/Madrid';
const HOURS = { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Sun 08:00-20:00' };
/** 10:00, 11:00... on the day after tomorrow, in the business zone. */
const slot = (hour: number, minute = 0) =>
  DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour, minute, second: 0, millisecond: 0 });

interface Booked {
  meeting: { status: string; start: string; end: string };
  lead: { email: string | null; client_id: string | null };
  errors?: Array<{ field: string }>;
}

describe('public booking: only for yourself, limited', () => {
  let google: FakeGoogle;
  before(async () => {
    google = await startFakeGoogle();
  });
  const { h } = useServer({ env: () => ({ ...calendarEnv(google), ...HOURS, BOOKING_LIMIT_HOURLY: '1000' }) });
  before(() => connectCalendar(h.url, ADMIN_KEY));
  after(() => google.close());

  const book = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    postJson<Booked>(`${h.url}/saba/book-meeting`, body, headers);
  /** A 400 that names `field`, and no event made. */
  const refused = async (body: Record<string, unknown>, field: string) => {
    const r = await book(body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.deepEqual(
      (r.body.data?.errors ?? []).map((e) => e.field),
      [field],
    );
    assert.equal(google.events.size, 0);
  };

  it('needs a client_id and exactly one attendee: no invitations to strangers', async () => {
    const start = slot(10).toISO();
    await refused({ start, attendees: ['me@example.com'] }, 'client_id');
    const strangers = Array.from({ length: 20 }, (_, i) => `stranger${i}@example.com`);
    await refused({ client_id: 'booker-many-1', start, attendees: strangers }, 'attendees');
  });

  it('books the default length only: a long meeting cannot block the calendar', async () => {
    const long = { client_id: 'booker-long-1', start: slot(9).toISO(), end: slot(17).toISO() };
    await refused({ ...long, attendees: ['long@example.com'] }, 'end');
  });

  it('keeps a topic inside the business title, refuses links, and makes the attendee the conversation email', async () => {
    const title = 'Your account is locked: verify at https://evil.example/login';
    await refused(
      { client_id: 'booker-topic-1', start: slot(11).toISO(), attendees: ['topic@example.com'], title },
      'title',
    );
    const ok = await book({
      client_id: 'booker-topic-1',
      start: slot(11).toISO(),
      attendees: ['Topic@Example.com'],
      title: 'Website redesign',
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.data.lead.email, 'topic@example.com');
    assert.equal(ok.body.data.lead.client_id, 'booker-topic-1');
    const event = [...google.events.values()].at(-1);
    assert.match(event?.summary ?? '', /^Northwind Digital × topic@example\.com: Website redesign$/);
    assert.deepEqual(
      event?.attendees?.map((a) => a.email),
      ['topic@example.com'],
    );
  });

  it('at most 3 distinct meetings a day per conversation and per email; a repeat is not counted', async () => {
    const mine = (hour: number, client_id = 'booker-day-1', email = 'daily@example.com') =>
      book({ client_id, start: slot(hour).toISO(), attendees: [email] });
    for (const hour of [12, 13, 14]) assert.equal((await mine(hour)).status, 201);
    assert.equal((await mine(12)).status, 200, 'the same booking again is not a new one');
    const fourth = await mine(15);
    assert.equal(fourth.status, 429);
    assert.ok(Number(fourth.headers.get('retry-after')) > 0);
    const sameEmail = await mine(16, 'booker-day-2');
    assert.equal(sameEmail.status, 429, 'another conversation with the same email');
    assert.equal((await mine(16, 'booker-day-3', 'other-daily@example.com')).status, 201);
  });

  it('racing requests cannot pass the daily cap together', async () => {
    const starts = Array.from({ length: 20 }, (_, i) => slot(8 + Math.floor(i / 2), (i % 2) * 30 + 5).toISO());
    const racing = await Promise.all(
      starts.map((start) => book({ client_id: 'booker-race-1', start, attendees: ['race@example.com'] })),
    );
    const statuses = racing.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 3, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 429).length, 17, JSON.stringify(statuses));
  });

  it('an admin caller may invite several attendees, for longer, with its own title', async () => {
    const r = await book(
      {
        start: slot(18).toISO(),
        end: slot(19, 30).toISO(),
        attendees: ['a@example.com', 'b@example.com', 'c@example.com'],
        title: 'Quarterly review',
      },
      { 'x-api-key': ADMIN_KEY },
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const event = [...google.events.values()].at(-1);
    assert.equal(event?.summary, 'Quarterly review');
    assert.equal(event?.attendees?.length, 3);
  });
});

describe('public booking: per IP', () => {
  const { h } = useServer({ env: { ...HOURS, BOOKING_LIMIT_HOURLY: '2' } });

  it(`answers 429 past BOOKING_LIMIT_HOURLY requests from one address`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await postJson(`${h.url}/saba/book-meeting`, {
        client_id: `booker-ip-${i}-x`,
        start: slot(10 + i).toISO(),
        attendees: [`ip${i}@example.com`],
      });
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, [503, 503, 429], 'two requests recorded (no calendar), the third refused');
  });
});
