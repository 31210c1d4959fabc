/**
 * The one place that reads the environment. Everything else receives a validated `Config`.
 * `.env` in the working directory is read too; the real environment wins over it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';
import ct from 'countries-and-timezones';
import { DateTime, IANAZone } from 'luxon';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // luxon: Monday = 1

/** Bookable windows per weekday, in minutes after local midnight. */
export type BusinessHours = Record<Weekday, Array<{ start: number; end: number }>>;

export type TrustProxy = false | number | string;

/** Who words the replies: Gemini, any OpenAI-compatible endpoint, or the built-in offline assistant. */
export const LLM_PROVIDERS = ['gemini', 'openai', 'offline'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  redisUrl: string | undefined;
  redisServerBin: string;
  /** GET /metrics without the admin key (a scraper inside a private network). */
  metricsPublic: boolean;
  /** PostgreSQL holding everything durable (several instances); unset: the embedded store under dataDir. */
  databaseUrl: string | undefined;
  gemini: {
    apiKey: string | undefined;
    model: string;
    baseUrl: string | undefined;
    timeoutMs: number;
    maxAttempts: number;
    /** The whole LLM part of one turn, retries included: past it the visitor gets the fallback reply. */
    turnTimeoutMs: number;
  };
  /** Which assistant answers (LLM_PROVIDER, or chosen from the keys that are set). */
  llmProvider: LlmProvider;
  openai: {
    /** `…/v1` of any OpenAI-compatible server; undefined: OpenAI's own. */
    baseUrl: string | undefined;
    /** May be undefined for local servers (Ollama, vLLM, LM Studio) that want none. */
    apiKey: string | undefined;
    model: string;
    timeoutMs: number;
    maxAttempts: number;
    /** The same LLM_TURN_TIMEOUT_MS as Gemini's. */
    turnTimeoutMs: number;
  };
  systemInstructionFile: string;
  businessProfileFile: string;
  adminApiKey: string | undefined;
  google: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string | undefined;
    authUrl: string | undefined;
    tokenUrl: string | undefined;
    apiRootUrl: string | undefined;
    calendarId: string;
    timeoutMs: number;
  };
  defaultCountry: string | undefined;
  businessTimezone: string;
  businessHours: BusinessHours;
  businessHoursText: string;
  meetingDurationMinutes: number;
  rateLimitHourly: number;
  rateLimitDaily: number;
  /** Public bookings per client IP per hour (a conversation and an email: 3 distinct meetings a day). */
  bookingLimitHourly: number;
  trustProxy: TrustProxy;
  corsOrigins: '*' | string[];
  maxHistoryMessages: number;
  sessionTtlSeconds: number;
  maxInputLength: number;
  dailyReportTime: { hour: number; minute: number; text: string };
  logLevel: string;
  nodeEnv: string;
  /** The server's public base URL (no trailing slash), used in the links it sends (the visitor's meeting page). */
  publicUrl: string;
  /** Slow-client limits of the HTTP server: all headers within `headersTimeoutMs`, the whole request within `requestTimeoutMs`. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
  /** WEBHOOK_URL and its `whsec_…` secret: one more endpoint beside those admins add; undefined: none. */
  webhook: { url: string; secret: string } | undefined;
  /** SMTP_URL, NOTIFY_EMAIL, MAIL_FROM: staff mails of new leads and meeting requests; undefined: no mail. */
  mail: MailConfig | undefined;
  /** How webhooks and mails are delivered: per-attempt timeout, and the retries' backoff and window. */
  deliveries: DeliveryConfig;
}

export interface MailConfig {
  smtpUrl: string;
  to: string[];
  from: string;
}

