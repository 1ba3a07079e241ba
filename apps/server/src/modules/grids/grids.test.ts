import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION_CHECK_MS } from "../../db/versioned.js";
import { buildAccount, buildAreas, buildPerson, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildRegistryFixture, COMMUNITY, KANGHE_NAMES, loginAll, OTHER, OTHER_COMPOUND, STREET } from "../../test/registry-fixture.js";
import { rectangle } from "./grids.factories.js";
import { locateGrid } from "./grids.service.js";
import { jitteredLattice, seededRandom } from "./lattice.js";

const A = OTHER;
const B = COMMUNITY;
const A_COMPOUND = OTHER_COMPOUND;

// Coordinates are multiples of 1/64 degree, exact in binary.
const S_BOX = [109.75, 39.5, 109.875, 39.625] as const;
const A_BOX = [109.75, 39.5, 109.8125, 39.625] as const;
const B_BOX = [109.8125, 39.5, 109.875, 39.625] as const;
const K1_BOX = [109.75, 39.5, 109.78125, 39.5625] as const;
const rect = (b: readonly [number, number, number, number]) => rectangle(...b);

let t: TestContext;
let street: Agent;
let workerA: Agent;
let workerB: Agent;
let department: Agent;
let personA = "";
let personB = "";
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      await buildRegistryFixture(deps.db, { names: KANGHE_NAMES, accounts: ["street", "worker-a", "worker-b"] });
      const dept = await deps.db.query<{ id: string }>(
        "INSERT INTO departments (name, area_code) VALUES ('城管局', '150603000000') RETURNING id",
      );
      await buildAccount(deps.db, { username: "dept", roles: ["department"], departmentId: dept.rows[0]!.id });
      personA = await buildPerson(deps, { name: "王网格", areaCode: A });
      personB = await buildPerson(deps, { name: "李网格", areaCode: B });
    },
  });
  ({
    street,
    "worker-a": workerA,
    "worker-b": workerB,
    dept: department,
  } = await loginAll(t.app, "street", "worker-a", "worker-b", "dept"));
});
afterAll(() => t.close());

const counts = async () => {
  const g = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM grids");
  const a = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'grid'");
  return { grids: g.rows[0]!.n, audit: a.rows[0]!.n };
};

