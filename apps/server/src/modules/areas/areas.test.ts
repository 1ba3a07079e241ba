import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildPartyOrg, buildPerson, buildUnit, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import {
  BUILDING,
  buildCommunityGrid,
  buildRegistryFixture,
  COMMUNITY,
  COMPOUND,
  DISTRICT,
  OTHER,
  STREET,
} from "../../test/registry-fixture.js";
import { attrsViolation } from "./areas.rules.js";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      const { db } = deps;
      await buildRegistryFixture(db, {
        names: {
          [DISTRICT]: "康巴什区",
          [STREET]: "青春山街道",
          [COMMUNITY]: "神华康城社区",
          [OTHER]: "康城社区",
          [COMPOUND]: "康城一期",
          [BUILDING]: "1号楼",
        },
        accounts: ["street", "worker", "leader"],
      });
      await db.query("UPDATE areas SET lat = 39.6085, lng = 109.781 WHERE code = $1", [COMMUNITY]);
      // Another community's street staff: may change areas, but not this community.
      await buildAccount(db, { username: "neighbour", roles: ["street_staff"], areaCode: OTHER });

      // The registry of the community: people, a household, a grid, a unit, organisations, members, a worker.
      const household = (
        await db.query<{ id: string }>("INSERT INTO households (area_code, door) VALUES ($1, '1-101') RETURNING id", [BUILDING])
      ).rows[0]!.id;
      const a = await buildPerson(deps, { name: "甲", areaCode: BUILDING });
      await buildPerson(deps, { name: "乙", areaCode: COMPOUND });
      const c = await buildPerson(deps, { name: "丙", areaCode: COMMUNITY });
      const d = await buildPerson(deps, { name: "丁", areaCode: OTHER });
      await db.query("UPDATE people SET household_id = $1 WHERE id = $2", [household, a]);
      await buildCommunityGrid(db, c);
      await buildUnit(db, { name: "供电所", areaCode: COMPOUND, kind: "soe" });
      await buildUnit(db, { name: "超市", areaCode: OTHER, kind: "shop" });
      const org = await buildPartyOrg(db, { name: "社区党委", kind: "community_committee", areaCode: COMMUNITY });
      const otherOrg = await buildPartyOrg(db, { name: "康城党委", kind: "community_committee", areaCode: OTHER });
      // 甲 belongs to the community's organisation; 丁 belongs to the other community's but reported here (双报到).
      await db.query("INSERT INTO party_members (person_id, category, branch_id) VALUES ($1, 'retired', $2)", [a, org]);
      await db.query(
        "INSERT INTO party_members (person_id, category, branch_id, reported_community_code) VALUES ($1, 'in_service', $2, $3)",
        [d, otherOrg, COMMUNITY],
      );
      await db.query(
        "INSERT INTO community_workers (person_id, area_code, education, post, grade) VALUES ($1, $2, 'bachelor', 'secretary', 8)",
        [c, COMMUNITY],
      );
      await db.query(
        `INSERT INTO community_resources (area_code, year, staff_count, funds_service, funds_office, funds_activity, venue_area_m2)
         VALUES ($1, 2024, 9, 100000, 100000, 150000, 1600), ($1, 2025, 11, 120000, 100000, 150000, 1650.5)`,
        [COMMUNITY],
      );
    },
  });
});
afterAll(() => t.close());

describe("area detail", () => {
  it("shows ancestors, position, the latest 三有 and figures counted from the registry", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const res = await a.get(`/api/v1/areas/${COMMUNITY}/detail`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: COMMUNITY,
      name: "神华康城社区",
      level: "community",
      parentCode: STREET,
      lat: 39.6085,
      lng: 109.781,
    });
    expect(res.body.ancestors.map((x: { code: string }) => x.code)).toEqual(["150000000000", "150600000000", DISTRICT, STREET]);
    expect(res.body.resources).toEqual({
      year: 2025,
      staffCount: 11,
      fundsService: 120000,
      fundsOffice: 100000,
      fundsActivity: 150000,
      venueAreaM2: 1650.5,
      venueOwnership: "owned",
    });
    expect(res.body.figures).toEqual({
      children: 1,
      grids: 1,
      units: 1,
      partyOrgs: 1,
      // 甲 by branch, 丁 by reporting to the community
      partyMembers: 2,
      communityWorkers: 1,
      people: 3,
      households: 1,
    });
    expect(res.body.abilities).toEqual({ update: false });
  });

  it("counts a street's whole subtree, each party member once", async () => {
    const a = await loginAs(t.app, "street", TEST_PASSWORD);
    const res = await a.get(`/api/v1/areas/${STREET}/detail`);
    expect(res.body.figures).toEqual({
      children: 2,
      grids: 1,
      units: 2,
      partyOrgs: 2,
      partyMembers: 2,
      communityWorkers: 1,
      people: 4,
      households: 1,
    });
    expect(res.body.resources).toBeNull();
    expect(res.body.abilities).toEqual({ update: true });
  });

  it("answers 404 outside the actor's scope", async () => {
    const a = await loginAs(t.app, "neighbour", TEST_PASSWORD);
    expect((await a.get(`/api/v1/areas/${COMMUNITY}/detail`)).status).toBe(404);
    expect((await a.get(`/api/v1/areas/${COMMUNITY}/resources`)).status).toBe(404);
    expect((await a.patch(`/api/v1/areas/${COMMUNITY}`, { name: "改名" })).status).toBe(404);
  });
});

