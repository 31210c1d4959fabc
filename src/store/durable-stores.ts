/**
 * The one place that chooses where durable things other than leads are kept: with DATABASE_URL (a pool in
 * `database`) in PostgreSQL, shared by every instance; without it in files under DATA_DIR (the embedded
 * mode, one instance): logs, calendar tokens, meeting links, reports, staff accounts (webhook endpoints and
 * deliveries: in Redis then, which every instance shares). Leads have their own repository
 * (store/lead.repository.ts).
 */
import { ConversationLogStore } from '../chat/conversation-log.store.js';
import type { Logger } from '../infra/logger.js';
import type { Pool } from '../infra/postgres.client.js';
import { GoogleTokenStore } from '../meetings/google-token.store.js';
import { MeetingLinkStore } from '../meetings/meeting-link.store.js';
import { ReportFileStore } from '../reports/report-file.store.js';
import type { ConversationInbox } from './conversation-inbox.repository.js';
import type { ConversationLogRepository } from './conversation-log.repository.js';
import { EmbeddedConversationInbox } from './embedded/conversation-inbox.embedded.js';
import type { LeadRepository } from './lead.repository.js';
import { PostgresConversationInbox } from './postgres/conversation-inbox.pg.js';
import type { GoogleTokenRepository } from './google-token.repository.js';
import type { MeetingLinkRepository } from './meeting-link.repository.js';
import { PostgresConversationLogRepository } from './postgres/conversation-log.repository.pg.js';
import { PostgresGoogleTokenRepository } from './postgres/google-token.repository.pg.js';
import { PostgresMeetingLinkRepository } from './postgres/meeting-link.repository.pg.js';
import { PostgresReportRepository } from './postgres/report.repository.pg.js';
import type { ReportRepository } from './report.repository.js';
import { EmbeddedStaffAccountRepository } from './embedded/staff-account.repository.embedded.js';
import { PostgresStaffAccountRepository } from './postgres/staff-account.repository.pg.js';
import type { StaffAccountRepository } from './staff-account.repository.js';
import { SettingsFileStore } from '../settings/settings.file-store.js';
import { PostgresSettingsRepository } from './postgres/settings.repository.pg.js';
import type { SettingsRepository } from './settings.repository.js';
import type { Redis } from '../infra/redis.client.js';
import { RedisWebhookStore, type WebhookStore } from '../integrations/webhooks/webhook.store.js';
import { PostgresWebhookStore } from './postgres/webhook.store.pg.js';

export interface StoreLocation {
  dataDir: string;
  /** The PostgreSQL pool when DATABASE_URL is set (schema migrated). */
  database?: Pool | undefined;
}

export function openConversationLogs({ dataDir, database }: StoreLocation): ConversationLogRepository {
  return database ? new PostgresConversationLogRepository(database) : new ConversationLogStore(dataDir);
}

/**
 * The staff inbox over the same engine as the logs and leads: one PostgreSQL query, or the log files read
 * with the lead store (which needs the app's own log store: it waits for its queued appends).
 */
export function openConversationInbox(
  { database }: StoreLocation,
  logs: ConversationLogRepository,
  leads: LeadRepository,
): ConversationInbox {
  if (database) return new PostgresConversationInbox(database);
  if (!(logs instanceof ConversationLogStore)) throw new Error('the embedded inbox reads the log files');
  return new EmbeddedConversationInbox(logs, leads);
}

export function openGoogleTokens({ dataDir, database }: StoreLocation, logger: Logger): GoogleTokenRepository {
  return database ? new PostgresGoogleTokenRepository(database) : new GoogleTokenStore(dataDir, logger);
}

export function openMeetingLinks({ dataDir, database }: StoreLocation): MeetingLinkRepository {
  return database ? new PostgresMeetingLinkRepository(database) : new MeetingLinkStore(dataDir);
}

export function openReports({ dataDir, database }: StoreLocation): ReportRepository {
  return database ? new PostgresReportRepository(database) : new ReportFileStore(dataDir);
}

export function openStaffAccounts({ dataDir, database }: StoreLocation): StaffAccountRepository {
  return database ? new PostgresStaffAccountRepository(database) : new EmbeddedStaffAccountRepository(dataDir);
}

export function openSettings({ dataDir, database }: StoreLocation): SettingsRepository {
  return database ? new PostgresSettingsRepository(database) : new SettingsFileStore(dataDir);
}

/** Webhook endpoints and deliveries: PostgreSQL with DATABASE_URL (beside the leads they belong to), else Redis. */
export function openWebhookStore({ database }: StoreLocation, redis: Redis): WebhookStore {
  return database ? new PostgresWebhookStore(database) : new RedisWebhookStore(redis);
}
