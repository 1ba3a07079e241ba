import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPartyOrg, buildUnit } from "../../test/factories.js";
import { type Agent, createTestContext, type TestContext } from "../../test/harness.js";
import {
  buildCommunityGrid,
  buildRegistryFixture,
  COMMUNITY,
  COMPOUND,
  FAR,
  loginAll,
  OTHER,
  STREET,
} from "../../test/registry-fixture.js";
import type { PartyOrgKind } from "../party-orgs/party-orgs.rules.js";
import { unitViolation } from "./units.service.js";

let t: TestContext;
let street: Agent;
let worker: Agent;
const org: Record<string, string> = {};
let gridId = "";
let otherUnitOrgUnit = "";

const insertOrg = (name: string, kind: PartyOrgKind, areaCode: string, unitId: string | null = null) =>
  buildPartyOrg(t.db, { name, kind, areaCode, unitId });

beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildRegistryFixture(db, { accounts: ["street", "worker"] });
      gridId = await buildCommunityGrid(db);
    },
  });
  org.joint = await insertOrg("青春山街道联合党委", "joint_committee", STREET);
  org.community = await insertOrg("神华康城社区党委", "community_committee", COMMUNITY);
  org.communityJoint = await insertOrg("社区联合党支部", "joint_committee", COMMUNITY);
  org.ownFree = await insertOrg("康城超市党支部", "unit_branch", COMPOUND);
  otherUnitOrgUnit = await buildUnit(t.db, { name: "别家公司", areaCode: COMPOUND, kind: "private" });
  org.otherUnits = await insertOrg("别家公司党支部", "unit_branch", COMPOUND, otherUnitOrgUnit);
  ({ street, worker } = await loginAll(t.app, "street", "worker"));
});
afterAll(() => t.close());

describe("unit rules", () => {
  const own = { kind: "unit_branch" as const, unitId: null };
  it.each([
    [
      "a government unit with its street relation",
      { kind: "government", streetRelation: "stationed", partyStatus: "none", partyOrg: null },
      null,
    ],
    [
      "a street relation on a shop",
      { kind: "shop", streetRelation: "paired", partyStatus: "none", partyOrg: null },
      "domain.street_relation_government_only",
    ],
    ["own with an organisation of its own", { kind: "private", streetRelation: null, partyStatus: "own", partyOrg: own }, null],
    ["own with no organisation", { kind: "private", streetRelation: null, partyStatus: "own", partyOrg: null }, "domain.party_status_org"],
    [
      "own with a joint organisation",
      { kind: "private", streetRelation: null, partyStatus: "own", partyOrg: { kind: "joint_committee", unitId: null } },
      "domain.party_status_org",
    ],
    [
      "own with another unit's organisation",
      { kind: "private", streetRelation: null, partyStatus: "own", partyOrg: { kind: "unit_branch", unitId: "u2" } },
      "domain.party_status_org",
    ],
    [
      "own with the organisation that names this unit",
      { kind: "private", streetRelation: null, partyStatus: "own", partyOrg: { kind: "unit_branch", unitId: "u1" } },
      null,
    ],
    [
      "joint with a regional joint organisation",
      { kind: "shop", streetRelation: null, partyStatus: "joint", partyOrg: { kind: "regional_joint", unitId: null } },
      null,
    ],
    ["joint with a unit branch", { kind: "shop", streetRelation: null, partyStatus: "joint", partyOrg: own }, "domain.party_status_org"],
    ["joint with nothing", { kind: "shop", streetRelation: null, partyStatus: "joint", partyOrg: null }, "domain.party_status_org"],
    ["none with an organisation", { kind: "shop", streetRelation: null, partyStatus: "none", partyOrg: own }, "domain.party_status_org"],
  ] as const)("%s", (_what, u, expected) => {
    expect(unitViolation({ id: "u1", ...u } as Parameters<typeof unitViolation>[0])?.code ?? null).toBe(expected);
  });
});

const ids: Record<string, string> = {};

