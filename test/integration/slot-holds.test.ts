/**
 * Requested meetings hold their slot while the calendar is not connected: a time one visitor asked for is
 * neither offered nor accepted for another until it is cancelled, also when visitors race for it. And the
 * reply of a request carries the visitor's meeting link even when the LLM's words leave it out.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { useServer } from '../helpers/fixture.js';
import { postJson, startHarness } from '../helpers/harness.js';
import { getPage, pathOf, postForm, say, type PageMeeting } from '../helpers/meeting-page.js';

const ENV = { BUSINESS_TIMEZONE: 'Europe/Berlin', BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' };
/** Wednesday 6 May 2026, 09:00 in Berlin. */
const NOW = new Date('2026-05-06T07:00:00Z');
const THURSDAY_3PM = Date.parse('2026-05-07T15:00:00+02:00');

describe('slot holds while the calendar is not connected', () => {
  const { h } = useServer({ env: ENV, deps: { now: () => NOW } });
  beforeEach(() => h.redis.del('slot-holds'));

  it('of visitors racing for the same time, exactly one gets it and the others get alternatives', async () => {
    const ids = [1, 2, 3, 4, 5].map((i) => `race-visitor-${i}`);
    for (const id of ids) {
      const proposed = await say(h, id, `Can we meet tomorrow at 3pm? My email is ${id}@example.com`);
      assert.equal(proposed.meeting?.status, 'proposed', 'nobody holds it yet: each is offered it');
    }
    const answers = await Promise.all(ids.map((id) => say(h, id, 'yes')));
    const winners = answers.filter((a) => a.meeting?.status === 'requested');
    assert.equal(winners.length, 1, answers.map((a) => a.reply).join('\n'));
    const winner = winners[0]!;
    assert.equal(Date.parse(winner.meeting?.start ?? ''), THURSDAY_3PM);
    assert.ok(winner.reply.includes(winner.meeting?.manage_url ?? '-'), 'the request carries its page link');
    for (const loser of answers.filter((a) => a !== winner)) {
      assert.equal(loser.meeting, null);
      assert.match(loser.reply, /already taken/);
      assert.match(loser.reply, /Thursday, 7 May 2026 at 15:30/, 'the next free time is offered');
      assert.notEqual(loser.lead?.meeting?.status, 'requested');
    }

    // Held: not offered to someone else, who is offered other times.
    const late = await say(h, 'race-visitor-late', 'A meeting tomorrow at 3pm please, late@example.com');
    assert.equal(late.meeting, null, late.reply);
    assert.match(late.reply, /already taken/);
    assert.doesNotMatch(late.reply, /at 15:00/);

    // The page shows the request; cancelling it releases the slot.
    const path = pathOf(winner.meeting?.manage_url);
    const page = await getPage(h, path);
    assert.match(page.html, /Requested: the team will confirm it by email/);
    assert.match(page.html, /Thursday, 7 May 2026 at 15:00 \(Europe\/Berlin\)/);
    assert.equal((await postForm(h, `${path}/cancel`)).status, 303);
    const again = await say(h, 'race-visitor-late', 'tomorrow at 3pm then?');
    assert.equal(again.meeting?.status, 'proposed', again.reply);
  });

  it('API bookings racing for one slot: one request is recorded, the others are 409 with alternatives', async () => {
    const book = (i: number) =>
      postJson<{ meeting: PageMeeting; alternatives?: string[] }>(`${h.url}/saba/book-meeting`, {
        client_id: `api-race-${i}`,
        start: '2026-05-08T11:00:00',
        attendees: [`api-race-${i}@example.com`],
      });
    const answers = await Promise.all([1, 2, 3, 4].map(book));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [409, 409, 409, 503], JSON.stringify(answers.map((a) => a.body)));
    const recorded = answers.find((a) => a.status === 503)!;
    assert.equal(recorded.body.data.meeting.status, 'requested');
    assert.equal((await getPage(h, pathOf(recorded.body.data.meeting.manage_url))).status, 200);
    for (const refused of answers.filter((a) => a.status === 409)) {
      assert.ok((refused.body.data.alternatives ?? []).length > 0);
    }
    const chat = await say(h, 'api-race-chat', 'Meeting on Friday at 11am? chat@example.com');
    assert.equal(chat.meeting, null, 'the chat does not offer it either');
  });

  it('a meeting link survives a restart (it is kept on disk, like the leads)', async () => {
    await say(h, 'restart-visitor-1', 'Meeting on Friday at 2pm? restart@example.com');
    const requested = await say(h, 'restart-visitor-1', 'yes');
    const path = pathOf(requested.meeting?.manage_url);
    const restarted = await startHarness(h.config.redisUrl ?? '', ENV, { now: () => NOW }, h.dataDir);
    try {
      const page = await getPage(restarted, path);
      assert.equal(page.status, 200);
      assert.match(page.html, /Friday, 8 May 2026 at 14:00/);
    } finally {
      await restarted.close();
    }
  });

  it('a cancelled meeting keeps no other conversation of the lead from booking', async () => {
    await say(h, 'cancel-first-1', 'Meeting on Friday at 3pm? shared@example.com');
    const first = await say(h, 'cancel-first-1', 'yes');
    assert.equal((await postForm(h, `${pathOf(first.meeting?.manage_url)}/cancel`)).status, 303);
    await say(h, 'cancel-second-1', 'Meeting on Friday at 4pm? shared@example.com');
    const second = await say(h, 'cancel-second-1', 'yes');
    assert.equal(second.meeting?.status, 'requested');
    const page = await getPage(h, pathOf(second.meeting?.manage_url));
    assert.match(page.html, /Friday, 8 May 2026 at 16:00/, 'the lead holds the second meeting');
  });

  it('moving a request moves its hold', async () => {
    const first = await say(h, 'hold-mover-1', 'Meeting tomorrow at 10am? mover@example.com');
    assert.equal(first.meeting?.status, 'proposed');
    const requested = await say(h, 'hold-mover-1', 'yes');
    assert.equal(requested.meeting?.status, 'requested');
    const path = pathOf(requested.meeting?.manage_url);
    const moved = await postForm(h, `${path}/reschedule`, { start: '2026-05-07T11:00:00+02:00' });
    assert.equal(moved.status, 303, moved.html);
    assert.match((await getPage(h, path)).html, /Thursday, 7 May 2026 at 11:00/);
    const old = await say(h, 'hold-other-1', 'Meeting tomorrow at 10am? other@example.com');
    assert.equal(old.meeting?.status, 'proposed', 'the old slot is free again');
    const taken = await say(h, 'hold-other-2', 'Meeting tomorrow at 11am? other2@example.com');
    assert.equal(taken.meeting, null, 'the new slot is held');
  });
});

