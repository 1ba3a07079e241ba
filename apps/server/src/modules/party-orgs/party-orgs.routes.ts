import { PARTY_ORG_KINDS, pageOf, pageQuerySchema, partyOrgCreateSchema, partyOrgSchema, partyOrgUpdateSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { findPartyOrg, listPartyOrgs, toPartyOrg } from "./party-orgs.repository.js";
import { createPartyOrg, updatePartyOrg } from "./party-orgs.service.js";

const tags = ["party-orgs"];
const idParams = z.object({ id: z.string().uuid() });
/** A date the registry can mean (and the database store): years 1900 to 2100. */
const registryDate = z.iso.date().refine((d) => d >= "1900-01-01" && d <= "2100-12-31");
const createBody = partyOrgCreateSchema.extend({ establishedOn: registryDate.nullable().optional() });
const updateBody = partyOrgUpdateSchema.extend({ establishedOn: registryDate.nullable().optional() });

/** Party organisations (党组织): their tree, linked to areas, grids and units. */
export async function partyOrgRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/party-orgs",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Party organisations in scope, by area subtree, kind, parent or name",
        querystring: pageQuerySchema.extend({
          areaCode: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
          kind: z.enum(PARTY_ORG_KINDS).optional(),
          parentId: z.string().uuid().optional(),
          q: z.string().max(64).optional(),
        }),
        response: { 200: pageOf(partyOrgSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listPartyOrgs(db, req.actor!, req.query);
      return { items: rows.map((o) => toPartyOrg(o, req.actor!)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/party-orgs/:id",
    {
      config: { permission: "areas.read" },
      schema: { tags, summary: "One party organisation", params: idParams, response: { 200: partyOrgSchema } },
    },
    async (req) => {
      const row = await findPartyOrg(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return toPartyOrg(row, req.actor!);
    },
  );

  r.post(
    "/api/v1/party-orgs",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Register a party organisation",
        description:
          "The parent must be in scope; kinds nest by the rules of the organisation tree (a building group under a compound branch or " +
          "community organisation, …); a featured branch names its basis. Grid, unit and secretary must be in scope.",
        body: createBody,
        response: { 201: partyOrgSchema },
      },
    },
    async (req, reply) => {
      const row = await db.tx((q) => createPartyOrg(q, req.actor!, req.body, auditContext(req.actor, req.ip)));
      return reply.status(201).send(toPartyOrg(row, req.actor!));
    },
  );

  r.patch(
    "/api/v1/party-orgs/:id",
    {
      config: { permission: "registry.write" },
      schema: {
        tags,
        summary: "Change a party organisation (the tree rules are checked again when kind, basis, parent or area change)",
        params: idParams,
        body: updateBody,
        response: { 200: partyOrgSchema },
      },
    },
    async (req) => {
      const row = await db.tx((q) => updatePartyOrg(q, req.actor!, req.params.id, req.body, auditContext(req.actor, req.ip)));
      return toPartyOrg(row, req.actor!);
    },
  );
}
