/** Admin page login sessions, kept in Redis so every instance accepts them and logout is immediate. */
import { randomBytes } from 'node:crypto';
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';

export const ADMIN_SESSION_COOKIE = 'admin_session';
export const ADMIN_SESSION_TTL_SECONDS = 8 * 60 * 60;

export interface AdminSession {
  csrf: string;
  createdAt: string;
  oauthState?: string;
}

const key = (id: string) => `admin:session:${id}`;
const ID_RE = /^[A-Za-z0-9_-]{32,64}$/;

export class AdminSessionStore {
  constructor(private readonly redis: Redis) {}

  async create(): Promise<{ id: string; session: AdminSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: AdminSession = { csrf: randomBytes(24).toString('base64url'), createdAt: new Date().toISOString() };
    await redisOp(this.redis, (r) => r.set(key(id), JSON.stringify(session), 'EX', ADMIN_SESSION_TTL_SECONDS));
    return { id, session };
  }

  async get(id: string): Promise<AdminSession | undefined> {
    if (!ID_RE.test(id)) return undefined;
    const raw = await redisOp(this.redis, (r) => r.get(key(id)));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as AdminSession;
    } catch {
      return undefined;
    }
  }

  async destroy(id: string): Promise<void> {
    if (!ID_RE.test(id)) return;
    await redisOp(this.redis, (r) => r.del(key(id)));
  }
}
