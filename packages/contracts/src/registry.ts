import { z } from "zod";
import { areaCodeSchema, areaLevelSchema } from "./areas.js";

/** Street categories (seed 002): 建制街道 / 旗设街道 / 参照街道 / 城关中心镇. */
export const STREET_CATEGORIES = ["established", "banner_set", "reference", "central_town"] as const;
/** Community classification by location, service population and service mode (seed 002). */
export const COMMUNITY_LOCATIONS = ["urban_core", "urban_fringe", "town"] as const;
export const COMMUNITY_POPULATIONS = ["large", "medium", "small"] as const;
export const COMMUNITY_SERVICE_MODES = ["residential", "mixed", "unit_based", "migrant"] as const;
/** Compound classification by population size, closure and property management (seed 002). */
export const COMPOUND_SIZES = ["large", "medium", "small"] as const;
export const COMPOUND_CLOSURES = ["closed", "semi_closed", "open"] as const;
export const PROPERTY_MANAGEMENT = ["professional", "self_managed", "none"] as const;
export const VENUE_OWNERSHIP = ["owned", "leased", "borrowed"] as const;

/** Classifications kept on an area, by level; all optional. */
export const areaAttrsSchema = z
  .object({
    streetCategory: z.enum(STREET_CATEGORIES),
    communityLocation: z.enum(COMMUNITY_LOCATIONS),
    communityPopulation: z.enum(COMMUNITY_POPULATIONS),
    communityServiceMode: z.enum(COMMUNITY_SERVICE_MODES),
    compoundSize: z.enum(COMPOUND_SIZES),
    compoundClosure: z.enum(COMPOUND_CLOSURES),
    propertyManagement: z.enum(PROPERTY_MANAGEMENT),
    /** 示范点 and the funding it received (yuan). */
    demonstration: z.boolean(),
    demonstrationFunding: z.number().nonnegative(),
    /** households / residents living in a compound or building (as surveyed) */
    households: z.number().int().nonnegative(),
    residents: z.number().int().nonnegative(),
    /** a compound's activity venue */
    hasActivityVenue: z.boolean(),
  })
  .partial();
export type AreaAttrs = z.infer<typeof areaAttrsSchema>;

/** 三有 of a community for one year. */
export const communityResourcesSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  staffCount: z.number().int().nonnegative(),
  fundsService: z.number().nonnegative(),
  fundsOffice: z.number().nonnegative(),
  fundsActivity: z.number().nonnegative(),
  venueAreaM2: z.number().nonnegative(),
  venueOwnership: z.enum(VENUE_OWNERSHIP),
});
export type CommunityResources = z.infer<typeof communityResourcesSchema>;

/** An area with its classifications, figures and children counts (the detail page). */
export const areaDetailSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: areaLevelSchema,
  parentCode: z.string().nullable(),
  ancestors: z.array(z.object({ code: z.string(), name: z.string(), level: areaLevelSchema })),
  attrs: areaAttrsSchema,
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  resources: communityResourcesSchema.nullable(),
  figures: z.object({
    children: z.number().int(),
    grids: z.number().int(),
    units: z.number().int(),
    partyOrgs: z.number().int(),
    partyMembers: z.number().int(),
    communityWorkers: z.number().int(),
    people: z.number().int(),
    households: z.number().int(),
  }),
  abilities: z.object({ update: z.boolean() }),
});
export type AreaDetail = z.infer<typeof areaDetailSchema>;
export const areaUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  attrs: areaAttrsSchema.optional(),
  resources: communityResourcesSchema.optional(),
});

/** GeoJSON geometry of a grid: a Polygon or MultiPolygon, [lng, lat] positions. */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
export const gridGeometrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Polygon"), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
export type GridGeometry = z.infer<typeof gridGeometrySchema>;

export const GRID_LEVELS = ["street", "community", "compound"] as const;
export const gridLevelSchema = z.enum(GRID_LEVELS);

export const gridSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: gridLevelSchema,
  parentId: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  workerPersonId: z.string().nullable(),
  workerName: z.string().nullable(),
  partyGroupId: z.string().nullable(),
  partyGroupName: z.string().nullable(),
  childCount: z.number().int(),
  /** present on reads of one grid and with ?withGeometry=true */
  geometry: gridGeometrySchema.optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  abilities: z.object({ update: z.boolean() }),
});
export type Grid = z.infer<typeof gridSchema>;
export const gridCreateSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{4,40}$/),
  name: z.string().trim().min(1).max(100),
  level: gridLevelSchema,
  parentId: z.string().uuid().nullable().optional(),
  areaCode: areaCodeSchema,
  geometry: gridGeometrySchema,
  workerPersonId: z.string().uuid().nullable().optional(),
  partyGroupId: z.string().uuid().nullable().optional(),
});
export const gridUpdateSchema = gridCreateSchema.omit({ code: true, level: true }).partial();
export const gridLocateSchema = z.object({
  inside: z.boolean(),
  grid: z
    .object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      areaCode: z.string(),
      path: z.array(z.object({ id: z.string(), name: z.string(), level: gridLevelSchema })),
    })
    .nullable(),
});

