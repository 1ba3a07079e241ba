import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPerson, buildUnit, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import {
  BUILDING,
  buildCommunityGrid,
  buildRegistryFixture,
  COMMUNITY,
  COMPOUND,
  FAR,
  loginAll,
  OTHER,
  STREET,
} from "../../test/registry-fixture.js";

let t: TestContext;
let secretary = "";
let farPerson = "";
let gridId = "";
let unitId = "";
let farUnit = "";
let street: Agent;
let worker: Agent;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      const { db } = deps;
      await buildRegistryFixture(db, { accounts: ["street", "worker", "leader"] });
      secretary = await buildPerson(deps, { name: "王书记", areaCode: COMMUNITY });
      farPerson = await buildPerson(deps, { name: "远方", areaCode: FAR });
      gridId = await buildCommunityGrid(db);
      unitId = await buildUnit(db, { name: "物业公司", areaCode: COMPOUND, kind: "private" });
      farUnit = await buildUnit(db, { name: "远方公司", areaCode: FAR, kind: "private" });
    },
  });
  ({ street, worker } = await loginAll(t.app, "street", "worker"));
});
afterAll(() => t.close());

const ids: Record<string, string> = {};

describe("party organisation tree", () => {
  it("a street registers its working committee and its communities' committees under it", async () => {
    const wc = await street.post("/api/v1/party-orgs", {
      name: "青春山街道党工委",
      kind: "working_committee",
      areaCode: STREET,
      establishedOn: "2015-07-01",
    });
    expect(wc.status).toBe(201);
    expect(wc.body).toMatchObject({
      kind: "working_committee",
      parentId: null,
      establishedOn: "2015-07-01",
      memberCount: 0,
      abilities: { update: true },
    });
    ids.wc = wc.body.id;
    const other = await street.post("/api/v1/party-orgs", {
      name: "康城社区党委",
      kind: "community_committee",
      areaCode: OTHER,
      parentId: ids.wc,
    });
    expect(other.status).toBe(201);
    expect(other.body.parentName).toBe("青春山街道党工委");
    ids.other = other.body.id;
  });

  it("a parent must be in the actor's scope: a community worker cannot hang an organisation under the street's", async () => {
    const res = await worker.post("/api/v1/party-orgs", {
      name: "神华康城社区党委",
      kind: "community_committee",
      areaCode: COMMUNITY,
      parentId: ids.wc,
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "domain.party_org_unknown", details: { field: "parentId" } });
    const alone = await worker.post("/api/v1/party-orgs", { name: "神华康城社区党委", kind: "community_committee", areaCode: COMMUNITY });
    expect(alone.status).toBe(201);
    ids.cc = alone.body.id;
  });

  it("a compound branch under the community committee names its secretary, grid and unit in scope", async () => {
    const res = await worker.post("/api/v1/party-orgs", {
      name: "康城一期党支部",
      kind: "compound_branch",
      areaCode: COMPOUND,
      parentId: ids.cc,
      secretaryPersonId: secretary,
      gridId,
      unitId,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ parentName: "神华康城社区党委", secretaryName: "王书记", gridId, unitId, areaCode: COMPOUND });
    ids.cb = res.body.id;
    const audit = await t.db.query<{ after: any }>("SELECT after FROM audit_log WHERE action = 'party_org.create' AND object_id = $1", [
      ids.cb,
    ]);
    expect(audit.rows[0]?.after.name).toBe("康城一期党支部");
  });

  it("refuses what breaks the tree rules, and writes nothing", async () => {
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM party_orgs")).rows[0]!.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", kind: "compound_branch", areaCode: COMPOUND }, "domain.party_org_parent_required"],
      [{ name: "x", kind: "featured_branch", areaCode: COMMUNITY, parentId: ids.cc }, "domain.party_org_basis"],
      [{ name: "x", kind: "compound_branch", basis: "interest", areaCode: COMPOUND, parentId: ids.cc }, "domain.party_org_basis"],
      [{ name: "x", kind: "building_group", areaCode: BUILDING, parentId: ids.wc }, "domain.party_org_parent_kind"],
      [{ name: "x", kind: "working_committee", areaCode: COMMUNITY }, "domain.party_org_level"],
      [{ name: "x", kind: "compound_branch", areaCode: COMPOUND, parentId: ids.other }, "domain.party_org_outside_parent"],
      [{ name: "x", kind: "community_committee", areaCode: FAR }, "domain.area_outside_scope"],
    ];
    for (const [body, code] of cases) {
      const res = await street.post("/api/v1/party-orgs", body);
      expect(res.status, code).toBe(422);
      expect(res.body.code).toBe(code);
    }
    const outsiders: [Record<string, unknown>, string][] = [
      [{ secretaryPersonId: farPerson }, "domain.person_unknown"],
      [{ unitId: farUnit }, "domain.unit_unknown"],
      [{ gridId: "00000000-0000-4000-8000-000000000000" }, "domain.grid_unknown"],
    ];
    for (const [extra, code] of outsiders) {
      const res = await worker.post("/api/v1/party-orgs", {
        name: "x",
        kind: "building_group",
        areaCode: BUILDING,
        parentId: ids.cb,
        ...extra,
      });
      expect(res.body.code).toBe(code);
    }
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM party_orgs")).rows[0]!.n).toBe(before);
  });

  it("a featured branch with its basis, and a building group under the compound branch", async () => {
    const fb = await worker.post("/api/v1/party-orgs", {
      name: "书画爱好者党支部",
      kind: "featured_branch",
      basis: "interest",
      areaCode: COMMUNITY,
      parentId: ids.cc,
    });
    expect(fb.status).toBe(201);
    expect(fb.body.basis).toBe("interest");
    const bg = await worker.post("/api/v1/party-orgs", {
      name: "1号楼党小组",
      kind: "building_group",
      areaCode: BUILDING,
      parentId: ids.cb,
    });
    expect(bg.status).toBe(201);
    ids.bg = bg.body.id;
  });
});

