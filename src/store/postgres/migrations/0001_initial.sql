-- The first schema: everything durable that lived under DATA_DIR. Run once, in one transaction, by
-- src/infra/postgres.migrations.ts. Never edit an applied migration: add the next file instead (the
-- runner refuses to start when an applied file's checksum changed).

-- Trigram indexes for the leads list's `q` (a substring search, as the embedded store does). pg_trgm is a
-- trusted extension (PostgreSQL 13+): the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Leads: the record as the API and the services know it is `doc` (JSON, as the product always stored
-- leads); the columns beside it are copies of what lists, filters, searches, lookups and the
-- one-visitor-one-lead rules need, written with the document in the same statement. `json`, not `jsonb`:
-- jsonb reorders object keys, and the order of a lead's fields and conversations is visible (export
-- columns, the admin view); nothing queries inside the document, the columns are there for that.
CREATE TABLE leads (
  id text PRIMARY KEY CHECK (id ~ '^[a-f0-9]{32}$'),
  doc json NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  status text NOT NULL,
  source text NOT NULL,
  email text,
  phone text,
  -- As given: a date (YYYY-MM-DD) or an instant; read by the follow-up list, which is small.
  follow_up_at text,
  -- Lower-cased name, email, phone, company and notes, computed by the application (JavaScript's
  -- toLowerCase, like the embedded store) so search behaves the same whatever the database's locale.
  search_text text NOT NULL DEFAULT ''
);

-- The list is newest first (created_at DESC, id DESC) with LIMIT/OFFSET, and exports and reports walk it
-- oldest first with keyset pages ((created_at, id) > last): one b-tree serves both directions.
CREATE INDEX leads_created_idx ON leads (created_at, id);
-- The status filter: equality first, then the list's order, so a filtered page reads only its rows.
CREATE INDEX leads_status_created_idx ON leads (status, created_at, id);
-- `q` is a substring search (LIKE '%q%'): a GIN trigram index finds the candidate rows for any q of three
-- characters or more without reading the table (a b-tree cannot serve a leading wildcard).
CREATE INDEX leads_search_trgm_idx ON leads USING gin (search_text gin_trgm_ops);
-- The daily report reads the leads changed during a day.
CREATE INDEX leads_updated_idx ON leads (updated_at);
-- One email, one phone: at most one lead holds each (unique under races between instances: the second
-- insert waits for the first to commit, then fails). Partial, so leads without one cost nothing.
CREATE UNIQUE INDEX leads_email_key ON leads (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX leads_phone_key ON leads (phone) WHERE phone IS NOT NULL;
-- The follow-up list: leads with status follow_up or a follow-up date (a small part of all leads).
CREATE INDEX leads_follow_up_idx ON leads (created_at) WHERE status = 'follow_up' OR follow_up_at IS NOT NULL;

-- One visitor, one lead: a conversation (client_id) belongs to exactly one lead. Its primary key makes
-- two instances that both create a lead for the same new visitor conflict instead of making two leads.
-- email and phone are what that conversation gave, so a later visitor can be linked by them.
CREATE TABLE lead_conversations (
  client_id text PRIMARY KEY,
  lead_id text NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  email text,
  phone text
);
CREATE INDEX lead_conversations_lead_idx ON lead_conversations (lead_id);
CREATE INDEX lead_conversations_email_idx ON lead_conversations (email) WHERE email IS NOT NULL;
CREATE INDEX lead_conversations_phone_idx ON lead_conversations (phone) WHERE phone IS NOT NULL;

-- The list's `total` without counting a million rows per request: one row per status, kept by a trigger
-- in the writing transaction. Unfiltered total = sum over 7 rows; a status filter's total = its row.
CREATE TABLE lead_counts (
  status text PRIMARY KEY,
  n bigint NOT NULL DEFAULT 0
);

-- A status change touches two counter rows: always in the same (alphabetical) order, so two transactions
-- moving leads in opposite directions (new -> contacted, contacted -> new) cannot deadlock. A put changes
-- one lead and takes these locks before any conversation row, so they are taken in one order everywhere.
CREATE FUNCTION leads_count_add(s text, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO lead_counts (status, n) VALUES (s, delta)
    ON CONFLICT (status) DO UPDATE SET n = lead_counts.n + delta;
$$;

CREATE FUNCTION leads_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM leads_count_add(NEW.status, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM leads_count_add(OLD.status, -1);
  ELSIF OLD.status < NEW.status THEN
    PERFORM leads_count_add(OLD.status, -1);
    PERFORM leads_count_add(NEW.status, 1);
  ELSE
    PERFORM leads_count_add(NEW.status, 1);
    PERFORM leads_count_add(OLD.status, -1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER leads_count_insert_delete AFTER INSERT OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION leads_count_trigger();
-- Only a change of status moves a count (most updates keep it: no write to the hot counter rows).
CREATE TRIGGER leads_count_status AFTER UPDATE OF status ON leads
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION leads_count_trigger();

-- Lead activity, one row per event, appended without rewriting the lead (instances append concurrently
-- without losing each other's events). Read per lead, oldest first.
CREATE TABLE lead_activity (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id text NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  type text NOT NULL,
  by text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX lead_activity_lead_idx ON lead_activity (lead_id, id);

-- Conversation logs, one row per message (the embedded store's log line). Read per conversation in
-- order; listed newest activity first; cleared by age.
CREATE TABLE conversation_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id text NOT NULL,
  at timestamptz NOT NULL,
  role text NOT NULL,
  text text NOT NULL
);
CREATE INDEX conversation_messages_client_idx ON conversation_messages (client_id, id);
-- Rows arrive in time order, so a BRIN index (a few pages for millions of rows) serves "older than N days".
CREATE INDEX conversation_messages_at_brin ON conversation_messages USING brin (at);

-- Reports are stored, not generated on demand: a report is that day as it was when made (made once, by
-- whichever instance claimed it), and any instance serves the same bytes. A day's workbook is small.
CREATE TABLE reports (
  filename text PRIMARY KEY,
  report_date date,
  content bytea NOT NULL,
  size integer NOT NULL,
  modified timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_modified_idx ON reports (modified);

-- The one calendar grant (Google's credentials and our invalid_grant note), shared by every instance.
CREATE TABLE google_tokens (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  tokens jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Webhook receivers configured by admins.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  events text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per event and endpoint; its id is the `webhook-id` header, the same on every retry. The queue
-- claims due rows with FOR UPDATE SKIP LOCKED, so each delivery is attempted by one instance at a time.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
-- The queue's "what is due": only pending rows, so delivered history never slows it.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- The admin's list of deliveries per endpoint, newest first.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);