export interface DeliveryConfig {
  /** One attempt (a webhook POST, an SMTP conversation) fails after this long. */
  timeoutMs: number;
  /** The first retry comes after about this long; each next one after twice as long, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A delivery is retried until at least this long after it was first tried (24 hours or more). */
  retryWindowMs: number;
  /** Deliveries in flight at once per process. */
  concurrency: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DAY_NAMES: Record<string, Weekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/** `Mon-Fri 09:00-17:00; Sat 10:00-13:00` (also `,` between day names: `Mon,Wed 10:00-12:00`). */
export function parseBusinessHours(text: string): BusinessHours {
  const hours: BusinessHours = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
  const segments = text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length === 0) throw new Error('is empty');
  for (const segment of segments) {
    const m = /^([A-Za-z,\- ]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(segment);
    if (!m) throw new Error(`"${segment}" is not like "Mon-Fri 09:00-17:00"`);
    const start = parseClock(m[2] ?? '');
    const end = parseClock(m[3] ?? '');
    if (start === undefined || end === undefined || end <= start) {
      throw new Error(`"${segment}" has an invalid time range`);
    }
    for (const part of (m[1] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)) {
      const [from, to] = part.split('-').map((s) => s.trim().slice(0, 3));
      const a = from === undefined ? undefined : DAY_NAMES[from];
      const b = to === undefined ? a : DAY_NAMES[to];
      if (a === undefined || b === undefined) throw new Error(`"${part}" is not a day or day range`);
      for (let d = a; ; d = ((d % 7) + 1) as Weekday) {
        hours[d].push({ start, end });
        if (d === b) break;
      }
    }
  }
  return hours;
}

/** proxy-addr's names for address ranges, which Express's `trust proxy` accepts besides addresses and subnets. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const TRUST_PROXY_HELP =
  'set the number of proxies in front of the server (a hop count: 1 behind one proxy) or their addresses ' +
  'and subnets (such as "loopback" or "10.0.0.0/8, 127.0.0.1")';

/** An address, a subnet (`10.0.0.0/8`, `fd00::/8`, `10.0.0.0/255.0.0.0`) or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (version === 4 && isIP(prefix) === 4) return true; // a netmask
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy`: off, a hop count, or the proxies' addresses. `true` is refused: it trusts every
 * entry of X-Forwarded-For, so any client could choose its own IP, escaping the per-IP limits or spending
 * someone else's (the admin's sign-in lockout).
 */
function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value.toLowerCase() === 'true') {
    throw new Error(
      `"true" would trust every X-Forwarded-For entry, so any client could pick the IP the rate limits and ` +
        `the admin sign-in lockout count; ${TRUST_PROXY_HELP}`,
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  const wrong = value
    .split(',')
    .map((s) => s.trim())
    .filter((entry) => !isProxyAddress(entry));
  if (wrong.length > 0) {
    throw new Error(`"${wrong.join('", "')}" is not a hop count, an address or a subnet; ${TRUST_PROXY_HELP}`);
  }
  return value;
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(def) : v.trim()))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const urlOrUndefined = optionalString.pipe(z.url({ message: 'must be a URL' }).optional());

const envSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
  DATA_DIR: optionalString.transform((v) => v ?? './client_data'),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  REDIS_SERVER_BIN: optionalString.transform((v) => v ?? 'redis-server'),
  METRICS_PUBLIC: optionalString.pipe(
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform((v) => v === 'true'),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: optionalString.transform((v) => v ?? 'gemini-2.5-flash'),
  GEMINI_BASE_URL: urlOrUndefined,
  GEMINI_TIMEOUT_MS: int(20000, 100, 600000),
  GEMINI_MAX_ATTEMPTS: int(3, 1, 10),
  LLM_TURN_TIMEOUT_MS: int(25000, 500, 600000),
  LLM_PROVIDER: optionalString.pipe(
    z.enum(LLM_PROVIDERS, { message: `must be one of ${LLM_PROVIDERS.join(', ')}` }).optional(),
  ),
  // http(s) only: `localhost:11434/v1` would otherwise pass as a URL of the scheme "localhost".
  OPENAI_BASE_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL such as http://localhost:11434/v1' })
      .optional(),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: optionalString.transform((v) => v ?? 'gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: int(20000, 100, 600000),
  OPENAI_MAX_ATTEMPTS: int(3, 1, 10),
  SYSTEM_INSTRUCTION_FILE: optionalString.transform((v) => v ?? './system_instruction.txt'),
  BUSINESS_PROFILE_FILE: optionalString.transform((v) => v ?? './config/business.json'),
  ADMIN_API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_REDIRECT_URI: urlOrUndefined,
  GOOGLE_AUTH_URL: urlOrUndefined,
  GOOGLE_TOKEN_URL: urlOrUndefined,
  GOOGLE_API_ROOT_URL: urlOrUndefined,
  GOOGLE_CALENDAR_ID: optionalString.transform((v) => v ?? 'primary'),
  GOOGLE_TIMEOUT_MS: int(10000, 100, 600000),
  DEFAULT_COUNTRY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 code such as PK or US')
      .transform((v) => v.toUpperCase())
      .optional(),
  ),
  BUSINESS_TIMEZONE: optionalString
    .transform((v) => v ?? 'UTC')
    .refine((v) => IANAZone.isValidZone(v), 'must be an IANA time zone such as Asia/Karachi'),
  BUSINESS_HOURS: optionalString.transform((v) => v ?? 'Mon-Fri 09:00-17:00'),
  MEETING_DURATION_MINUTES: int(30, 5, 480),
  RATE_LIMIT_HOURLY: int(500, 1, 10_000_000),
  RATE_LIMIT_DAILY: int(2000, 1, 100_000_000),
  BOOKING_LIMIT_HOURLY: int(10, 1, 1_000_000),
  TRUST_PROXY: optionalString.transform((v, ctx) => {
    try {
      return parseTrustProxy(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  CORS_ORIGINS: optionalString.transform((v) => v ?? '*'),
  MAX_HISTORY_MESSAGES: int(20, 2, 1000),
  SESSION_TTL_SECONDS: int(86400, 10, 365 * 86400),
  MAX_INPUT_LENGTH: int(5000, 1, 100_000),
  DAILY_REPORT_TIME: optionalString
    .transform((v) => v ?? '23:55')
    .refine((v) => /^\d{2}:\d{2}$/.test(v) && (parseClock(v) ?? 24 * 60) < 24 * 60, 'must be HH:MM'),
  LOG_LEVEL: optionalString
    .transform((v) => v ?? 'info')
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  NODE_ENV: optionalString.transform((v) => v ?? 'development'),
  PUBLIC_URL: optionalString.pipe(
    z
      .url({ message: 'must be a URL such as https://chat.example.com' })
      .regex(/^https?:\/\//, 'must start with http:// or https://')
      .optional(),
  ),
  HTTP_HEADERS_TIMEOUT_MS: int(10_000, 500, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: int(60_000, 1000, 3_600_000),
  WEBHOOK_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  ),
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .refine(isWebhookSecret, 'must be whsec_ followed by 24 to 64 bytes in base64 (see README: webhooks)')
      .optional(),
  ),
  SMTP_URL: optionalString.pipe(
    z
      .url({ protocol: /^smtps?$/, message: 'must be a URL such as smtp://user:pass@host:587 or smtps://…:465' })
      .optional(),
  ),
  NOTIFY_EMAIL: optionalString.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.email({ message: 'must be email addresses separated by commas' })).min(1))
      .optional(),
  ),
  MAIL_FROM: optionalString.pipe(
    z
      .string()
      .regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address, or "Name <address>"')
      .optional(),
  ),
  DELIVERY_TIMEOUT_MS: int(10_000, 100, 120_000),
  DELIVERY_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  DELIVERY_RETRY_MAX_MS: int(3_600_000, 10, 24 * 3_600_000),
  DELIVERY_RETRY_HOURS: int(24, 24, 24 * 30),
  DELIVERY_CONCURRENCY: int(8, 1, 100),
});

