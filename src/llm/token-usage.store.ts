/**
 * Tokens the LLM spent, summed in Redis hashes: per conversation (`usage:conv:<client_id>`), per business
 * day (`usage:day:<YYYY-MM-DD>`) and in total (`usage:total`), each with `turns`, `prompt_tokens`,
 * `cached_tokens`, `output_tokens`. They are written by the turn's own save (SessionStore.appendMessages
 * folds the increments into its one script: no extra round trip on the hot path) and read here, for the
 * admin API. They are counts, not conversation text, and outlive the conversation's memory.
 */
import type { Redis } from '../infra/redis.client.js';
import { redisOp } from '../infra/redis.client.js';
import type { TokenUsage } from './assistant.types.js';

/** The sums as the API shows them. */
export interface UsageTotals {
  turns: number;
  prompt_tokens: number;
  cached_tokens: number;
  output_tokens: number;
}

/** A turn's usage and the business day it is counted on, as the turn's save writes it. */
export interface TurnUsage {
  usage: TokenUsage;
  /** YYYY-MM-DD in the business zone. */
  day: string;
}

export const usageKeys = {
  conversation: (clientId: string) => `usage:conv:${clientId}`,
  day: (day: string) => `usage:day:${day}`,
  total: 'usage:total',
};

/**
 * The Lua that adds one turn's usage to its three hashes; run inside the turn's append script. `usage` is
 * the index of its first argument: a flag ('1' when the turn has usage), prompt, cached, output, the day
 * (the total also keeps the first day anything was counted: where statistics start by default).
 */
export function addUsageLua(keys: { conversation: number; day: number; total: number }, usage: number): string {
  return `
if ARGV[${usage}] == '1' then
  for _, key in ipairs({KEYS[${keys.conversation}], KEYS[${keys.day}], KEYS[${keys.total}]}) do
    redis.call('HINCRBY', key, 'turns', 1)
    redis.call('HINCRBY', key, 'prompt_tokens', ARGV[${usage + 1}])
    redis.call('HINCRBY', key, 'cached_tokens', ARGV[${usage + 2}])
    redis.call('HINCRBY', key, 'output_tokens', ARGV[${usage + 3}])
  end
  redis.call('HSETNX', KEYS[${keys.total}], 'first_day', ARGV[${usage + 4}])
end`;
}

/** How many script arguments `usageArgs` gives. */
export const USAGE_ARG_COUNT = 5;

/** The script arguments of `addUsageLua` (whole, non-negative numbers: a provider's odd value counts as 0). */
export function usageArgs(turn: TurnUsage | undefined): string[] {
  if (!turn) return ['0', '0', '0', '0', ''];
  const n = (v: number) => String(Number.isFinite(v) && v > 0 ? Math.round(v) : 0);
  return ['1', n(turn.usage.promptTokens), n(turn.usage.cachedTokens), n(turn.usage.outputTokens), turn.day];
}

export function emptyTotals(): UsageTotals {
  return { turns: 0, prompt_tokens: 0, cached_tokens: 0, output_tokens: 0 };
}

function parseHash(hash: Record<string, string> | null | undefined): UsageTotals {
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v) || 0);
  return {
    turns: n(hash?.turns),
    prompt_tokens: n(hash?.prompt_tokens),
    cached_tokens: n(hash?.cached_tokens),
    output_tokens: n(hash?.output_tokens),
  };
}

function addTotals(into: UsageTotals, more: UsageTotals): UsageTotals {
  into.turns += more.turns;
  into.prompt_tokens += more.prompt_tokens;
  into.cached_tokens += more.cached_tokens;
  into.output_tokens += more.output_tokens;
  return into;
}

export class TokenUsageStore {
  constructor(private readonly redis: Redis) {}

  /** The sums of each hash, in order, in one round trip. */
  private async readAll(keys: string[]): Promise<UsageTotals[]> {
    if (keys.length === 0) return [];
    const hashes = await redisOp(this.redis, async (r) => {
      const pipeline = r.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, value]) => {
        if (err) throw err;
        return value as Record<string, string>;
      });
    });
    return hashes.map(parseHash);
  }

  /** Per conversation and their sum (a lead's conversations). */
  async forConversations(
    clientIds: readonly string[],
  ): Promise<UsageTotals & { conversations: Record<string, UsageTotals> }> {
    const each = await this.readAll(clientIds.map(usageKeys.conversation));
    const conversations: Record<string, UsageTotals> = {};
    const sum = emptyTotals();
    clientIds.forEach((id, i) => {
      const totals = each[i] ?? emptyTotals();
      conversations[id] = totals;
      addTotals(sum, totals);
    });
    return { ...sum, conversations };
  }

  /** The sum over business days (YYYY-MM-DD). */
  async forDays(days: readonly string[]): Promise<UsageTotals> {
    const each = await this.readAll(days.map(usageKeys.day));
    return each.reduce(addTotals, emptyTotals());
  }

  /** Everything ever counted. */
  async total(): Promise<UsageTotals> {
    const [totals] = await this.readAll([usageKeys.total]);
    return totals ?? emptyTotals();
  }

  /** The first business day (YYYY-MM-DD) any usage was counted, if any. */
  async firstDay(): Promise<string | undefined> {
    const day = await redisOp(this.redis, (r) => r.hget(usageKeys.total, 'first_day'));
    return day ?? undefined;
  }

  /** Drops a conversation's own sums (its lead was erased); the day and total sums keep what was spent. */
  async forgetConversation(clientId: string): Promise<void> {
    await redisOp(this.redis, (r) => r.del(usageKeys.conversation(clientId)));
  }
}
