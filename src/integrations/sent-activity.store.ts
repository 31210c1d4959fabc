/**
 * Mails and webhooks sent, waiting in Redis to be written on their leads' timelines. The delivery process
 * appends them here as it delivers (one Redis transaction per event's deliveries): writing them on the lead
 * at once cost the chat-serving process a second synced write of every new lead (the embedded store has one
 * writer, that process), which is what made a turn with news dearer with webhooks and mail on
 * (docs/benchmarks.md). A lead's timeline is read with what waits here (LeadService.timeline), and the fold
 * (delivery-activity.ts) moves it into the lead records in one batch at a quiet hour. Redis is shared by
 * every instance, so any instance reads and folds what any delivery process appended.
 */
import { redisOp, type Redis } from '../infra/redis.client.js';
import type { LeadActivity } from '../leads/lead.types.js';

/** The lead ids with something waiting. */
const WAITING_KEY = 'leads:sent-activity';
/** One lead's waiting events, oldest first, each as JSON. */
const leadKey = (leadId: string) => `leads:sent-activity:${leadId}`;

/** KEYS: the lead's list, the index; ARGV: the lead id, then the events to remove. */
const REMOVE_SCRIPT = `
for i = 2, #ARGV do redis.call('LREM', KEYS[1], 1, ARGV[i]) end
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return 0`;

export interface WaitingActivity {
  leadId: string;
  /** As stored (JSON): what taking them removes, so an event appended meanwhile stays. */
  raw: string[];
  events: LeadActivity[];
}

export class SentActivityStore {
  constructor(private readonly redis: Redis) {}

  /** Appends events to their leads' waiting lists, all in one transaction. */
  async append(events: ReadonlyArray<{ leadId: string; event: LeadActivity }>): Promise<void> {
    if (events.length === 0) return;
    await redisOp(this.redis, (r) => {
      const tx = r.multi();
      for (const { leadId, event } of events) {
        tx.rpush(leadKey(leadId), JSON.stringify(event));
        tx.sadd(WAITING_KEY, leadId);
      }
      return tx.exec();
    });
  }

  /** A lead's waiting events, oldest first. */
  async waitingFor(leadId: string): Promise<LeadActivity[]> {
    const raw = await redisOp(this.redis, (r) => r.lrange(leadKey(leadId), 0, -1));
    return raw.map((s) => JSON.parse(s) as LeadActivity);
  }

  /**
   * One page of the leads with waiting events and their events (SSCAN: every lead waiting throughout a whole
   * scan is seen at least once, perhaps twice). `cursor` '0' starts a scan; the answer's '0' ends it.
   */
  async scanWaiting(cursor: string, count: number): Promise<{ cursor: string; waiting: WaitingActivity[] }> {
    const [next, ids] = await redisOp(this.redis, (r) => r.sscan(WAITING_KEY, cursor, 'COUNT', count));
    if (ids.length === 0) return { cursor: next, waiting: [] };
    const lists = await redisOp(this.redis, (r) => {
      const tx = r.multi();
      for (const id of ids) tx.lrange(leadKey(id), 0, -1);
      return tx.exec();
    });
    const waiting = ids.map((leadId, i) => {
      const raw = (lists?.[i]?.[1] ?? []) as string[];
      return { leadId, raw, events: raw.map((s) => JSON.parse(s) as LeadActivity) };
    });
    return { cursor: next, waiting };
  }

  /**
   * Removes what a fold wrote, by value (two instances folding at once, or an event appended meanwhile, never
   * lose one), and the lead's id from the index once its list is empty, in one script per lead: an append
   * between the two would otherwise be left out of the index, and never folded.
   */
  async remove(taken: ReadonlyArray<WaitingActivity>): Promise<void> {
    if (taken.length === 0) return;
    await redisOp(this.redis, (r) => {
      const tx = r.multi();
      for (const { leadId, raw } of taken) tx.eval(REMOVE_SCRIPT, 2, leadKey(leadId), WAITING_KEY, leadId, ...raw);
      return tx.exec();
    });
  }

  /** Forgets a lead's waiting events: the lead is being erased. */
  async erase(leadId: string): Promise<void> {
    await redisOp(this.redis, (r) => r.multi().del(leadKey(leadId)).srem(WAITING_KEY, leadId).exec());
  }
}
