import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.js";
import { analysisRoutes } from "./analysis.routes.js";
import { calendarDataRoutes } from "./calendar-data.routes.js";
import { categoryRoutes } from "./categories.routes.js";
import { handlerRoutes } from "./handlers.routes.js";
import { intakeRoutes } from "./intake.routes.js";
import { ledgerRoutes } from "./ledger.routes.js";

/**
 * The 民情 loop's intake, analysis and ledger, with its reference data (categories, the working calendar, the
 * routing table). The workflow steps after triage live in their own module.
 */
export async function caseRoutes(app: FastifyInstance, deps: Deps) {
  await categoryRoutes(app, deps);
  await calendarDataRoutes(app, deps);
  await intakeRoutes(app, deps);
  await analysisRoutes(app, deps);
  await handlerRoutes(app, deps);
  await ledgerRoutes(app, deps);
}
