import { z } from "zod";

/** The roles of DOMAIN §1. A person may hold several. */
export const ROLES = [
  "resident",
  "grid_worker",
  "community_staff",
  "street_staff",
  "department",
  "unit_rep",
  "party_member",
  "volunteer",
  "leader",
  "admin",
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Permissions a route may require. Scope (which objects) is applied separately, in SQL. */
export const PERMISSIONS = [
  "areas.read",
  "areas.write",
  "registry.write",
  "people.read",
  "people.write",
  "pii.read",
  "accounts.manage",
  "apikeys.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do, before scope narrows it to objects. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  grid_worker: ["areas.read", "people.read", "people.write", "pii.read"],
  community_staff: ["areas.read", "registry.write", "people.read", "people.write", "pii.read"],
  street_staff: ["areas.read", "areas.write", "registry.write", "people.read", "people.write", "pii.read"],
  department: ["areas.read"],
  unit_rep: ["areas.read"],
  party_member: [],
  volunteer: [],
  leader: ["areas.read", "people.read", "audit.read"],
  admin: [...PERMISSIONS],
};

/** Union of the permissions of several roles. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

/** Roles whose accounts must be bound to an area (their scope is that subtree). */
export const AREA_BOUND_ROLES: readonly Role[] = ["grid_worker", "community_staff", "street_staff", "leader", "admin"];
