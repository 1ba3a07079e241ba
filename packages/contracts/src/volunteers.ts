/**
 * Party members and volunteers at work (DOMAIN §3.2): 双报到, volunteers and teams, service hours and stars,
 * micro-wishes, pairing and contribution points.
 *
 * Routes (method, path, permission: purpose). "self" means the route acts for the person linked to the account.
 *
 * 双报到 (report-in)
 *   POST /api/v1/report-ins                         authenticated     a party member reports in (self), or staff with
 *                                                                     volunteers.manage record a member's or a unit party org's request
 *   GET  /api/v1/report-ins                         volunteers.read   requests and reported members/orgs of the communities in scope,
 *                                                                     with what each did this year; `quietDays` lists those who did nothing
 *   GET  /api/v1/report-ins/mine                    authenticated     the actor's own report-ins with this year's activity
 *   GET  /api/v1/report-ins/by-org/:partyOrgId      authenticated     the members of a party org and what they did where they reported
 *                                                                     (staff in scope, the org's unit account, its secretary)
 *   GET  /api/v1/report-ins/:id                     volunteers.read   one report-in with its commitment and activity
 *   POST /api/v1/report-ins/:id/decide              volunteers.manage the community confirms or declines a request
 *   PUT  /api/v1/report-ins/:id/commitment          authenticated     the member (or staff) sets the year's commitment (hours, tasks, skills)
 * Volunteers, teams, stations, talents
 *   GET  /api/v1/volunteers                         volunteers.read   search by name, skill, grid, team, talent kind (scope: the person's area)
 *   POST /api/v1/volunteers                         volunteers.manage register a person of the registry as a volunteer (one record per person)
 *   GET  /api/v1/volunteers/me                      authenticated     the actor's own volunteer record, hours and star level
 *   GET  /api/v1/volunteers/me/service-record.xlsx  authenticated     the actor's service record as a workbook
 *   GET  /api/v1/volunteers/public/:number          public            the public record of a platform number: no name, phone or ID
 *   GET  /api/v1/volunteers/:id                     volunteers.read   one volunteer with teams and hours
 *   PATCH /api/v1/volunteers/:id                    volunteers.manage skills, availability, area, talent kinds, status
 *   GET  /api/v1/volunteers/:id/service-record.xlsx volunteers.read   a volunteer's service record as a workbook
 *   GET  /api/v1/volunteer-teams                    volunteers.read   teams in scope, searchable (`q`) for pickers (cases hand-over)
 *   POST /api/v1/volunteer-teams                    volunteers.manage create a team (志愿服务队) with its leader
 *   GET  /api/v1/volunteer-teams/:id                volunteers.read   a team with its members
 *   PATCH /api/v1/volunteer-teams/:id               volunteers.manage rename, change leader or kind, dissolve
 *   POST /api/v1/volunteer-teams/:id/members        volunteers.manage add volunteers to a team
 *   DELETE /api/v1/volunteer-teams/:id/members/:volunteerId volunteers.manage remove a volunteer from a team
 *   GET  /api/v1/volunteer-stations                 volunteers.read   stations (志愿服务站) in scope
 *   POST /api/v1/volunteer-stations                 volunteers.manage create a station with its leader
 * Service opportunities
 *   GET  /api/v1/activities                         authenticated     staff: activities in scope; others: open activities
 *   POST /api/v1/activities                         volunteers.manage create an activity (place, time, capacity, skills, sign-up mode)
 *   GET  /api/v1/activities/:id                     authenticated     one activity (with the actor's own sign-up)
 *   POST /api/v1/activities/:id/cancel              volunteers.manage cancel an activity
 *   POST /api/v1/activities/:id/signups             authenticated     sign up (self); capacity enforced
 *   POST /api/v1/activities/:id/withdraw            authenticated     withdraw the actor's sign-up before the start
 *   GET  /api/v1/activities/:id/signups             volunteers.read   the sign-ups with attendance
 *   POST /api/v1/activities/:id/signups/:signupId/decide volunteers.manage confirm or decline a request (request mode)
 *   POST /api/v1/activities/:id/attendance          volunteers.manage bulk attendance with actual service minutes (travel recorded, not counted)
 *   POST /api/v1/activities/:id/verify              volunteers.manage verify the recorded hours of the activity
 * Micro-wishes
 *   GET  /api/v1/wishes                             authenticated     staff (wishes.review): wishes in scope in every state; others: published
 *                                                                     wishes (no identity) and their own (`mine`)
 *   POST /api/v1/wishes                             authenticated     a resident posts a wish; staff with wishes.review post on behalf (代办)
 *   GET  /api/v1/wishes/:id                         authenticated     one wish (identity only to staff and the wisher)
 *   POST /api/v1/wishes/:id/review                  wishes.review     publish or decline a submitted wish
 *   POST /api/v1/wishes/:id/claim                   wishes.claim      claim as a person, a team or a unit: one claim wins, others 409
 *   POST /api/v1/wishes/:id/fulfil                  wishes.claim      the claimant reports fulfilment with a note and photos
 *   POST /api/v1/wishes/:id/confirm                 authenticated     the wisher or staff confirm the fulfilment
 *   POST /api/v1/wishes/:id/cancel                  wishes.review     withdraw a wish that is not fulfilled
 * Pairing (结对)
 *   GET  /api/v1/pairings                           volunteers.read   pairs in scope; `quietDays` lists those without contact for that long
 *   POST /api/v1/pairings                           volunteers.manage pair a party member with a resident in need
 *   GET  /api/v1/pairings/mine                      authenticated     the actor's pairs
 *   GET  /api/v1/pairings/:id                       authenticated     a pair with its contacts (staff in scope or the member)
 *   POST /api/v1/pairings/:id/contacts              authenticated     log a visit or call (the member or staff)
 *   POST /api/v1/pairings/:id/end                   volunteers.manage end a pair
 * Contribution points (积分)
 *   GET  /api/v1/points/rules/:partyOrgId           authenticated     the branch's rule sets per member category (defaults when unset)
 *   PUT  /api/v1/points/rules/:partyOrgId           authenticated     edit them (staff with points.manage in scope, or the branch secretary)
 *   GET  /api/v1/points/mine                        authenticated     the actor's yearly statement: every point and where it came from
 *   GET  /api/v1/points/members/:personId           authenticated     a member's statement (points.manage in scope, or their branch secretary)
 *   POST /api/v1/points/items                       authenticated     propose a manual item (self, or staff for a member)
 *   GET  /api/v1/points/items                       authenticated     manual items of a branch to decide (points.manage or secretary), or the actor's own
 *   POST /api/v1/points/items/:id/decide            authenticated     the branch approves or declines an item
 *   GET  /api/v1/points/candidates/:partyOrgId      authenticated     members reaching the commendation threshold (no ranking)
 */
