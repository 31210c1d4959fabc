/**
 * The one module that talks to Google: OAuth2 (consent URL, code exchange, token storage and refresh)
 * and Calendar (free/busy, idempotent event insert). Every failure leaves here as an AppError.
 *
 * Tokens live in DATA_DIR/google_tokens.json (mode 0600), written atomically. googleapis refreshes an
 * expired access token by itself and emits `tokens`; we merge and save them (a refresh answer carries
 * no refresh_token, so the stored one is kept). A refresh answered with invalid_grant (revoked or broken
 * grant) is remembered in the file, so the calendar stays "not_connected" until an admin reconnects.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Auth } from 'googleapis';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import type { Config } from '../config.js';
import { AppError } from '../infra/app-error.js';
import { KeyedSerializer, toStorageError, writeFileAtomic } from '../infra/atomic-file.js';
import type { Logger } from '../infra/logger.js';

export const GOOGLE_TOKENS_FILENAME = 'google_tokens.json';

export const CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
];

export type CalendarStatus = 'connected' | 'not_connected';

export interface BusyInterval {
  start: Date;
  end: Date;
}

export interface InsertEventInput {
  /** Stable per booking: the event id is derived from it, so repeating a booking never makes a second event. */
  requestId: string;
  summary: string;
  description: string;
  start: Date;
  end: Date;
  /** IANA zone the event is shown in, e.g. the business zone. */
  timeZone: string;
  attendees: string[];
}

export interface InsertedEvent {
  eventId: string;
  meetLink: string | null;
  htmlLink: string | null;
  /** false when the event already existed (a retry or a repeated confirmation). */
  created: boolean;
}

/** What the rest of the server needs from the calendar. */
export interface CalendarGateway {
  isConfigured(): boolean;
  status(): Promise<CalendarStatus>;
  buildAuthUrl(state: string): string;
  exchangeCode(code: string): Promise<void>;
  disconnect(): Promise<void>;
  queryBusy(start: Date, end: Date): Promise<BusyInterval[]>;
  insertEvent(input: InsertEventInput): Promise<InsertedEvent>;
}

export interface GoogleCalendarGatewayOptions {
  config: Config;
  logger: Logger;
  dataDir: string;
  /** Attempts per API call (retries on 5xx, 429, rate-limit 403s, network errors and timeouts). Default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  backoffMs?: number;
  /** Upper bound of one backoff delay. Default 5000 ms. */
  maxBackoffMs?: number;
}

/** The tokens file: Google's credentials plus our note that the grant stopped working. */
interface StoredTokens extends Auth.Credentials {
  invalid_grant_at?: string;
}

interface TokenState {
  tokens: StoredTokens | undefined;
}

