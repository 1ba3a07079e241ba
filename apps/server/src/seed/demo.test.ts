import { randomBytes } from "node:crypto";
import { CASE_TRANSITIONS, parentCode } from "@gongzhi/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.js";
import { countsByKey, ZERO } from "../modules/assessment/assessment.repository.js";
import { ensureReferenceData } from "../modules/cases/categories.seed.js";
import type { Deps } from "../platform/context.js";
import { createVault } from "../platform/crypto.js";
import { freshDb, testConfig } from "../test/harness.js";
import { CALIBRATION, DISTRICT_SEATS } from "./calibration.js";
import { DEMO_ACCOUNTS, isEmpty, loadOrdos, seedDemo } from "./demo.js";
import { generateAreas } from "./generate-areas.js";
import { CASE_HISTORY, historyReference } from "./generate-cases.js";
import { VOLUNTEER_TARGETS } from "./generate-volunteers.js";
import { bboxesOverlap, type Pt, pointInRing, type Ring, ringArea, ringBBox } from "./geometry.js";

let db: Db;
let drop: () => Promise<void>;
let deps: Deps;
/** The seed's clock: the case history ends at the start of this day. */
const seededAt = new Date();

beforeAll(async () => {
  ({ db, drop } = await freshDb());
  deps = { config: testConfig(), db, vault: createVault(randomBytes(32)) };
  expect(await isEmpty(db)).toBe(true);
  await ensureReferenceData({ db });
  await seedDemo(deps, 2026, seededAt);
}, 300_000);
afterAll(async () => {
  await drop?.();
});

const one = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
const near = (value: number, target: number, share: number) => {
  expect(value).toBeGreaterThanOrEqual(target * (1 - share));
  expect(value).toBeLessThanOrEqual(target * (1 + share));
};

