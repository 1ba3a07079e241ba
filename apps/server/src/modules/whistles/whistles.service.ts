import { scopePrefix, type WhistleCreate, type WhistleLevel, type WhistlePartyKind, type WhistleStep } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { requireAreaInScope } from "../areas/areas.repository.js";
import { workCalendarFor } from "../calendar/calendar.repository.js";
import { findCase, isOpen } from "../cases/cases.repository.js";
import { handlerAccounts } from "../cases/workflow.notify.js";
import { notifyAccounts } from "../notifications/notifications.repository.js";
import { findTask, findWhistle, isParty, mayManage, type TaskRow, type WhistleRow } from "./whistles.repository.js";
import { whistleDeadlines } from "./whistles.rules.js";

const LEVEL_LABEL: Record<WhistleLevel, string> = { ordinary: "一般", urgent: "紧急" };

interface Party {
  kind: WhistlePartyKind;
  id: string;
  label: string;
}

/**
 * The departments and units the actor may summon, in the order asked: departments of the governments in the
 * actor's scope or above it (a street summons its district's and city's departments), units inside the scope.
 */
async function summonable(q: Queryable, actor: Actor, departmentIds: string[], unitIds: string[]): Promise<Party[]> {
  const prefix = actor.scopePrefix ?? "";
  const parties: Party[] = [];
  if (departmentIds.length) {
    const { rows } = await q.query<{ id: string; name: string }>(
      `SELECT d.id, d.name FROM departments d JOIN areas a ON a.code = d.area_code
        WHERE d.id = ANY($1::uuid[]) AND $2 <> '' AND (d.area_code LIKE $2 || '%' OR $2 LIKE a.prefix || '%')`,
      [departmentIds, prefix],
    );
    const found = new Map(rows.map((r) => [r.id, r.name]));
    const missing = departmentIds.filter((id) => !found.has(id));
    if (missing.length) throw new AppError("domain.whistle_party_unknown", { field: "departmentIds", ids: missing });
    for (const id of departmentIds) parties.push({ kind: "department", id, label: found.get(id)! });
  }
  if (unitIds.length) {
    const { rows } = await q.query<{ id: string; name: string }>(
      "SELECT id, name FROM units WHERE id = ANY($1::uuid[]) AND $2 <> '' AND area_code LIKE $2 || '%'",
      [unitIds, prefix],
    );
    const found = new Map(rows.map((r) => [r.id, r.name]));
    const missing = unitIds.filter((id) => !found.has(id));
    if (missing.length) throw new AppError("domain.whistle_party_unknown", { field: "unitIds", ids: missing });
    for (const id of unitIds) parties.push({ kind: "unit", id, label: found.get(id)! });
  }
  return parties;
}

/** Tells every active account of a summoned party about the whistle, in its in-app inbox. */
async function notifyParty(q: Queryable, party: Party, title: string, body: string, caseId: string | null): Promise<void> {
  await notifyAccounts(q, await handlerAccounts(q, party.kind, party.id), { kind: "whistle", title, body, caseId });
}

/** Appends an event to the timeline of the whistle's case, if it has one. It is not a status transition. */
async function caseEvent(
  q: Queryable,
  ctx: AuditContext,
  caseId: string | null,
  e: { action: string; publicNote?: string | null; note?: string | null; data: Record<string, unknown> },
): Promise<void> {
  if (!caseId) return;
  await q.query(
    `INSERT INTO case_events (case_id, actor_id, actor_label, action, public_note, note, data, area_code)
     SELECT id, $2, $3, $4, $5, $6, $7, area_code FROM cases WHERE id = $1`,
    [caseId, ctx.actorId, ctx.actorLabel, e.action, e.publicNote ?? null, e.note ?? null, JSON.stringify(e.data)],
  );
}

const fmt = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000)
    .toISOString()
    .slice(5, 16)
    .replace("T", " ")
    .replace(/^(\d\d)-(\d\d)/, "$1月$2日");

/**
 * Blows a whistle: on a case in the actor's scope or on a situation in an area of it, summoning departments and
 * units. Each party gets a task with deadlines on the area's working calendar, and its accounts a notification.
 */
