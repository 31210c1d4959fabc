/** Builds the real app on an ephemeral port against a real Redis, with a config made from env overrides. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config, type Env } from '../../src/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { closeDatabase, type Pool } from '../../src/infra/postgres.client.js';
import { connectRedis, createRedisClient, type Redis } from '../../src/infra/redis.client.js';
import type { LeadRepository } from '../../src/store/lead.repository.js';
import { openLeadRepository } from '../../src/store/open-lead-repository.js';
import { openDatabase } from '../../src/store/postgres/open-database.js';

/** The `data` of a POST /gemini/train answer (`Lead` narrows the lead where a test reads it). */
export interface TrainData<Lead = unknown> {
  client_id: string;
  reply: string;
  lead: Lead;
  meeting: unknown;
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface Harness {
  url: string;
  /** The app itself (test/abuse/route-protection.test.ts walks its routes). */
  app: Express;
  config: Config;
  redis: Redis;
  /** The PostgreSQL pool when the env set DATABASE_URL (the leads live there), else undefined. */
  database: Pool | undefined;
  /** The lead repository the app writes (what server.ts also gives its jobs, e.g. the sent-activity fold). */
  leads: LeadRepository;
  dataDir: string;
  close(): Promise<void>;
}

export function makeDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'chatbot-test-'));
}

export function testEnv(overrides: Env, dataDir: string): Env {
  const instruction = path.join(dataDir, 'system_instruction.txt');
  if (!existsSync(instruction)) writeFileSync(instruction, 'You are a test assistant for a business.');
  return {
    DATA_DIR: dataDir,
    SYSTEM_INSTRUCTION_FILE: instruction,
    BUSINESS_PROFILE_FILE: path.join(ROOT, 'config/business.json'),
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    GEMINI_TIMEOUT_MS: '2000',
    ...overrides,
  };
}

export async function startHarness(
  redisUrl: string,
  overrides: Env = {},
  extra: Partial<AppDeps> = {},
  dataDir = makeDataDir(),
): Promise<Harness> {
  const env = testEnv({ REDIS_URL: redisUrl, ...overrides }, dataDir);
  const config = loadConfig(env, { cwd: ROOT });
  const logger = createLogger(config.logLevel);
  const redis = createRedisClient({ url: redisUrl, logger });
  await connectRedis(redis);
  // As server.ts does: migrate and open the pool with DATABASE_URL, and pick the lead engine from it.
  const database = config.databaseUrl ? await openDatabase(config.databaseUrl, logger) : undefined;
  const { leads: opened } = await openLeadRepository({ dataDir: config.dataDir, database, logger });
  const leads = extra.leads ?? opened;
  const app = createApp({ config, logger, redis, database, adminKey: ADMIN_KEY, ...extra, leads });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    redis,
    database,
    leads,
    dataDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      redis.disconnect();
      if (database) await closeDatabase(database, logger);
    },
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { status: string; data: T; message: string; timestamp: string };
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as JsonResponse<T>['body'] };
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as JsonResponse<T>['body'] };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** The `event:`/`data:` pairs of a server-sent event stream's text. */
export function parseSseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const ev = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (ev && data) events.push({ event: ev, data: JSON.parse(data) as unknown });
  }
  return events;
}

export async function postSse(
  url: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<{ status: number; events: SseEvent[]; contentType: string; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, events: parseSseEvents(text), contentType: res.headers.get('content-type') ?? '', text };
}

/** A lead as the list shows it, for tests that only look at who and where it stands. */
export interface ListedLead {
  id: string;
  name: string | null;
  status: string;
}
