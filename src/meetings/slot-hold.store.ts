/**
 * Slots held by meeting requests, so that a time one visitor asked for is not promised to another while no
 * calendar event marks it busy (the calendar is not connected, or Google failed and the meeting was recorded
 * as a request). Held slots are busy for everyone but their holder until released (on cancel or move) or
 * until they are over.
 *
 * One Redis sorted set: member `<startMs>|<endMs>|<holder>`, scored by the end, so the holds that may overlap
 * a slot are those ending after its start. Taking a hold is one Lua script (check for an overlapping hold of
 * another holder, then add): atomic across concurrent requests and instances sharing the Redis.
 */
import type { Interval } from './business-hours.js';
import { redisOp, type Redis } from '../infra/redis.client.js';

const HOLDS_KEY = 'slot-holds';

/** Drops holds that are over, then adds this one unless another holder's overlaps it (that one is returned). */
const HOLD_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
local start, finish = tonumber(ARGV[1]), tonumber(ARGV[2])
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local s, e, h = string.match(m, '^(%d+)|(%d+)|(.*)$')
  if s and tonumber(s) < finish and h ~= ARGV[3] then return m end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[3])
return false
`;

/** Who holds a slot: the conversation, or (an API caller without one) the attendee's email. */
export function holderOf(clientId: string | null, email?: string): string {
  return clientId ? `client:${clientId}` : `email:${email ?? ''}`;
}

/** The holder named in a hold's id. */
export function holderOfHold(holdId: string): string | undefined {
  return parseMember(holdId)?.holder;
}

export interface HeldSlot extends Interval {
  holder: string;
}

function parseMember(member: string): HeldSlot | undefined {
  const m = /^(\d+)\|(\d+)\|(.*)$/s.exec(member);
  if (!m) return undefined;
  return { start: new Date(Number(m[1])), end: new Date(Number(m[2])), holder: m[3] ?? '' };
}

export class SlotHoldStore {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Holds [start, end) for `holder`. Returns the hold's id (to release it), or undefined when another holder
   * holds an overlapping slot. Holding a slot one already holds succeeds.
   */
  async hold(slot: Interval, holder: string): Promise<string | undefined> {
    const start = String(slot.start.getTime());
    const end = String(slot.end.getTime());
    const taken = await redisOp(this.redis, (r) =>
      r.eval(HOLD_SCRIPT, 1, HOLDS_KEY, start, end, holder, String(this.now().getTime())),
    );
    return taken ? undefined : `${start}|${end}|${holder}`;
  }

  async release(holdId: string): Promise<void> {
    await redisOp(this.redis, (r) => r.zrem(HOLDS_KEY, holdId));
  }

  /** The slots held between `start` and `end` by anyone but `except`. */
  async heldBetween(start: Date, end: Date, except?: string): Promise<HeldSlot[]> {
    const members = await redisOp(this.redis, (r) => r.zrangebyscore(HOLDS_KEY, `(${start.getTime()}`, '+inf'));
    return members
      .map(parseMember)
      .filter((h): h is HeldSlot => h !== undefined && h.start < end && h.holder !== except);
  }
}
