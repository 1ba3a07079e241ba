// Types, enumerations and data hooks of party members and volunteers at work (双报到, volunteers and teams,
// activities and hours, micro-wishes, pairing, points). Shared by the console and the phone entry: no antd here.
import type {
  Activity,
  activitySchema,
  candidatesSchema,
  HoursSummary,
  myVolunteerSchema,
  PointStatement,
  pairingDetailSchema,
  pairingSchema,
  pointItemSchema,
  pointLineSchema,
  pointRulesSchema,
  publicVolunteerSchema,
  ReportIn,
  signupSchema,
  stationSchema,
  Team,
  teamDetailSchema,
  Volunteer,
  Wish,
} from "@gongzhi/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, buildUrl } from "../../shared/api";
import type { Page } from "../../shared/types";

export type { Activity, HoursSummary, PointStatement, ReportIn, Team, Volunteer, Wish };
export type ActivityStatusValue = (typeof activitySchema)["_output"]["status"];
export type Signup = (typeof signupSchema)["_output"];
export type Station = (typeof stationSchema)["_output"];
export type TeamDetail = (typeof teamDetailSchema)["_output"];
export type MyVolunteer = (typeof myVolunteerSchema)["_output"];
export type PublicVolunteer = (typeof publicVolunteerSchema)["_output"];
export type Pairing = (typeof pairingSchema)["_output"];
export type PairingDetail = (typeof pairingDetailSchema)["_output"];
export type PointItem = (typeof pointItemSchema)["_output"];
export type PointLine = (typeof pointLineSchema)["_output"];
export type PointRules = (typeof pointRulesSchema)["_output"];
export type PointRuleSet = PointRules["rules"][number];
export type Candidates = (typeof candidatesSchema)["_output"];

// Enumerations mirrored from the contracts (volunteers.ts) so the bundles do not pull in zod; the assertions
// below break the build if the contracts change. Their labels are in the locale files under `volunteers.enums`.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertTrue = <T extends true>(value: T): T => value;

export const WISH_CATEGORIES = ["elderly_alone", "disabled", "children_difficulty", "low_income", "serious_illness", "other"] as const;
assertTrue<Exact<(typeof WISH_CATEGORIES)[number], Wish["category"]>>(true);
export const WISH_STATUSES = ["submitted", "declined", "published", "claimed", "fulfilled", "confirmed", "cancelled"] as const;
assertTrue<Exact<(typeof WISH_STATUSES)[number], Wish["status"]>>(true);
export const CLAIMANT_KINDS = ["person", "team", "unit"] as const;
assertTrue<Exact<(typeof CLAIMANT_KINDS)[number], NonNullable<Wish["claimant"]>["kind"]>>(true);
export const REPORT_IN_KINDS = ["member", "org"] as const;
assertTrue<Exact<(typeof REPORT_IN_KINDS)[number], ReportIn["kind"]>>(true);
export const REPORT_IN_STATUSES = ["requested", "confirmed", "declined", "withdrawn"] as const;
assertTrue<Exact<(typeof REPORT_IN_STATUSES)[number], ReportIn["status"]>>(true);
export const MEMBER_CATEGORIES = ["in_service", "retired", "mobile"] as const;
assertTrue<Exact<(typeof MEMBER_CATEGORIES)[number], PointStatement["category"]>>(true);
export const TALENT_KINDS = ["expert", "capable", "warm_hearted"] as const;
assertTrue<Exact<(typeof TALENT_KINDS)[number], Volunteer["talentKinds"][number]>>(true);
export const AVAILABILITIES = ["weekday_day", "weekday_evening", "weekend", "any"] as const;
assertTrue<Exact<(typeof AVAILABILITIES)[number], Volunteer["availability"]>>(true);
export const TEAM_KINDS = ["service", "patrol", "professional", "party_vanguard"] as const;
assertTrue<Exact<(typeof TEAM_KINDS)[number], Team["kind"]>>(true);
export const SIGNUP_MODES = ["instant", "request"] as const;
assertTrue<Exact<(typeof SIGNUP_MODES)[number], Activity["signupMode"]>>(true);
export const SIGNUP_STATUSES = ["requested", "confirmed", "declined", "withdrawn"] as const;
assertTrue<Exact<(typeof SIGNUP_STATUSES)[number], Signup["status"]>>(true);
export const PAIRING_KINDS = ["elderly_alone", "disabled", "children_difficulty", "low_income", "other"] as const;
assertTrue<Exact<(typeof PAIRING_KINDS)[number], Pairing["kind"]>>(true);
export const CONTACT_KINDS = ["visit", "call", "help"] as const;
assertTrue<Exact<(typeof CONTACT_KINDS)[number], PairingDetail["contacts"][number]["kind"]>>(true);
export const POINT_SOURCES = ["hours", "wish", "case", "report_in", "council", "course", "manual"] as const;
assertTrue<Exact<(typeof POINT_SOURCES)[number], PointLine["source"]>>(true);
export const MANUAL_ITEM_KINDS = ["council", "course", "manual"] as const;
assertTrue<Exact<(typeof MANUAL_ITEM_KINDS)[number], PointItem["kind"]>>(true);
export const MANUAL_ITEM_STATUSES = ["pending", "approved", "declined"] as const;
assertTrue<Exact<(typeof MANUAL_ITEM_STATUSES)[number], PointItem["status"]>>(true);
/** Skills offered on most forms; any other skill may be typed in. */
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
/** Star levels at these verified hours (mirrors STAR_THRESHOLDS_HOURS). */
export const STAR_THRESHOLDS_HOURS = [100, 300, 600, 1000, 1500] as const;

