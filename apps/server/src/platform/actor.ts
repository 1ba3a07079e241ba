import { type Permission, permissionsOf, type Role, scopePrefix } from "@gongzhi/contracts";

/** Who is making a request: an account with roles and a scope, or a machine client holding an API key. */
export interface Actor {
  kind: "account" | "api_client";
  id: string;
  label: string;
  roles: Role[];
  permissions: Set<Permission>;
  /** The area whose subtree the actor may see, or null (department, unit, resident, API client). */
  areaCode: string | null;
  /** Significant prefix of areaCode: every object in scope has an area code that starts with it. */
  scopePrefix: string | null;
  departmentId: string | null;
  unitId: string | null;
  sessionId: string | null;
  csrfToken: string | null;
}

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  area_code: string | null;
  department_id: string | null;
  unit_id: string | null;
  status: "active" | "disabled";
  must_change_password: boolean;
}

/** Builds the actor of a logged-in account. */
export function actorFromAccount(a: AccountRow, session: { id: string; csrf: string } | null): Actor {
  return {
    kind: "account",
    id: a.id,
    label: a.username,
    roles: a.roles,
    permissions: new Set(permissionsOf(a.roles)),
    areaCode: a.area_code,
    scopePrefix: a.area_code ? scopePrefix(a.area_code) : null,
    departmentId: a.department_id,
    unitId: a.unit_id,
    sessionId: session?.id ?? null,
    csrfToken: session?.csrf ?? null,
  };
}

/** Whether the actor holds a permission (before scope). */
export function can(actor: Actor | null, permission: Permission): boolean {
  return !!actor && actor.permissions.has(permission);
}

/** Whether an object in area `code` lies inside the actor's area scope. */
export function inActorScope(actor: Actor, code: string | null): boolean {
  return !!actor.scopePrefix && !!code && code.startsWith(actor.scopePrefix);
}

/** Whether the actor holds a permission and the object in area `code` lies inside its area scope. */
export function canInScope(actor: Actor, permission: Permission, code: string | null): boolean {
  return actor.permissions.has(permission) && inActorScope(actor, code);
}

/**
 * The SQL condition that keeps rows whose `column` lies in the actor's area scope, and the parameter it
 * needs. Actors without an area scope see nothing through it.
 */
export function scopeSql(actor: Actor, column: string, paramIndex: number): { sql: string; param: string } {
  // Without an area scope nothing matches; the parameter is still referenced so its type is known.
  if (!actor.scopePrefix) return { sql: `(${column} LIKE $${paramIndex} AND false)`, param: "" };
  return { sql: `${column} LIKE $${paramIndex}`, param: `${actor.scopePrefix}%` };
}
