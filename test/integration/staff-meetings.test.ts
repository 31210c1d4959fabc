/**
 * Meetings as staff work them, over HTTP (GET /leads/meetings, POST /leads/:id/meeting/confirm|reschedule|
 * cancel) against the fake Google spoken to by the real googleapis client: a request booked on confirm, moved,
 * cancelled; bad input, unknown leads, Google refusing and no calendar change nothing.
 */
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { useConnectedCalendar } from '../helpers/calendar-server.js';
import type { FakeGoogle, GoogleFault } from '../helpers/fake-google.js';
import { useServer } from '../helpers/fixture.js';
import { ADMIN_KEY, getJson, postJson, type Harness } from '../helpers/harness.js';
import type { LeadMeeting } from '../../src/leads/lead.types.js';

const ZONE = 'Europe/Berlin';
/** Wednesday 6 May 2026, 09:00 in Berlin (summer time). */
const NOW = new Date('2026-05-06T07:00:00Z');
const auth = { 'x-api-key': ADMIN_KEY };

type Meeting = LeadMeeting;
interface Lead {
  id: string;
  status: string;
  email: string | null;
  meeting: Meeting | null;
}
interface Activity {
  type: string;
  by: string;
  data: Record<string, string | null>;
}
interface Lists {
  upcoming: Array<{ lead: { id: string }; meeting: Meeting; when: string }>;
  requested: Array<{ lead: { id: string }; meeting: Meeting; when: string }>;
}

const failing = (n: number): GoogleFault[] => Array.from({ length: n }, () => ({ kind: 'status', status: 500 }));

async function lead(h: Harness, id: string): Promise<Lead> {
  return (await getJson<{ lead: Lead }>(`${h.url}/leads/${id}`, auth)).body.data.lead;
}

async function activity(h: Harness, id: string): Promise<Activity[]> {
  return (await getJson<{ events: Activity[] }>(`${h.url}/leads/${id}/activity`, auth)).body.data.events;
}

const act = (h: Harness, id: string, action: string, body: unknown = {}) =>
  postJson<{ lead: Lead; errors?: Array<{ field: string }> }>(`${h.url}/leads/${id}/meeting/${action}`, body, auth);

