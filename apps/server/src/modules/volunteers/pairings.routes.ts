import {
  contactCreateSchema,
  pageOf,
  pairingCreateSchema,
  pairingDetailSchema,
  pairingListQuerySchema,
  pairingSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { inScope, personOf } from "./identity.js";
import { personInScope } from "./volunteers.routes.js";

const tags = ["pairings"];
const idParams = z.object({ id: z.string().uuid() });

interface PairingRow {
  id: string;
  kind: z.infer<typeof pairingSchema>["kind"];
  status: "active" | "ended";
  area_code: string;
  area_name: string;
  member_person_id: string;
  member_name: string;
  resident_person_id: string;
  resident_name: string;
  note: string | null;
  since: Date;
  last_contact_at: Date | null;
  contact_count: number;
  quiet_days: number;
}

const PAIRING_SELECT = `
  SELECT pr.id, pr.kind, pr.status, pr.area_code, ar.name AS area_name, pr.member_person_id, mp.name AS member_name,
         pr.resident_person_id, rp.name AS resident_name, pr.note, pr.since, c.last_at AS last_contact_at, c.n AS contact_count,
         floor(extract(epoch FROM (now() - coalesce(c.last_at, pr.since))) / 86400)::int AS quiet_days
    FROM pairings pr JOIN areas ar ON ar.code = pr.area_code
    JOIN people mp ON mp.id = pr.member_person_id JOIN people rp ON rp.id = pr.resident_person_id
    LEFT JOIN LATERAL (SELECT max(x.at) AS last_at, count(*)::int AS n FROM pairing_contacts x WHERE x.pairing_id = pr.id) c ON true`;

const toPairing = (r: PairingRow): z.infer<typeof pairingSchema> => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  areaCode: r.area_code,
  areaName: r.area_name,
  memberPersonId: r.member_person_id,
  memberName: r.member_name,
  residentPersonId: r.resident_person_id,
  residentName: r.resident_name,
  note: r.note,
  since: r.since.toISOString(),
  lastContactAt: r.last_contact_at?.toISOString() ?? null,
  contactCount: r.contact_count,
  quietDays: Math.max(0, r.quiet_days),
});

/** A pair the actor may see: staff with volunteers.read in its scope, or its member. */
async function findPairing(q: Queryable, actor: Actor, id: string, forUpdate = false): Promise<PairingRow | null> {
  const { rows } = await q.query<PairingRow>(`${PAIRING_SELECT} WHERE pr.id = $1`, [id]);
  const p = rows[0];
  if (!p) return null;
  if (forUpdate) await q.query("SELECT id FROM pairings WHERE id = $1 FOR UPDATE", [id]);
  const self = await personOf(q, actor);
  const ok = (actor.permissions.has("volunteers.read") && inScope(actor, p.area_code)) || (!!self && self === p.member_person_id);
  return ok ? p : null;
}

