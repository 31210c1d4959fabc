/**
 * The meeting dialogue as a state machine, without HTTP: MeetingService over a real Redis (the proposal
 * lives in the conversation's session), a real LeadService and store, and the real Google client, either
 * not configured (a "yes" becomes a request) or connected to the fake Google the suite owns.
 * awaiting_time --time--> proposed --yes--> booked | requested; proposed --no--> cleared.
 */
import { fixedSettings, settingsDefaults } from '../../src/settings/settings.service.js';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadBusinessProfile } from '../../src/business/business-profile.js';
import { SessionStore } from '../../src/chat/session.store.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import { LeadService } from '../../src/leads/lead.service.js';
import { LeadStore } from '../../src/leads/lead.store.js';
import { EmbeddedLeadRepository } from '../../src/store/embedded/lead.repository.embedded.js';
import { GoogleCalendarGateway } from '../../src/meetings/google-calendar.client.js';
import { MeetingLinkStore } from '../../src/meetings/meeting-link.store.js';
import { MeetingService } from '../../src/meetings/meeting.service.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { useRedis } from '../helpers/fixture.js';
import { makeDataDir, ROOT, testEnv } from '../helpers/harness.js';

const ZONE = 'Europe/Berlin';
// Wednesday 6 May 2026, 09:00 in Berlin.
const NOW = new Date('2026-05-06T07:00:00Z');
const logger = createLogger('silent');

