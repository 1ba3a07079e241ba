import { type Area, levelOfCode, parentCode, scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, scopeSql } from "../../platform/actor.js";

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
  const scope = scopeSql(actor, "a.code", 1);
  const params: unknown[] = [scope.param];
  const where = [scope.sql];
  if (f.parent) {
    params.push(f.parent);
    where.push(`a.parent_code = $${params.length}`);
  }
  if (f.q) {
    params.push(`%${f.q}%`);
    where.push(`(a.name ILIKE $${params.length} OR a.code LIKE $${params.length})`);
  }
  if (!f.parent && !f.q) {
    params.push(actor.areaCode);
    where.push(`a.code = $${params.length}`);
  }
  const cond = where.join(" AND ");
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM areas a WHERE ${cond}`, params)).rows[0]?.n ?? 0;
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const { rows } = await q.query<AreaRow>(
    `${SELECT} WHERE ${cond} ORDER BY a.code LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total };
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
