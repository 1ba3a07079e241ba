import type { Whistle, WhistleInboxItem, WhistleLevel, WhistlePartyKind, WhistleTask } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { anyOf } from "../../platform/sql.js";
import { stepLate } from "./whistles.rules.js";

export interface WhistleRow {
  id: string;
  case_id: string | null;
  case_number: string | null;
  case_title: string | null;
  title: string;
  description: string;
  level: WhistleLevel;
  area_code: string;
  area_name: string;
  blown_by: string | null;
  blown_by_name: string | null;
  blown_at: Date;
  status: "open" | "closed";
  closed_at: Date | null;
  close_note: string | null;
}

export interface TaskRow {
  id: string;
  whistle_id: string;
  party_kind: WhistlePartyKind;
  party_id: string;
  party_label: string;
  report_due_at: Date | null;
  sign_due_at: Date;
  contact_due_at: Date;
  result_due_at: Date;
  reported_at: Date | null;
  signed_at: Date | null;
  contacted_at: Date | null;
  result_at: Date | null;
  report_note: string | null;
  sign_note: string | null;
  contact_note: string | null;
  result_note: string | null;
  score: number | null;
  comment: string | null;
  evaluated_by: string | null;
  evaluated_at: Date | null;
}

const WHISTLE_SELECT = `SELECT w.*, a.name AS area_name, c.number AS case_number, c.title AS case_title, acc.display_name AS blown_by_name
  FROM whistles w
  JOIN areas a ON a.code = w.area_code
  LEFT JOIN cases c ON c.id = w.case_id
  LEFT JOIN accounts acc ON acc.id = w.blown_by`;

/**
 * The SQL condition for the whistles an actor may see, parameters from `$start`: staff, leaders and admins see
 * the whistles of their area subtree; department and unit accounts see the whistles that summon them.
 */
export function whistleVisibleSql(actor: Actor, alias: string, start: number): { sql: string; params: unknown[] } {
  const w = anyOf(start);
  if (actor.scopePrefix) w.or(`${alias}.area_code LIKE ${w.param(`${actor.scopePrefix}%`)}`);
  for (const [kind, id] of [
    ["department", actor.departmentId],
    ["unit", actor.unitId],
  ] as const) {
    if (!id) continue;
    w.or(
      `EXISTS (SELECT 1 FROM whistle_tasks pt WHERE pt.whistle_id = ${alias}.id AND pt.party_kind = '${kind}' AND pt.party_id = ${w.param(id)})`,
    );
  }
  return w.done();
}

/** Whether the actor speaks for the party of a task (an account of the summoned department or unit). */
export function isParty(actor: Actor, t: Pick<TaskRow, "party_kind" | "party_id">): boolean {
  return t.party_kind === "department" ? actor.departmentId === t.party_id : actor.unitId === t.party_id;
}

/** Whether the actor may evaluate the parties of a whistle and close it: whistle-blowing staff whose scope holds its area. */
export function mayManage(actor: Actor, w: Pick<WhistleRow, "area_code">): boolean {
  return actor.permissions.has("whistles.blow") && inActorScope(actor, w.area_code);
}

/** SQL: whether a task of whistle `w` is late at the reference time (the whistle's closing, or now). */
const TASK_LATE_SQL = `(
  (t.report_due_at IS NOT NULL AND COALESCE(t.reported_at, w.closed_at, now()) > t.report_due_at)
  OR COALESCE(t.signed_at, w.closed_at, now()) > t.sign_due_at
  OR COALESCE(t.contacted_at, w.closed_at, now()) > t.contact_due_at
  OR COALESCE(t.result_at, w.closed_at, now()) > t.result_due_at)`;

export interface WhistleFilter {
  status?: "open" | "closed" | "all";
  level?: WhistleLevel;
  caseId?: string;
  areaCode?: string;
  lateOnly?: boolean;
  page: number;
  pageSize: number;
}