import { z } from "zod";
import { pageQuerySchema } from "./api.js";
import { areaCodeSchema } from "./areas.js";

const uuid = z.string().uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
const year = z.coerce.number().int().min(2000).max(2100);
const boolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

// ————————————————————————————————————————— enums and labels

/** What reports in to a community: an in-service party member (where they live) or a unit's party organisation. */
export const REPORT_IN_KINDS = ["member", "org"] as const;
export type ReportInKind = (typeof REPORT_IN_KINDS)[number];
export const REPORT_IN_KIND_LABELS: Record<ReportInKind, string> = { member: "在职党员", org: "单位党组织" };

export const REPORT_IN_STATUSES = ["requested", "confirmed", "declined", "withdrawn"] as const;
export type ReportInStatus = (typeof REPORT_IN_STATUSES)[number];
export const REPORT_IN_STATUS_LABELS: Record<ReportInStatus, string> = {
  requested: "待确认",
  confirmed: "已报到",
  declined: "未通过",
  withdrawn: "已撤回",
};

/** Member categories for points: the same as the registry's party member categories. */
export const MEMBER_CATEGORIES = ["in_service", "retired", "mobile"] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];
export const MEMBER_CATEGORY_LABELS: Record<MemberCategory, string> = {
  in_service: "在职党员",
  retired: "离退休党员",
  mobile: "流动党员",
};

