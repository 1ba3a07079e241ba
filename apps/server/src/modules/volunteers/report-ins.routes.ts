import {
  commitmentSchema,
  pageOf,
  type ReportIn,
  reportInCreateSchema,
  reportInDecideSchema,
  reportInListQuerySchema,
  reportInSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { notifyAccounts } from "../notifications/notifications.repository.js";
import { toHours } from "./hours.rules.js";
import { accountsOfPeople, chinaYear, inScope, personOf, requirePerson, staffOver } from "./identity.js";

const tags = ["report-ins"];
const idParams = z.object({ id: z.string().uuid() });

interface ReportInRow {
  id: string;
  kind: ReportIn["kind"];
  status: ReportIn["status"];
  community_code: string;
  community_name: string;
  person_id: string | null;
  person_name: string | null;
  member_category: ReportIn["memberCategory"];
  party_org_id: string | null;
  party_org_name: string | null;
  work_unit_name: string | null;
  year: number;
  commitment_hours: number | null;
  commitment_tasks: string[];
  commitment_skills: string[];
  requested_at: Date;
  decided_at: Date | null;
  decline_reason: string | null;
  attended: number;
  minutes: number;
  wishes: number;
  contacts: number;
  last_active_at: Date | null;
}

/**
 * The people whose work counts for a report-in: the member, or the members of the reporting organisation.
 * What they did counts when it happened in the community reported to: attended activities (verified time),
 * wishes fulfilled there, contacts with residents paired with them there.
 */
const WHO = `(SELECT r.person_id WHERE r.person_id IS NOT NULL
              UNION ALL SELECT pm.person_id FROM party_members pm WHERE r.party_org_id IS NOT NULL AND pm.branch_id = r.party_org_id)`;

export const REPORT_IN_ACTIVITY = `
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE s.verified_at IS NOT NULL AND extract(year FROM a.starts_at) = r.year)::int AS attended,
           coalesce(sum(s.service_minutes) FILTER (WHERE s.verified_at IS NOT NULL AND extract(year FROM a.starts_at) = r.year), 0)::int AS minutes,
           max(a.ends_at) AS last_at
      FROM volunteers v JOIN activity_signups s ON s.volunteer_id = v.id AND s.status = 'confirmed' AND s.attended
      JOIN activities a ON a.id = s.activity_id
     WHERE v.person_id IN ${WHO} AND a.area_code LIKE r.community_code || '%') act ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE extract(year FROM w.fulfilled_at) = r.year)::int AS wishes, max(w.fulfilled_at) AS last_at
      FROM wishes w
     WHERE w.status IN ('fulfilled','confirmed') AND w.area_code LIKE r.community_code || '%'
       AND (w.claimant_person_id IN ${WHO}
            OR (r.party_org_id IS NOT NULL AND w.claimant_unit_id IN (SELECT u.id FROM units u WHERE u.party_org_id = r.party_org_id)))) wi ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE extract(year FROM c.at) = r.year)::int AS contacts, max(c.at) AS last_at
      FROM pairings pr JOIN pairing_contacts c ON c.pairing_id = pr.id
     WHERE pr.member_person_id IN ${WHO} AND pr.area_code LIKE r.community_code || '%') co ON true`;

const REPORT_IN_SELECT = `
  SELECT r.id, r.kind, r.status, r.community_code, ca.name AS community_name, r.person_id, p.name AS person_name,
         pm.category AS member_category, coalesce(r.party_org_id, pm.branch_id) AS party_org_id, po.name AS party_org_name,
         wu.name AS work_unit_name, r.year, r.commitment_hours, r.commitment_tasks, r.commitment_skills, r.requested_at,
         r.decided_at, r.decline_reason,
         act.attended, act.minutes, wi.wishes, co.contacts,
         nullif(greatest(coalesce(act.last_at, '-infinity'), coalesce(wi.last_at, '-infinity'), coalesce(co.last_at, '-infinity')), '-infinity') AS last_active_at
    FROM report_ins r JOIN areas ca ON ca.code = r.community_code
    LEFT JOIN people p ON p.id = r.person_id
    LEFT JOIN party_members pm ON pm.person_id = r.person_id
    LEFT JOIN party_orgs po ON po.id = coalesce(r.party_org_id, pm.branch_id)
    LEFT JOIN units wu ON wu.id = coalesce(pm.work_unit_id, po.unit_id)
    ${REPORT_IN_ACTIVITY}`;

/** The condition "nothing done for `days` days": no activity since, and reported in before then. */
const QUIET_SQL = `coalesce(greatest(act.last_at, wi.last_at, co.last_at), r.decided_at, r.requested_at) < now() - make_interval(days => ?)`;

const manages = (actor: Actor, r: { community_code: string }) =>
  actor.permissions.has("volunteers.manage") && inScope(actor, r.community_code);

function toReportIn(r: ReportInRow, actor: Actor, self: string | null): ReportIn {
  const own = !!self && self === r.person_id;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    communityCode: r.community_code,
    communityName: r.community_name,
    personId: r.person_id,
    personName: r.person_name,
    memberCategory: r.member_category,
    partyOrgId: r.party_org_id,
    partyOrgName: r.party_org_name,
    workUnitName: r.work_unit_name,
    year: r.year,
    commitment:
      r.commitment_hours === null && !r.commitment_tasks.length && !r.commitment_skills.length
        ? null
        : { hours: r.commitment_hours ?? 0, tasks: r.commitment_tasks, skills: r.commitment_skills },
    requestedAt: r.requested_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    declineReason: r.decline_reason,
    activity: {
      activitiesAttended: r.attended,
      verifiedHours: toHours(r.minutes),
      wishesFulfilled: r.wishes,
      contacts: r.contacts,
      lastActiveAt: r.last_active_at?.toISOString() ?? null,
    },
    abilities: {
      decide: r.status === "requested" && manages(actor, r),
      editCommitment: (r.status === "requested" || r.status === "confirmed") && (own || manages(actor, r)),
    },
  };
}

