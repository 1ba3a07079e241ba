import type { publicVolunteerSchema, stationSchema, Team, Volunteer, volunteerListQuerySchema } from "@gongzhi/contracts";
import type { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { maskPhone, type Vault } from "../../platform/crypto.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { hoursOf } from "./hours.repository.js";

export interface VolunteerRow {
  id: string;
  number: string;
  person_id: string;
  name: string;
  phone_enc: string | null;
  area_code: string;
  area_name: string;
  grid_id: string | null;
  skills: string[];
  availability: Volunteer["availability"];
  talent_kinds: Volunteer["talentKinds"];
  talent_note: string | null;
  status: Volunteer["status"];
  is_party_member: boolean;
  joined_on: string;
}

export const VOLUNTEER_SELECT = `
  SELECT v.id, v.number, v.person_id, p.name, p.phone_enc, v.area_code, ar.name AS area_name, v.grid_id, v.skills,
         v.availability, v.talent_kinds, v.talent_note, v.status, to_char(v.joined_on, 'YYYY-MM-DD') AS joined_on,
         EXISTS (SELECT 1 FROM party_members pm WHERE pm.person_id = v.person_id) AS is_party_member
    FROM volunteers v JOIN people p ON p.id = v.person_id JOIN areas ar ON ar.code = v.area_code`;

/** Teams of each volunteer. */
export async function teamsOfVolunteers(q: Queryable, ids: readonly string[]): Promise<Map<string, Volunteer["teams"]>> {
  const out = new Map<string, Volunteer["teams"]>();
  if (!ids.length) return out;
  const { rows } = await q.query<{ volunteer_id: string; id: string; name: string; kind: Team["kind"] }>(
    `SELECT m.volunteer_id, t.id, t.name, t.kind FROM volunteer_team_members m JOIN volunteer_teams t ON t.id = m.team_id
      WHERE m.volunteer_id = ANY($1::uuid[]) AND t.dissolved_at IS NULL ORDER BY t.name`,
    [[...ids]],
  );
  for (const r of rows) {
    const list = out.get(r.volunteer_id) ?? [];
    list.push({ id: r.id, name: r.name, kind: r.kind });
    out.set(r.volunteer_id, list);
  }
  return out;
}

/** Volunteers as the API shows them to staff: the phone masked, never an ID number. */
export async function toVolunteers(q: Queryable, vault: Vault, rows: VolunteerRow[]): Promise<Volunteer[]> {
  const ids = rows.map((r) => r.id);
  const [hours, teams] = await Promise.all([hoursOf(q, ids), teamsOfVolunteers(q, ids)]);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    personId: r.person_id,
    name: r.name,
    phone: r.phone_enc ? maskPhone(vault.decrypt(r.phone_enc)) : null,
    areaCode: r.area_code,
    areaName: r.area_name,
    gridId: r.grid_id,
    skills: r.skills,
    availability: r.availability,
    talentKinds: r.talent_kinds,
    talentNote: r.talent_note,
    status: r.status,
    isPartyMember: r.is_party_member,
    teams: teams.get(r.id) ?? [],
    hours: hours.get(r.id)!,
    joinedOn: r.joined_on,
  }));
}

export async function listVolunteers(
  q: Queryable,
  actor: Actor,
  f: z.infer<typeof volunteerListQuerySchema>,
): Promise<{ rows: VolunteerRow[]; total: number }> {
  const w = new Where().scope(actor, "v.area_code");
  if (f.areaCode) w.subtree("v.area_code", f.areaCode);
  if (f.q) w.and("(p.name LIKE '%' || ? || '%' OR v.number = upper(?))", f.q);
  if (f.skill) w.and("EXISTS (SELECT 1 FROM unnest(v.skills) s WHERE s LIKE ?)", `%${f.skill}%`);
  if (f.gridId) w.and("v.grid_id = ?", f.gridId);
  if (f.teamId) w.and("EXISTS (SELECT 1 FROM volunteer_team_members m WHERE m.volunteer_id = v.id AND m.team_id = ?)", f.teamId);
  if (f.talent) w.and("? = ANY(v.talent_kinds)", f.talent);
  if (f.talentsOnly) w.raw("cardinality(v.talent_kinds) > 0");
  return pageQuery<VolunteerRow>(q, w, f, {
    from: "volunteers v JOIN people p ON p.id = v.person_id",
    rows: (cond, limit) => `${VOLUNTEER_SELECT} WHERE ${cond} ORDER BY v.number ${limit}`,
  });
}

