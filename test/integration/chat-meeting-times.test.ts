/**
 * Meeting times through the real server (offline assistant, calendar not connected, a fixed clock): answers
 * to the slots the assistant offered ("10am works", "the 9:30 one please", "3pm", "the second one", a bare
 * "yes"), a time answered to the day under discussion, and the visitor's zone named beside the business's
 * in the reply, remembered by the conversation. Issue 13: before, "10am works" after Friday's slots was
 * read as Thursday 10:00... or outside the hours with Monday slots, and a "yes" got the introduction.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { postJson, type TrainData } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';

interface Meeting {
  status: string;
  start: string;
}

// Wednesday 4 March 2026, 10:20 in London (GMT; New York is on EST until 8 March).
const NOW = new Date('2026-03-04T10:20:00Z');

describe('meeting times in the chat (offered slots, the day under discussion, the visitor zone)', () => {
  const { h } = useServer({
    env: { GEMINI_API_KEY: '', BUSINESS_TIMEZONE: 'Europe/London', BUSINESS_HOURS: 'Mon-Fri 09:00-17:00' },
    deps: { now: () => NOW },
  });
  let counter = 0;
  // Each case starts with a free Friday: a request held by an earlier case's visitor would (rightly) take
  // its slot away from the next visitor.
  beforeEach(async () => {
    await h.redis.flushdb();
  });

  /** A new conversation; `say` posts one message (with extra fields such as an email or a zone). */
  function conversation() {
    const id = `times-${(counter += 1)}-${process.pid}`;
    return async (content: string, extra: Record<string, unknown> = {}) => {
      const r = await postJson<TrainData>(`${h.url}/gemini/train`, { client_id: id, content, ...extra });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { reply: r.body.data.reply, meeting: r.body.data.meeting as Meeting | null };
    };
  }

  /** Asks about Friday: the assistant offers Friday 09:00, 09:30 and 10:00. */
  async function offeredFriday(say: ReturnType<typeof conversation>): Promise<void> {
    const offer = await say('Could we have a call on Friday?', { email: 'ana@example.com' });
    for (const clock of ['09:00', '09:30', '10:00']) assert.match(offer.reply, new RegExp(`6 March 2026 at ${clock}`));
  }

  const answers: Array<[string, string]> = [
    ['10am works', '2026-03-06T10:00:00.000+00:00'],
    ['the 9:30 one please', '2026-03-06T09:30:00.000+00:00'],
    ['3pm', '2026-03-06T15:00:00.000+00:00'],
    ['the second one', '2026-03-06T09:30:00.000+00:00'],
  ];
  for (const [answer, start] of answers) {
    it(`"${answer}" after Friday's slots proposes ${start}`, async () => {
      const say = conversation();
      await offeredFriday(say);
      const proposed = await say(answer);
      assert.equal(proposed.meeting?.status, 'proposed');
      assert.equal(proposed.meeting?.start, start);
      assert.match(proposed.reply, /Friday, 6 March 2026/);
      assert.doesNotMatch(proposed.reply, /outside our meeting hours/);
      const requested = await say('yes');
      assert.equal(requested.meeting?.status, 'requested', 'a yes then takes it (the calendar is not connected)');
      assert.equal(requested.meeting?.start, start);
    });
  }

  it('a bare "yes" to several offered slots asks which one, never the introduction', async () => {
    const say = conversation();
    await offeredFriday(say);
    const yes = await say('yes');
    assert.equal(yes.meeting, null);
    assert.match(yes.reply, /6 March 2026 at 09:30/);
    assert.doesNotMatch(yes.reply, /I'm .*assistant/);
  });

  it('after a refused time, an answer picks among the new slots offered', async () => {
    const say = conversation();
    const refused = await say('a meeting on Saturday at 10am?', { email: 'ana@example.com' });
    assert.match(refused.reply, /outside our meeting hours/);
    assert.match(refused.reply, /Monday, 9 March 2026 at 09:00/);
    const picked = await say('the last one');
    assert.equal(picked.meeting?.start, '2026-03-09T10:00:00.000+00:00');
  });

  it('a time alone moves a proposal within its day ("at 11 then")', async () => {
    const say = conversation();
    const first = await say('meeting on Thursday at 3pm?', { email: 'ana@example.com' });
    assert.equal(first.meeting?.start, '2026-03-05T15:00:00.000+00:00');
    const moved = await say('hmm, at 11 then');
    assert.equal(moved.meeting?.start, '2026-03-05T11:00:00.000+00:00');
  });

  it('names the time in the visitor zone too, and remembers the zone for later turns', async () => {
    const say = conversation();
    const first = await say('Can we book a call tomorrow at 3pm?', {
      email: 'ana@example.com',
      timezone: 'America/New_York',
    });
    assert.equal(first.meeting?.start, '2026-03-05T15:00:00.000+00:00');
    assert.match(first.reply, /Thursday, 5 March 2026 at 15:00 \(Europe\/London\), 10:00 your time \(New York\)/);
    const moved = await say('4pm instead?');
    assert.match(moved.reply, /at 16:00 \(Europe\/London\), 11:00 your time \(New York\)/);
    const mine = await say('actually 9am my time');
    assert.equal(mine.meeting?.start, '2026-03-05T14:00:00.000+00:00', '9am in New York is 14:00 in London');
  });

  it('reads a named zone as that instant ("10am New York time" is 15:00 in London)', async () => {
    const say = conversation();
    const r = await say('a call on Friday at 10am New York time?', { email: 'ana@example.com' });
    assert.equal(r.meeting?.start, '2026-03-06T15:00:00.000+00:00');
  });

  it('refuses a timezone that is not an IANA zone, changing nothing', async () => {
    const r = await postJson<unknown>(`${h.url}/gemini/train`, {
      client_id: 'times-bad-zone',
      content: 'meeting tomorrow at 3pm?',
      timezone: 'Mars/Olympus_Mons',
    });
    assert.equal(r.status, 400);
    const body = r.body as { status: string; data: { errors: Array<{ field: string }> } };
    assert.equal(body.status, 'error');
    assert.deepEqual(
      body.data.errors.map((e) => e.field),
      ['timezone'],
    );
    assert.equal(await h.redis.exists('chat:times-bad-zone:history'), 0);
  });
});