describe('the meeting dialogue (MeetingService state machine)', () => {
  const server = useRedis();
  let google: FakeGoogle;
  let redis: Redis;
  let counter = 0;

  before(async () => {
    google = await startFakeGoogle();
    redis = createRedisClient({ url: server.url, logger });
    await connectRedis(redis);
  });
  after(async () => {
    redis.disconnect();
    await google.close();
  });
  beforeEach(() => google.reset({ events: true }));

  /** A MeetingService as the app builds it; `connected` links the real Google client to the fake. */
  async function dialogue(connected: boolean) {
    const dataDir = makeDataDir();
    const env = {
      BUSINESS_TIMEZONE: ZONE,
      BUSINESS_HOURS: 'Mon-Fri 09:00-17:00',
      ...(connected
        ? {
            GOOGLE_CLIENT_ID: FAKE_CLIENT_ID,
            GOOGLE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
            GOOGLE_REDIRECT_URI: 'http://127.0.0.1:9/oauth2callback',
            GOOGLE_AUTH_URL: google.authUrl,
            GOOGLE_TOKEN_URL: google.tokenUrl,
            GOOGLE_API_ROOT_URL: google.apiRootUrl,
          }
        : {}),
    };
    const config: Config = loadConfig(testEnv(env, dataDir), { cwd: ROOT });
    const calendar = new GoogleCalendarGateway({ config, logger, dataDir, backoffMs: 5 });
    if (connected) {
      const consent = await fetch(calendar.buildAuthUrl('state'), { redirect: 'manual' });
      const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
      await calendar.exchangeCode(code);
    }
    const now = () => NOW;
    const sessions = new SessionStore(redis, { maxMessages: 20, ttlSeconds: 600 });
    const leads = new LeadService({
      leads: new EmbeddedLeadRepository(await LeadStore.open(dataDir, logger)),
      timezone: ZONE,
      defaultCountry: undefined,
      now,
      eraseConversation: () => Promise.resolve(),
      eraseLeadRecords: () => Promise.resolve(),
    });
    const profile = loadBusinessProfile(config.businessProfileFile);
    const links = new MeetingLinkStore(dataDir);
    const settings = fixedSettings(settingsDefaults(config, profile));
    const meetings = new MeetingService({ config, logger, redis, sessions, leads, calendar, settings, now, links });
    const clientId = `meet-${(counter += 1)}-${Date.now()}`;
    return {
      say: (message: string, email: string | null = null) =>
        meetings.handleChatTurn(clientId, message, { email, name: 'Petra Lang' }, false),
    };
  }

  it('asks for a time, proposes one, and books it on a yes (Meet link from the calendar)', async () => {
    const { say } = await dialogue(true);
    assert.equal((await say('could we have a call?')).outcome?.kind, 'need_time');
    const proposed = await say('tomorrow at 11am', 'petra@lang.example');
    assert.equal(proposed.outcome?.kind, 'proposed');
    assert.equal(proposed.meeting?.start, '2026-05-07T11:00:00.000+02:00');
    const booked = await say('yes', 'petra@lang.example');
    assert.equal(booked.outcome?.kind, 'booked');
    assert.equal(booked.meeting?.status, 'scheduled');
    assert.match(booked.meeting?.meet_link ?? '', /^https:\/\/meet\.google\.com\//);
    assert.equal(booked.record?.status, 'meeting_scheduled');
    assert.equal(google.events.size, 1);
    const again = await say('yes', 'petra@lang.example');
    assert.equal(again.outcome?.kind, 'already_booked', 'a second yes books nothing');
    assert.equal(google.events.size, 1);
  });

  it('asks for the email before booking, then books on the next yes', async () => {
    const { say } = await dialogue(true);
    assert.equal((await say('can we meet tomorrow at 2pm?')).outcome?.kind, 'need_email');
    assert.equal((await say('yes')).outcome?.kind, 'need_email');
    assert.equal((await say('yes', 'petra@lang.example')).outcome?.kind, 'booked');
  });

  it('records a request instead while the calendar is not connected', async () => {
    const { say } = await dialogue(false);
    assert.equal((await say('can we meet tomorrow at 2pm?', 'petra@lang.example')).outcome?.kind, 'proposed');
    const requested = await say('yes please', 'petra@lang.example');
    assert.equal(requested.outcome?.kind, 'requested');
    assert.equal(requested.meeting?.status, 'requested');
    assert.equal(requested.record?.status, 'follow_up');
  });

  it('a no clears the proposal; a later yes books nothing', async () => {
    const { say } = await dialogue(true);
    await say('meeting tomorrow at 10am?', 'petra@lang.example');
    assert.equal((await say('no thanks', 'petra@lang.example')).outcome?.kind, 'declined');
    assert.equal((await say('yes', 'petra@lang.example')).outcome, undefined);
    assert.equal(google.events.size, 0);
  });

  it('refuses times in the past, outside the hours and busy on the calendar, offering others', async () => {
    const { say } = await dialogue(true);
    const outside = await say('a call on Saturday at 10am?', 'petra@lang.example');
    assert.equal(outside.outcome?.kind, 'unavailable');
    assert.ok(outside.outcome?.kind === 'unavailable' && outside.outcome.reason === 'outside_hours');
    assert.ok(outside.outcome.alternatives.length > 0);
    google.busy.push({ start: '2026-05-07T08:00:00Z', end: '2026-05-07T10:00:00Z' });
    const busy = await say('tomorrow at 11am then', 'petra@lang.example');
    assert.ok(busy.outcome?.kind === 'unavailable' && busy.outcome.reason === 'busy');
    const past = await say('yesterday at 3pm', 'petra@lang.example');
    assert.ok(past.outcome?.kind === 'unavailable' && past.outcome.reason === 'past');
  });

  it('"same time" after a refused time is that time of day, in the zone it was said in', async () => {
    const { say } = await dialogue(true);
    assert.equal((await say('a call on Saturday at 10am?', 'petra@lang.example')).outcome?.kind, 'unavailable');
    const monday = await say('ok monday then, same time', 'petra@lang.example');
    assert.equal(monday.outcome?.kind, 'proposed');
    assert.equal(monday.meeting?.start, '2026-05-11T10:00:00.000+02:00');

    const other = await dialogue(true);
    await other.say('a call on Saturday at 10am New York time?', 'petra@lang.example');
    assert.equal((await other.say('how about monday?', 'petra@lang.example')).outcome?.kind, 'need_time');
    const same = await other.say('same time', 'petra@lang.example');
    assert.equal(same.meeting?.start, '2026-05-11T16:00:00.000+02:00', '10:00 in New York is 16:00 here');
  });

  it('talking at a named time in another language asks for a meeting, and a yes in it books; prices do not', async () => {
    const { say } = await dialogue(true);
    assert.equal((await say('¿podemos hablar de precios?', 'petra@lang.example')).outcome, undefined);
    const asked = await say('¿podemos hablar el jueves a las 10?', 'petra@lang.example');
    assert.equal(asked.outcome?.kind, 'proposed');
    assert.equal(asked.meeting?.start, '2026-05-07T10:00:00.000+02:00');
    assert.equal((await say('sí, perfecto', 'petra@lang.example')).outcome?.kind, 'booked', 'a yes in Spanish');
  });

  it('a day without a time is answered with that day\u2019s free times, never a time picked silently', async () => {
    const { say } = await dialogue(true);
    const dayOnly = await say('can we have a meeting on Friday?', 'petra@lang.example');
    assert.equal(dayOnly.outcome?.kind, 'need_time');
    assert.ok(dayOnly.outcome?.kind === 'need_time' && (dayOnly.outcome.suggestions ?? []).length > 0);
    assert.equal(dayOnly.meeting, null);
  });

  it('a vague answer keeps a standing proposal', async () => {
    const { say } = await dialogue(true);
    await say('meeting tomorrow at 3pm?', 'petra@lang.example');
    assert.equal((await say('hmm let me think')).outcome, undefined);
    assert.equal((await say('ok yes', 'petra@lang.example')).outcome?.kind, 'booked');
  });
});