export async function findVolunteer(q: Queryable, actor: Actor, id: string): Promise<VolunteerRow | null> {
  const w = new Where().scope(actor, "v.area_code").and("v.id = ?", id);
  return (await q.query<VolunteerRow>(`${VOLUNTEER_SELECT} WHERE ${w.sql}`, w.params)).rows[0] ?? null;
}

export async function volunteerOfPerson(q: Queryable, personId: string): Promise<VolunteerRow | null> {
  return (await q.query<VolunteerRow>(`${VOLUNTEER_SELECT} WHERE v.person_id = $1`, [personId])).rows[0] ?? null;
}

/** The public record of a platform number: counts and skills, nothing that names the person. */
export async function publicVolunteer(q: Queryable, number: string): Promise<z.infer<typeof publicVolunteerSchema> | null> {
  const { rows } = await q.query<{ id: string; number: string; area_name: string; skills: string[]; joined_on: string }>(
    `SELECT v.id, v.number, ar.name AS area_name, v.skills, to_char(v.joined_on, 'YYYY-MM-DD') AS joined_on
       FROM volunteers v JOIN areas ar ON ar.code = v.area_code WHERE v.number = $1 AND v.status = 'active'`,
    [number.trim().toUpperCase()],
  );
  const v = rows[0];
  if (!v) return null;
  const [hours, teams] = await Promise.all([hoursOf(q, [v.id]), teamsOfVolunteers(q, [v.id])]);
  const h = hours.get(v.id)!;
  return {
    number: v.number,
    areaName: v.area_name,
    skills: v.skills,
    teams: (teams.get(v.id) ?? []).map((t) => ({ name: t.name })),
    verifiedHours: h.verifiedHours,
    activities: h.activities,
    star: h.star,
    starLabel: h.starLabel,
    joinedOn: v.joined_on,
  };
}

// ————————————————————————————————————————— teams and stations

export interface TeamRow {
  id: string;
  name: string;
  kind: Team["kind"];
  area_code: string;
  area_name: string;
  leader_person_id: string | null;
  leader_name: string | null;
  station_id: string | null;
  station_name: string | null;
  description: string | null;
  member_count: number;
  verified_minutes: number;
  dissolved_at: Date | null;
}

export const TEAM_SELECT = `
  SELECT t.id, t.name, t.kind, t.area_code, ar.name AS area_name, t.leader_person_id, lp.name AS leader_name,
         t.station_id, st.name AS station_name, t.description, t.dissolved_at,
         (SELECT count(*)::int FROM volunteer_team_members m WHERE m.team_id = t.id) AS member_count,
         (SELECT coalesce(sum(s.service_minutes), 0)::int FROM activities a JOIN activity_signups s ON s.activity_id = a.id
           WHERE a.team_id = t.id AND s.status = 'confirmed' AND s.attended AND s.verified_at IS NOT NULL) AS verified_minutes
    FROM volunteer_teams t JOIN areas ar ON ar.code = t.area_code
    LEFT JOIN people lp ON lp.id = t.leader_person_id LEFT JOIN volunteer_stations st ON st.id = t.station_id`;

export const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  areaCode: r.area_code,
  areaName: r.area_name,
  leaderPersonId: r.leader_person_id,
  leaderName: r.leader_name,
  stationId: r.station_id,
  stationName: r.station_name,
  description: r.description,
  memberCount: r.member_count,
  verifiedHours: Math.round((r.verified_minutes / 60) * 100) / 100,
  dissolved: !!r.dissolved_at,
});

export async function findTeam(q: Queryable, actor: Actor, id: string): Promise<TeamRow | null> {
  const w = new Where().scope(actor, "t.area_code").and("t.id = ?", id);
  return (await q.query<TeamRow>(`${TEAM_SELECT} WHERE ${w.sql}`, w.params)).rows[0] ?? null;
}

export interface StationRow {
  id: string;
  name: string;
  area_code: string;
  area_name: string;
  leader_person_id: string | null;
  leader_name: string | null;
  place: string | null;
  team_count: number;
}

export const STATION_SELECT = `
  SELECT s.id, s.name, s.area_code, ar.name AS area_name, s.leader_person_id, lp.name AS leader_name, s.place,
         (SELECT count(*)::int FROM volunteer_teams t WHERE t.station_id = s.id AND t.dissolved_at IS NULL) AS team_count
    FROM volunteer_stations s JOIN areas ar ON ar.code = s.area_code LEFT JOIN people lp ON lp.id = s.leader_person_id`;

export const toStation = (r: StationRow): z.infer<typeof stationSchema> => ({
  id: r.id,
  name: r.name,
  areaCode: r.area_code,
  areaName: r.area_name,
  leaderPersonId: r.leader_person_id,
  leaderName: r.leader_name,
  place: r.place,
  teamCount: r.team_count,
});
