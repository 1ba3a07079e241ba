import {
  type Area,
  type AreaAttrs,
  type AreaDetail,
  type AreaLevel,
  type CommunityResources,
  levelOfCode,
  parentCode,
  scopePrefix,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope, scopeSql } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";

interface AreaRow {
  code: string;
  name: string;
  level: Area["level"];
  parent_code: string | null;
  child_count: number;
}

const SELECT = `SELECT a.code, a.name, a.level, a.parent_code,
  (SELECT count(*)::int FROM areas c WHERE c.parent_code = a.code) AS child_count FROM areas a`;

/** The API view of an area with the actor's abilities on it. */
export function toArea(r: AreaRow, actor: Actor): Area {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    childCount: r.child_count,
    abilities: { update: actor.permissions.has("areas.write") },
  };
}

/**
 * Areas in the actor's scope: the children of `parent`, or those matching a name search, or — with
 * neither — the actor's own scope root.
 */
export async function listAreas(
  q: Queryable,
  actor: Actor,
  f: { parent?: string; q?: string; page: number; pageSize: number },
): Promise<{ rows: AreaRow[]; total: number }> {
  const where = new Where().scope(actor, "a.code");
  if (f.parent) where.and("a.parent_code = ?", f.parent);
  if (f.q) where.and("(a.name ILIKE ? OR a.code LIKE ?)", `%${f.q}%`);
  if (!f.parent && !f.q) where.and("a.code = ?", actor.areaCode);
  return pageQuery<AreaRow>(q, where, f, {
    from: "areas a",
    rows: (cond, limit) => `${SELECT} WHERE ${cond} ORDER BY a.code ${limit}`,
  });
}

/** One area, if it is in the actor's scope. */
export async function findArea(q: Queryable, actor: Actor, code: string): Promise<AreaRow | null> {
  const scope = scopeSql(actor, "a.code", 2);
  const { rows } = await q.query<AreaRow>(`${SELECT} WHERE a.code = $1 AND ${scope.sql}`, [code, scope.param]);
  return rows[0] ?? null;
}

/** Inserts an area; its level, parent and prefix follow from the code. */
export async function insertArea(q: Queryable, code: string, name: string): Promise<void> {
  await q.query("INSERT INTO areas (code, name, level, parent_code, prefix) VALUES ($1, $2, $3, $4, $5)", [
    code,
    name,
    levelOfCode(code),
    parentCode(code),
    scopePrefix(code),
  ]);
}

export interface AreaDetailRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  attrs: AreaAttrs;
  lat: number | null;
  lng: number | null;
}

/** One area with its classifications and position, if it is in the actor's scope. */
export async function findAreaDetail(q: Queryable, actor: Actor, code: string): Promise<AreaDetailRow | null> {
  const scope = scopeSql(actor, "a.code", 2);
  const { rows } = await q.query<AreaDetailRow>(
    `SELECT a.code, a.name, a.level, a.parent_code, a.attrs, a.lat, a.lng FROM areas a WHERE a.code = $1 AND ${scope.sql}`,
    [code, scope.param],
  );
  return rows[0] ?? null;
}

/** The ancestors of an area, from the root down to its parent. */
export async function ancestorsOf(q: Queryable, code: string): Promise<AreaDetail["ancestors"]> {
  const codes: string[] = [];
  for (let c = parentCode(code); c; c = parentCode(c)) codes.push(c);
  if (!codes.length) return [];
  const { rows } = await q.query<{ code: string; name: string; level: AreaLevel }>(
    "SELECT code, name, level FROM areas WHERE code = ANY($1::text[])",
    [codes],
  );
  return rows.sort((a, b) => codes.indexOf(b.code) - codes.indexOf(a.code));
}