describe("drawing grids", () => {
  it("creates the street grid, two community grids that share an edge, and a compound grid; each audited", async () => {
    const s = await street.post("/api/v1/grids", {
      code: "WG-S",
      name: "滨河街道网格",
      level: "street",
      areaCode: STREET,
      geometry: rect(S_BOX),
    });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body).toMatchObject({ code: "WG-S", level: "street", parentId: null, areaName: "滨河街道", childCount: 0, bbox: [...S_BOX] });
    expect(s.body.geometry).toEqual(rect(S_BOX));
    ids.S = s.body.id;
    const a = await street.post("/api/v1/grids", {
      code: "WG-A",
      name: "康和社区网格",
      level: "community",
      parentId: ids.S,
      areaCode: A,
      geometry: rect(A_BOX),
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    ids.A = a.body.id;
    const b = await street.post("/api/v1/grids", {
      code: "WG-B",
      name: "康城社区网格",
      level: "community",
      parentId: ids.S,
      areaCode: B,
      geometry: rect(B_BOX),
    });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    ids.B = b.body.id;
    const k = await workerA.post("/api/v1/grids", {
      code: "WG-A-1",
      name: "康和小区网格",
      level: "compound",
      parentId: ids.A,
      areaCode: A_COMPOUND,
      geometry: rect(K1_BOX),
      workerPersonId: personA,
    });
    expect(k.status, JSON.stringify(k.body)).toBe(201);
    expect(k.body).toMatchObject({ workerPersonId: personA, workerName: "王网格", abilities: { update: true } });
    ids.K1 = k.body.id;
    const audit = await t.db.query<{ action: string; object_id: string; area_code: string; actor_label: string }>(
      "SELECT action, object_id, area_code, actor_label FROM audit_log WHERE object_type = 'grid' ORDER BY id",
    );
    expect(audit.rows.map((r) => [r.action, r.object_id, r.actor_label])).toEqual([
      ["grid.create", ids.S, "street"],
      ["grid.create", ids.A, "street"],
      ["grid.create", ids.B, "street"],
      ["grid.create", ids.K1, "worker-a"],
    ]);
    expect((await street.get(`/api/v1/grids/${ids.S}`)).body.childCount).toBe(2);
  });

  it("refuses a grid overlapping a sibling, naming the sibling, and writes nothing", async () => {
    const before = await counts();
    const res = await street.post("/api/v1/grids", {
      code: "WG-C",
      name: "重叠网格",
      level: "community",
      parentId: ids.S,
      areaCode: B,
      geometry: rectangle(109.8, 39.5, 109.875, 39.625),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "domain.grid_overlap", details: { gridId: ids.A, gridCode: "WG-A", gridName: "康和社区网格" } });
    expect(res.body.message).toBe("网格边界与同级网格重叠");
    expect(await counts()).toEqual(before);
  });

  it("hides the name of an overlapping sibling outside the actor's scope", async () => {
    const res = await workerA.post("/api/v1/grids", {
      code: "WG-A-X",
      name: "越界",
      level: "community",
      parentId: ids.S,
      areaCode: A,
      geometry: rectangle(109.8125, 39.5, 109.84375, 39.5625),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "domain.grid_overlap", details: { gridId: null, gridCode: null, gridName: null } });
  });

  it("refuses a grid outside its parent, naming the parent", async () => {
    const before = await counts();
    const res = await workerA.post(
      "/api/v1/grids",
      {
        code: "WG-A-2",
        name: "出界小区",
        level: "compound",
        parentId: ids.A,
        areaCode: A_COMPOUND,
        geometry: rectangle(109.78125, 39.5625, 109.828125, 39.59375),
      },
      { "accept-language": "en" },
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: "domain.grid_outside_parent",
      message: "The grid's boundary goes outside its parent grid",
      details: { gridId: ids.A, gridCode: "WG-A", gridName: "康和社区网格" },
    });
    expect(await counts()).toEqual(before);
  });

  it("accepts a grid touching its sibling and its parent's boundary", async () => {
    const res = await workerA.post("/api/v1/grids", {
      code: "WG-A-2",
      name: "康和二区网格",
      level: "compound",
      parentId: ids.A,
      areaCode: A,
      geometry: rectangle(109.78125, 39.5, 109.8125, 39.5625),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.K2 = res.body.id;
  });

  it("rejects malformed geometry with 400 and invalid rings with 422, naming the grid, writing nothing", async () => {
    const before = await counts();
    const base = { code: "WG-A-3", name: "坏边界", level: "compound", parentId: ids.A, areaCode: A };
    const short = await workerA.post("/api/v1/grids", {
      ...base,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [109.76, 39.6],
            [109.77, 39.6],
            [109.76, 39.6],
          ],
        ],
      },
    });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe("validation.failed");
    const wrongType = await workerA.post("/api/v1/grids", { ...base, geometry: { type: "Point", coordinates: [109.76, 39.6] } });
    expect(wrongType.status).toBe(400);
    const far = await workerA.post("/api/v1/grids", { ...base, geometry: rectangle(200, 39.6, 201, 39.7) });
    expect(far.status).toBe(400);
    const bowTie = await workerA.post("/api/v1/grids", {
      ...base,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [109.76, 39.57],
            [109.77, 39.58],
            [109.77, 39.57],
            [109.76, 39.58],
            [109.76, 39.57],
          ],
        ],
      },
    });
    expect(bowTie.status).toBe(422);
    expect(bowTie.body).toMatchObject({
      code: "domain.grid_invalid_geometry",
      details: { gridCode: "WG-A-3", gridName: "坏边界", reason: "self_intersection", polygon: 0, ring: 0 },
    });
    const open = await workerA.post("/api/v1/grids", {
      ...base,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [109.76, 39.57],
            [109.77, 39.57],
            [109.77, 39.58],
            [109.76, 39.58],
          ],
        ],
      },
    });
    expect(open.status).toBe(422);
    expect(open.body.details.reason).toBe("ring_not_closed");
    expect(await counts()).toEqual(before);
  });

  it("checks the area against the parent's, the level against the parent's, the worker and the scope", async () => {
    const base = {
      code: "WG-A-4",
      name: "小区",
      level: "compound",
      parentId: ids.A,
      geometry: rectangle(109.75, 39.5625, 109.78125, 39.59375),
    };
    const areaOutside = await street.post("/api/v1/grids", { ...base, areaCode: B });
    expect(areaOutside.status).toBe(422);
    expect(areaOutside.body).toMatchObject({ code: "domain.grid_area_outside_parent", details: { gridCode: "WG-A" } });
    const level = await street.post("/api/v1/grids", { ...base, level: "community", areaCode: A });
    expect(level.status).toBe(422);
    expect(level.body).toMatchObject({ code: "domain.grid_parent_level", details: { gridCode: "WG-A" } });
    const worker = await workerA.post("/api/v1/grids", { ...base, areaCode: A, workerPersonId: personB });
    expect(worker.status).toBe(422);
    expect(worker.body).toMatchObject({ code: "domain.person_unknown", details: { field: "workerPersonId" } });
    const scope = await workerA.post("/api/v1/grids", {
      ...base,
      parentId: ids.B,
      areaCode: B,
      geometry: rectangle(109.8125, 39.5, 109.84375, 39.53125),
    });
    expect(scope.status).toBe(422);
    expect(scope.body.code).toBe("domain.area_outside_scope");
    // A parent in another community is as unknown as one that does not exist.
    const hiddenParent = await workerA.post("/api/v1/grids", { ...base, parentId: ids.B, areaCode: A });
    expect(hiddenParent.status).toBe(422);
    expect(hiddenParent.body).toMatchObject({ code: "domain.grid_unknown", details: { field: "parentId" } });
    const missing = await workerA.post("/api/v1/grids", { ...base, parentId: "00000000-0000-4000-8000-000000000000", areaCode: A });
    expect(missing.body).toMatchObject({ code: "domain.grid_unknown", details: { field: "parentId" } });
    const dup = await workerA.post("/api/v1/grids", { ...base, code: "WG-A-1", areaCode: A });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "conflict.duplicate", details: { field: "code" } });
    // The code is checked after the grid's rules: a taken code with a boundary breaking them reports the boundary.
    const dupOverlap = await workerA.post("/api/v1/grids", { ...base, code: "WG-A-1", areaCode: A, geometry: rect(K1_BOX) });
    expect(dupOverlap.status).toBe(422);
    expect(dupOverlap.body).toMatchObject({ code: "domain.grid_overlap", details: { gridCode: "WG-A-1" } });
    // The department has no registry.write.
    expect((await department.post("/api/v1/grids", { ...base, areaCode: A })).status).toBe(403);
  });

  it("refuses overlapping top-level grids of one level in related areas, but not in unrelated ones", async () => {
    const dup = await workerB.post("/api/v1/grids", {
      code: "WG-B-TOP",
      name: "社区顶层网格",
      level: "street",
      areaCode: B,
      geometry: rectangle(109.8125, 39.5, 109.84375, 39.53125),
    });
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({ code: "domain.grid_overlap", details: { gridCode: null } });
    const elsewhere = await workerB.post("/api/v1/grids", {
      code: "WG-B-TOP",
      name: "另一个顶层网格",
      level: "community",
      areaCode: B,
      geometry: rectangle(110, 40, 110.125, 40.125),
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
  });
});