export async function blowWhistle(q: Queryable, actor: Actor, body: WhistleCreate, ctx: AuditContext, now = new Date()): Promise<string> {
  let caseRow: Awaited<ReturnType<typeof findCase>> = null;
  if (body.caseId) {
    caseRow = await findCase(q, actor, body.caseId, { forUpdate: true });
    if (!caseRow || !inActorScope(actor, caseRow.area_code)) throw new AppError("domain.whistle_case_unknown", { field: "caseId" });
    if (!isOpen(caseRow.status)) throw new AppError("domain.whistle_case_closed", { field: "caseId", status: caseRow.status });
  }
  const areaCode = body.areaCode ?? actor.areaCode;
  if (!areaCode) throw new AppError("domain.scope_required", { field: "areaCode" });
  await requireAreaInScope(q, actor, areaCode, "areaCode");
  // Whoever sees the whistle sees the case's number and title: the whistle's area must hold the case.
  if (caseRow && !caseRow.area_code?.startsWith(scopePrefix(areaCode)))
    throw new AppError("domain.whistle_area_mismatch", { field: "areaCode" });
  const parties = await summonable(q, actor, [...new Set(body.departmentIds ?? [])], [...new Set(body.unitIds ?? [])]);
  const title = body.title ?? caseRow!.title;
  const description = body.description ?? "";
  const due = whistleDeadlines(await workCalendarFor(q, areaCode), now, body.level);

  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO whistles (case_id, title, description, level, area_code, blown_by, blown_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [caseRow?.id ?? null, title, description, body.level, areaCode, ctx.actorId, now],
  );
  const id = rows[0]!.id;
  for (const party of parties) {
    await q.query(
      `INSERT INTO whistle_tasks (whistle_id, party_kind, party_id, party_label, report_due_at, sign_due_at, contact_due_at, result_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, party.kind, party.id, party.label, due.reportDueAt, due.signDueAt, due.contactDueAt, due.resultDueAt],
    );
    const deadlines = [
      due.reportDueAt ? `${fmt(due.reportDueAt)}前到场报到` : null,
      `${fmt(due.signDueAt)}前签收`,
      `${fmt(due.contactDueAt)}前联系`,
      `${fmt(due.resultDueAt)}前反馈结果`,
    ].filter(Boolean);
    await notifyParty(q, party, `${LEVEL_LABEL[body.level]}吹哨：${title}`, `请于${deadlines.join("，")}。`, caseRow?.id ?? null);
  }
  const names = parties.map((p) => p.label).join("、");
  await caseEvent(q, ctx, caseRow?.id ?? null, {
    action: "whistle",
    publicNote: `已“吹哨”召集${names}协同办理`,
    note: description || null,
    data: { whistleId: id, level: body.level, parties: parties.map((p) => ({ kind: p.kind, id: p.id, label: p.label })) },
  });
  await writeAudit(q, ctx, {
    action: "whistle.blow",
    objectType: "whistle",
    objectId: id,
    areaCode,
    after: { caseId: caseRow?.id ?? null, title, level: body.level, areaCode, parties, deadlines: due },
  });
  return id;
}

const STEP_COLUMNS: Record<WhistleStep, { at: keyof TaskRow; note: keyof TaskRow; label: string }> = {
  report_in: { at: "reported_at", note: "report_note", label: "到场报到" },
  sign: { at: "signed_at", note: "sign_note", label: "签收" },
  contact: { at: "contacted_at", note: "contact_note", label: "联系" },
  result: { at: "result_at", note: "result_note", label: "反馈结果" },
};
const STEP_DUE: Record<WhistleStep, keyof TaskRow> = {
  report_in: "report_due_at",
  sign: "sign_due_at",
  contact: "contact_due_at",
  result: "result_due_at",
};

/**
 * A summoned party takes one step of its task. Only the party's own accounts may; each step is taken once;
 * contacting and reporting the result follow signing; nothing is taken on a closed whistle.
 */
export async function takeStep(
  q: Queryable,
  actor: Actor,
  taskId: string,
  step: WhistleStep,
  note: string | undefined,
  ctx: AuditContext,
  now = new Date(),
): Promise<{ task: TaskRow; whistle: WhistleRow }> {
  const found = await findTask(q, actor, taskId, { forUpdate: true });
  if (!found) throw notFound();
  const { task, whistle } = found;
  if (!isParty(actor, task)) throw new AppError("forbidden");
  const col = STEP_COLUMNS[step];
  if (task[col.at]) throw new AppError("conflict.whistle_step_done", { step });
  if (whistle.status !== "open") throw new AppError("domain.whistle_closed");
  if ((step === "contact" || step === "result") && !task.signed_at) throw new AppError("domain.whistle_not_signed", { step });
  const { rowCount } = await q.query(`UPDATE whistle_tasks SET ${col.at} = $2, ${col.note} = $3 WHERE id = $1 AND ${col.at} IS NULL`, [
    task.id,
    now,
    note ?? null,
  ]);
  if (rowCount !== 1) throw new AppError("conflict.whistle_step_done", { step });
  const dueAt = task[STEP_DUE[step]] as Date | null;
  const late = !!dueAt && now.getTime() > dueAt.getTime();
  await caseEvent(q, ctx, whistle.case_id, {
    action: `whistle_${step}`,
    publicNote: step === "report_in" || step === "result" ? `${task.party_label}已${col.label}` : null,
    note: note ?? null,
    data: {
      whistleId: whistle.id,
      taskId: task.id,
      partyKind: task.party_kind,
      partyId: task.party_id,
      partyLabel: task.party_label,
      late,
    },
  });
  await writeAudit(q, ctx, {
    action: `whistle_task.${step}`,
    objectType: "whistle_task",
    objectId: task.id,
    areaCode: whistle.area_code,
    after: { whistleId: whistle.id, at: now, note: note ?? null, late },
  });
  const after = (await findTask(q, actor, taskId))!;
  return after;
}

/** The whistle's area staff score a summoned party's response (0–100) with a comment; a new evaluation replaces the last. */
export async function evaluateTask(
  q: Queryable,
  actor: Actor,
  taskId: string,
  body: { score: number; comment?: string },
  ctx: AuditContext,
  now = new Date(),
): Promise<{ task: TaskRow; whistle: WhistleRow }> {
  const found = await findTask(q, actor, taskId, { forUpdate: true });
  if (!found) throw notFound();
  const { task, whistle } = found;
  if (!mayManage(actor, whistle)) throw new AppError("forbidden");
  await q.query("UPDATE whistle_tasks SET score = $2, comment = $3, evaluated_by = $4, evaluated_at = $5 WHERE id = $1", [
    task.id,
    body.score,
    body.comment ?? null,
    ctx.actorId,
    now,
  ]);
  await caseEvent(q, ctx, whistle.case_id, {
    action: "whistle_evaluate",
    note: body.comment ?? null,
    data: { whistleId: whistle.id, taskId: task.id, partyKind: task.party_kind, partyId: task.party_id, score: body.score },
  });
  await writeAudit(q, ctx, {
    action: "whistle_task.evaluate",
    objectType: "whistle_task",
    objectId: task.id,
    areaCode: whistle.area_code,
    before: { score: task.score, comment: task.comment },
    after: { score: body.score, comment: body.comment ?? null },
  });
  return (await findTask(q, actor, taskId))!;
}

/** The whistle's area staff close it: the matter is done. Closing twice is a conflict. */
export async function closeWhistle(q: Queryable, actor: Actor, id: string, note: string | undefined, ctx: AuditContext, now = new Date()) {
  const w = await findWhistle(q, actor, id, { forUpdate: true });
  if (!w) throw notFound();
  if (!mayManage(actor, w)) throw new AppError("forbidden");
  if (w.status !== "open") throw new AppError("conflict.whistle_already_closed");
  await q.query("UPDATE whistles SET status = 'closed', closed_at = $2, closed_by = $3, close_note = $4 WHERE id = $1", [
    id,
    now,
    ctx.actorId,
    note ?? null,
  ]);
  await caseEvent(q, ctx, w.case_id, { action: "whistle_close", note: note ?? null, data: { whistleId: id } });
  await writeAudit(q, ctx, {
    action: "whistle.close",
    objectType: "whistle",
    objectId: id,
    areaCode: w.area_code,
    before: { status: "open" },
    after: { status: "closed", note: note ?? null },
  });
}
