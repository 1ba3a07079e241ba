import { areaCodeSchema, calendarDaySchema, workingHoursSchema, workingWindowSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import {
  clockToMinutes,
  deleteCalendarDay,
  deleteWorkingHours,
  findCalendarDay,
  findWorkingHours,
  listCalendarDays,
  listWorkingHours,
  putCalendarDay,
  putWorkingHours,
} from "../calendar/calendar.repository.js";

const tags = ["calendar"];
const day = z.iso.date().refine((d) => d >= "2000-01-01" && d <= "2100-12-31", "invalid_format");
const windowsBody = z.object({ windows: z.array(workingWindowSchema).min(1).max(6) }).superRefine((b, ctx) => {
  let lastEnd = -1;
  b.windows.forEach((w, i) => {
    const s = clockToMinutes(w.start);
    const e = clockToMinutes(w.end);
    if (e <= s || s < lastEnd) ctx.addIssue({ code: "custom", path: ["windows", i, "end"], message: "invalid_value" });
    lastEnd = e;
  });
});

/**
 * The working calendar as editable data: holidays and make-up working days (seeded from `chinese-days`), and
 * the working windows of areas (an area without its own takes its nearest ancestor's, else 9:00–12:00,
 * 13:30–17:30). Deadlines are computed on it; a change reaches every process's cached calendars at once.
 */
export async function calendarDataRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/calendar-days",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "Days that differ from the Monday–Friday week: public holidays and make-up working days (调休)",
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), from: day.optional(), to: day.optional() }),
        response: { 200: z.object({ items: z.array(calendarDaySchema) }) },
      },
    },
    async (req) => ({ items: await listCalendarDays(db, req.query) }),
  );

  r.put(
    "/api/v1/calendar-days/:day",
    {
      config: { permission: "calendar.manage" },
      schema: {
        tags,
        summary: "Mark a day as a holiday or a working day",
        params: z.object({ day }),
        body: z.object({ kind: z.enum(["holiday", "workday"]), name: z.string().trim().max(40).default("") }),
        response: { 200: calendarDaySchema },
      },
    },
    async (req) => {
      const value = { day: req.params.day, kind: req.body.kind, name: req.body.name };
      return db.tx(async (q) => {
        const before = await findCalendarDay(q, value.day);
        await putCalendarDay(q, value);
        await writeAudit(q, auditContext(req.actor, req.ip), {
          action: "calendar_day.put",
          objectType: "calendar_day",
          objectId: value.day,
          before: before ?? undefined,
          after: value,
        });
        return value;
      });
    },
  );

  r.delete(
    "/api/v1/calendar-days/:day",
    {
      config: { permission: "calendar.manage" },
      schema: { tags, summary: "Make a day ordinary again (worked Monday to Friday)", params: z.object({ day }) },
    },
    async (req, reply) => {
      await db.tx(async (q) => {
        const before = await findCalendarDay(q, req.params.day);
        if (!before || !(await deleteCalendarDay(q, req.params.day))) throw notFound();
        await writeAudit(q, auditContext(req.actor, req.ip), {
          action: "calendar_day.delete",
          objectType: "calendar_day",
          objectId: req.params.day,
          before,
        });
      });
      return reply.status(204).send();
    },
  );

  r.get(
    "/api/v1/working-hours",
    {
      config: { permission: "calendar.manage" },
      schema: {
        tags,
        summary: "Areas in scope with working hours of their own",
        response: { 200: z.object({ items: z.array(workingHoursSchema) }) },
      },
    },
    async (req) => ({ items: await listWorkingHours(db, req.actor!) }),
  );

  r.put(
    "/api/v1/working-hours/:areaCode",
    {
      config: { permission: "calendar.manage" },
      schema: {
        tags,
        summary: "Set the working windows of an area (and of its sub-areas without their own)",
        params: z.object({ areaCode: areaCodeSchema }),
        body: windowsBody,
        response: { 200: workingHoursSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { areaCode } = req.params;
      if (!inActorScope(actor, areaCode)) throw new AppError("domain.area_outside_scope", { field: "areaCode" });
      return db.tx(async (q) => {
        if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [areaCode])).rows.length) throw new AppError("domain.area_unknown");
        const before = await findWorkingHours(q, areaCode);
        await putWorkingHours(
          q,
          areaCode,
          req.body.windows.map((w) => [clockToMinutes(w.start), clockToMinutes(w.end)]),
        );
        const after = (await findWorkingHours(q, areaCode))!;
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "working_hours.put",
          objectType: "working_hours",
          objectId: areaCode,
          areaCode,
          before: before ?? undefined,
          after,
        });
        return after;
      });
    },
  );

  r.delete(
    "/api/v1/working-hours/:areaCode",
    {
      config: { permission: "calendar.manage" },
      schema: {
        tags,
        summary: "Remove an area's own working hours (its ancestor's apply again)",
        params: z.object({ areaCode: areaCodeSchema }),
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const { areaCode } = req.params;
      if (!inActorScope(actor, areaCode)) throw notFound();
      await db.tx(async (q) => {
        const before = await findWorkingHours(q, areaCode);
        if (!before || !(await deleteWorkingHours(q, areaCode))) throw notFound();
        await writeAudit(q, auditContext(actor, req.ip), {
          action: "working_hours.delete",
          objectType: "working_hours",
          objectId: areaCode,
          areaCode,
          before,
        });
      });
      return reply.status(204).send();
    },
  );
}
