import { caseCategoryCreateSchema, caseCategorySchema, caseCategoryUpdateSchema, categoryCodeSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { createCategory, patchCategory, removeCategory } from "./categories.js";
import { findCategory, listCategories, markCategoriesChanged, toCategory } from "./categories.repository.js";

const tags = ["case-categories"];
const codeParams = z.object({ code: categoryCodeSchema });
const list = z.object({ items: z.array(caseCategorySchema) });

/** The two-level category table with its deadline rules and extra questions (Open311-style attributes). */
export async function categoryRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  r.get(
    "/api/v1/case-categories",
    {
      // Public on purpose: the report page offers these to residents without an account.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "The categories residents may report under (public and active), parents first, with their extra questions",
        response: { 200: list },
      },
    },
    async () => ({ items: (await listCategories(db, { publicOnly: true, activeOnly: true })).map(toCategory) }),
  );

  r.get(
    "/api/v1/case-categories/all",
    {
      config: { permission: "cases.read" },
      schema: { tags, summary: "Every category, inactive and staff-only ones included, with the deadline rules", response: { 200: list } },
    },
    async () => ({ items: (await listCategories(db)).map(toCategory) }),
  );

  r.get(
    "/api/v1/case-categories/:code",
    {
      config: { permission: "cases.read" },
      schema: { tags, summary: "One category", params: codeParams, response: { 200: caseCategorySchema } },
    },
    async (req) => {
      const row = await findCategory(db, req.params.code);
      if (!row) throw notFound();
      return toCategory(row);
    },
  );

  r.post(
    "/api/v1/case-categories",
    {
      config: { permission: "categories.manage" },
      schema: {
        tags,
        summary: "Add a category: a top-level class, or a category under a class of the same family",
        body: caseCategoryCreateSchema,
        response: { 201: caseCategorySchema },
      },
    },
    async (req, reply) => {
      const created = await db.tx((q) => createCategory(q, auditContext(req.actor, req.ip), req.body));
      markCategoriesChanged(db);
      return reply.status(201).send(created);
    },
  );

  r.patch(
    "/api/v1/case-categories/:code",
    {
      config: { permission: "categories.manage" },
      schema: {
        tags,
        summary: "Change a category: name, parent, keywords, public flag, deadline rules, extra questions, active, order",
        params: codeParams,
        body: caseCategoryUpdateSchema,
        response: { 200: caseCategorySchema },
      },
    },
    async (req) => {
      const updated = await db.tx((q) => patchCategory(q, auditContext(req.actor, req.ip), req.params.code, req.body));
      markCategoriesChanged(db);
      return updated;
    },
  );

  r.delete(
    "/api/v1/case-categories/:code",
    {
      config: { permission: "categories.manage" },
      schema: { tags, summary: "Remove an unused category (one in use is deactivated instead)", params: codeParams },
    },
    async (req, reply) => {
      await db.tx((q) => removeCategory(q, auditContext(req.actor, req.ip), req.params.code));
      markCategoriesChanged(db);
      return reply.status(204).send();
    },
  );
}
