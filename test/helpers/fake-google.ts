/**
 * A small fake of Google on loopback for the real googleapis client: the OAuth consent page and token
 * endpoint, and the Calendar calls we use (events insert/get/patch/delete, freeBusy). It checks client
 * credentials and Bearer tokens like Google does, records every request, and can be told to fail or hang.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { serveOnLoopback } from './loopback.js';

export const FAKE_CLIENT_ID = 'fake-client-id.apps.googleusercontent.com';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

export interface RecordedGoogleRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** Parsed JSON body, or the form fields of a token request. */
  body: Record<string, unknown>;
}

export type GoogleFault = { kind: 'status'; status: number; reason?: string } | { kind: 'hang' };

export interface FakeEvent {
  id: string;
  calendarId: string;
  status: string;
  summary?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  attendees?: Array<{ email: string }>;
  htmlLink: string;
  hangoutLink?: string;
  conferenceData?: Record<string, unknown>;
}

export interface FakeGoogle {
  url: string;
  /** GOOGLE_AUTH_URL, GOOGLE_TOKEN_URL, GOOGLE_API_ROOT_URL for the server under test. */
  authUrl: string;
  tokenUrl: string;
  apiRootUrl: string;
  requests: RecordedGoogleRequest[];
  /** Events stored by calendar id + event id. */
  events: Map<string, FakeEvent>;
  /** Busy intervals answered by freeBusy besides the stored events. */
  busy: Array<{ start: string; end: string }>;
  /** Lifetime of issued access tokens, in seconds (googleapis refreshes early: under 5 min means at once). */
  accessTokenTtlSeconds: number;
  /** Faults applied, in order, to the next Calendar API calls (token requests are not affected). */
  apiFaults: GoogleFault[];
  /** Faults applied, in order, to the next token endpoint calls. */
  tokenFaults: GoogleFault[];
  /** When true the consent page answers error=access_denied. */
  denyConsent: boolean;
  /** A fresh authorization code Google would hand to the redirect URI. */
  issueCode(): string;
  /** Makes every access token issued so far unusable (401), as if it expired. */
  expireAccessTokens(): void;
  /** Revokes every refresh token issued so far (refreshing answers invalid_grant). */
  revokeRefreshTokens(): void;
  tokenRequests(): RecordedGoogleRequest[];
  apiRequests(): RecordedGoogleRequest[];
  /** Resets recorded requests, faults and settings; keeps issued tokens and events unless asked. */
  reset(options?: { events?: boolean }): void;
  close(): Promise<void>;
}

const TOKEN_PATH = '/token';
const AUTH_PATH = '/o/oauth2/v2/auth';
const API_PREFIX = '/calendar/v3/';
const EVENT_ID_RE = /^[a-v0-9]{5,1024}$/;

function googleError(status: number, message: string, reason: string) {
  return { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } };
}

/** A Meet-looking code derived from a counter: xxx-yyyy-zzz. */
function meetCode(n: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let x = n * 7919 + 123456;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += letters[x % 26];
    x = Math.floor(x / 26) + i * 31;
  }
  return `${out.slice(0, 3)}-${out.slice(3, 7)}-${out.slice(7, 10)}`;
}