/** 达人 (skilled at a craft or art), 能人 (capable organiser or professional), 热心人 (warm-hearted helper). */
export const TALENT_KINDS = ["expert", "capable", "warm_hearted"] as const;
export type TalentKind = (typeof TALENT_KINDS)[number];
export const TALENT_KIND_LABELS: Record<TalentKind, string> = { expert: "达人", capable: "能人", warm_hearted: "热心人" };

/** Skills offered and required; free text is allowed beside these common ones. */
export const COMMON_SKILLS = [
  "医疗护理",
  "法律咨询",
  "心理疏导",
  "家电维修",
  "水电维修",
  "理发",
  "教育辅导",
  "文艺",
  "书法",
  "摄影",
  "驾驶",
  "助老",
  "巡逻",
  "环境整治",
  "信息技术",
  "翻译",
  "蒙古语",
] as const;

export const AVAILABILITIES = ["weekday_day", "weekday_evening", "weekend", "any"] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const AVAILABILITY_LABELS: Record<Availability, string> = {
  weekday_day: "工作日白天",
  weekday_evening: "工作日晚间",
  weekend: "周末",
  any: "时间灵活",
};

export const TEAM_KINDS = ["service", "patrol", "professional", "party_vanguard"] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TEAM_KIND_LABELS: Record<TeamKind, string> = {
  service: "志愿服务队",
  patrol: "平安巡逻队",
  professional: "专业服务队",
  party_vanguard: "党员先锋队",
};

export const VOLUNTEER_STATUSES = ["active", "inactive"] as const;
export const VOLUNTEER_STATUS_LABELS: Record<(typeof VOLUNTEER_STATUSES)[number], string> = { active: "在册", inactive: "停用" };

export const SIGNUP_MODES = ["instant", "request"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];
export const SIGNUP_MODE_LABELS: Record<SignupMode, string> = { instant: "报名即成功", request: "报名后需确认" };

export const ACTIVITY_STATUSES = ["open", "cancelled"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = { open: "进行中", cancelled: "已取消" };

export const SIGNUP_STATUSES = ["requested", "confirmed", "declined", "withdrawn"] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  requested: "待确认",
  confirmed: "已报名",
  declined: "未通过",
  withdrawn: "已退出",
};

/** Star levels (星级志愿者) by verified service hours. */
export const STAR_THRESHOLDS_HOURS = [100, 300, 600, 1000, 1500] as const;
export const STAR_LABELS = ["", "一星", "二星", "三星", "四星", "五星"] as const;

/** The star level (0–5) for a number of verified hours. */
export function starLevel(hours: number): number {
  let level = 0;
  for (const t of STAR_THRESHOLDS_HOURS) if (hours >= t) level++;
  return level;
}

/** Hours to the next star, or null at five stars. */
export function hoursToNextStar(hours: number): number | null {
  const next = STAR_THRESHOLDS_HOURS.find((t) => hours < t);
  return next === undefined ? null : Math.round((next - hours) * 100) / 100;
}

/** Categories of micro-wishes: who the wisher is. */
export const WISH_CATEGORIES = ["elderly_alone", "disabled", "children_difficulty", "low_income", "serious_illness", "other"] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export const WISH_CATEGORY_LABELS: Record<WishCategory, string> = {
  elderly_alone: "独居老人",
  disabled: "残疾人",
  children_difficulty: "困境儿童",
  low_income: "低收入家庭",
  serious_illness: "大病患者家庭",
  other: "其他困难群众",
};

export const WISH_STATUSES = ["submitted", "declined", "published", "claimed", "fulfilled", "confirmed", "cancelled"] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  submitted: "待审核",
  declined: "未通过",
  published: "待认领",
  claimed: "已认领",
  fulfilled: "已实现待确认",
  confirmed: "已完成",
  cancelled: "已撤销",
};

/** Who claims a wish: the actor as a person (party member, volunteer), a volunteer team they lead or belong to, or their unit. */
export const CLAIMANT_KINDS = ["person", "team", "unit"] as const;
export type ClaimantKind = (typeof CLAIMANT_KINDS)[number];
export const CLAIMANT_KIND_LABELS: Record<ClaimantKind, string> = { person: "个人", team: "志愿服务队", unit: "单位" };

