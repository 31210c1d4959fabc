/**
 * The one module that talks to Google: OAuth2 (consent URL, code exchange, refresh) and Calendar
 * (free/busy, idempotent event insert). Every failure leaves here as an AppError. The grant is kept by a
 * GoogleTokenRepository (a file, or PostgreSQL shared by every instance); failures are read by
 * google-errors.ts; retries are infra/retry.ts.
 *
 * googleapis refreshes an expired access token by itself and emits `tokens`; we merge and save them (a
 * refresh answer carries no refresh_token, so the stored one is kept). A refresh answered with invalid_grant
 * (revoked or broken grant) is remembered, so the calendar stays "not_connected" until an admin reconnects.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Auth } from 'googleapis';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import type { Config } from '../config.js';
import { AppError } from '../infra/app-error.js';
import type { Logger } from '../infra/logger.js';
import { retryWithBackoff, type RetryPolicy } from '../infra/retry.js';
import type {
  BusyInterval,
  CalendarGateway,
  CalendarStatus,
  InsertedEvent,
  InsertEventInput,
} from './calendar.gateway.js';
import { httpStatusOf, isInvalidGrant, isRetryable, type GoogleErrorShape } from './google-errors.js';
import type { GoogleTokenRepository, StoredTokens } from '../store/google-token.repository.js';
import { GoogleTokenStore } from './google-token.store.js';

const CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
];

export interface GoogleCalendarGatewayOptions {
  config: Config;
  logger: Logger;
  dataDir: string;
  /** Where the grant is kept (store/durable-stores.ts chooses); the file under `dataDir` when absent. */
  tokens?: GoogleTokenRepository;
  /** Attempts per API call (retries on 5xx, 429, rate-limit 403s, network errors and timeouts). Default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  backoffMs?: number;
  /** Upper bound of one backoff delay. Default 5000 ms. */
  maxBackoffMs?: number;
}

const NOT_CONNECTED = 'The calendar is not connected';
const NOT_CONFIGURED =
  'Google Calendar is not configured (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REDIRECT_URI).';