export const WISH_STATUS_COLORS: Record<Wish["status"], string> = {
  submitted: "gold",
  declined: "red",
  published: "blue",
  claimed: "processing",
  fulfilled: "cyan",
  confirmed: "green",
  cancelled: "default",
};

/** The keys under which each list is cached; a write invalidates the whole family. */
export const vKeys = {
  wishes: ["wishes"] as const,
  reportIns: ["report-ins"] as const,
  volunteers: ["volunteers"] as const,
  teams: ["volunteer-teams"] as const,
  stations: ["volunteer-stations"] as const,
  activities: ["activities"] as const,
  pairings: ["pairings"] as const,
  points: ["points"] as const,
};

type Query = Record<string, string | number | boolean | undefined>;

function useList<T>(key: readonly string[], path: string, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...key, "list", path, query],
    queryFn: ({ signal }) => api<Page<T>>(path, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useOne<T>(key: readonly string[], path: string | null) {
  return useQuery({
    queryKey: [...key, "one", path],
    queryFn: ({ signal }) => api<T>(path as string, { signal }),
    enabled: !!path,
  });
}

// ————————————————————————————————————————— micro-wishes

export const useWishes = (query: Query, enabled = true) => useList<Wish>(vKeys.wishes, "/api/v1/wishes", query, enabled);
export const useWish = (id: string | null) => useOne<Wish>(vKeys.wishes, id ? `/api/v1/wishes/${id}` : null);

// ————————————————————————————————————————— 双报到

export const useReportIns = (query: Query, enabled = true) => useList<ReportIn>(vKeys.reportIns, "/api/v1/report-ins", query, enabled);
export function useMyReportIns() {
  return useQuery({
    queryKey: [...vKeys.reportIns, "mine"],
    queryFn: ({ signal }) => api<{ items: ReportIn[] } | ReportIn[]>("/api/v1/report-ins/mine", { signal }),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
}

// ————————————————————————————————————————— volunteers, teams, stations

export const useVolunteers = (query: Query, enabled = true) => useList<Volunteer>(vKeys.volunteers, "/api/v1/volunteers", query, enabled);
export const useVolunteer = (id: string | null) => useOne<Volunteer>(vKeys.volunteers, id ? `/api/v1/volunteers/${id}` : null);
export const useTeams = (query: Query, enabled = true) => useList<Team>(vKeys.teams, "/api/v1/volunteer-teams", query, enabled);
export const useTeam = (id: string | null) => useOne<TeamDetail>(vKeys.teams, id ? `/api/v1/volunteer-teams/${id}` : null);
export const useStations = (query: Query, enabled = true) => useList<Station>(vKeys.stations, "/api/v1/volunteer-stations", query, enabled);
export function useMyVolunteer() {
  return useQuery({
    queryKey: [...vKeys.volunteers, "me"],
    queryFn: ({ signal }) => api<MyVolunteer>("/api/v1/volunteers/me", { signal }),
  });
}
export const MY_SERVICE_RECORD_URL = "/api/v1/volunteers/me/service-record.xlsx";
export const serviceRecordUrl = (id: string) => `/api/v1/volunteers/${id}/service-record.xlsx`;

// ————————————————————————————————————————— activities

export const useActivities = (query: Query, enabled = true) => useList<Activity>(vKeys.activities, "/api/v1/activities", query, enabled);
export const useActivity = (id: string | null) => useOne<Activity>(vKeys.activities, id ? `/api/v1/activities/${id}` : null);
export function useSignups(activityId: string | null) {
  return useQuery({
    queryKey: [...vKeys.activities, "signups", activityId],
    queryFn: ({ signal }) => api<{ items: Signup[] } | Signup[]>(`/api/v1/activities/${activityId}/signups`, { signal }),
    select: (d) => (Array.isArray(d) ? d : d.items),
    enabled: !!activityId,
  });
}

// ————————————————————————————————————————— pairing

export const usePairings = (query: Query, enabled = true) => useList<Pairing>(vKeys.pairings, "/api/v1/pairings", query, enabled);
export const usePairing = (id: string | null) => useOne<PairingDetail>(vKeys.pairings, id ? `/api/v1/pairings/${id}` : null);
export function useMyPairings() {
  return useQuery({
    queryKey: [...vKeys.pairings, "mine"],
    queryFn: ({ signal }) => api<{ items: Pairing[] } | Pairing[]>("/api/v1/pairings/mine", { signal }),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
}

// ————————————————————————————————————————— points

export function useMyPoints(year: number) {
  return useQuery({
    queryKey: [...vKeys.points, "mine", year],
    queryFn: ({ signal }) => api<PointStatement>("/api/v1/points/mine", { query: { year }, signal }),
  });
}
export function useMemberPoints(personId: string | null, year: number) {
  return useQuery({
    queryKey: [...vKeys.points, "member", personId, year],
    queryFn: ({ signal }) => api<PointStatement>(`/api/v1/points/members/${personId}`, { query: { year }, signal }),
    enabled: !!personId,
  });
}
export const usePointRules = (partyOrgId: string | null) =>
  useOne<PointRules>(vKeys.points, partyOrgId ? `/api/v1/points/rules/${partyOrgId}` : null);
export function useCandidates(partyOrgId: string | null, year: number) {
  return useQuery({
    queryKey: [...vKeys.points, "candidates", partyOrgId, year],
    queryFn: ({ signal }) => api<Candidates>(`/api/v1/points/candidates/${partyOrgId}`, { query: { year }, signal }),
    enabled: !!partyOrgId,
  });
}
export const usePointItems = (query: Query, enabled = true) => useList<PointItem>(vKeys.points, "/api/v1/points/items", query, enabled);

// ————————————————————————————————————————— writes

/** A write to the API that refreshes the lists it may change once it succeeds. */
export function useVPost<B = unknown, R = unknown>(invalidate: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body, method = "POST" }: { path: string; body?: B; method?: "POST" | "PUT" | "PATCH" | "DELETE" }) =>
      api<R>(path, { method, body: body ?? (method === "DELETE" ? undefined : {}) }),
    onSuccess: () => {
      for (const key of invalidate) void client.invalidateQueries({ queryKey: key });
    },
  });
}

export { buildUrl };

/** The current calendar year (points run by year). */
export function thisYear(): number {
  return new Date().getFullYear();
}

/** Hours with at most one decimal, e.g. 12.5. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return "—";
  return String(Math.round(hours * 10) / 10);
}

/** Points with at most one decimal. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 10) / 10);
}
