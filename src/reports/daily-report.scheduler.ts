/**
 * The daily lead report at DAILY_REPORT_TIME in the business zone. Several instances may share one Redis:
 * the day is claimed with SET NX before generating, so exactly one makes it, and the claim outlives
 * restarts. The cron tick only calls runDailyReportIfDue(now), which tests call with chosen clocks.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Cron } from 'croner';
import { DateTime } from 'luxon';
import type { Logger } from '../infra/logger.js';
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadReportService } from './lead-report.service.js';

/** Two days: long enough to cover the whole day in any zone, short enough to clean itself up. */
const DAILY_CLAIM_TTL_SECONDS = 172_800;

export type DailyRunOutcome =
  | { outcome: 'not_due'; date: string }
  | { outcome: 'already_made'; date: string }
  | { outcome: 'claimed_elsewhere'; date: string; by: string | null }
  | { outcome: 'generated'; date: string; filename: string; rows: number }
  | { outcome: 'failed'; date: string; error: string };

export interface DailyReportSchedulerDeps {
  reports: LeadReportService;
  redis: Redis;
  logger: Logger;
  timezone: string;
  time: { hour: number; minute: number };
  /** Who holds the claim (visible in Redis); unique per process by default. */
  instanceId?: string;
}

export const dailyClaimKey = (date: string) => `report:daily:${date}`;

export class DailyReportScheduler {
  readonly instanceId: string;
  private job: Cron | undefined;

  constructor(private readonly deps: DailyReportSchedulerDeps) {
    this.instanceId = deps.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  /** Makes today's report if its time has come and no instance (this one, before a restart, or another) made it. */
  async runDailyReportIfDue(now: Date): Promise<DailyRunOutcome> {
    const { reports, redis, logger, timezone, time } = this.deps;
    const local = DateTime.fromJSDate(now, { zone: timezone });
    const date = local.toISODate() ?? '';
    const dueAt = local.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
    if (local < dueAt) return { outcome: 'not_due', date };
    try {
      // A file written after the due time is today's report (e.g. Redis lost the claim); an earlier manual
      // one misses the rest of the day, so it is replaced.
      const modified = await reports.modifiedAt(date);
      if (modified && modified.getTime() >= dueAt.toMillis()) return { outcome: 'already_made', date };
      const key = dailyClaimKey(date);
      const claimed = await redisOp(redis, (r) => r.set(key, this.instanceId, 'EX', DAILY_CLAIM_TTL_SECONDS, 'NX'));
      if (claimed !== 'OK') {
        const by = await redisOp(redis, (r) => r.get(key)).catch(() => null);
        return { outcome: 'claimed_elsewhere', date, by };
      }
      try {
        const report = await reports.generate(date);
        logger.info({ date, instance: this.instanceId, rows: report.rows }, 'daily lead report made');
        return { outcome: 'generated', date, filename: report.filename, rows: report.rows };
      } catch (err) {
        // Give the day back so a later tick or another instance can try again.
        await redisOp(redis, async (r) => {
          if ((await r.get(key)) === this.instanceId) await r.del(key);
        }).catch(() => undefined);
        throw err;
      }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      logger.error({ date, err: error }, 'daily lead report failed');
      return { outcome: 'failed', date, error };
    }
  }

  /** Starts the cron job, and catches up at once if today's time already passed without a report. */
  start(): void {
    if (this.job) return;
    const { time, timezone, logger } = this.deps;
    this.job = new Cron(
      `${time.minute} ${time.hour} * * *`,
      { name: 'daily-lead-report', timezone, protect: true },
      async () => {
        await this.runDailyReportIfDue(new Date());
      },
    );
    logger.info({ next: this.job.nextRun()?.toISOString(), timezone }, 'daily lead report scheduled');
    void this.runDailyReportIfDue(new Date());
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
  }
}
