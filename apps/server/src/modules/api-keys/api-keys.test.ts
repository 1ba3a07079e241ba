import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../cli.js";
import { openPglite } from "../../db/client.js";
import { buildAccount, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildCaseWorld, COMMUNITY, FAR, FAR_POINT, NEIGHBOUR_POINT, POINT, STREET } from "../cases/intake.fixtures.js";

/** The API keys page: issuing and revoking keys, and what each client sent. */

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      await buildCaseWorld(deps);
      await buildAccount(deps.db, { username: "streetAdmin", roles: ["admin"], areaCode: STREET });
    },
  });
});
afterAll(() => t.close());

/** Posts an Open311 request with a key. */
async function open311(key: string, point: { lat: number; lng: number }, description: string) {
  const res = await t.app.inject({
    method: "POST",
    url: "/open311/v2/requests.json",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      api_key: key,
      service_code: "BJ0104",
      lat: String(point.lat),
      long: String(point.lng),
      description,
    }).toString(),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

describe("API keys and what each client sent", () => {
  it("an administrator issues a key, sees each client's requests and counts within scope, and revokes it", async () => {
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    const created = await admin.post("/api/v1/api-keys", { name: "随手拍 App" });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^gzk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.apiKey).toMatchObject({ name: "随手拍 App", revokedAt: null, requests: { total: 0, open: 0, lastAt: null } });
    const other = await admin.post("/api/v1/api-keys", { name: "另一个客户端" });
    const key = created.body.key as string;
    const id = created.body.apiKey.id as string;

    const sent = [
      await open311(key, POINT, "电线杆歪了"),
      await open311(key, NEIGHBOUR_POINT, "电箱门开着"),
      await open311(key, FAR_POINT, "电缆裸露"),
    ];
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
    expect((await open311(other.body.key, POINT, "另一个客户端的诉求")).status).toBe(200);

    const list = await admin.get("/api/v1/api-keys");
    expect(list.status).toBe(200);
    const mine = list.body.items.find((k: { id: string }) => k.id === id);
    expect(mine).toMatchObject({ requests: { total: 3, open: 3, lastAt: expect.any(String) }, lastUsedAt: expect.any(String) });

    const requests = await admin.get(`/api/v1/api-keys/requests?keyId=${id}`);
    expect(requests.status).toBe(200);
    expect(requests.body.total).toBe(3);
    expect(requests.body.items.map((r: { number: string }) => r.number)).toEqual(
      sent.map((s) => s.body[0].service_request_id as string).reverse(),
    );
    expect(requests.body.items[2]).toMatchObject({
      source: "open311",
      status: "submitted",
      areaCode: COMMUNITY,
      areaName: "青春山社区",
      categoryName: "电力设施损坏",
      apiKeyId: id,
      apiKeyName: "随手拍 App",
    });
    // The case each links to is there for the administrator.
    const caseId = requests.body.items[0].id as string;
    expect((await admin.get(`/api/v1/cases/${caseId}`)).status).toBe(200);
    // All clients together.
    expect((await admin.get("/api/v1/api-keys/requests")).body.total).toBe(4);

    // An administrator of one street sees only what lies in it, in the counts as in the list.
    const streetAdmin = await loginAs(t.app, "streetAdmin", TEST_PASSWORD);
    const scoped = await streetAdmin.get(`/api/v1/api-keys/requests?keyId=${id}`);
    expect(scoped.body.total).toBe(2);
    expect(scoped.body.items.every((r: { areaCode: string }) => r.areaCode.startsWith("150603002"))).toBe(true);
    expect(scoped.body.items.map((r: { areaCode: string }) => r.areaCode)).not.toContain(FAR);
    const scopedKeys = await streetAdmin.get("/api/v1/api-keys");
    expect(scopedKeys.body.items.find((k: { id: string }) => k.id === id).requests).toMatchObject({ total: 2, open: 2 });

    // Revoked: listed as such, and the client can no longer post.
    expect((await admin.delete(`/api/v1/api-keys/${id}`)).status).toBe(204);
    const after = (await admin.get("/api/v1/api-keys")).body.items.find((k: { id: string }) => k.id === id);
    expect(after).toMatchObject({ revokedAt: expect.any(String), abilities: { revoke: false }, requests: { total: 3 } });
    const refused = await open311(key, POINT, "吊销之后");
    expect(refused.status).toBe(403);
    expect(refused.body[0].code).toBe(403);
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE object_id = $1 ORDER BY at", [id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("only holders of apikeys.manage reach the keys and their requests; bad filters answer 400", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    expect((await staff.get("/api/v1/api-keys")).status).toBe(403);
    expect((await staff.get("/api/v1/api-keys/requests")).status).toBe(403);
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    expect((await admin.get("/api/v1/api-keys/requests?keyId=not-a-uuid")).status).toBe(400);
    expect((await admin.get("/api/v1/api-keys/requests?pageSize=1000")).status).toBe(400);
    expect((await admin.delete("/api/v1/api-keys/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("the command line", () => {
  it("`api-key create NAME` prints a new key, which then works", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gongzhi-cli-"));
    const env = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await runCli(["api-key", "create", "12345 热线"])).toBe(0);
      const printed = String(log.mock.calls.at(-1)?.[0]);
      expect(printed).toMatch(/^gzk_[A-Za-z0-9_-]{43}$/);
      // A missing name is reported with the usage.
      await expect(runCli(["api-key", "create"])).rejects.toThrow("api-key create NAME");
    } finally {
      log.mockRestore();
      process.env.DATA_DIR = env.DATA_DIR;
      if (env.DATA_DIR === undefined) delete process.env.DATA_DIR;
      if (env.DATABASE_URL !== undefined) process.env.DATABASE_URL = env.DATABASE_URL;
    }
    const db = await openPglite(dir);
    try {
      const { rows } = await db.query<{ name: string; revoked_at: Date | null }>("SELECT name, revoked_at FROM api_keys");
      expect(rows).toEqual([{ name: "12345 热线", revoked_at: null }]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