describe('staff meetings with a connected Google Calendar', () => {
  const clock = () => NOW;
  const { h, google: fake } = useConnectedCalendar(
    { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' },
    clock,
    2,
  );
  let google: FakeGoogle;
  beforeEach(() => {
    google = fake();
  });
  const liveEvents = () => [...google.events.values()].filter((e) => e.status !== 'cancelled');
  const holds = () => h.redis.zrange('slot-holds', '0', '-1');

  /** A meeting recorded as requested: Google fails while the API books it. */
  const request = async (email: string, start: string): Promise<string> => {
    google.apiFaults = failing(2);
    const r = await postJson<{ lead: Lead; meeting: Meeting }>(
      `${h.url}/saba/book-meeting`,
      { start, attendees: [email], name: 'Nadia Request' },
      auth,
    );
    google.apiFaults = [];
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.equal(r.body.data.meeting.status, 'requested');
    const found = (await getJson<{ leads: Lead[] }>(`${h.url}/leads?q=${encodeURIComponent(email)}`, auth)).body.data
      .leads[0];
    assert.ok(found);
    return found.id;
  };

  it('lists a request, books it on confirm with a Meet link and lets its slot hold go', async () => {
    const id = await request('confirm-me@example.com', '2026-05-07T15:00');
    assert.equal((await holds()).length, 1, 'the request holds its slot');
    const lists = (await getJson<Lists>(`${h.url}/leads/meetings`, auth)).body.data;
    const item = lists.requested.find((m) => m.lead.id === id);
    assert.ok(item, 'the request is listed');
    assert.equal(item.when, 'Thursday, 7 May 2026 at 15:00 (Europe/Berlin)');
    assert.ok(!lists.upcoming.some((m) => m.lead.id === id));

    const r = await act(h, id, 'confirm');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const booked = r.body.data.lead;
    assert.equal(booked.meeting?.status, 'scheduled');
    assert.match(booked.meeting?.meet_link ?? '', /^https:\/\/meet\.google\.com\//);
    assert.equal(booked.status, 'meeting_scheduled');
    const events = liveEvents();
    assert.equal(events.length, 1);
    assert.equal(events[0]?.id, booked.meeting?.event_id);
    assert.deepEqual(
      events[0]?.attendees?.map((a) => a.email),
      ['confirm-me@example.com'],
    );
    assert.equal(Date.parse(events[0]?.start.dateTime ?? ''), Date.parse('2026-05-07T13:00:00Z'));
    assert.deepEqual(await holds(), [], 'the event marks the slot busy now: the hold is released');
    const confirmed = (await activity(h, id)).find((e) => e.type === 'meeting_confirmed');
    assert.equal(confirmed?.by, 'api key');

    const upcoming = (await getJson<Lists>(`${h.url}/leads/meetings`, auth)).body.data.upcoming;
    assert.ok(
      upcoming.some((m) => m.lead.id === id),
      'now upcoming',
    );
    const again = await act(h, id, 'confirm');
    assert.equal(again.status, 409, 'a booked meeting is not confirmed twice');
    assert.equal(liveEvents().length, 1);
  });

  it('Google refusing the confirmation changes nothing; a retry books one event', async () => {
    const id = await request('refused@example.com', '2026-05-07T11:00');
    const before = await lead(h, id);
    google.apiFaults = failing(4);
    const r = await act(h, id, 'confirm');
    google.apiFaults = [];
    assert.equal(r.status, 503);
    assert.match(r.body.message, /Google Calendar/);
    assert.deepEqual(await lead(h, id), before, 'the lead is as it was');
    assert.equal(liveEvents().length, 0);
    assert.equal((await holds()).length, 1, 'the request still holds its slot');

    assert.equal((await act(h, id, 'confirm')).status, 200);
    assert.equal(liveEvents().length, 1);
  });

  it('reschedules: bad input is 400, an unknown lead 404; a booked meeting moves with its event', async () => {
    const id = await request('move-me@example.com', '2026-05-08T10:00');
    assert.equal((await act(h, id, 'confirm')).status, 200);
    const before = await lead(h, id);

    const bad = async (body: unknown, field?: string) => {
      const r = await act(h, id, 'reschedule', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      if (field) assert.equal(r.body.data.errors?.[0]?.field, field);
    };
    await bad({}, 'start');
    await bad({ start: 'next week' }, 'start');
    await bad({ start: 42 }, 'start');
    await bad({ start: '2026-05-08T20:00' }, 'start'); // outside business hours
    await bad({ start: '2026-05-09T10:00' }, 'start'); // a Saturday
    await bad({ start: '2026-05-01T10:00' }, 'start'); // past
    await bad({ start: '2026-05-11T10:00', extra: true });
    await bad('[1]');
    const notJson = await fetch(`${h.url}/leads/${id}/meeting/reschedule`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'start=2026-05-11T10:00',
    });
    assert.equal(notJson.status, 415);
    assert.equal((await act(h, 'f'.repeat(32), 'reschedule', { start: '2026-05-11T10:00' })).status, 404);
    assert.equal((await act(h, 'not-an-id', 'cancel')).status, 404);
    assert.deepEqual(await lead(h, id), before, 'nothing changed');

    google.apiFaults = failing(4);
    const refused = await act(h, id, 'reschedule', { start: '2026-05-11T10:00' });
    google.apiFaults = [];
    assert.equal(refused.status, 503);
    assert.deepEqual(await lead(h, id), before, 'Google refusing the move changes nothing');
    assert.deepEqual(await holds(), [], 'and holds nothing');

    const r = await act(h, id, 'reschedule', { start: '2026-05-11T10:00' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const moved = r.body.data.lead.meeting;
    assert.equal(Date.parse(moved?.start ?? ''), Date.parse('2026-05-11T08:00:00Z'));
    assert.equal(moved?.status, 'scheduled');
    assert.equal(moved?.event_id, before.meeting?.event_id, 'the same event');
    assert.equal(moved?.meet_link, before.meeting?.meet_link, 'the same Meet link');
    const event = google.events.get(`primary/${moved?.event_id ?? ''}`) ?? liveEvents()[0];
    assert.equal(Date.parse(event?.start.dateTime ?? ''), Date.parse('2026-05-11T08:00:00Z'), 'moved on Google');
    const rescheduled = (await activity(h, id)).find((e) => e.type === 'meeting_rescheduled');
    assert.equal(rescheduled?.by, 'api key');
  });

  it('a request moved to a taken slot is a 409; moved to a free one it keeps holding its new slot', async () => {
    const first = await request('first@example.com', '2026-05-07T09:00');
    const second = await request('second@example.com', '2026-05-07T10:00');
    const taken = await act(h, second, 'reschedule', { start: '2026-05-07T09:00' });
    assert.equal(taken.status, 409, 'another request holds 09:00');
    const r = await act(h, second, 'reschedule', { start: '2026-05-07T12:00' });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.lead.meeting?.status, 'requested');
    const held = (await holds()).map((m) => Number(m.split('|')[0]));
    assert.ok(held.includes(Date.parse('2026-05-07T10:00:00Z')), 'the new slot (12:00 in Berlin) is held');
    assert.ok(!held.includes(Date.parse('2026-05-07T08:00:00Z')), 'the old one (10:00) is let go');
    assert.ok(held.includes(Date.parse('2026-05-07T07:00:00Z')), "the first request's hold stays");
    assert.ok(first);
  });

  it('cancels: Google refusing changes nothing; then the event is deleted and the lead records it', async () => {
    const id = await request('cancel-me@example.com', '2026-05-12T14:00');
    assert.equal((await act(h, id, 'confirm')).status, 200);
    const before = await lead(h, id);
    google.apiFaults = failing(4);
    const refused = await act(h, id, 'cancel');
    google.apiFaults = [];
    assert.equal(refused.status, 503);
    assert.deepEqual(await lead(h, id), before);
    assert.equal(liveEvents().length, 1);

    const r = await act(h, id, 'cancel');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.lead.meeting?.status, 'cancelled');
    assert.equal(r.body.data.lead.status, 'follow_up');
    assert.equal(liveEvents().length, 0, 'the event is deleted');
    const cancelled = (await activity(h, id)).find((e) => e.type === 'meeting_cancelled');
    assert.equal(cancelled?.by, 'api key');
    assert.equal((await act(h, id, 'cancel')).status, 409, 'already cancelled');
    assert.equal((await act(h, id, 'confirm')).status, 409);
    const lists = (await getJson<Lists>(`${h.url}/leads/meetings`, auth)).body.data;
    assert.ok(![...lists.upcoming, ...lists.requested].some((m) => m.lead.id === id), 'no longer listed');
  });

  it('a requested meeting is cancelled without Google and lets its slot go', async () => {
    const id = await request('cancel-request@example.com', '2026-05-13T14:00');
    const before = (await holds()).length;
    const r = await act(h, id, 'cancel');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.lead.meeting?.status, 'cancelled');
    assert.equal((await holds()).length, before - 1);
    assert.equal(google.apiRequests().filter((q) => q.method === 'DELETE').length, 0);
  });
});

describe('staff meetings without Google Calendar settings', () => {
  const { h } = useServer({
    env: { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' },
    deps: { now: () => NOW },
  });
  let id: string;
  before(async () => {
    const r = await postJson<{ lead: Lead }>(
      `${h.url}/saba/book-meeting`,
      { start: '2026-05-07T15:00', attendees: ['nocal@example.com'] },
      auth,
    );
    assert.equal(r.status, 503);
    const found = (await getJson<{ leads: Lead[] }>(`${h.url}/leads?q=nocal`, auth)).body.data.leads[0];
    assert.ok(found);
    id = found.id;
  });

  it('confirming answers 503 with what to do, and changes nothing', async () => {
    const before = await lead(h, id);
    const r = await act(h, id, 'confirm');
    assert.equal(r.status, 503);
    assert.match(r.body.message, /not connected/);
    assert.deepEqual(await lead(h, id), before);
  });

  it('a request can still be moved and cancelled', async () => {
    assert.equal((await act(h, id, 'reschedule', { start: '2026-05-07T16:00' })).status, 200);
    assert.equal((await act(h, id, 'cancel')).status, 200);
  });
});
