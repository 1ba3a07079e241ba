import { type Household, scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, scopeSql } from "../../platform/actor.js";

interface HouseholdRow {
  id: string;
  area_code: string;
  area_name: string | null;
  grid_id: string | null;
  door: string;
  member_count: number;
}

const toHousehold = (r: HouseholdRow): Household => ({
  id: r.id,
  areaCode: r.area_code,
  areaName: r.area_name,
  gridId: r.grid_id,
  door: r.door,
  memberCount: r.member_count,
});

/** Households in the actor's scope, by area subtree, grid or door; their addresses are not listed. */
export async function listHouseholds(
  q: Queryable,
  actor: Actor,
  f: { areaCode?: string; gridId?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: Household[]; total: number }> {
  const scope = scopeSql(actor, "h.area_code", 1);
  const params: unknown[] = [scope.param];
  const where = [scope.sql];
  if (f.areaCode) {
    params.push(`${scopePrefix(f.areaCode)}%`);
    where.push(`h.area_code LIKE $${params.length}`);
  }
  if (f.gridId) {
    params.push(f.gridId);
    where.push(`h.grid_id = $${params.length}`);
  }
  if (f.q) {
    params.push(`%${f.q.trim()}%`);
    where.push(`h.door ILIKE $${params.length}`);
  }
  const cond = where.join(" AND ");
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM households h WHERE ${cond}`, params)).rows[0]?.n ?? 0;
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const { rows } = await q.query<HouseholdRow>(
    `WITH page AS (SELECT h.id FROM households h WHERE ${cond} ORDER BY h.area_code, h.door, h.id
                   LIMIT $${params.length - 1} OFFSET $${params.length})
     SELECT h.id, h.area_code, a.name AS area_name, h.grid_id, h.door,
            (SELECT count(*)::int FROM people p WHERE p.household_id = h.id) AS member_count
       FROM page JOIN households h ON h.id = page.id LEFT JOIN areas a ON a.code = h.area_code
      ORDER BY h.area_code, h.door, h.id`,
    params,
  );
  return { items: rows.map(toHousehold), total };
}
