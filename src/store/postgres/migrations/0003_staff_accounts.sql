-- Staff accounts (email + password sign-in, roles admin and agent), shared by every instance. Run by
-- src/infra/postgres.migrations.ts; never edit once applied (add the next file instead).
-- The email is stored lower-cased by the application; the unique index keeps one account per email even
-- when two instances create the same one at once. The password hash names its own parameters
-- (src/admin/password-hash.ts).
CREATE TABLE staff_accounts (
  id text PRIMARY KEY CHECK (id ~ '^[a-f0-9]{32}$'),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'agent')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  disabled_at timestamptz
);
