import { type Grid, type GridGeometry, scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, canInScope, scopeSql } from "../../platform/actor.js";
import { pageQuery, Where } from "../../platform/sql.js";
import type { BBox } from "./geometry.js";
import type { GridLevel } from "./grid-index.js";

export interface GridRow {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  parent_id: string | null;
  area_code: string;
  area_name: string | null;
  worker_person_id: string | null;
  worker_name: string | null;
  party_group_id: string | null;
  party_group_name: string | null;
  child_count: number;
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
  geometry?: GridGeometry;
}

const COLUMNS = `g.id, g.code, g.name, g.level, g.parent_id, g.area_code, a.name AS area_name, g.worker_person_id,
  p.name AS worker_name, g.party_group_id, po.name AS party_group_name,
  (SELECT count(*)::int FROM grids c WHERE c.parent_id = g.id) AS child_count, g.min_lng, g.min_lat, g.max_lng, g.max_lat`;
const FROM = `FROM grids g LEFT JOIN areas a ON a.code = g.area_code LEFT JOIN people p ON p.id = g.worker_person_id
  LEFT JOIN party_orgs po ON po.id = g.party_group_id`;

/** The API view of a grid with the actor's abilities on it; the geometry when the row carries it. */
export function toGrid(r: GridRow, actor: Actor): Grid {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: r.parent_id,
    areaCode: r.area_code,
    areaName: r.area_name,
    workerPersonId: r.worker_person_id,
    workerName: r.worker_name,
    partyGroupId: r.party_group_id,
    partyGroupName: r.party_group_name,
    childCount: r.child_count,
    ...(r.geometry ? { geometry: r.geometry } : {}),
    bbox: [r.min_lng, r.min_lat, r.max_lng, r.max_lat],
    abilities: { update: canInScope(actor, "registry.write", r.area_code) },
  };
}

export interface GridFilter {
  areaCode?: string;
  level?: GridLevel;
  parentId?: string;
  q?: string;
  withGeometry: boolean;
  page: number;
  pageSize: number;
}