/** A Standard Webhooks secret: `whsec_` and 24 to 64 random bytes in base64. */
function isWebhookSecret(value: string): boolean {
  const body = value.startsWith('whsec_') ? value.slice('whsec_'.length) : undefined;
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

export type Env = Record<string, string | undefined>;

type ParsedEnv = z.infer<typeof envSchema>;

/**
 * The contract's rule: an explicit LLM_PROVIDER wins; else Gemini when its key is set, else an
 * OpenAI-compatible endpoint when its base URL or key is set, else the offline assistant. A choice that
 * cannot work is refused at start-up rather than discovered on the first visitor's turn.
 */
function chooseLlmProvider(e: ParsedEnv): LlmProvider {
  const wantsOpenAi = e.OPENAI_BASE_URL !== undefined || e.OPENAI_API_KEY !== undefined;
  const provider = e.LLM_PROVIDER ?? (e.GEMINI_API_KEY ? 'gemini' : wantsOpenAi ? 'openai' : 'offline');
  if (provider === 'gemini' && !e.GEMINI_API_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  LLM_PROVIDER: "gemini" needs GEMINI_API_KEY (or set LLM_PROVIDER=openai with OPENAI_BASE_URL for an OpenAI-compatible server)',
    );
  }
  if (provider === 'openai' && !e.OPENAI_BASE_URL && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  LLM_PROVIDER: "openai" needs OPENAI_API_KEY for OpenAI\'s own endpoint, or OPENAI_BASE_URL for another server (Ollama, vLLM, LM Studio: the key may then be empty)',
    );
  }
  return provider;
}

function countryOfZone(zone: string): string | undefined {
  const info = ct.getTimezone(zone);
  const countries = info?.countries ?? [];
  return countries.length === 1 ? countries[0] : undefined;
}

/**
 * Validates `env` (by default the process environment merged over `.env`) and returns the config,
 * or throws a ConfigError naming every bad variable.
 */