describe('the reply of a request carries the meeting link whatever the LLM wrote', () => {
  let gemini: FakeGemini;
  before(async () => {
    gemini = await startFakeGemini();
  });
  const { h } = useServer({
    env: () => ({ ...ENV, GEMINI_API_KEY: 'fake-key', GEMINI_BASE_URL: gemini.url }),
    deps: { now: () => NOW },
  });
  after(() => gemini.close());

  it('adds the link when the words omit it, and gives it to the LLM to word', async () => {
    gemini.fallback = { kind: 'text', chunks: ['Sure, sounds good!'] };
    const id = 'gemini-link-1';
    const proposed = await say(h, id, 'Could we have a meeting tomorrow at 3pm? My email is link@example.com');
    assert.equal(proposed.meeting?.status, 'proposed');
    const done = await say(h, id, 'yes please');
    const url = done.meeting?.manage_url ?? '';
    assert.equal(done.meeting?.status, 'requested');
    assert.match(done.reply, /^Sure, sounds good!\n\n/);
    assert.ok(done.reply.includes(`To cancel or choose another time: ${url}`), done.reply);
    const sent = JSON.stringify(gemini.requests.at(-1)?.body ?? {});
    assert.ok(sent.includes(url), 'the prompt has the link for the LLM to give');
    assert.equal((await getPage(h, pathOf(url))).status, 200);
  });
});
