import {
  type CaseTriage,
  HANDLER_KIND_LABELS,
  type HandlerKind,
  levelOfCode,
  OPEN_STATUSES,
  parentCode,
  scopePrefix,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { chinaDateTime } from "../calendar/working-time.js";
import { areaLevels, areaName, type CaseRow, findCase, loadCase } from "./cases.repository.js";
import { appendCaseEvent, applyTransition } from "./cases.transition.js";
import { findCategory } from "./categories.repository.js";
import { usableCategory } from "./intake.js";
import { publicHandlerName } from "./intake.public.js";
import { caseDeadline } from "./workflow.deadlines.js";
import { deliverNotices, handoverNotices, quoted } from "./workflow.notify.js";

/**
 * Analyse (分析民情): the handler the routing table proposes, the deadline from the category's rule on the
 * area's working calendar (`caseDeadline`), triage into the ledger, and merging duplicates.
 */

// ---------------------------------------------------------------------------------------------------------
// Handlers

export interface Handler {
  kind: HandlerKind;
  ref: string | null;
  label: string;
  ruleId: string | null;
}

/** The community (or, for a case placed at a street, the street) that a case's area belongs to. */
function communityOf(areaCode: string): { kind: "community" | "street"; code: string } {
  const { community, street } = areaLevels(areaCode);
  return community ? { kind: "community", code: community } : { kind: "street", code: street ?? `${areaCode.slice(0, 9)}000` };
}

/** The active grid worker account whose area covers `areaCode` most closely. */
async function gridWorkerFor(q: Queryable, areaCode: string): Promise<{ id: string; label: string } | null> {
  const { rows } = await q.query<{ id: string; display_name: string }>(
    `SELECT a.id, a.display_name FROM accounts a JOIN areas ar ON ar.code = a.area_code
      WHERE a.status = 'active' AND 'grid_worker' = ANY(a.roles) AND $1 LIKE ar.prefix || '%'
      ORDER BY length(ar.prefix) DESC, a.username LIMIT 1`,
    [areaCode],
  );
  return rows[0] ? { id: rows[0].id, label: rows[0].display_name } : null;
}

/** The case's own community (or street) as handler. */
async function communityHandler(q: Queryable, areaCode: string, ruleId: string | null): Promise<Handler> {
  const { kind, code } = communityOf(areaCode);
  return { kind, ref: code, label: (await areaName(q, code)) ?? HANDLER_KIND_LABELS[kind], ruleId };
}

/**
 * A handler for a case in `areaCode`, checked: a grid worker account serving the area, the community or street
 * the case lies in, an existing department or unit, or a named volunteer team. A grid worker, community or
 * street without a ref means the case's own.
 */
export async function checkHandler(
  q: Queryable,
  areaCode: string | null,
  h: { kind: HandlerKind; ref: string | null },
  ruleId: string | null = null,
): Promise<Handler> {
  const bad = () => new AppError("domain.case_handler_unknown", { field: "handler" });
  const uuid = (s: string | null) => !!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
  switch (h.kind) {
    case "grid_worker": {
      if (!h.ref) {
        const w = areaCode ? await gridWorkerFor(q, areaCode) : null;
        if (!w) throw bad();
        return { kind: "grid_worker", ref: w.id, label: w.label, ruleId };
      }
      if (!uuid(h.ref)) throw bad();
      const { rows } = await q.query<{ display_name: string }>(
        `SELECT a.display_name FROM accounts a JOIN areas ar ON ar.code = a.area_code
          WHERE a.id = $1 AND a.status = 'active' AND 'grid_worker' = ANY(a.roles) AND ($2::text IS NULL OR $2 LIKE ar.prefix || '%')`,
        [h.ref, areaCode],
      );
      if (!rows[0]) throw bad();
      return { kind: "grid_worker", ref: h.ref, label: rows[0].display_name, ruleId };
    }
    case "community":
    case "street": {
      const code = h.ref ?? (areaCode ? areaLevels(areaCode)[h.kind] : null);
      if (!code || !/^\d{12}$/.test(code) || levelOfCode(code) !== h.kind) throw bad();
      if (areaCode && !areaCode.startsWith(scopePrefix(code))) throw bad();
      const name = await areaName(q, code);
      if (!name) throw bad();
      return { kind: h.kind, ref: code, label: name, ruleId };
    }
    case "department":
    case "unit": {
      if (!uuid(h.ref)) throw bad();
      const { rows } = await q.query<{ name: string }>(
        `SELECT name FROM ${h.kind === "department" ? "departments" : "units"} WHERE id = $1`,
        [h.ref],
      );
      if (!rows[0]) throw bad();
      return { kind: h.kind, ref: h.ref, label: rows[0].name, ruleId };
    }
    case "volunteer_team": {
      // A registered team (modules/volunteers) that is not dissolved, serving the case's street or a wider area.
      if (!uuid(h.ref)) throw bad();
      const { rows } = await q.query<{ name: string }>(
        `SELECT t.name FROM volunteer_teams t JOIN areas ar ON ar.code = t.area_code
          WHERE t.id = $1 AND t.dissolved_at IS NULL
            AND ($2::text IS NULL OR $2 LIKE ar.prefix || '%' OR t.area_code LIKE substr($2, 1, 9) || '%')`,
        [h.ref, areaCode],
      );
      if (!rows[0]) throw bad();
      return { kind: "volunteer_team", ref: h.ref, label: rows[0].name, ruleId };
    }
  }
}

interface RuleRow {
  id: string;
  category_code: string | null;
  area_code: string;
  handler_kind: HandlerKind;
  handler_ref: string | null;
}

/**
 * The routing table's rule for a case: among the rules of the case's area and its ancestors for its category,
 * its category's parent or any category, the one with the longest area code prefix wins, then the category
 * over its parent over any.
 */
export async function matchingRule(q: Queryable, areaCode: string, categoryCode: string | null): Promise<RuleRow | null> {
  const chain: string[] = [];
  for (let code: string | null = areaCode; code; code = parentCode(code)) chain.push(code);
  const category = categoryCode ? await findCategory(q, categoryCode) : null;
  const cats = [category?.code, category?.parent_code].filter((c): c is string => !!c);
  const { rows } = await q.query<RuleRow>(
    `SELECT id, category_code, area_code, handler_kind, handler_ref FROM routing_rules
      WHERE area_code = ANY($1::text[]) AND (category_code IS NULL OR category_code = ANY($2::text[]))`,
    [chain, cats],
  );
  const catRank = (c: string | null) => (c === null ? 0 : c === category?.code ? 2 : 1);
  rows.sort(
    (a, b) => scopePrefix(b.area_code).length - scopePrefix(a.area_code).length || catRank(b.category_code) - catRank(a.category_code),
  );
  return rows[0] ?? null;
}

/**
 * The handler the routing table proposes for a case; with no rule (or a rule that no longer resolves), the
 * grid's own worker when the case has a grid and the grid's area has one, else the case's community.
 */
export async function proposeHandler(
  q: Queryable,
  c: Pick<CaseRow, "area_code" | "grid_id">,
  categoryCode: string | null,
): Promise<Handler> {
  if (!c.area_code) throw new AppError("domain.case_location_required");
  const rule = await matchingRule(q, c.area_code, categoryCode);
  if (rule) {
    try {
      return await checkHandler(q, c.area_code, { kind: rule.handler_kind, ref: rule.handler_ref }, rule.id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  if (c.grid_id) {
    const { rows } = await q.query<{ area_code: string }>("SELECT area_code FROM grids WHERE id = $1", [c.grid_id]);
    const worker = rows[0] ? await gridWorkerFor(q, rows[0].area_code) : null;
    if (worker) return { kind: "grid_worker", ref: worker.id, label: worker.label, ruleId: null };
  }
  return communityHandler(q, c.area_code, null);
}

// ---------------------------------------------------------------------------------------------------------
// Triage

/**
 * Triage: category, priority, urgency and service mode; the handler (the routing table's proposal unless
 * chosen); the deadline from the category's rule. The case enters the ledger (`assigned`).
 */
export async function triageCase(deps: Deps, actor: Actor, ctx: AuditContext, id: string, b: CaseTriage): Promise<CaseRow> {
  return deps.db.tx(async (q) => {
    const c = await findCase(q, actor, id, { forUpdate: true });
    if (!c) throw notFound();
    if (!c.area_code) throw new AppError("domain.case_location_required");
    const category = await usableCategory(q, b.categoryCode, { publicOnly: false });
    const handler = b.handler ? await checkHandler(q, c.area_code, b.handler) : await proposeHandler(q, c, category.code);
    // The clock runs from intake: a case left untriaged loses that time.
    const deadline = await caseDeadline(q, { area_code: c.area_code, category_code: category.code, urgency: b.urgency }, c.created_at);
    const publicNote =
      b.publicNote || `已登记台账，交由${publicHandlerName(handler.kind, handler.label)}办理，办理时限至${chinaDateTime(deadline.at)}`;
    await applyTransition(
      q,
      actor,
      c,
      {
        action: "triage",
        patch: {
          category_code: category.code,
          priority: b.priority,
          urgency: b.urgency,
          service_mode: b.serviceMode,
          handler_kind: handler.kind,
          handler_ref: handler.ref,
          handler_label: handler.label,
          deadline_at: deadline.at,
        },
        publicNote,
        note: b.note ?? null,
        data: {
          categoryCode: category.code,
          handler: { kind: handler.kind, ref: handler.ref, label: handler.label },
          ruleId: handler.ruleId,
          proposed: !b.handler,
          deadlineRule: deadline.rule,
          deadlineAt: deadline.at.toISOString(),
        },
      },
      ctx,
    );
    await deliverNotices(
      q,
      deps,
      { ...c, handler_kind: handler.kind, handler_ref: handler.ref },
      handoverNotices(c, "case.assign", publicNote, deadline.at),
      { actorId: ctx.actorId },
    );
    return loadCase(q, c.id);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Merge

/**
 * Merges a duplicate into another open case the actor may see: the duplicate becomes `merged`, the target
 * counts and records every reporter of the duplicate, and each of them is told; their tracking codes now
 * show the target's progress.
 */
export async function mergeCase(
  deps: Deps,
  actor: Actor,
  ctx: AuditContext,
  id: string,
  into: string,
  note: string | undefined,
): Promise<CaseRow> {
  return deps.db.tx(async (q) => {
    if (id === into) throw new AppError("domain.case_merge_target", { field: "into" });
    // Both rows are locked in id order, so two merges of the same pair cannot deadlock.
    const locked = new Map<string, CaseRow | null>();
    for (const k of [id, into].sort()) locked.set(k, await findCase(q, actor, k, { forUpdate: true }));
    const source = locked.get(id);
    const target = locked.get(into);
    if (!source) throw notFound();
    if (!target || !OPEN_STATUSES.includes(target.status)) throw new AppError("domain.case_merge_target", { field: "into" });
    await applyTransition(
      q,
      actor,
      source,
      {
        action: "merge",
        patch: { merged_into: target.id },
        publicNote: `您反映的问题与编号 ${target.number} 的事项为同一问题，已合并办理，可继续用原查询码查看办理进度`,
        note: note ?? null,
        data: { into: target.id, intoNumber: target.number, reporters: source.reporters_count },
      },
      ctx,
    );
    await q.query(
      `INSERT INTO case_reporters (case_id, reported_case_id, reporter_account_id, tracking_code)
       SELECT $1::uuid, reported_case_id, reporter_account_id, tracking_code FROM case_reporters WHERE case_id = $2::uuid
       UNION ALL SELECT $1::uuid, $2::uuid, $3::uuid, $4::text
       ON CONFLICT DO NOTHING`,
      [target.id, source.id, source.reporter_account_id, source.tracking_code],
    );
    const { rows } = await q.query<{ reporters_count: number }>(
      "UPDATE cases SET reporters_count = reporters_count + $2, updated_at = now() WHERE id = $1 RETURNING reporters_count",
      [target.id, source.reporters_count],
    );
    const count = rows[0]!.reporters_count;
    await appendCaseEvent(q, ctx, {
      caseId: target.id,
      action: "merge_in",
      from: target.status,
      to: target.status,
      publicNote: `又有群众反映了同一问题，已合并办理（共 ${count} 人反映）`,
      note,
      data: { from: source.id, fromNumber: source.number, reporters: source.reporters_count, reportersCount: count },
      areaCode: target.area_code,
    });
    await writeAudit(q, ctx, {
      action: "case.merge_in",
      objectType: "case",
      objectId: target.id,
      areaCode: target.area_code,
      before: { reportersCount: target.reporters_count },
      after: { reportersCount: count, from: source.id },
    });
    // Every reporter of the duplicate (those merged into it before included) is told, by account and tracking code.
    await deliverNotices(
      q,
      deps,
      source,
      [
        {
          kind: "case.merge",
          to: ["reporter"],
          title: "您反映的问题已合并办理",
          body: `您反映的${quoted(source)}与编号 ${target.number} 的事项为同一问题，已合并办理。可继续用原查询码查看办理进度。`,
        },
      ],
      { actorId: ctx.actorId },
    );
    return loadCase(q, target.id);
  });
}
