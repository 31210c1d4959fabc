import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AdminSessionStore, ADMIN_SESSION_COOKIE } from '../../src/admin/admin-session.store.js';
import { loadConfig, type Config } from '../../src/config.js';
import { AppError } from '../../src/infra/app-error.js';
import { createLogger } from '../../src/infra/logger.js';
import { GoogleCalendarGateway } from '../../src/meetings/google-calendar.client.js';
import { GOOGLE_TOKENS_FILENAME } from '../../src/meetings/google-token.store.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { ADMIN_KEY, getJson, makeDataDir, ROOT, startHarness, testEnv, type Harness } from '../helpers/harness.js';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.js';

const REDIRECT_URI = 'http://127.0.0.1:9/oauth2callback'; // only echoed back by the fake's consent page

interface StoredTokens {
  access_token?: string;
  refresh_token?: string;
  expiry_date?: number;
  invalid_grant_at?: string;
}

const isCalendarUnavailable = (err: unknown) => err instanceof AppError && err.code === 'calendar_unavailable';

describe('Google Calendar gateway and OAuth routes (real googleapis against a fake Google)', () => {
  let redis: TestRedis;
  let fake: FakeGoogle;
  let h: Harness;
  let config: Config;
  let dataDir: string;
  let gateway: GoogleCalendarGateway;
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

  const tokensFile = () => path.join(dataDir, GOOGLE_TOKENS_FILENAME);
  const readTokens = () => JSON.parse(readFileSync(tokensFile(), 'utf8')) as StoredTokens;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: 'manual', headers });
  const healthCalendar = async () => (await getJson<{ calendar: string }>(`${h.url}/health`)).body.data.calendar;

  /** GET /authorize as an admin; returns the consent page URL it redirects to. */
  const authorize = async (headers: Record<string, string> = { 'x-api-key': ADMIN_KEY }) => {
    const res = await get(`${h.url}/authorize`, headers);
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location') ?? '');
  };

  /** Lets the fake's consent page answer; returns the callback's query string (code/error and state). */
  const consent = async (authUrl: URL) => {
    const res = await get(authUrl.toString());
    assert.equal(res.status, 302);
    const back = new URL(res.headers.get('location') ?? '');
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
    return back.search;
  };

  const callback = (search: string, headers: Record<string, string> = {}) =>
    get(`${h.url}/oauth2callback${search}`, headers);

  const connect = async () => {
    const res = await callback(await consent(await authorize()));
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/admin');
  };

  const booking = (requestId: string) => ({
    requestId,
    summary: 'Intro call with Ada',
    description: 'Booked from the website chat',
    start: new Date('2031-03-04T10:00:00Z'),
    end: new Date('2031-03-04T10:30:00Z'),
    timeZone: 'Asia/Karachi',
    attendees: ['ada@example.com'],
  });

  before(async () => {
    redis = await startTestRedis();
    fake = await startFakeGoogle();
    dataDir = makeDataDir();
    const googleEnv = {
      GOOGLE_CLIENT_ID: FAKE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
      GOOGLE_REDIRECT_URI: REDIRECT_URI,
      GOOGLE_AUTH_URL: fake.authUrl,
      GOOGLE_TOKEN_URL: fake.tokenUrl,
      GOOGLE_API_ROOT_URL: fake.apiRootUrl,
      GOOGLE_TIMEOUT_MS: '2000', // generous: a loaded CI machine must not turn a slow answer into a failure
    };
    config = loadConfig(testEnv({ REDIS_URL: redis.url, ...googleEnv }, dataDir), { cwd: ROOT });
    gateway = new GoogleCalendarGateway({ config, logger, dataDir, maxAttempts: 3, backoffMs: 5 });
    h = await startHarness(redis.url, googleEnv, { calendar: gateway }, dataDir);
  });
  after(async () => {
    await h.close();
    await fake.close();
    await redis.stop();
  });
  beforeEach(() => fake.reset());

  it('is not connected before the OAuth flow and calls nothing at Google', async () => {
    assert.equal(gateway.isConfigured(), true);
    assert.equal(await gateway.status(), 'not_connected');
    assert.equal(await healthCalendar(), 'not_connected');
    await assert.rejects(gateway.insertEvent(booking('before-connect')), (err: unknown) => {
      assert.ok(isCalendarUnavailable(err));
      assert.equal((err as AppError).message, 'The calendar is not connected');
      return true;
    });
    assert.equal(fake.requests.length, 0);
  });

  it('GET /authorize needs an admin', async () => {
    const res = await get(`${h.url}/authorize`);
    assert.equal(res.status, 401);
    const wrong = await get(`${h.url}/authorize`, { 'x-api-key': 'not-the-admin-key-at-all' });
    assert.equal(wrong.status, 401);
  });

  it('connects through /authorize and /oauth2callback and keeps the tokens with mode 0600', async () => {
    const authUrl = await authorize({ authorization: `Bearer ${ADMIN_KEY}` });
    assert.equal(`${authUrl.origin}${authUrl.pathname}`, fake.authUrl);
    const q = authUrl.searchParams;
    assert.equal(q.get('access_type'), 'offline');
    assert.equal(q.get('prompt'), 'consent');
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), FAKE_CLIENT_ID);
    assert.equal(q.get('redirect_uri'), REDIRECT_URI);
    assert.match(q.get('scope') ?? '', /auth\/calendar\.events/);
    assert.match(q.get('scope') ?? '', /auth\/calendar\.freebusy/);
    const state = q.get('state') ?? '';
    assert.match(state, /^[A-Za-z0-9_-]{32,}$/);
    assert.ok(await h.redis.get(`oauth:state:${state}`), 'the state is kept in Redis');
    const ttl = await h.redis.ttl(`oauth:state:${state}`);
    assert.ok(ttl > 0 && ttl <= 600, `ttl ${ttl}`);

    const search = await consent(authUrl);
    const res = await callback(search);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/admin');
    assert.equal(await h.redis.exists(`oauth:state:${state}`), 0, 'the state is used up');

    const tokenCalls = fake.tokenRequests();
    assert.equal(tokenCalls.length, 1);
    assert.equal(tokenCalls[0]?.body.grant_type, 'authorization_code');
    assert.equal(tokenCalls[0]?.body.code, new URLSearchParams(search).get('code'));
    assert.equal(tokenCalls[0]?.body.redirect_uri, REDIRECT_URI);

    assert.equal(statSync(tokensFile()).mode & 0o777, 0o600);
    const tokens = readTokens();
    assert.match(tokens.refresh_token ?? '', /^1\/\/fake-refresh-/);
    assert.match(tokens.access_token ?? '', /^ya29\.fake-/);
    assert.equal(await gateway.status(), 'connected');
    assert.equal(await healthCalendar(), 'connected');
  });

  it('refuses a wrong, a missing and a reused state with 400 and exchanges no code', async () => {
    // Wrong: a good code with a state we never issued.
    await authorize();
    const goodCode = fake.issueCode();
    const wrong = await callback(`?code=${encodeURIComponent(goodCode)}&state=${'A'.repeat(43)}`);
    assert.equal(wrong.status, 400);
    const body = (await wrong.json()) as { status: string; data: unknown; message: string };
    assert.equal(body.status, 'error');
    assert.match(body.message, /invalid, expired or already used/);

    const missing = await callback(`?code=${encodeURIComponent(goodCode)}`);
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { status: string }).status, 'error');

    // Reused: the first use succeeds, the replay of the same redirect is refused.
    const search = await consent(await authorize());
    assert.equal((await callback(search)).status, 302);
    const tokenCallsAfterFirst = fake.tokenRequests().length;
    assert.equal(tokenCallsAfterFirst, 1);
    const replay = await callback(search);
    assert.equal(replay.status, 400);
    const replayWithFreshCode = await callback(
      `?code=${encodeURIComponent(fake.issueCode())}&state=${new URLSearchParams(search).get('state') ?? ''}`,
    );
    assert.equal(replayWithFreshCode.status, 400);
    assert.equal(fake.tokenRequests().length, tokenCallsAfterFirst, 'no exchange for a refused state');
  });

  it('binds the state to the admin page session that asked for it', async () => {
    const sessions = new AdminSessionStore(h.redis, ADMIN_KEY);
    const mine = await sessions.create();
    const other = await sessions.create();
    const authUrl = await authorize({ cookie: `${ADMIN_SESSION_COOKIE}=${mine.id}` });
    const search = await consent(authUrl);
    const foreign = await callback(search, { cookie: `${ADMIN_SESSION_COOKIE}=${other.id}` });
    assert.equal(foreign.status, 400);
    assert.equal(fake.tokenRequests().length, 0);

    const search2 = await consent(await authorize({ cookie: `${ADMIN_SESSION_COOKIE}=${mine.id}` }));
    const ok = await callback(search2, { cookie: `${ADMIN_SESSION_COOKIE}=${mine.id}` });
    assert.equal(ok.status, 302);
    assert.equal(ok.headers.get('location'), '/admin');
  });

  it('sends the admin back to /admin?calendar=denied when consent is refused', async () => {
    fake.denyConsent = true;
    const search = await consent(await authorize());
    assert.match(search, /error=access_denied/);
    const res = await callback(search);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/admin?calendar=denied');
    assert.equal(fake.tokenRequests().length, 0);
    assert.equal(await gateway.status(), 'connected', 'the earlier connection is untouched');
  });

  it('answers 400 and keeps nothing when Google refuses the code', async () => {
    const authUrl = await authorize();
    const state = authUrl.searchParams.get('state') ?? '';
    const res = await callback(`?code=4%2Fnever-issued&state=${state}`);
    assert.equal(res.status, 400);
    assert.equal(fake.tokenRequests().length, 1);
    assert.equal(await gateway.status(), 'connected');
  });

  it('inserts an event with a Meet link, sending the query and body Google needs', async () => {
    const stored = readTokens();
    const result = await gateway.insertEvent(booking('req-insert-1'));
    assert.equal(result.created, true);
    assert.match(result.eventId, /^[a-v0-9]{5,1024}$/);
    assert.match(result.meetLink ?? '', /^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    assert.match(result.htmlLink ?? '', /^https:\/\/www\.google\.com\/calendar\/event\?eid=/);

    const calls = fake.apiRequests();
    assert.equal(calls.length, 1);
    const call = calls[0];
    assert.ok(call);
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/calendar/v3/calendars/primary/events');
    assert.equal(call.query.conferenceDataVersion, '1');
    assert.equal(call.query.sendUpdates, 'all');
    assert.equal(call.authorization, `Bearer ${stored.access_token ?? ''}`);
    const body = call.body as {
      id: string;
      summary: string;
      start: { dateTime: string; timeZone: string };
      end: { dateTime: string; timeZone: string };
      attendees: Array<{ email: string }>;
      conferenceData: { createRequest: { requestId: string; conferenceSolutionKey: { type: string } } };
    };
    assert.equal(body.id, result.eventId);
    assert.equal(body.summary, 'Intro call with Ada');
    assert.deepEqual(body.start, { dateTime: '2031-03-04T10:00:00.000Z', timeZone: 'Asia/Karachi' });
    assert.deepEqual(body.end, { dateTime: '2031-03-04T10:30:00.000Z', timeZone: 'Asia/Karachi' });
    assert.deepEqual(body.attendees, [{ email: 'ada@example.com' }]);
    assert.deepEqual(body.conferenceData.createRequest, {
      requestId: 'req-insert-1',
      conferenceSolutionKey: { type: 'hangoutsMeet' },
    });
  });

  it('never makes a second event for the same requestId', async () => {
    const before = fake.events.size;
    const first = await gateway.insertEvent(booking('req-twice'));
    const second = await gateway.insertEvent(booking('req-twice'));
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.eventId, first.eventId);
    assert.equal(second.meetLink, first.meetLink);
    assert.equal(second.htmlLink, first.htmlLink);
    assert.equal(fake.events.size, before + 1);
    const calls = fake.apiRequests().map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(calls, [
      'POST /calendar/v3/calendars/primary/events',
      'POST /calendar/v3/calendars/primary/events',
      `GET /calendar/v3/calendars/primary/events/${first.eventId}`,
    ]);
  });

  it('retries 500s and makes one event', async () => {
    const before = fake.events.size;
    fake.apiFaults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    const result = await gateway.insertEvent(booking('req-flaky'));
    assert.equal(result.created, true);
    assert.equal(fake.apiRequests().length, 3);
    assert.equal(fake.events.size, before + 1);
  });

  it('retries 429 and a call that hangs past the timeout', async () => {
    fake.apiFaults.push({ kind: 'status', status: 429, reason: 'rateLimitExceeded' }, { kind: 'hang' });
    const result = await gateway.insertEvent(booking('req-slow'));
    assert.equal(result.created, true);
    assert.equal(fake.apiRequests().length, 3);
  });

  it('gives up with calendar_unavailable after bounded retries', async () => {
    const before = fake.events.size;
    for (let i = 0; i < 10; i++) fake.apiFaults.push({ kind: 'status', status: 500 });
    await assert.rejects(gateway.insertEvent(booking('req-down')), isCalendarUnavailable);
    assert.equal(fake.apiRequests().length, 3);
    assert.equal(fake.events.size, before);
  });

  it('does not retry other 4xx answers', async () => {
    fake.apiFaults.push({ kind: 'status', status: 400, reason: 'invalid' });
    await assert.rejects(
      gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z')),
      isCalendarUnavailable,
    );
    assert.equal(fake.apiRequests().length, 1);
  });

  it('queries free/busy: configured intervals and booked events in the range', async () => {
    fake.events.clear();
    await gateway.insertEvent(booking('req-busy'));
    fake.requests.length = 0;
    fake.busy.push(
      { start: '2031-03-04T12:00:00Z', end: '2031-03-04T13:00:00Z' },
      { start: '2031-03-06T12:00:00Z', end: '2031-03-06T13:00:00Z' }, // outside the range
    );
    const busy = await gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z'));
    assert.deepEqual(
      busy.map((b) => [b.start.toISOString(), b.end.toISOString()]),
      [
        ['2031-03-04T10:00:00.000Z', '2031-03-04T10:30:00.000Z'], // the event booked above
        ['2031-03-04T12:00:00.000Z', '2031-03-04T13:00:00.000Z'],
      ],
    );
    const call = fake.apiRequests()[0];
    assert.equal(call?.path, '/calendar/v3/freeBusy');
    assert.deepEqual(call?.body, {
      timeMin: '2031-03-04T00:00:00.000Z',
      timeMax: '2031-03-05T00:00:00.000Z',
      items: [{ id: 'primary' }],
    });
  });

  it('refreshes an access token Google no longer accepts, saves it and keeps the refresh token', async () => {
    const old = readTokens();
    fake.expireAccessTokens();
    await gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z'));
    const refreshes = fake.tokenRequests();
    assert.equal(refreshes.length, 1);
    assert.equal(refreshes[0]?.body.grant_type, 'refresh_token');
    assert.equal(refreshes[0]?.body.refresh_token, old.refresh_token);
    const saved = readTokens();
    assert.notEqual(saved.access_token, old.access_token);
    assert.equal(saved.refresh_token, old.refresh_token);
    assert.equal(statSync(tokensFile()).mode & 0o777, 0o600);
    assert.equal(fake.apiRequests().at(-1)?.authorization, `Bearer ${saved.access_token ?? ''}`);
  });

  it('refreshes an expired access token before the call', async () => {
    // Tokens that live under googleapis' 5-minute margin count as expired at once.
    fake.accessTokenTtlSeconds = 60;
    fake.expireAccessTokens();
    await gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z')); // 401 -> refresh
    const afterFirst = readTokens();
    fake.requests.length = 0;
    await gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z'));
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      ['/token', '/calendar/v3/freeBusy'],
      'the refresh happens first, with no 401 round trip',
    );
    const saved = readTokens();
    assert.notEqual(saved.access_token, afterFirst.access_token);
    assert.equal(saved.refresh_token, afterFirst.refresh_token);
    assert.ok((saved.expiry_date ?? 0) > (afterFirst.expiry_date ?? 0) - 1);
  });

  it('a fresh gateway on the same DATA_DIR picks up the saved connection', async () => {
    const again = new GoogleCalendarGateway({ config, logger, dataDir, maxAttempts: 1 });
    assert.equal(await again.status(), 'connected');
    const busy = await again.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z'));
    assert.ok(busy.length >= 1);
  });

  it('a revoked refresh token leaves the calendar not connected until reconnected', async () => {
    fake.revokeRefreshTokens();
    fake.expireAccessTokens();
    await assert.rejects(
      gateway.queryBusy(new Date('2031-03-04T00:00:00Z'), new Date('2031-03-05T00:00:00Z')),
      isCalendarUnavailable,
    );
    assert.equal(await gateway.status(), 'not_connected');
    assert.equal(await healthCalendar(), 'not_connected');
    assert.ok(readTokens().invalid_grant_at, 'the broken grant is remembered across restarts');
    const again = new GoogleCalendarGateway({ config, logger, dataDir });
    assert.equal(await again.status(), 'not_connected');

    fake.requests.length = 0;
    await assert.rejects(gateway.insertEvent(booking('req-after-revoke')), isCalendarUnavailable);
    assert.equal(fake.requests.length, 0, 'no calls while not connected');

    await connect();
    assert.equal(await gateway.status(), 'connected');
    assert.equal(readTokens().invalid_grant_at, undefined);
    const result = await gateway.insertEvent(booking('req-after-reconnect'));
    assert.equal(result.created, true);
  });

  it('disconnects through POST /admin/calendar/disconnect', async () => {
    const anonymous = await fetch(`${h.url}/admin/calendar/disconnect`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
    assert.ok(existsSync(tokensFile()));

    const res = await fetch(`${h.url}/admin/calendar/disconnect`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY, accept: 'application/json' },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; data: { calendar: string } };
    assert.equal(body.status, 'success');
    assert.equal(body.data.calendar, 'not_connected');
    assert.equal(existsSync(tokensFile()), false);
    assert.equal(await gateway.status(), 'not_connected');
    assert.equal(await healthCalendar(), 'not_connected');
    await assert.rejects(gateway.insertEvent(booking('req-after-disconnect')), isCalendarUnavailable);

    await connect();
    const html = await fetch(`${h.url}/admin/calendar/disconnect`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'x-api-key': ADMIN_KEY, accept: 'text/html' },
    });
    assert.equal(html.status, 302);
    assert.equal(html.headers.get('location'), '/admin');
    assert.equal(await gateway.status(), 'not_connected');
  });

  it('without GOOGLE_* settings the calendar is off and /authorize says why', async () => {
    const offDir = makeDataDir();
    const offConfig = loadConfig(testEnv({ REDIS_URL: redis.url }, offDir), { cwd: ROOT });
    const off = new GoogleCalendarGateway({ config: offConfig, logger, dataDir: offDir });
    assert.equal(off.isConfigured(), false);
    assert.equal(await off.status(), 'not_connected');
    assert.throws(() => off.buildAuthUrl('x'.repeat(43)), isCalendarUnavailable);
    await assert.rejects(off.queryBusy(new Date(), new Date()), isCalendarUnavailable);

    const offApp = await startHarness(redis.url, {}, {}, offDir);
    try {
      const res = await get(`${offApp.url}/authorize`, { 'x-api-key': ADMIN_KEY });
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { message: string }).message, /not configured/);
    } finally {
      await offApp.close();
    }
  });
});
