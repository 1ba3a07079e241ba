import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Actor } from "./actor.js";
import type { Vault } from "./crypto.js";

/** What every module needs from the platform, passed explicitly (no container). */
export interface Deps {
  config: Config;
  db: Db;
  vault: Vault;
}

export type RoutePermission = import("@gongzhi/contracts").Permission | "public" | "authenticated";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Every route declares what it needs: a permission, any logged-in actor, or public on purpose. */
    permission?: RoutePermission;
    /** Cookie-authenticated writes need the CSRF token unless a route opts out (login). */
    csrf?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** How the actor was authenticated: by session cookie, by API key, or not at all. */
    authVia: "cookie" | "api_key" | null;
    /** Set when a session cookie came with the request but its session is gone or expired. */
    sessionExpired: boolean;
  }
}
