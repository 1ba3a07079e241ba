import { PARTY_STATUSES, pageOf, pageQuerySchema, UNIT_KINDS, unitCreateSchema, unitSchema, unitUpdateSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { findUnit, listUnits, toUnit } from "./units.repository.js";
import { createUnit, updateUnit } from "./units.service.js";

const tags = ["units"];
const idParams = z.object({ id: z.string().uuid() });
const employees = z.number().int().nonnegative().max(10_000_000).nullable().optional();
const createBody = unitCreateSchema.extend({ employees });
// A change leaves the party status alone unless it names one (the create schema defaults it to none).
const updateBody = unitUpdateSchema.extend({ employees, partyStatus: z.enum(PARTY_STATUSES).optional() });

/** Units (单位) in an area and how their party organisation covers them. */
export async function unitRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/units",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Units in scope, by area subtree, kind, party status, grid, organisation, or name / credit code",
        querystring: pageQuerySchema.extend({
          areaCode: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
          kind: z.enum(UNIT_KINDS).optional(),
          partyStatus: z.enum(PARTY_STATUSES).optional(),
          gridId: z.string().uuid().optional(),
          partyOrgId: z.string().uuid().optional(),
          q: z.string().max(64).optional(),
        }),
        response: { 200: pageOf(unitSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listUnits(db, req.actor!, req.query);
      return { items: rows.map((u) => toUnit(u, req.actor!)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/units/:id",
    { config: { permission: "areas.read" }, schema: { tags, summary: "One unit", params: idParams, response: { 200: unitSchema } } },
    async (req) => {
      const row = await findUnit(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return toUnit(row, req.actor!);
    },
  );

  r.post(
    "/api/v1/units",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Register a unit",
        description:
          "streetRelation is for government units only. partyStatus 'own' needs the unit's own organisation (partyOrgId, or one whose " +
          "unitId is the unit), 'joint' a joint committee or regional joint organisation in partyOrgId, 'none' no organisation.",
        body: createBody,
        response: { 201: unitSchema },
      },
    },
    async (req, reply) => {
      const row = await db.tx((q) => createUnit(q, req.actor!, req.body, auditContext(req.actor, req.ip)));
      return reply.status(201).send(toUnit(row, req.actor!));
    },
  );

  r.patch(
    "/api/v1/units/:id",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Change a unit (a new party status without a partyOrgId takes the unit's own organisation for 'own')",
        params: idParams,
        body: updateBody,
        response: { 200: unitSchema },
      },
    },
    async (req) => {
      const row = await db.tx((q) => updateUnit(q, req.actor!, req.params.id, req.body, auditContext(req.actor, req.ip)));
      return toUnit(row, req.actor!);
    },
  );
}
