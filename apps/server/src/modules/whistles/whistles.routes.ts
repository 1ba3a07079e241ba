import {
  pageOf,
  pageQuerySchema,
  WHISTLE_LEVELS,
  type WhistleStep,
  whistleCloseBodySchema,
  whistleCreateSchema,
  whistleEvaluateBodySchema,
  whistleInboxItemSchema,
  whistleResultBodySchema,
  whistleSchema,
  whistleStepBodySchema,
  whistleTaskSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "../../platform/actor.js";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { findWhistle, listInbox, listWhistles, tasksOf, toInboxItem, toTask, toWhistle } from "./whistles.repository.js";
import { blowWhistle, closeWhistle, evaluateTask, takeStep } from "./whistles.service.js";

const tags = ["whistles"];
const idParams = z.object({ id: z.string().uuid() });
const boolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

/** 街乡吹哨、部门报到: whistles, the summoned parties' tasks, their evaluation, and the whistle board. */
export async function whistleRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const whistleView = async (actor: Actor, id: string) => {
    const w = await findWhistle(db, actor, id);
    if (!w) throw notFound();
    return toWhistle(w, (await tasksOf(db, [w.id])).get(w.id)!, actor);
  };

  r.post(
    "/api/v1/whistles",
    {
      config: { permission: "whistles.blow" },
      schema: {
        tags,
        summary: "Blow a whistle on a case or a situation, summoning departments and units",
        description:
          "Each summoned party gets a task with deadlines: urgent whistles report in within 30 minutes (wall clock); every party " +
          "signs within 1 working hour, contacts within 24 working hours and reports the result within 3 (urgent) or 5 (ordinary) " +
          "working days, on the working calendar of the whistle's area. Departments of the governments in or above the actor's " +
          "scope and units inside it may be summoned.",
        body: whistleCreateSchema,
        response: { 201: whistleSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const id = await db.tx((q) => blowWhistle(q, actor, req.body, auditContext(actor, req.ip)));
      return reply.status(201).send(await whistleView(actor, id));
    },
  );

  r.get(
    "/api/v1/whistles",
    {
      config: { permission: "whistles.read" },
      schema: {
        tags,
        summary: "The whistle board: whistles in scope (staff) or summoning the actor's department or unit, with each party's steps",
        querystring: pageQuerySchema.extend({
          status: z.enum(["open", "closed", "all"]).default("open"),
          level: z.enum(WHISTLE_LEVELS).optional(),
          caseId: z.string().uuid().optional(),
          areaCode: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
          lateOnly: boolQuery.optional(),
        }),
        response: { 200: pageOf(whistleSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const now = new Date();
      const { rows, tasks, total } = await listWhistles(db, actor, req.query);
      return {
        items: rows.map((w) => toWhistle(w, tasks.get(w.id)!, actor, now)),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  r.get(
    "/api/v1/whistles/:id",
    {
      config: { permission: "whistles.read" },
      schema: { tags, summary: "One whistle with its tasks", params: idParams, response: { 200: whistleSchema } },
    },
    async (req) => whistleView(req.actor!, req.params.id),
  );

  r.post(
    "/api/v1/whistles/:id/close",
    {
      config: { permission: "whistles.blow" },
      schema: {
        tags,
        summary: "Close a whistle (its area's staff)",
        params: idParams,
        body: whistleCloseBodySchema,
        response: { 200: whistleSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      await db.tx((q) => closeWhistle(q, actor, req.params.id, req.body.note, auditContext(actor, req.ip)));
      return whistleView(actor, req.params.id);
    },
  );

  r.get(
    "/api/v1/whistle-tasks/mine",
    {
      config: { permission: "whistles.respond" },
      schema: {
        tags,
        summary: "The inbox of the actor's department or unit: its tasks with their deadlines and lateness",
        querystring: pageQuerySchema.extend({ status: z.enum(["open", "all"]).default("open") }),
        response: { 200: pageOf(whistleInboxItemSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const now = new Date();
      const { rows, total } = await listInbox(db, actor, req.query);
      return {
        items: rows.map(({ task, whistle }) => toInboxItem(task, whistle, actor, now)),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  const steps: [string, WhistleStep, string, typeof whistleStepBodySchema | typeof whistleResultBodySchema][] = [
    ["report-in", "report_in", "Report in (到场报到)", whistleStepBodySchema],
    ["sign", "sign", "Sign for the task (签收)", whistleStepBodySchema],
    ["contact", "contact", "Record the contact made (联系); after signing", whistleStepBodySchema],
    ["result", "result", "Report the result (反馈结果); after signing", whistleResultBodySchema],
  ];
  for (const [path, step, summary, body] of steps) {
    r.post(
      `/api/v1/whistle-tasks/:id/${path}`,
      {
        config: { permission: "whistles.respond" },
        schema: {
          tags,
          summary: `${summary}: the summoned party's accounts only, once`,
          params: idParams,
          body,
          response: { 200: whistleTaskSchema },
        },
      },
      async (req) => {
        const actor = req.actor!;
        const { task, whistle } = await db.tx((q) => takeStep(q, actor, req.params.id, step, req.body.note, auditContext(actor, req.ip)));
        return toTask(task, whistle, actor);
      },
    );
  }

  r.post(
    "/api/v1/whistle-tasks/:id/evaluate",
    {
      config: { permission: "whistles.blow" },
      schema: {
        tags,
        summary: "Evaluate a summoned party's response (score 0–100 and a comment; the whistle's area staff)",
        params: idParams,
        body: whistleEvaluateBodySchema,
        response: { 200: whistleTaskSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { task, whistle } = await db.tx((q) => evaluateTask(q, actor, req.params.id, req.body, auditContext(actor, req.ip)));
      return toTask(task, whistle, actor);
    },
  );
}