describe("changing grids", () => {
  it("updates a name and worker, audited with before and after", async () => {
    const res = await workerA.patch(`/api/v1/grids/${ids.K1}`, { name: "康和一区网格", workerPersonId: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: "康和一区网格", workerPersonId: null, workerName: null });
    const audit = await t.db.query<{ before: { name: string }; after: { name: string } }>(
      "SELECT before, after FROM audit_log WHERE action = 'grid.update' AND object_id = $1",
      [ids.K1],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.before.name).toBe("康和小区网格");
    expect(audit.rows[0]!.after.name).toBe("康和一区网格");
  });

  it("refuses a boundary that would leave a sub-grid outside, naming it", async () => {
    const before = await counts();
    const res = await street.patch(`/api/v1/grids/${ids.A}`, { geometry: rectangle(109.75, 39.53125, 109.8125, 39.625) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "domain.grid_child_outside", details: { gridCode: "WG-A-1", gridName: "康和一区网格" } });
    expect(await counts()).toEqual(before);
  });

  it("checks a moved boundary against the siblings", async () => {
    const res = await workerA.patch(`/api/v1/grids/${ids.K2}`, { geometry: rectangle(109.765625, 39.5, 109.8125, 39.5625) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "domain.grid_overlap", details: { gridCode: "WG-A-1" } });
  });

  it("answers 404 for a grid outside the scope, on reads and writes", async () => {
    expect((await workerA.get(`/api/v1/grids/${ids.B}`)).status).toBe(404);
    expect((await workerA.patch(`/api/v1/grids/${ids.B}`, { name: "x" })).status).toBe(404);
    expect((await workerA.get(`/api/v1/grids/${ids.S}`)).status).toBe(404);
    expect((await department.get(`/api/v1/grids/${ids.A}`)).status).toBe(404);
  });
});

