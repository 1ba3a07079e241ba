import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, TEST_PASSWORD } from "../../test/factories.js";
import { anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildRegistryFixture, CITY, COMMUNITY, FAR, STREET } from "../../test/registry-fixture.js";

const OTHER_STREET_COMMUNITY = FAR;
let deptId = "";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildRegistryFixture(db);
      deptId = (await db.query<{ id: string }>("INSERT INTO departments (name, area_code) VALUES ('城管局', '150603000000') RETURNING id"))
        .rows[0]!.id;
      await buildAccount(db, { username: "root", roles: ["admin"], areaCode: CITY });
      await buildAccount(db, { username: "street-admin", roles: ["admin"], areaCode: STREET });
      await buildAccount(db, { username: "worker", roles: ["community_staff"], areaCode: COMMUNITY });
    },
  });
});
afterAll(() => t.close());

describe("account administration", () => {
  it("an admin creates a community worker who must change the password, with abilities on each account", async () => {
    const admin = await loginAs(t.app, "street-admin", TEST_PASSWORD);
    const res = await admin.post("/api/v1/accounts", {
      username: "new-worker",
      displayName: "新社工",
      password: "Initial2026pw",
      roles: ["community_staff"],
      areaCode: COMMUNITY,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: "new-worker", roles: ["community_staff"], areaCode: COMMUNITY, status: "active" });
    expect(res.body.abilities).toEqual({ update: true, resetPassword: true, disable: true });
    const user = await loginAs(t.app, "new-worker", "Initial2026pw");
    expect((await user.get("/api/v1/me")).body.mustChangePassword).toBe(true);
    const audit = await t.db.query<{ after: Record<string, unknown> }>(
      "SELECT after FROM audit_log WHERE action = 'account.create' AND object_id = $1",
      [res.body.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]!.after)).not.toContain("Initial2026pw");
  });

  it("refuses to bind an account outside the admin's own scope, or an area-bound role without an area", async () => {
    const admin = await loginAs(t.app, "street-admin", TEST_PASSWORD);
    const outside = await admin.post("/api/v1/accounts", {
      username: "xx1",
      displayName: "x",
      password: "Initial2026pw",
      roles: ["community_staff"],
      areaCode: OTHER_STREET_COMMUNITY,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe("domain.scope_outside");
    const unbound = await admin.post("/api/v1/accounts", {
      username: "xx2",
      displayName: "x",
      password: "Initial2026pw",
      roles: ["grid_worker"],
    });
    expect(unbound.status).toBe(422);
    expect(unbound.body.code).toBe("domain.scope_required");
    // A district department is above a street admin's scope.
    const dept = await admin.post("/api/v1/accounts", {
      username: "xx3",
      displayName: "x",
      password: "Initial2026pw",
      roles: ["department"],
      departmentId: deptId,
    });
    expect(dept.status).toBe(422);
    const n = await t.db.query("SELECT 1 FROM accounts WHERE username IN ('xx1','xx2','xx3')");
    expect(n.rows).toHaveLength(0);
  });

  it("a city admin binds a department account, and a taken username answers 409", async () => {
    const admin = await loginAs(t.app, "root", TEST_PASSWORD);
    const ok = await admin.post("/api/v1/accounts", {
      username: "dept-1",
      displayName: "城管",
      password: "Initial2026pw",
      roles: ["department"],
      departmentId: deptId,
    });
    expect(ok.status).toBe(201);
    const taken = await admin.post("/api/v1/accounts", {
      username: "DEPT-1",
      displayName: "城管",
      password: "Initial2026pw",
      roles: ["department"],
      departmentId: deptId,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("conflict.username_taken");
  });

  it("disabling an account ends its sessions; an admin cannot disable itself", async () => {
    const admin = await loginAs(t.app, "street-admin", TEST_PASSWORD);
    const worker = await loginAs(t.app, "worker", TEST_PASSWORD);
    const list = await admin.get("/api/v1/accounts?q=worker");
    const target = list.body.items.find((a: { username: string }) => a.username === "worker");
    expect((await admin.patch(`/api/v1/accounts/${target.id}`, { status: "disabled" })).status).toBe(200);
    expect((await worker.get("/api/v1/me")).status).toBe(401);
    const me = (await admin.get("/api/v1/me")).body;
    const self = await admin.patch(`/api/v1/accounts/${me.id}`, { status: "disabled" });
    expect(self.status).toBe(422);
    expect(self.body.code).toBe("domain.cannot_disable_self");
    expect((await admin.patch(`/api/v1/accounts/${target.id}`, { status: "active" })).status).toBe(200);
  });

  it("a reset password works once and must be changed", async () => {
    const admin = await loginAs(t.app, "street-admin", TEST_PASSWORD);
    const target = (await admin.get("/api/v1/accounts?q=worker")).body.items.find((a: { username: string }) => a.username === "worker");
    expect((await admin.post(`/api/v1/accounts/${target.id}/reset-password`, { password: "weak" })).status).toBe(422);
    expect((await admin.post(`/api/v1/accounts/${target.id}/reset-password`, { password: "Reset2026pass" })).status).toBe(204);
    expect((await anonymous(t.app).post("/api/v1/auth/login", { username: "worker", password: TEST_PASSWORD })).status).toBe(401);
    const w = await loginAs(t.app, "worker", "Reset2026pass");
    expect((await w.get("/api/v1/me")).body.mustChangePassword).toBe(true);
  });

  it("only administrators manage accounts", async () => {
    const worker = await loginAs(t.app, "worker", "Reset2026pass");
    const res = await worker.get("/api/v1/accounts");
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("您没有执行此操作的权限");
  });
});