/** 结对: party members paired with residents in need, the contacts between them, and the pairs gone quiet. */
export async function pairingRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const detail = async (actor: Actor, id: string) => {
    const p = await findPairing(db, actor, id);
    if (!p) throw notFound();
    const { rows } = await db.query<{ id: string; kind: "visit" | "call" | "help"; note: string | null; at: Date }>(
      "SELECT id, kind, note, at FROM pairing_contacts WHERE pairing_id = $1 ORDER BY at DESC LIMIT 200",
      [id],
    );
    return { ...toPairing(p), contacts: rows.map((c) => ({ id: c.id, kind: c.kind, note: c.note, at: c.at.toISOString() })) };
  };

  r.get(
    "/api/v1/pairings",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "Pairs in scope; `quietDays` keeps the active pairs without a contact for at least that many days, longest quiet first",
        querystring: pairingListQuerySchema,
        response: { 200: pageOf(pairingSchema) },
      },
    },
    async (req) => {
      const f = req.query;
      const w = new Where().scope(req.actor!, "pr.area_code");
      if (f.areaCode) w.subtree("pr.area_code", f.areaCode);
      if (f.status) w.and("pr.status = ?", f.status);
      if (f.quietDays)
        w.raw("pr.status = 'active'").and(
          "coalesce((SELECT max(x.at) FROM pairing_contacts x WHERE x.pairing_id = pr.id), pr.since) < now() - make_interval(days => ?)",
          f.quietDays,
        );
      const { rows, total } = await pageQuery<PairingRow>(db, w, f, {
        from: "pairings pr",
        rows: (cond, limit) =>
          `${PAIRING_SELECT} WHERE ${cond} ORDER BY ${f.quietDays ? "coalesce(c.last_at, pr.since) ASC" : "pr.since DESC"}, pr.id ${limit}`,
      });
      return { items: rows.map(toPairing), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.post(
    "/api/v1/pairings",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Pair a party member with a resident in need (an elderly person living alone, say)",
        body: pairingCreateSchema,
        response: { 201: pairingDetailSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        const resident = await personInScope(q, actor, b.residentPersonId, "residentPersonId");
        const { rows: m } = await q.query<{ person_id: string }>("SELECT person_id FROM party_members WHERE person_id = $1", [
          b.memberPersonId,
        ]);
        if (!m[0]) throw new AppError("domain.pairing_member", { field: "memberPersonId" });
        if (b.memberPersonId === b.residentPersonId) throw new AppError("domain.pairing_member", { field: "memberPersonId" });
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO pairings (member_person_id, resident_person_id, kind, area_code, note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [b.memberPersonId, resident.id, b.kind, resident.area_code, b.note ?? null, actor.kind === "account" ? actor.id : null],
        );
        if (!rows[0]) throw new AppError("conflict.pairing_exists");
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "pairing.create",
          objectType: "pairing",
          objectId: rows[0].id,
          areaCode: resident.area_code,
          after: b,
        });
        return rows[0].id;
      });
      return reply.status(201).send(await detail(actor, id));
    },
  );

  r.get(
    "/api/v1/pairings/mine",
    {
      config: { permission: "authenticated" },
      schema: { tags, summary: "The actor's pairs as a party member", response: { 200: z.object({ items: z.array(pairingSchema) }) } },
    },
    async (req) => {
      const self = await personOf(db, req.actor);
      if (!self) return { items: [] };
      const { rows } = await db.query<PairingRow>(`${PAIRING_SELECT} WHERE pr.member_person_id = $1 ORDER BY pr.status, pr.since DESC`, [
        self,
      ]);
      return { items: rows.map(toPairing) };
    },
  );

  r.get(
    "/api/v1/pairings/:id",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "A pair with its contacts (staff in scope, or the member)",
        params: idParams,
        response: { 200: pairingDetailSchema },
      },
    },
    async (req) => detail(req.actor!, req.params.id),
  );

  r.post(
    "/api/v1/pairings/:id/contacts",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Log a visit, call or errand of the pair (the member, or staff in scope)",
        params: idParams,
        body: contactCreateSchema,
        response: { 201: pairingDetailSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const at = req.body.at ? new Date(req.body.at) : new Date();
      if (at.getTime() > Date.now() + 60_000) throw new AppError("domain.contact_in_future", { field: "at" });
      await db.tx(async (q) => {
        const p = await findPairing(q, actor, req.params.id, true);
        if (!p) throw notFound();
        if (p.status !== "active") throw new AppError("domain.pairing_ended");
        const { rows } = await q.query<{ id: string }>(
          "INSERT INTO pairing_contacts (pairing_id, kind, note, at, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [p.id, req.body.kind, req.body.note ?? null, at, actor.kind === "account" ? actor.id : null],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "pairing.contact",
          objectType: "pairing",
          objectId: p.id,
          areaCode: p.area_code,
          after: { contactId: rows[0]!.id, kind: req.body.kind },
        });
      });
      return reply.status(201).send(await detail(actor, req.params.id));
    },
  );

  r.post(
    "/api/v1/pairings/:id/end",
    {
      config: { permission: "volunteers.manage" },
      schema: { tags, summary: "End a pair", params: idParams, response: { 200: pairingDetailSchema } },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const p = await findPairing(q, actor, req.params.id, true);
        if (!p || !inScope(actor, p.area_code)) throw notFound();
        if (p.status !== "active") throw new AppError("domain.pairing_ended");
        await q.query("UPDATE pairings SET status = 'ended', ended_at = now() WHERE id = $1", [p.id]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "pairing.end",
          objectType: "pairing",
          objectId: p.id,
          areaCode: p.area_code,
        });
      });
      return detail(actor, req.params.id);
    },
  );
}
