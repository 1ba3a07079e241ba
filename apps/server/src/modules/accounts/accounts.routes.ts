import { accountCreateSchema, accountSchema, accountUpdateSchema, pageOf, pageQuerySchema, roleSchema } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { markSessionsChanged } from "../../platform/sessions.js";
import { findAccount, listAccounts, toAccount } from "./accounts.repository.js";
import { createAccount, resetPassword, updateAccount } from "./accounts.service.js";

const idParams = z.object({ id: z.string().uuid() });
const tags = ["accounts"];

/** Account administration: list, create, update, reset password. */
export async function accountRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const perm = { permission: "accounts.manage" as const };

  r.get(
    "/api/v1/accounts",
    {
      config: perm,
      schema: {
        tags,
        summary: "Accounts in the actor's scope",
        querystring: pageQuerySchema.extend({ q: z.string().max(64).optional(), role: roleSchema.optional() }),
        response: { 200: pageOf(accountSchema) },
      },
    },
    async (req) => {
      const { rows, total } = await listAccounts(deps.db, req.actor!, req.query);
      return { items: rows.map((a) => toAccount(a, req.actor!)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/accounts/:id",
    { config: perm, schema: { tags, summary: "One account", params: idParams, response: { 200: accountSchema } } },
    async (req) => {
      const acc = await findAccount(deps.db, req.actor!, req.params.id);
      if (!acc) throw notFound();
      return toAccount(acc, req.actor!);
    },
  );

  r.post(
    "/api/v1/accounts",
    { config: perm, schema: { tags, summary: "Create an account", body: accountCreateSchema, response: { 201: accountSchema } } },
    async (req, reply) => {
      const acc = await deps.db.tx((q) => createAccount(q, req.actor!, req.body, auditContext(req.actor, req.ip)));
      return reply.status(201).send(toAccount(acc, req.actor!));
    },
  );

  r.patch(
    "/api/v1/accounts/:id",
    {
      config: perm,
      schema: {
        tags,
        summary: "Change roles, binding, name or status",
        params: idParams,
        body: accountUpdateSchema,
        response: { 200: accountSchema },
      },
    },
    async (req) => {
      const acc = await deps.db.tx((q) => updateAccount(q, req.actor!, req.params.id, req.body, auditContext(req.actor, req.ip)));
      markSessionsChanged(deps.db);
      return toAccount(acc, req.actor!);
    },
  );

  r.post(
    "/api/v1/accounts/:id/reset-password",
    {
      config: perm,
      schema: {
        tags,
        summary: "Set a new password; the owner changes it at next login",
        params: idParams,
        body: z.object({ password: z.string().min(1).max(256) }),
      },
    },
    async (req, reply) => {
      await deps.db.tx((q) => resetPassword(q, req.actor!, req.params.id, req.body.password, auditContext(req.actor, req.ip)));
      markSessionsChanged(deps.db);
      return reply.status(204).send();
    },
  );
}
