-- What the stores beside the leads need to be shared by every instance: conversation summaries, the
-- visitors' meeting links, and settings generated once for all instances. Run by
-- src/infra/postgres.migrations.ts; never edit once applied (add the next file instead).

-- One row per conversation, kept by the statement that appends its messages (one INSERT per chat turn):
-- the logs' list (newest activity first), the stats' "conversations begun" and clearing by age read these
-- rows instead of grouping every message.
CREATE TABLE conversations (
  client_id text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  messages integer NOT NULL,
  -- Bytes of the log's text as served (its rendered lines), the list's `size`.
  bytes bigint NOT NULL
);
CREATE INDEX conversations_last_message_idx ON conversations (last_message_at);

-- A transcript is read in time order, then insertion order (a turn's two messages share their time): the
-- index serves that order directly, and replaces 0001's (client_id, id) one.
CREATE INDEX conversation_messages_client_at_idx ON conversation_messages (client_id, at, id);
DROP INDEX conversation_messages_client_idx;

-- A visitor's meeting link (PUBLIC_URL/meetings/<token>): only the token's SHA-256 is kept, naming the
-- lead. No foreign key to leads: a link to a lead deleted since finds a lead that is gone, which the
-- meeting page already answers as "no such meeting".
CREATE TABLE meeting_links (
  hash text PRIMARY KEY CHECK (hash ~ '^[a-f0-9]{64}$'),
  lead_id text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX meeting_links_lead_idx ON meeting_links (lead_id);

-- Values the first instance generates and every other one adopts (the admin API key when ADMIN_API_KEY is
-- unset): the first INSERT wins, the others read it.
CREATE TABLE app_settings (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
