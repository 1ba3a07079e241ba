import { createHash, randomBytes } from "node:crypto";
import { type Db, prepared, type Queryable } from "../db/client.js";
import { versioned } from "../db/versioned.js";
import { type AccountRow, type Actor, actorFromAccount } from "./actor.js";

export const SESSION_COOKIE = "gz_session";

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

/** Starts a session; returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(
  q: Queryable,
  accountId: string,
  ttlMs: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrf: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrf = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMs);
  await q.query("INSERT INTO sessions (id, account_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)", [
    sha256(token),
    accountId,
    csrf,
    expiresAt,
    meta.ip,
    meta.userAgent?.slice(0, 300) ?? null,
  ]);
  return { token, csrf, expiresAt };
}

const SESSION_SQL = prepared(
  `SELECT a.id, a.username, a.display_name, a.roles, a.area_code, a.department_id, a.unit_id, a.status,
          a.must_change_password, s.csrf_token, s.last_seen_at, s.expires_at
     FROM sessions s JOIN accounts a ON a.id = s.account_id
    WHERE s.id = $1`,
);

/** Use of a session is written down at most this often. */
const LAST_SEEN_EVERY_MS = 60_000;

interface KeptSession {
  actor: Actor;
  expiresAt: number;
  /** the last use as written in the database */
  lastSeenAt: number;
}

/**
 * The sessions this process has resolved, by id, with their actors: a request does not ask the database who is
 * signed in. Dropped as a whole when the `sessions` token of cache_versions changes (a session ended or changed,
 * an account's roles, place or status changed: at most a second later in another process) and at once after such a
 * change by this process (`markSessionsChanged`).
 */
const keptSessions = versioned(
  "SELECT token::text AS token FROM cache_versions WHERE name = 'sessions'",
  async () => new Map<string, KeptSession>(),
);
const MAX_KEPT_SESSIONS = 100_000;

/** Call after a change to sessions or accounts (logout, password, roles, status) has committed. */
export function markSessionsChanged(db: Db): void {
  keptSessions.markChanged(db);
}

/**
 * Resolves a session cookie to its actor. A session ends at its absolute expiry or after `idleMs`
 * without use; an ended or unknown session resolves to null. Use is recorded at most once a minute.
 * A session this process keeps is answered from memory while it is neither expired nor idle by what is kept;
 * otherwise the database decides.
 */
export async function resolveSession(db: Db, token: string, idleMs: number): Promise<Actor | null> {
  const id = sha256(token);
  const kept = await keptSessions.get(db);
  const now = Date.now();
  const hit = kept.get(id);
  if (hit && hit.expiresAt > now && hit.lastSeenAt + idleMs > now) {
    if (now - hit.lastSeenAt > LAST_SEEN_EVERY_MS) {
      hit.lastSeenAt = now;
      await db.query("UPDATE sessions SET last_seen_at = now() WHERE id = $1", [id]);
    }
    return hit.actor;
  }
  kept.delete(id);
  const { rows } = await db.query<AccountRow & { csrf_token: string; last_seen_at: Date; expires_at: Date }>(SESSION_SQL, [id]);
  const row = rows[0];
  if (!row || row.status !== "active" || row.expires_at.getTime() <= now || row.last_seen_at.getTime() + idleMs <= now) {
    if (row) await db.query("DELETE FROM sessions WHERE id = $1", [id]);
    return null;
  }
  let lastSeenAt = row.last_seen_at.getTime();
  if (now - lastSeenAt > LAST_SEEN_EVERY_MS) {
    await db.query("UPDATE sessions SET last_seen_at = now() WHERE id = $1", [id]);
    lastSeenAt = now;
  }
  const actor = actorFromAccount(row, { id, csrf: row.csrf_token });
  kept.set(id, { actor, expiresAt: row.expires_at.getTime(), lastSeenAt });
  if (kept.size > MAX_KEPT_SESSIONS) kept.delete(kept.keys().next().value!);
  return actor;
}

/** Ends one session. */
export async function deleteSession(q: Queryable, sessionId: string): Promise<void> {
  await q.query("DELETE FROM sessions WHERE id = $1", [sessionId]);
}

/** Ends every session of an account except, optionally, one (after a password change, say). */
export async function deleteAccountSessions(q: Queryable, accountId: string, keep?: string): Promise<void> {
  await q.query("DELETE FROM sessions WHERE account_id = $1 AND id IS DISTINCT FROM $2", [accountId, keep ?? null]);
}

/** API keys: `gzk_` + 32 random bytes; stored as a hash with a short prefix for recognition. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `gzk_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 10), hash: sha256(key) };
}

/** Resolves an API key to a machine-client actor, or null when unknown or revoked. */
export async function resolveApiKey(q: Queryable, key: string): Promise<Actor | null> {
  const { rows } = await q.query<{ id: string; name: string; last_used_at: Date | null }>(
    "SELECT id, name, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [sha256(key)],
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await q.query("UPDATE api_keys SET last_used_at = now() WHERE id = $1", [row.id]);
  }
  return {
    kind: "api_client",
    id: row.id,
    label: `api:${row.name}`,
    roles: [],
    permissions: new Set(),
    areaCode: null,
    scopePrefix: null,
    departmentId: null,
    unitId: null,
    sessionId: null,
    csrfToken: null,
  };
}
