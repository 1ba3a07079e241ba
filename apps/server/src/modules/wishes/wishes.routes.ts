import {
  CLAIMANT_KIND_LABELS,
  pageOf,
  type Wish,
  wishClaimSchema,
  wishConfirmSchema,
  wishCreateSchema,
  wishFulfilSchema,
  wishListQuerySchema,
  wishReviewSchema,
  wishSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { maskPhone, type Vault } from "../../platform/crypto.js";
import { AppError, notFound } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { decodePhotos, PHOTOS_BODY_LIMIT } from "../cases/intake.js";
import { notifyAccounts } from "../notifications/notifications.repository.js";
import { accountsOfPeople, communityOf, inScope, personOf, requirePerson, staffOver } from "../volunteers/identity.js";

const tags = ["wishes"];
const idParams = z.object({ id: z.string().uuid() });

interface WishRow {
  id: string;
  title: string;
  description: string;
  category: Wish["category"];
  status: Wish["status"];
  area_code: string;
  area_name: string;
  estimated_value: number | null;
  person_id: string;
  wisher_name: string;
  wisher_phone_enc: string | null;
  on_behalf: boolean;
  claimant_kind: Wish["claimant"] extends infer C ? (C extends { kind: infer K } ? K : never) | null : never;
  claimant_account_id: string | null;
  claimant_person_id: string | null;
  claimant_label: string | null;
  claimed_at: Date | null;
  fulfil_note: string | null;
  fulfil_photos: string[];
  fulfilled_at: Date | null;
  confirmed_at: Date | null;
  decline_reason: string | null;
  created_at: Date;
  published_at: Date | null;
}

const WISH_SELECT = `
  SELECT w.id, w.title, w.description, w.category, w.status, w.area_code, ar.name AS area_name, w.estimated_value,
         w.person_id, p.name AS wisher_name, p.phone_enc AS wisher_phone_enc, w.on_behalf, w.claimant_kind,
         w.claimant_account_id, w.claimant_person_id,
         CASE w.claimant_kind WHEN 'person' THEN cp.name WHEN 'team' THEN ct.name WHEN 'unit' THEN cu.name END AS claimant_label,
         w.claimed_at, w.fulfil_note, w.fulfil_photos, w.fulfilled_at, w.confirmed_at, w.decline_reason, w.created_at, w.published_at
    FROM wishes w JOIN areas ar ON ar.code = w.area_code JOIN people p ON p.id = w.person_id
    LEFT JOIN people cp ON cp.id = w.claimant_person_id LEFT JOIN volunteer_teams ct ON ct.id = w.claimant_team_id
    LEFT JOIN units cu ON cu.id = w.claimant_unit_id`;

const PUBLIC_STATUSES = "('published','claimed','fulfilled','confirmed')";

/** Who the actor is to wishes: staff scope, their person, their account. */
interface Viewer {
  actor: Actor;
  person: string | null;
}

const isStaff = (actor: Actor, w: { area_code: string }) => actor.permissions.has("wishes.review") && inScope(actor, w.area_code);

/**
 * Staff see the wishes in their scope in every state (and only those: scope holds for them as everywhere); the
 * wisher and the claimant their own; everyone else the published ones, without identity.
 */
function visibleWhere(w: Where, v: Viewer): Where {
  const parts: string[] = [];
  if (v.actor.permissions.has("wishes.review") && v.actor.scopePrefix) {
    w.params.push(`${v.actor.scopePrefix}%`);
    parts.push(`w.area_code LIKE $${w.params.length}`);
  } else parts.push(`w.status IN ${PUBLIC_STATUSES}`);
  if (v.person) {
    w.params.push(v.person);
    parts.push(`w.person_id = $${w.params.length}::uuid`);
  }
  if (v.actor.kind === "account") {
    w.params.push(v.actor.id);
    parts.push(`w.claimant_account_id = $${w.params.length}::uuid`);
  }
  return w.raw(`(${parts.join(" OR ")})`);
}

function toWish(r: WishRow, v: Viewer, vault: Vault): Wish {
  const staff = isStaff(v.actor, r);
  const wisher = !!v.person && v.person === r.person_id;
  const claimant = v.actor.kind === "account" && r.claimant_account_id === v.actor.id;
  const identity = staff || wisher;
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    status: r.status,
    areaCode: r.area_code,
    areaName: r.area_name,
    estimatedValue: r.estimated_value,
    wisher: identity
      ? { personId: r.person_id, name: r.wisher_name, phone: r.wisher_phone_enc ? maskPhone(vault.decrypt(r.wisher_phone_enc)) : null }
      : null,
    postedOnBehalf: r.on_behalf,
    claimant:
      r.claimant_kind && r.claimed_at
        ? { kind: r.claimant_kind, label: r.claimant_label ?? CLAIMANT_KIND_LABELS[r.claimant_kind], claimedAt: r.claimed_at.toISOString() }
        : null,
    fulfilment:
      r.fulfilled_at && r.fulfil_note !== null
        ? { note: r.fulfil_note, photos: identity || claimant ? r.fulfil_photos : [], at: r.fulfilled_at.toISOString() }
        : null,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    declineReason: identity ? r.decline_reason : null,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    abilities: {
      review: staff && r.status === "submitted",
      claim: v.actor.permissions.has("wishes.claim") && r.status === "published" && !wisher,
      fulfil: claimant && r.status === "claimed",
      confirm: (staff || wisher) && r.status === "fulfilled",
      cancel: staff && (r.status === "submitted" || r.status === "published" || r.status === "claimed"),
    },
  };
}

