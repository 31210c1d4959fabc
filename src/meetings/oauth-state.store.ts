/**
 * Single-use OAuth `state` values in Redis: issued to the admin who asked, consumed atomically (GETDEL)
 * by the callback, so a state can never be replayed and a forged callback carries none we issued.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';

const OAUTH_STATE_TTL_SECONDS = 10 * 60;
const STATE_RE = /^[A-Za-z0-9_-]{32,128}$/;
const key = (state: string) => `oauth:state:${state}`;

/** Who asked for the consent page: an admin page session, or an API-key caller. */
export type OAuthRequester = { kind: 'session'; sessionId: string } | { kind: 'api-key' };

interface StoredState {
  by: string; // 'api-key' or the admin session id
  issuedAt: string;
}

export class OAuthStateStore {
  constructor(private readonly redis: Redis) {}

  async issue(requester: OAuthRequester): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const value: StoredState = {
      by: requester.kind === 'session' ? requester.sessionId : 'api-key',
      issuedAt: new Date().toISOString(),
    };
    await redisOp(this.redis, (r) => r.set(key(state), JSON.stringify(value), 'EX', OAUTH_STATE_TTL_SECONDS));
    return state;
  }

  /** Returns who the state was issued to and deletes it, or undefined when it is unknown, used or expired. */
  async consume(state: string): Promise<OAuthRequester | undefined> {
    if (!STATE_RE.test(state)) return undefined;
    const raw = await redisOp(this.redis, (r) => r.getdel(key(state)));
    if (!raw) return undefined;
    try {
      const { by } = JSON.parse(raw) as StoredState;
      return by === 'api-key' ? { kind: 'api-key' } : { kind: 'session', sessionId: by };
    } catch {
      return undefined;
    }
  }
}
