/**
 * Booking from the chat and the API, against a fake Google (OAuth + Calendar) spoken to by the real
 * googleapis client: the time asked for, once, on a free slot.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { before, beforeEach, describe, it } from 'node:test';
import { useConnectedCalendar } from '../helpers/calendar-server.js';
import type { FakeGoogle } from '../helpers/fake-google.js';
import { ADMIN_KEY, getJson, postJson, startHarness } from '../helpers/harness.js';
import { calendarEnv } from '../helpers/fake-google.js';
import { GoogleCalendarGateway } from '../../src/meetings/google-calendar.client.js';
import { createLogger } from '../../src/infra/logger.js';
import { useServer } from '../helpers/fixture.js';

interface Meeting {
  status: string;
  start: string;
  end: string;
  event_id: string | null;
  meet_link: string | null;
}
interface Turn {
  reply: string;
  meeting: Meeting | null;
  lead: { status: string; meeting: Meeting | null; email: string | null } | null;
}

const ZONE = 'America/New_York';

describe('meetings with a connected Google Calendar', () => {
  let clock: Date | undefined;
  const now = () => clock ?? new Date();
  const { h, google: fake } = useConnectedCalendar(
    { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Sun 08:00-20:00' },
    now,
  );
  let google: FakeGoogle;
  before(async () => {
    google = fake();
    assert.equal((await getJson<{ calendar: string }>(`${h.url}/health`)).body.data.calendar, 'connected');
  });
  beforeEach(() => {
    clock = undefined;
  });

  const say = async (client_id: string, content: string) => {
    const r = await postJson<Turn>(`${h.url}/gemini/train`, { client_id, content });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  const inserts = () => google.apiRequests().filter((r) => r.method === 'POST' && /\/events$/.test(r.path));

  it('proposes the time asked for, asks for an email, books once on a clear yes with a Meet link', async () => {
    const id = 'booker-visitor-1';
    const first = await say(id, 'Hi, I would like to book a meeting');
    assert.match(first.reply, /which day and time/i);
    assert.equal(first.meeting, null);

    const proposed = await say(id, 'tomorrow at 3pm');
    const tomorrow3 = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 1 })
      .set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    assert.equal(proposed.meeting?.status, 'proposed');
    assert.equal(DateTime.fromISO(proposed.meeting?.start ?? '').toMillis(), tomorrow3.toMillis());
    assert.equal(proposed.lead?.meeting?.status, 'proposed');
    assert.match(
      proposed.reply,
      new RegExp(`${tomorrow3.toFormat('cccc, d LLLL yyyy')} at 15:00 \\(America/New_York\\)`),
    );
    assert.match(proposed.reply, /email/i, 'a booking needs an email first');

    const yesterday = await say(id, 'yesterday');
    assert.notEqual(yesterday.meeting?.status, 'scheduled');
    const noEmailYes = await say(id, 'yes');
    assert.match(noEmailYes.reply, /email/i);
    assert.equal(inserts().length, 0, 'nothing booked without an email, nor on "yesterday"');

    const withEmail = await say(id, 'my email is booker@example.com');
    assert.equal(withEmail.meeting?.status, 'proposed');
    assert.match(withEmail.reply, /reply "yes"/i);

    const butNot = await say(id, 'yes, but not Friday');
    assert.notEqual(butNot.meeting?.status, 'scheduled');
    assert.equal(inserts().length, 0);

    const booked = await say(id, 'Yes please');
    assert.equal(booked.meeting?.status, 'scheduled');
    assert.match(booked.meeting?.meet_link ?? '', /^https:\/\/meet\.google\.com\//);
    assert.ok(booked.reply.includes(booked.meeting?.meet_link ?? '-'), 'the reply carries the Meet link');
    assert.equal(booked.lead?.status, 'meeting_scheduled');
    const calls = inserts();
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.equal(call.query.conferenceDataVersion, '1');
    assert.equal(call.query.sendUpdates, 'all');
    const body = call.body as {
      start: { dateTime: string; timeZone: string };
      attendees: Array<{ email: string }>;
      conferenceData: { createRequest: { requestId: string } };
    };
    assert.equal(body.start.timeZone, ZONE);
    assert.equal(new Date(body.start.dateTime).getTime(), tomorrow3.toMillis());
    assert.deepEqual(
      body.attendees.map((a) => a.email),
      ['booker@example.com'],
    );
    assert.ok(body.conferenceData.createRequest.requestId);

    const again = await say(id, 'yes');
    assert.match(again.reply, /already booked/i);
    await Promise.all([say(id, 'yes'), say(id, 'ok')]);
    assert.equal(google.events.size, 1, 'a proposal confirmed again books once');
    // Another time named in the chat: the booking stands, the meeting page is where it moves.
    const moved = await say(id, 'sorry, could we do 5pm instead');
    assert.match(moved.reply, /already booked/i);
    assert.match(moved.reply, /\/meetings\/[A-Za-z0-9_-]{20,}/);
    assert.equal(google.events.size, 1);
  });

  it('two quick confirmations of one proposal create one event', async () => {
    const id = 'double-yes-1';
    await say(id, 'Book a call next Tuesday 11:30 please, my email is double@example.com');
    const [a, b] = await Promise.all([say(id, 'yes'), say(id, 'yes')]);
    assert.deepEqual([a.meeting?.status ?? 'none', b.meeting?.status ?? 'none'].sort(), ['none', 'scheduled']);
    assert.equal(google.events.size, 1);
  });

  it('a "yes" sent to two instances at once books once: the second sees the first\'s booking', async () => {
    // A second instance on the same Redis and calendar connection (its own lead files: the embedded store
    // is one instance only; with DATABASE_URL the leads are shared too).
    const second = await startHarness(
      h.config.redisUrl ?? '',
      { ...calendarEnv(google), BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Sun 08:00-20:00' },
      {
        calendar: new GoogleCalendarGateway({
          config: h.config,
          logger: createLogger('silent'),
          dataDir: h.dataDir,
          backoffMs: 5,
        }),
        now,
      },
    );
    try {
      const id = 'two-instances-yes-1';
      await say(id, 'Book a call next Wednesday 10:30 please, my email is two.instances@example.com');
      // Each "yes" carries the email (the widget's form field), so each instance knows whom to invite.
      const yesTo = async (url: string) => {
        const body = { client_id: id, content: 'yes', email: 'two.instances@example.com' };
        const r = await postJson<Turn>(`${url}/gemini/train`, body);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.data;
      };
      const [a, b] = await Promise.all([yesTo(h.url), yesTo(second.url)]);
      assert.deepEqual([a.meeting?.status ?? 'none', b.meeting?.status ?? 'none'].sort(), ['none', 'scheduled']);
      assert.equal(inserts().length, 1, 'one insert sent to Google, not a second one answered by a conflict');
      assert.equal(google.events.size, 1);
      const late = a.meeting ? b : a;
      assert.match(late.reply, /already booked/i);
    } finally {
      await second.close();
    }
  });

  for (const [phrase, check] of [
    ['next Tuesday 11:30', (d: DateTime) => d.weekday === 2 && d.hour === 11 && d.minute === 30],
    ['Dec 25 10am', (d: DateTime) => d.month === 12 && d.day === 25 && d.hour === 10],
    ['15:00 on Friday', (d: DateTime) => d.weekday === 5 && d.hour === 15],
    ['Monday 10am PST', (d: DateTime) => d.weekday === 1 && d.hour === 13 /* 10:00 PST is 13:00 in New York */],
  ] as const) {
    it(`reads "${phrase}" in the business zone`, async () => {
      // A Wednesday: with the real clock, "Monday 10am PST" said on a Monday after 10:00 PST is in the past.
      clock = new Date('2026-11-25T15:00:00Z');
      const r = await say(
        `phrase-${phrase.replace(/\W+/g, '-')}`,
        `Can we have a meeting ${phrase}? I'm at phrase@example.com`,
      );
      assert.equal(r.meeting?.status, 'proposed', r.reply);
      const start = DateTime.fromISO(r.meeting?.start ?? '').setZone(ZONE);
      assert.ok(check(start), `${phrase} -> ${start.toISO()}`);
    });
  }

  it('books the right instant on the day New York leaves daylight saving time', async () => {
    clock = new Date('2026-10-31T16:00:00Z'); // Saturday noon in New York, EDT
    const id = 'dst-visitor-1';
    const r = await say(id, 'Meeting tomorrow at 10am? email dst@example.com');
    assert.equal(r.meeting?.status, 'proposed');
    assert.equal(new Date(r.meeting?.start ?? '').toISOString(), '2026-11-01T15:00:00.000Z', '10:00 EST, not EDT');
    assert.match(r.reply, /Sunday, 1 November 2026 at 10:00/);
    const b = await say(id, 'yes');
    assert.equal(b.meeting?.status, 'scheduled');
  });

  it('offers alternatives for a busy slot and books nothing', async () => {
    const target = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 2 })
      .set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    google.busy.push({
      start: target.minus({ minutes: 30 }).toUTC().toISO() ?? '',
      end: target.plus({ hours: 1 }).toUTC().toISO() ?? '',
    });
    const r = await say(
      'busy-visitor-1',
      `Can we meet on ${target.toFormat('d LLLL yyyy')} at 2pm? I'm busy@example.com`,
    );
    assert.equal(r.meeting, null);
    assert.match(r.reply, /already taken/i);
    assert.match(r.reply, /15:00/, 'the next free time after the busy block is offered');
    assert.equal(inserts().length, 0);
  });

  it('refuses a past time and a time outside business hours, offering free slots', async () => {
    const past = await say('past-visitor-1', 'Book a meeting yesterday at 3pm');
    assert.equal(past.meeting, null);
    assert.match(past.reply, /already passed/i);
    const late = await say('late-visitor-1', 'Book a meeting tomorrow at 11pm');
    assert.equal(late.meeting, null);
    assert.match(late.reply, /outside our meeting hours/i);
  });

  it('Google failing mid-booking: bounded retries, the request recorded, the visitor told, no double event', async () => {
    const id = 'google-down-1';
    await say(id, 'Meeting next Wednesday at 4pm please, email gdown@example.com');
    google.apiFaults.push(...Array.from({ length: 12 }, () => ({ kind: 'status' as const, status: 503 })));
    const r = await say(id, 'yes');
    assert.equal(r.meeting?.status, 'requested');
    assert.match(r.reply, /confirm/i);
    assert.equal(r.lead?.status, 'follow_up');
    assert.equal(google.events.size, 0);
  });

  describe('POST /saba/book-meeting (an API client with the admin key)', () => {
    const book = (body: Record<string, unknown>) =>
      postJson<{ meeting: Meeting; lead: { email: string; status: string; name: string | null } }>(
        `${h.url}/saba/book-meeting`,
        body,
        { 'x-api-key': ADMIN_KEY },
      );
    const day = () => DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');

    it('books with and without an offset, and the same booking again returns it (200) without a new event', async () => {
      const local = day().set({ hour: 10 }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      const r1 = await book({ start: local, attendees: ['API@Example.com'], name: 'Api Person', title: 'Intro' });
      assert.equal(r1.status, 201, JSON.stringify(r1.body));
      assert.equal(
        new Date(r1.body.data.meeting.start).getTime(),
        day().set({ hour: 10 }).toMillis(),
        'no offset: business zone',
      );
      assert.equal(r1.body.data.meeting.status, 'scheduled');
      assert.match(r1.body.data.meeting.meet_link ?? '', /meet\.google\.com/);
      assert.equal(r1.body.data.lead.email, 'api@example.com');
      assert.equal(r1.body.data.lead.status, 'meeting_scheduled');
      const end = new Date(r1.body.data.meeting.end).getTime() - new Date(r1.body.data.meeting.start).getTime();
      assert.equal(end, 30 * 60_000, 'default length');
      const r2 = await book({ start: local, attendees: ['api@example.com'], name: 'Api Person', title: 'Intro' });
      assert.equal(r2.status, 200);
      assert.equal(r2.body.data.meeting.event_id, r1.body.data.meeting.event_id);
      assert.equal(google.events.size, 1);

      const withOffset = day().set({ hour: 12 }).toUTC().toISO() ?? '';
      const r3 = await book({
        start: withOffset,
        end: day().set({ hour: 13 }).toUTC().toISO(),
        attendees: ['offset@example.com'],
      });
      assert.equal(r3.status, 201);
      assert.equal(new Date(r3.body.data.meeting.start).getTime(), day().set({ hour: 12 }).toMillis());
      assert.equal(google.events.size, 2);
    });

    it('400 for the past, outside hours and bad input; 409 when busy', async () => {
      const past = await book({ start: '2020-01-01T10:00:00Z', attendees: ['p@example.com'] });
      assert.equal(past.status, 400);
      assert.match(past.body.message, /past/);
      const night = await book({ start: day().set({ hour: 22 }).toISO(), attendees: ['n@example.com'] });
      assert.equal(night.status, 400);
      assert.match(night.body.message, /business hours/);
      for (const bad of [
        { attendees: ['x@example.com'] },
        { start: 'soon', attendees: ['x@example.com'] },
        { start: day().set({ hour: 10 }).toISO(), attendees: [] },
        { start: day().set({ hour: 10 }).toISO(), attendees: ['nope'] },
        { start: day().set({ hour: 10 }).toISO(), end: day().set({ hour: 9 }).toISO(), attendees: ['x@example.com'] },
      ]) {
        assert.equal((await book(bad)).status, 400, JSON.stringify(bad));
      }
      google.busy.push({
        start: day().set({ hour: 15 }).toUTC().toISO() ?? '',
        end: day().set({ hour: 16 }).toUTC().toISO() ?? '',
      });
      const busy = await book({ start: day().set({ hour: 15, minute: 30 }).toISO(), attendees: ['b@example.com'] });
      assert.equal(busy.status, 409);
      assert.equal(google.events.size, 0);
    });

    it("never shows a stranger's lead details to an API caller", async () => {
      await postJson(
        `${h.url}/leads`,
        { name: 'Secret Owner', email: 'owner-api@example.com', phone: '+1 202 555 0188' },
        { 'x-api-key': ADMIN_KEY },
      );
      const r = await book({ start: day().set({ hour: 17 }).toISO(), attendees: ['owner-api@example.com'] });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.data.lead.name, null);
      // The phone by its own digits: a bare "555" also matches a timestamp's milliseconds.
      assert.doesNotMatch(JSON.stringify(r.body), /Secret Owner|555\D?0188/);
    });
  });
});

