import { type AreaLevel, type ErrorCode, inScope, levelOfCode, type PARTY_ORG_BASES, type PARTY_ORG_KINDS } from "@gongzhi/contracts";

export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number];
export type PartyOrgBasis = (typeof PARTY_ORG_BASES)[number];

interface KindRule {
  /** the levels of area an organisation of this kind is set up at */
  levels: readonly AreaLevel[];
  /** the kinds its parent may have */
  parents: readonly PartyOrgKind[];
  /** whether it may stand without a parent (its parent lies above what the platform models) */
  root: boolean;
}

/**
 * How party organisations nest (DOMAIN §2): the street 党工委 over community 党委 / 党总支 over
 * compound 党支部 over building 党小组 (the small three levels), with joint, regional, featured, mobile,
 * grid and temporary organisations hanging from the street or community organisations.
 */
export const PARTY_ORG_RULES: Record<PartyOrgKind, KindRule> = {
  working_committee: { levels: ["street"], parents: [], root: true },
  community_committee: { levels: ["community"], parents: ["working_committee"], root: true },
  general_branch: { levels: ["community", "compound"], parents: ["working_committee", "community_committee"], root: true },
  compound_branch: { levels: ["community", "compound"], parents: ["community_committee", "general_branch"], root: false },
  building_group: {
    levels: ["community", "compound", "building"],
    parents: ["compound_branch", "community_committee", "general_branch"],
    root: false,
  },
  grid_group: {
    levels: ["street", "community", "compound"],
    parents: ["working_committee", "community_committee", "general_branch", "compound_branch"],
    root: false,
  },
  joint_committee: { levels: ["street", "community"], parents: ["working_committee", "community_committee"], root: true },
  regional_joint: { levels: ["district", "street", "community"], parents: ["working_committee", "community_committee"], root: true },
  featured_branch: {
    levels: ["street", "community", "compound"],
    parents: ["working_committee", "community_committee", "general_branch", "joint_committee", "regional_joint"],
    root: false,
  },
  mobile_branch: { levels: ["street", "community"], parents: ["working_committee", "community_committee", "general_branch"], root: false },
  temporary_branch: {
    levels: ["street", "community", "compound", "building"],
    parents: ["working_committee", "community_committee", "general_branch", "compound_branch", "joint_committee", "regional_joint"],
    root: false,
  },
  unit_branch: {
    levels: ["district", "street", "community", "compound", "building"],
    parents: ["working_committee", "community_committee", "general_branch", "joint_committee", "regional_joint"],
    root: true,
  },
};

/** The kinds a unit's party status 'joint' may point to. */
export const JOINT_KINDS: readonly PartyOrgKind[] = ["joint_committee", "regional_joint"];

export interface TreePlacement {
  kind: PartyOrgKind;
  basis: PartyOrgBasis | null;
  areaCode: string;
  parent: { kind: PartyOrgKind; areaCode: string } | null;
}

/**
 * The first rule an organisation's placement in the tree breaks, or null: a featured branch names its
 * basis and no other kind does; the kind suits the area's level; the parent's kind may hold this kind
 * (or the kind may stand alone); the organisation lies inside its parent's area.
 */
export function partyOrgTreeViolation(o: TreePlacement): ErrorCode | null {
  if ((o.kind === "featured_branch") !== (o.basis !== null)) return "domain.party_org_basis";
  if (!PARTY_ORG_RULES[o.kind].levels.includes(levelOfCode(o.areaCode))) return "domain.party_org_level";
  return parentViolation(o.kind, o.areaCode, o.parent);
}

/** The rule an organisation of `kind` in `areaCode` breaks by standing under `parent` (or alone), or null. */
export function parentViolation(kind: PartyOrgKind, areaCode: string, parent: TreePlacement["parent"]): ErrorCode | null {
  const rule = PARTY_ORG_RULES[kind];
  if (!parent) return rule.root ? null : "domain.party_org_parent_required";
  if (!rule.parents.includes(parent.kind)) return "domain.party_org_parent_kind";
  if (!inScope(parent.areaCode, areaCode)) return "domain.party_org_outside_parent";
  return null;
}
