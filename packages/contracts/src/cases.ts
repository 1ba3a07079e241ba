import { z } from "zod";
import { areaCodeSchema } from "./areas.js";
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
  // the system escalates overdue cases when automatic escalation is on (the deadlines sweeper)
  {
    action: "escalate",
    from: WORKING,
    to: "assigned",
    who: [{ relation: "handler" }, { relation: "area_staff", roles: STAFF }, { relation: "system" }],
  },
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

// ─── 吹哨报到: a street or community summons departments and units; each reports in, acts and reports back ───

export const WHISTLE_LEVELS = ["ordinary", "urgent"] as const;
export type WhistleLevel = (typeof WHISTLE_LEVELS)[number];
export const WHISTLE_PARTY_KINDS = ["department", "unit"] as const;
export type WhistlePartyKind = (typeof WHISTLE_PARTY_KINDS)[number];
/** A summoned party's steps, in order: report in (到场报到), sign (签收), contact (联系), report the result (反馈结果). */
export const WHISTLE_STEPS = ["report_in", "sign", "contact", "result"] as const;
export type WhistleStep = (typeof WHISTLE_STEPS)[number];
/** What a whistle writes on its case's timeline. These are events, not status transitions. */
export const WHISTLE_CASE_EVENTS = [
  "whistle",
  "whistle_report_in",
  "whistle_sign",
  "whistle_contact",
  "whistle_result",
  "whistle_evaluate",
  "whistle_close",
] as const;

/** One step of a task: its deadline (null: none), when it was done, the party's note, and whether it is late. */
export const whistleStepSchema = z.object({
  dueAt: z.string().nullable(),
  at: z.string().nullable(),
  note: z.string().nullable(),
  /** done after its deadline, or not done and the deadline has passed (by the whistle's closing, or now) */
  late: z.boolean(),
});

export const whistleTaskSchema = z.object({
  id: z.string(),
  whistleId: z.string(),
  partyKind: z.enum(WHISTLE_PARTY_KINDS),
  partyId: z.string(),
  partyLabel: z.string(),
  reportIn: whistleStepSchema,
  sign: whistleStepSchema,
  contact: whistleStepSchema,
  result: whistleStepSchema,
  /** any step late */
  late: z.boolean(),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  abilities: z.object({ reportIn: z.boolean(), sign: z.boolean(), contact: z.boolean(), result: z.boolean(), evaluate: z.boolean() }),
});
export type WhistleTask = z.infer<typeof whistleTaskSchema>;

export const whistleSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  caseTitle: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  level: z.enum(WHISTLE_LEVELS),
  areaCode: z.string(),
  areaName: z.string(),
  blownBy: z.string().nullable(),
  blownAt: z.string(),
  status: z.enum(["open", "closed"]),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  tasks: z.array(whistleTaskSchema),
  /** how many summoned parties have done each step, and how many are late */
  summary: z.object({
    parties: z.number().int(),
    reportedIn: z.number().int(),
    signed: z.number().int(),
    contacted: z.number().int(),
    resulted: z.number().int(),
    evaluated: z.number().int(),
    late: z.number().int(),
  }),
  abilities: z.object({ evaluate: z.boolean(), close: z.boolean() }),
});
export type Whistle = z.infer<typeof whistleSchema>;

/** A task in a department's or unit's inbox, with the whistle it answers. */
export const whistleInboxItemSchema = whistleTaskSchema.extend({
  whistle: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    level: z.enum(WHISTLE_LEVELS),
    areaCode: z.string(),
    areaName: z.string(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    blownAt: z.string(),
    status: z.enum(["open", "closed"]),
  }),
});
export type WhistleInboxItem = z.infer<typeof whistleInboxItemSchema>;

const uuidList = z.array(z.string().uuid()).max(50);