describe("demo city: the Ordos calibration", () => {
  it("has the 2023 division tree, 26 街道 classified by district type", async () => {
    expect(await isEmpty(db)).toBe(false);
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE level = 'district'")).toBe(9);
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE level = 'street'")).toBe(88);
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE level = 'community'")).toBe(CALIBRATION.communities);
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE level = 'street' AND name LIKE '%街道'")).toBe(CALIBRATION.subdistricts);
    const cats = await db.query<{ cat: string; district: string; n: number }>(
      `SELECT attrs->>'streetCategory' AS cat, left(code, 6) AS district, count(*)::int AS n FROM areas
       WHERE level = 'street' AND name LIKE '%街道' GROUP BY 1, 2`,
    );
    for (const row of cats.rows) expect(row.cat).toBe(["150602", "150603"].includes(row.district) ? "established" : "banner_set");
    expect(
      await one(`SELECT count(*)::int AS n FROM areas s WHERE level = 'street' AND name NOT LIKE '%街道'
        AND EXISTS (SELECT 1 FROM areas c WHERE c.parent_code = s.code) AND attrs->>'streetCategory' NOT IN ('central_town', 'reference')`),
    ).toBe(0);
    // Every area's code names its parent; every area has a point.
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE lat IS NULL OR lng IS NULL")).toBe(0);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM areas WHERE level IN ('compound', 'building') AND left(code, length(code) - 3) <> parent_code",
      ),
    ).toBe(0);
    for (const [code, seat] of Object.entries(DISTRICT_SEATS)) {
      const { rows } = await db.query<{ lat: number; lng: number }>("SELECT lat, lng FROM areas WHERE code = $1", [code]);
      expect(rows[0]).toEqual({ lat: seat.lat, lng: seat.lng });
    }
  });

  it("classifies communities and compounds, with 41 funded demonstration points", async () => {
    expect(
      await one(`SELECT count(*)::int AS n FROM areas WHERE level = 'community' AND (attrs->>'communityLocation' IS NULL
        OR attrs->>'communityPopulation' IS NULL OR attrs->>'communityServiceMode' IS NULL)`),
    ).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE (attrs->>'demonstration')::boolean")).toBe(
      CALIBRATION.demonstrationPoints,
    );
    expect(
      await one(
        "SELECT count(*)::int AS n FROM areas WHERE (attrs->>'demonstration')::boolean AND (attrs->>'demonstrationFunding')::numeric > 0",
      ),
    ).toBe(CALIBRATION.demonstrationPoints);
    const compounds = await one("SELECT count(*)::int AS n FROM areas WHERE level = 'compound'");
    near(compounds, (1564 * 275) / 236, 0.05);
    near(
      await one("SELECT count(*)::int AS n FROM areas WHERE level = 'compound' AND (attrs->>'hasActivityVenue')::boolean"),
      (560 * 275) / 236,
      0.05,
    );
    expect(
      await one(`SELECT count(*)::int AS n FROM areas WHERE level = 'compound' AND (attrs->>'compoundSize' IS NULL
        OR attrs->>'compoundClosure' IS NULL OR attrs->>'propertyManagement' IS NULL OR (attrs->>'households')::int <= 0
        OR (attrs->>'residents')::int <= 0)`),
    ).toBe(0);
    const buildings = await one("SELECT count(*)::int AS n FROM areas WHERE level = 'building'");
    expect(buildings / compounds).toBeGreaterThan(5);
    expect(buildings / compounds).toBeLessThan(12);
  });

  it("keeps 三有 records near the figures for every community", async () => {
    expect(
      await one(`SELECT count(*)::int AS n FROM areas a WHERE level = 'community'
        AND NOT EXISTS (SELECT 1 FROM community_resources r WHERE r.area_code = a.code AND r.year = ${CALIBRATION.year})`),
    ).toBe(0);
    const { rows } = await db.query<{ staff: number; funds: number; min_funds: number; venue: number; owned: number }>(
      `SELECT avg(staff_count)::float AS staff, avg(funds_service + funds_office + funds_activity)::float AS funds,
              min(funds_service + funds_office + funds_activity)::float AS min_funds, avg(venue_area_m2)::float AS venue,
              avg((venue_ownership = 'owned')::int)::float AS owned
       FROM community_resources`,
    );
    const r = rows[0]!;
    expect(r.staff).toBeGreaterThanOrEqual(11);
    expect(r.min_funds).toBeGreaterThanOrEqual(300_000);
    expect(r.funds).toBeGreaterThan(330_000);
    expect(r.venue).toBeGreaterThanOrEqual(1600);
    expect(Math.abs(r.owned - CALIBRATION.venueOwnedShare)).toBeLessThan(0.01);
  });

  it("has ≈5,236 party organisations with proper parents and secretaries on most", async () => {
    near(await one("SELECT count(*)::int AS n FROM party_orgs"), CALIBRATION.partyOrgs, 0.05);
    const kinds = await db.query<{ kind: string; n: number }>("SELECT kind, count(*)::int AS n FROM party_orgs GROUP BY kind");
    const byKind = Object.fromEntries(kinds.rows.map((k) => [k.kind, k.n]));
    for (const k of [
      "working_committee",
      "compound_branch",
      "building_group",
      "unit_branch",
      "joint_committee",
      "regional_joint",
      "featured_branch",
      "mobile_branch",
      "grid_group",
    ]) {
      expect(byKind[k], k).toBeGreaterThan(0);
    }
    expect((byKind.community_committee ?? 0) + (byKind.general_branch ?? 0)).toBe(CALIBRATION.communities);
    // The small three levels nest: building group → compound branch → community → street.
    const badParents = await one(`SELECT count(*)::int AS n FROM party_orgs o JOIN party_orgs p ON p.id = o.parent_id WHERE NOT (
        (o.kind = 'building_group' AND p.kind = 'compound_branch' AND left(o.area_code, 15) = p.area_code)
     OR (o.kind IN ('compound_branch', 'grid_group', 'featured_branch', 'joint_committee', 'unit_branch')
         AND p.kind IN ('community_committee', 'general_branch') AND left(o.area_code, 12) = p.area_code)
     OR (o.kind IN ('community_committee', 'general_branch', 'regional_joint', 'mobile_branch')
         AND p.kind = 'working_committee' AND left(o.area_code, 9) = left(p.area_code, 9)))`);
    expect(badParents).toBe(0);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM party_orgs WHERE kind <> 'working_committee' AND kind <> 'unit_branch' AND parent_id IS NULL",
      ),
    ).toBe(0);
    const withSecretary = await one("SELECT avg((secretary_person_id IS NOT NULL)::int)::float AS n FROM party_orgs");
    expect(withSecretary).toBeGreaterThan(0.9);
    expect(await one("SELECT count(*)::int AS n FROM party_orgs WHERE kind = 'featured_branch' AND basis IS NULL")).toBe(0);
  });

  it("has ≈8,280 units in lowest-level grids of their communities, with the seeds' coverage rates", async () => {
    near(await one("SELECT count(*)::int AS n FROM units"), CALIBRATION.units, 0.05);
    expect(
      await one(`SELECT count(*)::int AS n FROM units u JOIN grids g ON g.id = u.grid_id
        WHERE u.area_code <> g.area_code OR EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = g.id)`),
    ).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM units WHERE grid_id IS NULL")).toBe(0);
    const { rows } = await db.query<{ kind: string; rate: number }>(
      "SELECT kind, avg((party_status <> 'none')::int)::float AS rate FROM units GROUP BY kind",
    );
    for (const row of rows) {
      const target = CALIBRATION.coverage[row.kind as keyof typeof CALIBRATION.coverage];
      expect(Math.abs(row.rate - target), row.kind).toBeLessThanOrEqual(0.03);
    }
    expect(Object.fromEntries(rows.map((x) => [x.kind, true]))).toEqual({
      resident_unit: true,
      government: true,
      soe: true,
      university: true,
      private: true,
      social_org: true,
      shop: true,
    });
    // 'own' links the unit's own branch, 'joint' a joint organisation, 'none' nothing.
    expect(
      await one(`SELECT count(*)::int AS n FROM units u LEFT JOIN party_orgs o ON o.id = u.party_org_id WHERE NOT (
          (u.party_status = 'own' AND o.kind = 'unit_branch' AND o.unit_id = u.id)
       OR (u.party_status = 'joint' AND o.kind = 'joint_committee')
       OR (u.party_status = 'none' AND u.party_org_id IS NULL))`),
    ).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM units WHERE kind = 'government' AND street_relation IS NULL")).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM (SELECT credit_code FROM units GROUP BY 1 HAVING count(*) > 1) d")).toBe(0);
  });

  it("has 2,770 community workers and calibrated party secretaries", async () => {
    near(await one("SELECT count(*)::int AS n FROM community_workers"), CALIBRATION.communityWorkers, 0.02);
    expect(await one("SELECT count(*)::int AS n FROM community_workers WHERE post = 'secretary'")).toBe(CALIBRATION.communities);
    const { rows } = await db.query<{ age: number; college: number }>(
      `SELECT avg(${CALIBRATION.year} - p.birth_year)::float AS age,
              avg((w.education IN ('college', 'bachelor', 'master'))::int)::float AS college
       FROM community_workers w JOIN people p ON p.id = w.person_id WHERE w.post = 'secretary'`,
    );
    expect(Math.abs(rows[0]!.age - CALIBRATION.secretaryAge)).toBeLessThan(0.3);
    expect(Math.abs(rows[0]!.college - CALIBRATION.secretaryCollegeShare)).toBeLessThan(0.01);
    const credentials = await one(
      "SELECT count(*)::float / (SELECT count(*) FROM areas WHERE level = 'community') AS n FROM community_workers WHERE social_work_credential <> 'none'",
    );
    expect(credentials).toBeGreaterThan(2.7);
    expect(credentials).toBeLessThanOrEqual(3);
  });

  it("has ≈21,790 in-service members reported to where they live, and retired and mobile members", async () => {
    const reported = await one(
      "SELECT count(*)::int AS n FROM party_members WHERE category = 'in_service' AND reported_community_code IS NOT NULL",
    );
    near(reported, CALIBRATION.reportedInService, 0.02);
    expect(
      await one(`SELECT count(*)::int AS n FROM party_members m JOIN people p ON p.id = m.person_id
        WHERE m.reported_community_code IS NOT NULL AND left(p.area_code, 12) <> m.reported_community_code`),
    ).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM party_members WHERE category = 'retired'")).toBeGreaterThan(2000);
    expect(await one("SELECT count(*)::int AS n FROM party_members WHERE category = 'mobile'")).toBeGreaterThan(500);
    expect(await one("SELECT count(*)::int AS n FROM party_members WHERE branch_id IS NULL")).toBe(0);
  });

  it("keeps people's personal data encrypted, with distinct valid ID numbers", async () => {
    const total = await one("SELECT count(*)::int AS n FROM people");
    // The registry's sample of residents, beside the people registered only as volunteers (generate-volunteers.ts).
    const volunteersOnly = await one(
      `SELECT count(*)::int AS n FROM people p WHERE p.household_id IS NULL AND EXISTS (SELECT 1 FROM volunteers v WHERE v.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM party_members m WHERE m.person_id = p.id)`,
    );
    expect(total - volunteersOnly).toBeGreaterThan(40_000);
    expect(total - volunteersOnly).toBeLessThanOrEqual(60_000);
    expect(await one("SELECT count(DISTINCT id_number_hash)::int AS n FROM people")).toBe(total);
    const { rows } = await db.query<{ id_number_enc: string; id_number_hash: string; phone_enc: string | null; phone_hash: string | null }>(
      "SELECT id_number_enc, id_number_hash, phone_enc, phone_hash FROM people ORDER BY id LIMIT 200",
    );
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (const row of rows) {
      expect(row.id_number_enc.startsWith("v1:")).toBe(true);
      const id = deps.vault.decrypt(row.id_number_enc);
      expect(id).toMatch(/^\d{17}[\dX]$/);
      const sum = [...id.slice(0, 17)].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
      expect(id[17]).toBe("10X98765432"[sum % 11]);
      expect(deps.vault.hash(id)).toBe(row.id_number_hash);
      if (row.phone_enc) expect(deps.vault.hash(deps.vault.decrypt(row.phone_enc))).toBe(row.phone_hash);
    }
    // Residents live in households in buildings, with door numbers.
    expect(
      await one("SELECT count(*)::int AS n FROM people p JOIN households h ON h.id = p.household_id WHERE p.area_code <> h.area_code"),
    ).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM households h JOIN areas a ON a.code = h.area_code WHERE a.level <> 'building'")).toBe(
      0,
    );
    expect(await one("SELECT count(*)::int AS n FROM leader_pairings")).toBeGreaterThanOrEqual(CALIBRATION.communities);
    expect(
      await one(`SELECT count(*)::int AS n FROM areas a WHERE level = 'community'
        AND NOT EXISTS (SELECT 1 FROM leader_pairings l WHERE l.area_code = a.code)`),
    ).toBe(0);
  });

  it("binds the demo accounts to their places", async () => {
    const { rows } = await db.query<{ username: string; area_code: string | null; unit_id: string | null; department_id: string | null }>(
      "SELECT username, area_code, unit_id, department_id FROM accounts",
    );
    expect(rows.length).toBe(DEMO_ACCOUNTS.length);
    const by = Object.fromEntries(rows.map((r) => [r.username, r]));
    expect(by["demo-community"]!.area_code).toBe("150603002002");
    expect(by["demo-street"]!.area_code).toBe("150603002000");
    expect(by["demo-unit"]!.unit_id).not.toBeNull();
    expect(by["demo-department"]!.department_id).not.toBeNull();
    expect(await one("SELECT count(*)::int AS n FROM areas WHERE code = '150603002002' AND name = '神华康城社区'")).toBe(1);
    const worker = await db.query<{ name: string }>(
      `SELECT p.name FROM grids g JOIN people p ON p.id = g.worker_person_id WHERE g.area_code LIKE '150603002002%' ORDER BY g.code LIMIT 1`,
    );
    expect(worker.rows[0]?.name).toBe("赵玉兰");
  });
});