describe("reading organisations", () => {
  it("counts members (party members whose branch it is) and sub-organisations", async () => {
    for (const name of ["党员甲", "党员乙"]) {
      const p = await buildPerson(t.deps, { name, areaCode: BUILDING });
      await t.db.query("INSERT INTO party_members (person_id, category, branch_id) VALUES ($1, 'retired', $2)", [p, ids.cb]);
    }
    const cb = await worker.get(`/api/v1/party-orgs/${ids.cb}`);
    expect(cb.body).toMatchObject({ memberCount: 2, childCount: 1 });
    expect((await worker.get(`/api/v1/party-orgs/${ids.cc}`)).body).toMatchObject({ memberCount: 0, childCount: 2 });
  });

  it("lists by area subtree, kind, parent and name, within scope only", async () => {
    // Names sort by the database's collation; compare them as sets.
    const names = async (url: string) => (await worker.get(url)).body.items.map((o: { name: string }) => o.name).sort();
    expect(await names("/api/v1/party-orgs?pageSize=200")).toEqual(
      ["1号楼党小组", "书画爱好者党支部", "康城一期党支部", "神华康城社区党委"].sort(),
    );
    expect(await names(`/api/v1/party-orgs?areaCode=${COMPOUND}`)).toEqual(["1号楼党小组", "康城一期党支部"].sort());
    expect(await names("/api/v1/party-orgs?kind=featured_branch")).toEqual(["书画爱好者党支部"]);
    expect(await names(`/api/v1/party-orgs?parentId=${ids.cc}`)).toEqual(["书画爱好者党支部", "康城一期党支部"].sort());
    expect(await names("/api/v1/party-orgs?q=楼")).toEqual(["1号楼党小组"]);
    const page = await worker.get("/api/v1/party-orgs?pageSize=2&page=2");
    expect(page.body).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    expect((await street.get("/api/v1/party-orgs?pageSize=200")).body.total).toBe(6);
  });

  it("answers 404 outside the scope, for reads and writes", async () => {
    expect((await worker.get(`/api/v1/party-orgs/${ids.other}`)).status).toBe(404);
    expect((await worker.patch(`/api/v1/party-orgs/${ids.other}`, { name: "x" })).status).toBe(404);
  });

  it("a leader reads but may not write (403)", async () => {
    const leader = await loginAs(t.app, "leader", TEST_PASSWORD);
    const one = await leader.get(`/api/v1/party-orgs/${ids.cb}`);
    expect(one.body.abilities.update).toBe(false);
    expect((await leader.post("/api/v1/party-orgs", { name: "x", kind: "working_committee", areaCode: STREET })).status).toBe(403);
  });
});

describe("changing organisations", () => {
  it("the street places the community committee under its working committee; the worker still edits it", async () => {
    const moved = await street.patch(`/api/v1/party-orgs/${ids.cc}`, { parentId: ids.wc });
    expect(moved.status).toBe(200);
    expect(moved.body.parentName).toBe("青春山街道党工委");
    // The worker's change of kind is checked against the parent it already has, above the worker's scope.
    const changed = await worker.patch(`/api/v1/party-orgs/${ids.cc}`, { name: "神华康城社区党总支", kind: "general_branch" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ kind: "general_branch", parentId: ids.wc });
    const audit = await t.db.query<{ before: any; after: any }>(
      "SELECT before, after FROM audit_log WHERE action = 'party_org.update' AND object_id = $1 ORDER BY id",
      [ids.cc],
    );
    expect(audit.rows.map((r) => r.after.kind)).toEqual(["community_committee", "general_branch"]);
  });

  it("refuses a cycle, and a change its sub-organisations would not fit", async () => {
    const cycle = await worker.patch(`/api/v1/party-orgs/${ids.cc}`, { parentId: ids.bg });
    expect(cycle.status).toBe(422);
    expect(cycle.body.code).toBe("domain.party_org_cycle");
    const self = await worker.patch(`/api/v1/party-orgs/${ids.cb}`, { parentId: ids.cb });
    expect(self.body.code).toBe("domain.party_org_cycle");
    const children = await worker.patch(`/api/v1/party-orgs/${ids.cb}`, { kind: "temporary_branch" });
    expect(children.status).toBe(422);
    expect(children.body).toMatchObject({ code: "domain.party_org_children", details: { childId: ids.bg } });
    const basis = await worker.patch(`/api/v1/party-orgs/${ids.cb}`, { kind: "featured_branch" });
    expect(basis.body.code).toBe("domain.party_org_basis");
    expect((await worker.get(`/api/v1/party-orgs/${ids.cb}`)).body.kind).toBe("compound_branch");
  });

  it("a change of secretary must name a person in scope", async () => {
    expect((await worker.patch(`/api/v1/party-orgs/${ids.cb}`, { secretaryPersonId: farPerson })).body.code).toBe("domain.person_unknown");
    const cleared = await worker.patch(`/api/v1/party-orgs/${ids.cb}`, { secretaryPersonId: null, establishedOn: "2019-03-01" });
    expect(cleared.body).toMatchObject({ secretaryPersonId: null, secretaryName: null, establishedOn: "2019-03-01" });
  });
});