export const whistleCreateSchema = z
  .object({
    /** the case the whistle is blown on; none for a situation without a case */
    caseId: z.string().uuid().nullable().optional(),
    /** defaults to the case's title */
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(4000).optional(),
    level: z.enum(WHISTLE_LEVELS),
    /** where the situation is; defaults to the actor's own area */
    areaCode: areaCodeSchema.optional(),
    departmentIds: uuidList.optional(),
    unitIds: uuidList.optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.title && !b.caseId) ctx.addIssue({ code: "custom", path: ["title"], message: "required" });
    if (!b.departmentIds?.length && !b.unitIds?.length) ctx.addIssue({ code: "custom", path: ["departmentIds"], message: "required" });
  });
export type WhistleCreate = z.infer<typeof whistleCreateSchema>;

export const whistleStepBodySchema = z.object({ note: z.string().trim().max(2000).optional() });
export const whistleResultBodySchema = z.object({ note: z.string().trim().min(1).max(4000) });
export const whistleEvaluateBodySchema = z.object({
  score: z.number().int().min(0).max(100),
  comment: z.string().trim().max(2000).optional(),
});
export const whistleCloseBodySchema = z.object({ note: z.string().trim().max(2000).optional() });

// ─── 动态考核: the assessment of grids, communities, streets, departments and units, derived from case events ───

export const ASSESSMENT_LEVELS = ["grid", "community", "street", "department", "unit"] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];
/** Each metric is a numerator over a denominator of cases; the drill-down lists either set. */
export const ASSESSMENT_METRICS = ["response", "resolution", "satisfaction", "on_time", "rework"] as const;
export type AssessmentMetric = (typeof ASSESSMENT_METRICS)[number];
/** Weights of the score when no area above sets its own (Zhungeer banner: 30 / 35 / 35). */
export const DEFAULT_ASSESSMENT_WEIGHTS = { response: 30, resolution: 35, satisfaction: 35 } as const;

const weight = z.number().min(0).max(100);
export const assessmentWeightsSchema = z.object({
  response: weight,
  resolution: weight,
  satisfaction: weight,
  /** the area whose setting applies, or null for the default */
  source: z.string().nullable(),
});
export type AssessmentWeights = z.infer<typeof assessmentWeightsSchema>;

export const assessmentWeightsBodySchema = z
  .object({ areaCode: areaCodeSchema, response: weight, resolution: weight, satisfaction: weight })
  .refine((w) => Math.round((w.response + w.resolution + w.satisfaction) * 100) === 10_000, {
    path: ["satisfaction"],
    message: "weights_sum",
  })
  .refine((w) => [w.response, w.resolution, w.satisfaction].every((v) => Math.round(v * 100) === v * 100), {
    path: ["response"],
    message: "invalid_format",
  });

const rate = z.number().min(0).max(1).nullable();
export const assessmentRowSchema = z.object({
  level: z.enum(ASSESSMENT_LEVELS),
  /** grid id, area code, department id or unit id */
  key: z.string(),
  name: z.string(),
  /** the area the row belongs to (a department's or unit's own area) */
  areaCode: z.string().nullable(),
  /** cases whose deadline fell in the period */
  due: z.number().int(),
  /** of those, first accepted by the handler by the deadline set when it entered the ledger */
  respondedOnTime: z.number().int(),
  /** of those due, with the clock stopped (on hold) at the deadline */
  onHold: z.number().int(),
  /** of those due and not on hold, closed with the result that stood reported at or before the deadline */
  closedOnTime: z.number().int(),
  /** cases whose result got the resident's verdict in the period: a rating, or the rating window running out */
  judged: z.number().int(),
  /** of those, the last verdict in the period was not "unsatisfied" (closed rated or unrated) */
  solved: z.number().int(),
  /** cases rated by the resident in the period */
  rated: z.number().int(),
  /** of those, the last rating in the period was satisfied or basically satisfied */
  satisfied: z.number().int(),
  /** of those judged, rated unsatisfied (sent back for rework) in the period */
  reworked: z.number().int(),
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  onTimeRate: rate,
  reworkRate: rate,
  /** 0–100: the weighted mean of the three rates over those defined, null when none is */
  score: z.number().nullable(),
  weights: assessmentWeightsSchema,
});
export type AssessmentRow = z.infer<typeof assessmentRowSchema>;

