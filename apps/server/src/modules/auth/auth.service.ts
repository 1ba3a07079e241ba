import type { Me } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { AccountRow, Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { DUMMY_HASH, hashPassword, isStrongPassword, verifyPassword } from "../../platform/passwords.js";
import { createSession, deleteAccountSessions } from "../../platform/sessions.js";

/** Failed attempts allowed before the account is locked; each further failure doubles the wait. */
export const LOCK_AFTER = 5;
const MAX_LOCK_MINUTES = 60;

/** Minutes an account stays locked after `failures` consecutive failed logins (0 when not locked). */
export function lockMinutes(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  return Math.min(2 ** (failures - LOCK_AFTER), MAX_LOCK_MINUTES);
}

type LoginRow = AccountRow & { password_hash: string; failed_logins: number; locked_until: Date | null };

/** Checks a username and password; on success starts a session. Failures count towards a lock-out. */
export async function login(
  q: Queryable,
  input: { username: string; password: string },
  opts: { ttlMs: number; ip: string | null; userAgent: string | null },
): Promise<{ account: AccountRow; token: string; csrf: string; expiresAt: Date }> {
  const { rows } = await q.query<LoginRow>(
    `SELECT id, username, display_name, roles, area_code, department_id, unit_id, status, must_change_password,
            password_hash, failed_logins, locked_until
       FROM accounts WHERE lower(username) = lower($1)`,
    [input.username],
  );
  const acc = rows[0];
  const ctx: AuditContext = { actorId: acc?.id ?? null, actorLabel: input.username.slice(0, 64), ip: opts.ip };
  if (!acc) {
    await verifyPassword(input.password, DUMMY_HASH);
    throw new AppError("auth.invalid_credentials");
  }
  if (acc.locked_until && acc.locked_until.getTime() > Date.now()) {
    throw new AppError("auth.locked", { retryAfterSeconds: Math.ceil((acc.locked_until.getTime() - Date.now()) / 1000) });
  }
  if (!(await verifyPassword(input.password, acc.password_hash))) {
    const failures = acc.failed_logins + 1;
    const minutes = lockMinutes(failures);
    await q.query(
      `UPDATE accounts SET failed_logins = $2,
              locked_until = CASE WHEN $3::int > 0 THEN now() + make_interval(mins => $3::int) ELSE locked_until END
        WHERE id = $1`,
      [acc.id, failures, minutes],
    );
    await writeAudit(q, ctx, {
      action: "auth.login_failed",
      objectType: "account",
      objectId: acc.id,
      areaCode: acc.area_code,
      after: { failures, lockedMinutes: minutes },
    });
    if (minutes > 0) throw new AppError("auth.locked", { retryAfterSeconds: minutes * 60 });
    throw new AppError("auth.invalid_credentials");
  }
  if (acc.status !== "active") throw new AppError("auth.account_disabled");
  await q.query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1", [acc.id]);
  const session = await createSession(q, acc.id, opts.ttlMs, { ip: opts.ip, userAgent: opts.userAgent });
  await writeAudit(q, ctx, { action: "auth.login", objectType: "account", objectId: acc.id, areaCode: acc.area_code });
  return { account: acc, ...session };
}

/** Changes the actor's password after checking the current one; other sessions of the account end. */
export async function changePassword(
  q: Queryable,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  ctx: AuditContext,
): Promise<void> {
  const { rows } = await q.query<{ password_hash: string; area_code: string | null }>(
    "SELECT password_hash, area_code FROM accounts WHERE id = $1",
    [actor.id],
  );
  const row = rows[0];
  if (!row || !(await verifyPassword(input.currentPassword, row.password_hash))) throw new AppError("auth.wrong_password");
  if (!isStrongPassword(input.newPassword)) throw new AppError("auth.weak_password");
  await q.query("UPDATE accounts SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1", [
    actor.id,
    await hashPassword(input.newPassword),
  ]);
  await deleteAccountSessions(q, actor.id, actor.sessionId ?? undefined);
  await writeAudit(q, ctx, { action: "auth.password_changed", objectType: "account", objectId: actor.id, areaCode: row.area_code });
}

/** The actor as the web app sees it: roles, permissions, scope and the CSRF token. */
export async function describeActor(q: Queryable, actor: Actor): Promise<Me> {
  if (actor.kind === "api_client") {
    return {
      id: actor.id,
      username: actor.label,
      displayName: actor.label,
      roles: [],
      permissions: [],
      scope: { kind: "self", areaCode: null, areaName: null, departmentId: null, unitId: null, label: actor.label },
      csrfToken: null,
      mustChangePassword: false,
    };
  }
  const { rows } = await q.query<{
    display_name: string;
    must_change_password: boolean;
    area_name: string | null;
    department_name: string | null;
    unit_name: string | null;
  }>(
    `SELECT a.display_name, a.must_change_password, ar.name AS area_name, d.name AS department_name, u.name AS unit_name
       FROM accounts a
       LEFT JOIN areas ar ON ar.code = a.area_code
       LEFT JOIN departments d ON d.id = a.department_id
       LEFT JOIN units u ON u.id = a.unit_id
      WHERE a.id = $1`,
    [actor.id],
  );
  const r = rows[0];
  const kind = actor.areaCode ? "area" : actor.departmentId ? "department" : actor.unitId ? "unit" : "self";
  return {
    id: actor.id,
    username: actor.label,
    displayName: r?.display_name ?? actor.label,
    roles: actor.roles,
    permissions: [...actor.permissions],
    scope: {
      kind,
      areaCode: actor.areaCode,
      areaName: r?.area_name ?? null,
      departmentId: actor.departmentId,
      unitId: actor.unitId,
      label: r?.area_name ?? r?.department_name ?? r?.unit_name ?? r?.display_name ?? actor.label,
    },
    csrfToken: actor.csrfToken,
    mustChangePassword: r?.must_change_password ?? false,
  };
}
