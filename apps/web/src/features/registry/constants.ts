// Registry constants mirrored from @gongzhi/contracts (registry.ts) so the bundles do not pull in zod.
// The type assertions below break the build if the contracts change.
import type {
  AreaAttrs,
  AreaLevel,
  CommunityResources,
  CommunityWorkerInfo,
  Grid,
  PartyMemberInfo,
  PartyOrg,
  PersonRole,
  Unit,
} from "../../shared/types";

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertTrue = <T extends true>(value: T): T => value;

export const STREET_CATEGORIES = ["established", "banner_set", "reference", "central_town"] as const;
assertTrue<Exact<(typeof STREET_CATEGORIES)[number], NonNullable<AreaAttrs["streetCategory"]>>>(true);
export const COMMUNITY_LOCATIONS = ["urban_core", "urban_fringe", "town"] as const;
assertTrue<Exact<(typeof COMMUNITY_LOCATIONS)[number], NonNullable<AreaAttrs["communityLocation"]>>>(true);
export const COMMUNITY_POPULATIONS = ["large", "medium", "small"] as const;
assertTrue<Exact<(typeof COMMUNITY_POPULATIONS)[number], NonNullable<AreaAttrs["communityPopulation"]>>>(true);
export const COMMUNITY_SERVICE_MODES = ["residential", "mixed", "unit_based", "migrant"] as const;
assertTrue<Exact<(typeof COMMUNITY_SERVICE_MODES)[number], NonNullable<AreaAttrs["communityServiceMode"]>>>(true);
export const COMPOUND_SIZES = ["large", "medium", "small"] as const;
assertTrue<Exact<(typeof COMPOUND_SIZES)[number], NonNullable<AreaAttrs["compoundSize"]>>>(true);
export const COMPOUND_CLOSURES = ["closed", "semi_closed", "open"] as const;
assertTrue<Exact<(typeof COMPOUND_CLOSURES)[number], NonNullable<AreaAttrs["compoundClosure"]>>>(true);
export const PROPERTY_MANAGEMENT = ["professional", "self_managed", "none"] as const;
assertTrue<Exact<(typeof PROPERTY_MANAGEMENT)[number], NonNullable<AreaAttrs["propertyManagement"]>>>(true);
export const VENUE_OWNERSHIP = ["owned", "leased", "borrowed"] as const;
assertTrue<Exact<(typeof VENUE_OWNERSHIP)[number], CommunityResources["venueOwnership"]>>(true);

export type AttrKey = keyof Required<AreaAttrs>;

/** The levels of area each classification applies to; mirrors the server's rules (seed 002). */
export const ATTR_LEVELS: Record<AttrKey, readonly AreaLevel[]> = {
  streetCategory: ["street"],
  communityLocation: ["community"],
  communityPopulation: ["community"],
  communityServiceMode: ["community"],
  compoundSize: ["compound"],
  compoundClosure: ["compound"],
  propertyManagement: ["compound"],
  hasActivityVenue: ["compound"],
  households: ["compound", "building"],
  residents: ["compound", "building"],
  demonstration: ["street", "community", "compound"],
  demonstrationFunding: ["street", "community", "compound"],
};

/** The enumerated classifications and their values (labels: `registry.attrs.<key>.<value>`). */
export const ATTR_ENUMS = {
  streetCategory: STREET_CATEGORIES,
  communityLocation: COMMUNITY_LOCATIONS,
  communityPopulation: COMMUNITY_POPULATIONS,
  communityServiceMode: COMMUNITY_SERVICE_MODES,
  compoundSize: COMPOUND_SIZES,
  compoundClosure: COMPOUND_CLOSURES,
  propertyManagement: PROPERTY_MANAGEMENT,
} as const satisfies Partial<Record<AttrKey, readonly string[]>>;
export type EnumAttrKey = keyof typeof ATTR_ENUMS;

/** The classifications that apply to an area of this level, in display order. */
export function attrsFor(level: AreaLevel): AttrKey[] {
  return (Object.keys(ATTR_LEVELS) as AttrKey[]).filter((k) => ATTR_LEVELS[k].includes(level));
}

export const GRID_LEVELS = ["street", "community", "compound"] as const;
assertTrue<Exact<(typeof GRID_LEVELS)[number], Grid["level"]>>(true);

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
assertTrue<Exact<(typeof PARTY_ORG_KINDS)[number], PartyOrg["kind"]>>(true);
export const PARTY_ORG_BASES = ["geographic", "occupational", "interest"] as const;
assertTrue<Exact<(typeof PARTY_ORG_BASES)[number], NonNullable<PartyOrg["basis"]>>>(true);

export const UNIT_KINDS = ["resident_unit", "government", "soe", "university", "private", "social_org", "shop"] as const;
assertTrue<Exact<(typeof UNIT_KINDS)[number], Unit["kind"]>>(true);
export const STREET_RELATIONS = ["stationed", "paired", "business"] as const;
assertTrue<Exact<(typeof STREET_RELATIONS)[number], NonNullable<Unit["streetRelation"]>>>(true);
export const PARTY_STATUSES = ["own", "joint", "none"] as const;
assertTrue<Exact<(typeof PARTY_STATUSES)[number], Unit["partyStatus"]>>(true);

export const PERSON_ROLES = ["party_member", "community_worker", "grid_worker", "leader"] as const;
assertTrue<Exact<(typeof PERSON_ROLES)[number], PersonRole>>(true);
export const PARTY_MEMBER_CATEGORIES = ["in_service", "retired", "mobile"] as const;
assertTrue<Exact<(typeof PARTY_MEMBER_CATEGORIES)[number], PartyMemberInfo["category"]>>(true);
export const EDUCATION_LEVELS = ["junior_high", "high_school", "vocational", "college", "bachelor", "master"] as const;
assertTrue<Exact<(typeof EDUCATION_LEVELS)[number], CommunityWorkerInfo["education"]>>(true);
export const SOCIAL_WORK_CREDENTIALS = ["none", "assistant", "intermediate", "senior"] as const;
assertTrue<Exact<(typeof SOCIAL_WORK_CREDENTIALS)[number], CommunityWorkerInfo["socialWorkCredential"]>>(true);
export const WORKER_POSTS = ["secretary", "director", "deputy", "member"] as const;
assertTrue<Exact<(typeof WORKER_POSTS)[number], CommunityWorkerInfo["post"]>>(true);

/** Tag colours of the registry's enumerations. */
export const GRID_LEVEL_COLORS: Record<Grid["level"], string> = { street: "volcano", community: "blue", compound: "green" };
export const PARTY_STATUS_COLORS: Record<Unit["partyStatus"], string> = { own: "red", joint: "orange", none: "default" };
export const PERSON_ROLE_COLORS: Record<PersonRole, string> = {
  party_member: "red",
  community_worker: "blue",
  grid_worker: "green",
  leader: "purple",
};

/** The kinds of Excel import the server offers (template and upload paths). */
export const IMPORT_KINDS = ["areas", "grids", "units", "party-members", "community-workers"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