export const assessmentSchema = z.object({
  level: z.enum(ASSESSMENT_LEVELS),
  areaCode: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  items: z.array(assessmentRowSchema),
});
export type Assessment = z.infer<typeof assessmentSchema>;

/** A case behind a figure of the assessment, with the facts that placed it there. */
export const assessmentCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: caseStatusSchema,
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  gridName: z.string().nullable(),
  handlerLabel: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  /** the deadline the response is measured against: the one set when the case entered the ledger */
  responseDueAt: z.string().nullable(),
  /** the first acceptance by a handler */
  respondedAt: z.string().nullable(),
  /** the last result reported */
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  onHoldAtDeadline: z.boolean(),
  /** the last rating in the period: satisfied/basically satisfied/unsatisfied, or null */
  lastRating: z.enum(RATINGS).nullable(),
  reworkedInPeriod: z.boolean(),
});
export type AssessmentCase = z.infer<typeof assessmentCaseSchema>;

// ─── Intake, analysis and the ledger (分析民情, 建立台账); categories, the working calendar, the routing table ───

/** What staff and exports call each status. */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: "待分析",
  assigned: "已派遣",
  in_progress: "办理中",
  hold_requested: "申请挂账",
  on_hold: "挂账缓办",
  resolved: "已反馈",
  closed: "已办结",
  rejected: "不予受理",
  merged: "已合并",
};
/** What a resident reads of each status, in plain Chinese (a hold request is internal: still being handled). */
export const CASE_STATUS_PUBLIC: Record<CaseStatus, string> = {
  submitted: "已收到，正在分析",
  assigned: "已登记，已交办理单位",
  in_progress: "正在办理",
  hold_requested: "正在办理",
  on_hold: "暂缓办理",
  resolved: "已办理完毕，请您评价",
  closed: "已办结",
  rejected: "不予受理",
  merged: "与同一问题合并办理",
};
export const CASE_CHANNEL_LABELS: Record<(typeof CASE_CHANNELS)[number], string> = {
  cadre_visit: "干部了解",
  resident_report: "群众反映",
  digital_collection: "信息化采集",
};
export const CASE_SOURCE_LABELS: Record<(typeof CASE_SOURCES)[number], string> = {
  mobile: "手机上报",
  phone: "电话",
  visit: "走访",
  grid_patrol: "网格巡查",
  import: "批量导入",
  api: "系统接口",
  open311: "Open311",
};
export const SERVICE_MODE_LABELS: Record<(typeof SERVICE_MODES)[number], string> = {
  team: "组团服务",
  digital: "数字服务",
  proxy: "代办服务",
  appointment: "预约服务",
  off_hours: "错时服务",
};
export const URGENCY_LABELS: Record<(typeof URGENCIES)[number], string> = { normal: "一般", urgent: "紧急", critical: "特急" };
export const PRIORITY_LABELS: Record<(typeof PRIORITIES)[number], string> = { low: "低", normal: "中", high: "高" };
export const RATING_LABELS: Record<Rating, string> = { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" };
export const HANDLER_KIND_LABELS: Record<HandlerKind, string> = {
  grid_worker: "网格员",
  community: "社区",
  street: "街道",
  department: "职能部门",
  unit: "驻区单位",
  volunteer_team: "志愿服务队",
};

/** Digital city management events (事件) and parts (部件), beside social-governance classes. */
export const CATEGORY_FAMILIES = ["city_event", "city_part", "social"] as const;
export type CategoryFamily = (typeof CATEGORY_FAMILIES)[number];
export const CATEGORY_FAMILY_LABELS: Record<CategoryFamily, string> = {
  city_event: "城市管理·事件",
  city_part: "城市管理·部件",
  social: "社会治理",
};
/**
 * Units of a deadline: working days (to the end of the N-th working day after filing), working hours (on the
 * area's working windows, skipping nights, weekends and holidays), and hours or days round the clock.
 */
export const DEADLINE_UNITS = ["working_days", "working_hours", "hours", "days"] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];
export const DEADLINE_UNIT_LABELS: Record<DeadlineUnit, string> = {
  working_days: "个工作日",
  working_hours: "个工作小时",
  hours: "小时",
  days: "天",
};
export const deadlineRuleSchema = z.object({ value: z.number().int().min(1).max(1000), unit: z.enum(DEADLINE_UNITS) });
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