export const PAIRING_KINDS = ["elderly_alone", "disabled", "children_difficulty", "low_income", "other"] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];
export const PAIRING_KIND_LABELS: Record<PairingKind, string> = {
  elderly_alone: "独居老人",
  disabled: "残疾人",
  children_difficulty: "困境儿童",
  low_income: "低收入家庭",
  other: "其他需要帮扶的居民",
};
export const CONTACT_KINDS = ["visit", "call", "help"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKind, string> = { visit: "上门走访", call: "电话联系", help: "代办帮办" };
export const PAIRING_STATUSES = ["active", "ended"] as const;

/** Where a point comes from. Derived ones are computed from verified events; manual ones need the branch's approval. */
export const POINT_SOURCES = ["hours", "wish", "case", "report_in", "council", "course", "manual"] as const;
export type PointSource = (typeof POINT_SOURCES)[number];
export const POINT_SOURCE_LABELS: Record<PointSource, string> = {
  hours: "志愿服务时长",
  wish: "认领实现微心愿",
  case: "参与办理民情事项",
  report_in: "到社区报到",
  council: "参加议事协商",
  course: "参加学习培训",
  manual: "其他经支部认定的贡献",
};
/** Manual items: council and course participation (valued by the rule set) or another contribution (valued by the item). */
export const MANUAL_ITEM_KINDS = ["council", "course", "manual"] as const;
export type ManualItemKind = (typeof MANUAL_ITEM_KINDS)[number];
export const MANUAL_ITEM_STATUSES = ["pending", "approved", "declined"] as const;
export type ManualItemStatus = (typeof MANUAL_ITEM_STATUSES)[number];
export const MANUAL_ITEM_STATUS_LABELS: Record<ManualItemStatus, string> = { pending: "待审核", approved: "已认定", declined: "未认定" };

/** A rule set: points per verified unit of contribution, for one member category of one branch. */
export const pointRuleSetSchema = z.object({
  category: z.enum(MEMBER_CATEGORIES),
  perHour: z.number().min(0).max(100),
  perWish: z.number().min(0).max(1000),
  perCase: z.number().min(0).max(1000),
  reportIn: z.number().min(0).max(1000),
  perCouncil: z.number().min(0).max(1000),
  perCourse: z.number().min(0).max(1000),
  /** at most this many points a year from service hours (0 = no cap) */
  hoursCap: z.number().min(0).max(100000),
  /** members with at least this many points in a year are candidates for commendation */
  commendationThreshold: z.number().min(0).max(100000),
});
export type PointRuleSet = z.infer<typeof pointRuleSetSchema>;

/** The platform's defaults, used by a branch until it sets its own. */
export const DEFAULT_POINT_RULES: Record<MemberCategory, PointRuleSet> = {
  in_service: {
    category: "in_service",
    perHour: 1,
    perWish: 5,
    perCase: 3,
    reportIn: 10,
    perCouncil: 2,
    perCourse: 2,
    hoursCap: 60,
    commendationThreshold: 60,
  },
  retired: {
    category: "retired",
    perHour: 1,
    perWish: 5,
    perCase: 3,
    reportIn: 0,
    perCouncil: 3,
    perCourse: 2,
    hoursCap: 100,
    commendationThreshold: 80,
  },
  mobile: {
    category: "mobile",
    perHour: 1.5,
    perWish: 5,
    perCase: 3,
    reportIn: 10,
    perCouncil: 2,
    perCourse: 3,
    hoursCap: 60,
    commendationThreshold: 40,
  },
};

// ————————————————————————————————————————— 双报到

export const commitmentSchema = z.object({
  hours: z.number().int().min(0).max(2000),
  tasks: z.array(text(200)).max(20).default([]),
  skills: z.array(text(40)).max(20).default([]),
});
export type Commitment = z.infer<typeof commitmentSchema>;

export const reportInCreateSchema = z.object({
  kind: z.enum(REPORT_IN_KINDS).default("member"),
  /** the residential community reported to */
  communityCode: areaCodeSchema,
  /** staff recording a member's request; a party member reporting in for themselves leaves it out */
  personId: uuid.optional(),
  /** kind org: the unit's party organisation */
  partyOrgId: uuid.optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  commitment: commitmentSchema.optional(),
});
export type ReportInCreate = z.infer<typeof reportInCreateSchema>;

export const reportInDecideSchema = z.object({ confirm: z.boolean(), reason: z.string().trim().max(500).optional() });

/** What a reported member or organisation did in the community in a year: computed from verified events. */
export const reportInActivitySchema = z.object({
  activitiesAttended: z.number().int(),
  verifiedHours: z.number(),
  wishesFulfilled: z.number().int(),
  contacts: z.number().int(),
  lastActiveAt: z.string().nullable(),
});
export type ReportInActivity = z.infer<typeof reportInActivitySchema>;

export const reportInSchema = z.object({
  id: uuid,
  kind: z.enum(REPORT_IN_KINDS),
  status: z.enum(REPORT_IN_STATUSES),
  communityCode: z.string(),
  communityName: z.string(),
  personId: z.string().nullable(),
  /** the member's name (staff in scope, the member's own org and the member only) */
  personName: z.string().nullable(),
  memberCategory: z.enum(MEMBER_CATEGORIES).nullable(),
  partyOrgId: z.string().nullable(),
  partyOrgName: z.string().nullable(),
  /** the member's own unit (their employer) */
  workUnitName: z.string().nullable(),
  year: z.number().int(),
  commitment: commitmentSchema.nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  activity: reportInActivitySchema,
  abilities: z.object({ decide: z.boolean(), editCommitment: z.boolean() }),
});
export type ReportIn = z.infer<typeof reportInSchema>;

export const reportInListQuerySchema = pageQuerySchema.extend({
  status: z.enum(REPORT_IN_STATUSES).optional(),
  kind: z.enum(REPORT_IN_KINDS).optional(),
  communityCode: areaCodeSchema.optional(),
  year: year.optional(),
  /** only those with no activity in this many days */
  quietDays: z.coerce.number().int().min(1).max(3650).optional(),
  q: z.string().trim().max(40).optional(),
});

// ————————————————————————————————————————— volunteers, teams, stations

export const volunteerCreateSchema = z.object({
  personId: uuid,
  skills: z.array(text(40)).max(20).default([]),
  availability: z.enum(AVAILABILITIES).default("any"),
  /** where they serve (a community or below); defaults to where the person lives */
  areaCode: areaCodeSchema.optional(),
  talentKinds: z.array(z.enum(TALENT_KINDS)).max(3).default([]),
  talentNote: z.string().trim().max(200).optional(),
});
export const volunteerPatchSchema = z.object({
  skills: z.array(text(40)).max(20).optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  areaCode: areaCodeSchema.optional(),
  talentKinds: z.array(z.enum(TALENT_KINDS)).max(3).optional(),
  talentNote: z.string().trim().max(200).nullable().optional(),
  status: z.enum(VOLUNTEER_STATUSES).optional(),
});

export const hoursSummarySchema = z.object({
  /** verified hours of actual service (travel excluded) */
  verifiedHours: z.number(),
  /** recorded but not yet verified */
  pendingHours: z.number(),
  activities: z.number().int(),
  star: z.number().int().min(0).max(5),
  starLabel: z.string(),
  hoursToNextStar: z.number().nullable(),
});
export type HoursSummary = z.infer<typeof hoursSummarySchema>;

export const teamRefSchema = z.object({ id: uuid, name: z.string(), kind: z.enum(TEAM_KINDS) });

export const volunteerSchema = z.object({
  id: uuid,
  /** platform number, shown instead of an ID number */
  number: z.string(),
  personId: uuid,
  name: z.string(),
  /** masked */
  phone: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string(),
  gridId: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.enum(AVAILABILITIES),
  talentKinds: z.array(z.enum(TALENT_KINDS)),
  talentNote: z.string().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  isPartyMember: z.boolean(),
  teams: z.array(teamRefSchema),
  hours: hoursSummarySchema,
  joinedOn: z.string(),
});
export type Volunteer = z.infer<typeof volunteerSchema>;

export const volunteerListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(40).optional(),
  skill: z.string().trim().max(40).optional(),
  gridId: uuid.optional(),
  teamId: uuid.optional(),
  talent: z.enum(TALENT_KINDS).optional(),
  /** only talents (达人/能人/热心人) */
  talentsOnly: boolQuery.optional(),
  areaCode: areaCodeSchema.optional(),
});