/** Google event ids: 5-1024 characters of base32hex [a-v0-9]; hex digits are a subset. */
function eventIdForRequest(requestId: string): string {
  return createHash('sha256').update(`booking:${requestId}`).digest('hex');
}

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
  private readonly retry: RetryPolicy;
  private readonly tokens: GoogleTokenRepository;
  /** The grant the OAuth client was last given, as JSON (it changes when any instance saves a new one). */
  private appliedTokens: string | undefined;
  private readonly auth: Auth.OAuth2Client | undefined;
  private readonly calendar: calendar_v3.Calendar | undefined;
  /** Saves started by the `tokens` event; API calls wait for them so a returned call means a saved token. */
  private pendingSaves: Promise<void> = Promise.resolve();

  constructor(options: GoogleCalendarGatewayOptions) {
    this.config = options.config.google;
    this.logger = options.logger.child({ component: 'google-calendar' });
    this.retry = {
      attempts: Math.max(1, options.maxAttempts ?? 3),
      baseDelayMs: options.backoffMs ?? 500,
      maxDelayMs: options.maxBackoffMs ?? 5000,
    };
    this.tokens = options.tokens ?? new GoogleTokenStore(options.dataDir, this.logger);
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
    const tokens = await this.loadGrant();
    return tokens?.refresh_token && !tokens.invalid_grant_at ? 'connected' : 'not_connected';
  }

  /**
   * The stored grant, handed to the OAuth client whenever it differs from what the client was given: with
   * a shared store another instance may have connected, reconnected or refreshed it since.
   */
  private async loadGrant(): Promise<StoredTokens | undefined> {
    const tokens = await this.tokens.load();
    const json = tokens && JSON.stringify(tokens);
    if (tokens && json !== this.appliedTokens) this.auth?.setCredentials(tokens);
    this.appliedTokens = json;
    return tokens;
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
    const previous = await this.tokens.load();
    // Google sends a refresh token with prompt=consent; if it ever does not, an older one still works.
    const refreshToken = received.refresh_token ?? (previous?.invalid_grant_at ? undefined : previous?.refresh_token);
    if (!refreshToken) {
      throw new AppError(
        'calendar_unavailable',
        'Google granted no offline access. Remove the app under your Google account permissions and connect again.',
      );
    }
    const tokens: StoredTokens = { ...received, refresh_token: refreshToken };
    await this.tokens.save(tokens);
    this.auth?.setCredentials(tokens);
    this.logger.info('Google Calendar connected');
  }

  async disconnect(): Promise<void> {
    await this.tokens.remove();
    this.auth?.setCredentials({});
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

  async deleteEvent(eventId: string): Promise<void> {
    const calendarId = this.config.calendarId;
    await this.callApi('events.delete', async (calendar, options) => {
      try {
        await calendar.events.delete({ calendarId, eventId, sendUpdates: 'all' }, options);
      } catch (err) {
        // Gone already (deleted on the calendar, or an earlier attempt whose answer was lost): done.
        const status = httpStatusOf(err);
        if (status !== 404 && status !== 410) throw err;
      }
    });
  }

  async moveEvent(eventId: string, move: { start: Date; end: Date; timeZone: string }): Promise<InsertedEvent> {
    const calendarId = this.config.calendarId;
    // A patch keeps the event, its attendees and its conference: the Meet link stays the same.
    const requestBody: calendar_v3.Schema$Event = {
      start: { dateTime: move.start.toISOString(), timeZone: move.timeZone },
      end: { dateTime: move.end.toISOString(), timeZone: move.timeZone },
    };
    return this.callApi('events.patch', async (calendar, options) => {
      const res = await calendar.events.patch({ calendarId, eventId, sendUpdates: 'all', requestBody }, options);
      return describeEvent(res.data, eventId, false);
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
    if (!this.auth) throw new AppError('calendar_unavailable', NOT_CONFIGURED);
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
    const attempt = async () => {
      try {
        return await run(calendar, options);
      } finally {
        await this.pendingSaves;
      }
    };
    try {
      return await retryWithBackoff(attempt, this.retry, {
        shouldRetry: (err) => !isInvalidGrant(err) && isRetryable(err),
        onFailure: (err, n, retry) =>
          this.logger.warn(
            { operation, attempt: n, status: httpStatusOf(err), code: (err as GoogleErrorShape).code, retry },
            'Google Calendar call failed',
          ),
      });
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
      const message = isRetryable(err)
        ? 'Google Calendar is not answering. Please try again later.'
        : 'Google Calendar refused the request.';
      throw new AppError('calendar_unavailable', message, { cause: err });
    }
  }

  /** googleapis refreshed the access token: keep the refresh token we have and save the rest. */
  private rememberRefreshedTokens(fresh: Auth.Credentials): void {
    const save = this.tokens.load().then(async (tokens) => {
      if (!tokens) return; // disconnected meanwhile: do not resurrect the grant
      const merged: StoredTokens = { ...tokens, ...fresh, refresh_token: fresh.refresh_token ?? tokens.refresh_token };
      await this.tokens.save(merged);
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
    const refused = this.auth?.credentials.refresh_token;
    const tokens = await this.tokens.load();
    this.logger.error('Google refused the refresh token (invalid_grant); the calendar must be reconnected');
    // An admin may have reconnected meanwhile (on any instance): only the grant Google refused is broken.
    if (!tokens || tokens.invalid_grant_at || (refused && tokens.refresh_token !== refused)) return;
    const broken = { ...tokens, invalid_grant_at: new Date().toISOString() };
    await this.tokens.save(broken).catch((err: unknown) => {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not record the broken grant');
      this.tokens.keepInMemory(broken);
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
