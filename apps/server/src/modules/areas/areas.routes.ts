import {
  areaCreateSchema,
  areaDetailSchema,
  areaSchema,
  areaUpdateSchema,
  communityResourcesSchema,
  pageOf,
  pageQuerySchema,
  parentCode,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { findArea, findAreaDetail, insertArea, listAreas, listResources, toArea } from "./areas.repository.js";
import { areaDetail, putResources, resourcesBodySchema, updateAreaDetail } from "./areas.service.js";

const tags = ["areas"];
const codeParams = z.object({ code: z.string().regex(/^\d{12}(\d{3}){0,2}$/) });

/** The area tree: browse and search within scope, add areas, keep their classifications and 三有. */
export async function areaRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/areas",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Children of an area, a name search, or the actor's scope root",
        querystring: pageQuerySchema.extend({
          parent: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
          q: z.string().max(64).optional(),
        }),
        response: { 200: pageOf(areaSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listAreas(deps.db, req.actor!, req.query);
      return { items: rows.map((a) => toArea(a, req.actor!)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/areas/:code",
    { config: { permission: "areas.read" }, schema: { tags, summary: "One area", params: codeParams, response: { 200: areaSchema } } },
    async (req) => {
      const row = await findArea(deps.db, req.actor!, req.params.code);
      if (!row) throw notFound();
      return toArea(row, req.actor!);
    },
  );

  r.post(
    "/api/v1/areas",
    {
      config: { permission: "areas.write" },
      schema: { tags, summary: "Add an area under its parent", body: areaCreateSchema, response: { 201: areaSchema } },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const { code, name } = req.body;
      const parent = parentCode(code);
      if (!parent || !inActorScope(actor, code)) throw new AppError("domain.scope_outside", { field: "code" });
      const row = await deps.db.tx(async (q) => {
        if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [parent])).rows.length) {
          throw new AppError("domain.area_parent_mismatch", { field: "code", parent });
        }
        if ((await q.query("SELECT 1 FROM areas WHERE code = $1", [code])).rows.length)
          throw new AppError("conflict.duplicate", { field: "code" });
        await insertArea(q, code, name);
        const created = (await findArea(q, actor, code))!;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "area.create",
          objectType: "area",
          objectId: code,
          areaCode: code,
          after: created,
        });
        return created;
      });
      return reply.status(201).send(toArea(row, actor));
    },
  );

  r.get(
    "/api/v1/areas/:code/detail",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "One area with its ancestors, classifications, latest 三有 (communities) and figures counted from the registry",
        params: codeParams,
        response: { 200: areaDetailSchema },
      },
    },
    async (req) => {
      const detail = await areaDetail(deps.db, req.actor!, req.params.code);
      if (!detail) throw notFound();
      return detail;
    },
  );

  r.patch(
    "/api/v1/areas/:code",
    {
      config: { permission: "areas.write" },
      schema: {
        tags,
        summary: "Rename an area, replace its classifications (checked against its level) or record a year of a community's 三有",
        description:
          "`attrs` replaces the area's whole set of classifications; each must suit the area's level (422 otherwise). " +
          "`resources` is accepted on communities only and also needs registry.write.",
        params: codeParams,
        body: areaUpdateSchema.extend({ resources: resourcesBodySchema.optional() }),
        response: { 200: areaDetailSchema },
      },
    },
    async (req) => deps.db.tx((q) => updateAreaDetail(q, req.actor!, req.params.code, req.body, auditContext(req.actor, req.ip))),
  );

  r.get(
    "/api/v1/areas/:code/resources",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "A community's 三有 by year, the latest first (empty for other levels)",
        params: codeParams,
        response: { 200: z.object({ items: z.array(communityResourcesSchema) }) },
      },
    },
    async (req) => {
      const area = await findAreaDetail(deps.db, req.actor!, req.params.code);
      if (!area) throw notFound();
      return { items: area.level === "community" ? await listResources(deps.db, area.code) : [] };
    },
  );

  r.put(
    "/api/v1/areas/:code/resources",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Record a community's 三有 for one year (replaces that year)",
        params: codeParams,
        body: resourcesBodySchema,
        response: { 200: communityResourcesSchema },
      },
    },
    async (req) => deps.db.tx((q) => putResources(q, req.actor!, req.params.code, req.body, auditContext(req.actor, req.ip))),
  );

  r.get(
    "/api/v1/departments",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Departments of the governments in the actor's scope",
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), areaCode: z.string() })) }) },
      },
    },
    async (req) => {
      // Departments inside the scope, and those of the governments above it (whom a street may summon).
      const prefix = req.actor!.scopePrefix;
      if (!prefix) return { items: [] };
      const { rows } = await deps.db.query<{ id: string; name: string; area_code: string }>(
        `SELECT d.id, d.name, d.area_code FROM departments d JOIN areas a ON a.code = d.area_code
          WHERE d.area_code LIKE $1 OR $2 LIKE a.prefix || '%' ORDER BY d.area_code, d.name`,
        [`${prefix}%`, prefix],
      );
      return { items: rows.map((d) => ({ id: d.id, name: d.name, areaCode: d.area_code })) };
    },
  );
}