/** The public record of a platform number: no name, phone, ID number or address. */
export const publicVolunteerSchema = z.object({
  number: z.string(),
  areaName: z.string(),
  skills: z.array(z.string()),
  teams: z.array(z.object({ name: z.string() })),
  verifiedHours: z.number(),
  activities: z.number().int(),
  star: z.number().int(),
  starLabel: z.string(),
  joinedOn: z.string(),
});

export const teamCreateSchema = z.object({
  name: text(80),
  kind: z.enum(TEAM_KINDS).default("service"),
  areaCode: areaCodeSchema,
  leaderPersonId: uuid.optional(),
  stationId: uuid.optional(),
  description: z.string().trim().max(500).optional(),
});
export const teamPatchSchema = z.object({
  name: text(80).optional(),
  kind: z.enum(TEAM_KINDS).optional(),
  leaderPersonId: uuid.nullable().optional(),
  stationId: uuid.nullable().optional(),
  description: z.string().trim().max(500).nullable().optional(),
  dissolved: z.boolean().optional(),
});
export const teamMembersBodySchema = z.object({ volunteerIds: z.array(uuid).min(1).max(500) });

export const teamSchema = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
  areaCode: z.string(),
  areaName: z.string(),
  leaderPersonId: z.string().nullable(),
  leaderName: z.string().nullable(),
  stationId: z.string().nullable(),
  stationName: z.string().nullable(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
  verifiedHours: z.number(),
  dissolved: z.boolean(),
});
export type Team = z.infer<typeof teamSchema>;
export const teamDetailSchema = teamSchema.extend({
  members: z.array(z.object({ volunteerId: uuid, number: z.string(), name: z.string(), skills: z.array(z.string()) })),
});
export const teamListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(40).optional(),
  kind: z.enum(TEAM_KINDS).optional(),
  areaCode: areaCodeSchema.optional(),
  includeDissolved: boolQuery.optional(),
});

