import {
  candidatesSchema,
  DEFAULT_POINT_RULES,
  MEMBER_CATEGORIES,
  pageOf,
  pointItemCreateSchema,
  pointItemDecideSchema,
  pointItemListQuerySchema,
  pointItemSchema,
  pointRulesPutSchema,
  pointRulesSchema,
  pointStatementSchema,
  pointYearQuerySchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { chinaYear, personOf, requirePerson } from "../volunteers/identity.js";
import { eventsOf, managesOrg, memberRow, rulesOf, statementOf } from "./points.repository.js";
import { computeStatement } from "./points.rules.js";

const tags = ["points"];
const orgParams = z.object({ partyOrgId: z.string().uuid() });

interface ItemRow {
  id: string;
  person_id: string;
  person_name: string;
  party_org_id: string | null;
  kind: "council" | "course" | "manual";
  title: string;
  occurred_on: string;
  points: number | null;
  status: "pending" | "approved" | "declined";
  decided_at: Date | null;
  reason: string | null;
}

const ITEM_SELECT = `
  SELECT i.id, i.person_id, p.name AS person_name, i.party_org_id, i.kind, i.title, to_char(i.occurred_on, 'YYYY-MM-DD') AS occurred_on,
         i.points, i.status, i.decided_at, i.reason
    FROM point_items i JOIN people p ON p.id = i.person_id`;

/** Contribution points (党员积分): the branch's rule sets, yearly statements, manual items, commendation candidates. */
export async function pointRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const toItem = async (actor: Actor, i: ItemRow, manages?: boolean) => ({
    id: i.id,
    personId: i.person_id,
    personName: i.person_name,
    partyOrgId: i.party_org_id,
    kind: i.kind,
    title: i.title,
    occurredOn: i.occurred_on,
    points: i.points,
    status: i.status,
    decidedAt: i.decided_at?.toISOString() ?? null,
    reason: i.reason,
    abilities: { decide: i.status === "pending" && (manages ?? (!!i.party_org_id && (await managesOrg(db, actor, i.party_org_id)))) },
  });

  r.get(
    "/api/v1/points/rules/:partyOrgId",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "A branch's rule sets per member category (the platform's defaults where it set none)",
        params: orgParams,
        response: { 200: pointRulesSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { rows } = await db.query<{ name: string }>("SELECT name FROM party_orgs WHERE id = $1", [req.params.partyOrgId]);
      if (!rows[0]) throw notFound();
      const canEdit = await managesOrg(db, actor, req.params.partyOrgId);
      const self = await personOf(db, actor);
      const member = self ? await memberRow(db, self) : null;
      if (!canEdit && member?.branch_id !== req.params.partyOrgId) throw notFound();
      const rules = await rulesOf(db, req.params.partyOrgId);
      return { partyOrgId: req.params.partyOrgId, partyOrgName: rows[0].name, rules: MEMBER_CATEGORIES.map((c) => rules.get(c)!), canEdit };
    },
  );

  r.put(
    "/api/v1/points/rules/:partyOrgId",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Set a branch's rule sets (staff with points.manage whose scope holds the branch, or its secretary)",
        params: orgParams,
        body: pointRulesPutSchema,
        response: { 200: pointRulesSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const orgId = req.params.partyOrgId;
      const cats = req.body.rules.map((x) => x.category);
      if (new Set(cats).size !== cats.length)
        throw new AppError("validation.failed", [{ path: "rules", code: "custom", message: "每类党员只能有一套规则" }]);
      await db.tx(async (q) => {
        if (!(await managesOrg(q, actor, orgId))) throw notFound();
        const before = await rulesOf(q, orgId);
        for (const x of req.body.rules) {
          await q.query(
            `INSERT INTO point_rule_sets (party_org_id, category, per_hour, per_wish, per_case, report_in, per_council, per_course, hours_cap,
                                          commendation_threshold, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11)
             ON CONFLICT (party_org_id, category) DO UPDATE SET per_hour = $3, per_wish = $4, per_case = $5, report_in = $6, per_council = $7,
               per_course = $8, hours_cap = $9, commendation_threshold = $10, updated_at = now(), updated_by = $11`,
            [
              orgId,
              x.category,
              x.perHour,
              x.perWish,
              x.perCase,
              x.reportIn,
              x.perCouncil,
              x.perCourse,
              x.hoursCap,
              x.commendationThreshold,
              actor.kind === "account" ? actor.id : null,
            ],
          );
        }
        const { rows } = await q.query<{ area_code: string }>("SELECT area_code FROM party_orgs WHERE id = $1", [orgId]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "points.rules",
          objectType: "party_org",
          objectId: orgId,
          areaCode: rows[0]?.area_code ?? null,
          before: cats.map((c) => before.get(c)),
          after: req.body.rules,
        });
      });
      const rules = await rulesOf(db, orgId);
      const { rows } = await db.query<{ name: string }>("SELECT name FROM party_orgs WHERE id = $1", [orgId]);
      return { partyOrgId: orgId, partyOrgName: rows[0]!.name, rules: MEMBER_CATEGORIES.map((c) => rules.get(c)!), canEdit: true };
    },
  );

  r.get(
    "/api/v1/points/mine",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The actor's yearly statement: every point and the verified event it came from",
        querystring: pointYearQuerySchema,
        response: { 200: pointStatementSchema },
      },
    },
    async (req) => {
      const self = await requirePerson(db, req.actor!);
      const m = await memberRow(db, self);
      if (!m) throw new AppError("domain.not_party_member");
      return statementOf(db, m, req.query.year ?? chinaYear());
    },
  );

  r.get(
    "/api/v1/points/members/:personId",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "A member's yearly statement (staff with points.manage whose scope holds the member's branch, or its secretary)",
        params: z.object({ personId: z.string().uuid() }),
        querystring: pointYearQuerySchema,
        response: { 200: pointStatementSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const m = await memberRow(db, req.params.personId);
      const self = await personOf(db, actor);
      if (!m || !(self === m.person_id || (m.branch_id && (await managesOrg(db, actor, m.branch_id))))) throw notFound();
      return statementOf(db, m, req.query.year ?? chinaYear());
    },
  );

  r.post(
    "/api/v1/points/items",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary:
          "Propose a manual item (council or course participation, another contribution) for the branch to approve: for oneself, or for a member",
        body: pointItemCreateSchema,
        response: { 201: pointItemSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      if (b.kind === "manual" && b.points === undefined) throw new AppError("domain.point_item_points", { field: "points" });
      const row = await db.tx(async (q) => {
        const personId = b.personId ?? (await requirePerson(q, actor));
        const m = await memberRow(q, personId);
        if (!m) throw new AppError("domain.not_party_member", { field: "personId" });
        const self = await personOf(q, actor);
        if (personId !== self && !(m.branch_id && (await managesOrg(q, actor, m.branch_id))))
          throw new AppError("domain.person_unknown", { field: "personId" });
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO point_items (person_id, party_org_id, kind, title, occurred_on, points, proposed_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            personId,
            m.branch_id,
            b.kind,
            b.title,
            b.occurredOn,
            b.kind === "manual" ? b.points : null,
            actor.kind === "account" ? actor.id : null,
          ],
        );
        const { rows: org } = await q.query<{ area_code: string }>("SELECT area_code FROM party_orgs WHERE id = $1", [m.branch_id]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "points.item_create",
          objectType: "point_item",
          objectId: rows[0]!.id,
          areaCode: org[0]?.area_code ?? null,
          after: b,
        });
        return (await q.query<ItemRow>(`${ITEM_SELECT} WHERE i.id = $1`, [rows[0]!.id])).rows[0]!;
      });
      return reply.status(201).send(await toItem(actor, row));
    },
  );

  r.get(
    "/api/v1/points/items",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Manual items: of a branch the actor manages (`partyOrgId`), or the actor's own",
        querystring: pointItemListQuerySchema,
        response: { 200: pageOf(pointItemSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const f = req.query;
      const w = new Where();
      let manages = false;
      if (f.partyOrgId && !f.mine) {
        manages = await managesOrg(db, actor, f.partyOrgId);
        if (!manages) throw notFound();
        w.and("i.party_org_id = ?", f.partyOrgId);
      } else w.and("i.person_id = ?::uuid", (await personOf(db, actor)) ?? "00000000-0000-0000-0000-000000000000");
      if (f.status) w.and("i.status = ?", f.status);
      const { rows, total } = await pageQuery<ItemRow>(db, w, f, {
        from: "point_items i",
        rows: (cond, limit) => `${ITEM_SELECT} WHERE ${cond} ORDER BY i.status = 'pending' DESC, i.occurred_on DESC, i.id ${limit}`,
      });
      return {
        items: await Promise.all(rows.map((i) => toItem(actor, i, f.partyOrgId && !f.mine ? manages : undefined))),
        total,
        page: f.page,
        pageSize: f.pageSize,
      };
    },
  );

  r.post(
    "/api/v1/points/items/:id/decide",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The branch approves or declines a manual item",
        params: z.object({ id: z.string().uuid() }),
        body: pointItemDecideSchema,
        response: { 200: pointItemSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await db.tx(async (q) => {
        const { rows } = await q.query<{ id: string; status: string; party_org_id: string | null }>(
          "SELECT id, status, party_org_id FROM point_items WHERE id = $1 FOR UPDATE",
          [req.params.id],
        );
        const i = rows[0];
        if (!i || !i.party_org_id || !(await managesOrg(q, actor, i.party_org_id))) throw notFound();
        if (i.status !== "pending") throw new AppError("domain.point_item_state");
        const status = req.body.approve ? "approved" : "declined";
        await q.query("UPDATE point_items SET status = $2, decided_by = $3, decided_at = now(), reason = $4 WHERE id = $1", [
          i.id,
          status,
          actor.kind === "account" ? actor.id : null,
          req.body.reason ?? null,
        ]);
        const { rows: org } = await q.query<{ area_code: string }>("SELECT area_code FROM party_orgs WHERE id = $1", [i.party_org_id]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "points.item_decide",
          objectType: "point_item",
          objectId: i.id,
          areaCode: org[0]?.area_code ?? null,
          after: { status, reason: req.body.reason ?? null },
        });
        return (await q.query<ItemRow>(`${ITEM_SELECT} WHERE i.id = $1`, [i.id])).rows[0]!;
      });
      return toItem(actor, row, true);
    },
  );

  r.get(
    "/api/v1/points/candidates/:partyOrgId",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Members of a branch whose points for the year reach their category's commendation threshold, in name order (no ranking)",
        params: orgParams,
        querystring: pointYearQuerySchema,
        response: { 200: candidatesSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const orgId = req.params.partyOrgId;
      if (!(await managesOrg(db, actor, orgId))) throw notFound();
      const year = req.query.year ?? chinaYear();
      const { rows: members } = await db.query<{ person_id: string; name: string; category: (typeof MEMBER_CATEGORIES)[number] }>(
        "SELECT pm.person_id, p.name, pm.category FROM party_members pm JOIN people p ON p.id = pm.person_id WHERE pm.branch_id = $1 ORDER BY p.name, pm.person_id LIMIT 5000",
        [orgId],
      );
      const rules = await rulesOf(db, orgId);
      const events = await eventsOf(
        db,
        members.map((m) => m.person_id),
        year,
      );
      const items = [];
      for (const m of members) {
        const { isDefault: _d, ...set } = rules.get(m.category) ?? { ...DEFAULT_POINT_RULES[m.category], isDefault: true };
        const s = computeStatement(set, events.get(m.person_id)!);
        if (s.commendationCandidate)
          items.push({ personId: m.person_id, name: m.name, category: m.category, total: s.total, threshold: set.commendationThreshold });
      }
      return { partyOrgId: orgId, year, items };
    },
  );
}
