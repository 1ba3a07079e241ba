import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION_CHECK_MS } from "../../db/versioned.js";
import { buildAccount, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { LOCK_AFTER, lockMinutes } from "./auth.service.js";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAccount(db, { username: "alice", roles: ["admin"], areaCode: "150600000000", displayName: "Alice" });
      await buildAccount(db, { username: "bob", roles: ["leader"], areaCode: "150600000000" });
      await buildAccount(db, { username: "carol", roles: ["leader"], areaCode: "150600000000" });
      await buildAccount(db, { username: "dave", roles: ["leader"], areaCode: "150600000000" });
    },
  });
});
afterAll(() => t.close());

describe("login and logout", () => {
  it("logs in, answers /me with roles, scope and a CSRF token, and logs out", async () => {
    const a = await loginAs(t.app, "alice", TEST_PASSWORD);
    const me = await a.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: "alice",
      roles: ["admin"],
      scope: { kind: "area", areaCode: "150600000000", areaName: "鄂尔多斯市" },
    });
    expect(me.body.permissions).toContain("accounts.manage");
    expect(me.body.csrfToken).toBe(a.csrf);
    expect((await a.post("/api/v1/auth/logout")).status).toBe(204);
    expect(a.cookie).toBeNull();
    expect((await a.get("/api/v1/me")).status).toBe(401);
  });

  it("sets an httpOnly SameSite cookie", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username: "alice", password: TEST_PASSWORD } });
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it("refuses a wrong password with a message in the caller's language", async () => {
    const a = anonymous(t.app);
    const zh = await a.post("/api/v1/auth/login", { username: "alice", password: "nope" });
    expect(zh.status).toBe(401);
    expect(zh.body).toMatchObject({ code: "auth.invalid_credentials", message: "用户名或密码错误" });
    const en = await a.post("/api/v1/auth/login", { username: "alice", password: "nope" }, { "accept-language": "en-US,en;q=0.9" });
    expect(en.body.message).toBe("Wrong username or password");
    const unknown = await a.post("/api/v1/auth/login", { username: "nobody", password: "nope" });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe("auth.invalid_credentials");
    await t.db.query("UPDATE accounts SET failed_logins = 0, locked_until = NULL");
  });

  it("unauthenticated calls get 401", async () => {
    const res = await anonymous(t.app).get("/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("auth.required");
  });
});

describe("lock-out back-off", () => {
  it("locks after repeated failures, for longer each time, even against the right password", async () => {
    const a = anonymous(t.app);
    for (let i = 1; i < LOCK_AFTER; i++) {
      expect((await a.post("/api/v1/auth/login", { username: "bob", password: "wrong" })).status).toBe(401);
    }
    const locking = await a.post("/api/v1/auth/login", { username: "bob", password: "wrong" });
    expect(locking.status).toBe(429);
    expect(locking.body.code).toBe("auth.locked");
    expect(locking.body.details.retryAfterSeconds).toBe(60);
    const right = await a.post("/api/v1/auth/login", { username: "bob", password: TEST_PASSWORD });
    expect(right.status).toBe(429);
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
    // The lock runs out; the next failure locks for twice as long.
    await t.db.query("UPDATE accounts SET locked_until = now() - interval '1 second' WHERE username = 'bob'");
    const again = await a.post("/api/v1/auth/login", { username: "bob", password: "wrong" });
    expect(again.status).toBe(429);
    expect(again.body.details.retryAfterSeconds).toBe(120);
    await t.db.query("UPDATE accounts SET locked_until = now() - interval '1 second' WHERE username = 'bob'");
    expect((await a.post("/api/v1/auth/login", { username: "bob", password: TEST_PASSWORD })).status).toBe(200);
    const row = await t.db.query<{ failed_logins: number }>("SELECT failed_logins FROM accounts WHERE username = 'bob'");
    expect(row.rows[0]?.failed_logins).toBe(0);
  });

  it("doubles the wait per failure and caps it at an hour", () => {
    expect(lockMinutes(LOCK_AFTER - 1)).toBe(0);
    expect(lockMinutes(LOCK_AFTER)).toBe(1);
    expect(lockMinutes(LOCK_AFTER + 3)).toBe(8);
    expect(lockMinutes(LOCK_AFTER + 20)).toBe(60);
  });
});

