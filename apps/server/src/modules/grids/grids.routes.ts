import {
  areaCodeSchema,
  gridCreateSchema,
  gridGeometrySchema,
  gridLevelSchema,
  gridLocateSchema,
  gridSchema,
  gridUpdateSchema,
  pageOf,
  pageQuerySchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { findGrid, listGrids, toGrid } from "./grids.repository.js";
import { createGrid, locateGrid, patchGrid } from "./grids.service.js";

const tags = ["grids"];
const idParams = z.object({ id: z.string().uuid() });

/** Lists hold up to 200 grids, or up to 1000 with their geometry (a map draws them all at once). */
const listQuery = pageQuerySchema
  .extend({
    pageSize: z.coerce.number().int().min(1).max(1000).default(20),
    areaCode: areaCodeSchema.optional(),
    level: gridLevelSchema.optional(),
    parentId: z.string().uuid().optional(),
    q: z.string().max(64).optional(),
    withGeometry: z.enum(["true", "false"]).optional(),
  })
  .refine((v) => v.withGeometry === "true" || v.pageSize <= 200, { path: ["pageSize"], message: "too_big" });

const coordinate = (min: number, max: number) => z.string().trim().min(1).transform(Number).pipe(z.number().min(min).max(max));

/** Grids (网格): the three levels of responsibility fields, their boundaries, and locating a point in them. */
export async function gridRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/grids",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Grids in scope: by area subtree, level, parent or name; with their boundaries on request",
        querystring: listQuery,
        response: { 200: pageOf(gridSchema) },
      },
    },
    async (req) => {
      const { withGeometry, ...f } = req.query;
      const { rows, total } = await listGrids(deps.db, req.actor!, { ...f, withGeometry: withGeometry === "true" });
      return { items: rows.map((g) => toGrid(g, req.actor!)), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.get(
    "/api/v1/grids/locate",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "The lowest-level grid holding a point; named only when it is in the actor's scope",
        querystring: z.object({ lng: coordinate(-180, 180), lat: coordinate(-90, 90) }),
        response: { 200: gridLocateSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const hit = await locateGrid(deps, req.query.lng, req.query.lat);
      if (!hit) return { inside: false, grid: null };
      if (!inActorScope(actor, hit.areaCode)) return { inside: true, grid: null };
      return {
        inside: true,
        grid: {
          id: hit.id,
          code: hit.code,
          name: hit.name,
          areaCode: hit.areaCode,
          // Ancestors outside the scope (a street's grid, for a community's worker) are left out.
          path: hit.path.filter((p) => inActorScope(actor, p.areaCode)).map((p) => ({ id: p.id, name: p.name, level: p.level })),
        },
      };
    },
  );

  r.get(
    "/api/v1/case-areas/:code/grids",
    {
      // Public on purpose, like the area names: a resident reporting a problem picks the place on these outlines.
      // Only boundaries and grid names; never who works a grid.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "The grid outlines of a community or compound, to pick a place on the report page's map",
        params: z.object({ code: z.string().regex(/^\d{12}(\d{3})?$/) }),
        response: {
          200: z.object({
            grids: z.array(z.object({ code: z.string(), name: z.string(), level: gridLevelSchema, geometry: gridGeometrySchema })),
          }),
        },
      },
    },
    async (req) => {
      const code = req.params.code;
      if (code.length === 12 && code.endsWith("000")) throw notFound();
      const { rows } = await deps.db.query<{ code: string; name: string; level: "community" | "compound"; geometry: unknown }>(
        `SELECT code, name, level, geometry FROM grids
          WHERE level IN ('community', 'compound') AND (area_code = $1 OR area_code LIKE $1 || '___')
          ORDER BY level, code LIMIT 200`,
        [code],
      );
      if (!rows.length) throw notFound();
      return { grids: rows as never };
    },
  );

  r.get(
    "/api/v1/grids/:id",
    {
      config: { permission: "areas.read" },
      schema: { tags, summary: "One grid with its boundary", params: idParams, response: { 200: gridSchema } },
    },
    async (req) => {
      const row = await findGrid(deps.db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return toGrid(row, req.actor!);
    },
  );

  r.post(
    "/api/v1/grids",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Draw a grid: inside its parent, not overlapping its siblings",
        body: gridCreateSchema,
        response: { 201: gridSchema },
      },
    },
    async (req, reply) => {
      const grid = await createGrid(deps, req.actor!, auditContext(req.actor, req.ip), req.body);
      return reply.status(201).send(grid);
    },
  );

  r.patch(
    "/api/v1/grids/:id",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Change a grid; its boundary is checked again",
        params: idParams,
        body: gridUpdateSchema,
        response: { 200: gridSchema },
      },
    },
    async (req) => patchGrid(deps, req.actor!, auditContext(req.actor, req.ip), req.params.id, req.body),
  );
}
