import {
  areaCodeSchema,
  caseDuplicateSchema,
  caseMergeSchema,
  caseProposalSchema,
  caseSchema,
  caseTriageSchema,
  categoryCodeSchema,
  HANDLER_KINDS,
  type RoutingRule,
  routingRuleCreateSchema,
  routingRuleSchema,
  scopePrefix,
  URGENCIES,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope, scopeSql } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { checkHandler, mergeCase, proposeHandler, triageCase } from "./analysis.js";
import { findCase, toCase } from "./cases.repository.js";
import { findCategory } from "./categories.repository.js";
import { DUPLICATE_DEFAULTS, findDuplicates } from "./duplicates.js";
import { caseDeadline } from "./workflow.deadlines.js";

const tags = ["cases"];
const idParams = z.object({ id: z.uuid() });
const duplicateQuery = z.object({
  radius: z.coerce.number().int().min(10).max(5000).default(DUPLICATE_DEFAULTS.radius),
  days: z.coerce.number().int().min(1).max(365).default(DUPLICATE_DEFAULTS.days),
  minSimilarity: z.coerce.number().min(0.05).max(1).default(DUPLICATE_DEFAULTS.minSimilarity),
  limit: z.coerce.number().int().min(1).max(50).default(DUPLICATE_DEFAULTS.limit),
});

interface RuleRow {
  id: string;
  category_code: string | null;
  category_name: string | null;
  area_code: string;
  area_name: string | null;
  handler_kind: RoutingRule["handlerKind"];
  handler_ref: string | null;
  handler_label: string | null;
  created_at: Date;
}

const RULE_SELECT = `SELECT r.id, r.category_code, cc.name AS category_name, r.area_code, ar.name AS area_name, r.handler_kind,
  r.handler_ref, r.handler_label, r.created_at
  FROM routing_rules r LEFT JOIN case_categories cc ON cc.code = r.category_code LEFT JOIN areas ar ON ar.code = r.area_code`;

const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  categoryCode: r.category_code,
  categoryName: r.category_name,
  areaCode: r.area_code,
  areaName: r.area_name,
  handlerKind: r.handler_kind,
  handlerRef: r.handler_ref,
  handlerLabel: r.handler_label,
  createdAt: r.created_at.toISOString(),
});