interface GridRow {
  id: string;
  code: string;
  name: string;
  level: "street" | "community" | "compound";
  parent_id: string | null;
  area_code: string;
  geometry: { type: "Polygon"; coordinates: Ring[] };
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
  worker_person_id: string | null;
  party_group_id: string | null;
}

const key = (p: Pt) => `${p[0]},${p[1]}`;

/** Distance from p to the segment a–b, in degrees. */
function toSegment(p: Pt, a: Pt, b: Pt): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/**
 * Children tile their parent: their areas sum to the parent's, each lies inside it, and every edge of a
 * child is either shared, with identical vertices, by exactly one sibling running the other way, or lies
 * on the parent's boundary.
 */
function expectTiling(parent: Ring, children: Ring[]): void {
  const total = children.reduce((s, c) => s + ringArea(c), 0);
  expect(ringArea(parent)).toBeGreaterThan(0);
  expect(Math.abs(total - ringArea(parent)) / ringArea(parent)).toBeLessThan(1e-9);
  const edges = new Map<string, number>();
  for (const c of children) {
    expect(ringArea(c)).toBeGreaterThan(0);
    for (let i = 0; i + 1 < c.length; i++) {
      const k = `${key(c[i]!)}>${key(c[i + 1]!)}`;
      edges.set(k, (edges.get(k) ?? 0) + 1);
    }
  }
  for (const c of children) {
    const [x, y] = [
      c.slice(0, -1).reduce((s, p) => s + p[0], 0) / (c.length - 1),
      c.slice(0, -1).reduce((s, p) => s + p[1], 0) / (c.length - 1),
    ];
    expect(pointInRing([x, y], parent)).toBe(true);
    for (let i = 0; i + 1 < c.length; i++) {
      const [a, b] = [c[i]!, c[i + 1]!];
      expect(edges.get(`${key(a)}>${key(b)}`)).toBe(1);
      if (edges.has(`${key(b)}>${key(a)}`)) continue;
      const onBoundary = parent.some(
        (_, j) =>
          j + 1 < parent.length && toSegment(a, parent[j]!, parent[j + 1]!) < 1e-12 && toSegment(b, parent[j]!, parent[j + 1]!) < 1e-12,
      );
      expect(onBoundary).toBe(true);
    }
  }
}

