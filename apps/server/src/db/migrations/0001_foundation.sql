-- Foundation: areas, departments, units, accounts, sessions, API keys, audit log, people.

CREATE TABLE areas (
  code text PRIMARY KEY CHECK (code ~ '^\d{12}(\d{3}){0,2}$'),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province','city','district','street','community','compound','building')),
  parent_code text REFERENCES areas(code),
  -- significant digits of the code: every descendant's code starts with it
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX areas_parent_idx ON areas (parent_code);
CREATE INDEX areas_prefix_idx ON areas (prefix text_pattern_ops);

CREATE TABLE departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- the area whose government the department belongs to (a district's 城管局, say)
  area_code text NOT NULL REFERENCES areas(code),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  area_code text NOT NULL REFERENCES areas(code),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  area_code text REFERENCES areas(code),
  department_id uuid REFERENCES departments(id),
  unit_id uuid REFERENCES units(id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_username_idx ON accounts (lower(username));
CREATE INDEX accounts_area_idx ON accounts (area_code text_pattern_ops);

CREATE TABLE sessions (
  -- sha-256 of the cookie token; the token itself is never stored
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  -- the area the object belongs to; readers see entries in their scope
  area_code text,
  ip text,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_area_idx ON audit_log (area_code text_pattern_ops);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  gender text NOT NULL DEFAULT 'unknown' CHECK (gender IN ('male','female','unknown')),
  area_code text NOT NULL REFERENCES areas(code),
  -- personal data: AES-256-GCM ciphertext, and a keyed hash for exact look-up
  id_number_enc text,
  id_number_hash text,
  phone_enc text,
  phone_hash text,
  address_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_area_idx ON people (area_code text_pattern_ops);
CREATE UNIQUE INDEX people_id_number_idx ON people (id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX people_phone_idx ON people (phone_hash);
