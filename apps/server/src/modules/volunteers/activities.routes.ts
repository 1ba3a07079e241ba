import {
  type Activity,
  activityCreateSchema,
  activityListQuerySchema,
  activitySchema,
  attendanceBodySchema,
  attendanceResultSchema,
  pageOf,
  signupDecideSchema,
  signupSchema,
  verifyResultSchema,
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
import { accountsOfPeople, inScope, personOf, requirePerson } from "./identity.js";
import { createVolunteerRecord } from "./volunteers.routes.js";

const tags = ["activities"];
const idParams = z.object({ id: z.string().uuid() });

interface ActivityRow {
  id: string;
  title: string;
  description: string | null;
  area_code: string;
  area_name: string;
  place: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  required_skills: string[];
  signup_mode: Activity["signupMode"];
  status: Activity["status"];
  team_id: string | null;
  team_name: string | null;
  verified_at: Date | null;
  taken: number;
  requested: number;
}

const ACTIVITY_SELECT = `
  SELECT a.id, a.title, a.description, a.area_code, ar.name AS area_name, a.place, a.starts_at, a.ends_at, a.capacity,
         a.required_skills, a.signup_mode, a.status, a.team_id, t.name AS team_name, a.verified_at,
         (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'confirmed') AS taken,
         (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'requested') AS requested
    FROM activities a JOIN areas ar ON ar.code = a.area_code LEFT JOIN volunteer_teams t ON t.id = a.team_id`;

/** Staff with volunteers.read see the activities in their scope; everyone else the open ones. */
function visible(w: Where, actor: Actor): Where {
  if (actor.permissions.has("volunteers.read") && actor.scopePrefix) return w.scope(actor, "a.area_code");
  return w.raw("a.status = 'open'");
}

async function findActivity(q: Queryable, actor: Actor, id: string): Promise<ActivityRow | null> {
  const w = visible(new Where(), actor).and("a.id = ?", id);
  return (await q.query<ActivityRow>(`${ACTIVITY_SELECT} WHERE ${w.sql}`, w.params)).rows[0] ?? null;
}

const manages = (actor: Actor, a: { area_code: string }) => actor.permissions.has("volunteers.manage") && inScope(actor, a.area_code);

async function toActivities(q: Queryable, actor: Actor, rows: ActivityRow[], now = new Date()): Promise<Activity[]> {
  const person = await personOf(q, actor);
  const mine = new Map<
    string,
    { id: string; status: Activity["mySignup"] extends infer T ? (T extends { status: infer S } ? S : never) : never }
  >();
  if (person && rows.length) {
    const { rows: s } = await q.query<{ id: string; activity_id: string; status: "requested" | "confirmed" | "declined" | "withdrawn" }>(
      `SELECT s.id, s.activity_id, s.status FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id
        WHERE v.person_id = $1 AND s.activity_id = ANY($2::uuid[])`,
      [person, rows.map((r) => r.id)],
    );
    for (const x of s) mine.set(x.activity_id, { id: x.id, status: x.status });
  }
  return rows.map((r) => {
    const my = mine.get(r.id) ?? null;
    const open = r.status === "open" && r.ends_at > now;
    const active = my && (my.status === "requested" || my.status === "confirmed");
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      areaCode: r.area_code,
      areaName: r.area_name,
      place: r.place,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      capacity: r.capacity,
      taken: r.taken,
      requested: r.requested,
      requiredSkills: r.required_skills,
      signupMode: r.signup_mode,
      status: r.status,
      teamId: r.team_id,
      teamName: r.team_name,
      verified: !!r.verified_at,
      mySignup: my,
      abilities: {
        signUp: !!person && open && !active && (r.signup_mode === "request" || r.taken < r.capacity),
        withdraw: !!active && r.status === "open" && r.starts_at > now,
        manage: manages(actor, r),
      },
    };
  });
}

/** Locks an activity the actor manages, or 404. */
async function lockManaged(q: Queryable, actor: Actor, id: string) {
  const { rows } = await q.query<{
    id: string;
    area_code: string;
    status: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    title: string;
  }>("SELECT id, area_code, status, starts_at, ends_at, capacity, title FROM activities WHERE id = $1 FOR UPDATE", [id]);
  const a = rows[0];
  if (!a || !manages(actor, a)) throw notFound();
  return a;
}

const confirmedCount = async (q: Queryable, activityId: string) =>
  (
    await q.query<{ n: number }>("SELECT count(*)::int AS n FROM activity_signups WHERE activity_id = $1 AND status = 'confirmed'", [
      activityId,
    ])
  ).rows[0]!.n;