describe("demo city: grids", () => {
  let grids: GridRow[];
  beforeAll(async () => {
    grids = (await db.query<GridRow>("SELECT * FROM grids ORDER BY code")).rows;
  });

  it("has three levels named and coded after their areas, with bounding boxes", () => {
    const levels = new Map<string, number>();
    for (const g of grids) levels.set(g.level, (levels.get(g.level) ?? 0) + 1);
    expect(levels.get("community")).toBe(CALIBRATION.communities);
    expect(levels.get("compound")).toBe(grids.filter((g) => g.area_code.length === 15).length);
    for (const g of grids) {
      expect(g.code).toBe(`G${g.area_code}`);
      expect(g.name.endsWith("网格")).toBe(true);
      expect(g.geometry.type).toBe("Polygon");
      const ring = g.geometry.coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(ringBBox(ring)).toEqual([g.min_lng, g.min_lat, g.max_lng, g.max_lat]);
    }
    expect(grids.find((g) => g.area_code === "150603002002")?.name).toBe("神华康城社区网格");
    expect(grids.find((g) => g.area_code === "150603002000")?.name).toBe("青春山街道网格");
  });

  it("gives every lowest-level grid a worker and every community grid its party group", async () => {
    const parents = new Set(grids.map((g) => g.parent_id));
    const lowest = grids.filter((g) => !parents.has(g.id));
    expect(lowest.length).toBeGreaterThan(1500);
    expect(lowest.filter((g) => !g.worker_person_id)).toEqual([]);
    expect(new Set(lowest.map((g) => g.worker_person_id)).size).toBe(lowest.length);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM grids WHERE NOT EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = grids.id) AND worker_person_id IS NULL",
      ),
    ).toBe(0);
    expect(
      await one(`SELECT count(*)::int AS n FROM grids g LEFT JOIN party_orgs o ON o.id = g.party_group_id
        WHERE g.level = 'community' AND (o.kind IS DISTINCT FROM 'grid_group' OR o.grid_id <> g.id)`),
    ).toBe(0);
  });

  it("tiles each community with its compound grids and each street with its community grids", () => {
    const byId = new Map(grids.map((g) => [g.id, g]));
    const children = new Map<string, GridRow[]>();
    for (const g of grids) {
      if (!g.parent_id) continue;
      const parent = byId.get(g.parent_id)!;
      expect(parentCode(g.area_code)).toBe(parent.area_code);
      children.set(g.parent_id, [...(children.get(g.parent_id) ?? []), g]);
    }
    let tiled = 0;
    for (const [parentId, kids] of children) {
      expectTiling(
        byId.get(parentId)!.geometry.coordinates[0]!,
        kids.map((k) => k.geometry.coordinates[0]!),
      );
      tiled++;
    }
    expect(tiled).toBeGreaterThan(300);
  });

  it("keeps districts apart, each covering its seat", () => {
    const streets = grids.filter((g) => g.level === "street");
    const boxes = new Map<string, [number, number, number, number]>();
    for (const s of streets) {
      const d = `${s.area_code.slice(0, 6)}000000`;
      const b = boxes.get(d) ?? [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
      boxes.set(d, [Math.min(b[0], s.min_lng), Math.min(b[1], s.min_lat), Math.max(b[2], s.max_lng), Math.max(b[3], s.max_lat)]);
    }
    const list = [...boxes];
    expect(list.length).toBe(9);
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) expect(bboxesOverlap(list[i]![1], list[j]![1])).toBe(false);
    for (const [code, seat] of Object.entries(DISTRICT_SEATS)) {
      const covering = streets.filter(
        (s) => s.area_code.startsWith(code.slice(0, 6)) && pointInRing([seat.lng, seat.lat], s.geometry.coordinates[0]!),
      );
      expect(covering.length, code).toBe(1);
    }
    // Streets of a district do not overlap either.
    for (let i = 0; i < streets.length; i++) {
      for (let j = i + 1; j < streets.length; j++) {
        const [a, b] = [streets[i]!, streets[j]!];
        if (a.area_code.slice(0, 6) !== b.area_code.slice(0, 6)) continue;
        const inside = (p: GridRow, q: GridRow) => {
          const r = p.geometry.coordinates[0]!;
          const n = r.length - 1;
          const c: Pt = [r.slice(0, n).reduce((s, x) => s + x[0], 0) / n, r.slice(0, n).reduce((s, x) => s + x[1], 0) / n];
          return pointInRing(c, q.geometry.coordinates[0]!);
        };
        expect(inside(a, b) || inside(b, a)).toBe(false);
      }
    }
  });
});

