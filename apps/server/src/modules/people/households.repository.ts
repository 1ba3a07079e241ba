import type { Household } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { pageQuery, Where } from "../../platform/sql.js";

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
  const where = new Where().scope(actor, "h.area_code");
  if (f.areaCode) where.subtree("h.area_code", f.areaCode);
  if (f.gridId) where.and("h.grid_id = ?", f.gridId);
  if (f.q) where.and("h.door ILIKE ?", `%${f.q.trim()}%`);
  const { rows, total } = await pageQuery<HouseholdRow>(q, where, f, {
    from: "households h",
    rows: (cond, limit) => `WITH page AS (SELECT h.id FROM households h WHERE ${cond} ORDER BY h.area_code, h.door, h.id
                   ${limit})
     SELECT h.id, h.area_code, a.name AS area_name, h.grid_id, h.door,
            (SELECT count(*)::int FROM people p WHERE p.household_id = h.id) AS member_count
       FROM page JOIN households h ON h.id = page.id LEFT JOIN areas a ON a.code = h.area_code
      ORDER BY h.area_code, h.door, h.id`,
  });
  return { items: rows.map(toHousehold), total };
}
