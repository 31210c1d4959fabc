/**
 * Conversation memory in Redis, one list per client_id. Each turn appends its two messages in one
 * atomic script (never a rewrite), trims to the cap and renews the expiry, so concurrent turns lose nothing.
 */
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';
import { addUsageLua, USAGE_ARG_COUNT, usageArgs, usageKeys, type TurnUsage } from '../llm/token-usage.store.js';

export type Role = 'user' | 'model';

export interface ChatMessage {
  role: Role;
  text: string;
  at: string;
}

/** A conversation as read at the start of a turn. */
export interface SessionSnapshot {
  history: ChatMessage[];
  /** Raw state fields as read with the history; see SessionStore.isCurrent. */
  state: Record<string, string>;
  version: number;
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
      if (typeof v.at !== 'string') v.at = '';
      return v as ChatMessage;
    }
  } catch {
    // A corrupt entry is skipped rather than breaking the conversation.
  }
  return undefined;
}

/**
 * A turn's append as one script (atomic like MULTI, but one command instead of six on the hot path):
 * push the messages, trim to the cap, renew the expiry of the history and of the state, and add the
 * turn's token usage to its sums (KEYS 3-5; ARGV from 3, see token-usage.store.ts); the messages follow.
 */
const APPEND_TURN_LUA = `
redis.call('RPUSH', KEYS[1], unpack(ARGV, ${3 + USAGE_ARG_COUNT}))
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
${addUsageLua({ conversation: 3, day: 4, total: 5 }, 3)}
return 1`;

/** ioredis adds a method per defined script (EVALSHA, reloading the script after a Redis restart). */
type RedisWithAppend = Redis & {
  appendTurn(...keysThenArgs: Array<string | number>): Promise<number>;
};

export class SessionStore {
  /** Bumped before every state write this process sends (see isCurrent). */
  private stateVersion = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: SessionStoreOptions,
  ) {
    redis.defineCommand('appendTurn', { numberOfKeys: 5, lua: APPEND_TURN_LUA });
  }

  /**
   * The history and the state of a conversation in one round trip (a chat turn needs both). The state is a
   * snapshot: a reader holding a lock (the meeting service) checks `isCurrent` before trusting it.
   */
  async loadTurn(clientId: string): Promise<SessionSnapshot> {
    const version = this.stateVersion;
    // Two plain commands, not a pipeline: sent in the same tick they leave in one write anyway (the client
    // auto-pipelines), together with what other requests sent in that tick, where an explicit pipeline
    // was a write of its own on every turn.
    const [raw, state] = await redisOp(this.redis, (r) =>
      Promise.all([r.lrange(historyKey(clientId), 0, -1), r.hgetall(stateKey(clientId))]),
    );
    const history: ChatMessage[] = [];
    for (const entry of raw) {
      const message = parseMessage(entry);
      if (message) history.push(message);
    }
    return { history, state, version };
  }

  /**
   * True while no state write has been sent by this process since the snapshot was read. Commands share one
   * connection in order, so the snapshot then still shows every write this process made. (Writes from other
   * instances were never covered by the in-process locks either; idempotent event ids cover those.)
   */
  isCurrent(snapshot: SessionSnapshot): boolean {
    return snapshot.version === this.stateVersion;
  }

  /** Appends a turn's messages and, in the same script, adds the tokens the turn cost to their sums. */
  async appendMessages(clientId: string, messages: ChatMessage[], usage?: TurnUsage): Promise<void> {
    if (messages.length === 0) return;
    const { maxMessages, ttlSeconds } = this.options;
    await redisOp(this.redis, (r) =>
      (r as RedisWithAppend).appendTurn(
        historyKey(clientId),
        stateKey(clientId),
        usageKeys.conversation(clientId),
        usageKeys.day(usage?.day ?? '-'),
        usageKeys.total,
        maxMessages,
        ttlSeconds,
        ...usageArgs(usage),
        ...messages.map((m) => JSON.stringify(m)),
      ),
    );
  }

  /** Small per-conversation state (e.g. a pending meeting proposal), kept and expired with the history. */
  async getState<T>(clientId: string, field: string, snapshot?: SessionSnapshot): Promise<T | undefined> {
    const raw =
      snapshot && this.isCurrent(snapshot)
        ? (snapshot.state[field] ?? null)
        : await redisOp(this.redis, (r) => r.hget(stateKey(clientId), field));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  async setState(clientId: string, field: string, value: unknown): Promise<void> {
    const key = stateKey(clientId);
    this.stateVersion += 1;
    await redisOp(this.redis, (r) =>
      r.multi().hset(key, field, JSON.stringify(value)).expire(key, this.options.ttlSeconds).exec(),
    );
  }

  async deleteState(clientId: string, field: string): Promise<void> {
    this.stateVersion += 1;
    await redisOp(this.redis, (r) => r.hdel(stateKey(clientId), field));
  }

  /** Forgets the conversation (history and state). */
  async clear(clientId: string): Promise<void> {
    this.stateVersion += 1;
    await redisOp(this.redis, (r) => r.del(historyKey(clientId), stateKey(clientId)));
  }
}