export const categoryCodeSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, "invalid_format");

/** Input types of an extra question (Open311 GeoReport v2 service definition attributes). */
export const ATTRIBUTE_DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;
export const categoryAttributeSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "invalid_format"),
    /** false: shown as information only, no answer asked */
    variable: z.boolean(),
    datatype: z.enum(ATTRIBUTE_DATATYPES),
    required: z.boolean(),
    datatype_description: z.string().max(200).nullable(),
    order: z.number().int().min(1).max(1000),
    description: z.string().min(1).max(200),
    values: z.array(z.object({ key: z.string().min(1).max(40), name: z.string().min(1).max(60) })).max(50),
  })
  .refine((a) => !a.datatype.endsWith("valuelist") || a.values.length > 0, { path: ["values"], message: "required" });
export type CategoryAttribute = z.infer<typeof categoryAttributeSchema>;

export const caseCategorySchema = z.object({
  code: categoryCodeSchema,
  name: z.string().trim().min(1).max(40),
  /** null for a top-level class */
  parentCode: categoryCodeSchema.nullable(),
  family: z.enum(CATEGORY_FAMILIES),
  description: z.string().max(500),
  /** words that point to this category in a resident's description (also used for word segmentation) */
  keywords: z.array(z.string().trim().min(1).max(20)).max(50),
  /** offered to residents on the report page */
  public: z.boolean(),
  deadlines: z.object({ normal: deadlineRuleSchema, urgent: deadlineRuleSchema, critical: deadlineRuleSchema }),
  attributes: z.array(categoryAttributeSchema).max(30),
  active: z.boolean(),
  sort: z.number().int().min(0).max(100_000),
  /** escalate overdue cases one level up automatically; null follows the server's AUTO_ESCALATE setting */
  autoEscalate: z.boolean().nullable(),
});
export type CaseCategory = z.infer<typeof caseCategorySchema>;
export const caseCategoryCreateSchema = caseCategorySchema.extend({
  parentCode: categoryCodeSchema.nullable().default(null),
  description: z.string().max(500).default(""),
  keywords: z.array(z.string().trim().min(1).max(20)).max(50).default([]),
  public: z.boolean().default(true),
  deadlines: z.object({ normal: deadlineRuleSchema, urgent: deadlineRuleSchema, critical: deadlineRuleSchema }).default({
    normal: { value: 7, unit: "working_days" },
    urgent: { value: 2, unit: "working_hours" },
    critical: { value: 2, unit: "hours" },
  }),
  attributes: z.array(categoryAttributeSchema).max(30).default([]),
  active: z.boolean().default(true),
  sort: z.number().int().min(0).max(100_000).default(0),
  autoEscalate: z.boolean().nullable().default(null),
});
export const caseCategoryUpdateSchema = caseCategorySchema
  .omit({ code: true, family: true })
  .partial()
  .extend({
    deadlines: z.object({ normal: deadlineRuleSchema, urgent: deadlineRuleSchema, critical: deadlineRuleSchema }).partial().optional(),
  });

/** Where a case happened: a point picked on the map (or taken from the phone), an address, or the area chosen. */
export const casePointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
/** A photo as a data URL: JPEG, PNG or WebP, at most 2 MB once decoded (checked by its leading bytes too). */
export const casePhotoSchema = z
  .string()
  .max(2_800_000)
  .regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=\r\n]+$/, "invalid_format");
