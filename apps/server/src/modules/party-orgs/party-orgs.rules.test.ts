import { PARTY_ORG_KINDS } from "@gongzhi/contracts";
import { describe, expect, it } from "vitest";
import { PARTY_ORG_RULES, type PartyOrgKind, partyOrgTreeViolation, type TreePlacement } from "./party-orgs.rules.js";

const STREET = "150603002000";
const COMMUNITY = "150603002002";
const OTHER_COMMUNITY = "150603002001";
const COMPOUND = "150603002002001";
const BUILDING = "150603002002001001";
const DISTRICT = "150603000000";

const parent = (kind: PartyOrgKind, areaCode: string) => ({ kind, areaCode });

/** [what, placement, expected violation] */
const CASES: [string, TreePlacement, string | null][] = [
  ["a street working committee stands alone", { kind: "working_committee", basis: null, areaCode: STREET, parent: null }, null],
  [
    "a working committee has no parent kind above it",
    { kind: "working_committee", basis: null, areaCode: STREET, parent: parent("working_committee", STREET) },
    "domain.party_org_parent_kind",
  ],
  [
    "a working committee sits at a street",
    { kind: "working_committee", basis: null, areaCode: COMMUNITY, parent: null },
    "domain.party_org_level",
  ],
  [
    "a community committee under its street's working committee",
    { kind: "community_committee", basis: null, areaCode: COMMUNITY, parent: parent("working_committee", STREET) },
    null,
  ],
  ["a community committee may stand alone", { kind: "community_committee", basis: null, areaCode: COMMUNITY, parent: null }, null],
  [
    "a community committee is not under another community's",
    { kind: "community_committee", basis: null, areaCode: COMMUNITY, parent: parent("community_committee", OTHER_COMMUNITY) },
    "domain.party_org_parent_kind",
  ],
  [
    "a compound branch under the community committee",
    { kind: "compound_branch", basis: null, areaCode: COMPOUND, parent: parent("community_committee", COMMUNITY) },
    null,
  ],
  [
    "a compound branch under a general branch",
    { kind: "compound_branch", basis: null, areaCode: COMPOUND, parent: parent("general_branch", COMMUNITY) },
    null,
  ],
  [
    "a compound branch needs a parent",
    { kind: "compound_branch", basis: null, areaCode: COMPOUND, parent: null },
    "domain.party_org_parent_required",
  ],
  [
    "a compound branch lies inside its parent's area",
    { kind: "compound_branch", basis: null, areaCode: COMPOUND, parent: parent("community_committee", OTHER_COMMUNITY) },
    "domain.party_org_outside_parent",
  ],
  [
    "a building group under a compound branch",
    { kind: "building_group", basis: null, areaCode: BUILDING, parent: parent("compound_branch", COMPOUND) },
    null,
  ],
  [
    "a building group under the community committee",
    { kind: "building_group", basis: null, areaCode: BUILDING, parent: parent("community_committee", COMMUNITY) },
    null,
  ],
  [
    "a building group is not directly under the street",
    { kind: "building_group", basis: null, areaCode: BUILDING, parent: parent("working_committee", STREET) },
    "domain.party_org_parent_kind",
  ],
  [
    "a building group is not under another building group",
    { kind: "building_group", basis: null, areaCode: BUILDING, parent: parent("building_group", BUILDING) },
    "domain.party_org_parent_kind",
  ],
  [
    "a building group does not sit at a street",
    { kind: "building_group", basis: null, areaCode: STREET, parent: parent("working_committee", STREET) },
    "domain.party_org_level",
  ],
  [
    "a featured branch names its basis",
    { kind: "featured_branch", basis: "interest", areaCode: COMMUNITY, parent: parent("community_committee", COMMUNITY) },
    null,
  ],
  [
    "a featured branch without a basis",
    { kind: "featured_branch", basis: null, areaCode: COMMUNITY, parent: parent("community_committee", COMMUNITY) },
    "domain.party_org_basis",
  ],
  [
    "a basis on any other kind",
    { kind: "compound_branch", basis: "geographic", areaCode: COMPOUND, parent: parent("community_committee", COMMUNITY) },
    "domain.party_org_basis",
  ],
  [
    "a featured branch under a regional joint organisation",
    { kind: "featured_branch", basis: "occupational", areaCode: COMMUNITY, parent: parent("regional_joint", STREET) },
    null,
  ],
  ["a regional joint organisation at a district", { kind: "regional_joint", basis: null, areaCode: DISTRICT, parent: null }, null],
  [
    "a joint committee under the street",
    { kind: "joint_committee", basis: null, areaCode: STREET, parent: parent("working_committee", STREET) },
    null,
  ],
  [
    "a unit branch under a joint committee",
    { kind: "unit_branch", basis: null, areaCode: COMPOUND, parent: parent("joint_committee", STREET) },
    null,
  ],
  [
    "a unit branch is not under a compound branch",
    { kind: "unit_branch", basis: null, areaCode: COMPOUND, parent: parent("compound_branch", COMPOUND) },
    "domain.party_org_parent_kind",
  ],
  [
    "a grid group under a compound branch",
    { kind: "grid_group", basis: null, areaCode: COMPOUND, parent: parent("compound_branch", COMPOUND) },
    null,
  ],
  [
    "a grid group needs a parent",
    { kind: "grid_group", basis: null, areaCode: COMMUNITY, parent: null },
    "domain.party_org_parent_required",
  ],
  [
    "a temporary branch in an emergency under the community",
    { kind: "temporary_branch", basis: null, areaCode: BUILDING, parent: parent("community_committee", COMMUNITY) },
    null,
  ],
  [
    "a mobile branch under the street",
    { kind: "mobile_branch", basis: null, areaCode: STREET, parent: parent("working_committee", STREET) },
    null,
  ],
  [
    "a mobile branch does not sit at a building",
    { kind: "mobile_branch", basis: null, areaCode: BUILDING, parent: parent("community_committee", COMMUNITY) },
    "domain.party_org_level",
  ],
];

describe("party organisation tree rules", () => {
  it.each(CASES)("%s", (_what, placement, expected) => {
    expect(partyOrgTreeViolation(placement)).toBe(expected);
  });

  it("cover every kind, and every kind has a valid placement", () => {
    expect(Object.keys(PARTY_ORG_RULES).sort()).toEqual([...PARTY_ORG_KINDS].sort());
    for (const kind of PARTY_ORG_KINDS) {
      const rule = PARTY_ORG_RULES[kind];
      expect(rule.levels.length, kind).toBeGreaterThan(0);
      expect(rule.root || rule.parents.length > 0, kind).toBe(true);
      // No kind may hold itself: the tree always steps down.
      expect(rule.parents, kind).not.toContain(kind);
    }
  });
});
