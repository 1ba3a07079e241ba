import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { Deps, RoutePermission } from "./context.js";
import { AppError } from "./errors.js";
import { resolveApiKey, resolveSession, SESSION_COOKIE } from "./sessions.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface RouteRow {
  method: string;
  url: string;
  permission: RoutePermission | "MISSING";
}

/**
 * Installs authentication and authorization for every route: resolves the actor from the session
 * cookie or an API key, enforces the route's declared permission and the CSRF token of cookie-borne
 * writes, and refuses to start when a route declares no permission.
 */
export function installGuard(app: FastifyInstance, deps: Deps): { routes: () => RouteRow[] } {
  const routes: RouteOptions[] = [];
  app.decorateRequest("actor", null);
  app.decorateRequest("authVia", null);
  app.decorateRequest("sessionExpired", false);

  app.addHook("onRoute", (route) => {
    routes.push(route);
  });

  const table = (): RouteRow[] => {
    const rows: RouteRow[] = [];
    for (const r of routes) {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      for (const m of methods) {
        if (m === "HEAD") continue;
        rows.push({ method: m, url: r.url, permission: r.config?.permission ?? "MISSING" });
      }
    }
    return rows.sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  };

  app.addHook("onReady", async () => {
    const missing = table().filter((r) => r.permission === "MISSING");
    if (missing.length) {
      throw new Error(`Every route must declare its permission; these do not: ${missing.map((r) => `${r.method} ${r.url}`).join(", ")}`);
    }
  });

  app.addHook("onRequest", async (req: FastifyRequest) => {
    const config = req.routeOptions.config;
    const permission = config?.permission;
    await authenticate(req, deps);
    if (!permission || permission === "public") return;
    if (!req.actor) throw new AppError(req.sessionExpired ? "auth.session_expired" : "auth.required");
    if (permission !== "authenticated" && !req.actor.permissions.has(permission)) throw new AppError("forbidden");
    if (req.authVia === "cookie" && !SAFE_METHODS.has(req.method) && config?.csrf !== false) {
      const header = req.headers["x-csrf-token"];
      if (typeof header !== "string" || header !== req.actor.csrfToken) throw new AppError("auth.csrf");
    }
  });

  return { routes: table };
}

async function authenticate(req: FastifyRequest, deps: Deps): Promise<void> {
  const apiKey = req.headers["x-api-key"] ?? bearer(req.headers.authorization);
  if (typeof apiKey === "string" && apiKey) {
    const actor = await resolveApiKey(deps.db, apiKey);
    if (!actor) throw new AppError("auth.invalid_api_key");
    req.actor = actor;
    req.authVia = "api_key";
    return;
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (token) {
    const actor = await resolveSession(deps.db, token, deps.config.sessionIdleMs);
    if (actor) {
      req.actor = actor;
      req.authVia = "cookie";
    } else {
      req.sessionExpired = true;
    }
  }
}

function bearer(h: string | undefined): string | undefined {
  return h?.startsWith("Bearer ") ? h.slice(7).trim() : undefined;
}
