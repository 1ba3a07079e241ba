import {
  AVAILABILITY_LABELS,
  myVolunteerSchema,
  pageOf,
  publicVolunteerSchema,
  stationCreateSchema,
  stationSchema,
  teamCreateSchema,
  teamDetailSchema,
  teamListQuerySchema,
  teamMembersBodySchema,
  teamPatchSchema,
  teamSchema,
  volunteerCreateSchema,
  volunteerListQuerySchema,
  volunteerPatchSchema,
  volunteerSchema,
} from "@gongzhi/contracts";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { pageQuery, Where } from "../../platform/sql.js";
import { chinaTime, HEADER_FILL, HEADER_FONT, SUBTITLE_FONT, TITLE_FONT, xlsxDownload } from "../excel/workbook.js";
import { summaryOf } from "./hours.rules.js";
import { inScope, personOf } from "./identity.js";
import {
  findTeam,
  findVolunteer,
  listVolunteers,
  publicVolunteer,
  STATION_SELECT,
  type StationRow,
  TEAM_SELECT,
  type TeamRow,
  toStation,
  toTeam,
  toVolunteers,
  type VolunteerRow,
  volunteerOfPerson,
} from "./volunteers.repository.js";

const tags = ["volunteers"];
const idParams = z.object({ id: z.string().uuid() });

/** The lowest grid whose area holds `areaCode` (a compound's grid before its community's), or null. */
export async function gridFor(q: Queryable, areaCode: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT g.id FROM grids g JOIN areas ar ON ar.code = g.area_code WHERE $1 LIKE ar.prefix || '%'
      ORDER BY length(g.area_code) DESC, g.code LIMIT 1`,
    [areaCode],
  );
  return rows[0]?.id ?? null;
}

/** A person of the registry inside the actor's scope, or 422 `domain.person_unknown`. */
export async function personInScope(
  q: Queryable,
  actor: Actor,
  id: string,
  field = "personId",
): Promise<{ id: string; area_code: string; name: string }> {
  const { rows } = await q.query<{ id: string; area_code: string; name: string }>("SELECT id, area_code, name FROM people WHERE id = $1", [
    id,
  ]);
  const p = rows[0];
  if (!p || !inScope(actor, p.area_code)) throw new AppError("domain.person_unknown", { field });
  return p;
}

/** Registers a person as a volunteer (one record per person); the platform number comes from a sequence. */
export async function createVolunteerRecord(
  q: Queryable,
  p: { personId: string; areaCode: string; skills: string[]; availability: string; talentKinds: string[]; talentNote: string | null },
): Promise<string> {
  const grid = await gridFor(q, p.areaCode);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO volunteers (person_id, number, area_code, grid_id, skills, availability, talent_kinds, talent_note)
     VALUES ($1, 'ZY' || lpad(nextval('volunteer_number_seq')::text, 8, '0'), $2, $3, $4, $5, $6, $7)
     ON CONFLICT (person_id) DO NOTHING RETURNING id`,
    [p.personId, p.areaCode, grid, p.skills, p.availability, p.talentKinds, p.talentNote],
  );
  if (!rows[0]) throw new AppError("conflict.volunteer_exists");
  return rows[0].id;
}

const areaInScope = async (q: Queryable, actor: Actor, code: string) => {
  const { rows } = await q.query<{ code: string }>("SELECT code FROM areas WHERE code = $1", [code]);
  if (!rows[0]) throw new AppError("domain.area_unknown", { field: "areaCode" });
  if (!inScope(actor, code)) throw new AppError("domain.area_outside_scope", { field: "areaCode" });
};

interface ServiceLine {
  title: string;
  place: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  attended: boolean | null;
  service_minutes: number | null;
  travel_minutes: number | null;
  verified_at: Date | null;
}