/** Grids in the actor's scope, by code. */
export async function listGrids(q: Queryable, actor: Actor, f: GridFilter): Promise<{ rows: GridRow[]; total: number }> {
  if (!actor.scopePrefix) return { rows: [], total: 0 };
  const where = new Where().scope(actor, "g.area_code");
  if (f.areaCode) where.subtree("g.area_code", f.areaCode);
  if (f.level) where.and("g.level = ?", f.level);
  if (f.parentId) where.and("g.parent_id = ?", f.parentId);
  if (f.q) where.and("(g.name ILIKE ? OR g.code ILIKE ?)", `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return pageQuery<GridRow>(q, where, f, {
    from: "grids g",
    rows: (cond, limit) => `SELECT ${COLUMNS}${f.withGeometry ? ", g.geometry" : ""} ${FROM} WHERE ${cond}
      ORDER BY g.code ${limit}`,
  });
}

/** One grid with its geometry, if it is in the actor's scope. */
export async function findGrid(q: Queryable, actor: Actor, id: string): Promise<GridRow | null> {
  if (!actor.scopePrefix) return null;
  const scope = scopeSql(actor, "g.area_code", 2);
  const { rows } = await q.query<GridRow>(`SELECT ${COLUMNS}, g.geometry ${FROM} WHERE g.id = $1 AND ${scope.sql}`, [id, scope.param]);
  return rows[0] ?? null;
}

/** The few fields of a grid that validation compares against. */
export interface GridShape {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  area_code: string;
  /** the significant prefix of its area code */
  area_prefix: string;
  geometry: GridGeometry;
}

const SHAPE = "g.id, g.code, g.name, g.level, g.area_code, ar.prefix AS area_prefix, g.geometry";

/** A grid by id or by code whatever the scope (for checks; never returned to a client as is). */
export async function findGridShape(q: Queryable, ref: { id: string } | { code: string }): Promise<GridShape | null> {
  const [column, value] = "id" in ref ? ["g.id", ref.id] : ["g.code", ref.code];
  const { rows } = await q.query<GridShape>(`SELECT ${SHAPE} FROM grids g JOIN areas ar ON ar.code = g.area_code WHERE ${column} = $1`, [
    value,
  ]);
  return rows[0] ?? null;
}

/**
 * The grids a grid must not overlap whose boxes meet `box`: the other children of its parent, or, for a
 * grid without a parent, the other top-level grids of its level whose area contains or lies in its area.
 */
export async function siblingCandidates(
  q: Queryable,
  g: { id: string | null; parentId: string | null; level: GridLevel; areaCode: string; box: BBox },
): Promise<GridShape[]> {
  const [minLng, minLat, maxLng, maxLat] = g.box;
  const params: unknown[] = [g.id, minLng, minLat, maxLng, maxLat];
  let family: string;
  if (g.parentId) {
    params.push(g.parentId);
    family = `g.parent_id = $${params.length}`;
  } else {
    params.push(g.level, `${scopePrefix(g.areaCode)}%`, g.areaCode);
    const n = params.length;
    family = `g.parent_id IS NULL AND g.level = $${n - 2} AND (g.area_code LIKE $${n - 1} OR left($${n}, length(ar.prefix)) = ar.prefix)`;
  }
  const { rows } = await q.query<GridShape>(
    `SELECT ${SHAPE} FROM grids g JOIN areas ar ON ar.code = g.area_code
      WHERE g.id IS DISTINCT FROM $1::uuid AND g.min_lng <= $4 AND g.max_lng >= $2 AND g.min_lat <= $5 AND g.max_lat >= $3
        AND ${family}
      ORDER BY g.code`,
    params,
  );
  return rows;
}

/** The children of a grid. */
export async function childShapes(q: Queryable, id: string): Promise<GridShape[]> {
  const { rows } = await q.query<GridShape>(
    `SELECT ${SHAPE} FROM grids g JOIN areas ar ON ar.code = g.area_code WHERE g.parent_id = $1 ORDER BY g.code`,
    [id],
  );
  return rows;
}

export interface GridValues {
  code: string;
  name: string;
  level: GridLevel;
  parentId: string | null;
  areaCode: string;
  geometry: GridGeometry;
  box: BBox;
  workerPersonId: string | null;
  partyGroupId: string | null;
}

/** Inserts a grid; returns its id. */
export async function insertGrid(q: Queryable, v: GridValues): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO grids (code, name, level, parent_id, area_code, geometry, min_lng, min_lat, max_lng, max_lat, worker_person_id, party_group_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [v.code, v.name, v.level, v.parentId, v.areaCode, JSON.stringify(v.geometry), ...v.box, v.workerPersonId, v.partyGroupId],
  );
  return rows[0]!.id;
}

/** Updates a grid's editable fields. */
export async function updateGrid(q: Queryable, id: string, v: Omit<GridValues, "code" | "level">): Promise<void> {
  await q.query(
    `UPDATE grids SET name = $2, parent_id = $3, area_code = $4, geometry = $5, min_lng = $6, min_lat = $7, max_lng = $8,
            max_lat = $9, worker_person_id = $10, party_group_id = $11, updated_at = now()
      WHERE id = $1`,
    [id, v.name, v.parentId, v.areaCode, JSON.stringify(v.geometry), ...v.box, v.workerPersonId, v.partyGroupId],
  );
}

/** Whether a person is in the actor's scope. */
export async function personInScope(q: Queryable, actor: Actor, personId: string): Promise<boolean> {
  if (!actor.scopePrefix) return false;
  const scope = scopeSql(actor, "area_code", 2);
  return (await q.query(`SELECT 1 FROM people WHERE id = $1 AND ${scope.sql}`, [personId, scope.param])).rows.length > 0;
}

/** Whether a party organisation is in the actor's scope. */
export async function partyOrgInScope(q: Queryable, actor: Actor, orgId: string): Promise<boolean> {
  if (!actor.scopePrefix) return false;
  const scope = scopeSql(actor, "area_code", 2);
  return (await q.query(`SELECT 1 FROM party_orgs WHERE id = $1 AND ${scope.sql}`, [orgId, scope.param])).rows.length > 0;
}

/** Whether an area exists. */
export async function areaExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query("SELECT 1 FROM areas WHERE code = $1", [code])).rows.length > 0;
}

/** Whether a grid code is taken. */
export async function gridCodeTaken(q: Queryable, code: string): Promise<boolean> {
  return (await q.query("SELECT 1 FROM grids WHERE code = $1", [code])).rows.length > 0;
}
