import type { Account, Role } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";

export interface AccountRecord {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  area_code: string | null;
  area_name: string | null;
  department_id: string | null;
  unit_id: string | null;
  status: "active" | "disabled";
  created_at: Date;
  /** The area the account belongs to for scoping: its own, its department's or its unit's. */
  home_area: string | null;
}

const SELECT = `
  SELECT a.id, a.username, a.display_name, a.roles, a.area_code, ar.name AS area_name, a.department_id, a.unit_id,
         a.status, a.created_at, COALESCE(a.area_code, d.area_code, u.area_code) AS home_area
    FROM accounts a
    LEFT JOIN areas ar ON ar.code = a.area_code
    LEFT JOIN departments d ON d.id = a.department_id
    LEFT JOIN units u ON u.id = a.unit_id`;

/**
 * The scope condition for accounts: bound (directly, or through a department or unit) inside the actor's
 * subtree; accounts bound nowhere (residents) are seen only by actors scoped to a whole city or more.
 */
function scopeWhere(actor: Actor, idx: number): { sql: string; params: unknown[] } {
  if (!actor.scopePrefix) return { sql: "false", params: [] };
  return {
    sql: `(COALESCE(a.area_code, d.area_code, u.area_code) LIKE $${idx} OR (COALESCE(a.area_code, d.area_code, u.area_code) IS NULL AND length($${idx + 1}) <= 4))`,
    params: [`${actor.scopePrefix}%`, actor.scopePrefix],
  };
}

/** Lists the accounts in the actor's scope, filtered by a search text and role. */
export async function listAccounts(
  q: Queryable,
  actor: Actor,
  f: { q?: string; role?: Role; page: number; pageSize: number },
): Promise<{ rows: AccountRecord[]; total: number }> {
  const scope = scopeWhere(actor, 1);
  const params: unknown[] = [...scope.params];
  const where = [scope.sql];
  if (f.q) {
    params.push(`%${f.q}%`);
    where.push(`(a.username ILIKE $${params.length} OR a.display_name ILIKE $${params.length})`);
  }
  if (f.role) {
    params.push(f.role);
    where.push(`$${params.length} = ANY(a.roles)`);
  }
  const base = `${SELECT} WHERE ${where.join(" AND ")}`;
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${base}) t`, params)).rows[0]?.n ?? 0;
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const { rows } = await q.query<AccountRecord>(`${base} ORDER BY a.username LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { rows, total };
}

/** One account, if it is in the actor's scope. */
export async function findAccount(q: Queryable, actor: Actor, id: string): Promise<AccountRecord | null> {
  const scope = scopeWhere(actor, 2);
  const { rows } = await q.query<AccountRecord>(`${SELECT} WHERE a.id = $1 AND ${scope.sql}`, [id, ...scope.params]);
  return rows[0] ?? null;
}

/** The API view of an account, with what the actor may do to it. */
export function toAccount(r: AccountRecord, actor: Actor): Account {
  const manage = actor.permissions.has("accounts.manage");
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    areaCode: r.area_code,
    areaName: r.area_name,
    departmentId: r.department_id,
    unitId: r.unit_id,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    abilities: { update: manage, resetPassword: manage, disable: manage && r.id !== actor.id },
  };
}