/** Service opportunities: activities and shifts, sign-up and withdrawal, attendance, verified hours. */
export async function activityRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const view = async (actor: Actor, id: string) => {
    const a = await findActivity(db, actor, id);
    if (!a) throw notFound();
    return (await toActivities(db, actor, [a]))[0]!;
  };

  r.get(
    "/api/v1/activities",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Activities: staff see those in their scope, everyone else the open ones; `mine` keeps those the actor signed up for",
        querystring: activityListQuerySchema,
        response: { 200: pageOf(activitySchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const f = req.query;
      const w = visible(new Where(), actor);
      if (f.areaCode) w.subtree("a.area_code", f.areaCode);
      if (f.q) w.and("a.title LIKE '%' || ? || '%'", f.q);
      if (f.when === "upcoming") w.raw("a.ends_at > now()");
      if (f.when === "past") w.raw("a.ends_at <= now()");
      if (f.mine) {
        const person = await personOf(db, actor);
        w.and(
          "EXISTS (SELECT 1 FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE s.activity_id = a.id AND v.person_id = ?::uuid AND s.status IN ('requested','confirmed'))",
          person ?? "00000000-0000-0000-0000-000000000000",
        );
      }
      const { rows, total } = await pageQuery<ActivityRow>(db, w, f, {
        from: "activities a",
        rows: (cond, limit) => `${ACTIVITY_SELECT} WHERE ${cond} ORDER BY a.starts_at ${f.when === "past" ? "DESC" : "ASC"}, a.id ${limit}`,
      });
      return { items: await toActivities(db, actor, rows), total, page: f.page, pageSize: f.pageSize };
    },
  );

  r.post(
    "/api/v1/activities",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Create an activity or shift: place, time, capacity, required skills and sign-up mode (instant, or request then confirm)",
        body: activityCreateSchema,
        response: { 201: activitySchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const id = await db.tx(async (q) => {
        const { rows: area } = await q.query<{ code: string }>("SELECT code FROM areas WHERE code = $1", [b.areaCode]);
        if (!area[0]) throw new AppError("domain.area_unknown", { field: "areaCode" });
        if (!inScope(actor, b.areaCode)) throw new AppError("domain.area_outside_scope", { field: "areaCode" });
        if (b.teamId) {
          const { rows } = await q.query<{ area_code: string }>(
            "SELECT area_code FROM volunteer_teams WHERE id = $1 AND dissolved_at IS NULL",
            [b.teamId],
          );
          if (!rows[0] || !inScope(actor, rows[0].area_code)) throw new AppError("domain.team_unknown", { field: "teamId" });
        }
        const { rows } = await q.query<{ id: string }>(
          `INSERT INTO activities (title, description, area_code, place, starts_at, ends_at, capacity, required_skills, signup_mode, team_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            b.title,
            b.description ?? null,
            b.areaCode,
            b.place,
            b.startsAt,
            b.endsAt,
            b.capacity,
            b.requiredSkills,
            b.signupMode,
            b.teamId ?? null,
            actor.kind === "account" ? actor.id : null,
          ],
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.create",
          objectType: "activity",
          objectId: rows[0]!.id,
          areaCode: b.areaCode,
          after: b,
        });
        return rows[0]!.id;
      });
      return reply.status(201).send(await view(actor, id));
    },
  );

  r.get(
    "/api/v1/activities/:id",
    {
      config: { permission: "authenticated" },
      schema: { tags, summary: "One activity with the actor's own sign-up", params: idParams, response: { 200: activitySchema } },
    },
    async (req) => view(req.actor!, req.params.id),
  );

  r.post(
    "/api/v1/activities/:id/cancel",
    {
      config: { permission: "volunteers.manage" },
      schema: { tags, summary: "Cancel an activity", params: idParams, response: { 200: activitySchema } },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const a = await lockManaged(q, actor, req.params.id);
        if (a.status !== "open") throw new AppError("domain.activity_closed");
        await q.query("UPDATE activities SET status = 'cancelled' WHERE id = $1", [a.id]);
        const { rows } = await q.query<{ person_id: string }>(
          "SELECT v.person_id FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE s.activity_id = $1 AND s.status IN ('requested','confirmed')",
          [a.id],
        );
        await notifyAccounts(
          q,
          await accountsOfPeople(
            q,
            rows.map((x) => x.person_id),
          ),
          { kind: "activity.signup", title: `活动“${a.title}”已取消` },
        );
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.cancel",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/activities/:id/signups",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary:
          "Sign up for an activity as the actor's person (a volunteer record is created on the first sign-up); capacity is enforced under a lock on the activity",
        params: idParams,
        response: { 201: activitySchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const person = await requirePerson(q, actor);
        const { rows } = await q.query<{
          id: string;
          status: string;
          ends_at: Date;
          capacity: number;
          signup_mode: string;
          area_code: string;
        }>("SELECT id, status, ends_at, capacity, signup_mode, area_code FROM activities WHERE id = $1 FOR UPDATE", [req.params.id]);
        const a = rows[0];
        if (!a || !(a.status === "open" || inScope(actor, a.area_code))) throw notFound();
        if (a.status !== "open" || a.ends_at <= new Date()) throw new AppError("domain.activity_closed");
        const { rows: vol } = await q.query<{ id: string; status: string }>("SELECT id, status FROM volunteers WHERE person_id = $1", [
          person,
        ]);
        let volunteerId = vol[0]?.id;
        if (vol[0] && vol[0].status !== "active") throw new AppError("domain.volunteer_required");
        if (!volunteerId) {
          const { rows: p } = await q.query<{ area_code: string }>("SELECT area_code FROM people WHERE id = $1", [person]);
          volunteerId = await createVolunteerRecord(q, {
            personId: person,
            areaCode: p[0]!.area_code,
            skills: [],
            availability: "any",
            talentKinds: [],
            talentNote: null,
          });
        }
        const { rows: prev } = await q.query<{ id: string; status: string }>(
          "SELECT id, status FROM activity_signups WHERE activity_id = $1 AND volunteer_id = $2",
          [a.id, volunteerId],
        );
        if (prev[0] && (prev[0].status === "requested" || prev[0].status === "confirmed")) throw new AppError("conflict.already_signed_up");
        if (prev[0]?.status === "declined") throw new AppError("domain.signup_state");
        const status = a.signup_mode === "instant" ? "confirmed" : "requested";
        if (status === "confirmed" && (await confirmedCount(q, a.id)) >= a.capacity) throw new AppError("conflict.activity_full");
        if (prev[0]) await q.query("UPDATE activity_signups SET status = $2, created_at = now() WHERE id = $1", [prev[0].id, status]);
        else
          await q.query("INSERT INTO activity_signups (activity_id, volunteer_id, status) VALUES ($1, $2, $3)", [
            a.id,
            volunteerId,
            status,
          ]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.signup",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
          after: { status },
        });
      });
      return reply.status(201).send(await view(actor, req.params.id));
    },
  );

  r.post(
    "/api/v1/activities/:id/withdraw",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Withdraw the actor's sign-up before the activity starts",
        params: idParams,
        response: { 200: activitySchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const person = await requirePerson(q, actor);
        const { rows } = await q.query<{
          id: string;
          starts_at: Date;
          status: string;
          area_code: string;
          signup_id: string | null;
          signup_status: string | null;
        }>(
          `SELECT a.id, a.starts_at, a.status, a.area_code, s.id AS signup_id, s.status AS signup_status
             FROM activities a LEFT JOIN volunteers v ON v.person_id = $2
             LEFT JOIN activity_signups s ON s.activity_id = a.id AND s.volunteer_id = v.id
            WHERE a.id = $1 FOR UPDATE OF a`,
          [req.params.id, person],
        );
        const a = rows[0];
        if (!a || !a.signup_id) throw notFound();
        if (a.signup_status !== "requested" && a.signup_status !== "confirmed") throw new AppError("domain.signup_state");
        if (a.status !== "open" || a.starts_at <= new Date()) throw new AppError("domain.activity_closed");
        await q.query("UPDATE activity_signups SET status = 'withdrawn' WHERE id = $1", [a.signup_id]);
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.withdraw",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.get(
    "/api/v1/activities/:id/signups",
    {
      config: { permission: "volunteers.read" },
      schema: {
        tags,
        summary: "The sign-ups of an activity with attendance and hours",
        params: idParams,
        response: { 200: z.object({ items: z.array(signupSchema) }) },
      },
    },
    async (req) => {
      const a = await findActivity(db, req.actor!, req.params.id);
      if (!a || !inScope(req.actor!, a.area_code)) throw notFound();
      const { rows } = await db.query<{
        id: string;
        activity_id: string;
        volunteer_id: string;
        number: string;
        name: string;
        status: "requested" | "confirmed" | "declined" | "withdrawn";
        attended: boolean | null;
        service_minutes: number | null;
        travel_minutes: number | null;
        verified_at: Date | null;
        created_at: Date;
      }>(
        `SELECT s.id, s.activity_id, s.volunteer_id, v.number, p.name, s.status, s.attended, s.service_minutes, s.travel_minutes,
                s.verified_at, s.created_at
           FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id JOIN people p ON p.id = v.person_id
          WHERE s.activity_id = $1 ORDER BY s.created_at, v.number`,
        [a.id],
      );
      return {
        items: rows.map((s) => ({
          id: s.id,
          activityId: s.activity_id,
          volunteerId: s.volunteer_id,
          number: s.number,
          name: s.name,
          status: s.status,
          attended: s.attended,
          serviceMinutes: s.service_minutes,
          travelMinutes: s.travel_minutes,
          verified: !!s.verified_at,
          createdAt: s.created_at.toISOString(),
        })),
      };
    },
  );

  r.post(
    "/api/v1/activities/:id/signups/:signupId/decide",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Confirm or decline a sign-up request (request mode); confirming respects the capacity",
        params: z.object({ id: z.string().uuid(), signupId: z.string().uuid() }),
        body: signupDecideSchema,
        response: { 200: activitySchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx(async (q) => {
        const a = await lockManaged(q, actor, req.params.id);
        const { rows } = await q.query<{ id: string; status: string; person_id: string }>(
          "SELECT s.id, s.status, v.person_id FROM activity_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE s.id = $1 AND s.activity_id = $2",
          [req.params.signupId, a.id],
        );
        const s = rows[0];
        if (!s) throw new AppError("domain.signup_unknown");
        if (s.status !== "requested") throw new AppError("domain.signup_state");
        if (req.body.confirm && (await confirmedCount(q, a.id)) >= a.capacity) throw new AppError("conflict.activity_full");
        const status = req.body.confirm ? "confirmed" : "declined";
        await q.query("UPDATE activity_signups SET status = $2 WHERE id = $1", [s.id, status]);
        await notifyAccounts(q, await accountsOfPeople(q, [s.person_id]), {
          kind: "activity.signup",
          title: req.body.confirm ? `您报名的活动“${a.title}”已确认` : `您报名的活动“${a.title}”未通过`,
        });
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.decide_signup",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
          after: { signupId: s.id, status },
        });
      });
      return view(actor, req.params.id);
    },
  );

  r.post(
    "/api/v1/activities/:id/attendance",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Record attendance in bulk with each volunteer's actual service minutes; travel minutes are kept apart and never counted",
        params: idParams,
        body: attendanceBodySchema,
        response: { 200: attendanceResultSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return db.tx(async (q) => {
        const a = await lockManaged(q, actor, req.params.id);
        if (a.starts_at > new Date()) throw new AppError("domain.activity_not_started");
        const span = Math.round((a.ends_at.getTime() - a.starts_at.getTime()) / 60000);
        const ids = req.body.entries.map((e) => e.signupId);
        if (new Set(ids).size !== ids.length)
          throw new AppError("validation.failed", [{ path: "entries", code: "custom", message: "重复的报名记录" }]);
        const { rows } = await q.query<{ id: string; status: string; verified_at: Date | null }>(
          "SELECT id, status, verified_at FROM activity_signups WHERE activity_id = $1 AND id = ANY($2::uuid[])",
          [a.id, ids],
        );
        const byId = new Map(rows.map((x) => [x.id, x]));
        for (const [i, e] of req.body.entries.entries()) {
          const s = byId.get(e.signupId);
          if (!s) throw new AppError("domain.signup_unknown", { field: `entries.${i}.signupId` });
          if (s.status !== "confirmed") throw new AppError("domain.signup_state", { field: `entries.${i}.signupId` });
          if (s.verified_at) throw new AppError("domain.hours_verified", { field: `entries.${i}` });
          if (e.attended && e.serviceMinutes > span)
            throw new AppError("domain.service_exceeds_activity", { field: `entries.${i}.serviceMinutes`, max: span });
        }
        for (const e of req.body.entries) {
          await q.query(
            "UPDATE activity_signups SET attended = $2, service_minutes = $3, travel_minutes = $4, recorded_at = now() WHERE id = $1",
            [e.signupId, e.attended, e.attended ? e.serviceMinutes : 0, e.attended ? e.travelMinutes : 0],
          );
        }
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.attendance",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
          after: req.body,
        });
        return { updated: req.body.entries.length };
      });
    },
  );

  r.post(
    "/api/v1/activities/:id/verify",
    {
      config: { permission: "volunteers.manage" },
      schema: {
        tags,
        summary: "Verify the recorded service time of an activity: from then on it counts towards totals, stars and points",
        params: idParams,
        response: { 200: verifyResultSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return db.tx(async (q) => {
        const a = await lockManaged(q, actor, req.params.id);
        const { rows } = await q.query<{ minutes: number; n: number }>(
          `WITH v AS (
             UPDATE activity_signups SET verified_at = now(), verified_by = $2
              WHERE activity_id = $1 AND status = 'confirmed' AND recorded_at IS NOT NULL AND verified_at IS NULL
             RETURNING CASE WHEN attended THEN service_minutes ELSE 0 END AS m)
           SELECT coalesce(sum(m), 0)::int AS minutes, count(*)::int AS n FROM v`,
          [a.id, actor.kind === "account" ? actor.id : null],
        );
        await q.query("UPDATE activities SET verified_at = now() WHERE id = $1", [a.id]);
        const out = { verified: rows[0]!.n, verifiedHours: toHours(rows[0]!.minutes) };
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "activity.verify",
          objectType: "activity",
          objectId: a.id,
          areaCode: a.area_code,
          after: out,
        });
        return out;
      });
    },
  );
}
