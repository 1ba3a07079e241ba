import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPartyOrg, buildPerson, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
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

const PHONE = "13812345678";

let t: TestContext;
let zhang = "";
let li = "";
let wang = "";
let orgHere = "";
let orgThere = "";
let gridId = "";
let householdId = "";
let worker: Agent;
let street: Agent;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      const { db } = deps;
      await buildRegistryFixture(db, { accounts: ["worker", "street", "grid", "neighbour"] });
      zhang = await buildPerson(deps, { name: "张建军", areaCode: COMMUNITY, phone: PHONE });
      li = await buildPerson(deps, { name: "李秀英", areaCode: COMPOUND });
      wang = await buildPerson(deps, { name: "王强", areaCode: OTHER });
      orgHere = await buildPartyOrg(db, { name: "神华康城社区党委", kind: "community_committee", areaCode: COMMUNITY });
      orgThere = await buildPartyOrg(db, { name: "康城社区党委", kind: "community_committee", areaCode: OTHER });
      gridId = await buildCommunityGrid(db, zhang);
      householdId = (
        await db.query<{ id: string }>(
          "INSERT INTO households (area_code, grid_id, door, address_enc) VALUES ($1, $2, '3-2-501', $3) RETURNING id",
          [COMPOUND, gridId, deps.vault.encrypt("康和路8号3号楼2单元501室")],
        )
      ).rows[0]!.id;
      await db.query("INSERT INTO households (area_code, door) VALUES ($1, '1-101')", [OTHER]);
      await db.query("UPDATE people SET household_id = $1, birth_year = 1956, resident_type = 'migrant' WHERE id = $2", [householdId, li]);
    },
  });
  ({ worker, street } = await loginAll(t.app, "worker", "street"));
});
afterAll(() => t.close());

const put = (a: Agent, url: string, body: unknown) => a.request("PUT", url, body);

