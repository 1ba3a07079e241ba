import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAccount(db, { username: "admin", roles: ["admin"], areaCode: "150600000000" });
    },
  });
});
afterAll(() => t.close());

describe("liveness and readiness", () => {
  it("GET /health answers 200 without a session", async () => {
    const res = await anonymous(t.app).get("/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("GET /ready answers 200 once the database answers", async () => {
    const res = await anonymous(t.app).get("/ready");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ready", database: t.db.kind });
  });
});

describe("metrics", () => {
  it("GET /metrics is Prometheus text that counts the requests served", async () => {
    const a = anonymous(t.app);
    expect((await a.get("/health")).status).toBe(200);
    expect((await a.get("/api/v1/me")).status).toBe(401);
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toContain("# TYPE gongzhi_http_requests_total counter");
    expect(text).toMatch(/^gongzhi_http_requests_total\{[^}]*route="\/health"[^}]*status="200"[^}]*\} [1-9]\d*$/m);
    expect(text).toMatch(/^gongzhi_http_requests_total\{[^}]*route="\/api\/v1\/me"[^}]*status="401"[^}]*\} [1-9]\d*$/m);
    expect(text).toContain("gongzhi_http_request_duration_seconds_bucket");
    expect(text).toContain("gongzhi_process_cpu_user_seconds_total");
  });

  it("the counter grows with each request", async () => {
    const count = async () => {
      const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
      const line = text
        .split("\n")
        .find((l) => /^gongzhi_http_requests_total\{/.test(l) && l.includes('route="/health"') && l.includes('status="200"'));
      return Number(line?.split(" ").at(-1) ?? 0);
    };
    const before = await count();
    for (let i = 0; i < 3; i++) await anonymous(t.app).get("/health");
    expect(await count()).toBe(before + 3);
  });

  it("labels requests by route template, never by the path with its ids or unknown paths", async () => {
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    const id = "8d8ac610-566d-4ef0-9c22-186b2a5ed793";
    expect((await admin.get(`/api/v1/people/${id}`)).status).toBe(404);
    expect((await admin.get("/api/v1/no-such-endpoint-4711")).status).toBe(404);
    const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(text).toContain('route="/api/v1/people/:id"');
    expect(text).not.toContain(id);
    expect(text).toMatch(/^gongzhi_http_requests_total\{[^}]*route="unmatched"[^}]*status="404"[^}]*\} [1-9]\d*$/m);
    expect(text).not.toContain("no-such-endpoint-4711");
  });
});

describe("API documentation", () => {
  it("GET /api/openapi.json is an OpenAPI 3 document of the API with its request bodies", async () => {
    const res = await anonymous(t.app).get("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("Gongzhi API");
    for (const path of [
      "/api/v1/auth/login",
      "/api/v1/people",
      "/api/v1/people/{id}",
      "/api/v1/accounts",
      "/api/v1/areas",
      "/api/v1/audit",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const login = doc.paths["/api/v1/auth/login"].post;
    const loginSchema = login.requestBody.content["application/json"].schema;
    expect(loginSchema.required).toEqual(expect.arrayContaining(["username", "password"]));
    expect(Object.keys(loginSchema.properties)).toEqual(expect.arrayContaining(["username", "password"]));
    const createPerson = doc.paths["/api/v1/people"].post.requestBody.content["application/json"].schema;
    expect(Object.keys(createPerson.properties)).toEqual(expect.arrayContaining(["name", "areaCode", "idNumber", "phone"]));
    expect(doc.paths["/api/v1/people"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["page", "pageSize", "q"]),
    );
    expect(doc.components.securitySchemes).toHaveProperty("session");
    // Operational endpoints and the document itself are not part of the API description.
    expect(doc.paths).not.toHaveProperty(["/metrics"]);
    expect(doc.paths).not.toHaveProperty(["/api/openapi.json"]);
  });

  it("GET /api/docs serves the documentation page", async () => {
    let res = await t.app.inject({ method: "GET", url: "/api/docs" });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      res = await t.app.inject({ method: "GET", url: new URL(String(res.headers.location), "http://localhost/api/docs").pathname });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body).toContain("swagger");
    const slash = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(slash.statusCode).toBe(200);
    expect(slash.body).toMatch(/<html/i);
  });
});
