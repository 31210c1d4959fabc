/**
 * The Express application, built from its dependencies. It never listens: src/server.ts does that,
 * and tests mount it on an ephemeral port.
 */
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { AdminSessionStore } from './admin/admin-session.store.js';
import { requireAdmin, requireCsrf } from './admin/admin-auth.middleware.js';
import { adminChatRoutes } from './admin/admin-chat.routes.js';
import { loadBusinessProfile, type BusinessProfile } from './business/business-profile.js';
import { businessIdentityOf } from './capture/business-identity.js';
import { chatRoutes, prefetchConversation } from './chat/chat.routes.js';
import { ChatService } from './chat/chat.service.js';
import { ConversationLogStore } from './chat/conversation-log.store.js';
import { SessionStore } from './chat/session.store.js';
import { SystemInstructionStore } from './chat/system-instruction.store.js';
import type { Config } from './config.js';
import { allOf } from './http/compose.js';
import { createErrorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.routes.js';
import { requestLog } from './http/request-log.js';
import { createPublicLimiters } from './http/rate-limit.js';
import type { Logger } from './infra/logger.js';
import { adminLeadRoutes, publicLeadRoutes } from './leads/lead.routes.js';
import { LeadService } from './leads/lead.service.js';
import type { LeadStore } from './leads/lead.store.js';
import type { Redis } from './infra/redis.client.js';
import type { Assistant } from './llm/assistant.types.js';
import { GeminiAssistant } from './llm/gemini.assistant.js';
import { OfflineAssistant } from './llm/offline.assistant.js';
import { bookingRoutes } from './meetings/booking.routes.js';
import { GoogleCalendarGateway, type CalendarGateway } from './meetings/google-calendar.client.js';
import { MeetingService } from './meetings/meeting.service.js';
import { oauthRoutes } from './meetings/oauth.routes.js';
import { widgetRoutes } from './widget/widget.routes.js';
import { adminPageRoutes } from './admin/admin-page.routes.js';
import { LeadReportService } from './reports/lead-report.service.js';
import { reportRoutes } from './reports/report.routes.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Must already be connected (the rate limiters load their script on first use). */
  redis: Redis;
  adminKey: string;
  /** Opened lead store (LeadStore.open), loaded before the app serves. */
  leadStore: LeadStore;
  /** Overrides for tests or embedding; built from the config when absent. */
  assistant?: Assistant;
  profile?: BusinessProfile;
  calendar?: CalendarGateway;
  /** Conversation logs; server.ts passes its own so that shutdown can flush queued log lines. */
  conversationLogs?: ConversationLogStore;
  /** The clock (tests simulate days and daylight-saving changes with it). */
  now?: () => Date;
}

export const JSON_BODY_LIMIT = '1mb';
/**
 * Public bodies are parsed while the rate limits are counted, so they are capped near what a real one needs
 * (a save-info form with 50 fields of 500 characters and 5,000 characters of notes is ~150 KB at most).
 */
export const PUBLIC_JSON_BODY_LIMIT = '256kb';
export const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));

export function createAssistant(config: Config, logger: Logger): Assistant {
  const { apiKey } = config.gemini;
  if (!apiKey) return new OfflineAssistant();
  return new GeminiAssistant({ ...config.gemini, apiKey, logger });
}

export function createApp(deps: AppDeps): Express {
  const { config, logger, redis, adminKey } = deps;
  const profile = deps.profile ?? loadBusinessProfile(config.businessProfileFile);
  const assistant = deps.assistant ?? createAssistant(config, logger);
  const calendar = deps.calendar ?? new GoogleCalendarGateway({ config, logger, dataDir: config.dataDir });

  const sessions = new SessionStore(redis, {
    maxMessages: config.maxHistoryMessages,
    ttlSeconds: config.sessionTtlSeconds,
  });
  const logs = deps.conversationLogs ?? new ConversationLogStore(config.dataDir);
  const instructions = new SystemInstructionStore(config.systemInstructionFile);
  const adminSessions = new AdminSessionStore(redis);
  const leads = new LeadService({
    store: deps.leadStore,
    timezone: config.businessTimezone,
    defaultCountry: config.defaultCountry,
    business: businessIdentityOf(profile),
    ...(deps.now ? { now: deps.now } : {}),
    eraseConversation: async (clientId) => {
      await sessions.clear(clientId);
      await logs.remove(clientId);
    },
  });
  const clock = deps.now ?? (() => new Date());
  const meetings = new MeetingService({ config, logger, redis, sessions, leads, calendar, profile, now: clock });
  const chat = new ChatService({
    config,
    logger,
    sessions,
    logs,
    instructions,
    assistant,
    profile,
    leads,
    meetings,
    now: clock,
  });
  const leadOptions = { defaultCountry: config.defaultCountry, timezone: config.businessTimezone };

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
  app.use(requestLog(logger));

  const jsonBody = express.json({ limit: JSON_BODY_LIMIT });
  const publicCors = cors({
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept'],
    // The widget on another origin reads these to say when to try again.
    exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  // Public resources are meant to be used from the business's own site (another origin).
  const crossOriginResource: RequestHandler = (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
  const limits = createPublicLimiters(redis, logger, { hourly: config.rateLimitHourly, daily: config.rateLimitDaily });

  app.use('/health', publicCors, crossOriginResource);
  app.use(healthRoutes({ redis, llmKind: assistant.kind, calendarStatus: () => calendar.status() }));

  const publicPaths = ['/gemini', '/saba'];
  // The limits are counted while the body is read and the visitor's conversation fetched: their Redis
  // commands leave together. Every request is counted, a malformed one too; see prefetchConversation.
  const publicJsonBody = express.json({ limit: PUBLIC_JSON_BODY_LIMIT });
  app.use(
    publicPaths,
    publicCors,
    crossOriginResource,
    allOf([limits, Router().use(publicJsonBody, prefetchConversation(chat))]),
  );
  app.use(chatRoutes(chat, { maxInputLength: config.maxInputLength, defaultCountry: config.defaultCountry }));
  app.use(publicLeadRoutes(leads, leadOptions));
  app.use(bookingRoutes(meetings));
  app.use(widgetRoutes({ profile, logger, guards: [publicCors, crossOriginResource, limits] }));

  const adminPaths = ['/system-instruction', '/logs', '/leads'];
  app.use(adminPaths, cookieParser(), requireAdmin(adminKey, adminSessions), jsonBody, requireCsrf);
  app.use(adminChatRoutes(instructions, logs));
  // Reports and the lead management page (before the lead routes: /leads/reports is not a lead id).
  const reports = new LeadReportService({
    store: deps.leadStore,
    dataDir: config.dataDir,
    timezone: config.businessTimezone,
    logger,
  });
  app.use(reportRoutes(reports));
  app.use(adminLeadRoutes(leads, leadOptions));
  app.use(oauthRoutes({ calendar, redis, logger, requireAdmin: requireAdmin(adminKey, adminSessions) }));
  app.use(
    adminPageRoutes({
      adminKey,
      sessions: adminSessions,
      leads,
      logs,
      reports,
      redis,
      logger,
      timezone: config.businessTimezone,
      defaultCountry: config.defaultCountry,
      calendarStatus: () => calendar.status(),
    }),
  );

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