describe("demo city: case history", () => {
  const reference = historyReference(seededAt);
  const from = new Date(reference.getTime() - CASE_HISTORY.days * 86_400_000);

  it("has three months of cases at a scaled-down Ordos rate, numbered and tracked uniquely", async () => {
    const n = await one("SELECT count(*)::int AS n FROM cases");
    expect(n).toBeGreaterThanOrEqual(15_000);
    expect(n).toBeLessThanOrEqual(20_000);
    expect(await one("SELECT count(*)::int AS n FROM cases WHERE created_at < $1 OR created_at > $2", [from, reference])).toBe(0);
    expect(await one("SELECT count(*)::int AS n FROM case_events WHERE at > $1", [reference])).toBe(0);
    expect(await one("SELECT count(DISTINCT tracking_code)::int AS n FROM cases")).toBe(n);
    expect(await one("SELECT count(*)::int AS n FROM cases WHERE number !~ '^MQ[0-9]{8}-[0-9]{6}$' OR idempotency_key IS NOT NULL")).toBe(
      0,
    );
    // The next case gets a number after the generated ones.
    const next = await one("SELECT nextval('case_number_seq')::int AS n");
    expect(next).toBeGreaterThan(n);
    // Every case lies in a lowest-level grid of its area, with a category.
    expect(
      await one(`SELECT count(*)::int AS n FROM cases c JOIN grids g ON g.id = c.grid_id
        WHERE g.area_code <> c.area_code OR EXISTS (SELECT 1 FROM grids s WHERE s.parent_id = g.id) OR c.category_code IS NULL
           OR c.lat NOT BETWEEN g.min_lat AND g.max_lat OR c.lng NOT BETWEEN g.min_lng AND g.max_lng`),
    ).toBe(0);
    expect(await one("SELECT count(DISTINCT source)::int AS n FROM cases")).toBe(5);
    expect(await one("SELECT count(*)::int AS n FROM whistles WHERE area_code = '150603002000'")).toBeGreaterThan(0);
    expect(
      await one("SELECT count(*)::int AS n FROM whistle_tasks WHERE reported_at > report_due_at OR signed_at > sign_due_at"),
    ).toBeGreaterThan(0);
  });

  it("keeps each case's status the end of its events, in order and on the transition table", async () => {
    expect(
      await one(`SELECT count(*)::int AS n FROM cases c
        WHERE c.status IS DISTINCT FROM (SELECT e.to_status FROM case_events e WHERE e.case_id = c.id AND e.to_status IS NOT NULL
                                          ORDER BY e.id DESC LIMIT 1)`),
    ).toBe(0);
    expect(
      await one(`SELECT count(*)::int AS n FROM (
        SELECT at < lag(at) OVER w AS back, from_status IS DISTINCT FROM lag(to_status) OVER w AS gap, from_status
          FROM (SELECT e.*, CASE WHEN to_status IS NULL THEN NULL ELSE 1 END AS moves FROM case_events e) e
         WHERE moves IS NOT NULL
        WINDOW w AS (PARTITION BY case_id ORDER BY id)) x WHERE back OR (gap AND from_status IS NOT NULL)`),
    ).toBe(0);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM (SELECT case_id, at < lag(at) OVER (PARTITION BY case_id ORDER BY id) AS back FROM case_events) x WHERE back",
      ),
    ).toBe(0);
    const { rows } = await db.query<{ action: string; from_status: string | null; to_status: string }>(
      "SELECT DISTINCT action, from_status, to_status FROM case_events WHERE to_status IS NOT NULL",
    );
    for (const r of rows) {
      if (r.action === "submit") continue;
      const t = CASE_TRANSITIONS.find((x) => x.action === r.action)!;
      expect(t.from).toContain(r.from_status);
      if (r.action !== "rate") expect(r.to_status).toBe(t.to === "same" ? r.from_status : t.to);
    }
    // Open overdue cases are marked, so the first sweep does not notify them all at once.
    expect(
      await one(
        "SELECT count(*)::int AS n FROM cases WHERE status IN ('assigned', 'in_progress') AND deadline_at < $1 AND overdue_at IS NULL",
        [reference],
      ),
    ).toBe(0);
  });

  it("gives 神华康城社区 open work for its workbench, a few cases overdue", async () => {
    const open = await one(
      "SELECT count(*)::int AS n FROM cases WHERE area_code LIKE '150603002002%' AND status NOT IN ('closed', 'rejected', 'merged')",
    );
    expect(open).toBeGreaterThanOrEqual(20);
    expect(open).toBeLessThanOrEqual(40);
    expect(
      await one("SELECT count(*)::int AS n FROM cases WHERE area_code LIKE '150603002002%' AND overdue_at IS NOT NULL"),
    ).toBeGreaterThan(0);
    expect(
      await one("SELECT count(*)::int AS n FROM cases c JOIN accounts a ON a.id::text = c.handler_ref WHERE a.username = 'demo-grid'"),
    ).toBeGreaterThan(0);
  });

  it("comes out near the Ordos response and satisfaction rates in the assessment", async () => {
    const byStreet = await countsByKey(db, { from, to: reference, areaPrefix: "1506", level: "street" });
    const t = { ...ZERO };
    for (const c of byStreet.values()) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += c[k];
    const pct = (a: number, b: number) => (100 * a) / b;
    expect(Math.abs(pct(t.respondedOnTime, t.due) - 95.7)).toBeLessThan(2);
    expect(Math.abs(pct(t.satisfied, t.rated) - 97.2)).toBeLessThan(2);
    // The resolution rate counts a case closed unrated as solved, so it stays above the satisfaction rate here,
    // well over the published 83.7% (which Ordos counts differently).
    expect(pct(t.solved, t.judged)).toBeGreaterThan(pct(t.satisfied, t.rated));
    expect(t.reworked).toBeGreaterThan(0);
  });
});

