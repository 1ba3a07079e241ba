import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parentCode, type Role, scopePrefix } from "@gongzhi/contracts";
import type { Db, Queryable } from "../db/client.js";
import type { Deps } from "../platform/context.js";
import { hashPassword } from "../platform/passwords.js";
import { insertColumns, triggersOff, triggersOn, updateColumns } from "./bulk.js";
import { CALIBRATION } from "./calibration.js";
import { type AreaRec, type CityAreas, type Divisions, generateAreas } from "./generate-areas.js";
import { type CaseHistorySummary, historyReference, seedCases } from "./generate-cases.js";
import { generateParty, type PartyOrgRec } from "./generate-party.js";
import { type CityPeople, generatePeople } from "./generate-people.js";
import { DEMO_UNIT, generateUnits, type UnitRec } from "./generate-units.js";
import { seedVolunteers, type VolunteerSummary } from "./generate-volunteers.js";
import { type Ring, ringBBox } from "./geometry.js";

export type { Division, Divisions } from "./generate-areas.js";

const DATA = join(dirname(fileURLToPath(import.meta.url)), "data", "ordos-divisions.json");

/** The Ordos subset of the 2023 statistical division codes (see data/README.md for the source). */
export function loadOrdos(): Divisions {
  return JSON.parse(readFileSync(DATA, "utf8")) as Divisions;
}

/** The demo accounts: one per role, bound to real places of the demo city. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; roles: Role[]; area?: string; department?: string; unit?: string }[] =
  [
    { username: "demo-admin", displayName: "系统管理员", roles: ["admin"], area: "150600000000" },
    { username: "demo-leader", displayName: "市委社会工作部 王建华", roles: ["leader"], area: "150600000000" },
    { username: "demo-street", displayName: "青春山街道 李海燕", roles: ["street_staff"], area: "150603002000" },
    { username: "demo-community", displayName: "神华康城社区 张晓东", roles: ["community_staff"], area: "150603002002" },
    // 赵玉兰 is the grid worker of the first compound grid of 神华康城社区; the account keeps the community's scope.
    { username: "demo-grid", displayName: "网格员 赵玉兰", roles: ["grid_worker"], area: "150603002002" },
    {
      username: "demo-department",
      displayName: "康巴什区城市管理综合执法局 刘刚",
      roles: ["department"],
      department: "康巴什区城市管理综合执法局",
    },
    { username: "demo-unit", displayName: "国网康巴什供电分公司 陈磊", roles: ["unit_rep"], unit: DEMO_UNIT.name },
    { username: "demo-party", displayName: "党员 孙志强", roles: ["party_member"] },
    { username: "demo-volunteer", displayName: "志愿者 周婷婷", roles: ["volunteer"] },
    { username: "demo-resident", displayName: "居民 吴桂英", roles: ["resident"] },
  ];

/** Whether the database holds no areas yet (a first start). */
export async function isEmpty(db: Queryable): Promise<boolean> {
  return !(await db.query("SELECT 1 FROM areas LIMIT 1")).rows.length;
}

/** The whole demo city in memory, before it is written: deterministic for a seed (ids aside). */
export interface DemoCity {
  areas: CityAreas;
  people: CityPeople;
  units: UnitRec[];
  partyOrgs: PartyOrgRec[];
}

/** Generates the demo city for a seed without touching the database. */
export function generateCity(seed: number, ordos: Divisions = loadOrdos()): DemoCity {
  const areas = generateAreas(seed, ordos);
  const people = generatePeople(seed, areas);
  const units = generateUnits(seed, areas);
  const partyOrgs = generateParty(seed, areas, people, units);
  return { areas, people, units, partyOrgs };
}

export interface SeedSummary {
  areas: number;
  grids: number;
  partyOrgs: number;
  units: number;
  households: number;
  people: number;
  partyMembers: number;
  communityWorkers: number;
  accounts: number;
  cases: CaseHistorySummary;
  volunteers?: VolunteerSummary;
}

/**
 * Builds the demo city at Ordos scale (DOMAIN.md §5): the area tree from the 2023 codes down to compounds
 * and buildings, three levels of grids, party organisations, units, residents in households, party members,
 * community workers and grid workers, leaders' pairings, 三有 records, departments and one account per role.
 * Deterministic for a seed; written set-based in one transaction.
 */
