/**
 * The Express application, built from its dependencies. It never listens: src/server.ts does that,
 * and tests mount it on an ephemeral port.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { AdminSessionStore } from './admin/admin-session.store.js';
import {
  clearLogsRoutes,
  conversationLogRoutes,
  systemInstructionRoutes,
  systemInstructionSaveRoutes,
} from './admin/admin-chat.routes.js';
import { pageErrorHandler } from './admin/admin-page.errors.js';
import { adminPageRoutes } from './admin/admin-page.routes.js';
import { inboxPageRoutes } from './admin/inbox.page.js';
import { leadListPageRoutes } from './admin/lead-list.page.js';
import { leadPageRoutes } from './admin/lead-page.routes.js';
import { createPageRenderer } from './admin/admin-page.render.js';
import { signedOutRoutes, signInRoutes } from './admin/admin-sign-in.routes.js';
import { createAdminApi } from './admin/admin.router.js';
import { accountsPageRoutes, ownAccountPageRoutes } from './admin/staff-account-page.routes.js';
import { ownAccountRoutes, staffAccountRoutes } from './admin/staff-account.routes.js';
import { StaffAccountService } from './admin/staff-account.service.js';
import { statsRoutes } from './admin/stats.routes.js';
import { StatsService } from './admin/stats.service.js';
import { hasAdminKey } from './admin/admin-auth.middleware.js';
import { loadBusinessProfile, type BusinessProfile } from './business/business-profile.js';
import { chatRoutes } from './chat/chat.routes.js';
import { ChatService } from './chat/chat.service.js';
import { readConversationAhead } from './chat/conversation-read-ahead.js';
import { SessionStore } from './chat/session.store.js';
import { SystemInstructionStore } from './chat/system-instruction.store.js';
import type { Config } from './config.js';
import { createErrorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.routes.js';
import { requestLog } from './http/request-log.js';
import { createLimiter, createPublicLimiters } from './http/rate-limit.js';
import { createPublicApi } from './http/public.router.js';
import type { Logger } from './infra/logger.js';
import { adminLeadRoutes, publicLeadRoutes } from './leads/lead.routes.js';
import { leadBulkRoutes } from './leads/lead-bulk.routes.js';
import { conversationRoutes } from './admin/conversation.routes.js';
import { LeadService } from './leads/lead.service.js';
import type { Pool } from './infra/postgres.client.js';
import type { Redis } from './infra/redis.client.js';
import type { LeadRepository } from './store/lead.repository.js';
import type { Assistant } from './llm/assistant.types.js';
import { GeminiAssistant } from './llm/gemini.assistant.js';
import { OfflineAssistant } from './llm/offline.assistant.js';
import { openAiOnDemand } from './llm/openai-on-demand.assistant.js';
import { TokenUsageStore } from './llm/token-usage.store.js';
import { bookingRoutes } from './meetings/booking.routes.js';
import type { CalendarGateway } from './meetings/calendar.gateway.js';
import { GoogleCalendarGateway } from './meetings/google-calendar.client.js';
import { meetingPageRoutes } from './meetings/meeting-page.routes.js';
import { MeetingPageService } from './meetings/meeting-page.service.js';
import { MeetingService } from './meetings/meeting.service.js';
import { SlotHoldStore } from './meetings/slot-hold.store.js';
import { staffMeetingRoutes } from './meetings/staff-meeting.routes.js';
import { StaffMeetingService } from './meetings/staff-meeting.service.js';
import { meetingsPageRoutes } from './admin/meetings.page.js';
import { dashboardPageRoutes } from './admin/dashboard.page.js';
import { browserErrorPages } from './admin/admin-page.errors.js';
import { faviconRoutes } from './http/favicon.routes.js';
import { calendarAuthorizeRoutes, calendarDisconnectRoutes, oauthCallbackRoutes } from './meetings/oauth.routes.js';
import { widgetRoutes } from './widget/widget.routes.js';
import { apiDocsRoutes } from './http/api-docs.routes.js';
import { buildOpenApiDocument } from './http/openapi.document.js';
import { createAppMetrics, type AppMetrics } from './integrations/metrics/app-metrics.js';
import { httpMetrics } from './integrations/metrics/http-metrics.middleware.js';
import { meterAssistant } from './integrations/metrics/metered.assistant.js';
import { metricsRoutes } from './integrations/metrics/metrics.routes.js';
import { SentActivityStore } from './integrations/sent-activity.store.js';
import { LeadEventPublisher } from './integrations/lead-event.publisher.js';
import type { DeliveryQueue } from './integrations/webhooks/delivery.queue.js';
import { WebhookEndpoints } from './integrations/webhooks/webhook-endpoints.js';
import { webhookRoutes } from './integrations/webhooks/webhook.routes.js';
import { WebhookService } from './integrations/webhooks/webhook.service.js';
import { observeLeadWrites } from './integrations/observed-lead.repository.js';
import { LeadReportService } from './reports/lead-report.service.js';
import { reportRoutes } from './reports/report.routes.js';
import type { ConversationLogRepository } from './store/conversation-log.repository.js';
import {
  openConversationInbox,
  openConversationLogs,
  openGoogleTokens,
  openMeetingLinks,
  openReports,
  openSettings,
  openStaffAccounts,
  openWebhookStore,
} from './store/durable-stores.js';
import { settingsPageRoutes } from './settings/settings.page.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { SettingsService, settingsDefaults } from './settings/settings.service.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Must already be connected (the rate limiters load their script on first use). */
  redis: Redis;
  /** The PostgreSQL pool when DATABASE_URL is set (schema already migrated); absent: the embedded store. */
  database?: Pool;
  adminKey: string;
  /** The lead store, opened before the app serves (store/open-lead-repository.ts picks the engine). */
  leads: LeadRepository;
  /** Overrides for tests or embedding; built from the config when absent. */
  assistant?: Assistant;
  /** The default business profile (saved settings override it); read from BUSINESS_PROFILE_FILE when absent. */
  profile?: BusinessProfile;
  calendar?: CalendarGateway;
  /** Conversation logs; server.ts passes its own so that shutdown can flush queued log lines. */
  conversationLogs?: ConversationLogRepository;
  /** Reports; server.ts passes the one its daily scheduler uses. */
  reports?: LeadReportService;
  /** Prometheus metrics; one registry per app unless given (GET /metrics reads it). */
  metrics?: AppMetrics;
  /** The clock (tests simulate days and daylight-saving changes with it). */
  now?: () => Date;
  /**
   * The webhook and mail queue (server.ts starts it, with its worker: src/integrations/deliveries.ts).
   * Without it lead events are counted in the metrics but not sent, and replays answer 503.
   */
  deliveries?: DeliveryQueue;
}

