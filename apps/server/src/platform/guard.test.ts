import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { createTestContext, type TestContext } from "../test/harness.js";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe("route permissions", () => {
  it("every route declares its permission; the table is reviewed as a permission change", async () => {
    const rows = t.app.routePermissions();
    expect(rows.filter((r) => r.permission === "MISSING")).toEqual([]);
    const table = rows
      .filter((r) => !r.url.startsWith("/api/docs/static") && r.url !== "/*")
      .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(44)} ${r.permission}`)
      .join("\n");
    await expect(`${table}\n`).toMatchFileSnapshot("./__snapshots__/route-permissions.txt");
  });

  it("the app refuses to start when a route declares no permission", async () => {
    const undeclared = async (app: FastifyInstance) => {
      app.get("/api/v1/forgotten", async () => ({ secret: true }));
    };
    await expect(buildApp(t.deps, { extraModules: [undeclared] })).rejects.toThrow(/GET \/api\/v1\/forgotten/);
  });

  it("a route's permission is enforced: 401 without an actor, 403 without the permission", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/accounts" });
    expect(res.statusCode).toBe(401);
  });
});