/** Party organisation kinds: the small three levels and the rest of DOMAIN §2. */
export const PARTY_ORG_KINDS = [
  "working_committee",
  "community_committee",
  "general_branch",
  "compound_branch",
  "building_group",
  "joint_committee",
  "regional_joint",
  "featured_branch",
  "mobile_branch",
  "grid_group",
  "temporary_branch",
  "unit_branch",
] as const;
export const PARTY_ORG_BASES = ["geographic", "occupational", "interest"] as const;
export const partyOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PARTY_ORG_KINDS),
  basis: z.enum(PARTY_ORG_BASES).nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  gridId: z.string().nullable(),
  unitId: z.string().nullable(),
  secretaryPersonId: z.string().nullable(),
  secretaryName: z.string().nullable(),
  memberCount: z.number().int(),
  childCount: z.number().int(),
  establishedOn: z.string().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type PartyOrg = z.infer<typeof partyOrgSchema>;
export const partyOrgCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(PARTY_ORG_KINDS),
  basis: z.enum(PARTY_ORG_BASES).nullable().optional(),
  parentId: z.string().uuid().nullable().optional(),
  areaCode: areaCodeSchema,
  gridId: z.string().uuid().nullable().optional(),
  unitId: z.string().uuid().nullable().optional(),
  secretaryPersonId: z.string().uuid().nullable().optional(),
  establishedOn: z.iso.date().nullable().optional(),
});
export const partyOrgUpdateSchema = partyOrgCreateSchema.partial();

/** Unit kinds (DOMAIN §2) and party organisation status. */
export const UNIT_KINDS = ["resident_unit", "government", "soe", "university", "private", "social_org", "shop"] as const;
export const STREET_RELATIONS = ["stationed", "paired", "business"] as const;
export const PARTY_STATUSES = ["own", "joint", "none"] as const;
export const unitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  streetRelation: z.enum(STREET_RELATIONS).nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  partyStatus: z.enum(PARTY_STATUSES),
  partyOrgId: z.string().nullable(),
  partyOrgName: z.string().nullable(),
  creditCode: z.string().nullable(),
  address: z.string().nullable(),
  employees: z.number().int().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type Unit = z.infer<typeof unitSchema>;
export const unitCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(UNIT_KINDS),
  streetRelation: z.enum(STREET_RELATIONS).nullable().optional(),
  areaCode: areaCodeSchema,
  gridId: z.string().uuid().nullable().optional(),
  partyStatus: z.enum(PARTY_STATUSES).default("none"),
  partyOrgId: z.string().uuid().nullable().optional(),
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
    .nullable()
    .optional(),
  address: z.string().trim().max(200).nullable().optional(),
  employees: z.number().int().nonnegative().nullable().optional(),
});
/** An update names only what changes: no defaults, so an omitted party status is left as it is. */
export const unitUpdateSchema = unitCreateSchema.extend({ partyStatus: z.enum(PARTY_STATUSES) }).partial();

/** Coverage of party organisations (党组织覆盖率) by unit kind, computed from units. */
export const coverageRowSchema = z.object({
  kind: z.enum(UNIT_KINDS),
  units: z.number().int(),
  own: z.number().int(),
  joint: z.number().int(),
  none: z.number().int(),
  /** (own + joint) / units, 0..1; null when there are no units */
  rate: z.number().nullable(),
});
export const coverageSchema = z.object({
  areaCode: z.string(),
  areaName: z.string(),
  rows: z.array(coverageRowSchema),
  total: coverageRowSchema.omit({ kind: true }),
});

/** The roles a person holds besides being a resident. */
export const PARTY_MEMBER_CATEGORIES = ["in_service", "retired", "mobile"] as const;
export const EDUCATION_LEVELS = ["junior_high", "high_school", "vocational", "college", "bachelor", "master"] as const;
export const SOCIAL_WORK_CREDENTIALS = ["none", "assistant", "intermediate", "senior"] as const;
export const WORKER_POSTS = ["secretary", "director", "deputy", "member"] as const;
export const PERSON_ROLES = ["party_member", "community_worker", "grid_worker", "leader"] as const;

export const partyMemberInfoSchema = z.object({
  category: z.enum(PARTY_MEMBER_CATEGORIES),
  branchId: z.string().uuid().nullable(),
  branchName: z.string().nullable().optional(),
  joinedOn: z.iso.date().nullable(),
  workUnitId: z.string().uuid().nullable(),
  reportedCommunityCode: z.string().nullable(),
  reportedOn: z.iso.date().nullable(),
});
export const communityWorkerInfoSchema = z.object({
  areaCode: areaCodeSchema,
  education: z.enum(EDUCATION_LEVELS),
  socialWorkCredential: z.enum(SOCIAL_WORK_CREDENTIALS),
  post: z.enum(WORKER_POSTS),
  grade: z.number().int().min(1).max(18),
  startedOn: z.iso.date().nullable(),
});
export const leaderPairingSchema = z.object({
  areaCode: areaCodeSchema,
  areaName: z.string().nullable().optional(),
  title: z.string().trim().min(1).max(100),
  since: z.iso.date().nullable(),
});