describe("a person's roles", () => {
  it("records party membership with branch and 双报到 community, audited; the person stays one record", async () => {
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]!.n;
    const res = await put(worker, `/api/v1/people/${zhang}/party-member`, {
      category: "in_service",
      branchId: orgHere,
      joinedOn: "2001-07-01",
      reportedCommunityCode: COMMUNITY,
      reportedOn: "2018-03-15",
    });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(["party_member", "grid_worker"]);
    expect(res.body.partyMember).toEqual({
      category: "in_service",
      branchId: orgHere,
      branchName: "神华康城社区党委",
      joinedOn: "2001-07-01",
      workUnitId: null,
      reportedCommunityCode: COMMUNITY,
      reportedOn: "2018-03-15",
    });
    expect(res.body.phone).toBe("138****5678");
    const audit = await t.db.query<{ after: any }>(
      "SELECT after FROM audit_log WHERE action = 'person.party_member.put' AND object_id = $1",
      [zhang],
    );
    expect(audit.rows[0]?.after).toMatchObject({ category: "in_service", branchId: orgHere });
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]!.n).toBe(before);
  });

  it("records community work and leader pairings; the read of one person shows every role", async () => {
    const cw = await put(worker, `/api/v1/people/${zhang}/community-worker`, {
      areaCode: COMMUNITY,
      education: "bachelor",
      socialWorkCredential: "intermediate",
      post: "secretary",
      grade: 7,
    });
    expect(cw.status).toBe(200);
    expect(cw.body.communityWorker).toEqual({
      areaCode: COMMUNITY,
      education: "bachelor",
      socialWorkCredential: "intermediate",
      post: "secretary",
      grade: 7,
      startedOn: null,
    });
    const lp = await put(street, `/api/v1/people/${zhang}/leader-pairings`, {
      items: [
        { areaCode: OTHER, title: "联系领导", since: "2024-01-01" },
        { areaCode: COMMUNITY, title: "包联领导" },
      ],
    });
    expect(lp.status).toBe(200);
    expect(lp.body.leaderPairings).toEqual([
      { areaCode: OTHER, areaName: `区域${OTHER}`, title: "联系领导", since: "2024-01-01" },
      { areaCode: COMMUNITY, areaName: `区域${COMMUNITY}`, title: "包联领导", since: null },
    ]);
    const one = await worker.get(`/api/v1/people/${zhang}`);
    expect(one.body.roles).toEqual(["party_member", "community_worker", "grid_worker", "leader"]);
    expect(one.body.gridIds).toEqual([gridId]);
    expect(one.body.partyMember.category).toBe("in_service");
    expect(one.body.communityWorker.post).toBe("secretary");
    expect(one.body.leaderPairings).toHaveLength(2);
    expect(one.body.abilities).toEqual({ update: true, revealPersonalData: true, updateRoles: true });
    expect(JSON.stringify(one.body)).not.toContain(PHONE);
  });

  it("a community worker replaces only the pairings inside its scope", async () => {
    const res = await put(worker, `/api/v1/people/${zhang}/leader-pairings`, { items: [] });
    expect(res.body.leaderPairings.map((p: { areaCode: string }) => p.areaCode)).toEqual([OTHER]);
    const del = await worker.delete(`/api/v1/people/${zhang}/leader-pairings`);
    expect(del.status).toBe(204);
    expect((await worker.get(`/api/v1/people/${zhang}`)).body.roles).toContain("leader");
  });

  it("lists people by role, each with the roles they hold", async () => {
    const names = async (role: string) => (await worker.get(`/api/v1/people?role=${role}`)).body.items.map((p: { name: string }) => p.name);
    expect(await names("party_member")).toEqual(["张建军"]);
    expect(await names("community_worker")).toEqual(["张建军"]);
    expect(await names("grid_worker")).toEqual(["张建军"]);
    expect(await names("leader")).toEqual(["张建军"]);
    const all = await worker.get("/api/v1/people?pageSize=200");
    const byName = Object.fromEntries(all.body.items.map((p: { name: string; roles: string[] }) => [p.name, p.roles]));
    expect(byName).toEqual({ 张建军: ["party_member", "community_worker", "grid_worker", "leader"], 李秀英: [] });
    expect((await worker.get("/api/v1/people?role=volunteer")).status).toBe(400);
  });

  it("refuses references outside the scope or of the wrong level", async () => {
    const cases: [Agent, string, unknown, string][] = [
      [worker, "party-member", { category: "retired", branchId: orgThere }, "domain.party_org_unknown"],
      [worker, "party-member", { category: "in_service", reportedCommunityCode: OTHER }, "domain.area_outside_scope"],
      [street, "party-member", { category: "in_service", reportedCommunityCode: STREET }, "domain.area_level_mismatch"],
      [worker, "party-member", { category: "in_service", workUnitId: "00000000-0000-4000-8000-000000000000" }, "domain.unit_unknown"],
      [
        worker,
        "community-worker",
        { areaCode: COMPOUND, education: "college", socialWorkCredential: "none", post: "member", grade: 12 },
        "domain.area_level_mismatch",
      ],
      [street, "leader-pairings", { items: [{ areaCode: FAR, title: "x" }] }, "domain.area_outside_scope"],
    ];
    for (const [agent, path, body, code] of cases) {
      const res = await put(agent, `/api/v1/people/${li}/${path}`, body);
      expect(res.status, code).toBe(422);
      expect(res.body.code).toBe(code);
    }
    const dup = await put(street, `/api/v1/people/${li}/leader-pairings`, {
      items: [
        { areaCode: OTHER, title: "a" },
        { areaCode: OTHER, title: "b" },
      ],
    });
    expect(dup.status).toBe(409);
    const year0 = await put(worker, `/api/v1/people/${li}/party-member`, { category: "retired", joinedOn: "0000-01-01" });
    expect(year0.status).toBe(400);
    expect((await worker.get(`/api/v1/people/${li}`)).body.roles).toEqual([]);
  });

  it("a person outside the scope answers 404; a grid worker may not set roles (403)", async () => {
    expect((await put(worker, `/api/v1/people/${wang}/party-member`, { category: "retired" })).status).toBe(404);
    expect((await worker.delete(`/api/v1/people/${wang}/party-member`)).status).toBe(404);
    const grid = await loginAs(t.app, "grid", TEST_PASSWORD);
    expect((await put(grid, `/api/v1/people/${li}/party-member`, { category: "retired" })).status).toBe(403);
    expect((await grid.get(`/api/v1/people/${zhang}`)).body.abilities.updateRoles).toBe(false);
  });

  it("removes a role: audited once, a second removal changes nothing", async () => {
    expect((await worker.delete(`/api/v1/people/${zhang}/party-member`)).status).toBe(204);
    expect((await worker.delete(`/api/v1/people/${zhang}/party-member`)).status).toBe(204);
    expect((await worker.delete(`/api/v1/people/${zhang}/community-worker`)).status).toBe(204);
    const one = await worker.get(`/api/v1/people/${zhang}`);
    expect(one.body).toMatchObject({ roles: ["grid_worker", "leader"], partyMember: null, communityWorker: null });
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'person.party_member.delete' AND object_id = $1", [zhang]);
    expect(audit.rows).toHaveLength(1);
  });
});

describe("households", () => {
  it("lists households in scope with their member counts, and their people", async () => {
    const res = await worker.get("/api/v1/households");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(res.body.items).toEqual([
      { id: householdId, areaCode: COMPOUND, areaName: `区域${COMPOUND}`, gridId, door: "3-2-501", memberCount: 1 },
    ]);
    expect(JSON.stringify(res.body)).not.toContain("康和路");
    expect((await worker.get(`/api/v1/households?areaCode=${COMPOUND}&q=501`)).body.total).toBe(1);
    expect((await worker.get(`/api/v1/households?gridId=${gridId}`)).body.total).toBe(1);
    expect((await street.get("/api/v1/households")).body.total).toBe(2);
    const members = await worker.get(`/api/v1/people?householdId=${householdId}`);
    expect(members.body.items).toHaveLength(1);
    expect(members.body.items[0]).toMatchObject({ name: "李秀英", householdId, birthYear: 1956, residentType: "migrant" });
    const neighbour = await loginAs(t.app, "neighbour", TEST_PASSWORD);
    expect((await neighbour.get(`/api/v1/households?areaCode=${COMPOUND}`)).body.total).toBe(0);
  });
});