/** Locks a wish for a step and checks the actor may see it. */
async function lockWish(q: Queryable, v: Viewer, id: string) {
  const w = visibleWhere(new Where(), v).and("w.id = ?", id);
  const { rows } = await q.query<{
    id: string;
    status: Wish["status"];
    area_code: string;
    person_id: string;
    claimant_account_id: string | null;
    title: string;
  }>(`SELECT w.id, w.status, w.area_code, w.person_id, w.claimant_account_id, w.title FROM wishes w WHERE ${w.sql} FOR UPDATE`, w.params);
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** Micro-wishes (微心愿): posted, reviewed, published without identity, claimed once, fulfilled, confirmed. */
export async function wishRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;

  const viewer = async (actor: Actor, q: Queryable = db): Promise<Viewer> => ({ actor, person: await personOf(q, actor) });
  const view = async (actor: Actor, id: string) => {
    const v = await viewer(actor);
    const w = visibleWhere(new Where(), v).and("w.id = ?", id);
    const row = (await db.query<WishRow>(`${WISH_SELECT} WHERE ${w.sql}`, w.params)).rows[0];
    if (!row) throw notFound();
    return toWish(row, v, vault);
  };

  r.get(
    "/api/v1/wishes",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary:
          "Wishes: staff see those in scope in every state; others the published ones (no identity) and, with `mine`, those they posted or claimed",
        querystring: wishListQuerySchema,
        response: { 200: pageOf(wishSchema) },
      },
    },
    async (req) => {
      const f = req.query;
      const v = await viewer(req.actor!);
      const w = visibleWhere(new Where(), v);
      if (f.mine) {
        w.params.push(v.person ?? "00000000-0000-0000-0000-000000000000", req.actor!.id);
        w.raw(`(w.person_id = $${w.params.length - 1}::uuid OR w.claimant_account_id = $${w.params.length}::uuid)`);
      }
      if (f.status) w.and("w.status = ?", f.status);
      if (f.category) w.and("w.category = ?", f.category);
      if (f.areaCode) w.subtree("w.area_code", f.areaCode);
      const { rows, total } = await pageQuery<WishRow>(db, w, f, {
        from: "wishes w",
        rows: (cond, limit) => `${WISH_SELECT} WHERE ${cond} ORDER BY coalesce(w.published_at, w.created_at) DESC, w.id ${limit}`,
      });
      return { items: rows.map((x) => toWish(x, v, vault)), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.post(
    "/api/v1/wishes",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Post a wish: a resident for themselves, or staff (wishes.review) on behalf of a resident in the registry (代办)",
        description:
          "The wish belongs to the wisher's community; it is reviewed before it is published, and the published wish never names the wisher.",
        body: wishCreateSchema,
        response: { 201: wishSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        let personId: string;
        const onBehalf = !!b.personId;
        if (b.personId) {
          if (!actor.permissions.has("wishes.review")) throw new AppError("forbidden");
          personId = b.personId;
        } else personId = await requirePerson(q, actor);
        const { rows: p } = await q.query<{ area_code: string }>("SELECT area_code FROM people WHERE id = $1", [personId]);
        if (!p[0] || (onBehalf && !inScope(actor, p[0].area_code))) throw new AppError("domain.person_unknown", { field: "personId" });
        const community = communityOf(b.areaCode && onBehalf && inScope(actor, b.areaCode) ? b.areaCode : p[0].area_code) ?? p[0].area_code;
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO wishes (title, description, category, area_code, person_id, posted_by, on_behalf, estimated_value)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            b.title,
            b.description,
            b.category,
            community,
            personId,
            actor.kind === "account" ? actor.id : null,
            onBehalf,
            b.estimatedValue ?? null,
          ],
        );
        await notifyAccounts(q, await staffOver(q, community), { kind: "wish.submitted", title: `新的微心愿待审核：${b.title}` });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.create",
          objectType: "wish",
          objectId: rows[0]!.id,
          areaCode: community,
          after: { title: b.title, category: b.category, onBehalf },
        });
        return rows[0]!.id;
      });
      return reply.status(201).send(await view(actor, id));
    },
  );

  r.get(
    "/api/v1/wishes/:id",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "One wish (the wisher's identity only to staff and the wisher)",
        params: idParams,
        response: { 200: wishSchema },
      },
    },
    async (req) => view(req.actor!, req.params.id),
  );

  r.post(
    "/api/v1/wishes/:id/review",
    {
      config: { permission: "wishes.review" },
      schema: {
        tags,
        summary: "Publish or decline a submitted wish",
        params: idParams,
        body: wishReviewSchema,
        response: { 200: wishSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const w = await lockWish(q, await viewer(actor, q), req.params.id);
        if (!isStaff(actor, w)) throw notFound();
        if (w.status !== "submitted") throw new AppError("domain.wish_state");
        const publish = req.body.publish;
        await q.query(
          `UPDATE wishes SET status = $2, reviewed_by = $3, decline_reason = $4, published_at = CASE WHEN $5 THEN now() END, updated_at = now()
            WHERE id = $1`,
          [
            w.id,
            publish ? "published" : "declined",
            actor.kind === "account" ? actor.id : null,
            publish ? null : (req.body.reason ?? null),
            publish,
          ],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.review",
          objectType: "wish",
          objectId: w.id,
          areaCode: w.area_code,
          after: req.body,
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/wishes/:id/claim",
    {
      config: { permission: "wishes.claim" },
      schema: {
        tags,
        summary:
          "Claim a published wish as a person, a team (its leader or member) or a unit; of simultaneous claims exactly one wins, the others get 409",
        params: idParams,
        body: wishClaimSchema,
        response: { 200: wishSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const b = req.body;
      await db.tx(async (q) => {
        const person = await personOf(q, actor);
        let teamId: string | null = null;
        let unitId: string | null = null;
        if (b.as === "person" && !person) throw new AppError("domain.no_person_linked");
        if (b.as === "team") {
          if (!b.teamId || !person) throw new AppError("domain.claim_as_invalid", { field: "teamId" });
          const { rows } = await q.query<{ ok: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM volunteer_teams t WHERE t.id = $1 AND t.dissolved_at IS NULL AND (t.leader_person_id = $2
                     OR EXISTS (SELECT 1 FROM volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id WHERE m.team_id = t.id AND v.person_id = $2))) AS ok`,
            [b.teamId, person],
          );
          if (!rows[0]?.ok) throw new AppError("domain.claim_as_invalid", { field: "teamId" });
          teamId = b.teamId;
        }
        if (b.as === "unit") {
          if (!actor.unitId) throw new AppError("domain.claim_as_invalid", { field: "as" });
          unitId = actor.unitId;
        }
        // One conditional update decides the race: under concurrent claims the row lock makes the others re-read the
        // status, find it no longer published, and update nothing.
        const v = await viewer(actor, q);
        const w = visibleWhere(new Where(), v).and("w.id = ?", req.params.id);
        const base = w.params.length;
        const { rows } = await q.query<{ id: string; area_code: string; person_id: string; title: string }>(
          `UPDATE wishes SET status = 'claimed', claimant_kind = $${base + 1}, claimant_account_id = $${base + 2}, claimant_person_id = $${base + 3},
                  claimant_team_id = $${base + 4}, claimant_unit_id = $${base + 5}, claimed_at = now(), updated_at = now()
            WHERE id IN (SELECT w.id FROM wishes w WHERE ${w.sql}) AND status = 'published' AND person_id IS DISTINCT FROM $${base + 3}::uuid
            RETURNING id, area_code, person_id, title`,
          [...w.params, b.as, actor.kind === "account" ? actor.id : null, person, teamId, unitId],
        );
        const won = rows[0];
        if (!won) {
          const { rows: cur } = await q.query<{ status: string; person_id: string }>(
            `SELECT w.status, w.person_id FROM wishes w WHERE ${w.sql}`,
            w.params,
          );
          if (!cur[0]) throw notFound();
          if (cur[0].status === "claimed" || cur[0].status === "fulfilled" || cur[0].status === "confirmed")
            throw new AppError("conflict.wish_claimed");
          throw new AppError("domain.wish_state");
        }
        const recipients = [...(await accountsOfPeople(q, [won.person_id])), ...(await staffOver(q, won.area_code))];
        await notifyAccounts(q, recipients, { kind: "wish.claimed", title: `微心愿“${won.title}”已被认领` });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.claim",
          objectType: "wish",
          objectId: won.id,
          areaCode: won.area_code,
          after: { as: b.as, teamId, unitId },
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/wishes/:id/fulfil",
    {
      bodyLimit: PHOTOS_BODY_LIMIT,
      config: { permission: "wishes.claim" },
      schema: {
        tags,
        summary: "The claimant records the fulfilment with a note and photos (data URLs: JPEG, PNG or WebP, 2 MB each)",
        params: idParams,
        body: wishFulfilSchema,
        response: { 200: wishSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      decodePhotos(req.body.photos);
      await db.tx(async (q) => {
        const w = await lockWish(q, await viewer(actor, q), req.params.id);
        if (w.claimant_account_id !== actor.id) throw new AppError("domain.wish_not_claimant");
        if (w.status !== "claimed") throw new AppError("domain.wish_state");
        await q.query(
          "UPDATE wishes SET status = 'fulfilled', fulfil_note = $2, fulfil_photos = $3::jsonb, fulfilled_at = now(), updated_at = now() WHERE id = $1",
          [w.id, req.body.note, JSON.stringify(req.body.photos)],
        );
        const recipients = [...(await accountsOfPeople(q, [w.person_id])), ...(await staffOver(q, w.area_code))];
        await notifyAccounts(q, recipients, { kind: "wish.fulfilled", title: `微心愿“${w.title}”已实现，请确认` });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.fulfil",
          objectType: "wish",
          objectId: w.id,
          areaCode: w.area_code,
          after: { note: req.body.note, photos: req.body.photos.length },
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/wishes/:id/confirm",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The wisher or staff confirm that the wish came true",
        params: idParams,
        body: wishConfirmSchema,
        response: { 200: wishSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const v = await viewer(actor, q);
        const w = await lockWish(q, v, req.params.id);
        if (!(isStaff(actor, w) || (v.person && v.person === w.person_id))) throw notFound();
        if (w.status !== "fulfilled") throw new AppError("domain.wish_state");
        await q.query(
          "UPDATE wishes SET status = 'confirmed', confirmed_at = now(), confirmed_by = $2, confirm_comment = $3, updated_at = now() WHERE id = $1",
          [w.id, actor.kind === "account" ? actor.id : null, req.body.comment ?? null],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.confirm",
          objectType: "wish",
          objectId: w.id,
          areaCode: w.area_code,
          after: req.body,
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/wishes/:id/cancel",
    {
      config: { permission: "wishes.review" },
      schema: {
        tags,
        summary: "Withdraw a wish that has not been fulfilled",
        params: idParams,
        body: z.object({ reason: z.string().trim().max(500).optional() }),
        response: { 200: wishSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const w = await lockWish(q, await viewer(actor, q), req.params.id);
        if (!isStaff(actor, w)) throw notFound();
        if (!["submitted", "published", "claimed"].includes(w.status)) throw new AppError("domain.wish_state");
        await q.query("UPDATE wishes SET status = 'cancelled', decline_reason = $2, updated_at = now() WHERE id = $1", [
          w.id,
          req.body.reason ?? null,
        ]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "wish.cancel",
          objectType: "wish",
          objectId: w.id,
          areaCode: w.area_code,
          before: { status: w.status },
          after: req.body,
        });
      });
      return view(actor, req.params.id);
    },
  );
}
