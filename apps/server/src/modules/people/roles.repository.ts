import type { communityWorkerInfoSchema, leaderPairingSchema, partyMemberInfoSchema } from "@gongzhi/contracts";
import type { z } from "zod";
import type { Queryable } from "../../db/client.js";

export type PartyMemberInfo = z.infer<typeof partyMemberInfoSchema>;
export type CommunityWorkerInfo = z.infer<typeof communityWorkerInfoSchema>;
export type LeaderPairing = z.infer<typeof leaderPairingSchema>;

/** A person's party membership (党员): category, branch, and the community an in-service member reported to (双报到). */
export async function findPartyMember(q: Queryable, personId: string): Promise<PartyMemberInfo | null> {
  const { rows } = await q.query<PartyMemberInfo>(
    `SELECT pm.category, pm.branch_id AS "branchId", b.name AS "branchName", to_char(pm.joined_on, 'YYYY-MM-DD') AS "joinedOn",
            pm.work_unit_id AS "workUnitId", pm.reported_community_code AS "reportedCommunityCode",
            to_char(pm.reported_on, 'YYYY-MM-DD') AS "reportedOn"
       FROM party_members pm LEFT JOIN party_orgs b ON b.id = pm.branch_id WHERE pm.person_id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

export async function savePartyMember(q: Queryable, personId: string, m: PartyMemberInfo): Promise<void> {
  await q.query(
    `INSERT INTO party_members (person_id, category, branch_id, joined_on, work_unit_id, reported_community_code, reported_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (person_id) DO UPDATE SET category = EXCLUDED.category, branch_id = EXCLUDED.branch_id, joined_on = EXCLUDED.joined_on,
       work_unit_id = EXCLUDED.work_unit_id, reported_community_code = EXCLUDED.reported_community_code, reported_on = EXCLUDED.reported_on`,
    [personId, m.category, m.branchId, m.joinedOn, m.workUnitId, m.reportedCommunityCode, m.reportedOn],
  );
}

/** A person's post as a community worker (社区工作者): community, education, credential, post and grade (职级). */
export async function findCommunityWorker(q: Queryable, personId: string): Promise<CommunityWorkerInfo | null> {
  const { rows } = await q.query<CommunityWorkerInfo>(
    `SELECT area_code AS "areaCode", education, social_work_credential AS "socialWorkCredential", post, grade,
            to_char(started_on, 'YYYY-MM-DD') AS "startedOn"
       FROM community_workers WHERE person_id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

export async function saveCommunityWorker(q: Queryable, personId: string, w: CommunityWorkerInfo): Promise<void> {
  await q.query(
    `INSERT INTO community_workers (person_id, area_code, education, social_work_credential, post, grade, started_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (person_id) DO UPDATE SET area_code = EXCLUDED.area_code, education = EXCLUDED.education,
       social_work_credential = EXCLUDED.social_work_credential, post = EXCLUDED.post, grade = EXCLUDED.grade, started_on = EXCLUDED.started_on`,
    [personId, w.areaCode, w.education, w.socialWorkCredential, w.post, w.grade, w.startedOn],
  );
}

/** The communities a leader is paired with (结对联系), by area code. */
export async function findLeaderPairings(q: Queryable, personId: string): Promise<LeaderPairing[]> {
  const { rows } = await q.query<LeaderPairing>(
    `SELECT lp.area_code AS "areaCode", a.name AS "areaName", lp.title, to_char(lp.since, 'YYYY-MM-DD') AS since
       FROM leader_pairings lp LEFT JOIN areas a ON a.code = lp.area_code WHERE lp.person_id = $1 ORDER BY lp.area_code`,
    [personId],
  );
  return rows;
}

/** Replaces the pairings of a person whose area starts with `prefix` (those the actor may see) by `pairings`. */
export async function replaceLeaderPairings(q: Queryable, personId: string, prefix: string, pairings: LeaderPairing[]): Promise<void> {
  await q.query("DELETE FROM leader_pairings WHERE person_id = $1 AND area_code LIKE $2", [personId, `${prefix}%`]);
  for (const p of pairings) {
    await q.query("INSERT INTO leader_pairings (person_id, area_code, title, since) VALUES ($1, $2, $3, $4)", [
      personId,
      p.areaCode,
      p.title,
      p.since,
    ]);
  }
}

/** The grids whose worker the person is. */
export async function gridIdsOf(q: Queryable, personId: string): Promise<string[]> {
  return (await q.query<{ id: string }>("SELECT id FROM grids WHERE worker_person_id = $1 ORDER BY code", [personId])).rows.map(
    (r) => r.id,
  );
}

/** Removes a person's row from a role table; returns whether there was one. */
export async function deleteRole(q: Queryable, table: "party_members" | "community_workers", personId: string): Promise<boolean> {
  const res = await q.query(`DELETE FROM ${table} WHERE person_id = $1`, [personId]);
  return res.rowCount > 0;
}