describe('booking with no calendar connected', () => {
  const { h } = useServer({ env: { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Sun 08:00-20:00' } });

  it('the API answers 503 with the request recorded on the lead (an admin caller)', async () => {
    const start = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 2 })
      .set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
    const r = await postJson<{ meeting: Meeting; lead: { status: string; meeting: Meeting } }>(
      `${h.url}/saba/book-meeting`,
      { start: start.toISO(), attendees: ['nc@example.com'] },
      { 'x-api-key': ADMIN_KEY },
    );
    assert.equal(r.status, 503);
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.data.meeting.status, 'requested');
    assert.equal(r.body.data.lead.status, 'follow_up');
    const leads = await getJson<{ leads: Array<{ meeting: Meeting; status: string }> }>(
      `${h.url}/leads?q=nc@example.com`,
      { 'x-api-key': ADMIN_KEY },
    );
    assert.equal(leads.body.data.leads[0]?.meeting.status, 'requested');
  });

  const say = (clientId: string, content: string) =>
    postJson<Turn>(`${h.url}/gemini/train`, { client_id: clientId, content });

  it('the chat records the request and says the team will confirm', async () => {
    await say('nocal-visitor-1', 'Meeting next Thursday at 10am, my email is nocal@example.com');
    const r = await say('nocal-visitor-1', 'yes');
    assert.equal(r.body.data.meeting?.status, 'requested');
    assert.match(r.body.data.reply, /confirm the meeting by email/);
  });

  it('a new time named in the chat after the request: the request stands, the meeting page is offered', async () => {
    await say('nocal-visitor-2', 'Meeting next Thursday at 2pm, my email is nocal2@example.com');
    const yes = await say('nocal-visitor-2', 'yes');
    assert.equal(yes.body.data.meeting?.status, 'requested');
    const r = await say('nocal-visitor-2', 'sorry can we do 4pm instead');
    assert.equal(r.status, 200);
    assert.match(r.body.data.reply, /Your request for .*Thursday.* 14:00 .*is with the team/);
    assert.match(r.body.data.reply, /\/meetings\/[A-Za-z0-9_-]{20,}/);
    const leads = await getJson<{ leads: Array<{ meeting: Meeting }> }>(`${h.url}/leads?q=nocal2@example.com`, {
      'x-api-key': ADMIN_KEY,
    });
    assert.equal(leads.body.data.leads[0]?.meeting.status, 'requested');
    assert.equal(leads.body.data.leads[0]?.meeting.start, yes.body.data.meeting?.start);
  });
});
