import { inScope } from "@gongzhi/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGrid, rectangle } from "../modules/grids/grids.factories.js";
import { buildAccount, buildAreas, buildCity, buildPerson, TEST_PASSWORD } from "../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../test/harness.js";
import { writeAudit } from "./audit.js";

/**
 * Scope, as a property: over random trees of areas, an actor bound to one area never sees an object of
 * another through any list or read route, and reading one directly answers 404.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ setup: async ({ db }) => buildCity(db) });
});
afterAll(() => t.close());

interface Tree {
  districts: { code: string; streets: { code: string; communities: string[] }[] }[];
}

let districtSeq = 10;
/** A random tree under the city: districts with streets with communities, codes unique across runs. */
const treeArb = fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }).map(
  (shape): Tree => ({
    districts: shape.map((streets) => {
      const d = `1506${String(districtSeq++).padStart(2, "0")}`;
      return {
        code: `${d}000000`,
        streets: streets.map((n, si) => {
          const s = `${d}${String(si + 1).padStart(3, "0")}`;
          return { code: `${s}000`, communities: Array.from({ length: n }, (_, ci) => `${s}${String(ci + 1).padStart(3, "0")}`) };
        }),
      };
    }),
  }),
);

let userSeq = 0;
let gridSeq = 0;
let caseSeq = 0;
const PHONE = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

/** Every GET route of the API and how to probe it: list routes give items with an area, read routes take an id. */
type Probe =
  | { kind: "list"; url: (ctx: World) => string[]; areaOf: (item: any) => string | null; actor: keyof World["agents"] }
  | { kind: "read"; url: (id: string) => string; outside: (ctx: World) => string[]; actor: keyof World["agents"] }
  | { kind: "self" };

interface World {
  tree: Tree;
  scopeCommunity: string;
  scopeStreet: string;
  scopeDistrict: string;
  people: { id: string; area: string }[];
  accounts: { id: string; area: string }[];
  areas: string[];
  grids: { id: string; area: string }[];
  units: { id: string; area: string }[];
  partyOrgs: { id: string; area: string }[];
  cases: { id: string; area: string }[];
  whistles: { id: string; area: string }[];
  /** party members and volunteers: volunteer, team, activity, wish, pairing, report-in of each community */
  vol: { kind: string; id: string; area: string }[];
  agents: { community: Agent; streetAdmin: Agent; districtLeader: Agent };
}