describe("listing grids", () => {
  it("lists the grids in scope, with filters", async () => {
    const all = await street.get("/api/v1/grids?pageSize=200");
    expect(all.body.items.map((g: { code: string }) => g.code)).toEqual(["WG-A", "WG-A-1", "WG-A-2", "WG-B", "WG-B-TOP", "WG-S"]);
    expect(all.body.items[0].geometry).toBeUndefined();
    const own = await workerA.get("/api/v1/grids?pageSize=200");
    expect(own.body.items.map((g: { code: string }) => g.code)).toEqual(["WG-A", "WG-A-1", "WG-A-2"]);
    expect((await street.get(`/api/v1/grids?parentId=${ids.S}`)).body.items.map((g: { code: string }) => g.code)).toEqual(["WG-A", "WG-B"]);
    expect((await street.get("/api/v1/grids?level=compound")).body.total).toBe(2);
    expect((await street.get(`/api/v1/grids?areaCode=${A}`)).body.total).toBe(3);
    expect((await street.get(`/api/v1/grids?areaCode=${A_COMPOUND}`)).body.items.map((g: { code: string }) => g.code)).toEqual(["WG-A-1"]);
    expect((await street.get(`/api/v1/grids?q=${encodeURIComponent("康城")}`)).body.total).toBe(1);
    expect((await street.get("/api/v1/grids?q=wg-a-")).body.total).toBe(2);
    expect((await department.get("/api/v1/grids")).body).toMatchObject({ items: [], total: 0 });
  });

  it("includes boundaries on request, with pages of up to 1000 then", async () => {
    const geo = await street.get("/api/v1/grids?withGeometry=true&pageSize=1000");
    expect(geo.status).toBe(200);
    expect(geo.body.items.every((g: { geometry?: unknown }) => g.geometry)).toBe(true);
    expect((await street.get("/api/v1/grids?pageSize=1000")).status).toBe(400);
    expect((await street.get("/api/v1/grids?withGeometry=true&pageSize=1001")).status).toBe(400);
  });
});

describe("the report page's map", () => {
  it("gives anyone the outlines and names of a community's grids, and of a compound's, but no worker", async () => {
    const anyone = anonymous(t.app);
    const community = await anyone.get(`/api/v1/case-areas/${A}/grids`);
    expect(community.status).toBe(200);
    expect(community.body.grids.map((g: { code: string }) => g.code)).toEqual(["WG-A", "WG-A-1", "WG-A-2"]);
    expect(community.body.grids[0].geometry.type).toBe("Polygon");
    expect(JSON.stringify(community.body)).not.toMatch(/worker|王网格/);
    const compound = await anyone.get(`/api/v1/case-areas/${A_COMPOUND}/grids`);
    expect(compound.body.grids.map((g: { code: string }) => g.code)).toEqual(["WG-A-1"]);
  });

  it("answers 404 for a street, an area without grids or an unknown code, and 400 for a malformed one", async () => {
    const anyone = anonymous(t.app);
    expect((await anyone.get(`/api/v1/case-areas/${STREET}/grids`)).status).toBe(404);
    expect((await anyone.get("/api/v1/case-areas/150603999999/grids")).status).toBe(404);
    expect((await anyone.get("/api/v1/case-areas/15060/grids")).status).toBe(400);
  });
});