export const stationCreateSchema = z.object({
  name: text(80),
  areaCode: areaCodeSchema,
  leaderPersonId: uuid.optional(),
  place: z.string().trim().max(200).optional(),
});
export const stationSchema = z.object({
  id: uuid,
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  leaderPersonId: z.string().nullable(),
  leaderName: z.string().nullable(),
  place: z.string().nullable(),
  teamCount: z.number().int(),
});

// ————————————————————————————————————————— activities and hours

export const activityCreateSchema = z
  .object({
    title: text(100),
    description: z.string().trim().max(2000).optional(),
    /** the community (or compound) where it happens; scope follows it */
    areaCode: areaCodeSchema,
    place: text(200),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    capacity: z.number().int().min(1).max(10000),
    requiredSkills: z.array(text(40)).max(10).default([]),
    signupMode: z.enum(SIGNUP_MODES).default("instant"),
    teamId: uuid.optional(),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), { path: ["endsAt"], message: "too_small" });
export type ActivityCreate = z.infer<typeof activityCreateSchema>;

export const activitySchema = z.object({
  id: uuid,
  title: z.string(),
  description: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  /** confirmed sign-ups */
  taken: z.number().int(),
  /** requests awaiting confirmation */
  requested: z.number().int(),
  requiredSkills: z.array(z.string()),
  signupMode: z.enum(SIGNUP_MODES),
  status: z.enum(ACTIVITY_STATUSES),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  verified: z.boolean(),
  mySignup: z.object({ id: uuid, status: z.enum(SIGNUP_STATUSES) }).nullable(),
  abilities: z.object({ signUp: z.boolean(), withdraw: z.boolean(), manage: z.boolean() }),
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(40).optional(),
  areaCode: areaCodeSchema.optional(),
  /** upcoming (not ended), past, or all */
  when: z.enum(["upcoming", "past", "all"]).default("upcoming"),
  mine: boolQuery.optional(),
});

