-- Version tokens of what each server process keeps in memory (see db/versioned.ts): the case categories, and the
-- signed-in sessions with their accounts. A trigger gives a token a fresh random value in every transaction that
-- changes what it stands for, so a process that sees the token it loaded at knows its copy is current; it checks
-- at most once a second, and drops its copy at once after a change it made itself.
CREATE TABLE cache_versions (
  name text PRIMARY KEY,
  token uuid NOT NULL DEFAULT gen_random_uuid(),
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO cache_versions (name) VALUES ('categories'), ('sessions');

CREATE FUNCTION cache_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_versions SET token = gen_random_uuid(), changed_at = now() WHERE name = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE TRIGGER case_categories_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_categories
  FOR EACH STATEMENT EXECUTE FUNCTION cache_version_bump('categories');

-- A session ends (logout, expiry, a password change ending the others) or changes; its use (last_seen_at) does
-- not count, nor do new sessions (a process never keeps a session it did not find).
CREATE TRIGGER sessions_version_bump AFTER DELETE OR TRUNCATE OR UPDATE OF account_id, csrf_token, expires_at ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION cache_version_bump('sessions');

-- What a session's actor is made of: the account's name, roles, place, status and password flag (not the counts
-- of failed logins).
CREATE TRIGGER accounts_version_bump AFTER DELETE OR TRUNCATE
  OR UPDATE OF username, display_name, roles, area_code, department_id, unit_id, status, must_change_password ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION cache_version_bump('sessions');