describe("locating a point", () => {
  const inK1 = "lng=109.765625&lat=39.53125";
  const inB = "lng=109.84375&lat=39.5625";

  it("names the lowest-level grid and its path for an actor whose scope holds it", async () => {
    const s = await street.get(`/api/v1/grids/locate?${inK1}`);
    expect(s.body).toEqual({
      inside: true,
      grid: {
        id: ids.K1,
        code: "WG-A-1",
        name: "康和一区网格",
        areaCode: A_COMPOUND,
        path: [
          { id: ids.S, name: "滨河街道网格", level: "street" },
          { id: ids.A, name: "康和社区网格", level: "community" },
          { id: ids.K1, name: "康和一区网格", level: "compound" },
        ],
      },
    });
    // The community's worker sees its own grids, without the street's.
    const a = await workerA.get(`/api/v1/grids/locate?${inK1}`);
    expect(a.body.grid.path.map((p: { id: string }) => p.id)).toEqual([ids.A, ids.K1]);
    expect((await workerB.get(`/api/v1/grids/locate?${inB}`)).body.grid).toMatchObject({ id: ids.B, code: "WG-B" });
  });

  it("does not name another community's grid", async () => {
    expect((await workerB.get(`/api/v1/grids/locate?${inK1}`)).body).toEqual({ inside: true, grid: null });
    expect((await workerA.get(`/api/v1/grids/locate?${inB}`)).body).toEqual({ inside: true, grid: null });
    expect((await department.get(`/api/v1/grids/locate?${inB}`)).body).toEqual({ inside: true, grid: null });
  });

  it("answers outside for points in no lowest-level grid, and 400 for bad coordinates", async () => {
    expect((await street.get("/api/v1/grids/locate?lng=100&lat=30")).body).toEqual({ inside: false, grid: null });
    // In the community grid of A but in none of its compounds.
    expect((await street.get("/api/v1/grids/locate?lng=109.78&lat=39.6")).body).toEqual({ inside: false, grid: null });
    for (const q of ["lng=181&lat=39", "lng=109&lat=-91", "lng=abc&lat=39", "lng=&lat=39", "lat=39"]) {
      expect((await street.get(`/api/v1/grids/locate?${q}`)).status, q).toBe(400);
    }
  });

  it("gives a point on the edge shared by two grids to exactly one of them (the one east of it)", async () => {
    const res = await street.get("/api/v1/grids/locate?lng=109.78125&lat=39.53125");
    expect(res.body.grid.id).toBe(ids.K2);
  });

  it("sees this process's writes at once, and other writes within a second", async () => {
    const c = await workerA.post("/api/v1/grids", {
      code: "WG-A-5",
      name: "新小区网格",
      level: "compound",
      parentId: ids.A,
      areaCode: A,
      geometry: rectangle(109.75, 39.59375, 109.78125, 39.625),
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const at = "lng=109.765625&lat=39.609375";
    expect((await workerA.get(`/api/v1/grids/locate?${at}`)).body.grid.id).toBe(c.body.id);
    // A write from elsewhere (another process, a direct import) changes the version token only.
    await t.db.query("UPDATE grids SET name = '外部改名' WHERE id = $1", [c.body.id]);
    await new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));
    expect((await workerA.get(`/api/v1/grids/locate?${at}`)).body.grid.name).toBe("外部改名");
  });
});

describe("a tiling drawn through the API", () => {
  it("accepts jittered cells sharing edges inside an outline, and locates points on their edges in exactly one", async () => {
    await buildAreas(t.db, [{ code: "150603003000" }, { code: "150603003001" }]);
    await buildAccount(t.db, { username: "tiler", roles: ["street_staff"], areaCode: "150603003000" });
    const tiler = await loginAs(t.app, "tiler", TEST_PASSWORD);
    const l = jitteredLattice({
      cols: 4,
      rows: 3,
      origin: [110.5, 40.5],
      cell: 2 ** -10,
      jitter: 0.2,
      random: seededRandom(42),
      quantum: 2 ** -24,
    });
    const parent = await tiler.post("/api/v1/grids", {
      code: "TL-0",
      name: "外框",
      level: "community",
      areaCode: "150603003001",
      geometry: l.outline(),
    });
    expect(parent.status, JSON.stringify(parent.body)).toBe(201);
    const cells = new Map<string, string>();
    for (let r = 0; r < l.rows; r++) {
      for (let c = 0; c < l.cols; c++) {
        const res = await tiler.post("/api/v1/grids", {
          code: `TL-${c}-${r}`,
          name: `格${c}-${r}`,
          level: "compound",
          parentId: parent.body.id,
          areaCode: "150603003001",
          geometry: l.cell(c, r),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        cells.set(res.body.id, `${c}-${r}`);
      }
    }
    // Midpoints of interior edges lie exactly on them: each belongs to one of the two cells sharing it.
    for (let r = 0; r < l.rows; r++) {
      for (let c = 0; c < l.cols; c++) {
        const a = l.vertex(c + 1, r);
        const b = l.vertex(c + 1, r + 1);
        if (c + 1 < l.cols) {
          const hit = await locateGrid(t.deps, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
          expect([`${c}-${r}`, `${c + 1}-${r}`]).toContain(cells.get(hit!.id));
        }
        const mid = l.vertex(c, r);
        const corner = await locateGrid(t.deps, mid[0], mid[1]);
        if (c > 0 && r > 0) expect(corner).not.toBeNull();
      }
    }
    // The same cell again, shifted a little: it overlaps its own former place.
    const clash = await tiler.post("/api/v1/grids", {
      code: "TL-X",
      name: "重叠格",
      level: "compound",
      parentId: parent.body.id,
      areaCode: "150603003001",
      geometry: l.cell(1, 1),
    });
    expect(clash.status).toBe(422);
    expect(clash.body.details.gridCode).toBe("TL-1-1");
  });
});