/** The model label of LLM metrics: the configured model of the provider that answers. */
function modelOf(config: Config): string {
  return config.llmProvider === 'openai' ? config.openai.model : config.gemini.model;
}

const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));

/** The provider config.ts chose (it has already refused a choice that cannot work). */
function createAssistant(config: Config, logger: Logger): Assistant {
  const { apiKey } = config.gemini;
  if (config.llmProvider === 'gemini' && apiKey) return new GeminiAssistant({ ...config.gemini, apiKey, logger });
  if (config.llmProvider === 'openai') return openAiOnDemand({ ...config.openai, logger });
  return new OfflineAssistant();
}

export function createReportService(
  deps: Pick<AppDeps, 'config' | 'logger' | 'leads' | 'database'>,
  now: () => Date = () => new Date(),
): LeadReportService {
  const { config, logger, leads } = deps;
  return new LeadReportService({
    leads,
    dataDir: config.dataDir,
    files: openReports({ dataDir: config.dataDir, database: deps.database }),
    timezone: config.businessTimezone,
    logger,
    now,
    exportWorker:
      deps.database && config.databaseUrl ? { databaseUrl: config.databaseUrl, logLevel: config.logLevel } : undefined,
  });
}

export function createApp(deps: AppDeps): Express {
  const { config, logger, redis, adminKey } = deps;
  const profile = deps.profile ?? loadBusinessProfile(config.businessProfileFile);
  const metrics = deps.metrics ?? createAppMetrics();
  const assistant = meterAssistant(deps.assistant ?? createAssistant(config, logger), metrics, modelOf(config));
  redis.on('error', () => metrics.dependencyErrors.inc({ dependency: 'redis' }));
  const stored = { dataDir: config.dataDir, database: deps.database };
  const calendar =
    deps.calendar ??
    new GoogleCalendarGateway({ config, logger, dataDir: config.dataDir, tokens: openGoogleTokens(stored, logger) });

  const sessions = new SessionStore(redis, {
    maxMessages: config.maxHistoryMessages,
    ttlSeconds: config.sessionTtlSeconds,
  });
  const logs = deps.conversationLogs ?? openConversationLogs(stored);
  const instructions = new SystemInstructionStore(config.systemInstructionFile);
  // The profile, widget and meeting rules in force: saved settings over the file and the environment.
  const settings = new SettingsService({
    store: openSettings(stored),
    instructions,
    defaults: settingsDefaults(config, profile),
    logger,
    now: deps.now,
  });
  const adminSessions = new AdminSessionStore(redis, adminKey);
  const staffAccounts = new StaffAccountService({ accounts: openStaffAccounts(stored), now: deps.now });
  const usage = new TokenUsageStore(redis);
  const clock = deps.now ?? (() => new Date());
  const events = new LeadEventPublisher({ outbox: deps.deliveries, metrics, logger, now: clock });
  const webhookStore = openWebhookStore(stored, redis);
  const sentActivity = new SentActivityStore(redis);
  const leads = new LeadService({
    leads: observeLeadWrites(deps.leads, events),
    timezone: config.businessTimezone,
    defaultCountry: config.defaultCountry,
    business: () => settings.snapshot().identity,
    now: clock,
    eraseConversation: async (clientId) => {
      await sessions.clear(clientId);
      await usage.forgetConversation(clientId);
      await logs.remove(clientId);
    },
    eraseLeadRecords: async (leadId) => {
      await webhookStore.eraseLeadDeliveries(leadId);
      await sentActivity.erase(leadId);
    },
    waitingActivity: (leadId) => sentActivity.waitingFor(leadId),
  });
  const holds = new SlotHoldStore(redis, clock);
  const links = openMeetingLinks(stored);
  const meetings = new MeetingService({
    config,
    logger,
    redis,
    sessions,
    leads,
    calendar,
    settings,
    now: clock,
    holds,
    links,
    events,
  });
  const meetingPages = new MeetingPageService({
    settings,
    logger,
    redis,
    leads,
    links,
    holds,
    calendar,
    meetings,
    now: clock,
    events,
  });
  const staffMeetings = new StaffMeetingService({
    config,
    logger,
    redis,
    leads,
    repository: deps.leads,
    holds,
    calendar,
    meetings,
    businessName: () => settings.snapshot().profile.name,
    now: clock,
    events,
  });
  const chat = new ChatService({
    config,
    logger,
    sessions,
    logs,
    instructions,
    assistant,
    settings,
    leads,
    meetings,
    now: clock,
  });
  const leadOptions = { defaultCountry: config.defaultCountry, timezone: config.businessTimezone };
  const reports = deps.reports ?? createReportService(deps, clock);

  const app = express();
  app.disable('x-powered-by');
  // No ETags on API answers: each carries a timestamp, so hashing every body bought nothing.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  app.use(httpMetrics(metrics));
  app.use(requestLog(logger));

  // A route is protected by the router it is passed through (see public.router.ts and admin.router.ts),
  // mounted at its prefix; test/abuse/route-protection.test.ts walks every route to prove it.
  const publicApi = createPublicApi({
    corsOrigins: config.corsOrigins,
    limits: createPublicLimiters(redis, logger, { hourly: config.rateLimitHourly, daily: config.rateLimitDaily }),
    readAhead: readConversationAhead(chat),
  });
  const pages = createPageRenderer(config.businessTimezone);
  const admin = createAdminApi({
    adminKey,
    sessions: adminSessions,
    accounts: staffAccounts,
    pageErrors: pageErrorHandler(pages, logger),
    redis,
    logger,
  });
  const calendarStatus = () => calendar.status();

  // Public: the chat, the busiest route, first: no other mount shares its prefix, and a turn then skips
  // a dozen prefix checks (the public widget mount at the root stays last, below).
  app.use(
    '/gemini',
    publicApi.limited(
      chatRoutes(chat, { maxInputLength: config.maxInputLength, defaultCountry: config.defaultCountry }),
      publicLeadRoutes(leads, leadOptions),
    ),
  );

  // Open: probes, and the ways in, which carry their own proof (the OAuth state; the login form's limit).
  app.use(
    '/health',
    publicApi.unlimited(healthRoutes({ redis, database: deps.database, llmKind: assistant.kind, calendarStatus })),
  );
  const metricsApi = metricsRoutes(metrics);
  if (config.metricsPublic) app.use('/metrics', publicApi.unlimited(metricsApi));
  app.use('/oauth2callback', oauthCallbackRoutes({ calendar, redis, logger }));
  app.use('/admin', signInRoutes({ adminKey, sessions: adminSessions, accounts: staffAccounts, redis, logger, pages }));

  // Admin: `admin.api`/`admin.pages` for all staff, `admin.adminOnly.*` for what agents may not do (settings,
  // accounts, the key, the calendar connection, webhooks, clearing logs).
  app.use(
    '/leads',
    admin.api(
      staffMeetingRoutes(staffMeetings),
      reportRoutes(reports),
      leadBulkRoutes(leads, logger),
      adminLeadRoutes(leads, { ...leadOptions, usage, logger }),
    ),
  );
  const inbox = openConversationInbox(stored, logs, deps.leads);
  app.use('/conversations', admin.api(conversationRoutes(inbox)));
  app.use(
    '/system-instruction',
    admin.api(systemInstructionRoutes(instructions)),
    admin.adminOnly.api(systemInstructionSaveRoutes(instructions)),
  );
  app.use('/settings', admin.adminOnly.api(settingsRoutes(settings)));
  app.use('/admin/settings', admin.adminOnly.pages(settingsPageRoutes({ pages, settings })));
  app.use('/logs', admin.api(conversationLogRoutes(logs)), admin.adminOnly.api(clearLogsRoutes(logs)));
  const accountDeps = { accounts: staffAccounts, sessions: adminSessions, pages, logger };
  app.use('/accounts/me', admin.api(ownAccountRoutes(accountDeps)));
  app.use('/accounts', admin.adminOnly.api(staffAccountRoutes(staffAccounts)));
  const stats = new StatsService({
    leads: deps.leads,
    logs,
    usage,
    timezone: config.businessTimezone,
    now: clock,
  });
  app.use('/stats', admin.api(statsRoutes(stats)));
  const webhooks = new WebhookService({
    store: webhookStore,
    endpoints: new WebhookEndpoints(webhookStore, config.webhook),
    queue: deps.deliveries,
    retryWindowMs: config.deliveries.retryWindowMs,
  });
  app.use('/webhooks', admin.adminOnly.api(webhookRoutes(webhooks)));
  if (!config.metricsPublic) app.use('/metrics', admin.api(metricsApi));
  app.use('/authorize', admin.adminOnly.api(calendarAuthorizeRoutes({ calendar, redis, logger })));
  app.use('/admin/calendar', admin.adminOnly.api(calendarDisconnectRoutes(calendar)));
  app.use('/admin/accounts', admin.adminOnly.pages(accountsPageRoutes(accountDeps)));
  app.use('/admin/account', admin.pages(ownAccountPageRoutes(accountDeps)));
  const pageDeps = { pages, sessions: adminSessions, leads, logs, reports, logger, calendarStatus };
  app.use(
    '/admin',
    admin.pages(
      meetingsPageRoutes({ pages, meetings: staffMeetings, logger, timezone: config.businessTimezone, calendarStatus }),
      dashboardPageRoutes({
        pages,
        stats,
        logger,
        timezone: config.businessTimezone,
        now: clock,
        llm: { kind: assistant.kind, model: modelOf(config) },
      }),
      leadListPageRoutes(pageDeps),
      inboxPageRoutes({ pages, inbox, logs, logger }),
      leadPageRoutes({ ...pageDeps, ...leadOptions }),
      adminPageRoutes({ ...pageDeps, ...leadOptions }),
    ),
    signedOutRoutes({ logger, pages }), // what a browser without a session gets
  );

  // The other public routes (last: a request no router above answered is counted by the limits, then 404).
  const bookingLimit = createLimiter(
    redis,
    logger,
    {
      name: 'booking',
      limit: config.bookingLimitHourly,
      windowMs: 60 * 60 * 1000,
      message: 'Too many bookings from this address this hour. Please try again later.',
    },
    { skip: (req) => hasAdminKey(req, adminKey) },
  );
  const businessName = () => settings.snapshot().profile.name;
  const visitorPageDeps = { publicUrl: config.publicUrl, businessName, logger };
  app.use('/meetings', publicApi.limited(meetingPageRoutes(meetingPages, visitorPageDeps)));
  app.use('/saba', publicApi.limited(bookingRoutes(meetings, { adminKey, limitPerIp: bookingLimit })));
  app.use(publicApi.limited(apiDocsRoutes((version) => buildOpenApiDocument(config, version))));
  app.use(publicApi.unlimited(faviconRoutes()));
  app.use(publicApi.limited(widgetRoutes({ settings, logger })));

  // A browser in the page area gets pages for every error, never the JSON envelope (API clients still do).
  app.use(['/admin', '/authorize', '/oauth2callback'], browserErrorPages(pages, logger));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