export const signupSchema = z.object({
  id: uuid,
  activityId: uuid,
  volunteerId: uuid,
  number: z.string(),
  name: z.string(),
  status: z.enum(SIGNUP_STATUSES),
  attended: z.boolean().nullable(),
  serviceMinutes: z.number().int().nullable(),
  travelMinutes: z.number().int().nullable(),
  verified: z.boolean(),
  createdAt: z.string(),
});
export const signupDecideSchema = z.object({ confirm: z.boolean() });

export const attendanceBodySchema = z.object({
  entries: z
    .array(
      z.object({
        signupId: uuid,
        attended: z.boolean(),
        /** actual service time; travel is recorded apart and never counted */
        serviceMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60),
        travelMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(0),
      }),
    )
    .min(1)
    .max(1000),
});
export const attendanceResultSchema = z.object({ updated: z.number().int() });
export const verifyResultSchema = z.object({ verified: z.number().int(), verifiedHours: z.number() });

export const myVolunteerSchema = z.object({
  volunteer: volunteerSchema.nullable(),
  hours: hoursSummarySchema,
  recent: z.array(
    z.object({
      activityId: uuid,
      title: z.string(),
      startsAt: z.string(),
      serviceMinutes: z.number().int().nullable(),
      verified: z.boolean(),
    }),
  ),
});

// ————————————————————————————————————————— micro-wishes

/** Photos as data URLs (JPEG, PNG or WebP, ≤ 2 MB each), like case photos. */
const photoSchema = z.string().max(2_800_000);

export const wishCreateSchema = z.object({
  title: text(60),
  description: text(1000),
  category: z.enum(WISH_CATEGORIES),
  /** staff posting on behalf (代办): the wisher in the registry */
  personId: uuid.optional(),
  /** the community (or below) of the wisher; for a resident's own post, defaults to where they live */
  areaCode: areaCodeSchema.optional(),
  /** estimated value in yuan */
  estimatedValue: z.number().min(0).max(100000).optional(),
});
export const wishReviewSchema = z.object({ publish: z.boolean(), reason: z.string().trim().max(500).optional() });
export const wishClaimSchema = z.object({
  as: z.enum(CLAIMANT_KINDS).default("person"),
  teamId: uuid.optional(),
});
export const wishFulfilSchema = z.object({ note: text(1000), photos: z.array(photoSchema).max(6).default([]) });
export const wishConfirmSchema = z.object({ comment: z.string().trim().max(500).optional() });

export const wishSchema = z.object({
  id: uuid,
  title: z.string(),
  description: z.string(),
  category: z.enum(WISH_CATEGORIES),
  status: z.enum(WISH_STATUSES),
  /** the community; never the exact address */
  areaCode: z.string(),
  areaName: z.string(),
  estimatedValue: z.number().nullable(),
  /** the wisher: only to staff in scope and to the wisher; null otherwise */
  wisher: z.object({ personId: uuid, name: z.string(), phone: z.string().nullable() }).nullable(),
  postedOnBehalf: z.boolean(),
  claimant: z.object({ kind: z.enum(CLAIMANT_KINDS), label: z.string(), claimedAt: z.string() }).nullable(),
  fulfilment: z.object({ note: z.string(), photos: z.array(z.string()), at: z.string() }).nullable(),
  confirmedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  abilities: z.object({
    review: z.boolean(),
    claim: z.boolean(),
    fulfil: z.boolean(),
    confirm: z.boolean(),
    cancel: z.boolean(),
  }),
});
export type Wish = z.infer<typeof wishSchema>;
export const wishListQuerySchema = pageQuerySchema.extend({
  status: z.enum(WISH_STATUSES).optional(),
  category: z.enum(WISH_CATEGORIES).optional(),
  areaCode: areaCodeSchema.optional(),
  /** the actor's own: posted by them or claimed by them */
  mine: boolQuery.optional(),
});

// ————————————————————————————————————————— pairing

