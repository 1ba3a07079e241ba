import {
  type CaseAction,
  type CaseHandlerInput,
  type CaseRelation,
  type CaseStatus,
  type CaseWorkflowAction,
  type caseActionBodySchemas,
  type HandlerKind,
  mayTransition,
  RATING_LABELS,
  SERVICE_MODE_LABELS,
  scopePrefix,
  statusAfterRating,
} from "@gongzhi/contracts";
import type { z } from "zod";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import type { AuditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { workCalendarFor } from "../calendar/calendar.repository.js";
import { chinaDateTime, workingMinutesBetween } from "../calendar/working-time.js";
import { checkHandler } from "./analysis.js";
import { areaName, type CaseRow, caseRelations, escalationLadder } from "./cases.repository.js";
import { applyTransition, type CasePatch } from "./cases.transition.js";
import { decodePhotos } from "./intake.js";
import { publicHandlerName } from "./intake.public.js";
import { caseDeadline, deadlineAfterHold, deadlineRuleFor } from "./workflow.deadlines.js";
import { clip, deliverNotices, handoverNotices, type Notice, quoted } from "./workflow.notify.js";

/**
 * Handling a case (及时办理, 反馈结果, 群众评议): each action is one row of the transition table, taken through
 * `applyTransition` with the public note the resident reads and the notifications it sends.
 *
 * Decisions:
 * - Escalating, transferring or re-assigning keeps the deadline: the resident was promised a date and moving the
 *   case does not extend it (an overdue case stays overdue and reaches the level above as such). A case that has no
 *   deadline yet gets one from its category's rule.
 * - Escalation follows grid → community → street from the current handler; a unit or volunteer team hands the case
 *   back to the community, a department to the street; from the street there is no level above (whistle instead).
 * - Resuming after a hold moves the deadline by the working time the clock stood still (round-the-clock rules by the
 *   wall-clock time); a rework after an unsatisfied rating gets the category's full limit again from the rating.
 */

/** Who takes the step, when, and what is known about them beyond their account. */
export interface StepContext {
  actor: Actor | null;
  audit: AuditContext;
  /** the vault (reporters' phones) and the configuration (the rating window, the external channel) */
  deps: Pick<Deps, "vault" | "config">;
  now: Date;
  /** relations known from outside the actor: the tracking-code holder is the reporter; the sweeper is the system */
  extraRelations?: CaseRelation[];
}

export type StepAction = CaseWorkflowAction | "close_unrated";
type Bodies = { [A in CaseWorkflowAction]: z.infer<(typeof caseActionBodySchemas)[A]> } & { close_unrated: Record<string, never> };

/** A case row with the sweeper's columns, which `SELECT c.*` carries. */
export type WorkflowCase = CaseRow & { reminded_at?: Date | null; overdue_at?: Date | null; escalated_at?: Date | null };

interface Handler {
  kind: HandlerKind;
  ref: string;
  label: string;
}

interface Step {
  patch?: CasePatch;
  to?: CaseStatus;
  publicNote?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  notices?: Notice[];
  /** what the step writes once its event exists (photos of a work note) */
  after?: (q: Queryable) => Promise<void>;
}

const publicName = (kind: HandlerKind | null, label: string | null) => publicHandlerName(kind, label) ?? "办理方";
const handlerOf = (c: CaseRow) => (c.handler_kind ? { kind: c.handler_kind, ref: c.handler_ref, label: c.handler_label } : null);

/** The relations the step is checked against: the actor's own and those known from outside. */
export function stepRelations(ctx: StepContext, c: CaseRow): Set<CaseRelation> {
  const rel = ctx.actor ? caseRelations(ctx.actor, c) : new Set<CaseRelation>();
  for (const r of ctx.extraRelations ?? []) rel.add(r);
  return rel;
}

/**
 * Takes one workflow action on a case the actor can see, in the caller's transaction: checks the transition
 * table first (422 before anything else is looked at), builds the step, applies it (409 when the case changed
 * meanwhile) and writes its notifications. Returns the new status.
 */
export async function takeAction<A extends StepAction>(
  q: Queryable,
  ctx: StepContext,
  c: WorkflowCase,
  action: A,
  body: Bodies[A],
): Promise<CaseStatus> {
  if (!mayTransition(action as CaseAction, c.status, ctx.actor?.roles ?? [], stepRelations(ctx, c))) {
    throw new AppError("domain.case_transition", { action, status: c.status });
  }
  const step = await (STEPS[action] as (q: Queryable, ctx: StepContext, c: WorkflowCase, body: Bodies[A]) => Promise<Step>)(
    q,
    ctx,
    c,
    body,
  );
  const to = await applyTransition(
    q,
    ctx.actor,
    c,
    {
      action: action as CaseAction,
      to: step.to,
      patch: step.patch,
      publicNote: step.publicNote ?? null,
      note: step.note ?? null,
      data: step.data,
      extraRelations: ctx.extraRelations,
    },
    ctx.audit,
  );
  await step.after?.(q);
  const patch = step.patch ?? {};
  await deliverNotices(
    q,
    ctx.deps,
    {
      id: c.id,
      number: c.number,
      area_code: c.area_code,
      handler_kind: ("handler_kind" in patch ? patch.handler_kind : c.handler_kind) as HandlerKind | null,
      handler_ref: ("handler_ref" in patch ? patch.handler_ref : c.handler_ref) as string | null,
    },
    step.notices ?? [],
    { actorId: ctx.audit.actorId },
  );
  return to;
}

/** A deadline for a case that has none yet: its category's rule from now. */
async function deadlineIfMissing(q: Queryable, c: CaseRow, now: Date): Promise<{ deadline_at?: Date }> {
  return c.deadline_at ? {} : { deadline_at: (await caseDeadline(q, c, now)).at };
}

const refuse = () => new AppError("domain.case_handler_unknown", { field: "handler" });

/**
 * Checks a handler named by area staff and names it. It must exist and serve the case's area (`checkHandler`:
 * a grid worker whose area holds the case, the community or street the case lies in, a registered department or
 * unit), and be within the actor's reach: a grid worker, community, street or unit in the actor's scope, a
 * department of the government of the actor's area or of one above it (or inside it). A volunteer team must be
 * registered (modules/volunteers) and serve the case's street or a wider area; it is named from its record.
 */
export async function resolveHandler(q: Queryable, actor: Actor | null, c: CaseRow, h: CaseHandlerInput): Promise<Handler> {
  if (!actor) throw refuse();
  const checked = await checkHandler(q, c.area_code, { kind: h.kind, ref: h.ref });
  const ref = checked.ref ?? h.ref;
  let area: string | null = null;
  switch (h.kind) {
    case "volunteer_team":
      return { kind: h.kind, ref, label: checked.label };
    case "community":
    case "street":
      area = ref;
      break;
    case "grid_worker":
      area =
        (await q.query<{ area_code: string | null }>("SELECT area_code FROM accounts WHERE id = $1", [ref])).rows[0]?.area_code ?? null;
      break;
    case "unit":
      area = (await q.query<{ area_code: string }>("SELECT area_code FROM units WHERE id = $1", [ref])).rows[0]?.area_code ?? null;
      break;
    case "department": {
      area = (await q.query<{ area_code: string }>("SELECT area_code FROM departments WHERE id = $1", [ref])).rows[0]?.area_code ?? null;
      if (area && actor.areaCode?.startsWith(scopePrefix(area))) return { kind: h.kind, ref, label: checked.label };
      break;
    }
  }
  if (!area || !inActorScope(actor, area)) throw refuse();
  return { kind: h.kind, ref, label: checked.label };
}

/**
 * The level above the current handler: grid worker, unit or volunteer team → the case's community (or its street
 * when the case lies above community level); community or department → the case's street; street → none.
 */
export async function nextLevelUp(q: Queryable, c: Pick<CaseRow, "area_code" | "handler_kind">): Promise<Handler | null> {
  for (const { kind, code } of escalationLadder(c)) {
    const label = await areaName(q, code);
    if (label) return { kind, ref: code, label };
  }
  return null;
}

/**
 * The step that moves a case to another handler (assign, escalate, transfer): the handler's columns, a deadline
 * if the case has none yet, and the notices to the new handler and the reporter.
 */
async function handoverStep(
  q: Queryable,
  ctx: StepContext,
  c: WorkflowCase,
  kind: "case.assign" | "case.escalate" | "case.transfer",
  h: Handler,
  o: { publicNote: string; note: string | undefined; patch?: CasePatch; data?: Record<string, unknown> },
): Promise<Step> {
  const deadline = await deadlineIfMissing(q, c, ctx.now);
  return {
    patch: { handler_kind: h.kind, handler_ref: h.ref, handler_label: h.label, ...o.patch, ...deadline },
    publicNote: o.publicNote,
    note: o.note ?? null,
    data: { from: handlerOf(c), to: h, ...o.data },
    notices: handoverNotices(c, kind, o.publicNote, deadline.deadline_at ?? c.deadline_at),
  };
}

async function escalateStep(q: Queryable, ctx: StepContext, c: WorkflowCase, reason: string | undefined): Promise<Step> {
  const target = await nextLevelUp(q, c);
  if (!target) throw new AppError("domain.case_escalate_top", { handlerKind: c.handler_kind });
  const automatic = !ctx.actor && (ctx.extraRelations ?? []).includes("system");
  return handoverStep(q, ctx, c, "case.escalate", target, {
    publicNote: `已上报至${publicName(target.kind, target.label)}办理`,
    note: reason,
    patch: { escalated_at: ctx.now },
    data: { automatic },
  });
}

type StepFn<A extends StepAction> = (q: Queryable, ctx: StepContext, c: WorkflowCase, body: Bodies[A]) => Promise<Step>;

const STEPS: { [A in StepAction]: StepFn<A> } = {
  accept: async (_q, ctx, c, b) => ({
    patch: { responded_at: c.responded_at ?? ctx.now },
    publicNote: "已受理，正在办理",
    note: b.note ?? null,
    notices: [{ kind: "case.accept", to: ["reporter"], external: true, title: "已受理", body: `您反映的${quoted(c)}已受理，正在办理。` }],
  }),

  assign: async (q, ctx, c, b) => {
    const h = await resolveHandler(q, ctx.actor, c, b.handler);
    return handoverStep(q, ctx, c, "case.assign", h, { publicNote: `已派至${publicName(h.kind, h.label)}办理`, note: b.note });
  },

  escalate: (q, ctx, c, b) => escalateStep(q, ctx, c, b.reason),

  transfer: async (q, ctx, c, b) => {
    const h = await resolveHandler(q, ctx.actor, c, b.handler);
    return handoverStep(q, ctx, c, "case.transfer", h, { publicNote: `已转至${publicName(h.kind, h.label)}办理`, note: b.reason });
  },

  note: async (q, _ctx, c, b) => {
    const photos = decodePhotos(b.photos ?? []);
    let first = 1;
    if (photos.length) {
      // Photos are numbered per case: the case row is locked so that two notes never take the same numbers.
      await q.query("SELECT 1 FROM cases WHERE id = $1 FOR UPDATE", [c.id]);
      first = (await q.query<{ n: number }>("SELECT COALESCE(max(seq), 0)::int + 1 AS n FROM case_photos WHERE case_id = $1", [c.id]))
        .rows[0]!.n;
    }
    const seqs = photos.map((_, i) => first + i);
    return {
      patch: b.serviceMode ? { service_mode: b.serviceMode } : {},
      publicNote: b.serviceMode ? `正在以${SERVICE_MODE_LABELS[b.serviceMode]}方式办理` : null,
      note: b.note,
      data: { photos: seqs.map((n) => `/api/v1/cases/${c.id}/photos/${n}`), ...(b.serviceMode ? { serviceMode: b.serviceMode } : {}) },
      after: async (q) => {
        if (!photos.length) return;
        const { rows } = await q.query<{ id: number }>("SELECT max(id) AS id FROM case_events WHERE case_id = $1 AND action = 'note'", [
          c.id,
        ]);
        for (const [i, p] of photos.entries()) {
          await q.query("INSERT INTO case_photos (case_id, seq, event_id, mime, bytes, content) VALUES ($1, $2, $3, $4, $5, $6)", [
            c.id,
            seqs[i],
            rows[0]!.id,
            p.mime,
            p.content.length,
            p.content,
          ]);
        }
      },
    };
  },

  request_hold: async (_q, _ctx, c, b) => ({
    patch: { hold_reason: b.reason },
    note: b.reason,
    notices: [
      {
        kind: "case.request_hold",
        to: ["supervisors"],
        title: "挂账申请待审批",
        body: `${c.handler_label ?? "办理方"}申请暂缓办理${quoted(c)}（${c.number}）：${clip(b.reason, 200)}`,
      },
    ],
  }),

  approve_hold: async (_q, ctx, c, b) => ({
    patch: { hold_started_at: ctx.now },
    publicNote: "暂缓办理（挂账），恢复办理后继续处理",
    note: b.note ?? null,
    data: { reason: c.hold_reason },
    notices: [
      { kind: "case.approve_hold", to: ["handler"], title: "挂账已批准", body: `${quoted(c)}（${c.number}）暂缓办理，办理期限暂停计时。` },
      { kind: "case.approve_hold", to: ["reporter"], title: "暂缓办理", body: `您反映的${quoted(c)}暂缓办理，恢复办理后将继续处理。` },
    ],
  }),

  deny_hold: async (_q, _ctx, c, b) => ({
    patch: { hold_reason: null },
    note: b.reason ?? null,
    notices: [
      {
        kind: "case.deny_hold",
        to: ["handler"],
        title: "挂账未批准",
        body: `${quoted(c)}（${c.number}）的暂缓申请未获批准，请继续办理${b.reason ? `：${clip(b.reason, 200)}` : "。"}`,
      },
    ],
  }),

  resume: async (q, ctx, c, b) => {
    const heldFrom = c.hold_started_at ?? ctx.now;
    const cal = await workCalendarFor(q, c.area_code);
    const rule = await deadlineRuleFor(q, c.category_code, c.urgency);
    const deadline = c.deadline_at ? deadlineAfterHold(cal, rule, c.deadline_at, heldFrom, ctx.now) : null;
    const moved = !!deadline && deadline.getTime() !== c.deadline_at?.getTime();
    return {
      patch: { hold_started_at: null, hold_reason: null, deadline_at: deadline, ...(moved ? { reminded_at: null } : {}) },
      publicNote: "恢复办理",
      note: b.note ?? null,
      data: {
        heldFrom: heldFrom.toISOString(),
        heldUntil: ctx.now.toISOString(),
        heldWorkingMinutes: workingMinutesBetween(cal, heldFrom, ctx.now),
        previousDeadline: c.deadline_at?.toISOString() ?? null,
        deadline: deadline?.toISOString() ?? null,
      },
      notices: [
        {
          kind: "case.resume",
          to: ["handler"],
          title: "恢复办理",
          body: `${quoted(c)}（${c.number}）恢复办理${deadline ? `，办理期限 ${chinaDateTime(deadline)}` : ""}。`,
        },
        { kind: "case.resume", to: ["reporter"], title: "恢复办理", body: `您反映的${quoted(c)}已恢复办理。` },
      ],
    };
  },

  resolve: async (_q, ctx, c, b) => {
    const due = new Date(ctx.now.getTime() + ctx.deps.config.ratingWindowDays * 86_400_000);
    return {
      patch: { resolved_at: ctx.now, rating_due_at: due, rating: null, rating_comment: null, rated_at: null },
      publicNote: `已办结：${b.result}。请您对办理结果进行评价`,
      note: b.note ?? null,
      data: { result: b.result, ratingDueAt: due.toISOString() },
      notices: [
        {
          kind: "case.resolve",
          to: ["reporter"],
          external: true,
          title: "已办结，请评价",
          body: `您反映的${quoted(c)}已办结：${clip(b.result, 200)}。请在${chinaDateTime(due)}前评价办理结果。`,
        },
      ],
    };
  },

  reject: async (_q, _ctx, c, b) => ({
    patch: { rejected_reason: b.reason },
    publicNote: `不予受理：${b.reason}`,
    note: b.reason,
    notices: [
      {
        kind: "case.reject",
        to: ["reporter"],
        external: true,
        title: "不予受理",
        body: `您反映的${quoted(c)}不予受理：${clip(b.reason, 200)}`,
      },
    ],
  }),

  rate: async (q, ctx, c, b) => {
    if (c.rating_due_at && c.rating_due_at.getTime() < ctx.now.getTime()) {
      throw new AppError("domain.case_rating_window_closed", { ratingDueAt: c.rating_due_at.toISOString() });
    }
    const to = statusAfterRating(b.rating);
    const rated = { rating: b.rating, rating_comment: b.comment ?? null, rated_at: ctx.now };
    const label = RATING_LABELS[b.rating];
    if (to === "closed") {
      return {
        to,
        patch: { ...rated, closed_at: ctx.now },
        publicNote: `您的评价：${label}。事项已办结，感谢您的参与`,
        note: b.comment ?? null,
        data: { rating: b.rating },
        notices: [
          { kind: "case.rate", to: ["handler"], title: `居民评价：${label}`, body: `${quoted(c)}（${c.number}）居民评价：${label}。` },
        ],
      };
    }
    // Unsatisfied: back to the same handler for rework, with the category's full limit from now.
    const deadline = (await caseDeadline(q, c, ctx.now)).at;
    return {
      to,
      patch: {
        ...rated,
        rating_due_at: null,
        rework_count: c.rework_count + 1,
        deadline_at: deadline,
        reminded_at: null,
        overdue_at: null,
      },
      publicNote: `您的评价：不满意。已退回${publicName(c.handler_kind, c.handler_label)}重新办理`,
      note: b.comment ?? null,
      data: { rating: b.rating, reworkCount: c.rework_count + 1, deadline: deadline.toISOString() },
      notices: [
        {
          kind: "case.reopen",
          to: ["handler", "supervisors"],
          title: "居民不满意，请重新办理",
          body: `${quoted(c)}（${c.number}）居民评价不满意${b.comment ? `：${clip(b.comment, 200)}` : ""}。请于${chinaDateTime(deadline)}前重新办理。`,
        },
      ],
    };
  },

  close_unrated: async (_q, ctx, c) => ({
    patch: { closed_at: ctx.now },
    publicNote: "评价期已过，事项已办结",
    data: { ratingDueAt: c.rating_due_at?.toISOString() ?? null },
    notices: [{ kind: "case.close_unrated", to: ["reporter"], title: "事项已办结", body: `您反映的${quoted(c)}评价期已过，事项已办结。` }],
  }),
};
