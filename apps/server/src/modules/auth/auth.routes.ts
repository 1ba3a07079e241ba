import { loginBodySchema, meSchema, passwordChangeBodySchema } from "@gongzhi/contracts";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorFromAccount } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { createRateLimiter } from "../../platform/rate-limit.js";
import { deleteSession, markSessionsChanged, SESSION_COOKIE } from "../../platform/sessions.js";
import { changePassword, describeActor, login } from "./auth.service.js";

/** Login, logout, password change and the current actor. */
export async function authRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limiter = createRateLimiter(deps.config.loginRatePerMinute, 60_000);
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: "/" });

  r.post(
    "/api/v1/auth/login",
    {
      config: { permission: "public", csrf: false },
      schema: { tags: ["auth"], summary: "Log in with a username and password", body: loginBodySchema, response: { 200: meSchema } },
    },
    async (req, reply) => {
      const wait = limiter.hit(req.ip);
      if (wait > 0) throw new AppError("rate_limited", { retryAfterSeconds: wait }, 429);
      const out = await login(deps.db, req.body, {
        ttlMs: deps.config.sessionTtlMs,
        ip: req.ip,
        userAgent: req.headers["user-agent"] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, out.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: deps.config.cookieSecure,
        expires: out.expiresAt,
      });
      return describeActor(deps.db, actorFromAccount(out.account, { id: "", csrf: out.csrf }));
    },
  );

  r.post(
    "/api/v1/auth/logout",
    { config: { permission: "authenticated" }, schema: { tags: ["auth"], summary: "End the current session" } },
    async (req, reply) => {
      const actor = req.actor!;
      if (actor.sessionId) {
        await deleteSession(deps.db, actor.sessionId);
        markSessionsChanged(deps.db);
        await writeAudit(deps.db, auditContext(actor, req.ip), {
          action: "auth.logout",
          objectType: "account",
          objectId: actor.id,
          areaCode: actor.areaCode,
        });
      }
      clearCookie(reply);
      return reply.status(204).send();
    },
  );

  r.post(
    "/api/v1/auth/password",
    {
      config: { permission: "authenticated" },
      schema: { tags: ["auth"], summary: "Change the current account's password", body: passwordChangeBodySchema },
    },
    async (req, reply) => {
      if (req.actor!.kind !== "account") throw new AppError("forbidden");
      await deps.db.tx((q) => changePassword(q, req.actor!, req.body, auditContext(req.actor, req.ip)));
      markSessionsChanged(deps.db);
      return reply.status(204).send();
    },
  );

  r.get(
    "/api/v1/me",
    {
      config: { permission: "authenticated" },
      schema: { tags: ["auth"], summary: "The current actor: roles, scope, abilities and CSRF token", response: { 200: meSchema } },
    },
    async (req) => describeActor(deps.db, req.actor!),
  );

  r.get(
    "/api/v1/auth/status",
    {
      config: { permission: "public" },
      schema: { tags: ["auth"], summary: "Whether the caller is logged in", response: { 200: z.object({ authenticated: z.boolean() }) } },
    },
    async (req) => ({ authenticated: !!req.actor }),
  );
}