export const MAX_CASE_PHOTOS = 6;
export const MAX_CASE_PHOTO_BYTES = 2 * 1024 * 1024;
/** Answers to the category's extra questions, by attribute code. */
export const caseAttributeAnswersSchema = z.record(
  z.string().max(40),
  z.union([z.string().max(1000), z.number(), z.array(z.string().max(100)).max(50)]),
);
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, "invalid_format");
const intakeFields = {
  /** may also come as the Idempotency-Key header */
  idempotencyKey: idempotencyKeySchema.optional(),
  title: z.string().trim().min(1).max(60).optional(),
  description: z.string().trim().min(1).max(2000),
  photos: z.array(casePhotoSchema).max(MAX_CASE_PHOTOS).default([]),
  location: casePointSchema.optional(),
  address: z.string().trim().min(1).max(200).optional(),
  /** the community (or compound) chosen from the list when no point is given */
  areaCode: areaCodeSchema.optional(),
  contact: z
    .object({
      name: z.string().trim().min(1).max(40).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "invalid_phone")
        .optional(),
    })
    .optional(),
  /** the reporter's name and phone are not kept */
  anonymous: z.boolean().default(false),
  attributes: caseAttributeAnswersSchema.default({}),
};
/** A resident's report from the mobile page, with or without an account. */
export const caseReportSchema = z.object({ ...intakeFields, categoryCode: categoryCodeSchema });
export type CaseReport = z.infer<typeof caseReportSchema>;
/** A case logged by staff: a phone call, a visit, or what a grid worker finds on patrol. */
export const CASE_STAFF_SOURCES = ["phone", "visit", "grid_patrol"] as const;
export const caseStaffCreateSchema = z.object({
  ...intakeFields,
  source: z.enum(CASE_STAFF_SOURCES),
  categoryCode: categoryCodeSchema.optional(),
  urgency: z.enum(URGENCIES).optional(),
});
export type CaseStaffCreate = z.infer<typeof caseStaffCreateSchema>;
/** One record of a batch from another system (digital collection); the external id makes its retry harmless. */
export const caseBatchRowSchema = z.object({
  externalId: z.string().trim().min(1).max(64),
  categoryCode: categoryCodeSchema.optional(),
  title: z.string().trim().min(1).max(60),
  description: z.string().trim().max(2000).default(""),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  address: z.string().trim().max(200).optional(),
  areaCode: areaCodeSchema.optional(),
  reportedAt: z.iso.datetime({ offset: true }).optional(),
});
export type CaseBatchRow = z.infer<typeof caseBatchRowSchema>;
export const caseBatchBodySchema = z.union([
  z.array(z.unknown()).min(1).max(1000),
  z.object({
    /** the system the records come from; external ids are unique within it */
    system: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, "invalid_format")
      .default("import"),
    items: z.array(z.unknown()).min(1).max(1000),
  }),
]);
export const caseBatchReportSchema = z.object({
  dryRun: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  failed: z.number().int(),
  items: z.array(
    z.object({
      row: z.number().int(),
      externalId: z.string().nullable(),
      status: z.enum(["created", "existing", "valid", "error"]),
      id: z.string().nullable(),
      number: z.string().nullable(),
    }),
  ),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), value: z.unknown().optional(), message: z.string() })),
});
export type CaseBatchReport = z.infer<typeof caseBatchReportSchema>;

/** The answer to an intake: the tracking code is shown here and in the reporter's own list only. */
export const caseIntakeResultSchema = z.object({
  id: z.string(),
  number: z.string(),
  trackingCode: z.string(),
  status: caseStatusSchema,
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  gridName: z.string().nullable(),
  createdAt: z.string(),
  /** a retried submission: the case made by the first one */
  replayed: z.boolean(),
});
export type CaseIntakeResult = z.infer<typeof caseIntakeResultSchema>;

