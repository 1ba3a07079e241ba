import { coverageSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { findArea } from "../areas/areas.repository.js";
import { coverage } from "./stats.repository.js";

const tags = ["stats"];

/** Figures computed from the registry. */
export async function statsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/stats/coverage",
    {
      config: { permission: "areas.read" },
      schema: {
        tags,
        summary: "Party organisation coverage of units by kind in an area's subtree (default: the actor's scope)",
        querystring: z.object({
          areaCode: z
            .string()
            .regex(/^\d{12}(\d{3}){0,2}$/)
            .optional(),
        }),
        response: { 200: coverageSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const code = req.query.areaCode ?? actor.areaCode;
      const area = code ? await findArea(deps.db, actor, code) : null;
      if (!area) throw notFound();
      return coverage(deps.db, area);
    },
  );
}