/** The subset of a GaxiosError we read (duck-typed: googleapis bundles its own gaxios copy). */
interface GoogleErrorShape {
  code?: string | number;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

const NOT_CONNECTED = 'The calendar is not connected';
const RETRYABLE_403_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** Google event ids: 5-1024 characters of base32hex [a-v0-9]; hex digits are a subset. */
export function eventIdForRequest(requestId: string): string {
  return createHash('sha256').update(`booking:${requestId}`).digest('hex');
}

function httpStatusOf(err: unknown): number | undefined {
  const status = (err as GoogleErrorShape | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function isInvalidGrant(err: unknown): boolean {
  const data = (err as GoogleErrorShape | undefined)?.response?.data;
  return typeof data === 'object' && data !== null && (data as { error?: unknown }).error === 'invalid_grant';
}

function googleReasons(err: unknown): string[] {
  const data = (err as GoogleErrorShape | undefined)?.response?.data as
    { error?: { errors?: Array<{ reason?: unknown }> } } | undefined;
  const errors = typeof data?.error === 'object' ? (data.error.errors ?? []) : [];
  return errors.map((e) => (typeof e.reason === 'string' ? e.reason : '')).filter(Boolean);
}

function isRetryable(err: unknown): boolean {
  const status = httpStatusOf(err);
  if (status === undefined) return true; // network error, reset or timeout: nothing was answered
  if (status >= 500 || status === 429 || status === 408) return true;
  return status === 403 && googleReasons(err).some((r) => RETRYABLE_403_REASONS.has(r));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type GoogleCalendarModule = typeof import('googleapis/build/src/apis/calendar/index.js');
let googleModule: GoogleCalendarModule | undefined;

/**
 * Only the Calendar API of googleapis (its index loads every Google API, ~100 MB of RSS; this entry ~14 MB),
 * and only once Google is configured: a server without Google never loads it. Synchronous (googleapis is
 * CommonJS) so that building a consent URL stays synchronous.
 */
function loadGoogleCalendar(): GoogleCalendarModule {
  googleModule ??= createRequire(import.meta.url)(
    'googleapis/build/src/apis/calendar/index.js',
  ) as GoogleCalendarModule;
  return googleModule;
}

export class GoogleCalendarGateway implements CalendarGateway {
  private readonly config: Config['google'];
  private readonly logger: Logger;
  private readonly tokensFile: string;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly writes = new KeyedSerializer();
  private readonly auth: Auth.OAuth2Client | undefined;
  private readonly calendar: calendar_v3.Calendar | undefined;
  private loaded: Promise<TokenState> | undefined;
  /** Saves started by the `tokens` event; API calls wait for them so a returned call means a saved token. */
  private pendingSaves: Promise<void> = Promise.resolve();

  constructor(options: GoogleCalendarGatewayOptions) {
    this.config = options.config.google;
    this.logger = options.logger.child({ component: 'google-calendar' });
    this.tokensFile = path.join(options.dataDir, GOOGLE_TOKENS_FILENAME);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    if (this.isConfigured()) {
      this.auth = this.createOAuthClient();
      this.auth.on('tokens', (tokens) => this.rememberRefreshedTokens(tokens));
      this.calendar = loadGoogleCalendar().calendar({ version: 'v3', auth: this.auth, ...this.rootUrlOption() });
    }
  }

  isConfigured(): boolean {
    const { clientId, clientSecret, redirectUri } = this.config;
    return Boolean(clientId && clientSecret && redirectUri);
  }

  async status(): Promise<CalendarStatus> {
    if (!this.isConfigured()) return 'not_connected';
    const { tokens } = await this.loadTokens();
    return tokens?.refresh_token && !tokens.invalid_grant_at ? 'connected' : 'not_connected';
  }

  buildAuthUrl(state: string): string {
    const auth = this.requireConfigured();
    return auth.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: CALENDAR_SCOPES,
      include_granted_scopes: true,
      state,
    });
  }

  async exchangeCode(code: string): Promise<void> {
    this.requireConfigured();
    // A separate client: its `tokens` event must not be taken for a refresh of the stored grant.
    const client = this.createOAuthClient();
    let received: Auth.Credentials;
    try {
      received = (await client.getToken(code)).tokens;
    } catch (err) {
      if (isInvalidGrant(err) || httpStatusOf(err) === 400) {
        this.logger.warn({ status: httpStatusOf(err) }, 'Google refused the authorization code');
        throw new AppError('bad_request', 'Google refused the authorization code. Start again from the admin page.', {
          cause: err,
        });
      }
      this.logger.warn({ status: httpStatusOf(err) }, 'authorization code exchange failed');
      throw new AppError(
        'calendar_unavailable',
        'Could not reach Google to finish connecting the calendar. Try again.',
        {
          cause: err,
        },
      );
    }
    const previous = (await this.loadTokens()).tokens;
    // Google sends a refresh token with prompt=consent; if it ever does not, an older one still works.
    const refreshToken = received.refresh_token ?? (previous?.invalid_grant_at ? undefined : previous?.refresh_token);
    if (!refreshToken) {
      throw new AppError(
        'calendar_unavailable',
        'Google granted no offline access. Remove the app under your Google account permissions and connect again.',
      );
    }
    const tokens: StoredTokens = { ...received, refresh_token: refreshToken };
    await this.saveTokens(tokens);
    this.auth?.setCredentials(tokens);
    this.logger.info('Google Calendar connected');
  }

  async disconnect(): Promise<void> {
    await this.writes.run('tokens', async () => {
      try {
        await unlink(this.tokensFile);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err);
      }
      this.loaded = Promise.resolve({ tokens: undefined });
      this.auth?.setCredentials({});
    });
    this.logger.info('Google Calendar disconnected');
  }

  async queryBusy(start: Date, end: Date): Promise<BusyInterval[]> {
    const calendarId = this.config.calendarId;
    const data = await this.callApi('freebusy.query', async (calendar, options) => {
      const res = await calendar.freebusy.query(
        { requestBody: { timeMin: start.toISOString(), timeMax: end.toISOString(), items: [{ id: calendarId }] } },
        options,
      );
      return res.data;
    });
    const calendars = data.calendars ?? {};
    const entry = calendars[calendarId] ?? Object.values(calendars)[0];
    if (!entry || (entry.errors && entry.errors.length > 0)) {
      this.logger.warn({ reasons: entry?.errors?.map((e) => e.reason) }, 'free/busy answered no data for the calendar');
      throw new AppError('calendar_unavailable', 'Google Calendar did not answer the availability of the calendar.');
    }
    return (entry.busy ?? []).flatMap((b) =>
      b.start && b.end ? [{ start: new Date(b.start), end: new Date(b.end) }] : [],
    );
  }

  async insertEvent(input: InsertEventInput): Promise<InsertedEvent> {
    const calendarId = this.config.calendarId;
    const eventId = eventIdForRequest(input.requestId);
    const requestBody: calendar_v3.Schema$Event = {
      id: eventId,
      summary: input.summary,
      description: input.description,
      start: { dateTime: input.start.toISOString(), timeZone: input.timeZone },
      end: { dateTime: input.end.toISOString(), timeZone: input.timeZone },
      attendees: input.attendees.map((email) => ({ email })),
      conferenceData: {
        createRequest: { requestId: input.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' } },
      },
    };
    return this.callApi('events.insert', async (calendar, options) => {
      try {
        const res = await calendar.events.insert(
          { calendarId, conferenceDataVersion: 1, sendUpdates: 'all', requestBody },
          options,
        );
        return describeEvent(res.data, eventId, true);
      } catch (err) {
        if (httpStatusOf(err) !== 409) throw err;
        // The id exists: an earlier attempt or confirmation made it. Return that event, never a second one.
        const res = await calendar.events.get({ calendarId, eventId }, options);
        if (res.data.status === 'cancelled') {
          this.logger.warn({ eventId }, 'the booking event exists but was cancelled on the calendar');
        }
        return describeEvent(res.data, eventId, false);
      }
    });
  }

  private createOAuthClient(): Auth.OAuth2Client {
    const { clientId, clientSecret, redirectUri, tokenUrl, authUrl, timeoutMs } = this.config;
    const endpoints: { oauth2TokenUrl?: string; oauth2AuthBaseUrl?: string } = {};
    if (tokenUrl) endpoints.oauth2TokenUrl = tokenUrl;
    if (authUrl) endpoints.oauth2AuthBaseUrl = authUrl;
    return new (loadGoogleCalendar().auth.OAuth2)({
      clientId,
      clientSecret,
      redirectUri,
      endpoints,
      // Bounds token requests too; API calls pass their own timeout.
      transporterOptions: { timeout: timeoutMs },
      // An access token Google no longer accepts (401) is refreshed once instead of failing the call.
      forceRefreshOnFailure: true,
    });
  }

  private rootUrlOption(): { rootUrl?: string } {
    const root = this.config.apiRootUrl;
    return root ? { rootUrl: root.endsWith('/') ? root : `${root}/` } : {};
  }

  private requireConfigured(): Auth.OAuth2Client {
    if (!this.auth) {
      throw new AppError(
        'calendar_unavailable',
        'Google Calendar is not configured (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REDIRECT_URI).',
      );
    }
    return this.auth;
  }

  /** Runs one API call with a per-call timeout and bounded retries with backoff. */
  private async callApi<T>(
    operation: string,
    run: (calendar: calendar_v3.Calendar, options: { timeout: number; retry: boolean }) => Promise<T>,
  ): Promise<T> {
    const calendar = this.calendar;
    if (!calendar || (await this.status()) !== 'connected') throw new AppError('calendar_unavailable', NOT_CONNECTED);
    const options = { timeout: this.config.timeoutMs, retry: false }; // retries are ours, not gaxios'
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(calendar, options);
      } catch (err) {
        if (isInvalidGrant(err)) {
          await this.markGrantBroken();
          throw new AppError(
            'calendar_unavailable',
            'The calendar connection was revoked. Reconnect it on the admin page.',
            {
              cause: err,
            },
          );
        }
        const status = httpStatusOf(err);
        const retry = isRetryable(err) && attempt < this.maxAttempts;
        this.logger.warn(
          { operation, attempt, status, code: (err as GoogleErrorShape).code, retry },
          'Google Calendar call failed',
        );
        if (!retry) {
          const message = isRetryable(err)
            ? 'Google Calendar is not answering. Please try again later.'
            : 'Google Calendar refused the request.';
          throw new AppError('calendar_unavailable', message, { cause: err });
        }
        await sleep(this.backoffDelay(attempt));
      } finally {
        await this.pendingSaves;
      }
    }
  }

