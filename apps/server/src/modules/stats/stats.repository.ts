import type { coverageSchema } from "@gongzhi/contracts";
import { scopePrefix, UNIT_KINDS } from "@gongzhi/contracts";
import type { z } from "zod";
import type { Queryable } from "../../db/client.js";

type Coverage = z.infer<typeof coverageSchema>;
type Counts = { units: number; own: number; joint: number; none: number };

const rate = (c: Counts) => (c.units ? (c.own + c.joint) / c.units : null);

/**
 * Party organisation coverage (党组织覆盖率) of the units in an area's subtree, by unit kind: how many have
 * their own organisation, belong to a joint one, or have none; rate = (own + joint) / units. Every kind
 * is listed, with a null rate where there are no units.
 */
export async function coverage(q: Queryable, area: { code: string; name: string }): Promise<Coverage> {
  const { rows } = await q.query<Counts & { kind: (typeof UNIT_KINDS)[number] }>(
    `SELECT kind, count(*)::int AS units,
            count(*) FILTER (WHERE party_status = 'own')::int AS own,
            count(*) FILTER (WHERE party_status = 'joint')::int AS joint,
            count(*) FILTER (WHERE party_status = 'none')::int AS none
       FROM units WHERE area_code LIKE $1 GROUP BY kind`,
    [`${scopePrefix(area.code)}%`],
  );
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const total: Counts = { units: 0, own: 0, joint: 0, none: 0 };
  const out = UNIT_KINDS.map((kind) => {
    const c = byKind.get(kind) ?? { units: 0, own: 0, joint: 0, none: 0 };
    for (const k of ["units", "own", "joint", "none"] as const) total[k] += c[k];
    return { kind, units: c.units, own: c.own, joint: c.joint, none: c.none, rate: rate(c) };
  });
  return { areaCode: area.code, areaName: area.name, rows: out, total: { ...total, rate: rate(total) } };
}