export const pairingCreateSchema = z.object({
  memberPersonId: uuid,
  residentPersonId: uuid,
  kind: z.enum(PAIRING_KINDS),
  note: z.string().trim().max(500).optional(),
});
export const contactCreateSchema = z.object({
  kind: z.enum(CONTACT_KINDS),
  note: z.string().trim().max(1000).optional(),
  /** when it happened; defaults to now, never in the future */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const pairingSchema = z.object({
  id: uuid,
  kind: z.enum(PAIRING_KINDS),
  status: z.enum(PAIRING_STATUSES),
  areaCode: z.string(),
  areaName: z.string(),
  memberPersonId: uuid,
  memberName: z.string(),
  residentPersonId: uuid,
  residentName: z.string(),
  note: z.string().nullable(),
  since: z.string(),
  lastContactAt: z.string().nullable(),
  contactCount: z.number().int(),
  /** days since the last contact (or since pairing) */
  quietDays: z.number().int(),
});
export const pairingDetailSchema = pairingSchema.extend({
  contacts: z.array(z.object({ id: uuid, kind: z.enum(CONTACT_KINDS), note: z.string().nullable(), at: z.string() })),
});
export const pairingListQuerySchema = pageQuerySchema.extend({
  areaCode: areaCodeSchema.optional(),
  quietDays: z.coerce.number().int().min(1).max(3650).optional(),
  status: z.enum(PAIRING_STATUSES).optional(),
});

// ————————————————————————————————————————— points

export const pointRulesSchema = z.object({
  partyOrgId: uuid,
  partyOrgName: z.string(),
  rules: z.array(pointRuleSetSchema.extend({ isDefault: z.boolean() })),
  canEdit: z.boolean(),
});
export const pointRulesPutSchema = z.object({ rules: z.array(pointRuleSetSchema).min(1).max(3) });

export const pointLineSchema = z.object({
  source: z.enum(POINT_SOURCES),
  label: z.string(),
  /** units counted (hours, wishes, cases, items) */
  quantity: z.number(),
  points: z.number(),
  /** the events behind the line */
  details: z.array(z.object({ date: z.string(), title: z.string(), quantity: z.number(), points: z.number() })),
});
export const pointStatementSchema = z.object({
  personId: uuid,
  name: z.string(),
  year: z.number().int(),
  category: z.enum(MEMBER_CATEGORIES),
  partyOrgId: z.string().nullable(),
  partyOrgName: z.string().nullable(),
  rules: pointRuleSetSchema,
  lines: z.array(pointLineSchema),
  total: z.number(),
  /** hours points above the rule set's cap, not counted */
  cappedHoursPoints: z.number(),
  commendationCandidate: z.boolean(),
});
export type PointStatement = z.infer<typeof pointStatementSchema>;
export const pointYearQuerySchema = z.object({ year: year.optional() });

export const pointItemCreateSchema = z.object({
  /** staff or secretary proposing for a member; a member proposing for themselves leaves it out */
  personId: uuid.optional(),
  kind: z.enum(MANUAL_ITEM_KINDS),
  title: text(200),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** kind manual: the points asked for; council/course take the rule set's value */
  points: z.number().min(0).max(100).optional(),
});
export const pointItemDecideSchema = z.object({ approve: z.boolean(), reason: z.string().trim().max(500).optional() });
export const pointItemSchema = z.object({
  id: uuid,
  personId: uuid,
  personName: z.string(),
  partyOrgId: z.string().nullable(),
  kind: z.enum(MANUAL_ITEM_KINDS),
  title: z.string(),
  occurredOn: z.string(),
  points: z.number().nullable(),
  status: z.enum(MANUAL_ITEM_STATUSES),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  abilities: z.object({ decide: z.boolean() }),
});
export const pointItemListQuerySchema = pageQuerySchema.extend({
  partyOrgId: uuid.optional(),
  status: z.enum(MANUAL_ITEM_STATUSES).optional(),
  mine: boolQuery.optional(),
});
export const candidatesSchema = z.object({
  partyOrgId: uuid,
  year: z.number().int(),
  /** members whose points reach their category's threshold, in name order (not a ranking) */
  items: z.array(
    z.object({
      personId: uuid,
      name: z.string(),
      category: z.enum(MEMBER_CATEGORIES),
      total: z.number(),
      threshold: z.number(),
    }),
  ),
});