  private backoffDelay(attempt: number): number {
    const base = Math.min(this.backoffMs * 2 ** (attempt - 1), this.maxBackoffMs);
    return Math.round(base / 2 + Math.random() * (base / 2)); // jitter so instances do not retry in step
  }

  private loadTokens(): Promise<TokenState> {
    this.loaded ??= this.readTokensFile().then((tokens) => {
      if (tokens) this.auth?.setCredentials(tokens);
      return { tokens };
    });
    return this.loaded;
  }

  private async readTokensFile(): Promise<StoredTokens | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.tokensFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.logger.error({ code: (err as NodeJS.ErrnoException).code }, 'cannot read the Google tokens file');
      return undefined;
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      this.logger.error('the Google tokens file is not valid JSON; reconnect the calendar');
      return undefined;
    }
  }

  private async saveTokens(tokens: StoredTokens): Promise<void> {
    await this.writes.run('tokens', async () => {
      await mkdir(path.dirname(this.tokensFile), { recursive: true });
      await writeFileAtomic(this.tokensFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
      this.loaded = Promise.resolve({ tokens });
    });
  }

  /** googleapis refreshed the access token: keep the refresh token we have and save the rest. */
  private rememberRefreshedTokens(fresh: Auth.Credentials): void {
    const save = this.loadTokens().then(async ({ tokens }) => {
      if (!tokens) return; // disconnected meanwhile: do not resurrect the grant
      const merged: StoredTokens = { ...tokens, ...fresh, refresh_token: fresh.refresh_token ?? tokens.refresh_token };
      await this.saveTokens(merged);
      this.logger.debug('refreshed Google access token saved');
    });
    this.pendingSaves = this.pendingSaves
      .then(() => save)
      .catch((err: unknown) => {
        this.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'could not save refreshed Google tokens',
        );
      });
  }

  private async markGrantBroken(): Promise<void> {
    const { tokens } = await this.loadTokens();
    this.logger.error('Google refused the refresh token (invalid_grant); the calendar must be reconnected');
    if (!tokens || tokens.invalid_grant_at) return;
    await this.saveTokens({ ...tokens, invalid_grant_at: new Date().toISOString() }).catch((err: unknown) => {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not record the broken grant');
      this.loaded = Promise.resolve({ tokens: { ...tokens, invalid_grant_at: new Date().toISOString() } });
    });
  }
}

function describeEvent(event: calendar_v3.Schema$Event, fallbackId: string, created: boolean): InsertedEvent {
  const video = event.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri;
  return {
    eventId: event.id ?? fallbackId,
    meetLink: event.hangoutLink ?? video ?? null,
    htmlLink: event.htmlLink ?? null,
    created,
  };
}
