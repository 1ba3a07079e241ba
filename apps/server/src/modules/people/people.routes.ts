import {
  areaCodeSchema,
  communityWorkerInfoSchema,
  householdSchema,
  leaderPairingSchema,
  PERSON_ROLES,
  pageOf,
  pageQuerySchema,
  partyMemberInfoSchema,
  personCreateSchema,
  personSchema,
  personUpdateSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { listHouseholds } from "./households.repository.js";
import { findPerson, listPeople, mayRevealPersonalData, rolesOf, savePerson, toPerson } from "./people.repository.js";
import { personWithRoles, putCommunityWorker, putLeaderPairings, putPartyMember, removeRole } from "./roles.service.js";

const tags = ["people"];
const idParams = z.object({ id: z.string().uuid() });
const areaCodeQuery = z
  .string()
  .regex(/^\d{12}(\d{3}){0,2}$/)
  .optional();
/** A date the registry can mean (and the database store): years 1900 to 2100. */
const registryDate = z.iso.date().refine((d) => d >= "1900-01-01" && d <= "2100-12-31");
const partyMemberBody = partyMemberInfoSchema.omit({ branchName: true }).extend({
  branchId: z.string().uuid().nullable().default(null),
  joinedOn: registryDate.nullable().default(null),
  workUnitId: z.string().uuid().nullable().default(null),
  reportedCommunityCode: areaCodeSchema.nullable().default(null),
  reportedOn: registryDate.nullable().default(null),
});
const communityWorkerBody = communityWorkerInfoSchema.extend({ startedOn: registryDate.nullable().default(null) });
const leaderPairingsBody = z.object({
  items: z.array(leaderPairingSchema.omit({ areaName: true }).extend({ since: registryDate.nullable().default(null) })).max(100),
});

/** Residents with protected personal data. Lists always mask it; an unmasked read is explicit and audited. */
export async function peopleRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;

  r.get(
    "/api/v1/people",
    {
      config: { permission: "people.read" },
      schema: {
        tags,
        summary: "People in scope with the roles they hold (personal data masked)",
        querystring: pageQuerySchema.extend({
          areaCode: areaCodeQuery,
          q: z.string().max(64).optional(),
          role: z.enum(PERSON_ROLES).optional(),
          householdId: z.string().uuid().optional(),
        }),
        response: { 200: pageOf(personSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listPeople(db, req.actor!, vault, req.query);
      const roles = await rolesOf(
        db,
        rows.map((p) => p.id),
      );
      return {
        items: rows.map((p) => ({ ...toPerson(p, req.actor!, vault), roles: roles.get(p.id) ?? [] })),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  r.get(
    "/api/v1/people/:id",
    {
      config: { permission: "people.read" },
      schema: {
        tags,
        summary: "One person with their roles: party membership, community work, leader pairings, grids (personal data masked)",
        params: idParams,
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const row = await findPerson(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return personWithRoles(db, req.actor!, vault, row);
    },
  );

  r.get(
    "/api/v1/people/:id/personal-data",
    {
      config: { permission: "pii.read" },
      schema: {
        tags,
        summary: "One person with personal data unmasked; the read is audited",
        params: idParams,
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await findPerson(db, actor, req.params.id);
      if (!row) throw notFound();
      if (!mayRevealPersonalData(actor, row.area_code)) throw new AppError("forbidden");
      await writeAudit(db, auditContext(actor, req.ip), {
        action: "pii.read",
        objectType: "person",
        objectId: row.id,
        areaCode: row.area_code,
        after: { fields: ["idNumber", "phone", "address"].filter((_, i) => [row.id_number_enc, row.phone_enc, row.address_enc][i]) },
      });
      return personWithRoles(db, actor, vault, row, true);
    },
  );

  r.post(
    "/api/v1/people",
    {
      config: { permission: "people.write" },
      schema: { tags, summary: "Register a person", body: personCreateSchema, response: { 201: personSchema } },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      if (!inActorScope(actor, b.areaCode)) throw new AppError("domain.scope_outside", { field: "areaCode" });
      const row = await db.tx(async (q) => {
        if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [b.areaCode])).rows.length) {
          throw new AppError("domain.area_unknown", { field: "areaCode" });
        }
        await assertIdNumberFree(q, b.idNumber ?? null);
        const id = await savePerson(q, vault, {
          name: b.name,
          gender: b.gender,
          areaCode: b.areaCode,
          idNumber: b.idNumber ?? null,
          phone: b.phone ?? null,
          address: b.address ?? null,
        });
        const created = (await findPerson(q, actor, id))!;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "person.create",
          objectType: "person",
          objectId: id,
          areaCode: b.areaCode,
          after: toPerson(created, actor, vault),
        });
        return created;
      });
      return reply.status(201).send(await personWithRoles(db, actor, vault, row));
    },
  );

  r.patch(
    "/api/v1/people/:id",
    {
      config: { permission: "people.write" },
      schema: { tags, summary: "Update a person", params: idParams, body: personUpdateSchema, response: { 200: personSchema } },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await db.tx(async (q) => {
        const before = await findPerson(q, actor, req.params.id);
        if (!before) throw notFound();
        const cur = toPerson(before, actor, vault, true);
        const b = req.body;
        const next = {
          name: b.name ?? cur.name,
          gender: b.gender ?? cur.gender,
          areaCode: b.areaCode ?? cur.areaCode,
          idNumber: b.idNumber !== undefined ? b.idNumber : cur.idNumber,
          phone: b.phone !== undefined ? b.phone : cur.phone,
          address: b.address !== undefined ? b.address : cur.address,
        };
        if (!inActorScope(actor, next.areaCode)) throw new AppError("domain.scope_outside", { field: "areaCode" });
        if (next.idNumber !== cur.idNumber) await assertIdNumberFree(q, next.idNumber);
        await savePerson(q, vault, next, before.id);
        const after = (await findPerson(q, actor, before.id))!;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "person.update",
          objectType: "person",
          objectId: before.id,
          areaCode: next.areaCode,
          before: toPerson(before, actor, vault),
          after: toPerson(after, actor, vault),
        });
        return after;
      });
      return personWithRoles(db, actor, vault, row);
    },
  );

  const roleWrite = { permission: "registry.write" as const };

  r.put(
    "/api/v1/people/:id/party-member",
    {
      config: roleWrite,
      schema: {
        tags,
        summary: "Record the person's party membership (branch, work unit and reported community in scope)",
        params: idParams,
        body: partyMemberBody,
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return db.tx(async (q) =>
        personWithRoles(q, actor, vault, await putPartyMember(q, actor, req.params.id, req.body, auditContext(actor, req.ip))),
      );
    },
  );

  r.put(
    "/api/v1/people/:id/community-worker",
    {
      config: roleWrite,
      schema: {
        tags,
        summary: "Record the person's post as a community worker in a community of the scope",
        params: idParams,
        body: communityWorkerBody,
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return db.tx(async (q) =>
        personWithRoles(q, actor, vault, await putCommunityWorker(q, actor, req.params.id, req.body, auditContext(actor, req.ip))),
      );
    },
  );

  r.put(
    "/api/v1/people/:id/leader-pairings",
    {
      config: roleWrite,
      schema: {
        tags,
        summary: "Set the communities a leader is paired with (结对联系) within the scope; pairings outside it stay",
        params: idParams,
        body: leaderPairingsBody,
        response: { 200: personSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return db.tx(async (q) =>
        personWithRoles(q, actor, vault, await putLeaderPairings(q, actor, req.params.id, req.body.items, auditContext(actor, req.ip))),
      );
    },
  );

  for (const [path, role] of [
    ["party-member", "party_member"],
    ["community-worker", "community_worker"],
    ["leader-pairings", "leader"],
  ] as const) {
    r.delete(
      `/api/v1/people/:id/${path}`,
      {
        config: roleWrite,
        schema: {
          tags,
          summary:
            role === "leader"
              ? "Remove the person's leader pairings within the scope"
              : `Remove the person's ${role.replace("_", " ")} role`,
          params: idParams,
        },
      },
      async (req, reply) => {
        await db.tx((q) => removeRole(q, req.actor!, req.params.id, role, auditContext(req.actor, req.ip)));
        return reply.status(204).send();
      },
    );
  }

  r.get(
    "/api/v1/households",
    {
      config: { permission: "people.read" },
      schema: {
        tags,
        summary: "Households in scope, by area subtree, grid or door",
        querystring: pageQuerySchema.extend({
          areaCode: areaCodeQuery,
          gridId: z.string().uuid().optional(),
          q: z.string().max(64).optional(),
        }),
        response: { 200: pageOf(householdSchema) },
      },
    },
    async (req) => {
      const { items, total } = await listHouseholds(db, req.actor!, req.query);
      return { items, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  async function assertIdNumberFree(q: import("../../db/client.js").Queryable, idNumber: string | null) {
    if (!idNumber) return;
    const dup = await q.query("SELECT 1 FROM people WHERE id_number_hash = $1", [vault.hash(idNumber)]);
    if (dup.rows.length) throw new AppError("conflict.duplicate", { field: "idNumber" });
  }
}