export function loadConfig(env?: Env, options: { cwd?: string } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const source = env ?? readProcessEnv(cwd);
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'Invalid configuration:\n  HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS',
    );
  }
  let businessHours: BusinessHours;
  try {
    businessHours = parseBusinessHours(e.BUSINESS_HOURS);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  BUSINESS_HOURS: ${(err as Error).message}`);
  }
  const llmProvider = chooseLlmProvider(e);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const [reportHour, reportMinute] = e.DAILY_REPORT_TIME.split(':').map(Number);
  const corsOrigins =
    e.CORS_ORIGINS === '*'
      ? ('*' as const)
      : e.CORS_ORIGINS.split(',')
          .map((o) => o.trim().replace(/\/$/, ''))
          .filter(Boolean);
  const resolve = (p: string) => path.resolve(cwd, p);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisServerBin: e.REDIS_SERVER_BIN,
    metricsPublic: e.METRICS_PUBLIC,
    databaseUrl: e.DATABASE_URL,
    gemini: {
      apiKey: e.GEMINI_API_KEY,
      model: e.GEMINI_MODEL,
      baseUrl: e.GEMINI_BASE_URL,
      timeoutMs: e.GEMINI_TIMEOUT_MS,
      maxAttempts: e.GEMINI_MAX_ATTEMPTS,
      turnTimeoutMs: e.LLM_TURN_TIMEOUT_MS,
    },
    llmProvider,
    openai: {
      baseUrl: e.OPENAI_BASE_URL?.replace(/\/$/, ''),
      apiKey: e.OPENAI_API_KEY,
      model: e.OPENAI_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxAttempts: e.OPENAI_MAX_ATTEMPTS,
      turnTimeoutMs: e.LLM_TURN_TIMEOUT_MS,
    },
    systemInstructionFile: resolve(e.SYSTEM_INSTRUCTION_FILE),
    businessProfileFile: resolve(e.BUSINESS_PROFILE_FILE),
    adminApiKey: e.ADMIN_API_KEY,
    google: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      redirectUri: e.GOOGLE_REDIRECT_URI,
      authUrl: e.GOOGLE_AUTH_URL,
      tokenUrl: e.GOOGLE_TOKEN_URL,
      apiRootUrl: e.GOOGLE_API_ROOT_URL?.replace(/\/$/, ''),
      calendarId: e.GOOGLE_CALENDAR_ID,
      timeoutMs: e.GOOGLE_TIMEOUT_MS,
    },
    defaultCountry: e.DEFAULT_COUNTRY ?? countryOfZone(e.BUSINESS_TIMEZONE),
    businessTimezone: e.BUSINESS_TIMEZONE,
    businessHours,
    businessHoursText: e.BUSINESS_HOURS,
    meetingDurationMinutes: e.MEETING_DURATION_MINUTES,
    rateLimitHourly: e.RATE_LIMIT_HOURLY,
    rateLimitDaily: e.RATE_LIMIT_DAILY,
    bookingLimitHourly: e.BOOKING_LIMIT_HOURLY,
    trustProxy: e.TRUST_PROXY,
    corsOrigins,
    maxHistoryMessages: e.MAX_HISTORY_MESSAGES,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    maxInputLength: e.MAX_INPUT_LENGTH,
    dailyReportTime: { hour: reportHour ?? 23, minute: reportMinute ?? 55, text: e.DAILY_REPORT_TIME },
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    publicUrl,
    http: { headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS },
    webhook: webhookOf(e),
    mail: mailOf(e, publicUrl),
    deliveries: {
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
      retryBaseMs: e.DELIVERY_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.DELIVERY_RETRY_MAX_MS, e.DELIVERY_RETRY_BASE_MS),
      retryWindowMs: e.DELIVERY_RETRY_HOURS * 3_600_000,
      concurrency: e.DELIVERY_CONCURRENCY,
    },
  };
}

/** Both or neither: a URL without its secret could not be signed, a secret without a URL is a mistake. */
function webhookOf(e: ParsedEnv): Config['webhook'] {
  if (e.WEBHOOK_URL && e.WEBHOOK_SECRET) return { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET };
  if (!e.WEBHOOK_URL && !e.WEBHOOK_SECRET) return undefined;
  const missing = e.WEBHOOK_URL ? 'WEBHOOK_SECRET' : 'WEBHOOK_URL';
  throw new ConfigError(`Invalid configuration:\n  ${missing}: webhooks need both WEBHOOK_URL and WEBHOOK_SECRET`);
}

/**
 * Mail needs a server and someone to tell; one without the other is refused. The sender defaults to the SMTP
 * user when it is an address (what most providers insist on), else chatbot@ the public host.
 */
function mailOf(e: ParsedEnv, publicUrl: string): Config['mail'] {
  if (!e.SMTP_URL && !e.NOTIFY_EMAIL) return undefined;
  if (!e.SMTP_URL || !e.NOTIFY_EMAIL) {
    const missing = e.SMTP_URL ? 'NOTIFY_EMAIL' : 'SMTP_URL';
    throw new ConfigError(`Invalid configuration:\n  ${missing}: mail needs both SMTP_URL and NOTIFY_EMAIL`);
  }
  const user = decodeURIComponent(new URL(e.SMTP_URL).username);
  const from = e.MAIL_FROM ?? (/^[^\s@]+@[^\s@]+$/.test(user) ? user : `chatbot@${new URL(publicUrl).hostname}`);
  return { smtpUrl: e.SMTP_URL, to: e.NOTIFY_EMAIL, from };
}

function readProcessEnv(cwd: string): Env {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotEnv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

/** Today's date in the business zone, for callers that only have the config. */
export function businessNow(config: Pick<Config, 'businessTimezone'>, now: Date = new Date()): DateTime {
  return DateTime.fromJSDate(now, { zone: config.businessTimezone });
}