const PROBES: Record<string, Probe> = {
  // Party members and volunteers (modules/volunteers, wishes, points).
  ...(() => {
    const outsideOf = (kind: string) => (w: World) =>
      w.vol.filter((x) => x.kind === kind && !inScope(w.scopeCommunity, x.area)).map((x) => x.id);
    const list = (url: string, areaOf: (x: any) => string | null = (x) => x.areaCode): Probe => ({
      kind: "list",
      actor: "community",
      url: () => [url],
      areaOf,
    });
    const read = (url: (id: string) => string, kind: string): Probe => ({
      kind: "read",
      actor: "community",
      url,
      outside: outsideOf(kind),
    });
    const probes: Record<string, Probe> = {
      "/api/v1/volunteers": list("/api/v1/volunteers?pageSize=200"),
      "/api/v1/volunteers/me": { kind: "self" },
      "/api/v1/volunteers/me/service-record.xlsx": { kind: "self" },
      // A platform number's public record carries no personal data and no area code to scope.
      "/api/v1/volunteers/public/:number": { kind: "self" },
      "/api/v1/volunteers/:id": read((id) => `/api/v1/volunteers/${id}`, "volunteer"),
      "/api/v1/volunteers/:id/service-record.xlsx": read((id) => `/api/v1/volunteers/${id}/service-record.xlsx`, "volunteer"),
      "/api/v1/volunteer-teams": list("/api/v1/volunteer-teams?pageSize=200"),
      "/api/v1/volunteer-teams/:id": read((id) => `/api/v1/volunteer-teams/${id}`, "team"),
      "/api/v1/volunteer-stations": list("/api/v1/volunteer-stations?pageSize=200"),
      "/api/v1/activities": list("/api/v1/activities?when=all&pageSize=200"),
      "/api/v1/activities/:id": read((id) => `/api/v1/activities/${id}`, "activity"),
      "/api/v1/activities/:id/signups": read((id) => `/api/v1/activities/${id}/signups`, "activity"),
      "/api/v1/wishes": list("/api/v1/wishes?pageSize=200"),
      "/api/v1/wishes/:id": read((id) => `/api/v1/wishes/${id}`, "wish"),
      "/api/v1/pairings": list("/api/v1/pairings?pageSize=200"),
      "/api/v1/pairings/mine": { kind: "self" },
      "/api/v1/pairings/:id": read((id) => `/api/v1/pairings/${id}`, "pairing"),
      "/api/v1/report-ins": list("/api/v1/report-ins?pageSize=200", (x) => x.communityCode),
      "/api/v1/report-ins/mine": { kind: "self" },
      "/api/v1/report-ins/:id": read((id) => `/api/v1/report-ins/${id}`, "report_in"),
      "/api/v1/report-ins/by-org/:partyOrgId": {
        kind: "read",
        actor: "community",
        url: (id) => `/api/v1/report-ins/by-org/${id}`,
        outside: (w) => w.partyOrgs.filter((o) => !inScope(w.scopeCommunity, o.area)).map((o) => o.id),
      },
      "/api/v1/points/mine": { kind: "self" },
      "/api/v1/points/items": { kind: "self" }, // without partyOrgId: the actor's own items
      "/api/v1/points/rules/:partyOrgId": {
        kind: "read",
        actor: "community",
        url: (id) => `/api/v1/points/rules/${id}`,
        outside: (w) => w.partyOrgs.filter((o) => !inScope(w.scopeCommunity, o.area)).map((o) => o.id),
      },
      "/api/v1/points/candidates/:partyOrgId": {
        kind: "read",
        actor: "community",
        url: (id) => `/api/v1/points/candidates/${id}`,
        outside: (w) => w.partyOrgs.filter((o) => !inScope(w.scopeCommunity, o.area)).map((o) => o.id),
      },
      "/api/v1/points/members/:personId": {
        kind: "read",
        actor: "community",
        url: (id) => `/api/v1/points/members/${id}`,
        outside: (w) => w.people.filter((p) => !inScope(w.scopeCommunity, p.area)).map((p) => p.id),
      },
    };
    return probes;
  })(),
  "/api/v1/me": { kind: "self" },
  "/api/v1/auth/status": { kind: "self" },
  "/api/v1/api-keys": { kind: "self" }, // not area data: keys belong to the platform, managed by apikeys.manage only
  // What machine clients sent: cases, so area data.
  "/api/v1/api-keys/requests": {
    kind: "list",
    actor: "streetAdmin",
    url: () => ["/api/v1/api-keys/requests?pageSize=200"],
    areaOf: (c) => c.areaCode,
  },
  "/api/v1/areas": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/areas?pageSize=200",
      `/api/v1/areas?parent=${w.scopeStreet}&pageSize=200`,
      `/api/v1/areas?parent=${w.tree.districts[1]!.streets[0]!.code}&pageSize=200`,
      "/api/v1/areas?q=区域&pageSize=200",
    ],
    areaOf: (a) => a.code,
  },
  "/api/v1/areas/:code": {
    kind: "read",
    actor: "community",
    url: (c) => `/api/v1/areas/${c}`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/departments": { kind: "list", actor: "community", url: () => ["/api/v1/departments"], areaOf: (d) => d.areaCode },
  "/api/v1/people": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/people?pageSize=200",
      `/api/v1/people?areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/people?q=居民&pageSize=200",
      "/api/v1/people?role=party_member&pageSize=200",
      `/api/v1/people?q=${PHONE(0)}`,
    ],
    areaOf: (p) => p.areaCode,
  },
  "/api/v1/people/:id": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/people/${id}`,
    outside: (w) => w.people.filter((p) => !inScope(w.scopeCommunity, p.area)).map((p) => p.id),
  },
  "/api/v1/people/:id/personal-data": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/people/${id}/personal-data`,
    outside: (w) => w.people.filter((p) => !inScope(w.scopeCommunity, p.area)).map((p) => p.id),
  },
  "/api/v1/accounts": {
    kind: "list",
    actor: "streetAdmin",
    url: () => ["/api/v1/accounts?pageSize=200", "/api/v1/accounts?q=u&pageSize=200"],
    areaOf: (a) => a.areaCode,
  },
  "/api/v1/accounts/:id": {
    kind: "read",
    actor: "streetAdmin",
    url: (id) => `/api/v1/accounts/${id}`,
    outside: (w) => w.accounts.filter((a) => !inScope(w.scopeStreet, a.area)).map((a) => a.id),
  },
  "/api/v1/grids": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/grids?pageSize=200",
      `/api/v1/grids?areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/grids?q=网格&pageSize=200",
      "/api/v1/grids?withGeometry=true&pageSize=1000",
    ],
    areaOf: (g) => g.areaCode,
  },
  "/api/v1/grids/:id": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/grids/${id}`,
    outside: (w) => w.grids.filter((g) => !inScope(w.scopeCommunity, g.area)).map((g) => g.id),
  },
  // Answers every point, naming the grid only when it is in scope: checked in modules/grids/grids.test.ts.
  "/api/v1/grids/locate": { kind: "self" },
  "/api/v1/areas/:code/detail": {
    kind: "read",
    actor: "community",
    url: (c) => `/api/v1/areas/${c}/detail`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/areas/:code/resources": {
    kind: "read",
    actor: "community",
    url: (c) => `/api/v1/areas/${c}/resources`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/party-orgs": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/party-orgs?pageSize=200",
      `/api/v1/party-orgs?areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/party-orgs?kind=community_committee&q=党委&pageSize=200",
    ],
    areaOf: (o) => o.areaCode,
  },
  "/api/v1/party-orgs/:id": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/party-orgs/${id}`,
    outside: (w) => w.partyOrgs.filter((o) => !inScope(w.scopeCommunity, o.area)).map((o) => o.id),
  },
  "/api/v1/units": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/units?pageSize=200",
      `/api/v1/units?areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/units?kind=shop&partyStatus=joint&q=商店&pageSize=200",
    ],
    areaOf: (u) => u.areaCode,
  },
  "/api/v1/units/:id": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/units/${id}`,
    outside: (w) => w.units.filter((u) => !inScope(w.scopeCommunity, u.area)).map((u) => u.id),
  },
  "/api/v1/stats/coverage": {
    kind: "read",
    actor: "community",
    url: (c) => `/api/v1/stats/coverage?areaCode=${c}`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/households": {
    kind: "list",
    actor: "community",
    url: (w) => ["/api/v1/households?pageSize=200", `/api/v1/households?areaCode=${w.tree.districts[1]!.code}&pageSize=200`],
    areaOf: (h) => h.areaCode,
  },
  // Excel exports answer .xlsx, not JSON: their scope is checked as a property in modules/excel/excel.scope.test.ts.
  "/api/v1/areas/export.xlsx": { kind: "self" },
  "/api/v1/grids/export.xlsx": { kind: "self" },
  "/api/v1/units/export.xlsx": { kind: "self" },
  "/api/v1/party-orgs/export.xlsx": { kind: "self" },
  "/api/v1/people/export.xlsx": { kind: "self" },
  // Import templates hold no data.
  "/api/v1/imports/templates/areas.xlsx": { kind: "self" },
  "/api/v1/imports/templates/grids.xlsx": { kind: "self" },
  "/api/v1/imports/templates/units.xlsx": { kind: "self" },
  "/api/v1/imports/templates/party-members.xlsx": { kind: "self" },
  "/api/v1/imports/templates/community-workers.xlsx": { kind: "self" },
  // The 民情 loop: the ledger and what hangs off a case are area data; categories, the national calendar, the
  // areas offered on the report page are reference data; a tracked case answers whoever holds its code.
  "/api/v1/cases": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/cases?pageSize=200",
      `/api/v1/cases?areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/cases?q=诉求&sort=deadline&pageSize=200",
      "/api/v1/cases?status=submitted,assigned&overdue=false&pageSize=200",
    ],
    areaOf: (c) => c.areaCode,
  },
  "/api/v1/cases/:id": { kind: "read", actor: "community", url: (id) => `/api/v1/cases/${id}`, outside: (w) => outsideCases(w) },
  "/api/v1/cases/:id/events": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/events`,
    outside: (w) => outsideCases(w),
  },
  "/api/v1/cases/:id/personal-data": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/personal-data`,
    outside: (w) => outsideCases(w),
  },
  "/api/v1/cases/:id/proposal": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/proposal`,
    outside: (w) => outsideCases(w),
  },
  "/api/v1/cases/:id/duplicates": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/duplicates`,
    outside: (w) => outsideCases(w),
  },
  "/api/v1/cases/:id/sheet": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/sheet`,
    outside: (w) => outsideCases(w),
  },
  "/api/v1/cases/:id/photos/:n": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/cases/${id}/photos/1`,
    outside: (w) => outsideCases(w),
  },
  // An .xlsx, not JSON: its scope is checked in modules/cases/ledger.test.ts.
  "/api/v1/cases/export.xlsx": { kind: "self" },
  "/api/v1/cases/track/:code": { kind: "self" },
  "/api/v1/cases/track/:code/photos/:n": { kind: "self" },
  "/api/v1/my/cases": { kind: "self" },
  "/api/v1/case-categories": { kind: "self" },
  "/api/v1/case-categories/all": { kind: "self" },
  "/api/v1/case-categories/:code": { kind: "self" },
  "/api/v1/case-areas": { kind: "self" },
  // Public grid outlines for the report page (no one's data); checked in modules/grids/grids.test.ts.
  "/api/v1/case-areas/:code/grids": { kind: "self" },
  "/api/v1/calendar-days": { kind: "self" },
  "/api/v1/working-hours": { kind: "list", actor: "streetAdmin", url: () => ["/api/v1/working-hours"], areaOf: (h) => h.areaCode },
  "/api/v1/case-handlers/grid-workers": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/case-handlers/grid-workers?pageSize=100",
      `/api/v1/case-handlers/grid-workers?serving=${w.tree.districts[1]!.streets[0]!.communities[0]!}`,
      `/api/v1/case-handlers/grid-workers?areaCode=${w.tree.districts[1]!.code}&pageSize=100`,
    ],
    areaOf: (g) => g.areaCode,
  },
  "/api/v1/routing-rules": {
    kind: "list",
    actor: "streetAdmin",
    url: (w) => [
      "/api/v1/routing-rules",
      `/api/v1/routing-rules?areaCode=${w.tree.districts[1]!.code}`,
      "/api/v1/routing-rules?handlerKind=community",
    ],
    areaOf: (r) => r.areaCode,
  },
  // 吹哨报到 and 动态考核. A department's or unit's own inbox is checked in modules/whistles/whistles.test.ts.
  "/api/v1/whistles": {
    kind: "list",
    actor: "community",
    url: (w) => [
      "/api/v1/whistles?status=all&pageSize=200",
      `/api/v1/whistles?status=all&areaCode=${w.tree.districts[1]!.code}&pageSize=200`,
      "/api/v1/whistles?lateOnly=true&pageSize=200",
    ],
    areaOf: (x) => x.areaCode,
  },
  "/api/v1/whistles/:id": {
    kind: "read",
    actor: "community",
    url: (id) => `/api/v1/whistles/${id}`,
    outside: (w) => w.whistles.filter((x) => !inScope(w.scopeCommunity, x.area)).map((x) => x.id),
  },
  "/api/v1/whistle-tasks/mine": { kind: "self" },
  "/api/v1/assessment": {
    kind: "list",
    actor: "community",
    url: () => ["grid", "community", "street", "unit"].map((level) => `/api/v1/assessment?level=${level}`),
    areaOf: (r) => r.areaCode,
  },
  "/api/v1/assessment/cases": {
    kind: "read",
    actor: "community",
    url: (code) => `/api/v1/assessment/cases?level=community&key=${code}&metric=response&numerator=false`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/command-centre/summary": {
    kind: "read",
    actor: "community",
    url: (code) => `/api/v1/command-centre/summary?areaCode=${code}`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/command-centre/week": {
    kind: "read",
    actor: "community",
    url: (code) => `/api/v1/command-centre/week?areaCode=${code}`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/assessment/weights": {
    kind: "read",
    actor: "community",
    url: (code) => `/api/v1/assessment/weights?areaCode=${code}`,
    outside: (w) => w.areas.filter((a) => !inScope(w.scopeCommunity, a)),
  },
  "/api/v1/audit": { kind: "list", actor: "districtLeader", url: () => ["/api/v1/audit?pageSize=200"], areaOf: (e) => e.areaCode },
  // The account's own notifications; the track page's by tracking code (public, whoever holds the code).
  "/api/v1/inbox": { kind: "self" },
  "/api/v1/cases/track/:code/notifications": { kind: "self" },
  "/api/v1/outbox": { kind: "list", actor: "streetAdmin", url: () => ["/api/v1/outbox?pageSize=200"], areaOf: (o) => o.areaCode },
};

