/**
 * Meeting events from a booking against the fake Google (the real googleapis client): the chat's booking
 * posts lead.created then meeting.scheduled (with the Meet link and the visitor's page), the visitor's
 * cancellation on that page posts meeting.cancelled; a proposal posts nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { GoogleCalendarGateway } from '../../src/meetings/google-calendar.client.js';
import { calendarEnv, connectCalendar, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { ADMIN_KEY, makeDataDir, ROOT, testEnv } from '../helpers/harness.js';
import { counted, useHooksServer } from '../helpers/hooks-stack.js';
import { pathOf, postForm, say } from '../helpers/meeting-page.js';
import {
  jsonOf,
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from '../helpers/webhook-receiver.js';

/** Wednesday 6 May 2026, 09:00 in Berlin. */
const NOW = new Date('2026-05-06T07:00:00Z');

interface MeetingEvent {
  type: string;
  data: {
    lead: { id: string; email: string | null; status: string; client_ids: string[] };
    meeting?: { status: string; start: string; meet_link: string | null; manage_url?: string };
  };
}

describe('meeting events with a connected Google Calendar', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let google: FakeGoogle;
  let receiver: WebhookReceiver;
  const dataDir = makeDataDir();
  before(async () => {
    google = await startFakeGoogle();
    receiver = await startWebhookReceiver();
  });
  const env = () => ({
    ...calendarEnv(google),
    BUSINESS_TIMEZONE: 'Europe/Berlin',
    BUSINESS_HOURS: 'Mon-Fri 09:00-17:00',
    WEBHOOK_URL: `${receiver.url}/hook`,
    WEBHOOK_SECRET: secret,
  });
  const hooks = useHooksServer({
    env,
    deps: () => ({
      calendar: new GoogleCalendarGateway({
        config: loadConfig(testEnv(env(), dataDir), { cwd: ROOT }),
        logger: createLogger('silent'),
        dataDir,
        maxAttempts: 2,
        backoffMs: 5,
      }),
      now: () => NOW,
    }),
  });
  before(() => connectCalendar(hooks.stack.h.url, ADMIN_KEY));
  after(async () => {
    await receiver.close();
    await google.close();
  });

  const eventsFor = (clientId: string) =>
    receiver.requests
      .filter((r: ReceivedRequest) => jsonOf<MeetingEvent>(r).data.lead.client_ids.includes(clientId))
      .map((r) => new Webhook(secret).verify(r.body, r.headers) as MeetingEvent);

  it('a booking posts lead.created, then meeting.scheduled with the Meet link and the page; cancelling posts meeting.cancelled', async () => {
    const { h, metrics } = hooks.stack;
    const clientId = 'hook-meet-1';
    const proposed = await say(h, clientId, "I'd like a meeting tomorrow at 3pm, my email is hook.meet@example.com");
    assert.equal(proposed.meeting?.status, 'proposed', proposed.reply);
    await hooks.idle();
    assert.deepEqual(
      eventsFor(clientId).map((e) => e.type),
      ['lead.created'],
      'a proposal is not news',
    );

    const booked = await say(h, clientId, 'yes');
    assert.equal(booked.meeting?.status, 'scheduled', booked.reply);
    await hooks.idle();
    const afterBooking = eventsFor(clientId);
    assert.deepEqual(
      afterBooking.map((e) => e.type),
      ['lead.created', 'meeting.scheduled'],
    );
    const scheduled = afterBooking[1];
    assert.equal(scheduled?.data.meeting?.status, 'scheduled');
    assert.equal(scheduled?.data.meeting?.start, booked.meeting?.start);
    assert.match(scheduled?.data.meeting?.meet_link ?? '', /^https:\/\/meet\.google\.com\//);
    assert.equal(scheduled?.data.meeting?.manage_url, booked.meeting?.manage_url, "the visitor's page link");
    assert.equal(scheduled?.data.lead.status, 'meeting_scheduled');

    const cancel = await postForm(h, `${pathOf(booked.meeting?.manage_url)}/cancel`);
    assert.equal(cancel.status, 303);
    await hooks.idle();
    const all = eventsFor(clientId);
    assert.deepEqual(
      all.map((e) => e.type),
      ['lead.created', 'meeting.scheduled', 'meeting.cancelled'],
    );
    assert.equal(all[2]?.data.meeting?.status, 'cancelled');
    assert.equal(all[2]?.data.lead.status, 'follow_up');
    assert.equal(await counted(metrics.meetings, { status: 'scheduled' }), 1);
    assert.equal(await counted(metrics.meetings, { status: 'cancelled' }), 1);
  });
});