/** A page of the whistles the actor may see, newest first, with their tasks. */
export async function listWhistles(
  q: Queryable,
  actor: Actor,
  f: WhistleFilter,
): Promise<{ rows: WhistleRow[]; tasks: Map<string, TaskRow[]>; total: number }> {
  const vis = whistleVisibleSql(actor, "w", 1);
  const where = [vis.sql];
  const params = [...vis.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.status && f.status !== "all") where.push(`w.status = ${p(f.status)}`);
  if (f.level) where.push(`w.level = ${p(f.level)}`);
  if (f.caseId) where.push(`w.case_id = ${p(f.caseId)}`);
  if (f.areaCode) where.push(`w.area_code LIKE ${p(`${f.areaCode}%`)}`);
  if (f.lateOnly) where.push(`EXISTS (SELECT 1 FROM whistle_tasks t WHERE t.whistle_id = w.id AND ${TASK_LATE_SQL})`);
  const cond = where.join(" AND ");
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM whistles w WHERE ${cond}`, params);
  const { rows } = await q.query<WhistleRow>(
    `${WHISTLE_SELECT} WHERE ${cond} ORDER BY w.blown_at DESC, w.id LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`,
    params,
  );
  return {
    rows,
    tasks: await tasksOf(
      q,
      rows.map((r) => r.id),
    ),
    total: total.rows[0]!.n,
  };
}

/** One whistle the actor may see. */
export async function findWhistle(q: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<WhistleRow | null> {
  const vis = whistleVisibleSql(actor, "w", 2);
  const lock = opts.forUpdate ? " FOR UPDATE OF w" : "";
  const { rows } = await q.query<WhistleRow>(`${WHISTLE_SELECT} WHERE w.id = $1 AND ${vis.sql}${lock}`, [id, ...vis.params]);
  return rows[0] ?? null;
}

/** The tasks of some whistles, by whistle, in a stable order. */
export async function tasksOf(q: Queryable, whistleIds: string[]): Promise<Map<string, TaskRow[]>> {
  const out = new Map<string, TaskRow[]>(whistleIds.map((id) => [id, []]));
  if (!whistleIds.length) return out;
  const { rows } = await q.query<TaskRow>(
    "SELECT * FROM whistle_tasks WHERE whistle_id = ANY($1::uuid[]) ORDER BY party_kind, party_label, id",
    [whistleIds],
  );
  for (const t of rows) out.get(t.whistle_id)!.push(t);
  return out;
}

/** One task with its whistle, if the actor may see the whistle. */
export async function findTask(
  q: Queryable,
  actor: Actor,
  taskId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ task: TaskRow; whistle: WhistleRow } | null> {
  const { rows } = await q.query<TaskRow>(`SELECT * FROM whistle_tasks WHERE id = $1${opts.forUpdate ? " FOR UPDATE" : ""}`, [taskId]);
  const task = rows[0];
  if (!task) return null;
  const whistle = await findWhistle(q, actor, task.whistle_id);
  return whistle ? { task, whistle } : null;
}

export interface InboxFilter {
  status: "open" | "all";
  page: number;
  pageSize: number;
}

/**
 * The tasks of the actor's department or unit: open ones (the whistle is open and no result is reported yet)
 * by default, the one due soonest first.
 */
export async function listInbox(
  q: Queryable,
  actor: Actor,
  f: InboxFilter,
): Promise<{ rows: { task: TaskRow; whistle: WhistleRow }[]; total: number }> {
  const parties: string[] = [];
  const params: unknown[] = [];
  if (actor.departmentId) {
    params.push(actor.departmentId);
    parties.push(`(t.party_kind = 'department' AND t.party_id = $${params.length})`);
  }
  if (actor.unitId) {
    params.push(actor.unitId);
    parties.push(`(t.party_kind = 'unit' AND t.party_id = $${params.length})`);
  }
  if (!parties.length) return { rows: [], total: 0 };
  const cond = `(${parties.join(" OR ")})${f.status === "open" ? " AND w.status = 'open' AND t.result_at IS NULL" : ""}`;
  const total = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM whistle_tasks t JOIN whistles w ON w.id = t.whistle_id WHERE ${cond}`,
    params,
  );
  const { rows } = await q.query<{ task_id: string; whistle_id: string }>(
    `SELECT t.id AS task_id, w.id AS whistle_id FROM whistle_tasks t JOIN whistles w ON w.id = t.whistle_id WHERE ${cond}
      ORDER BY (w.status = 'open' AND t.result_at IS NULL) DESC,
        LEAST(CASE WHEN t.reported_at IS NULL THEN t.report_due_at END, CASE WHEN t.signed_at IS NULL THEN t.sign_due_at END,
              CASE WHEN t.contacted_at IS NULL THEN t.contact_due_at END, CASE WHEN t.result_at IS NULL THEN t.result_due_at END) NULLS LAST,
        w.blown_at DESC, t.id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  const whistleIds = [...new Set(rows.map((r) => r.whistle_id))];
  const whistles = whistleIds.length
    ? (await q.query<WhistleRow>(`${WHISTLE_SELECT} WHERE w.id = ANY($1::uuid[])`, [whistleIds])).rows
    : [];
  const byId = new Map(whistles.map((w) => [w.id, w]));
  const tasks = await tasksOf(q, whistleIds);
  const out = rows.map((r) => ({ task: tasks.get(r.whistle_id)!.find((t) => t.id === r.task_id)!, whistle: byId.get(r.whistle_id)! }));
  return { rows: out, total: total.rows[0]!.n };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API view of a task, with its lateness against `now` (or the whistle's closing) and what the actor may do. */
export function toTask(t: TaskRow, w: WhistleRow, actor: Actor, now = new Date()): WhistleTask {
  const ref = w.closed_at ?? now;
  const step = (dueAt: Date | null, at: Date | null, note: string | null) => ({
    dueAt: iso(dueAt),
    at: iso(at),
    note,
    late: stepLate(dueAt, at, ref),
  });
  const reportIn = step(t.report_due_at, t.reported_at, t.report_note);
  const sign = step(t.sign_due_at, t.signed_at, t.sign_note);
  const contact = step(t.contact_due_at, t.contacted_at, t.contact_note);
  const result = step(t.result_due_at, t.result_at, t.result_note);
  const acts = isParty(actor, t) && w.status === "open" && actor.permissions.has("whistles.respond");
  return {
    id: t.id,
    whistleId: t.whistle_id,
    partyKind: t.party_kind,
    partyId: t.party_id,
    partyLabel: t.party_label,
    reportIn,
    sign,
    contact,
    result,
    late: reportIn.late || sign.late || contact.late || result.late,
    score: t.score,
    comment: t.comment,
    evaluatedAt: iso(t.evaluated_at),
    abilities: {
      reportIn: acts && !t.reported_at,
      sign: acts && !t.signed_at,
      contact: acts && !!t.signed_at && !t.contacted_at,
      result: acts && !!t.signed_at && !t.result_at,
      evaluate: mayManage(actor, w),
    },
  };
}

/** The API view of a whistle with its tasks and their summary. */
export function toWhistle(w: WhistleRow, tasks: TaskRow[], actor: Actor, now = new Date()): Whistle {
  const views = tasks.map((t) => toTask(t, w, actor, now));
  const count = (f: (t: WhistleTask) => boolean) => views.filter(f).length;
  const manage = mayManage(actor, w);
  return {
    id: w.id,
    caseId: w.case_id,
    caseNumber: w.case_number,
    caseTitle: w.case_title,
    title: w.title,
    description: w.description,
    level: w.level,
    areaCode: w.area_code,
    areaName: w.area_name,
    blownBy: w.blown_by_name,
    blownAt: w.blown_at.toISOString(),
    status: w.status,
    closedAt: iso(w.closed_at),
    closeNote: w.close_note,
    tasks: views,
    summary: {
      parties: views.length,
      reportedIn: count((t) => !!t.reportIn.at),
      signed: count((t) => !!t.sign.at),
      contacted: count((t) => !!t.contact.at),
      resulted: count((t) => !!t.result.at),
      evaluated: count((t) => t.score !== null),
      late: count((t) => t.late),
    },
    abilities: { evaluate: manage, close: manage && w.status === "open" },
  };
}

/** The API view of an inbox item. */
export function toInboxItem(t: TaskRow, w: WhistleRow, actor: Actor, now = new Date()): WhistleInboxItem {
  return {
    ...toTask(t, w, actor, now),
    whistle: {
      id: w.id,
      title: w.title,
      description: w.description,
      level: w.level,
      areaCode: w.area_code,
      areaName: w.area_name,
      caseId: w.case_id,
      caseNumber: w.case_number,
      blownAt: w.blown_at.toISOString(),
      status: w.status,
    },
  };
}
