/**
 * Where webhook endpoints and delivery records live: with DATABASE_URL in PostgreSQL
 * (store/postgres/webhook.store.pg.ts), shared and durable like the leads; without it in Redis (this file:
 * endpoints in one hash, each delivery a key that expires DELIVERY_RETENTION_DAYS after its last change,
 * listed newest first through a sorted set, and found per lead through a set, so erasing a lead erases them).
 */
import { redisOp, type Redis } from '../../infra/redis.client.js';
import type { DeliveryRecord, WebhookEndpoint } from './webhook.types.js';

export interface DeliveryPage {
  limit: number;
  offset: number;
}

export interface WebhookStore {
  listEndpoints(): Promise<WebhookEndpoint[]>;
  /** Whether admins added at least one endpoint (asked for every event: cheaper than listing them). */
  hasEndpoints(): Promise<boolean>;
  getEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  addEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** The endpoint removed, or undefined when there was none. */
  removeEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  /**
   * Stores the deliveries that are not stored yet; returns each as stored (an existing one wins). A delivery
   * that cannot be stored because its lead was erased meanwhile (PostgreSQL knows) is left out.
   */
  createDeliveries(records: DeliveryRecord[]): Promise<DeliveryRecord[]>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /** Updates a stored delivery (one no longer stored, expired or erased, is not written again). */
  saveDelivery(record: DeliveryRecord): Promise<void>;
  /** Newest first. */
  listDeliveries(page: DeliveryPage): Promise<{ deliveries: DeliveryRecord[]; total: number }>;
  /** Erases the deliveries of a lead's events (they carry its details): the lead is being erased. */
  eraseLeadDeliveries(leadId: string): Promise<void>;
}

/** Delivery records are kept this long after their last change (they hold the lead's admin view). */
export const DELIVERY_RETENTION_DAYS = 14;
const RETENTION_SECONDS = DELIVERY_RETENTION_DAYS * 24 * 3600;

const ENDPOINTS_KEY = 'webhooks:endpoints';
const DELIVERIES_KEY = 'webhooks:deliveries';
const deliveryKey = (id: string) => `webhooks:delivery:${id}`;
/** The ids of a lead's deliveries (kept as long as its newest delivery). */
const leadDeliveriesKey = (leadId: string) => `webhooks:lead-deliveries:${leadId}`;

function parse<T>(raw: string | null | undefined): T | undefined {
  return raw ? (JSON.parse(raw) as T) : undefined;
}

export class RedisWebhookStore implements WebhookStore {
  constructor(private readonly redis: Redis) {}

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const all = await redisOp(this.redis, (r) => r.hvals(ENDPOINTS_KEY));
    return all
      .map((raw) => JSON.parse(raw) as WebhookEndpoint)
      .sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? ''));
  }

  async hasEndpoints(): Promise<boolean> {
    return (await redisOp(this.redis, (r) => r.hlen(ENDPOINTS_KEY))) > 0;
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    return parse(await redisOp(this.redis, (r) => r.hget(ENDPOINTS_KEY, id)));
  }

  async addEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await redisOp(this.redis, (r) => r.hset(ENDPOINTS_KEY, endpoint.id, JSON.stringify(endpoint)));
  }

  async removeEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const [[, raw], [, removed]] = ((await redisOp(this.redis, (r) =>
      r.multi().hget(ENDPOINTS_KEY, id).hdel(ENDPOINTS_KEY, id).exec(),
    )) ?? []) as [[unknown, string | null], [unknown, number]];
    return removed ? parse(raw) : undefined;
  }

  async createDeliveries(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (records.length === 0) return [];
    const now = Date.now();
    const replies = await redisOp(this.redis, (r) => {
      const tx = r.multi();
      for (const d of records) {
        tx.set(deliveryKey(d.id), JSON.stringify(d), 'EX', RETENTION_SECONDS, 'NX');
        tx.zadd(DELIVERIES_KEY, 'NX', Date.parse(d.created_at), d.id);
        tx.sadd(leadDeliveriesKey(d.lead_id), d.id);
        tx.expire(leadDeliveriesKey(d.lead_id), RETENTION_SECONDS);
      }
      tx.zremrangebyscore(DELIVERIES_KEY, '-inf', now - RETENTION_SECONDS * 1000);
      for (const d of records) tx.get(deliveryKey(d.id));
      return tx.exec();
    });
    const stored = (replies ?? []).slice(-records.length).map(([, raw]) => parse<DeliveryRecord>(raw as string));
    return records.map((d, i) => stored[i] ?? d);
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return parse(await redisOp(this.redis, (r) => r.get(deliveryKey(id))));
  }

  async saveDelivery(record: DeliveryRecord): Promise<void> {
    // XX: only a delivery still stored is updated; one erased with its lead mid-attempt stays erased.
    await redisOp(this.redis, (r) =>
      r.set(deliveryKey(record.id), JSON.stringify(record), 'EX', RETENTION_SECONDS, 'XX'),
    );
  }

  async listDeliveries(page: DeliveryPage): Promise<{ deliveries: DeliveryRecord[]; total: number }> {
    const [ids, total] = await redisOp(this.redis, (r) =>
      Promise.all([r.zrevrange(DELIVERIES_KEY, page.offset, page.offset + page.limit - 1), r.zcard(DELIVERIES_KEY)]),
    );
    if (ids.length === 0) return { deliveries: [], total };
    const raws = await redisOp(this.redis, (r) => r.mget(ids.map(deliveryKey)));
    // A record that expired leaves its id behind in the index until the next trim: skip it.
    const deliveries = raws.flatMap((raw) => parse<DeliveryRecord>(raw) ?? []);
    return { deliveries, total };
  }

  async eraseLeadDeliveries(leadId: string): Promise<void> {
    const ids = await redisOp(this.redis, (r) => r.smembers(leadDeliveriesKey(leadId)));
    await redisOp(this.redis, (r) => {
      const tx = r.multi();
      for (const id of ids) tx.del(deliveryKey(id));
      if (ids.length > 0) tx.zrem(DELIVERIES_KEY, ...ids);
      tx.del(leadDeliveriesKey(leadId));
      return tx.exec();
    });
  }
}