const outsideCases = (w: World) => w.cases.filter((c) => !inScope(w.scopeCommunity, c.area)).map((c) => c.id);

const scopeOf = (w: World, actor: keyof World["agents"]) =>
  actor === "community" ? w.scopeCommunity : actor === "streetAdmin" ? w.scopeStreet : w.scopeDistrict;

const insertId = async (sql: string, params: unknown[]) => (await t.db.query<{ id: string }>(sql, params)).rows[0]!.id;

async function buildWorld(tree: Tree): Promise<World> {
  const { db } = t;
  const areas = tree.districts.flatMap((d) => [d.code, ...d.streets.flatMap((s) => [s.code, ...s.communities])]);
  await buildAreas(
    db,
    areas.map((code) => ({ code })),
  );
  const communities = tree.districts.flatMap((d) => d.streets.flatMap((s) => s.communities));
  const people: World["people"] = [];
  const accounts: World["accounts"] = [];
  const grids: World["grids"] = [];
  const units: World["units"] = [];
  const partyOrgs: World["partyOrgs"] = [];
  const cases: World["cases"] = [];
  const whistles: World["whistles"] = [];
  const vol: World["vol"] = [];
  for (const [i, c] of communities.entries()) {
    for (let k = 0; k < 2; k++) {
      const id = await buildPerson(t.deps, { name: `居民${i}-${k}`, areaCode: c, phone: PHONE(i * 2 + k) });
      people.push({ id, area: c });
    }
    // A party organisation, a unit joined to it, a household and a party member of it, in each community.
    const org = await insertId("INSERT INTO party_orgs (name, kind, area_code) VALUES ($1, 'community_committee', $2) RETURNING id", [
      `${c}党委`,
      c,
    ]);
    partyOrgs.push({ id: org, area: c });
    const unit = await insertId(
      "INSERT INTO units (name, kind, area_code, party_status, party_org_id) VALUES ($1, 'shop', $2, 'joint', $3) RETURNING id",
      [`${c}商店`, c, org],
    );
    units.push({ id: unit, area: c });
    await db.query("INSERT INTO households (area_code, door) VALUES ($1, '1-101')", [c]);
    await db.query("INSERT INTO party_members (person_id, category, branch_id) VALUES ($1, 'retired', $2)", [people.at(-1)!.id, org]);
    for (const [kind, sql, params] of [
      [
        "volunteer",
        "INSERT INTO volunteers (person_id, number, area_code) VALUES ($1, 'ZY' || lpad(nextval('volunteer_number_seq')::text, 8, '0'), $2) RETURNING id",
        [people.at(-1)!.id, c],
      ],
      ["team", "INSERT INTO volunteer_teams (name, area_code) VALUES ('志愿服务队', $1) RETURNING id", [c]],
      ["station", "INSERT INTO volunteer_stations (name, area_code) VALUES ('志愿服务站', $1) RETURNING id", [c]],
      [
        "activity",
        "INSERT INTO activities (title, area_code, place, starts_at, ends_at, capacity) VALUES ('活动', $1, '广场', now(), now() + interval '1 day', 5) RETURNING id",
        [c],
      ],
      [
        "wish",
        "INSERT INTO wishes (title, description, category, area_code, person_id, status, published_at) VALUES ('心愿', '心愿', 'other', $1, $2, 'published', now()) RETURNING id",
        [c, people.at(-2)!.id],
      ],
      [
        "pairing",
        "INSERT INTO pairings (member_person_id, resident_person_id, kind, area_code) VALUES ($1, $2, 'other', $3) RETURNING id",
        [people.at(-1)!.id, people.at(-2)!.id, c],
      ],
      [
        "report_in",
        "INSERT INTO report_ins (kind, person_id, community_code, year, status) VALUES ('member', $1, $2, extract(year FROM now())::int, 'confirmed') RETURNING id",
        [people.at(-1)!.id, c],
      ],
    ] as const) {
      vol.push({ kind, id: await insertId(sql, [...params]), area: c });
    }
    const x = 100 + (gridSeq++ % 10_000) / 100;
    grids.push({ id: await buildGrid(db, { code: `SG${c}`, areaCode: c, geometry: rectangle(x, 30, x + 0.005, 30.005) }), area: c });
    const u = `u${userSeq++}`;
    accounts.push({ id: await buildAccount(db, { username: u, roles: ["community_staff"], areaCode: c }), area: c });
    await buildAccount(db, { username: `g${u}`, roles: ["grid_worker"], areaCode: c });
    await db.query(
      "INSERT INTO outbox (channel, recipient, kind, payload, area_code) VALUES ('sms', '139****0000', 'case.resolve', '{}', $1)",
      [c],
    );
    // A case with a photo, working hours and a routing rule in each community.
    const n = caseSeq++;
    const caseId = await insertId(
      `INSERT INTO cases (number, tracking_code, channel, source, title, area_code, grid_id, lat, lng, reporter_phone_enc)
       VALUES ($1, $2, 'resident_report', 'mobile', '诉求', $3, $4, 30.002, $5, $6) RETURNING id`,
      [`T${n}`, `TC${n}`, c, grids.at(-1)!.id, x + 0.002, t.deps.vault.encrypt(PHONE(n))],
    );
    cases.push({ id: caseId, area: c });
    // A whistle on the case summoning the community's unit; a deadline this month puts the case in the assessment.
    await db.query("UPDATE cases SET deadline_at = now() WHERE id = $1", [caseId]);
    const whistleId = await insertId(
      "INSERT INTO whistles (case_id, title, level, area_code) VALUES ($1, '吹哨', 'urgent', $2) RETURNING id",
      [caseId, c],
    );
    await db.query(
      `INSERT INTO whistle_tasks (whistle_id, party_kind, party_id, party_label, sign_due_at, contact_due_at, result_due_at)
       VALUES ($1, 'unit', $2, '商店', now(), now(), now())`,
      [whistleId, unit],
    );
    whistles.push({ id: whistleId, area: c });
    await db.query("INSERT INTO case_photos (case_id, seq, mime, bytes, content) VALUES ($1, 1, 'image/png', 1, '\\x89')", [caseId]);
    await db.query("INSERT INTO working_hours (area_code, windows) VALUES ($1, '[[540, 1020]]') ON CONFLICT DO NOTHING", [c]);
    await db.query("INSERT INTO routing_rules (area_code, handler_kind) VALUES ($1, 'community') ON CONFLICT DO NOTHING", [c]);
    await writeAudit(
      db,
      { actorId: null, actorLabel: "test", ip: null },
      { action: "test.write", objectType: "area", objectId: c, areaCode: c },
    );
  }
  for (const d of tree.districts) {
    await db.query("INSERT INTO departments (name, area_code) VALUES ($1, $2)", [`${d.code}城管局`, d.code]);
  }
  const first = tree.districts[0]!;
  const scopeStreet = first.streets[0]!.code;
  const scopeCommunity = first.streets[0]!.communities[0]!;
  const n = userSeq++;
  await buildAccount(db, { username: `c${n}`, roles: ["community_staff"], areaCode: scopeCommunity });
  await buildAccount(db, { username: `s${n}`, roles: ["admin"], areaCode: scopeStreet });
  await buildAccount(db, { username: `l${n}`, roles: ["leader"], areaCode: first.code });
  return {
    tree,
    scopeCommunity,
    scopeStreet,
    scopeDistrict: first.code,
    people,
    accounts,
    areas,
    grids,
    units,
    partyOrgs,
    cases,
    whistles,
    vol,
    agents: {
      community: await loginAs(t.app, `c${n}`, TEST_PASSWORD),
      streetAdmin: await loginAs(t.app, `s${n}`, TEST_PASSWORD),
      districtLeader: await loginAs(t.app, `l${n}`, TEST_PASSWORD),
    },
  };
}