function overlaps(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return Date.parse(aStart) < Date.parse(bEnd) && Date.parse(bStart) < Date.parse(aEnd);
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const codes = new Set<string>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Map<string, number>(); // token -> expiry (ms)
  let eventCounter = 0;

  const fake: FakeGoogle = {
    url: '',
    authUrl: '',
    tokenUrl: '',
    apiRootUrl: '',
    requests: [],
    events: new Map(),
    busy: [],
    accessTokenTtlSeconds: 3600,
    apiFaults: [],
    tokenFaults: [],
    denyConsent: false,
    issueCode() {
      const code = `4/code-${randomBytes(8).toString('hex')}`;
      codes.add(code);
      return code;
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) accessTokens.set(token, 0);
    },
    revokeRefreshTokens() {
      refreshTokens.clear();
    },
    tokenRequests: () => fake.requests.filter((r) => r.path === TOKEN_PATH),
    apiRequests: () => fake.requests.filter((r) => r.path.startsWith(API_PREFIX)),
    reset(options = {}) {
      fake.requests.length = 0;
      fake.apiFaults.length = 0;
      fake.tokenFaults.length = 0;
      fake.busy.length = 0;
      fake.accessTokenTtlSeconds = 3600;
      fake.denyConsent = false;
      if (options.events) fake.events.clear();
    },
    close: () => Promise.resolve(),
  };

  const issueAccessToken = () => {
    const token = `ya29.fake-${randomBytes(12).toString('hex')}`;
    accessTokens.set(token, Date.now() + fake.accessTokenTtlSeconds * 1000);
    return token;
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  /** Applies the next queued fault; true when the request was answered (or left hanging). */
  const applyFault = (queue: GoogleFault[], res: http.ServerResponse): boolean => {
    const fault = queue.shift();
    if (!fault) return false;
    if (fault.kind === 'hang') return true; // never answers; the client must time out
    sendJson(res, fault.status, googleError(fault.status, 'fake failure', fault.reason ?? 'backendError'));
    return true;
  };

  const handleToken = (form: Record<string, string>, res: http.ServerResponse) => {
    if (form.client_id !== FAKE_CLIENT_ID || form.client_secret !== FAKE_CLIENT_SECRET) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    if (form.grant_type === 'authorization_code') {
      const code = form.code ?? '';
      if (!codes.delete(code)) {
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
        return;
      }
      const refreshToken = `1//fake-refresh-${randomBytes(12).toString('hex')}`;
      refreshTokens.add(refreshToken);
      sendJson(res, 200, {
        access_token: issueAccessToken(),
        expires_in: fake.accessTokenTtlSeconds,
        refresh_token: refreshToken,
        scope: 'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
        token_type: 'Bearer',
      });
      return;
    }
    if (form.grant_type === 'refresh_token') {
      if (!refreshTokens.has(form.refresh_token ?? '')) {
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return;
      }
      sendJson(res, 200, {
        access_token: issueAccessToken(),
        expires_in: fake.accessTokenTtlSeconds,
        scope: 'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy',
        token_type: 'Bearer',
      });
      return;
    }
    sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
  };

  const handleApi = (req: RecordedGoogleRequest, res: http.ServerResponse) => {
    const bearer = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
    const expiry = bearer === undefined ? undefined : accessTokens.get(bearer);
    if (expiry === undefined || expiry <= Date.now()) {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Bearer realm="https://accounts.google.com/"',
      });
      res.end(JSON.stringify(googleError(401, 'Request had invalid authentication credentials.', 'authError')));
      return;
    }
    const rest = req.path.slice(API_PREFIX.length).split('/').map(decodeURIComponent);
    if (req.method === 'POST' && rest.length === 1 && rest[0] === 'freeBusy') {
      const body = req.body as { timeMin?: string; timeMax?: string; items?: Array<{ id?: string }> };
      const timeMin = body.timeMin ?? '';
      const timeMax = body.timeMax ?? '';
      const calendars: Record<string, { busy: Array<{ start: string; end: string }> }> = {};
      for (const item of body.items ?? []) {
        const id = item.id ?? '';
        const fromEvents = [...fake.events.values()]
          .filter((e) => e.calendarId === id && e.status !== 'cancelled')
          .map((e) => ({ start: e.start.dateTime, end: e.end.dateTime }));
        const busy = [...fake.busy, ...fromEvents]
          .filter((b) => overlaps(b.start, b.end, timeMin, timeMax))
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
        calendars[id] = { busy };
      }
      sendJson(res, 200, { kind: 'calendar#freeBusy', timeMin, timeMax, calendars });
      return;
    }
    if (rest[0] === 'calendars' && rest[2] === 'events') {
      const calendarId = rest[1] ?? '';
      if (req.method === 'POST' && rest.length === 3) {
        const body = req.body as Partial<FakeEvent> & {
          conferenceData?: { createRequest?: { requestId?: string; conferenceSolutionKey?: { type?: string } } };
        };
        const id = typeof body.id === 'string' ? body.id : `fakeevt${randomBytes(8).toString('hex')}`;
        if (!EVENT_ID_RE.test(id)) {
          sendJson(res, 400, googleError(400, 'Invalid resource id value.', 'invalid'));
          return;
        }
        const key = `${calendarId}/${id}`;
        if (fake.events.has(key)) {
          sendJson(res, 409, googleError(409, 'The requested identifier already exists.', 'duplicate'));
          return;
        }
        eventCounter += 1;
        const event: FakeEvent = {
          id,
          calendarId,
          status: 'confirmed',
          summary: body.summary,
          description: body.description,
          start: body.start ?? { dateTime: '' },
          end: body.end ?? { dateTime: '' },
          attendees: body.attendees,
          htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
        };
        const createRequest = body.conferenceData?.createRequest;
        if (req.query.conferenceDataVersion === '1' && createRequest?.conferenceSolutionKey?.type === 'hangoutsMeet') {
          const code = meetCode(eventCounter);
          const uri = `https://meet.google.com/${code}`;
          event.hangoutLink = uri;
          event.conferenceData = {
            createRequest: { ...createRequest, status: { statusCode: 'success' } },
            entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
            conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
            conferenceId: code,
          };
        }
        fake.events.set(key, event);
        sendJson(res, 200, { kind: 'calendar#event', ...event, calendarId: undefined });
        return;
      }
      if (rest.length === 4 && ['GET', 'PATCH', 'DELETE'].includes(req.method)) {
        const event = fake.events.get(`${calendarId}/${rest[3] ?? ''}`);
        // Google: a deleted event is still read (status cancelled); deleting it again is 410 Gone.
        const gone = event?.status === 'cancelled' && req.method !== 'GET';
        if (!event || (gone && req.method === 'PATCH')) {
          sendJson(res, 404, googleError(404, 'Not Found', 'notFound'));
        } else if (gone) {
          sendJson(res, 410, googleError(410, 'Resource has been deleted', 'deleted'));
        } else if (req.method === 'DELETE') {
          event.status = 'cancelled';
          res.writeHead(204).end();
        } else {
          const body = req.body as Partial<FakeEvent>;
          if (req.method === 'PATCH')
            Object.assign(event, body.start ? { start: body.start } : {}, body.end ? { end: body.end } : {});
          sendJson(res, 200, { kind: 'calendar#event', ...event, calendarId: undefined });
        }
        return;
      }
    }
    sendJson(res, 404, googleError(404, 'Not Found', 'notFound'));
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.google');
      const query = Object.fromEntries(url.searchParams);
      const contentType = req.headers['content-type'] ?? '';
      let body: Record<string, unknown> = {};
      if (contentType.includes('application/x-www-form-urlencoded')) {
        body = Object.fromEntries(new URLSearchParams(raw));
      } else if (raw) {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
        } catch {
          // keep empty
        }
      }
      const recorded: RecordedGoogleRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        authorization: req.headers.authorization,
        body,
      };
      fake.requests.push(recorded);

      if (url.pathname === AUTH_PATH && req.method === 'GET') {
        // The consent page: the admin "agrees" at once and Google redirects back with a code.
        const back = new URL(query.redirect_uri ?? 'http://invalid.example/');
        if (fake.denyConsent) back.searchParams.set('error', 'access_denied');
        else back.searchParams.set('code', fake.issueCode());
        if (query.state !== undefined) back.searchParams.set('state', query.state);
        res.writeHead(302, { location: back.toString() });
        res.end();
        return;
      }
      if (url.pathname === TOKEN_PATH && req.method === 'POST') {
        if (applyFault(fake.tokenFaults, res)) return;
        handleToken(body as Record<string, string>, res);
        return;
      }
      if (url.pathname.startsWith(API_PREFIX)) {
        if (applyFault(fake.apiFaults, res)) return;
        handleApi(recorded, res);
        return;
      }
      sendJson(res, 404, googleError(404, 'Not Found', 'notFound'));
    });
  });
  const served = await serveOnLoopback(server);
  fake.url = served.url;
  fake.authUrl = `${fake.url}${AUTH_PATH}`;
  fake.tokenUrl = `${fake.url}${TOKEN_PATH}`;
  fake.apiRootUrl = fake.url;
  fake.close = served.close;
  return fake;
}

/** The app's environment for the real Google client to reach this fake. */
export function calendarEnv(fake: FakeGoogle): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: FAKE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    GOOGLE_REDIRECT_URI: 'http://127.0.0.1:9/oauth2callback',
    GOOGLE_AUTH_URL: fake.authUrl,
    GOOGLE_TOKEN_URL: fake.tokenUrl,
    GOOGLE_API_ROOT_URL: fake.apiRootUrl,
    GOOGLE_TIMEOUT_MS: '3000',
  };
}

/** Connects the app at `appUrl` to the fake as an admin would: /authorize, consent, /oauth2callback. */
export async function connectCalendar(appUrl: string, adminKey: string): Promise<void> {
  const auth = await fetch(`${appUrl}/authorize`, { redirect: 'manual', headers: { 'x-api-key': adminKey } });
  const consent = await fetch(auth.headers.get('location') ?? '', { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const cb = await fetch(`${appUrl}/oauth2callback${back.search}`, { redirect: 'manual' });
  if (cb.status !== 302) throw new Error(`connecting the calendar failed: ${cb.status} ${await cb.text()}`);
}
