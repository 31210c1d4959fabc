/**
 * Conversation memory in Redis, one list per client_id. Each turn appends its two messages in one
 * MULTI (never a rewrite), trims to the cap and renews the expiry, so concurrent turns lose nothing.
 */
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';

export type Role = 'user' | 'model';

export interface ChatMessage {
  role: Role;
  text: string;
  at: string;
}

export interface SessionStoreOptions {
  maxMessages: number;
  ttlSeconds: number;
}

const historyKey = (clientId: string) => `chat:${clientId}:history`;
const stateKey = (clientId: string) => `chat:${clientId}:state`;

function parseMessage(raw: string): ChatMessage | undefined {
  try {
    const v = JSON.parse(raw) as Partial<ChatMessage>;
    if ((v.role === 'user' || v.role === 'model') && typeof v.text === 'string') {
      return { role: v.role, text: v.text, at: typeof v.at === 'string' ? v.at : '' };
    }
  } catch {
    // A corrupt entry is skipped rather than breaking the conversation.
  }
  return undefined;
}

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: SessionStoreOptions,
  ) {}

  async loadHistory(clientId: string): Promise<ChatMessage[]> {
    const raw = await redisOp(this.redis, (r) => r.lrange(historyKey(clientId), 0, -1));
    return raw.map(parseMessage).filter((m): m is ChatMessage => m !== undefined);
  }

  async appendMessages(clientId: string, messages: ChatMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const key = historyKey(clientId);
    const { maxMessages, ttlSeconds } = this.options;
    await redisOp(this.redis, async (r) => {
      const results = await r
        .multi()
        .rpush(key, ...messages.map((m) => JSON.stringify(m)))
        .ltrim(key, -maxMessages, -1)
        .expire(key, ttlSeconds)
        .expire(stateKey(clientId), ttlSeconds)
        .exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
    });
  }

  /** Small per-conversation state (e.g. a pending meeting proposal), kept and expired with the history. */
  async getState<T>(clientId: string, field: string): Promise<T | undefined> {
    const raw = await redisOp(this.redis, (r) => r.hget(stateKey(clientId), field));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  async setState(clientId: string, field: string, value: unknown): Promise<void> {
    const key = stateKey(clientId);
    await redisOp(this.redis, (r) =>
      r.multi().hset(key, field, JSON.stringify(value)).expire(key, this.options.ttlSeconds).exec(),
    );
  }

  async deleteState(clientId: string, field: string): Promise<void> {
    await redisOp(this.redis, (r) => r.hdel(stateKey(clientId), field));
  }

  /** Forgets the conversation (history and state). */
  async clear(clientId: string): Promise<void> {
    await redisOp(this.redis, (r) => r.del(historyKey(clientId), stateKey(clientId)));
  }
}