/** Counts of what the registry holds inside an area's subtree. */
export async function areaFigures(q: Queryable, code: string): Promise<AreaDetail["figures"]> {
  const { rows } = await q.query<AreaDetail["figures"]>(
    `SELECT (SELECT count(*)::int FROM areas WHERE parent_code = $2) AS "children",
            (SELECT count(*)::int FROM grids WHERE area_code LIKE $1) AS "grids",
            (SELECT count(*)::int FROM units WHERE area_code LIKE $1) AS "units",
            (SELECT count(*)::int FROM party_orgs WHERE area_code LIKE $1 AND dissolved_on IS NULL) AS "partyOrgs",
            (SELECT count(*)::int FROM party_members pm LEFT JOIN party_orgs b ON b.id = pm.branch_id
              WHERE b.area_code LIKE $1 OR pm.reported_community_code LIKE $1) AS "partyMembers",
            (SELECT count(*)::int FROM community_workers WHERE area_code LIKE $1) AS "communityWorkers",
            (SELECT count(*)::int FROM people WHERE area_code LIKE $1) AS "people",
            (SELECT count(*)::int FROM households WHERE area_code LIKE $1) AS "households"`,
    [`${scopePrefix(code)}%`, code],
  );
  return rows[0]!;
}

interface ResourcesRow {
  year: number;
  staff_count: number;
  funds_service: number;
  funds_office: number;
  funds_activity: number;
  venue_area_m2: number;
  venue_ownership: CommunityResources["venueOwnership"];
}

const toResources = (r: ResourcesRow): CommunityResources => ({
  year: r.year,
  staffCount: r.staff_count,
  fundsService: r.funds_service,
  fundsOffice: r.funds_office,
  fundsActivity: r.funds_activity,
  venueAreaM2: r.venue_area_m2,
  venueOwnership: r.venue_ownership,
});

/** A community's 三有 records, the latest year first. */
export async function listResources(q: Queryable, code: string, limit = 100): Promise<CommunityResources[]> {
  const { rows } = await q.query<ResourcesRow>(
    `SELECT year, staff_count, funds_service::float8 AS funds_service, funds_office::float8 AS funds_office,
            funds_activity::float8 AS funds_activity, venue_area_m2::float8 AS venue_area_m2, venue_ownership
       FROM community_resources WHERE area_code = $1 ORDER BY year DESC LIMIT $2`,
    [code, limit],
  );
  return rows.map(toResources);
}

/** Records a community's 三有 for one year, replacing what that year held. */
export async function saveResources(q: Queryable, code: string, r: CommunityResources): Promise<void> {
  await q.query(
    `INSERT INTO community_resources (area_code, year, staff_count, funds_service, funds_office, funds_activity, venue_area_m2, venue_ownership)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (area_code, year) DO UPDATE SET staff_count = EXCLUDED.staff_count, funds_service = EXCLUDED.funds_service,
       funds_office = EXCLUDED.funds_office, funds_activity = EXCLUDED.funds_activity, venue_area_m2 = EXCLUDED.venue_area_m2,
       venue_ownership = EXCLUDED.venue_ownership, updated_at = now()`,
    [code, r.year, r.staffCount, r.fundsService, r.fundsOffice, r.fundsActivity, r.venueAreaM2, r.venueOwnership],
  );
}

/** Renames an area and replaces its classifications. */
export async function updateArea(q: Queryable, code: string, name: string, attrs: AreaAttrs): Promise<void> {
  await q.query("UPDATE areas SET name = $2, attrs = $3, updated_at = now() WHERE code = $1", [code, name, JSON.stringify(attrs)]);
}

/**
 * The area an object is placed in: it must lie in the actor's scope (422 domain.area_outside_scope)
 * and exist (422 domain.area_unknown). `field` names the request field in the error's details.
 */
export async function requireAreaInScope(
  q: Queryable,
  actor: Actor,
  code: string,
  field: string,
): Promise<{ code: string; level: AreaLevel }> {
  if (!inActorScope(actor, code)) throw new AppError("domain.area_outside_scope", { field });
  const { rows } = await q.query<{ code: string; level: AreaLevel }>("SELECT code, level FROM areas WHERE code = $1", [code]);
  if (!rows[0]) throw new AppError("domain.area_unknown", { field });
  return rows[0];
}
