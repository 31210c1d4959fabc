/**
 * The visitor's meeting page (PUBLIC_URL/meetings/<token>) through the real server: the link in the booking's
 * reply and API answer, the page, cancel and "choose another time" against the fake Google (real googleapis),
 * cross-site posts, unknown tokens, Google refusing, and past meetings.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { useConnectedCalendar } from '../helpers/calendar-server.js';
import type { FakeGoogle } from '../helpers/fake-google.js';
import { ADMIN_KEY, getJson, postJson } from '../helpers/harness.js';
import { getPage, pathOf, postForm, say, type PageMeeting } from '../helpers/meeting-page.js';

const ZONE = 'Europe/Berlin';
/** Wednesday 6 May 2026, 09:00 in Berlin (summer time). */
const NOW = new Date('2026-05-06T07:00:00Z');

interface AdminLead {
  id: string;
  status: string;
  meeting: PageMeeting | null;
}
interface Activity {
  type: string;
  by: string;
  data: Record<string, string | null>;
}

describe('the visitor meeting page with a connected Google Calendar', () => {
  let clock = NOW;
  const { h, google: fake } = useConnectedCalendar(
    { BUSINESS_TIMEZONE: ZONE, BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' },
    () => clock,
    2,
  );
  let google: FakeGoogle;
  beforeEach(() => {
    clock = NOW;
    google = fake();
  });

  const calls = (method: string) => google.apiRequests().filter((r) => r.method === method);
  const adminLead = async (id: string) =>
    (await getJson<{ lead: AdminLead }>(`${h.url}/leads/${id}`, { 'x-api-key': ADMIN_KEY })).body.data.lead;
  const activity = async (id: string) =>
    (await getJson<{ events: Activity[] }>(`${h.url}/leads/${id}/activity`, { 'x-api-key': ADMIN_KEY })).body.data
      .events;
  /** The admin id of the lead a conversation made. */
  const leadIdOf = async (clientId: string) => {
    const list = await getJson<{ leads: Array<AdminLead & { client_ids: string[] }> }>(`${h.url}/leads?limit=500`, {
      'x-api-key': ADMIN_KEY,
    });
    const lead = list.body.data.leads.find((l) => l.client_ids.includes(clientId));
    assert.ok(lead, `a lead for ${clientId}`);
    return lead.id;
  };

  /** Books "tomorrow at <time>" from the chat and returns the booking turn. */
  const book = async (clientId: string, time = '3pm') => {
    const proposed = await say(
      h,
      clientId,
      `I'd like a meeting tomorrow at ${time}, my email is ${clientId}@example.com`,
    );
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    assert.equal(proposed.meeting?.manage_url, undefined, 'a proposal has no page yet');
    const booked = await say(h, clientId, 'yes');
    assert.equal(booked.meeting?.status, 'scheduled', booked.reply);
    return booked;
  };

  it("the page also names the time in the visitor's zone when the chat knew it", async () => {
    await say(h, 'page-zone-1', 'Hello', { timezone: 'America/New_York' });
    const booked = await book('page-zone-1');
    const page = await getPage(h, pathOf(booked.meeting?.manage_url ?? ''));
    assert.match(page.html, /Thursday, 7 May 2026 at 15:00 \(Europe\/Berlin\)/);
    assert.match(page.html, /Your time: Thursday, 7 May 2026 at 09:00/);
  });

  it('the booking reply carries the page link, and the page shows the meeting in the business zone', async () => {
    const booked = await book('page-view-1');
    const url = booked.meeting?.manage_url ?? '';
    assert.ok(booked.reply.includes(url), 'the reply carries the visitor link');
    const page = await getPage(h, pathOf(url));
    assert.equal(page.status, 200);
    assert.match(page.type, /text\/html/);
    assert.match(page.html, /Thursday, 7 May 2026 at 15:00 \(Europe\/Berlin\)/);
    assert.ok(page.html.includes(booked.meeting?.meet_link ?? '-'), 'the Meet link');
    assert.match(page.html, /Booked/);
    assert.match(page.html, /Cancel meeting/);
    assert.match(page.html, /Choose another time/);
    assert.doesNotMatch(page.html, /<script/i, 'no script needed');
    assert.equal((await fetch(`${h.url}${pathOf(url)}`)).headers.get('cache-control'), 'no-store');
  });

  it('cancel deletes the Google event, records it on the lead, and a second cancel says so', async () => {
    const clientId = 'page-cancel-1';
    const booked = await book(clientId);
    const path = pathOf(booked.meeting?.manage_url);
    const eventId = booked.meeting?.event_id ?? '';

    const res = await postForm(h, `${path}/cancel`);
    assert.equal(res.status, 303);
    assert.equal(res.location, `${path}?done=cancelled`);
    const deletes = calls('DELETE');
    assert.equal(deletes.length, 1);
    assert.ok(deletes[0]?.path.endsWith(`/events/${eventId}`));
    assert.equal(deletes[0]?.query.sendUpdates, 'all', 'the attendee is told');
    assert.equal([...google.events.values()].find((e) => e.id === eventId)?.status, 'cancelled');

    const page = await getPage(h, `${path}?done=cancelled`);
    assert.match(page.html, /Your meeting is cancelled/);
    assert.doesNotMatch(page.html, /Cancel meeting/);
    const id = await leadIdOf(clientId);
    const lead = await adminLead(id);
    assert.equal(lead.meeting?.status, 'cancelled');
    assert.equal(lead.status, 'follow_up', 'a cancelled meeting leaves the lead to follow up');
    const events = await activity(id);
    const cancelled = events.filter((e) => e.type === 'meeting_cancelled');
    assert.equal(cancelled.length, 1);
    assert.equal(cancelled[0]?.by, 'visitor');
    assert.equal(cancelled[0]?.data.event_id, eventId);

    const again = await postForm(h, `${path}/cancel`);
    assert.equal(again.location, `${path}?done=already`);
    assert.match((await getPage(h, again.location ?? '')).html, /already cancelled/);
    assert.equal(calls('DELETE').length, 1, 'Google is not asked twice');
    assert.equal((await activity(id)).filter((e) => e.type === 'meeting_cancelled').length, 1);

    const chat = await say(h, clientId, 'yes');
    assert.notEqual(chat.meeting?.status, 'scheduled', 'the chat does not say it is still booked');
    assert.doesNotMatch(chat.reply, /already booked/i);
  });

  it('choose another time lists free slots and moves the event, keeping its Meet link', async () => {
    const clientId = 'page-move-1';
    const booked = await book(clientId);
    const path = pathOf(booked.meeting?.manage_url);
    const offered = async (query = '') => {
      const list = await getPage(h, `${path}/reschedule${query}`);
      assert.equal(list.status, 200);
      return [...list.html.matchAll(/name="start" value="([^"]+)"/g)].map((m) => m[1] ?? '');
    };
    const first = await offered();
    assert.equal(first.length, 12);
    assert.equal(first[0], '2026-05-06T09:00:00.000+02:00', 'from now on');
    const later = await offered('?after=2026-05-07T14:00:00%2B02:00');
    assert.equal(later[0], '2026-05-07T14:00:00.000+02:00');
    assert.ok(!later.some((v) => Date.parse(v) === Date.parse(booked.meeting?.start ?? '')), 'not its own time');
    const values = await offered('?after=2026-05-08T09:45:00%2B02:00');
    const target = values.find((v) => v.startsWith('2026-05-08T10:00')) ?? '';
    assert.ok(target, `Friday 10:00 is offered: ${values.join(', ')}`);

    const res = await postForm(h, `${path}/reschedule`, { start: target });
    assert.equal(res.status, 303, res.html);
    const patches = calls('PATCH');
    assert.equal(patches.length, 1);
    assert.ok(patches[0]?.path.endsWith(`/events/${booked.meeting?.event_id ?? '-'}`));
    const body = patches[0]?.body as { start: { dateTime: string } };
    assert.equal(Date.parse(body.start.dateTime), Date.parse(target));
    assert.equal(calls('DELETE').length, 0);

    const page = await getPage(h, res.location ?? '');
    assert.match(page.html, /moved to the new time/);
    assert.match(page.html, /Friday, 8 May 2026 at 10:00 \(Europe\/Berlin\)/);
    assert.ok(page.html.includes(booked.meeting?.meet_link ?? '-'), 'the same Meet link');
    const id = await leadIdOf(clientId);
    const lead = await adminLead(id);
    assert.equal(Date.parse(lead.meeting?.start ?? ''), Date.parse(target));
    assert.equal(lead.meeting?.status, 'scheduled');
    const moved = (await activity(id)).filter((e) => e.type === 'meeting_rescheduled');
    assert.equal(moved.length, 1);
    assert.equal(Date.parse(moved[0]?.data.to ?? ''), Date.parse(target));

    const chat = await say(h, clientId, 'yes');
    assert.match(chat.reply, /Friday, 8 May 2026 at 10:00/, 'the chat knows the new time');

    const taken = await postForm(h, `${path}/reschedule`, { start: '2026-05-08T20:00:00+02:00' });
    assert.equal(taken.status, 409, 'outside business hours');
    assert.match(taken.html, /not free/);
  });

  it('refuses a cross-site post and changes nothing', async () => {
    const booked = await book('page-csrf-1');
    const path = pathOf(booked.meeting?.manage_url);
    const bySite = await postForm(h, `${path}/cancel`, {}, { 'sec-fetch-site': 'cross-site' });
    assert.equal(bySite.status, 403);
    assert.match(bySite.html, /only be sent from the meeting page/);
    const byOrigin = await postForm(h, `${path}/cancel`, {}, { origin: 'https://evil.example' });
    assert.equal(byOrigin.status, 403);
    const sameSite = await postForm(
      h,
      `${path}/reschedule`,
      { start: '2026-05-08T10:00:00+02:00' },
      {
        'sec-fetch-site': 'same-site',
        origin: 'https://sub.localhost',
      },
    );
    assert.equal(sameSite.status, 403);
    assert.equal(calls('DELETE').length + calls('PATCH').length, 0);
    assert.match((await getPage(h, path)).html, /Cancel meeting/, 'still booked');
  });

  it('answers an unknown or malformed token with a friendly 404 page', async () => {
    for (const token of ['x', 'A'.repeat(43), 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg', '%3Cscript%3E']) {
      const page = await getPage(h, `/meetings/${token}`);
      assert.equal(page.status, 404, token);
      assert.match(page.type, /text\/html/);
      assert.match(page.html, /Meeting not found/);
      assert.doesNotMatch(page.html, /"status"|at .*\.ts:|Error:/);
      const post = await postForm(h, `/meetings/${token}/cancel`);
      assert.equal(post.status, 404);
    }
  });

  it('Google refusing leaves the meeting, the event and the lead unchanged', async () => {
    const clientId = 'page-google-down-1';
    const booked = await book(clientId);
    const path = pathOf(booked.meeting?.manage_url);
    google.apiFaults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const res = await postForm(h, `${path}/cancel`);
    assert.equal(res.status, 503);
    assert.match(res.html, /nothing was changed/);
    assert.doesNotMatch(res.html, /Google Calendar is not answering|stack/i);
    // The move checks free/busy first (a failed lookup is not fatal there), then patches the event: both refused.
    const refused = { kind: 'status', status: 400, reason: 'invalid' } as const;
    google.apiFaults.push(refused, refused);
    const move = await postForm(h, `${path}/reschedule`, { start: '2026-05-08T11:00:00+02:00' });
    assert.equal(move.status, 503);
    const event = [...google.events.values()].find((e) => e.id === booked.meeting?.event_id);
    assert.equal(event?.status, 'confirmed');
    assert.equal(Date.parse(event?.start.dateTime ?? ''), Date.parse(booked.meeting?.start ?? ''));
    const id = await leadIdOf(clientId);
    const lead = await adminLead(id);
    assert.equal(lead.meeting?.status, 'scheduled');
    assert.equal(lead.status, 'meeting_scheduled');
    assert.equal(Date.parse(lead.meeting?.start ?? ''), Date.parse(booked.meeting?.start ?? ''));
    assert.deepEqual(
      // Booked, and neither cancelled nor moved (proposals and bookings are on the timeline too).
      (await activity(id)).filter((e) => e.type === 'meeting_cancelled' || e.type === 'meeting_rescheduled'),
      [],
    );
    // Friday 11:00 is not held by the failed move: another visitor can have it.
    const other = await say(h, 'page-google-down-2', 'Meeting on Friday at 11am? me@example.org');
    assert.equal(other.meeting?.status, 'proposed', other.reply);
  });

  it('a meeting that has started can no longer be cancelled or moved', async () => {
    const booked = await book('page-past-1', '10am');
    const path = pathOf(booked.meeting?.manage_url);
    clock = new Date(Date.parse(booked.meeting?.start ?? '') + 5 * 60_000);
    const res = await postForm(h, `${path}/cancel`);
    assert.equal(res.status, 409);
    assert.match(res.html, /already started or taken place/);
    const page = await getPage(h, path);
    assert.doesNotMatch(page.html, /Cancel meeting/);
    assert.equal(calls('DELETE').length, 0);
  });

  it('POST /saba/book-meeting returns manage_url; a new meeting of the lead retires the old link', async () => {
    const r = await postJson<{ meeting: PageMeeting }>(
      `${h.url}/saba/book-meeting`,
      { client_id: 'page-api-1', start: '2026-05-11T14:00:00', attendees: ['api-page@example.com'] },
      {},
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const path = pathOf(r.body.data.meeting.manage_url);
    assert.match((await getPage(h, path)).html, /Monday, 11 May 2026 at 14:00/);
    const again = await postJson<{ meeting: PageMeeting }>(`${h.url}/saba/book-meeting`, {
      client_id: 'page-api-1',
      start: '2026-05-11T14:00:00',
      attendees: ['api-page@example.com'],
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.data.meeting.manage_url, r.body.data.meeting.manage_url, 'the same booking, the same link');

    assert.equal((await postForm(h, `${path}/cancel`)).status, 303);
    const rebook = await postJson<{ meeting: PageMeeting }>(`${h.url}/saba/book-meeting`, {
      client_id: 'page-api-1',
      start: '2026-05-11T14:00:00',
      attendees: ['api-page@example.com'],
    });
    assert.equal(rebook.status, 201, 'sent again after a cancellation, it books again');
    assert.notEqual(rebook.body.data.meeting.event_id, r.body.data.meeting.event_id);
    assert.equal((await getPage(h, path)).status, 404, 'the old link opens nothing now');
    assert.equal((await getPage(h, pathOf(rebook.body.data.meeting.manage_url))).status, 200);
  });
});
