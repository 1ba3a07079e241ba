import {
  ASSESSMENT_LEVELS,
  ASSESSMENT_METRICS,
  areaCodeSchema,
  assessmentCaseSchema,
  assessmentSchema,
  assessmentWeightsBodySchema,
  assessmentWeightsSchema,
  pageOf,
  pageQuerySchema,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { assess, clearWeights, drillDown, setWeights, weightsOf } from "./assessment.service.js";

const tags = ["assessment"];

/** A local calendar day, YYYY-MM-DD, that exists. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_format")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2000-01-01" && s <= "2099-12-31";
  }, "invalid_format");

const periodQuery = z.object({
  level: z.enum(ASSESSMENT_LEVELS),
  /** the area whose rows are shown; defaults to the actor's own */
  areaCode: areaCodeSchema.optional(),
  /** first and last local day of the period, inclusive; by default this month up to today */
  from: day.optional(),
  to: day.optional(),
});

const weightsView = assessmentWeightsSchema.extend({ areaCode: z.string() });

const DEFINITIONS =
  "Every figure is derived from cases and their events. due: cases whose deadline falls in the period (rejected and merged " +
  "cases never count). respondedOnTime: of those, first accepted by a handler by the deadline set when the case entered the ledger (its triage). onHold: of those, " +
  "with the clock stopped at the deadline. closedOnTime: of those due and not on hold, closed with the result that stood " +
  "reported by the deadline. judged: cases whose reported result got the resident's verdict in the period (a rating, or the " +
  "rating window running out), each counted once by its last verdict. solved: the last verdict did not reject the result " +
  "(rated satisfied or basically satisfied, or closed unrated). rated: cases rated in the period; satisfied: the last rating " +
  "was satisfied or basically satisfied (an unrated case is never satisfied). reworked: rated unsatisfied in the period. " +
  "responseRate = respondedOnTime/due; resolutionRate = solved/judged; satisfactionRate = satisfied/rated; onTimeRate = " +
  "closedOnTime/(due − onHold); reworkRate = reworked/judged; a rate over nothing is null. score = the weighted mean of the " +
  "response, resolution and satisfaction rates that are defined, × 100; the weights are those of the nearest area (the row's " +
  "own or an ancestor) that sets them, else 30/35/35. Grids count their sub-grids' cases; communities and streets their " +
  "area subtree's; departments and units the cases they are now responsible for.";

/** 动态考核: response, resolution and satisfaction rates, on-time closure and rework, scored and drillable to the cases. */
export async function assessmentRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/assessment",
    {
      config: { permission: "assessment.read" },
      schema: {
        tags,
        summary: "Assessment rows of a level (grid, community, street, department, unit) in the actor's scope over a period",
        description: DEFINITIONS,
        querystring: periodQuery,
        response: { 200: assessmentSchema },
      },
    },
    async (req) => {
      const { areaCode, period, rows } = await assess(db, req.actor!, req.query);
      return { level: req.query.level, areaCode, from: period.from, to: period.to, items: rows };
    },
  );

  r.get(
    "/api/v1/assessment/cases",
    {
      config: { permission: "assessment.read" },
      schema: {
        tags,
        summary: "The cases behind a figure of one row: the metric's numerator (numerator=true) or its whole denominator",
        description: DEFINITIONS,
        querystring: periodQuery.extend({
          ...pageQuerySchema.shape,
          /** the row: a grid id, area code, department id or unit id */
          key: z.string().min(1).max(64),
          metric: z.enum(ASSESSMENT_METRICS),
          numerator: z.enum(["true", "false"]).transform((v) => v === "true"),
        }),
        response: { 200: pageOf(assessmentCaseSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await drillDown(db, req.actor!, req.query);
      return { items: rows, total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/assessment/weights",
    {
      config: { permission: "assessment.read" },
      schema: {
        tags,
        summary: "The score weights in force for an area in scope (default: the actor's), and the area that sets them",
        querystring: z.object({ areaCode: areaCodeSchema.optional() }),
        response: { 200: weightsView },
      },
    },
    async (req) => weightsOf(db, req.actor!, req.query.areaCode),
  );

  r.put(
    "/api/v1/assessment/weights",
    {
      config: { permission: "assessment.manage" },
      schema: {
        tags,
        summary: "Set an area's own score weights (response, resolution, satisfaction; they sum to 100)",
        body: assessmentWeightsBodySchema,
        response: { 200: weightsView },
      },
    },
    async (req) => db.tx((q) => setWeights(q, req.actor!, req.body, auditContext(req.actor, req.ip))),
  );

  r.delete(
    "/api/v1/assessment/weights/:areaCode",
    {
      config: { permission: "assessment.manage" },
      schema: {
        tags,
        summary: "Remove an area's own weights: it inherits its nearest ancestor's (or the default) again",
        params: z.object({ areaCode: areaCodeSchema }),
        response: { 200: weightsView },
      },
    },
    async (req) => db.tx((q) => clearWeights(q, req.actor!, req.params.areaCode, auditContext(req.actor, req.ip))),
  );
}
