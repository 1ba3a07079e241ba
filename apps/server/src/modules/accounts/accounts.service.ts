import { AREA_BOUND_ROLES, type Role } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { hashPassword, isStrongPassword } from "../../platform/passwords.js";
import { deleteAccountSessions } from "../../platform/sessions.js";
import { type AccountRecord, findAccount } from "./accounts.repository.js";

interface Binding {
  roles: Role[];
  areaCode: string | null;
  departmentId: string | null;
  unitId: string | null;
}

/** Checks that an account's binding suits its roles and lies inside the actor's scope. */
async function checkBinding(q: Queryable, actor: Actor, b: Binding): Promise<void> {
  if (b.roles.some((r) => AREA_BOUND_ROLES.includes(r)) && !b.areaCode) {
    throw new AppError("domain.scope_required", { field: "areaCode" });
  }
  if (b.roles.includes("department") && !b.departmentId && !b.areaCode) {
    throw new AppError("domain.scope_required", { field: "departmentId" });
  }
  if (b.roles.includes("unit_rep") && !b.unitId && !b.areaCode) {
    throw new AppError("domain.scope_required", { field: "unitId" });
  }
  const homes: { area: string | null; field: string }[] = [{ area: b.areaCode, field: "areaCode" }];
  if (b.areaCode) {
    const found = await q.query("SELECT 1 FROM areas WHERE code = $1", [b.areaCode]);
    if (!found.rows.length) throw new AppError("domain.area_unknown", { field: "areaCode" });
  }
  if (b.departmentId) {
    const d = await q.query<{ area_code: string }>("SELECT area_code FROM departments WHERE id = $1", [b.departmentId]);
    if (!d.rows[0]) throw new AppError("domain.scope_outside", { field: "departmentId" });
    homes.push({ area: d.rows[0].area_code, field: "departmentId" });
  }
  if (b.unitId) {
    const u = await q.query<{ area_code: string }>("SELECT area_code FROM units WHERE id = $1", [b.unitId]);
    if (!u.rows[0]) throw new AppError("domain.scope_outside", { field: "unitId" });
    homes.push({ area: u.rows[0].area_code, field: "unitId" });
  }
  for (const h of homes) {
    if (h.area && !inActorScope(actor, h.area)) throw new AppError("domain.scope_outside", { field: h.field });
  }
}

/** Creates an account bound to an area, department or unit inside the actor's scope. */
export async function createAccount(
  q: Queryable,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    password: string;
    roles: Role[];
    areaCode?: string | null;
    departmentId?: string | null;
    unitId?: string | null;
  },
  ctx: AuditContext,
): Promise<AccountRecord> {
  const binding: Binding = {
    roles: [...new Set(input.roles)],
    areaCode: input.areaCode ?? null,
    departmentId: input.departmentId ?? null,
    unitId: input.unitId ?? null,
  };
  await checkBinding(q, actor, binding);
  if (!isStrongPassword(input.password)) throw new AppError("auth.weak_password", { field: "password" });
  const taken = await q.query("SELECT 1 FROM accounts WHERE lower(username) = lower($1)", [input.username]);
  if (taken.rows.length) throw new AppError("conflict.username_taken", { field: "username" });
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO accounts (username, display_name, password_hash, roles, area_code, department_id, unit_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, true) RETURNING id`,
    [
      input.username,
      input.displayName,
      await hashPassword(input.password),
      binding.roles,
      binding.areaCode,
      binding.departmentId,
      binding.unitId,
    ],
  );
  const id = rows[0]!.id;
  const created = (await findAccount(q, actor, id))!;
  await writeAudit(q, ctx, { action: "account.create", objectType: "account", objectId: id, areaCode: created.home_area, after: created });
  return created;
}

/** Changes an account's name, roles, binding or status. Disabling ends its sessions. */
export async function updateAccount(
  q: Queryable,
  actor: Actor,
  id: string,
  patch: Partial<Binding & { displayName: string; status: "active" | "disabled" }>,
  ctx: AuditContext,
): Promise<AccountRecord> {
  const before = await findAccount(q, actor, id);
  if (!before) throw notFound();
  if (patch.status === "disabled" && id === actor.id) throw new AppError("domain.cannot_disable_self");
  const next: Binding = {
    roles: patch.roles ? [...new Set(patch.roles)] : before.roles,
    areaCode: patch.areaCode !== undefined ? patch.areaCode : before.area_code,
    departmentId: patch.departmentId !== undefined ? patch.departmentId : before.department_id,
    unitId: patch.unitId !== undefined ? patch.unitId : before.unit_id,
  };
  await checkBinding(q, actor, next);
  await q.query(
    `UPDATE accounts SET display_name = $2, roles = $3, area_code = $4, department_id = $5, unit_id = $6, status = $7,
            updated_at = now() WHERE id = $1`,
    [
      id,
      patch.displayName ?? before.display_name,
      next.roles,
      next.areaCode,
      next.departmentId,
      next.unitId,
      patch.status ?? before.status,
    ],
  );
  if (patch.status === "disabled" || patch.roles || patch.areaCode !== undefined) await deleteAccountSessions(q, id);
  const after = (await findAccount(q, actor, id))!;
  await writeAudit(q, ctx, { action: "account.update", objectType: "account", objectId: id, areaCode: after.home_area, before, after });
  return after;
}

/** Sets a new password chosen by an administrator; the owner must change it at next login. */
export async function resetPassword(q: Queryable, actor: Actor, id: string, password: string, ctx: AuditContext): Promise<void> {
  const acc = await findAccount(q, actor, id);
  if (!acc) throw notFound();
  if (!isStrongPassword(password)) throw new AppError("auth.weak_password", { field: "password" });
  await q.query(
    "UPDATE accounts SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1",
    [id, await hashPassword(password)],
  );
  await deleteAccountSessions(q, id);
  await writeAudit(q, ctx, { action: "account.reset_password", objectType: "account", objectId: id, areaCode: acc.home_area });
}
