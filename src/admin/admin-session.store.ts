/**
 * Admin page login sessions, kept in Redis so every instance accepts them and logout is immediate. Each
 * remembers which admin key signed it in, so changing ADMIN_API_KEY ends every session made with the old one.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';
import { keyFingerprint } from './admin-key.js';

export const ADMIN_SESSION_COOKIE = 'admin_session';
/** The name on HTTPS: browsers keep a `__Host-` cookie only if it is Secure, for this host, on path `/`. */
export const ADMIN_SESSION_COOKIE_HTTPS = `__Host-${ADMIN_SESSION_COOKIE}`;
export const ADMIN_SESSION_TTL_SECONDS = 8 * 60 * 60;

export interface AdminSession {
  csrf: string;
  createdAt: string;
  /** keyFingerprint of the admin key it was made with. */
  adminKeyId: string;
  oauthState?: string;
  /**
   * The staff account signed in (absent: signed in with the API key). `stamp` is the account's credential
   * stamp when it signed in (staff-account.service.ts): a new password since then ends the session.
   */
  account?: { id: string; stamp: string };
}

const key = (id: string) => `admin:session:${id}`;
const ID_RE = /^[A-Za-z0-9_-]{32,64}$/;

export class AdminSessionStore {
  private readonly adminKeyId: string;

  /** `adminKey`: the key in force; sessions made with another one are not accepted. */
  constructor(
    private readonly redis: Redis,
    adminKey: string,
  ) {
    this.adminKeyId = keyFingerprint(adminKey);
  }

  async create(account?: AdminSession['account']): Promise<{ id: string; session: AdminSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: AdminSession = {
      csrf: randomBytes(24).toString('base64url'),
      createdAt: new Date().toISOString(),
      adminKeyId: this.adminKeyId,
      ...(account ? { account } : {}),
    };
    await redisOp(this.redis, (r) => r.set(key(id), JSON.stringify(session), 'EX', ADMIN_SESSION_TTL_SECONDS));
    return { id, session };
  }

  async get(id: string): Promise<AdminSession | undefined> {
    if (!ID_RE.test(id)) return undefined;
    const raw = await redisOp(this.redis, (r) => r.get(key(id)));
    if (!raw) return undefined;
    let session: AdminSession;
    try {
      session = JSON.parse(raw) as AdminSession;
    } catch {
      return undefined;
    }
    // Made with another key (or before sessions remembered theirs). Not deleted: during a rolling change
    // of the key an instance still on the old key may be serving it; the TTL removes it.
    return session.adminKeyId === this.adminKeyId ? session : undefined;
  }

  /** Saves a changed session under its id, keeping its expiry (a session that expired meanwhile stays gone). */
  async save(id: string, session: AdminSession): Promise<void> {
    if (!ID_RE.test(id)) return;
    await redisOp(this.redis, (r) => r.set(key(id), JSON.stringify(session), 'KEEPTTL', 'XX'));
  }

  async destroy(id: string): Promise<void> {
    if (!ID_RE.test(id)) return;
    await redisOp(this.redis, (r) => r.del(key(id)));
  }
}