export async function seedDemo(deps: Deps, seed = 2026, now: Date = new Date()): Promise<SeedSummary> {
  const { db, config, vault } = deps;
  const city = generateCity(seed);
  const { areas, people, units, partyOrgs } = city;
  const password = await hashPassword(config.demoPassword);

  // Personal data is encrypted, with keyed look-up hashes, as the people module stores it.
  const enc = (v: string | null) => (v ? vault.encrypt(v) : null);
  const hash = (v: string | null) => (v ? vault.hash(v) : null);
  const ps = people.people;
  const personColumns: Parameters<typeof insertColumns>[2] = [
    ["id", "uuid", ps.map((p) => p.id)],
    ["name", "text", ps.map((p) => p.name)],
    ["gender", "text", ps.map((p) => p.gender)],
    ["area_code", "text", ps.map((p) => p.areaCode)],
    ["id_number_enc", "text", ps.map((p) => enc(p.idNumber))],
    ["id_number_hash", "text", ps.map((p) => hash(p.idNumber))],
    ["phone_enc", "text", ps.map((p) => enc(p.phone))],
    ["phone_hash", "text", ps.map((p) => hash(p.phone))],
    ["address_enc", "text", ps.map((p) => enc(p.address))],
    ["household_id", "uuid", ps.map((p) => p.householdId)],
    ["birth_year", "int", ps.map((p) => p.birthYear)],
    ["resident_type", "text", ps.map((p) => p.residentType)],
  ];
  const hs = people.households;

  return db.tx(async (q) => {
    const areaRows: AreaRec[] = [
      areas.province,
      areas.city,
      ...areas.districts,
      ...areas.streets,
      ...areas.communities,
      ...areas.compounds,
      ...areas.buildings,
    ];
    await insertColumns(q, "areas", [
      ["code", "text", areaRows.map((a) => a.code)],
      ["name", "text", areaRows.map((a) => a.name)],
      ["level", "text", areaRows.map((a) => a.level)],
      ["parent_code", "text", areaRows.map((a) => parentCode(a.code))],
      ["prefix", "text", areaRows.map((a) => scopePrefix(a.code))],
      ["attrs", "jsonb", areaRows.map((a) => JSON.stringify(a.attrs))],
      ["lat", "float8", areaRows.map((a) => a.lat)],
      ["lng", "float8", areaRows.map((a) => a.lng)],
    ]);

    const gs = areas.grids;
    const geometry = (ring: Ring) => JSON.stringify({ type: "Polygon", coordinates: [ring] });
    const bbox = gs.map((g) => ringBBox(g.ring));
    await insertColumns(q, "grids", [
      ["id", "uuid", gs.map((g) => g.id)],
      ["code", "text", gs.map((g) => g.code)],
      ["name", "text", gs.map((g) => g.name)],
      ["level", "text", gs.map((g) => g.level)],
      ["parent_id", "uuid", gs.map((g) => g.parentId)],
      ["area_code", "text", gs.map((g) => g.areaCode)],
      ["geometry", "jsonb", gs.map((g) => geometry(g.ring))],
      ["min_lng", "float8", bbox.map((b) => b[0])],
      ["min_lat", "float8", bbox.map((b) => b[1])],
      ["max_lng", "float8", bbox.map((b) => b[2])],
      ["max_lat", "float8", bbox.map((b) => b[3])],
    ]);

    // The grids went in with their triggers (the statement that bumps `grids_version` for the processes' grid
    // indexes); the registry that follows is generated consistent with itself, so its foreign keys are not checked
    // row by row (see `triggersOff`).
    const bulk = await triggersOff(q, "registry_bulk");
    await insertColumns(q, "households", [
      ["id", "uuid", hs.map((h) => h.id)],
      ["area_code", "text", hs.map((h) => h.building.code)],
      ["grid_id", "uuid", hs.map((h) => h.gridId)],
      ["door", "text", hs.map((h) => h.door)],
      ["address_enc", "text", hs.map((h) => vault.encrypt(h.address))],
    ]);
    await insertColumns(q, "people", personColumns);

    await insertColumns(q, "units", [
      ["id", "uuid", units.map((u) => u.id)],
      ["name", "text", units.map((u) => u.name)],
      ["area_code", "text", units.map((u) => u.grid.areaCode)],
      ["kind", "text", units.map((u) => u.kind)],
      ["street_relation", "text", units.map((u) => u.streetRelation)],
      ["grid_id", "uuid", units.map((u) => u.grid.id)],
      ["party_status", "text", units.map((u) => u.partyStatus)],
      ["credit_code", "text", units.map((u) => u.creditCode)],
      ["address", "text", units.map((u) => u.address)],
      ["employees", "int", units.map((u) => u.employees)],
    ]);

    await insertColumns(q, "party_orgs", [
      ["id", "uuid", partyOrgs.map((o) => o.id)],
      ["name", "text", partyOrgs.map((o) => o.name)],
      ["kind", "text", partyOrgs.map((o) => o.kind)],
      ["basis", "text", partyOrgs.map((o) => o.basis)],
      ["parent_id", "uuid", partyOrgs.map((o) => o.parentId)],
      ["area_code", "text", partyOrgs.map((o) => o.areaCode)],
      ["grid_id", "uuid", partyOrgs.map((o) => o.gridId)],
      ["unit_id", "uuid", partyOrgs.map((o) => o.unitId)],
      ["secretary_person_id", "uuid", partyOrgs.map((o) => o.secretaryId)],
      ["established_on", "date", partyOrgs.map((o) => o.establishedOn)],
    ]);
    const covered = units.filter((u) => u.partyOrgId);
    await updateColumns(
      q,
      "units",
      [["party_org_id", "uuid", covered.map((u) => u.partyOrgId)]],
      covered.map((u) => u.id),
    );
    const staffed = gs.filter((g) => g.workerPersonId || g.partyGroupId);
    await updateColumns(
      q,
      "grids",
      [
        ["worker_person_id", "uuid", staffed.map((g) => g.workerPersonId)],
        ["party_group_id", "uuid", staffed.map((g) => g.partyGroupId)],
      ],
      staffed.map((g) => g.id),
    );

    const ms = people.members;
    await insertColumns(q, "party_members", [
      ["person_id", "uuid", ms.map((m) => m.person.id)],
      ["category", "text", ms.map((m) => m.category)],
      ["branch_id", "uuid", ms.map((m) => m.branchId)],
      ["joined_on", "date", ms.map((m) => m.joinedOn)],
      ["work_unit_id", "uuid", ms.map((m) => m.workUnitId)],
      ["reported_community_code", "text", ms.map((m) => m.reportedCommunityCode)],
      ["reported_on", "date", ms.map((m) => m.reportedOn)],
    ]);
    const ws = people.workers;
    await insertColumns(q, "community_workers", [
      ["person_id", "uuid", ws.map((w) => w.person.id)],
      ["area_code", "text", ws.map((w) => w.community.code)],
      ["education", "text", ws.map((w) => w.education)],
      ["social_work_credential", "text", ws.map((w) => w.credential)],
      ["post", "text", ws.map((w) => w.post)],
      ["grade", "int", ws.map((w) => w.grade)],
      ["started_on", "date", ws.map((w) => w.startedOn)],
    ]);
    const lp = people.pairings;
    await insertColumns(q, "leader_pairings", [
      ["person_id", "uuid", lp.map((p) => p.person.id)],
      ["area_code", "text", lp.map((p) => p.areaCode)],
      ["title", "text", lp.map((p) => p.title)],
      ["since", "date", lp.map((p) => p.since)],
    ]);
    // 三有: staff are the community's workers plus its public-welfare posts.
    const staffCount = new Map<string, number>();
    for (const w of ws) staffCount.set(w.community.code, (staffCount.get(w.community.code) ?? 0) + 1);
    const rs = areas.resources;
    await insertColumns(q, "community_resources", [
      ["area_code", "text", rs.map((x) => x.areaCode)],
      ["year", "int", rs.map(() => CALIBRATION.year)],
      ["staff_count", "int", rs.map((x) => (staffCount.get(x.areaCode) ?? 0) + x.staffExtra)],
      ["funds_service", "numeric", rs.map((x) => x.fundsService)],
      ["funds_office", "numeric", rs.map((x) => x.fundsOffice)],
      ["funds_activity", "numeric", rs.map((x) => x.fundsActivity)],
      ["venue_area_m2", "numeric", rs.map((x) => x.venueAreaM2)],
      ["venue_ownership", "text", rs.map((x) => x.venueOwnership)],
    ]);

    // Departments of each district, and the demo accounts.
    const depts = areas.districts.flatMap((d) =>
      ["城市管理综合执法局", "民政局", "住房和城乡建设局", "卫生健康委员会"].map((x) => ({ name: d.name + x, area: d.code })),
    );
    const { rows: deptRows } = await q.query<{ id: string; name: string }>(
      `INSERT INTO departments (name, area_code) SELECT * FROM unnest($1::text[], $2::text[]) RETURNING id, name`,
      [depts.map((d) => d.name), depts.map((d) => d.area)],
    );
    const deptIds = new Map(deptRows.map((d) => [d.name, d.id]));
    const unitIds = new Map(units.map((u) => [u.name, u.id]));
    for (const a of DEMO_ACCOUNTS) {
      await q.query(
        `INSERT INTO accounts (username, display_name, password_hash, roles, area_code, department_id, unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          a.username,
          a.displayName,
          password,
          a.roles,
          a.area ?? null,
          a.department ? (deptIds.get(a.department) ?? null) : null,
          a.unit ? (unitIds.get(a.unit) ?? null) : null,
        ],
      );
    }
    if (bulk) await triggersOn(q);
    // Three months of cases up to the start of today (the categories and calendar are loaded before the seed).
    const cases = await seedCases(q, seed, areas, historyReference(now));
    // Volunteers, teams, service hours, report-ins, wishes, pairs and points (generate-volunteers.ts).
    const volunteers = await seedVolunteers(q, vault, seed, areas, people, now);
    // Fresh statistics for the planner: PGlite has no autovacuum to gather them later.
    await q.query("ANALYZE");
    return { ...summarize(city, DEMO_ACCOUNTS.length, cases), volunteers };
  });
}

function summarize(city: DemoCity, accounts: number, cases: CaseHistorySummary): SeedSummary {
  const a = city.areas;
  return {
    areas: 2 + a.districts.length + a.streets.length + a.communities.length + a.compounds.length + a.buildings.length,
    grids: a.grids.length,
    partyOrgs: city.partyOrgs.length,
    units: city.units.length,
    households: city.people.households.length,
    people: city.people.people.length,
    partyMembers: city.people.members.length,
    communityWorkers: city.people.workers.length,
    accounts,
    cases,
  };
}

/** Seeds the demo city unless the database already holds data. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (!(await isEmpty(deps.db as Db))) return false;
  await seedDemo(deps);
  return true;
}