describe("demo city: party members and volunteers", () => {
  it("has 1,727 teams, 120,000 volunteers with platform numbers, stations in 95% of communities", async () => {
    expect(await one("SELECT count(*)::int AS n FROM volunteer_teams")).toBe(VOLUNTEER_TARGETS.teams);
    expect(await one("SELECT count(*)::int AS n FROM volunteers")).toBe(VOLUNTEER_TARGETS.volunteers);
    expect(await one("SELECT count(*)::int AS n FROM volunteers WHERE number !~ '^ZY[0-9]{8}$'")).toBe(0);
    const stations = await one("SELECT count(DISTINCT area_code)::int AS n FROM volunteer_stations");
    near(stations, CALIBRATION.communities * VOLUNTEER_TARGETS.stationShare, 0.05);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM volunteer_teams t WHERE NOT EXISTS (SELECT 1 FROM volunteer_team_members m WHERE m.team_id = t.id)",
      ),
    ).toBe(0);
  });

  it("gives every reported member the year's report-in, and the communities requests to confirm", async () => {
    const reported = await one("SELECT count(*)::int AS n FROM party_members WHERE reported_community_code IS NOT NULL");
    expect(await one("SELECT count(*)::int AS n FROM report_ins WHERE kind = 'member' AND status = 'confirmed'")).toBe(reported);
    expect(await one("SELECT count(*)::int AS n FROM report_ins WHERE status = 'requested'")).toBeGreaterThan(100);
    expect(await one("SELECT count(*)::int AS n FROM report_ins WHERE kind = 'org'")).toBeGreaterThan(100);
  });

  it("has verified hours at every star level, travel apart, and hours awaiting verification", async () => {
    const { rows } = await db.query<{ star: number; n: number }>(
      `SELECT CASE WHEN h >= 1500 THEN 5 WHEN h >= 1000 THEN 4 WHEN h >= 600 THEN 3 WHEN h >= 300 THEN 2 WHEN h >= 100 THEN 1 ELSE 0 END AS star,
              count(*)::int AS n
         FROM (SELECT volunteer_id, sum(service_minutes) / 60.0 AS h FROM activity_signups
                WHERE status = 'confirmed' AND attended AND verified_at IS NOT NULL GROUP BY 1) x GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.map((r) => r.star)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await one("SELECT count(*)::int AS n FROM activity_signups WHERE verified_at IS NULL AND attended")).toBeGreaterThan(0);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM activities a JOIN activity_signups s ON s.activity_id = a.id WHERE s.service_minutes > extract(epoch FROM a.ends_at - a.starts_at) / 60",
      ),
    ).toBe(0);
  });

  it("has wishes in every state, pairs with quiet ones, and branch point rules", async () => {
    const { rows } = await db.query<{ status: string }>("SELECT DISTINCT status FROM wishes ORDER BY 1");
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "claimed", "confirmed", "declined", "fulfilled", "published", "submitted"]);
    expect(await one("SELECT count(*)::int AS n FROM pairings")).toBeGreaterThan(1000);
    expect(
      await one(`SELECT count(*)::int AS n FROM pairings p
        WHERE coalesce((SELECT max(at) FROM pairing_contacts c WHERE c.pairing_id = p.id), p.since) < now() - interval '60 days'`),
    ).toBeGreaterThan(0);
    expect(await one("SELECT count(*)::int AS n FROM point_rule_sets")).toBeGreaterThan(0);
  });

  it("gives the demo accounts their own people and work", async () => {
    const { rows } = await db.query<{ username: string; name: string; person_id: string }>(
      "SELECT a.username, p.name, p.id AS person_id FROM account_people ap JOIN accounts a ON a.id = ap.account_id JOIN people p ON p.id = ap.person_id",
    );
    const by = Object.fromEntries(rows.map((r) => [r.username, r]));
    expect(by["demo-party"]?.name).toBe("孙志强");
    expect(by["demo-volunteer"]?.name).toBe("周婷婷");
    expect(by["demo-resident"]?.name).toBe("吴桂英");
    const party = by["demo-party"]!.person_id;
    expect(
      await one(
        "SELECT count(*)::int AS n FROM report_ins WHERE person_id = $1 AND status = 'confirmed' AND community_code = '150603002002'",
        [party],
      ),
    ).toBe(1);
    expect(
      await one(
        "SELECT coalesce(sum(s.service_minutes), 0)::int AS n FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE v.person_id = $1 AND s.verified_at IS NOT NULL",
        [party],
      ),
    ).toBeGreaterThan(100 * 60);
    expect(
      await one("SELECT count(*)::int AS n FROM wishes WHERE claimant_person_id = $1 AND status = 'claimed'", [party]),
    ).toBeGreaterThan(0);
    expect(
      await one("SELECT count(*)::int AS n FROM wishes WHERE claimant_person_id = $1 AND status = 'confirmed'", [party]),
    ).toBeGreaterThan(0);
    expect(
      await one(
        "SELECT count(*)::int AS n FROM volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id WHERE v.person_id = $1",
        [by["demo-volunteer"]!.person_id],
      ),
    ).toBe(1);
  });
});

describe("demo city: integrity", () => {
  // The seed writes most rows with the foreign-key triggers off (bulk.ts, `triggersOff`); every reference must hold.
  it("keeps every foreign key", async () => {
    const { rows } = await db.query<{ name: string; child: string; parent: string; cols: string[]; refs: string[] }>(
      `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
              array(SELECT quote_ident(a.attname) FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols,
              array(SELECT quote_ident(a.attname) FROM unnest(c.confkey) WITH ORDINALITY AS k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS refs
         FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const fk of rows) {
      // MATCH SIMPLE: a reference with a NULL column is not checked.
      const n = await one(
        `SELECT count(*)::int AS n FROM ${fk.child} x WHERE ${fk.cols.map((c) => `x.${c} IS NOT NULL`).join(" AND ")}
            AND NOT EXISTS (SELECT 1 FROM ${fk.parent} y WHERE ${fk.cols.map((c, i) => `y.${fk.refs[i]} = x.${c}`).join(" AND ")})`,
      );
      if (n) broken.push(`${fk.name}: ${n}`);
    }
    expect(broken).toEqual([]);
  });
});