/** Whether the actor speaks for a party organisation: a unit account of the unit whose organisation it is, or its secretary. */
async function speaksForOrg(q: Queryable, actor: Actor, orgId: string): Promise<boolean> {
  const self = await personOf(q, actor);
  const { rows } = await q.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM party_orgs o WHERE o.id = $1 AND (o.secretary_person_id = $2::uuid
              OR ($3::uuid IS NOT NULL AND (o.unit_id = $3::uuid OR EXISTS (SELECT 1 FROM units u WHERE u.id = $3::uuid AND u.party_org_id = o.id))))) AS ok`,
    [orgId, self, actor.unitId],
  );
  return !!rows[0]?.ok;
}

/** 双报到: requests, confirmation, yearly commitments, and what the reported members and organisations then did. */
export async function reportInRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const find = async (q: Queryable, id: string) =>
    (await q.query<ReportInRow>(`${REPORT_IN_SELECT} WHERE r.id = $1`, [id])).rows[0] ?? null;

  const view = async (actor: Actor, id: string) => {
    const row = await find(db, id);
    if (!row) throw notFound();
    const self = await personOf(db, actor);
    const mayRead =
      (actor.permissions.has("volunteers.read") && inScope(actor, row.community_code)) ||
      (!!self && self === row.person_id) ||
      (!!row.party_org_id && (await speaksForOrg(db, actor, row.party_org_id)));
    if (!mayRead) throw notFound();
    return toReportIn(row, actor, self);
  };

  r.post(
    "/api/v1/report-ins",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary:
          "Report in to a residential community: a party member for themselves, staff for a member or a unit's party organisation, a unit for its own",
        description:
          "A member's own request, or a unit's, waits for the community's confirmation; one recorded by the community's staff is confirmed at once. " +
          "A confirmed member's registry entry (reported community and date) follows.",
        body: reportInCreateSchema,
        response: { 201: reportInSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const year = b.year ?? chinaYear();
      const id = await db.tx(async (q) => {
        const { rows: area } = await q.query<{ level: string }>("SELECT level FROM areas WHERE code = $1", [b.communityCode]);
        if (!area[0]) throw new AppError("domain.area_unknown", { field: "communityCode" });
        if (area[0].level !== "community") throw new AppError("domain.report_in_community", { field: "communityCode" });
        const staff = manages(actor, { community_code: b.communityCode });
        let personId: string | null = null;
        let orgId: string | null = null;
        if (b.kind === "member") {
          if (b.personId) {
            if (!actor.permissions.has("volunteers.manage")) throw new AppError("forbidden");
            personId = b.personId;
            if (!staff) throw new AppError("domain.area_outside_scope", { field: "communityCode" });
          } else personId = await requirePerson(q, actor);
          const { rows } = await q.query<{ category: string }>("SELECT category FROM party_members WHERE person_id = $1", [personId]);
          if (!rows[0]) throw new AppError("domain.not_party_member", { field: "personId" });
        } else {
          if (!b.partyOrgId) throw new AppError("validation.failed", [{ path: "partyOrgId", code: "required", message: "必填" }]);
          orgId = b.partyOrgId;
          const { rows } = await q.query<{ id: string }>("SELECT id FROM party_orgs WHERE id = $1 AND dissolved_on IS NULL", [orgId]);
          if (!rows[0] || !(staff || (await speaksForOrg(q, actor, orgId))))
            throw new AppError("domain.party_org_unknown", { field: "partyOrgId" });
        }
        const status = staff ? "confirmed" : "requested";
        const c = b.commitment;
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO report_ins (kind, person_id, party_org_id, community_code, year, status, commitment_hours, commitment_tasks,
                                   commitment_skills, decided_at, decided_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
          [
            b.kind,
            personId,
            orgId,
            b.communityCode,
            year,
            status,
            c?.hours ?? null,
            c?.tasks ?? [],
            c?.skills ?? [],
            staff ? new Date() : null,
            staff && actor.kind === "account" ? actor.id : null,
          ],
        );
        if (!rows[0]) throw new AppError("conflict.report_in_exists");
        if (status === "confirmed" && personId)
          await q.query("UPDATE party_members SET reported_community_code = $2, reported_on = current_date WHERE person_id = $1", [
            personId,
            b.communityCode,
          ]);
        if (status === "requested")
          await notifyAccounts(q, await staffOver(q, b.communityCode), { kind: "report_in.requested", title: "有新的报到申请待确认" });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "report_in.create",
          objectType: "report_in",
          objectId: rows[0].id,
          areaCode: b.communityCode,
          after: { kind: b.kind, personId, partyOrgId: orgId, year, status, commitment: c ?? null },
        });
        return rows[0].id;
      });
      return reply.status(201).send(await view(actor, id));
    },
  );

  r.get(
    "/api/v1/report-ins",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary:
          "Report-ins to the communities in scope with what each member or organisation did; `quietDays` keeps those inactive that long",
        querystring: reportInListQuerySchema,
        response: { 200: pageOf(reportInSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const f = req.query;
      const w = new Where().scope(actor, "r.community_code");
      if (f.communityCode) w.subtree("r.community_code", f.communityCode);
      if (f.status) w.and("r.status = ?", f.status);
      if (f.kind) w.and("r.kind = ?", f.kind);
      w.and("r.year = ?", f.year ?? chinaYear());
      if (f.q) w.and("(p.name LIKE '%' || ? || '%' OR po.name LIKE '%' || ? || '%')", f.q);
      if (f.quietDays) w.and(QUIET_SQL, f.quietDays).raw("r.status = 'confirmed'");
      const from = f.quietDays
        ? `report_ins r LEFT JOIN people p ON p.id = r.person_id LEFT JOIN party_members pm ON pm.person_id = r.person_id
           LEFT JOIN party_orgs po ON po.id = coalesce(r.party_org_id, pm.branch_id) ${REPORT_IN_ACTIVITY}`
        : `report_ins r LEFT JOIN people p ON p.id = r.person_id LEFT JOIN party_members pm ON pm.person_id = r.person_id
           LEFT JOIN party_orgs po ON po.id = coalesce(r.party_org_id, pm.branch_id)`;
      const { rows, total } = await pageQuery<ReportInRow>(db, w, f, {
        from,
        rows: (cond, limit) => `${REPORT_IN_SELECT} WHERE ${cond} ORDER BY r.status = 'requested' DESC, r.requested_at DESC, r.id ${limit}`,
      });
      const self = await personOf(db, actor);
      return { items: rows.map((x) => toReportIn(x, actor, self)), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.get(
    "/api/v1/report-ins/mine",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The actor's own report-ins (as a member) with what they did",
        response: { 200: z.object({ items: z.array(reportInSchema) }) },
      },
    },
    async (req) => {
      const self = await personOf(db, req.actor);
      if (!self) return { items: [] };
      const { rows } = await db.query<ReportInRow>(`${REPORT_IN_SELECT} WHERE r.person_id = $1 ORDER BY r.year DESC, r.requested_at DESC`, [
        self,
      ]);
      return { items: rows.map((x) => toReportIn(x, req.actor!, self)) };
    },
  );

  r.get(
    "/api/v1/report-ins/by-org/:partyOrgId",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The members of a party organisation (or the unit's organisation) and where they reported in, with what they did there",
        description: "For staff whose scope holds the organisation, the unit account of its unit, and its secretary.",
        params: z.object({ partyOrgId: z.string().uuid() }),
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.object({ items: z.array(reportInSchema) }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { rows: org } = await db.query<{ area_code: string }>("SELECT area_code FROM party_orgs WHERE id = $1", [
        req.params.partyOrgId,
      ]);
      if (!org[0]) throw notFound();
      const allowed =
        (actor.permissions.has("volunteers.read") && inScope(actor, org[0].area_code)) ||
        (await speaksForOrg(db, actor, req.params.partyOrgId));
      if (!allowed) throw notFound();
      const { rows } = await db.query<ReportInRow>(
        `${REPORT_IN_SELECT}
          WHERE r.year = $2 AND (r.party_org_id = $1 OR pm.branch_id = $1
                OR pm.work_unit_id IN (SELECT u.id FROM units u WHERE u.party_org_id = $1))
          ORDER BY r.kind DESC, p.name LIMIT 1000`,
        [req.params.partyOrgId, req.query.year ?? chinaYear()],
      );
      const self = await personOf(db, actor);
      return { items: rows.map((x) => toReportIn(x, actor, self)) };
    },
  );

  r.get(
    "/api/v1/report-ins/:id",
    {
      config: { permission: "volunteers.read" },
      schema: { tags, summary: "One report-in with its commitment and what was done", params: idParams, response: { 200: reportInSchema } },
    },
    async (req) => view(req.actor!, req.params.id),
  );

  r.post(
    "/api/v1/report-ins/:id/decide",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "The community confirms or declines a report-in request",
        params: idParams,
        body: reportInDecideSchema,
        response: { 200: reportInSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const { rows } = await q.query<{
          id: string;
          status: string;
          community_code: string;
          person_id: string | null;
          party_org_id: string | null;
        }>("SELECT id, status, community_code, person_id, party_org_id FROM report_ins WHERE id = $1 FOR UPDATE", [req.params.id]);
        const ri = rows[0];
        if (!ri || !manages(actor, ri)) throw notFound();
        if (ri.status !== "requested") throw new AppError("domain.report_in_state");
        const status = req.body.confirm ? "confirmed" : "declined";
        await q.query("UPDATE report_ins SET status = $2, decided_at = now(), decided_by = $3, decline_reason = $4 WHERE id = $1", [
          ri.id,
          status,
          actor.kind === "account" ? actor.id : null,
          req.body.confirm ? null : (req.body.reason ?? null),
        ]);
        if (req.body.confirm && ri.person_id)
          await q.query("UPDATE party_members SET reported_community_code = $2, reported_on = current_date WHERE person_id = $1", [
            ri.person_id,
            ri.community_code,
          ]);
        const people = ri.person_id ? [ri.person_id] : [];
        if (ri.party_org_id) {
          const { rows: sec } = await q.query<{ secretary_person_id: string | null }>(
            "SELECT secretary_person_id FROM party_orgs WHERE id = $1",
            [ri.party_org_id],
          );
          if (sec[0]?.secretary_person_id) people.push(sec[0].secretary_person_id);
        }
        await notifyAccounts(q, await accountsOfPeople(q, people), {
          kind: "report_in.decided",
          title: req.body.confirm ? "您的社区报到已确认" : "您的社区报到申请未通过",
          body: req.body.reason ?? "",
        });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "report_in.decide",
          objectType: "report_in",
          objectId: ri.id,
          areaCode: ri.community_code,
          after: { status, reason: req.body.reason ?? null },
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.put(
    "/api/v1/report-ins/:id/commitment",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Set the year's commitment: hours, tasks and skills offered (the member, or the community's staff)",
        params: idParams,
        body: commitmentSchema,
        response: { 200: reportInSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const { rows } = await q.query<{
          id: string;
          status: string;
          community_code: string;
          person_id: string | null;
          party_org_id: string | null;
          commitment_hours: number | null;
        }>("SELECT id, status, community_code, person_id, party_org_id, commitment_hours FROM report_ins WHERE id = $1 FOR UPDATE", [
          req.params.id,
        ]);
        const ri = rows[0];
        const self = await personOf(q, actor);
        const own = !!ri && ((!!self && self === ri.person_id) || (!!ri.party_org_id && (await speaksForOrg(q, actor, ri.party_org_id))));
        if (!ri || !(own || manages(actor, ri))) throw notFound();
        if (ri.status !== "requested" && ri.status !== "confirmed") throw new AppError("domain.report_in_state");
        await q.query("UPDATE report_ins SET commitment_hours = $2, commitment_tasks = $3, commitment_skills = $4 WHERE id = $1", [
          ri.id,
          req.body.hours,
          req.body.tasks,
          req.body.skills,
        ]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "report_in.commitment",
          objectType: "report_in",
          objectId: ri.id,
          areaCode: ri.community_code,
          before: { hours: ri.commitment_hours },
          after: req.body,
        });
      });
      return view(actor, req.params.id);
    },
  );
}