describe("sessions", () => {
  it("an expired session answers 401 session_expired", async () => {
    const a = await loginAs(t.app, "carol", TEST_PASSWORD);
    await t.db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE account_id = (SELECT id FROM accounts WHERE username = 'carol')",
    );
    const res = await a.get("/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("auth.session_expired");
    expect(res.body.message).toBe("登录已过期，请重新登录");
  });

  it("a session unused for longer than the idle limit ends", async () => {
    const a = await loginAs(t.app, "carol", TEST_PASSWORD);
    await t.db.query(
      "UPDATE sessions SET last_seen_at = now() - interval '3 hours' WHERE account_id = (SELECT id FROM accounts WHERE username = 'carol')",
    );
    expect((await a.get("/api/v1/me")).status).toBe(401);
  });

  it("a disabled account's session stops working", async () => {
    const a = await loginAs(t.app, "dave", TEST_PASSWORD);
    await t.db.query("UPDATE accounts SET status = 'disabled' WHERE username = 'dave'");
    expect((await a.get("/api/v1/me")).status).toBe(401);
    const again = await anonymous(t.app).post("/api/v1/auth/login", { username: "dave", password: TEST_PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe("auth.account_disabled");
    await t.db.query("UPDATE accounts SET status = 'active' WHERE username = 'dave'");
  });
});

describe("sessions kept in memory", () => {
  it("a session ended here stops at once; one ended elsewhere within a second", async () => {
    const a = await loginAs(t.app, "alice", TEST_PASSWORD);
    expect((await a.get("/api/v1/me")).status).toBe(200);
    expect((await a.post("/api/v1/auth/logout")).status).toBe(204);
    expect((await a.get("/api/v1/me")).status).toBe(401);

    const b = await loginAs(t.app, "bob", TEST_PASSWORD);
    expect((await b.get("/api/v1/me")).status).toBe(200);
    // Ended by another server process: the version token changes, and this process notices within a second.
    await t.db.query("DELETE FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE username = 'bob')");
    await new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));
    expect((await b.get("/api/v1/me")).status).toBe(401);
  });

  it("an account disabled elsewhere stops its kept session within a second", async () => {
    const d = await loginAs(t.app, "dave", TEST_PASSWORD);
    expect((await d.get("/api/v1/me")).status).toBe(200);
    await t.db.query("UPDATE accounts SET status = 'disabled' WHERE username = 'dave'");
    await new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));
    expect((await d.get("/api/v1/me")).status).toBe(401);
    await t.db.query("UPDATE accounts SET status = 'active' WHERE username = 'dave'");
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated write without the token, and accepts it with the token", async () => {
    const a = await loginAs(t.app, "alice", TEST_PASSWORD);
    const without = await a.request("POST", "/api/v1/api-keys", { name: "k1" }, { "x-csrf-token": "" });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe("auth.csrf");
    const wrong = await a.request("POST", "/api/v1/api-keys", { name: "k1" }, { "x-csrf-token": "not-the-token" });
    expect(wrong.status).toBe(403);
    const keys = await t.db.query("SELECT 1 FROM api_keys WHERE name = 'k1'");
    expect(keys.rows).toHaveLength(0);
    const ok = await a.post("/api/v1/api-keys", { name: "k1" });
    expect(ok.status).toBe(201);
  });

  it("reads need no token", async () => {
    const a = await loginAs(t.app, "alice", TEST_PASSWORD);
    a.csrf = null;
    expect((await a.get("/api/v1/me")).status).toBe(200);
  });
});

describe("password change", () => {
  it("checks the current password and the policy, then ends the account's other sessions", async () => {
    await buildAccount(t.db, { username: "erin", roles: ["leader"], areaCode: "150600000000" });
    const a = await loginAs(t.app, "erin", TEST_PASSWORD);
    const other = await loginAs(t.app, "erin", TEST_PASSWORD);
    const wrong = await a.post("/api/v1/auth/password", { currentPassword: "bad", newPassword: "NewPassword2027" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe("auth.wrong_password");
    const weak = await a.post("/api/v1/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "short" });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe("auth.weak_password");
    const ok = await a.post("/api/v1/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "NewPassword2027" });
    expect(ok.status).toBe(204);
    expect((await a.get("/api/v1/me")).status).toBe(200);
    expect((await other.get("/api/v1/me")).status).toBe(401);
    expect((await anonymous(t.app).post("/api/v1/auth/login", { username: "erin", password: TEST_PASSWORD })).status).toBe(401);
    await loginAs(t.app, "erin", "NewPassword2027");
  });
});

describe("API keys", () => {
  it("a machine client authenticates with its key until the key is revoked", async () => {
    const admin = await loginAs(t.app, "alice", TEST_PASSWORD);
    const created = await admin.post("/api/v1/api-keys", { name: "fixmystreet" });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^gzk_/);
    const stored = await t.db.query<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE id = $1", [created.body.apiKey.id]);
    expect(stored.rows[0]?.key_hash).not.toContain(key);
    const me = await anonymous(t.app).get("/api/v1/me", { "x-api-key": key });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe("api:fixmystreet");
    // A machine client holds no staff permissions.
    expect((await anonymous(t.app).get("/api/v1/people", { "x-api-key": key })).status).toBe(403);
    expect((await admin.delete(`/api/v1/api-keys/${created.body.apiKey.id}`)).status).toBe(204);
    const revoked = await anonymous(t.app).get("/api/v1/me", { "x-api-key": key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe("auth.invalid_api_key");
  });
});