describe("demo city: determinism", () => {
  const digest = (q: Db) =>
    q.query<{ areas: string; grids: string; orgs: string; units: string }>(
      `SELECT
         (SELECT md5(string_agg(concat_ws('|', code, name, level, attrs::text, lat::text, lng::text), E'\\n' ORDER BY code)) FROM areas) AS areas,
         (SELECT md5(string_agg(concat_ws('|', code, name, level, area_code, geometry::text), E'\\n' ORDER BY code)) FROM grids) AS grids,
         (SELECT md5(string_agg(concat_ws('|', name, kind, area_code, basis), E'\\n' ORDER BY area_code, kind, name)) FROM party_orgs) AS orgs,
         (SELECT md5(string_agg(concat_ws('|', name, kind, area_code, party_status, credit_code), E'\\n' ORDER BY credit_code)) FROM units) AS units`,
    );

  it("builds the same city from the same seed", async () => {
    const second = await freshDb();
    try {
      await ensureReferenceData({ db: second.db });
      await seedDemo({ config: testConfig(), db: second.db, vault: createVault(randomBytes(32)) }, 2026, seededAt);
      expect((await digest(second.db)).rows[0]).toEqual((await digest(db)).rows[0]);
    } finally {
      await second.drop();
    }
  }, 300_000);

  it("builds another city from another seed", () => {
    const a = generateAreas(2026, loadOrdos());
    const b = generateAreas(7, loadOrdos());
    expect(a.communities.map((c) => c.code)).toEqual(b.communities.map((c) => c.code));
    expect(a.compounds.map((k) => k.name).join()).not.toBe(b.compounds.map((k) => k.name).join());
  });
});
