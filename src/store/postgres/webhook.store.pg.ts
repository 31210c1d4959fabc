/**
 * Webhook endpoints and delivery records in PostgreSQL (migration 0005), shared by every instance and durable
 * like the leads. Each row keeps the record as the application has it (`doc`); the columns beside it are what
 * is searched and sorted. A delivery belongs to its lead (a foreign key that cascades), so erasing the lead
 * erases its deliveries in the same statement, and a fan-out that comes after the erasure stores nothing.
 */
import { query, type Pool } from '../../infra/postgres.client.js';
import {
  DELIVERY_RETENTION_DAYS,
  type DeliveryPage,
  type WebhookStore,
} from '../../integrations/webhooks/webhook.store.js';
import type { DeliveryRecord, WebhookEndpoint } from '../../integrations/webhooks/webhook.types.js';

const RETENTION_MS = DELIVERY_RETENTION_DAYS * 24 * 3600 * 1000;

/** Deliveries last changed before this are past their retention: not listed, not found, trimmed. */
function retentionCutoff(now = Date.now()): string {
  return new Date(now - RETENTION_MS).toISOString();
}

export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly pool: Pool) {}

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const rows = await query<{ doc: WebhookEndpoint }>(
      this.pool,
      'SELECT doc FROM webhook_endpoints ORDER BY created_at, id',
    );
    return rows.map((r) => r.doc);
  }

  async hasEndpoints(): Promise<boolean> {
    const rows = await query<{ present: boolean }>(
      this.pool,
      'SELECT EXISTS (SELECT 1 FROM webhook_endpoints) AS present',
    );
    return rows[0]?.present === true;
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const rows = await query<{ doc: WebhookEndpoint }>(this.pool, 'SELECT doc FROM webhook_endpoints WHERE id = $1', [
      id,
    ]);
    return rows[0]?.doc;
  }

  async addEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await query(this.pool, 'INSERT INTO webhook_endpoints (id, created_at, doc) VALUES ($1, $2, $3)', [
      endpoint.id,
      endpoint.created_at ?? new Date().toISOString(),
      JSON.stringify(endpoint),
    ]);
  }

  async removeEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const rows = await query<{ doc: WebhookEndpoint }>(
      this.pool,
      'DELETE FROM webhook_endpoints WHERE id = $1 RETURNING doc',
      [id],
    );
    return rows[0]?.doc;
  }

  /**
   * One statement: the new rows are inserted (only for a lead that still exists), and each delivery comes
   * back as stored (a row stored by an earlier run of the fan-out wins). A delivery of an erased lead is not
   * stored and not returned.
   */
  async createDeliveries(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (records.length === 0) return [];
    await query(this.pool, 'DELETE FROM webhook_deliveries WHERE updated_at < $1', [retentionCutoff()]);
    const input = records.map((d) => ({ id: d.id, lead_id: d.lead_id, created_at: d.created_at, doc: d }));
    const rows = await query<{ id: string; doc: DeliveryRecord }>(
      this.pool,
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (id text, lead_id text, created_at timestamptz, doc jsonb)
       ), inserted AS (
         INSERT INTO webhook_deliveries (id, lead_id, created_at, updated_at, doc)
         SELECT i.id, i.lead_id, i.created_at, i.created_at, i.doc FROM input i
         WHERE EXISTS (SELECT 1 FROM leads l WHERE l.id = i.lead_id)
         ON CONFLICT (id) DO NOTHING
         RETURNING id, doc
       )
       SELECT id, doc FROM inserted
       UNION ALL
       SELECT d.id, d.doc FROM webhook_deliveries d JOIN input i ON i.id = d.id`,
      [JSON.stringify(input)],
    );
    const stored = new Map(rows.map((r) => [r.id, r.doc]));
    return records.flatMap((d) => stored.get(d.id) ?? []);
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const rows = await query<{ doc: DeliveryRecord }>(
      this.pool,
      'SELECT doc FROM webhook_deliveries WHERE id = $1 AND updated_at >= $2',
      [id, retentionCutoff()],
    );
    return rows[0]?.doc;
  }

  async saveDelivery(record: DeliveryRecord): Promise<void> {
    // UPDATE only: a delivery erased with its lead while it was being tried is not stored again.
    await query(this.pool, 'UPDATE webhook_deliveries SET doc = $2, updated_at = $3 WHERE id = $1', [
      record.id,
      JSON.stringify(record),
      new Date().toISOString(),
    ]);
  }

  async listDeliveries(page: DeliveryPage): Promise<{ deliveries: DeliveryRecord[]; total: number }> {
    const cutoff = retentionCutoff();
    const [rows, counted] = await Promise.all([
      query<{ doc: DeliveryRecord }>(
        this.pool,
        `SELECT doc FROM webhook_deliveries WHERE updated_at >= $1
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [cutoff, page.limit, page.offset],
      ),
      query<{ total: number }>(
        this.pool,
        'SELECT count(*)::int AS total FROM webhook_deliveries WHERE updated_at >= $1',
        [cutoff],
      ),
    ]);
    return { deliveries: rows.map((r) => r.doc), total: counted[0]?.total ?? 0 };
  }

  async eraseLeadDeliveries(leadId: string): Promise<void> {
    // The lead's own deletion cascades too; this also serves an erasure that runs before it.
    await query(this.pool, 'DELETE FROM webhook_deliveries WHERE lead_id = $1', [leadId]);
  }
}
