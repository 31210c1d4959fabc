-- Webhook endpoints and delivery records, shared by every instance and durable like the leads (until now
-- they were kept in Redis). The two tables 0001 made for them were never written (nothing used them) and do
-- not fit what the delivery worker keeps: deliveries to the staff mail and to WEBHOOK_URL have no endpoint
-- row, a delivery can be 'retrying', and the queue is BullMQ's, not the table. They are replaced. Run by
-- src/infra/postgres.migrations.ts; never edit once applied (add the next file instead).
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;

-- Endpoints admins add (WEBHOOK_URL is not stored: it comes from the environment). `doc` is the endpoint
-- as the application keeps it (src/integrations/webhooks/webhook.types.ts), its signing secret included.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  doc jsonb NOT NULL
);

-- One row per event and endpoint (or the staff mail); `doc` holds the event's body, i.e. the lead's details,
-- so a row goes with its lead: ON DELETE CASCADE erases it in the same statement as the lead, and a
-- delivery cannot be stored for a lead already erased. Kept DELIVERY_RETENTION_DAYS after its last change.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  lead_id text NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
-- The admins' list, newest first.
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at DESC, id DESC);
-- Erasing a lead (the cascade looks its rows up).
CREATE INDEX webhook_deliveries_lead_idx ON webhook_deliveries (lead_id);
-- Trimming what is past its retention.
CREATE INDEX webhook_deliveries_updated_idx ON webhook_deliveries (updated_at);
