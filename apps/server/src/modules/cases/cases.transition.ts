import { type CaseAction, type CaseRelation, type CaseStatus, mayTransition, transitionOf } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { type CaseRow, caseRelations } from "./cases.repository.js";

/** Columns of `cases` a transition may set besides the status. */
export type CasePatch = Partial<
  Record<
    | "category_code"
    | "priority"
    | "urgency"
    | "service_mode"
    | "area_code"
    | "grid_id"
    | "handler_kind"
    | "handler_ref"
    | "handler_label"
    | "deadline_at"
    | "hold_started_at"
    | "hold_reason"
    | "responded_at"
    | "resolved_at"
    | "closed_at"
    | "reminded_at"
    | "overdue_at"
    | "escalated_at"
    | "rework_count"
    | "rating"
    | "rating_comment"
    | "rated_at"
    | "rating_due_at"
    | "rejected_reason"
    | "merged_into"
    | "reporters_count",
    unknown
  >
>;

export interface TransitionInput {
  action: CaseAction;
  /** The status to move to when the table's target depends on input (a rating). */
  to?: CaseStatus;
  patch?: CasePatch;
  /** What the resident sees of this step, in plain Chinese; null for internal steps. */
  publicNote?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Relations known from outside the actor (the tracking code holder is the reporter; the sweeper is the system). */
  extraRelations?: CaseRelation[];
}

/** A step on a case's timeline, as `appendCaseEvent` writes it. */
export interface CaseEventInput {
  caseId: string;
  /** when it happened, if before now (a case reported earlier in another system) */
  at?: Date;
  /** the transition's action, or a mark that is no transition (merge_in, remind, overdue) */
  action: string;
  from: CaseStatus | null;
  to: CaseStatus | null;
  /** what the resident sees of this step; null for internal steps */
  publicNote?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  areaCode: string | null;
}

/** Appends a step to a case's timeline, by the actor of `ctx`, in the caller's transaction. */
export async function appendCaseEvent(q: Queryable, ctx: AuditContext, e: CaseEventInput): Promise<void> {
  await q.query(
    `INSERT INTO case_events (case_id, at, actor_id, actor_label, action, from_status, to_status, public_note, note, data, area_code)
     VALUES ($1, COALESCE($2::timestamptz, now()), $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
    [
      e.caseId,
      e.at ?? null,
      ctx.actorId,
      ctx.actorLabel,
      e.action,
      e.from,
      e.to,
      e.publicNote ?? null,
      e.note ?? null,
      JSON.stringify(e.data ?? {}),
      e.areaCode,
    ],
  );
}

/**
 * Takes one workflow step on a locked case row: checks the transition table against the actor's relations,
 * updates the case (only if its status is still the one read), appends the event and the audit entry,
 * all in the caller's transaction. Returns the new status.
 */
export async function applyTransition(
  q: Queryable,
  actor: Actor | null,
  c: CaseRow,
  input: TransitionInput,
  ctx: AuditContext,
): Promise<CaseStatus> {
  const relations = actor ? caseRelations(actor, c) : new Set<CaseRelation>();
  for (const r of input.extraRelations ?? []) relations.add(r);
  if (!mayTransition(input.action, c.status, actor?.roles ?? [], relations)) {
    throw new AppError("domain.case_transition", { action: input.action, status: c.status });
  }
  const t = transitionOf(input.action);
  const to: CaseStatus = input.to ?? (t.to === "same" ? c.status : t.to);
  const patch = input.patch ?? {};
  const cols = Object.keys(patch);
  const sets = cols.map((k, i) => `${k} = $${i + 4}`);
  const { rowCount } = await q.query(
    `UPDATE cases SET status = $3, updated_at = now()${sets.length ? `, ${sets.join(", ")}` : ""} WHERE id = $1 AND status = $2`,
    [c.id, c.status, to, ...cols.map((k) => patch[k as keyof CasePatch])],
  );
  if (rowCount !== 1) throw new AppError("conflict.case_changed");
  await appendCaseEvent(q, ctx, {
    caseId: c.id,
    action: input.action,
    from: c.status,
    to,
    publicNote: input.publicNote,
    note: input.note,
    data: input.data,
    areaCode: (patch.area_code as string | undefined) ?? c.area_code,
  });
  await writeAudit(q, ctx, {
    action: `case.${input.action}`,
    objectType: "case",
    objectId: c.id,
    areaCode: (patch.area_code as string | undefined) ?? c.area_code,
    before: { status: c.status },
    after: { status: to, ...patch },
  });
  return to;
}
