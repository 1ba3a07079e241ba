import {
  CASE_WORKFLOW_ACTIONS,
  type CaseWorkflowAction,
  caseActionBodySchemas,
  caseActionResultSchema,
  caseRatingBodySchema,
  caseStatusSchema,
  pickLocale,
} from "@gongzhi/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type AuditContext, auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, fieldIssues, notFound } from "../../platform/errors.js";
import { findCase, toCase } from "./cases.repository.js";
import { PHOTOS_BODY_LIMIT } from "./intake.js";
import { followMerges, trackedCase, trackingCodeSchema, trackingGuard } from "./intake.public.js";
import { takeAction } from "./workflow.service.js";

const tags = ["cases"];

/** Parses an action's body with its own schema; failures answer 400 like the route schemas do. */
function parseBody<A extends CaseWorkflowAction>(
  req: FastifyRequest,
  action: A,
  body: unknown,
): z.infer<(typeof caseActionBodySchemas)[A]> {
  const parsed = caseActionBodySchemas[action].safeParse(body ?? {});
  if (parsed.success) return parsed.data as z.infer<(typeof caseActionBodySchemas)[A]>;
  const issues = parsed.error.issues.map((i) => ({
    path: i.path,
    code: /received undefined/.test(i.message) ? "required" : i.code,
    message: i.message,
  }));
  throw new AppError("validation.failed", fieldIssues(issues, pickLocale(req.headers["accept-language"]), "body"));
}

/** The workflow actions on a case, and the reporter's rating by tracking code. */
export async function workflowRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;
  const guard = trackingGuard();

  r.post(
    "/api/v1/cases/:id/actions/:action",
    {
      // Any logged-in actor: the transition table and the actor's relation to the case decide.
      config: { permission: "authenticated" },
      // A work note may carry photos (six of up to 2 MB, as data URLs).
      bodyLimit: PHOTOS_BODY_LIMIT,
      schema: {
        tags,
        summary: "Take a workflow step on a case: accept, assign, escalate, transfer, note, hold, resume, resolve, reject, rate",
        description: [
          "The body depends on the action:",
          "accept {note?}; assign {handler:{kind,ref,label?}, note?}; escalate {reason?}; transfer {handler:{kind: department|unit|volunteer_team, ref, label?}, reason?};",
          "note {note, photos? (data URLs), serviceMode?}; request_hold {reason}; approve_hold {note?}; deny_hold {reason?}; resume {note?};",
          "resolve {result (the resident reads it), note?}; reject {reason (the resident reads it)}; rate {rating, comment?} (the reporter).",
          "A case the actor cannot see answers 404; a step the table does not allow to this actor in this status 422 domain.case_transition;",
          "a case changed by someone else meanwhile 409 conflict.case_changed.",
        ].join(" "),
        params: z.object({ id: z.string().uuid(), action: z.enum(CASE_WORKFLOW_ACTIONS) }),
        body: z.record(z.string(), z.unknown()).optional(),
        response: { 200: caseActionResultSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { id, action } = req.params;
      const body = parseBody(req, action, req.body);
      const status = await db.tx(async (q) => {
        const c = await findCase(q, actor, id);
        if (!c) throw notFound();
        return takeAction(q, { actor, audit: auditContext(actor, req.ip), deps, now: new Date() }, c, action, body as never);
      });
      const after = await findCase(db, actor, id);
      return { status, case: after ? toCase(after, actor, vault) : null };
    },
  );

  r.post(
    "/api/v1/cases/track/:code/rate",
    {
      // Public on purpose: whoever holds the tracking code is the reporter.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "The reporter rates the result with the case's tracking code (within the rating window)",
        description:
          "satisfied or basically_satisfied closes the case; unsatisfied sends it back to the same handler for rework with a new deadline.",
        params: z.object({ code: trackingCodeSchema }),
        body: caseRatingBodySchema,
        response: { 200: z.object({ status: caseStatusSchema }) },
      },
    },
    async (req) => {
      const audit: AuditContext = { ...auditContext(null, req.ip), actorLabel: "居民（凭查询码）" };
      const status = await db.tx(async (q) => {
        // A reporter whose case was merged into another rates the case it was merged into.
        const c = await followMerges(q, await trackedCase(q, guard, req, req.params.code));
        return takeAction(q, { actor: null, audit, deps, now: new Date(), extraRelations: ["reporter"] }, c, "rate", req.body);
      });
      return { status };
    },
  );
}
