import { pageOf, pageQuerySchema, personCreateSchema, personSchema, personUpdateSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { findPerson, listPeople, mayRevealPersonalData, savePerson, toPerson } from "./people.repository.js";

const tags = ["people"];
const idParams = z.object({ id: z.string().uuid() });

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
        summary: "People in scope (personal data masked)",
        querystring: pageQuerySchema.extend({
          areaCode: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
          q: z.string().max(64).optional(),
        }),
        response: { 200: pageOf(personSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listPeople(db, req.actor!, vault, req.query);
      return { items: rows.map((p) => toPerson(p, req.actor!, vault)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/people/:id",
    {
      config: { permission: "people.read" },
      schema: { tags, summary: "One person (personal data masked)", params: idParams, response: { 200: personSchema } },
    },
    async (req) => {
      const row = await findPerson(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return toPerson(row, req.actor!, vault);
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
      return toPerson(row, actor, vault, true);
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
      return reply.status(201).send(toPerson(row, actor, vault));
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
      return toPerson(row, actor, vault);
    },
  );

  async function assertIdNumberFree(q: import("../../db/client.js").Queryable, idNumber: string | null) {
    if (!idNumber) return;
    const dup = await q.query("SELECT 1 FROM people WHERE id_number_hash = $1", [vault.hash(idNumber)]);
    if (dup.rows.length) throw new AppError("conflict.duplicate", { field: "idNumber" });
  }
}
