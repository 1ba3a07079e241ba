import { areaCodeSchema, scopePrefix } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { scopeSql } from "../../platform/actor.js";
import type { Deps } from "../../platform/context.js";

/** A grid worker who may take a case: an active account with the grid worker role, bound to an area. */
export const gridWorkerHandlerSchema = z.object({
  /** the account id: the handler ref of a case assigned to this grid worker */
  id: z.string(),
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
});

const query = z.object({
  q: z.string().trim().max(40).optional(),
  /** only those who serve this area: bound to it or to an area above it (as a case's handler check requires) */
  serving: areaCodeSchema.optional(),
  /** only those bound inside this area */
  areaCode: areaCodeSchema.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

interface Row {
  id: string;
  display_name: string;
  area_code: string;
  area_name: string | null;
}

/** Look-ups for choosing a case's handler: parties not listed by another route to those who assign cases. */
export async function handlerRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/case-handlers/grid-workers",
    {
      config: { permission: "cases.triage" },
      schema: {
        tags: ["cases"],
        summary: "Grid workers in scope a case can be assigned to, by name, the area they serve or the area they are bound in",
        querystring: query,
        response: { 200: z.object({ items: z.array(gridWorkerHandlerSchema) }) },
      },
    },
    async (req) => {
      const scope = scopeSql(req.actor!, "a.area_code", 1);
      const params: unknown[] = [scope.param];
      const where = [scope.sql, "a.status = 'active'", "'grid_worker' = ANY(a.roles)"];
      const { q, serving, areaCode, pageSize } = req.query;
      if (q) {
        params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`(a.display_name ILIKE $${params.length} OR a.username ILIKE $${params.length})`);
      }
      if (serving) {
        params.push(serving);
        where.push(`$${params.length} LIKE ar.prefix || '%'`);
      }
      if (areaCode) {
        params.push(`${scopePrefix(areaCode)}%`);
        where.push(`a.area_code LIKE $${params.length}`);
      }
      params.push(pageSize);
      const { rows } = await db.query<Row>(
        `SELECT a.id, a.display_name, a.area_code, ar.name AS area_name
           FROM accounts a JOIN areas ar ON ar.code = a.area_code
          WHERE ${where.join(" AND ")}
          ORDER BY length(ar.prefix) DESC, a.area_code, a.display_name, a.id
          LIMIT $${params.length}`,
        params,
      );
      return { items: rows.map((w) => ({ id: w.id, name: w.display_name, areaCode: w.area_code, areaName: w.area_name })) };
    },
  );
}
