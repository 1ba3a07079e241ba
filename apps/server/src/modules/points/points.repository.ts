import { DEFAULT_POINT_RULES, MEMBER_CATEGORIES, type MemberCategory, type PointRuleSet, type PointStatement } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { inScope, personOf } from "../volunteers/identity.js";
import { computeStatement, type PointEvents } from "./points.rules.js";

interface RuleRow {
  category: MemberCategory;
  per_hour: number;
  per_wish: number;
  per_case: number;
  report_in: number;
  per_council: number;
  per_course: number;
  hours_cap: number;
  commendation_threshold: number;
}

const toRules = (r: RuleRow): PointRuleSet => ({
  category: r.category,
  perHour: r.per_hour,
  perWish: r.per_wish,
  perCase: r.per_case,
  reportIn: r.report_in,
  perCouncil: r.per_council,
  perCourse: r.per_course,
  hoursCap: r.hours_cap,
  commendationThreshold: r.commendation_threshold,
});

/** The rule sets of a branch for every member category: its own where set, the platform's defaults elsewhere. */
export async function rulesOf(q: Queryable, orgId: string | null): Promise<Map<MemberCategory, PointRuleSet & { isDefault: boolean }>> {
  const out = new Map<MemberCategory, PointRuleSet & { isDefault: boolean }>();
  for (const c of MEMBER_CATEGORIES) out.set(c, { ...DEFAULT_POINT_RULES[c], isDefault: true });
  if (!orgId) return out;
  const { rows } = await q.query<RuleRow>("SELECT * FROM point_rule_sets WHERE party_org_id = $1", [orgId]);
  for (const r of rows) out.set(r.category, { ...toRules(r), isDefault: false });
  return out;
}

/** Whether the actor manages a branch's points: staff with points.manage whose scope holds it, or its secretary. */
export async function managesOrg(q: Queryable, actor: Actor, orgId: string): Promise<boolean> {
  const { rows } = await q.query<{ area_code: string; secretary_person_id: string | null }>(
    "SELECT area_code, secretary_person_id FROM party_orgs WHERE id = $1",
    [orgId],
  );
  const o = rows[0];
  if (!o) return false;
  if (actor.permissions.has("points.manage") && inScope(actor, o.area_code)) return true;
  const self = await personOf(q, actor);
  return !!self && self === o.secretary_person_id;
}

export interface MemberRow {
  person_id: string;
  name: string;
  category: MemberCategory;
  branch_id: string | null;
  branch_name: string | null;
}

export async function memberRow(q: Queryable, personId: string): Promise<MemberRow | null> {
  const { rows } = await q.query<MemberRow>(
    `SELECT pm.person_id, p.name, pm.category, pm.branch_id, o.name AS branch_name
       FROM party_members pm JOIN people p ON p.id = pm.person_id LEFT JOIN party_orgs o ON o.id = pm.branch_id WHERE pm.person_id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

const empty = (): PointEvents => ({ hours: [], wishes: [], cases: [], reportIns: [], items: [] });

/**
 * The verified contributions of several members in a year (China time), in five set-based queries: verified
 * service time, confirmed wishes they claimed, closed cases of the volunteer teams they serve in, confirmed
 * report-ins, and approved manual items.
 */
export async function eventsOf(q: Queryable, personIds: readonly string[], year: number): Promise<Map<string, PointEvents>> {
  const out = new Map<string, PointEvents>();
  for (const id of personIds) out.set(id, empty());
  if (!personIds.length) return out;
  const ids = [...personIds];
  // China time is UTC+8 all year.
  const yearOf = (col: string) => `extract(year FROM (${col}) AT TIME ZONE 'UTC' + interval '8 hours')::int = $2`;
  const day = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')`;
  const hours = await q.query<{ person_id: string; date: string; title: string; minutes: number }>(
    `SELECT v.person_id, ${day("a.starts_at")} AS date, a.title, s.service_minutes AS minutes
       FROM volunteers v JOIN activity_signups s ON s.volunteer_id = v.id JOIN activities a ON a.id = s.activity_id
      WHERE v.person_id = ANY($1::uuid[]) AND s.status = 'confirmed' AND s.attended AND s.verified_at IS NOT NULL
        AND s.service_minutes > 0 AND ${yearOf("a.starts_at")}
      ORDER BY a.starts_at`,
    [ids, year],
  );
  for (const r of hours.rows) out.get(r.person_id)!.hours.push({ date: r.date, title: r.title, minutes: r.minutes });
  const wishes = await q.query<{ person_id: string; date: string; title: string }>(
    `SELECT w.claimant_person_id AS person_id, ${day("w.confirmed_at")} AS date, w.title
       FROM wishes w WHERE w.claimant_person_id = ANY($1::uuid[]) AND w.status = 'confirmed' AND ${yearOf("w.confirmed_at")}
      ORDER BY w.confirmed_at`,
    [ids, year],
  );
  for (const r of wishes.rows) out.get(r.person_id)!.wishes.push({ date: r.date, title: r.title });
  const cases = await q.query<{ person_id: string; date: string; title: string }>(
    `SELECT DISTINCT ON (v.person_id, c.id) v.person_id, ${day("c.closed_at")} AS date, c.title
       FROM volunteers v JOIN volunteer_team_members m ON m.volunteer_id = v.id
       JOIN cases c ON c.handler_kind = 'volunteer_team' AND c.handler_ref = m.team_id::text
      WHERE v.person_id = ANY($1::uuid[]) AND c.status = 'closed' AND c.closed_at IS NOT NULL AND ${yearOf("c.closed_at")}
      ORDER BY v.person_id, c.id`,
    [ids, year],
  );
  for (const r of cases.rows) out.get(r.person_id)!.cases.push({ date: r.date, title: r.title });
  const reportIns = await q.query<{ person_id: string; date: string; title: string }>(
    `SELECT r.person_id, ${day("coalesce(r.decided_at, r.requested_at)")} AS date, '到' || a.name || '报到' AS title
       FROM report_ins r JOIN areas a ON a.code = r.community_code
      WHERE r.person_id = ANY($1::uuid[]) AND r.kind = 'member' AND r.status = 'confirmed' AND r.year = $2`,
    [ids, year],
  );
  for (const r of reportIns.rows) out.get(r.person_id)!.reportIns.push({ date: r.date, title: r.title });
  const items = await q.query<{
    person_id: string;
    date: string;
    title: string;
    kind: "council" | "course" | "manual";
    points: number | null;
  }>(
    `SELECT person_id, to_char(occurred_on, 'YYYY-MM-DD') AS date, title, kind, points FROM point_items
      WHERE person_id = ANY($1::uuid[]) AND status = 'approved' AND extract(year FROM occurred_on)::int = $2 ORDER BY occurred_on`,
    [ids, year],
  );
  for (const r of items.rows) out.get(r.person_id)!.items.push({ date: r.date, title: r.title, kind: r.kind, points: r.points });
  return out;
}

/** A member's yearly statement under their branch's rule set for their category. */
export async function statementOf(q: Queryable, m: MemberRow, year: number): Promise<PointStatement> {
  const rules = (await rulesOf(q, m.branch_id)).get(m.category)!;
  const events = (await eventsOf(q, [m.person_id], year)).get(m.person_id)!;
  const { isDefault: _d, ...r } = rules;
  const s = computeStatement(r, events);
  return {
    personId: m.person_id,
    name: m.name,
    year,
    category: m.category,
    partyOrgId: m.branch_id,
    partyOrgName: m.branch_name,
    rules: r,
    ...s,
  };
}