describe("scope", () => {
  it("every GET route of the API has a scope probe", () => {
    const gets = t.app
      .routePermissions()
      .filter((r) => r.method === "GET" && r.url.startsWith("/api/v1/"))
      .map((r) => r.url);
    expect(gets.filter((u) => !PROBES[u])).toEqual([]);
  });

  it("an actor of one area never sees another area's objects through any list or read route", async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        const w = await buildWorld(tree);
        for (const [route, probe] of Object.entries(PROBES)) {
          if (probe.kind === "self") continue;
          const agent = w.agents[probe.actor];
          const scope = scopeOf(w, probe.actor);
          if (probe.kind === "list") {
            for (const url of probe.url(w)) {
              const res = await agent.get(url);
              expect(res.status, `${route} ${url}`).toBe(200);
              for (const item of res.body.items) {
                const area = probe.areaOf(item);
                // Departments of the governments above the scope are listed on purpose (a street summons them).
                if (route === "/api/v1/departments" && area && scope.startsWith(area.replace(/0+$/, ""))) continue;
                expect(area !== null && inScope(scope, area), `${route} ${url} leaked ${area} to scope ${scope}`).toBe(true);
              }
            }
          } else {
            for (const id of probe.outside(w).slice(0, 6)) {
              const res = await agent.get(probe.url(id));
              expect(res.status, `${route} ${id}`).toBe(404);
            }
          }
        }
        // And the actor does see what is inside its scope.
        const own = await w.agents.community.get("/api/v1/people?pageSize=200");
        expect(own.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
          w.people
            .filter((p) => p.area === w.scopeCommunity)
            .map((p) => p.id)
            .sort(),
        );
      }),
      { numRuns: 12 },
    );
    // Each run builds a world of several communities and probes every route: allow for a loaded machine.
  }, 300_000);
});
