import { z } from "zod";
import type { Role } from "./roles.js";

/**
 * The case workflow (民情 loop, Ordos 365 method mapped onto the digital city management workflow):
 * submitted → analysed into the ledger → handled → result fed back → rated by the resident → closed.
 * The transition table below is the one source of truth for the server and the UI.
 */
export const CASE_STATUSES = [
  "submitted", // 待分析: taken in, not yet triaged
  "assigned", // 已派遣: in the ledger with a responsible party and a deadline, not yet taken up
  "in_progress", // 办理中
  "hold_requested", // 申请挂账: the handler asked to stop the clock, awaiting approval
  "on_hold", // 挂账/缓办: clock stopped
  "resolved", // 已反馈: result reported, awaiting the resident's rating
  "closed", // 已办结
  "rejected", // 不予受理: outside scope, with a reason the resident sees
  "merged", // 已合并: a duplicate merged into another case
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_STATUSES: readonly CaseStatus[] = ["submitted", "assigned", "in_progress", "hold_requested", "on_hold", "resolved"];

/** Intake channels: 干部了解 (visits), 群众反映 (residents' reports), 信息化采集 (digital collection). */
export const CASE_CHANNELS = ["cadre_visit", "resident_report", "digital_collection"] as const;
/** How a case came in within its channel. */
export const CASE_SOURCES = ["mobile", "phone", "visit", "grid_patrol", "import", "api", "open311"] as const;
/** The five ways to serve (5 ways of the 365 method). */
export const SERVICE_MODES = ["team", "digital", "proxy", "appointment", "off_hours"] as const;
export const URGENCIES = ["normal", "urgent", "critical"] as const;
export const PRIORITIES = ["low", "normal", "high"] as const;
export const RATINGS = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type Rating = (typeof RATINGS)[number];
/** Who a case can be assigned to. */
export const HANDLER_KINDS = ["grid_worker", "community", "street", "department", "unit", "volunteer_team"] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export const CASE_ACTIONS = [
  "triage", // analyse: category, priority, urgency, handler, deadline → ledger entry
  "accept",
  "assign", // (re)assign to a handler at the same level
  "escalate", // move up: grid → community → street
  "transfer", // hand to another party (department, unit, team)
  "note", // work note and photos
  "request_hold",
  "approve_hold",
  "deny_hold",
  "resume",
  "resolve",
  "rate",
  "close_unrated",
  "reject",
  "merge",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * How the actor stands to the case. `area_staff`: community or street staff whose area scope holds the case;
 * `handler`: the current responsible party (the grid worker, or staff of the community/street/department/unit
 * it is assigned to); `reporter`: the resident who reported it (logged in, or holding its tracking code).
 */
export type CaseRelation = "area_staff" | "handler" | "reporter" | "system";

export interface CaseTransition {
  action: CaseAction;
  from: readonly CaseStatus[];
  /** The status after the action; "same" leaves it unchanged. Rating decides between two (see `rate`). */
  to: CaseStatus | "same";
  /** Who may act: a relation, optionally narrowed to roles. */
  who: readonly { relation: CaseRelation; roles?: readonly Role[] }[];
}

const STAFF: readonly Role[] = ["community_staff", "street_staff"];
const WORKING: readonly CaseStatus[] = ["assigned", "in_progress"];

export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  { action: "triage", from: ["submitted"], to: "assigned", who: [{ relation: "area_staff", roles: STAFF }] },
  { action: "accept", from: ["assigned"], to: "in_progress", who: [{ relation: "handler" }] },
  { action: "assign", from: ["assigned", "in_progress"], to: "assigned", who: [{ relation: "area_staff", roles: STAFF }] },
  { action: "escalate", from: WORKING, to: "assigned", who: [{ relation: "handler" }, { relation: "area_staff", roles: STAFF }] },
  { action: "transfer", from: WORKING, to: "assigned", who: [{ relation: "area_staff", roles: STAFF }] },
  {
    action: "note",
    from: ["assigned", "in_progress", "hold_requested", "on_hold"],
    to: "same",
    who: [{ relation: "handler" }, { relation: "area_staff", roles: STAFF }],
  },
  { action: "request_hold", from: ["in_progress"], to: "hold_requested", who: [{ relation: "handler" }] },
  { action: "approve_hold", from: ["hold_requested"], to: "on_hold", who: [{ relation: "area_staff", roles: STAFF }] },
  { action: "deny_hold", from: ["hold_requested"], to: "in_progress", who: [{ relation: "area_staff", roles: STAFF }] },
  { action: "resume", from: ["on_hold"], to: "in_progress", who: [{ relation: "handler" }, { relation: "area_staff", roles: STAFF }] },
  { action: "resolve", from: ["in_progress"], to: "resolved", who: [{ relation: "handler" }] },
  // satisfied or basically satisfied → closed; unsatisfied → in_progress with the same handler (rework)
  { action: "rate", from: ["resolved"], to: "closed", who: [{ relation: "reporter" }] },
  { action: "close_unrated", from: ["resolved"], to: "closed", who: [{ relation: "system" }] },
  { action: "reject", from: ["submitted", "assigned"], to: "rejected", who: [{ relation: "area_staff", roles: STAFF }] },
  { action: "merge", from: ["submitted", "assigned"], to: "merged", who: [{ relation: "area_staff", roles: STAFF }] },
];

/** The transition for an action, if the action exists. */
export function transitionOf(action: CaseAction): CaseTransition {
  return CASE_TRANSITIONS.find((t) => t.action === action)!;
}

/**
 * Whether an actor with these roles and relations to a case may take `action` on it in its current status.
 * The server checks this before every transition and returns the allowed actions as the case's abilities.
 */
export function mayTransition(
  action: CaseAction,
  status: CaseStatus,
  roles: readonly Role[],
  relations: ReadonlySet<CaseRelation>,
): boolean {
  const t = transitionOf(action);
  if (!t.from.includes(status)) return false;
  return t.who.some((w) => relations.has(w.relation) && (!w.roles || w.roles.some((r) => roles.includes(r))));
}

/** The status a rating leads to: only an unsatisfied resident reopens the case. */
export function statusAfterRating(rating: Rating): CaseStatus {
  return rating === "unsatisfied" ? "in_progress" : "closed";
}

/** Every action the actor may take now, in table order (the case's abilities). */
export function allowedActions(status: CaseStatus, roles: readonly Role[], relations: ReadonlySet<CaseRelation>): CaseAction[] {
  return CASE_ACTIONS.filter((a) => mayTransition(a, status, roles, relations));
}

export const caseStatusSchema = z.enum(CASE_STATUSES);

/** A case as the API returns it. Personal data of the reporter is masked unless unmasked on purpose. */
export const caseSchema = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(CASE_CHANNELS),
  source: z.enum(CASE_SOURCES),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  status: caseStatusSchema,
  priority: z.enum(PRIORITIES),
  urgency: z.enum(URGENCIES),
  serviceMode: z.enum(SERVICE_MODES).nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  locationText: z.string().nullable(),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  anonymous: z.boolean(),
  reportersCount: z.number().int(),
  photos: z.array(z.string()),
  handlerKind: z.enum(HANDLER_KINDS).nullable(),
  handlerRef: z.string().nullable(),
  handlerLabel: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  holdReason: z.string().nullable(),
  reworkCount: z.number().int(),
  rating: z.enum(RATINGS).nullable(),
  ratingComment: z.string().nullable(),
  ratingDueAt: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** the workflow actions this actor may take now */
  abilities: z.object({ actions: z.array(z.enum(CASE_ACTIONS)), revealPersonalData: z.boolean() }),
});
export type Case = z.infer<typeof caseSchema>;

export const caseEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  publicNote: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;