/** A case as its reporter sees it: status in plain Chinese, the public steps, no staff names or others' data. */
export const publicCaseSchema = z.object({
  number: z.string(),
  trackingCode: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  categoryName: z.string().nullable(),
  status: caseStatusSchema,
  statusText: z.string(),
  areaName: z.string().nullable(),
  locationText: z.string().nullable(),
  photos: z.array(z.string()),
  /** who handles it, as an office (社区, 城管局 …); a grid worker is named by role only */
  handledBy: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  createdAt: z.string(),
  steps: z.array(z.object({ at: z.string(), text: z.string() })),
  /** the case this report was merged into: its progress is shown here */
  mergedInto: z.object({ number: z.string() }).nullable(),
  rejectedReason: z.string().nullable(),
  rating: z.enum(RATINGS).nullable(),
  ratingComment: z.string().nullable(),
  ratingDueAt: z.string().nullable(),
  canRate: z.boolean(),
});
export type PublicCase = z.infer<typeof publicCaseSchema>;

export const caseHandlerSchema = z.object({ kind: z.enum(HANDLER_KINDS), ref: z.string().nullable(), label: z.string() });
export const caseTriageSchema = z.object({
  categoryCode: categoryCodeSchema,
  priority: z.enum(PRIORITIES).default("normal"),
  urgency: z.enum(URGENCIES).default("normal"),
  serviceMode: z.enum(SERVICE_MODES).nullable().default(null),
  /** defaults to the routing table's proposal */
  handler: z.object({ kind: z.enum(HANDLER_KINDS), ref: z.string().trim().min(1).max(64).nullable().default(null) }).optional(),
  note: z.string().trim().max(1000).optional(),
  publicNote: z.string().trim().max(200).optional(),
});
export type CaseTriage = z.infer<typeof caseTriageSchema>;

export const DUPLICATE_REASONS = ["nearby", "similar_text"] as const;
export const caseDuplicateSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: caseStatusSchema,
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  createdAt: z.string(),
  reportersCount: z.number().int(),
  distanceMeters: z.number().nullable(),
  /** 0–1: cosine of the two texts' word sets (Chinese word segmentation, stop words left out) */
  similarity: z.number(),
  score: z.number(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
});
export type CaseDuplicate = z.infer<typeof caseDuplicateSchema>;
export const caseProposalSchema = z.object({
  handler: caseHandlerSchema.extend({ ruleId: z.string().nullable() }),
  deadlineAt: z.string().nullable(),
  deadlineRule: deadlineRuleSchema.nullable(),
  duplicates: z.array(caseDuplicateSchema),
});
export type CaseProposal = z.infer<typeof caseProposalSchema>;
export const caseMergeSchema = z.object({ into: z.string().uuid(), note: z.string().trim().max(500).optional() });

