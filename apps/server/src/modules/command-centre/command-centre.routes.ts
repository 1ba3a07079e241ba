import { areaCodeSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";
import { summary, week } from "./command-centre.service.js";

const tags = ["command-centre"];

const rate = z.number().nullable();
const countsSchema = z.object({
  due: z.number(),
  respondedOnTime: z.number(),
  onHold: z.number(),
  closedOnTime: z.number(),
  judged: z.number(),
  solved: z.number(),
  rated: z.number(),
  satisfied: z.number(),
  reworked: z.number(),
});

const summarySchema = z.object({
  areaCode: z.string(),
  areaName: z.string(),
  asOf: z.string(),
  open: z.number(),
  overdue: z.number(),
  todayIntake: z.number(),
  ratesFrom: z.string(),
  ratesTo: z.string(),
  counts: countsSchema,
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  onTimeRate: rate,
  reworkRate: rate,
  score: rate,
});

const weekSchema = z.object({
  areaCode: z.string(),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  categories: z.array(z.object({ code: z.string(), name: z.string().nullable(), count: z.number() })),
  grids: z.array(z.object({ id: z.string(), name: z.string().nullable(), areaCode: z.string().nullable(), count: z.number() })),
});

/** A local calendar day, YYYY-MM-DD, that exists. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_format")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2000-01-01" && s <= "2099-12-31";
  }, "invalid_format");

/**
 * 指挥中心: an area's pulse and its week, for the leaders and staff of the area (the by-street and by-community rates
 * of a month are the assessment's, GET /api/v1/assessment, counted from the same rollups).
 */
export async function commandCentreRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/command-centre/summary",
    {
      config: { permission: "assessment.read" },
      schema: {
        tags,
        summary: "An area's pulse: open and overdue cases, cases reported today, and the assessment's rates over the last 30 days",
        description:
          "overdue: assigned or in progress past the deadline (as the ledger's filter). Rates and score as GET /api/v1/assessment defines " +
          "them, over the cases of the area's subtree, for the 30 local days ending today. The area defaults to the actor's own.",
        querystring: z.object({ areaCode: areaCodeSchema.optional() }),
        response: { 200: summarySchema },
      },
    },
    async (req) => summary(db, req.actor!, req.query),
  );

  r.get(
    "/api/v1/command-centre/week",
    {
      config: { permission: "assessment.read" },
      schema: {
        tags,
        summary: "Cases reported in an area in a week (Monday to Sunday): the total, the top categories and the hot grids",
        querystring: z.object({ areaCode: areaCodeSchema.optional(), day: day.optional() }),
        response: { 200: weekSchema },
      },
    },
    async (req) => week(db, req.actor!, req.query),
  );
}