describe("classifications", () => {
  it("each classification applies to its own level only", () => {
    expect(attrsViolation("street", { streetCategory: "established", demonstration: true })).toBeNull();
    expect(attrsViolation("community", { streetCategory: "established" })).toEqual({
      code: "domain.attr_not_for_level",
      field: "attrs.streetCategory",
    });
    expect(attrsViolation("community", { communityLocation: "urban_core", communityPopulation: "large" })).toBeNull();
    expect(attrsViolation("street", { compoundClosure: "open" })?.field).toBe("attrs.compoundClosure");
    expect(
      attrsViolation("compound", { compoundClosure: "open", propertyManagement: "none", households: 300, hasActivityVenue: true }),
    ).toBeNull();
    expect(attrsViolation("building", { households: 24, residents: 70 })).toBeNull();
    expect(attrsViolation("building", { demonstration: true })?.field).toBe("attrs.demonstration");
    expect(attrsViolation("community", { demonstrationFunding: 50000 })?.code).toBe("domain.demonstration_funding");
    expect(attrsViolation("community", { demonstration: true, demonstrationFunding: 50000 })).toBeNull();
  });

  it("a street renames an area and sets its classifications, audited; a wrong level answers 422 and writes nothing", async () => {
    const a = await loginAs(t.app, "street", TEST_PASSWORD);
    const ok = await a.patch(`/api/v1/areas/${COMPOUND}`, {
      name: "康城一期小区",
      attrs: { compoundSize: "large", compoundClosure: "closed", propertyManagement: "professional", households: 420 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: "康城一期小区", attrs: { compoundSize: "large", households: 420 } });
    const street = await a.patch(`/api/v1/areas/${STREET}`, { attrs: { streetCategory: "established" } });
    expect(street.body.attrs).toEqual({ streetCategory: "established" });

    const bad = await a.patch(`/api/v1/areas/${COMMUNITY}`, { name: "不该改", attrs: { streetCategory: "reference" } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: "domain.attr_not_for_level", details: { field: "attrs.streetCategory", level: "community" } });
    const compoundOnStreet = await a.patch(`/api/v1/areas/${STREET}`, { attrs: { propertyManagement: "none" } });
    expect(compoundOnStreet.status).toBe(422);
    expect((await a.get(`/api/v1/areas/${COMMUNITY}/detail`)).body.name).toBe("神华康城社区");

    const audit = await t.db.query<{ before: any; after: any }>(
      "SELECT before, after FROM audit_log WHERE action = 'area.update' AND object_id = $1",
      [COMPOUND],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.before.name).toBe("康城一期");
    expect(audit.rows[0]!.after.attrs.compoundClosure).toBe("closed");
    // The list and read routes see the new name.
    expect((await a.get(`/api/v1/areas/${COMPOUND}`)).body.name).toBe("康城一期小区");
  });

  it("a community worker may not change areas (403)", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    expect((await a.patch(`/api/v1/areas/${COMMUNITY}`, { name: "x" })).status).toBe(403);
  });
});

describe("三有 by year", () => {
  const year2026 = {
    year: 2026,
    staffCount: 12,
    fundsService: 100000,
    fundsOffice: 100000,
    fundsActivity: 150000,
    venueAreaM2: 1800,
    venueOwnership: "leased",
  };

  it("a community worker records a year and reads the years back, the latest first", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const put = await a.request("PUT", `/api/v1/areas/${COMMUNITY}/resources`, year2026);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(year2026);
    const again = await a.request("PUT", `/api/v1/areas/${COMMUNITY}/resources`, { ...year2026, staffCount: 13 });
    expect(again.body.staffCount).toBe(13);
    const list = await a.get(`/api/v1/areas/${COMMUNITY}/resources`);
    expect(list.body.items.map((r: { year: number }) => r.year)).toEqual([2026, 2025, 2024]);
    expect((await a.get(`/api/v1/areas/${COMMUNITY}/detail`)).body.resources).toMatchObject({ year: 2026, staffCount: 13 });
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'area.resources.put' AND object_id = $1", [COMMUNITY]);
    expect(audit.rows).toHaveLength(2);
  });

  it("only communities hold 三有: 422 on other levels; PATCH also takes a year", async () => {
    const a = await loginAs(t.app, "street", TEST_PASSWORD);
    const onStreet = await a.request("PUT", `/api/v1/areas/${STREET}/resources`, year2026);
    expect(onStreet.status).toBe(422);
    expect(onStreet.body.code).toBe("domain.resources_community_only");
    expect((await a.patch(`/api/v1/areas/${COMPOUND}`, { resources: year2026 })).status).toBe(422);
    expect((await a.get(`/api/v1/areas/${STREET}/resources`)).body.items).toEqual([]);
    const patched = await a.patch(`/api/v1/areas/${COMMUNITY}`, { resources: { ...year2026, year: 2027, staffCount: 14 } });
    expect(patched.status).toBe(200);
    expect(patched.body.resources).toMatchObject({ year: 2027, staffCount: 14 });
  });

  it("refuses figures the database cannot hold", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const res = await a.request("PUT", `/api/v1/areas/${COMMUNITY}/resources`, { ...year2026, staffCount: 2 ** 31, fundsService: 1e300 });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(["body.fundsService", "body.staffCount"]);
  });
});