/** Analyse (分析民情): the proposal, duplicates, triage and merge; and the routing table. */
export async function analysisRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;

  r.get(
    "/api/v1/cases/:id/proposal",
    {
      config: { permission: "cases.triage" },
      schema: {
        tags,
        summary: "What triage would propose: the routing table's handler, the deadline, and possible duplicates",
        description:
          "`categoryCode` and `urgency` default to the case's own. Duplicates: open cases of the same category within `radius` metres " +
          "over the last `days` days, and open cases whose text is similar (word segmentation), scored.",
        params: idParams,
        querystring: duplicateQuery.extend({ categoryCode: categoryCodeSchema.optional(), urgency: z.enum(URGENCIES).optional() }),
        response: { 200: caseProposalSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const c = await findCase(db, actor, req.params.id);
      if (!c) throw notFound();
      const categoryCode = req.query.categoryCode ?? c.category_code;
      const category = categoryCode ? await findCategory(db, categoryCode) : null;
      if (categoryCode && !category) throw new AppError("domain.case_category_unknown", { field: "categoryCode" });
      const handler = await proposeHandler(db, c, category?.code ?? null);
      const urgency = req.query.urgency ?? c.urgency;
      const deadline = category
        ? await caseDeadline(db, { area_code: c.area_code, category_code: category.code, urgency }, c.created_at)
        : null;
      return {
        handler,
        deadlineAt: deadline?.at.toISOString() ?? null,
        deadlineRule: deadline?.rule ?? null,
        duplicates: await findDuplicates(db, actor, c, category?.code ?? null, req.query),
      };
    },
  );

  r.get(
    "/api/v1/cases/:id/duplicates",
    {
      config: { permission: "cases.triage" },
      schema: {
        tags,
        summary: "Possible duplicates of a case: nearby open cases of the same category, and open cases of similar text",
        params: idParams,
        querystring: duplicateQuery.extend({ categoryCode: categoryCodeSchema.optional() }),
        response: { 200: z.object({ items: z.array(caseDuplicateSchema) }) },
      },
    },
    async (req) => {
      const c = await findCase(db, req.actor!, req.params.id);
      if (!c) throw notFound();
      return { items: await findDuplicates(db, req.actor!, c, req.query.categoryCode ?? c.category_code, req.query) };
    },
  );

  r.post(
    "/api/v1/cases/:id/triage",
    {
      config: { permission: "cases.triage" },
      schema: {
        tags,
        summary: "Triage a submitted case into the ledger: category, priority, urgency, service mode, handler; the deadline is computed",
        params: idParams,
        body: caseTriageSchema,
        response: { 200: caseSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await triageCase(deps, actor, auditContext(actor, req.ip), req.params.id, req.body);
      return toCase(row, actor, vault);
    },
  );

  r.post(
    "/api/v1/cases/:id/merge",
    {
      config: { permission: "cases.triage" },
      schema: {
        tags,
        summary: "Merge a duplicate into another open case: its reporters are counted and told, and follow the other case",
        params: idParams,
        body: caseMergeSchema,
        response: { 200: caseSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await mergeCase(deps, actor, auditContext(actor, req.ip), req.params.id, req.body.into, req.body.note);
      return toCase(row, actor, vault);
    },
  );

  r.get(
    "/api/v1/routing-rules",
    {
      config: { permission: "routing.manage" },
      schema: {
        tags: ["routing"],
        summary: "The routing table in scope: who handles a category in an area by default",
        querystring: z.object({
          areaCode: areaCodeSchema.optional(),
          categoryCode: categoryCodeSchema.optional(),
          handlerKind: z.enum(HANDLER_KINDS).optional(),
        }),
        response: { 200: z.object({ items: z.array(routingRuleSchema) }) },
      },
    },
    async (req) => {
      const scope = scopeSql(req.actor!, "r.area_code", 1);
      const params: unknown[] = [scope.param];
      const where = [scope.sql];
      if (req.query.areaCode) {
        params.push(`${scopePrefix(req.query.areaCode)}%`);
        where.push(`r.area_code LIKE $${params.length}`);
      }
      if (req.query.categoryCode) {
        params.push(req.query.categoryCode);
        where.push(`r.category_code = $${params.length}`);
      }
      if (req.query.handlerKind) {
        params.push(req.query.handlerKind);
        where.push(`r.handler_kind = $${params.length}`);
      }
      const { rows } = await db.query<RuleRow>(
        `${RULE_SELECT} WHERE ${where.join(" AND ")} ORDER BY r.area_code, r.category_code NULLS FIRST`,
        params,
      );
      return { items: rows.map(toRule) };
    },
  );

  r.post(
    "/api/v1/routing-rules",
    {
      config: { permission: "routing.manage" },
      schema: {
        tags: ["routing"],
        summary: "Set who handles a category (or any category) in an area; replaces the rule for the same area and category",
        body: routingRuleCreateSchema,
        response: { 201: routingRuleSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      if (!inActorScope(actor, b.areaCode)) throw new AppError("domain.area_outside_scope", { field: "areaCode" });
      const rule = await db.tx(async (q) => {
        if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [b.areaCode])).rows.length) {
          throw new AppError("domain.area_unknown", { field: "areaCode" });
        }
        if (b.categoryCode && !(await findCategory(q, b.categoryCode)))
          throw new AppError("domain.case_category_unknown", { field: "categoryCode" });
        // A rule without a ref for the grid's worker, the community or the street resolves per case; check the others now.
        const own = b.handlerRef === null && ["grid_worker", "community", "street"].includes(b.handlerKind);
        const handler = own
          ? { label: null }
          : await checkHandler(q, b.handlerKind === "grid_worker" ? b.areaCode : null, { kind: b.handlerKind, ref: b.handlerRef });
        if (!own && (b.handlerKind === "community" || b.handlerKind === "street") && !inActorScope(actor, b.handlerRef!)) {
          throw new AppError("domain.case_handler_unknown", { field: "handlerRef" });
        }
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO routing_rules (category_code, area_code, handler_kind, handler_ref, handler_label, created_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (area_code, (coalesce(category_code, ''))) DO UPDATE SET handler_kind = EXCLUDED.handler_kind,
             handler_ref = EXCLUDED.handler_ref, handler_label = EXCLUDED.handler_label, created_by = EXCLUDED.created_by, created_at = now()
           RETURNING id`,
          [b.categoryCode, b.areaCode, b.handlerKind, b.handlerRef, handler.label, actor.kind === "account" ? actor.id : null],
        );
        const saved = (await q.query<RuleRow>(`${RULE_SELECT} WHERE r.id = $1`, [rows[0]!.id])).rows[0]!;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "routing_rule.put",
          objectType: "routing_rule",
          objectId: saved.id,
          areaCode: saved.area_code,
          after: toRule(saved),
        });
        return toRule(saved);
      });
      return reply.status(201).send(rule);
    },
  );

  r.delete(
    "/api/v1/routing-rules/:id",
    {
      config: { permission: "routing.manage" },
      schema: { tags: ["routing"], summary: "Remove a rule of the routing table", params: idParams },
    },
    async (req, reply) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const scope = scopeSql(actor, "r.area_code", 2);
        const { rows } = await q.query<RuleRow>(`${RULE_SELECT} WHERE r.id = $1 AND ${scope.sql}`, [req.params.id, scope.param]);
        const rule = rows[0];
        if (!rule) throw notFound();
        await q.query("DELETE FROM routing_rules WHERE id = $1", [rule.id]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "routing_rule.delete",
          objectType: "routing_rule",
          objectId: rule.id,
          areaCode: rule.area_code,
          before: toRule(rule),
        });
      });
      return reply.status(204).send();
    },
  );
}
