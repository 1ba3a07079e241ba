import {
  allowedActions,
  type Case,
  type CaseAction,
  type CaseEvent,
  type CaseRelation,
  type CaseStatus,
  levelOfCode,
  OPEN_STATUSES,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { maskPhone, type Vault } from "../../platform/crypto.js";
import { anyOf } from "../../platform/sql.js";

/** A row of `cases` with the names joined for display. */
export interface CaseRow {
  id: string;
  number: string;
  tracking_code: string;
  channel: Case["channel"];
  source: Case["source"];
  api_key_id: string | null;
  category_code: string | null;
  category_name: string | null;
  title: string;
  description: string;
  status: CaseStatus;
  priority: Case["priority"];
  urgency: Case["urgency"];
  service_mode: Case["serviceMode"];
  lat: number | null;
  lng: number | null;
  location_text: string | null;
  area_code: string | null;
  area_name: string | null;
  grid_id: string | null;
  grid_name: string | null;
  reporter_account_id: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  anonymous: boolean;
  reporters_count: number;
  photos: string[];
  attributes: Record<string, unknown>;
  handler_kind: Case["handlerKind"];
  handler_ref: string | null;
  handler_label: string | null;
  deadline_at: Date | null;
  hold_started_at: Date | null;
  hold_reason: string | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  rework_count: number;
  rating: Case["rating"];
  rating_comment: string | null;
  rating_due_at: Date | null;
  rejected_reason: string | null;
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
}

export const CASE_SELECT = `SELECT c.*, cc.name AS category_name, ar.name AS area_name, g.name AS grid_name
  FROM cases c
  LEFT JOIN case_categories cc ON cc.code = c.category_code
  LEFT JOIN areas ar ON ar.code = c.area_code
  LEFT JOIN grids g ON g.id = c.grid_id`;

const STAFF_ROLES = ["community_staff", "street_staff"] as const;

/**
 * The SQL condition for the cases an actor may see, with its parameters starting at `$start`:
 * staff with an area scope see the cases located in it; department and unit accounts see what is assigned
 * to them or what they are summoned to by a whistle; residents see what they reported.
 */
export function caseVisibleSql(actor: Actor, alias: string, start: number): { sql: string; params: unknown[] } {
  const w = anyOf(start);
  const t = caseVisibleTerms(actor, alias, w.param);
  for (const term of [t.scope, ...t.others]) if (term) w.or(term);
  return w.done();
}

/**
 * The terms of `caseVisibleSql`, any of which makes a case visible: the actor's area scope (null without one), and the
 * others (assigned to the actor, summoned by a whistle, reported by the actor). `param` numbers each value.
 */
export function caseVisibleTerms(actor: Actor, alias: string, param: (v: unknown) => string): { scope: string | null; others: string[] } {
  const scope = actor.scopePrefix ? `${alias}.area_code LIKE ${param(`${actor.scopePrefix}%`)}` : null;
  const others: string[] = [];
  for (const [kind, id] of [
    ["department", actor.departmentId],
    ["unit", actor.unitId],
  ] as const) {
    if (!id) continue;
    const ref = param(id);
    others.push(`(${alias}.handler_kind = '${kind}' AND ${alias}.handler_ref = ${ref})`);
    others.push(`EXISTS (SELECT 1 FROM whistles w JOIN whistle_tasks t ON t.whistle_id = w.id
      WHERE w.case_id = ${alias}.id AND t.party_kind = '${kind}' AND t.party_id::text = ${ref})`);
  }
  if (actor.kind === "account") others.push(`${alias}.reporter_account_id = ${param(actor.id)}`);
  return { scope, others };
}

/** How the actor stands to a case: the relations the transition table speaks of. */
export function caseRelations(
  actor: Actor,
  c: Pick<CaseRow, "area_code" | "handler_kind" | "handler_ref" | "reporter_account_id">,
): Set<CaseRelation> {
  const rel = new Set<CaseRelation>();
  const staff = actor.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
  if (staff && actor.scopePrefix && c.area_code?.startsWith(actor.scopePrefix)) rel.add("area_staff");
  switch (c.handler_kind) {
    case "grid_worker":
      if (c.handler_ref === actor.id) rel.add("handler");
      break;
    case "community":
    case "street":
      if (staff && actor.areaCode === c.handler_ref) rel.add("handler");
      break;
    case "department":
      if (actor.departmentId && actor.departmentId === c.handler_ref) rel.add("handler");
      break;
    case "unit":
      if (actor.unitId && actor.unitId === c.handler_ref) rel.add("handler");
      break;
    default:
      break;
  }
  if (actor.kind === "account" && c.reporter_account_id === actor.id) rel.add("reporter");
  return rel;
}

/** One case, if the actor may see it. */
export async function findCase(q: Queryable, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  const vis = caseVisibleSql(actor, "c", 2);
  const lock = opts.forUpdate ? " FOR UPDATE OF c" : "";
  const { rows } = await q.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1 AND ${vis.sql}${lock}`, [id, ...vis.params]);
  return rows[0] ?? null;
}

/** One case that exists, whatever the actor's scope (intake answers the submitter; a merge is followed to its end). */
export async function loadCase(q: Queryable, id: string): Promise<CaseRow> {
  const { rows } = await q.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]);
  return rows[0]!;
}

/** One case by its tracking code (for reporters without an account). */
export async function findCaseByTrackingCode(q: Queryable, code: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
  const lock = opts.forUpdate ? " FOR UPDATE OF c" : "";
  const { rows } = await q.query<CaseRow>(`${CASE_SELECT} WHERE c.tracking_code = $1${lock}`, [code]);
  return rows[0] ?? null;
}

/** Whether a case is past its deadline now (an open case whose clock runs). */
export function isOverdue(c: Pick<CaseRow, "status" | "deadline_at">, now = new Date()): boolean {
  return !!c.deadline_at && (c.status === "assigned" || c.status === "in_progress") && c.deadline_at.getTime() < now.getTime();
}

/** The name of an area, if it exists. */
export async function areaName(q: Queryable, code: string): Promise<string | null> {
  const { rows } = await q.query<{ name: string }>("SELECT name FROM areas WHERE code = $1", [code]);
  return rows[0]?.name ?? null;
}

/** The community and the street an area lies in (null for a level the area is above). */
export function areaLevels(areaCode: string): { community: string | null; street: string | null } {
  const level = levelOfCode(areaCode);
  const community = level === "community" || level === "compound" || level === "building" ? areaCode.slice(0, 12) : null;
  const street = community || level === "street" ? `${areaCode.slice(0, 9)}000` : null;
  return { community, street };
}

/**
 * Where a case goes when escalated, nearest first: from a grid worker, unit or volunteer team (or no handler) to
 * the case's community, then its street; from a community or department to the street; from the street nowhere
 * (a whistle instead). Levels above the case's area are left out; an empty list means the top of the ladder.
 */
export function escalationLadder(c: Pick<CaseRow, "area_code" | "handler_kind">): { kind: "community" | "street"; code: string }[] {
  if (!c.area_code || c.handler_kind === "street") return [];
  const levels = areaLevels(c.area_code);
  const kinds =
    c.handler_kind === "community" || c.handler_kind === "department" ? (["street"] as const) : (["community", "street"] as const);
  return kinds.flatMap((kind) => {
    const code = levels[kind];
    return code ? [{ kind, code }] : [];
  });
}

/** The actions the transition table allows the actor, less those the case's data rules out (escalating from the top). */
export function caseActions(c: CaseRow, actor: Actor, relations: ReadonlySet<CaseRelation>): CaseAction[] {
  return allowedActions(c.status, actor.roles, relations).filter((a) => a !== "escalate" || escalationLadder(c).length > 0);
}

/** The API view of a case, with the actions this actor may take. Reporter's phone masked unless `reveal`. */
export function toCase(
  c: CaseRow,
  actor: Actor | null,
  vault: Vault,
  opts: { relations?: Set<CaseRelation>; reveal?: boolean } = {},
): Case {
  const relations = opts.relations ?? (actor ? caseRelations(actor, c) : new Set<CaseRelation>());
  const phone = c.reporter_phone_enc ? vault.decrypt(c.reporter_phone_enc) : null;
  const staffInScope = relations.has("area_staff") && !!actor?.permissions.has("pii.read");
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    source: c.source,
    categoryCode: c.category_code,
    categoryName: c.category_name,
    title: c.title,
    description: c.description,
    status: c.status,
    priority: c.priority,
    urgency: c.urgency,
    serviceMode: c.service_mode,
    lat: c.lat,
    lng: c.lng,
    locationText: c.location_text,
    areaCode: c.area_code,
    areaName: c.area_name,
    gridId: c.grid_id,
    gridName: c.grid_name,
    reporterName: c.anonymous && !relations.has("reporter") ? null : c.reporter_name,
    reporterPhone: phone && !c.anonymous ? (opts.reveal ? phone : maskPhone(phone)) : null,
    anonymous: c.anonymous,
    reportersCount: c.reporters_count,
    photos: c.photos,
    handlerKind: c.handler_kind,
    handlerRef: c.handler_ref,
    handlerLabel: c.handler_label,
    deadlineAt: c.deadline_at?.toISOString() ?? null,
    overdue: isOverdue(c),
    holdReason: c.hold_reason,
    reworkCount: c.rework_count,
    rating: c.rating,
    ratingComment: c.rating_comment,
    ratingDueAt: c.rating_due_at?.toISOString() ?? null,
    rejectedReason: c.rejected_reason,
    mergedInto: c.merged_into,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    abilities: {
      actions: actor ? caseActions(c, actor, relations) : [],
      revealPersonalData: staffInScope && !c.anonymous && !!phone,
    },
  };
}

/** Whether a status is one of the open ones. */
export const isOpen = (s: CaseStatus) => OPEN_STATUSES.includes(s);

interface EventRow {
  id: number;
  at: Date;
  actor_label: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  public_note: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** The timeline of a case; residents see only the steps with a public note. */
export async function caseEvents(q: Queryable, caseId: string, opts: { publicOnly?: boolean } = {}): Promise<CaseEvent[]> {
  const { rows } = await q.query<EventRow>(
    `SELECT id, at, actor_label, action, from_status, to_status, public_note, note, data FROM case_events
      WHERE case_id = $1 ${opts.publicOnly ? "AND public_note IS NOT NULL" : ""} ORDER BY id`,
    [caseId],
  );
  return rows.map((e) => ({
    id: String(e.id),
    at: e.at.toISOString(),
    actorLabel: opts.publicOnly ? "" : e.actor_label,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    publicNote: e.public_note,
    note: opts.publicOnly ? null : e.note,
    data: opts.publicOnly ? {} : e.data,
  }));
}
