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
  // The 民情 loop: read the cases in scope, log cases taken by phone, visit or patrol, triage and merge them,
  // import batches; reference data of the loop (categories, the working calendar, the routing table).
  "cases.read",
  "cases.create",
  "cases.triage",
  "cases.import",
  "categories.manage",
  "calendar.manage",
  "routing.manage",
  // What the external channels (SMS, WeChat) sent or would send: administrators only.
  "outbox.read",
  // 吹哨报到: blow whistles and evaluate the summoned (street and community staff); see the whistle board;
  // answer a whistle as a summoned department or unit. 动态考核: read the assessment; set its weights.
  "whistles.blow",
  "whistles.read",
  "whistles.respond",
  "assessment.read",
  "assessment.manage",
  // Party members and volunteers (双报到, volunteers, activities, pairing): follow them in scope; manage them
  // (confirm report-ins, teams, activities, attendance and hours, pairs). Micro-wishes: review and publish
  // (staff), claim and fulfil (party members, volunteers, units). Contribution points: the branch's rules,
  // approvals and commendation candidates.
  "volunteers.read",
  "volunteers.manage",
  "wishes.review",
  "wishes.claim",
  "points.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do, before scope narrows it to objects. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  grid_worker: ["areas.read", "people.read", "people.write", "pii.read", "cases.read", "cases.create", "volunteers.read"],
  community_staff: [
    "areas.read",
    "registry.write",
    "people.read",
    "people.write",
    "pii.read",
    "cases.read",
    "cases.create",
    "cases.triage",
    "cases.import",
    "whistles.blow",
    "whistles.read",
    "assessment.read",
    "volunteers.read",
    "volunteers.manage",
    "wishes.review",
    "points.manage",
  ],
  street_staff: [
    "areas.read",
    "areas.write",
    "registry.write",
    "people.read",
    "people.write",
    "pii.read",
    "cases.read",
    "cases.create",
    "cases.triage",
    "cases.import",
    "routing.manage",
    "whistles.blow",
    "whistles.read",
    "assessment.read",
    "volunteers.read",
    "volunteers.manage",
    "wishes.review",
    "points.manage",
  ],
  department: ["areas.read", "cases.read", "whistles.read", "whistles.respond", "assessment.read"],
  unit_rep: ["areas.read", "cases.read", "whistles.read", "whistles.respond", "assessment.read", "wishes.claim"],
  party_member: ["wishes.claim"],
  volunteer: ["wishes.claim"],
  leader: ["areas.read", "people.read", "audit.read", "cases.read", "whistles.read", "assessment.read", "volunteers.read"],
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