export const routingRuleSchema = z.object({
  id: z.string(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  handlerKind: z.enum(HANDLER_KINDS),
  handlerRef: z.string().nullable(),
  handlerLabel: z.string().nullable(),
  createdAt: z.string(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export const routingRuleCreateSchema = z.object({
  /** null: any category */
  categoryCode: categoryCodeSchema.nullable().default(null),
  areaCode: areaCodeSchema,
  handlerKind: z.enum(HANDLER_KINDS),
  /** null with grid_worker: the grid's own worker */
  handlerRef: z.string().trim().min(1).max(64).nullable().default(null),
});

export const calendarDaySchema = z.object({
  day: z.iso.date(),
  kind: z.enum(["holiday", "workday"]),
  name: z.string().max(40),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "invalid_format");
export const workingWindowSchema = z.object({ start: clock, end: clock });
export const workingHoursSchema = z.object({
  areaCode: z.string(),
  areaName: z.string().nullable(),
  windows: z.array(workingWindowSchema),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

// ─── Handling a case: the workflow actions a handler, area staff or the reporter takes through the API ───

/** The actions taken through `POST /api/v1/cases/:id/actions/:action` (triage and merge have their own routes). */
export const CASE_WORKFLOW_ACTIONS = [
  "accept",
  "assign",
  "escalate",
  "transfer",
  "note",
  "request_hold",
  "approve_hold",
  "deny_hold",
  "resume",
  "resolve",
  "reject",
  "rate",
] as const satisfies readonly CaseAction[];
export type CaseWorkflowAction = (typeof CASE_WORKFLOW_ACTIONS)[number];

/** Who a case goes to: a grid worker's account id, a community's or street's area code, a department, unit or team id. */
export const caseHandlerInputSchema = z.object({
  kind: z.enum(HANDLER_KINDS),
  ref: z.string().trim().min(1).max(64),
  /** the name shown for a volunteer team (other handlers are named from the registry) */
  label: z.string().trim().min(1).max(100).optional(),
});
export type CaseHandlerInput = z.infer<typeof caseHandlerInputSchema>;

/** Handlers a case may be transferred to: parties outside the grid → community → street line. */
export const TRANSFER_HANDLER_KINDS = ["department", "unit", "volunteer_team"] as const satisfies readonly HandlerKind[];

const shortText = (max: number) => z.string().trim().max(max).optional();
const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const caseRatingBodySchema = z.object({
  rating: z.enum(RATINGS),
  comment: shortText(500),
});

/** The body of each workflow action. */
export const caseActionBodySchemas = {
  accept: z.object({ note: shortText(2000) }),
  assign: z.object({ handler: caseHandlerInputSchema, note: shortText(2000) }),
  escalate: z.object({ reason: shortText(1000) }),
  transfer: z.object({
    handler: caseHandlerInputSchema.extend({ kind: z.enum(TRANSFER_HANDLER_KINDS) }),
    reason: shortText(1000),
  }),
  note: z.object({
    note: requiredText(2000),
    /** photos taken while working on the case, as data URLs like the reporter's (shown to staff only) */
    photos: z.array(casePhotoSchema).max(MAX_CASE_PHOTOS).optional(),
    serviceMode: z.enum(SERVICE_MODES).optional(),
  }),
  request_hold: z.object({ reason: requiredText(1000) }),
  approve_hold: z.object({ note: shortText(2000) }),
  deny_hold: z.object({ reason: shortText(1000) }),
  resume: z.object({ note: shortText(2000) }),
  /** `result` is what the resident reads; `note` stays with the staff */
  resolve: z.object({ result: requiredText(1000), note: shortText(2000) }),
  /** the reason is shown to the resident */
  reject: z.object({ reason: requiredText(1000) }),
  rate: caseRatingBodySchema,
} satisfies Record<CaseWorkflowAction, z.ZodType>;

/** The answer to a workflow action: the new status, and the case as the actor now sees it (null when no longer visible). */
export const caseActionResultSchema = z.object({ status: caseStatusSchema, case: caseSchema.nullable() });

// ─── Notifications: the in-app inbox, the reporter's messages on the track page, and the outbox of external channels ───

/**
 * Kinds of notification: `case.<action>` for a step of a case (triage tells the new handler as `case.assign`),
 * the sweeper's marks, a rework after an unsatisfied rating, and whistles.
 */
export const NOTIFICATION_KINDS = [
  "case.submit",
  "case.merge",
  "whistle",
  "case.accept",
  "case.assign",
  "case.escalate",
  "case.transfer",
  "case.request_hold",
  "case.approve_hold",
  "case.deny_hold",
  "case.resume",
  "case.resolve",
  "case.reject",
  "case.rate",
  "case.reopen",
  "case.close_unrated",
  "case.remind",
  "case.overdue",
  // party members and volunteers (volunteers.ts)
  "report_in.requested",
  "report_in.decided",
  "report_in.quiet",
  "activity.signup",
  "wish.submitted",
  "wish.claimed",
  "wish.fulfilled",
  "wish.unclaimed",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const inboxSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type Inbox = z.infer<typeof inboxSchema>;

/** External channels; `log` only keeps the message in the outbox (nothing leaves the system). */
export const OUTBOX_CHANNELS = ["sms", "wechat", "log"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
/** pending: waiting for the dispatcher; sent: delivered to the channel; failed: gave up after retries; recorded: kept only. */
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "recorded"] as const;

export const outboxItemSchema = z.object({
  id: z.string(),
  channel: z.enum(OUTBOX_CHANNELS),
  /** masked: the address itself is stored encrypted */
  recipient: z.string(),
  kind: z.string(),
  title: z.string(),
  text: z.string(),
  caseId: z.string().nullable(),
  areaCode: z.string().nullable(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;