describe("registering units", () => {
  it("registers units of each party status, with grid, credit code and address, audited", async () => {
    const shop = await worker.post("/api/v1/units", {
      name: "康城便利店",
      kind: "shop",
      areaCode: COMPOUND,
      gridId,
      address: "康城一期底商 3 号",
    });
    expect(shop.status).toBe(201);
    expect(shop.body).toMatchObject({
      partyStatus: "none",
      partyOrgId: null,
      gridId,
      gridName: "一网格",
      streetRelation: null,
      abilities: { update: true },
    });
    ids.shop = shop.body.id;
    const gov = await street.post("/api/v1/units", {
      name: "康巴什区供电所",
      kind: "government",
      streetRelation: "stationed",
      areaCode: STREET,
      employees: 40,
    });
    expect(gov.body).toMatchObject({ streetRelation: "stationed", employees: 40 });
    ids.gov = gov.body.id;
    const market = await worker.post("/api/v1/units", {
      name: "康城超市",
      kind: "private",
      areaCode: COMPOUND,
      partyStatus: "own",
      partyOrgId: org.ownFree,
      creditCode: "91150603MA0N000001",
    });
    expect(market.status).toBe(201);
    expect(market.body).toMatchObject({ partyStatus: "own", partyOrgId: org.ownFree, partyOrgName: "康城超市党支部" });
    ids.market = market.body.id;
    const joint = await worker.post("/api/v1/units", {
      name: "康城理发店",
      kind: "shop",
      areaCode: COMMUNITY,
      partyStatus: "joint",
      partyOrgId: org.communityJoint,
    });
    expect(joint.body).toMatchObject({ partyStatus: "joint", partyOrgName: "社区联合党支部" });
    ids.joint = joint.body.id;
    const audit = await t.db.query<{ after: any }>("SELECT after FROM audit_log WHERE action = 'unit.create' AND object_id = $1", [
      ids.shop,
    ]);
    expect(audit.rows[0]?.after.name).toBe("康城便利店");
  });

  it("refuses what breaks the rules, and writes nothing", async () => {
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM units")).rows[0]!.n;
    const cases: [Record<string, unknown>, string, number][] = [
      [{ kind: "private", streetRelation: "paired" }, "domain.street_relation_government_only", 422],
      [{ kind: "private", partyStatus: "own" }, "domain.party_status_org", 422],
      [{ kind: "private", partyStatus: "own", partyOrgId: org.communityJoint }, "domain.party_status_org", 422],
      [{ kind: "private", partyStatus: "own", partyOrgId: org.otherUnits }, "domain.party_status_org", 422],
      [{ kind: "shop", partyStatus: "joint", partyOrgId: org.community }, "domain.party_status_org", 422],
      [{ kind: "shop", partyStatus: "joint" }, "domain.party_status_org", 422],
      [{ kind: "shop", partyStatus: "none", partyOrgId: org.community }, "domain.party_status_org", 422],
      // The street's joint committee is outside a community worker's scope.
      [{ kind: "shop", partyStatus: "joint", partyOrgId: org.joint }, "domain.party_org_unknown", 422],
      [{ kind: "shop", areaCode: FAR }, "domain.area_outside_scope", 422],
      [{ kind: "shop", gridId: "00000000-0000-4000-8000-000000000000" }, "domain.grid_unknown", 422],
      [{ kind: "shop", creditCode: "91150603MA0N000001" }, "conflict.duplicate", 409],
    ];
    for (const [body, code, status] of cases) {
      const res = await worker.post("/api/v1/units", { name: "x", areaCode: COMMUNITY, ...body });
      expect(res.status, code).toBe(status);
      expect(res.body.code).toBe(code);
    }
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM units")).rows[0]!.n).toBe(before);
  });

  it("the street may point a shop at its joint committee", async () => {
    const res = await street.post("/api/v1/units", {
      name: "街角花店",
      kind: "shop",
      areaCode: OTHER,
      partyStatus: "joint",
      partyOrgId: org.joint,
    });
    expect(res.status).toBe(201);
    ids.flower = res.body.id;
  });
});

describe("changing units", () => {
  it("'own' without an organisation takes the one whose unit is this unit; 'none' clears it", async () => {
    expect((await worker.patch(`/api/v1/units/${ids.shop}`, { partyStatus: "own" })).body.code).toBe("domain.party_status_org");
    const branch = await insertOrg("康城便利店党支部", "unit_branch", COMPOUND, ids.shop);
    const own = await worker.patch(`/api/v1/units/${ids.shop}`, { partyStatus: "own" });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ partyStatus: "own", partyOrgId: branch });
    const none = await worker.patch(`/api/v1/units/${ids.shop}`, { partyStatus: "none" });
    expect(none.body).toMatchObject({ partyStatus: "none", partyOrgId: null });
  });

  it("a change that names no party status leaves it alone", async () => {
    const res = await worker.patch(`/api/v1/units/${ids.joint}`, { name: "康城美发店", employees: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "康城美发店", partyStatus: "joint", partyOrgId: org.communityJoint, employees: 3 });
    const audit = await t.db.query<{ before: any; after: any }>(
      "SELECT before, after FROM audit_log WHERE action = 'unit.update' AND object_id = $1",
      [ids.joint],
    );
    expect(audit.rows[0]?.before.name).toBe("康城理发店");
    expect(audit.rows[0]?.after.name).toBe("康城美发店");
  });

  it("a government unit changed to another kind must drop its street relation", async () => {
    expect((await street.patch(`/api/v1/units/${ids.gov}`, { kind: "soe" })).body.code).toBe("domain.street_relation_government_only");
    const ok = await street.patch(`/api/v1/units/${ids.gov}`, { kind: "soe", streetRelation: null });
    expect(ok.body).toMatchObject({ kind: "soe", streetRelation: null });
  });

  it("another community's worker gets 404; a unit's street relation needs the street", async () => {
    expect((await worker.get(`/api/v1/units/${ids.flower}`)).status).toBe(404);
    expect((await worker.patch(`/api/v1/units/${ids.flower}`, { name: "x" })).status).toBe(404);
    expect((await worker.get(`/api/v1/units/${ids.gov}`)).status).toBe(404);
  });
});

describe("listing units", () => {
  it("filters by area, kind, party status, grid, organisation, name and credit code within scope", async () => {
    const names = async (url: string) => (await worker.get(url)).body.items.map((u: { name: string }) => u.name).sort();
    expect(await names("/api/v1/units?pageSize=200")).toEqual(["别家公司", "康城便利店", "康城美发店", "康城超市"].sort());
    expect(await names(`/api/v1/units?areaCode=${COMPOUND}`)).toEqual(["别家公司", "康城便利店", "康城超市"].sort());
    expect(await names("/api/v1/units?kind=shop")).toEqual(["康城便利店", "康城美发店"].sort());
    expect(await names("/api/v1/units?partyStatus=own")).toEqual(["康城超市"]);
    expect(await names(`/api/v1/units?gridId=${gridId}`)).toEqual(["康城便利店"]);
    expect(await names(`/api/v1/units?partyOrgId=${org.communityJoint}`)).toEqual(["康城美发店"]);
    expect(await names("/api/v1/units?q=超市")).toEqual(["康城超市"]);
    expect(await names("/api/v1/units?q=91150603MA0N000001")).toEqual(["康城超市"]);
    const all = await street.get("/api/v1/units?pageSize=1");
    expect(all.body).toMatchObject({ total: 6, pageSize: 1 });
    expect(all.body.items).toHaveLength(1);
  });
});
