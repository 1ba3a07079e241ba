// Constants mirrored from @gongzhi/contracts so the bundles do not pull in zod.
// The type assertions below break the build if the contracts change.
import type { AreaLevel, Gender, Permission, Role } from "./types";

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertTrue = <T extends true>(value: T): T => value;

/** All roles, in the order the console shows them. */
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
] as const satisfies readonly Role[];
assertTrue<Exact<(typeof ROLES)[number], Role>>(true);

/** When an actor holds several roles, the home page opens on the first of these they hold. */
export const ROLE_PRIORITY = [
  "admin",
  "leader",
  "street_staff",
  "community_staff",
  "grid_worker",
  "department",
  "unit_rep",
  "party_member",
  "volunteer",
  "resident",
] as const satisfies readonly Role[];
assertTrue<Exact<(typeof ROLE_PRIORITY)[number], Role>>(true);

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
  "cases.read",
  "cases.create",
  "cases.triage",
  "cases.import",
  "categories.manage",
  "calendar.manage",
  "routing.manage",
  "outbox.read",
  "whistles.blow",
  "whistles.read",
  "whistles.respond",
  "assessment.read",
  "assessment.manage",
  "volunteers.read",
  "volunteers.manage",
  "wishes.review",
  "wishes.claim",
  "points.manage",
] as const satisfies readonly Permission[];
assertTrue<Exact<(typeof PERMISSIONS)[number], Permission>>(true);

export const AREA_LEVELS = [
  "province",
  "city",
  "district",
  "street",
  "community",
  "compound",
  "building",
] as const satisfies readonly AreaLevel[];
assertTrue<Exact<(typeof AREA_LEVELS)[number], AreaLevel>>(true);

/** Roles whose accounts must be bound to an area (mirrors AREA_BOUND_ROLES). */
export const AREA_BOUND_ROLES: readonly Role[] = ["grid_worker", "community_staff", "street_staff", "leader", "admin"];

/** Roles that work in the staff console rather than only on the phone. */
export const STAFF_ROLES: readonly Role[] = ["grid_worker", "community_staff", "street_staff", "department", "unit_rep", "leader", "admin"];

export const GENDERS = ["male", "female", "unknown"] as const satisfies readonly Gender[];
assertTrue<Exact<(typeof GENDERS)[number], Gender>>(true);

/** The role an actor's home page opens on. */
export function primaryRole(roles: readonly Role[]): Role {
  return ROLE_PRIORITY.find((r) => roles.includes(r)) ?? "resident";
}

/** Whether an actor holds a permission. */
export function can(me: { permissions: readonly Permission[] } | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** Mainland resident ID check (17 digits and an ISO 7064 MOD 11-2 check character); mirrors the contracts. */
export function isValidIdNumber(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * (weights[i] as number);
  return "10X98765432"[sum % 11] === v[17];
}

/** Mobile or landline number, as the contracts accept it. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Password rule the server enforces: at least 10 characters with letters and digits. */
export function isStrongPassword(value: string): boolean {
  return value.length >= 10 && /[A-Za-z]/.test(value) && /\d/.test(value);
}

/** Area codes the contracts accept: 12, 15 or 18 digits. */
export const AREA_CODE_PATTERN = /^\d{12}(\d{3}){0,2}$/;