/** The service record of a volunteer as a workbook: basic information, then every activity with its times. */
async function serviceRecord(q: Queryable, v: VolunteerRow): Promise<Buffer> {
  const { rows } = await q.query<ServiceLine>(
    `SELECT a.title, a.place, a.starts_at, a.ends_at, s.status, s.attended, s.service_minutes, s.travel_minutes, s.verified_at
       FROM activity_signups s JOIN activities a ON a.id = s.activity_id
      WHERE s.volunteer_id = $1 AND s.status = 'confirmed' ORDER BY a.starts_at`,
    [v.id],
  );
  let verified = 0;
  let pending = 0;
  let count = 0;
  for (const r of rows) {
    if (!r.attended || !r.service_minutes) continue;
    if (r.verified_at) {
      verified += r.service_minutes;
      count++;
    } else pending += r.service_minutes;
  }
  const h = summaryOf(verified, pending, count);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("志愿服务记录");
  ws.columns = [{ width: 34 }, { width: 28 }, { width: 18 }, { width: 14 }, { width: 14 }, { width: 12 }];
  ws.addRow(["志愿服务记录"]).font = TITLE_FONT;
  ws.addRow([`平台编号 ${v.number}　姓名 ${v.name}　服务区域 ${v.area_name}　导出时间 ${chinaTime().stamp}`]).font = SUBTITLE_FONT;
  ws.addRow([
    `已核实服务时长 ${h.verifiedHours} 小时　待核实 ${h.pendingHours} 小时　星级 ${h.starLabel || "未达星级"}　服务时间 ${AVAILABILITY_LABELS[v.availability]}　技能 ${v.skills.join("、") || "—"}`,
  ]).font = SUBTITLE_FONT;
  ws.addRow(["只计实际服务时长，不含往返路程时间；未核实的时长不计入总时长和星级。"]).font = SUBTITLE_FONT;
  const header = ws.addRow(["活动", "地点", "日期", "服务时长（分钟）", "路程（分钟，不计）", "核实"]);
  header.eachCell((c) => {
    c.font = HEADER_FONT;
    c.fill = HEADER_FILL;
  });
  for (const r of rows) {
    ws.addRow([
      r.title,
      r.place,
      chinaTime(r.starts_at).stamp,
      r.attended ? (r.service_minutes ?? 0) : "未出勤",
      r.travel_minutes ?? 0,
      r.verified_at ? "已核实" : r.attended === null ? "未登记" : "待核实",
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Volunteers, teams and stations, and the talent registry (达人、能人、热心人). */
export async function volunteerRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;

  const view = async (actor: Actor, id: string) => {
    const row = await findVolunteer(db, actor, id);
    if (!row) throw notFound();
    return (await toVolunteers(db, vault, [row]))[0]!;
  };

  r.get(
    "/api/v1/volunteers",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "Volunteers in scope, searchable by name or platform number, skill, grid, team and talent kind (the talent registry)",
        querystring: volunteerListQuerySchema,
        response: { 200: pageOf(volunteerSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listVolunteers(db, req.actor!, req.query);
      return { items: await toVolunteers(db, vault, rows), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.post(
    "/api/v1/volunteers",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Register a person of the registry as a volunteer; the platform number is assigned",
        body: volunteerCreateSchema,
        response: { 201: volunteerSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        const person = await personInScope(q, actor, b.personId);
        const areaCode = b.areaCode ?? person.area_code;
        await areaInScope(q, actor, areaCode);
        const id = await createVolunteerRecord(q, {
          personId: person.id,
          areaCode,
          skills: b.skills,
          availability: b.availability,
          talentKinds: b.talentKinds,
          talentNote: b.talentNote ?? null,
        });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer.create",
          objectType: "volunteer",
          objectId: id,
          areaCode,
          after: { personId: person.id, skills: b.skills, talentKinds: b.talentKinds },
        });
        return id;
      });
      return reply.status(201).send(await view(actor, id));
    },
  );

  r.get(
    "/api/v1/volunteers/me",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The actor's own volunteer record, verified and pending hours, star level and recent service",
        response: { 200: myVolunteerSchema },
      },
    },
    async (req) => {
      const person = await personOf(db, req.actor);
      const row = person ? await volunteerOfPerson(db, person) : null;
      if (!row) return { volunteer: null, hours: summaryOf(0, 0, 0), recent: [] };
      const v = (await toVolunteers(db, vault, [row]))[0]!;
      const { rows } = await db.query<{
        activity_id: string;
        title: string;
        starts_at: Date;
        service_minutes: number | null;
        verified: boolean;
      }>(
        `SELECT a.id AS activity_id, a.title, a.starts_at, s.service_minutes, s.verified_at IS NOT NULL AS verified
           FROM activity_signups s JOIN activities a ON a.id = s.activity_id
          WHERE s.volunteer_id = $1 AND s.status = 'confirmed' ORDER BY a.starts_at DESC LIMIT 20`,
        [row.id],
      );
      return {
        volunteer: v,
        hours: v.hours,
        recent: rows.map((x) => ({
          activityId: x.activity_id,
          title: x.title,
          startsAt: x.starts_at.toISOString(),
          serviceMinutes: x.service_minutes,
          verified: x.verified,
        })),
      };
    },
  );

  r.get(
    "/api/v1/volunteers/me/service-record.xlsx",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The actor's own service record as a workbook",
        produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    async (req, reply) => {
      const person = await personOf(db, req.actor);
      const row = person ? await volunteerOfPerson(db, person) : null;
      if (!row) throw notFound();
      return xlsxDownload(reply, `志愿服务记录-${row.number}.xlsx`, `service-record-${row.number}.xlsx`).send(await serviceRecord(db, row));
    },
  );

  r.get(
    "/api/v1/volunteers/public/:number",
    {
      config: { permission: "public" },
      schema: {
        tags,
        summary: "The public record of a platform number: area, skills, teams, verified hours and stars — never a name, phone or ID number",
        params: z.object({
          number: z
            .string()
            .trim()
            .regex(/^[Zz][Yy]\d{8}$/),
        }),
        response: { 200: publicVolunteerSchema },
      },
    },
    async (req) => {
      const v = await publicVolunteer(db, req.params.number);
      if (!v) throw notFound();
      return v;
    },
  );

  r.get(
    "/api/v1/volunteers/:id",
    {
      config: { permission: "volunteers.read" },
      schema: { tags, summary: "One volunteer with teams and hours", params: idParams, response: { 200: volunteerSchema } },
    },
    async (req) => view(req.actor!, req.params.id),
  );

  r.get(
    "/api/v1/volunteers/:id/service-record.xlsx",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "A volunteer's service record as a workbook (service time only; travel shown apart and not counted)",
        params: idParams,
        produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    async (req, reply) => {
      const row = await findVolunteer(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return xlsxDownload(reply, `志愿服务记录-${row.number}.xlsx`, `service-record-${row.number}.xlsx`).send(await serviceRecord(db, row));
    },
  );

  r.patch(
    "/api/v1/volunteers/:id",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Change a volunteer's skills, availability, area, talent kinds or status",
        params: idParams,
        body: volunteerPatchSchema,
        response: { 200: volunteerSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const b = req.body;
      await db.tx(async (q) => {
        const before = await findVolunteer(q, actor, req.params.id);
        if (!before) throw notFound();
        const areaCode = b.areaCode ?? before.area_code;
        if (b.areaCode) await areaInScope(q, actor, b.areaCode);
        await q.query(
          `UPDATE volunteers SET skills = $2, availability = $3, area_code = $4, grid_id = $5, talent_kinds = $6, talent_note = $7,
                  status = $8, updated_at = now() WHERE id = $1`,
          [
            before.id,
            b.skills ?? before.skills,
            b.availability ?? before.availability,
            areaCode,
            b.areaCode ? await gridFor(q, areaCode) : before.grid_id,
            b.talentKinds ?? before.talent_kinds,
            b.talentNote === undefined ? before.talent_note : b.talentNote,
            b.status ?? before.status,
          ],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer.update",
          objectType: "volunteer",
          objectId: before.id,
          areaCode,
          before: { skills: before.skills, availability: before.availability, areaCode: before.area_code, status: before.status },
          after: b,
        });
      });
      return view(actor, req.params.id);
    },
  );

  // ——— teams

  const teamView = async (actor: Actor, id: string) => {
    const t = await findTeam(db, actor, id);
    if (!t) throw notFound();
    const { rows } = await db.query<{ volunteer_id: string; number: string; name: string; skills: string[] }>(
      `SELECT v.id AS volunteer_id, v.number, p.name, v.skills FROM volunteer_team_members m
         JOIN volunteers v ON v.id = m.volunteer_id JOIN people p ON p.id = v.person_id
        WHERE m.team_id = $1 ORDER BY v.number LIMIT 500`,
      [id],
    );
    return { ...toTeam(t), members: rows.map((m) => ({ volunteerId: m.volunteer_id, number: m.number, name: m.name, skills: m.skills })) };
  };

  const checkLeaderAndStation = async (
    q: Queryable,
    actor: Actor,
    leader: string | null | undefined,
    station: string | null | undefined,
  ) => {
    if (leader) await personInScope(q, actor, leader, "leaderPersonId");
    if (station) {
      const { rows } = await q.query<{ area_code: string }>("SELECT area_code FROM volunteer_stations WHERE id = $1", [station]);
      if (!rows[0] || !inScope(actor, rows[0].area_code)) throw new AppError("domain.station_unknown", { field: "stationId" });
    }
  };

  r.get(
    "/api/v1/volunteer-teams",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "Volunteer teams in scope; `q` searches names (the pickers of case hand-over use it)",
        querystring: teamListQuerySchema,
        response: { 200: pageOf(teamSchema) },
      },
    },
    async (req) => {
      const f = req.query;
      const w = new Where().scope(req.actor!, "t.area_code");
      if (f.areaCode) w.subtree("t.area_code", f.areaCode);
      if (f.q) w.and("t.name LIKE '%' || ? || '%'", f.q);
      if (f.kind) w.and("t.kind = ?", f.kind);
      if (!f.includeDissolved) w.raw("t.dissolved_at IS NULL");
      const { rows, total } = await pageQuery<TeamRow>(db, w, f, {
        from: "volunteer_teams t",
        rows: (cond, limit) => `${TEAM_SELECT} WHERE ${cond} ORDER BY t.area_code, t.name ${limit}`,
      });
      return { items: rows.map(toTeam), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.post(
    "/api/v1/volunteer-teams",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Create a volunteer team (志愿服务队) with its leader",
        body: teamCreateSchema,
        response: { 201: teamDetailSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        await areaInScope(q, actor, b.areaCode);
        await checkLeaderAndStation(q, actor, b.leaderPersonId, b.stationId);
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO volunteer_teams (name, kind, area_code, leader_person_id, station_id, description)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [b.name, b.kind, b.areaCode, b.leaderPersonId ?? null, b.stationId ?? null, b.description ?? null],
        );
        const id = rows[0]!.id;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer_team.create",
          objectType: "volunteer_team",
          objectId: id,
          areaCode: b.areaCode,
          after: b,
        });
        return id;
      });
      return reply.status(201).send(await teamView(actor, id));
    },
  );

  r.get(
    "/api/v1/volunteer-teams/:id",
    {
      config: { permission: "volunteers.read" },
      schema: { tags, summary: "A team with its members", params: idParams, response: { 200: teamDetailSchema } },
    },
    async (req) => teamView(req.actor!, req.params.id),
  );

  r.patch(
    "/api/v1/volunteer-teams/:id",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Rename a team, change its kind, leader or station, or dissolve it",
        params: idParams,
        body: teamPatchSchema,
        response: { 200: teamDetailSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const b = req.body;
      await db.tx(async (q) => {
        const t = await findTeam(q, actor, req.params.id);
        if (!t) throw notFound();
        await checkLeaderAndStation(q, actor, b.leaderPersonId, b.stationId);
        await q.query(
          `UPDATE volunteer_teams SET name = $2, kind = $3, leader_person_id = $4, station_id = $5, description = $6,
                  dissolved_at = CASE WHEN $7::boolean IS NULL THEN dissolved_at WHEN $7 THEN coalesce(dissolved_at, now()) ELSE NULL END,
                  updated_at = now() WHERE id = $1`,
          [
            t.id,
            b.name ?? t.name,
            b.kind ?? t.kind,
            b.leaderPersonId === undefined ? t.leader_person_id : b.leaderPersonId,
            b.stationId === undefined ? t.station_id : b.stationId,
            b.description === undefined ? t.description : b.description,
            b.dissolved ?? null,
          ],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer_team.update",
          objectType: "volunteer_team",
          objectId: t.id,
          areaCode: t.area_code,
          before: { name: t.name, kind: t.kind, leaderPersonId: t.leader_person_id, dissolved: !!t.dissolved_at },
          after: b,
        });
      });
      return teamView(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/volunteer-teams/:id/members",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Add volunteers in scope to a team",
        params: idParams,
        body: teamMembersBodySchema,
        response: { 200: teamDetailSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const t = await findTeam(q, actor, req.params.id);
        if (!t) throw notFound();
        const w = new Where().scope(actor, "v.area_code").and("v.id = ANY(?::uuid[])", req.body.volunteerIds);
        const { rows } = await q.query<{ id: string }>(`SELECT v.id FROM volunteers v WHERE ${w.sql}`, w.params);
        const found = new Set(rows.map((x) => x.id));
        const missing = req.body.volunteerIds.filter((id) => !found.has(id));
        if (missing.length) throw new AppError("domain.person_unknown", { field: "volunteerIds", missing });
        await q.query(
          "INSERT INTO volunteer_team_members (team_id, volunteer_id) SELECT $1, x FROM unnest($2::uuid[]) x ON CONFLICT DO NOTHING",
          [t.id, [...found]],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer_team.add_members",
          objectType: "volunteer_team",
          objectId: t.id,
          areaCode: t.area_code,
          after: { volunteerIds: [...found] },
        });
      });
      return teamView(actor, req.params.id);
    },
  );

  r.delete(
    "/api/v1/volunteer-teams/:id/members/:volunteerId",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Remove a volunteer from a team",
        params: z.object({ id: z.string().uuid(), volunteerId: z.string().uuid() }),
        response: { 200: teamDetailSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const t = await findTeam(q, actor, req.params.id);
        if (!t) throw notFound();
        const res = await q.query("DELETE FROM volunteer_team_members WHERE team_id = $1 AND volunteer_id = $2", [
          t.id,
          req.params.volunteerId,
        ]);
        if (!res.rowCount) throw notFound();
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer_team.remove_member",
          objectType: "volunteer_team",
          objectId: t.id,
          areaCode: t.area_code,
          before: { volunteerId: req.params.volunteerId },
        });
      });
      return teamView(actor, req.params.id);
    },
  );

  // ——— stations

  r.get(
    "/api/v1/volunteer-stations",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "Volunteer stations (志愿服务站) in scope",
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
          q: z.string().trim().max(40).optional(),
        }),
        response: { 200: pageOf(stationSchema) },
      },
    },
    async (req) => {
      const w = new Where().scope(req.actor!, "s.area_code");
      if (req.query.q) w.and("s.name LIKE '%' || ? || '%'", req.query.q);
      const { rows, total } = await pageQuery<StationRow>(db, w, req.query, {
        from: "volunteer_stations s",
        rows: (cond, limit) => `${STATION_SELECT} WHERE ${cond} ORDER BY s.area_code, s.name ${limit}`,
      });
      return { items: rows.map(toStation), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.post(
    "/api/v1/volunteer-stations",
    {
      config: { permission: "volunteers.manage" },
      schema: { tags, summary: "Create a volunteer station with its leader", body: stationCreateSchema, response: { 201: stationSchema } },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        await areaInScope(q, actor, b.areaCode);
        if (b.leaderPersonId) await personInScope(q, actor, b.leaderPersonId, "leaderPersonId");
        const { rows } = await q.query<{ id: string }>(
          "INSERT INTO volunteer_stations (name, area_code, leader_person_id, place) VALUES ($1, $2, $3, $4) RETURNING id",
          [b.name, b.areaCode, b.leaderPersonId ?? null, b.place ?? null],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "volunteer_station.create",
          objectType: "volunteer_station",
          objectId: rows[0]!.id,
          areaCode: b.areaCode,
          after: b,
        });
        return rows[0]!.id;
      });
      const { rows } = await db.query<StationRow>(`${STATION_SELECT} WHERE s.id = $1`, [id]);
      return reply.status(201).send(toStation(rows[0]!));
    },
  );
}
