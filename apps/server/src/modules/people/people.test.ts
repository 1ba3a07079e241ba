import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPerson, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildRegistryFixture, COMMUNITY, OTHER } from "../../test/registry-fixture.js";

const ID = "150603198805061232";
const PHONE = "13812345678";
const ADDRESS = "鄂尔多斯市康巴什区康和路8号3号楼2单元501室";
let personId = "";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    captureLogs: true,
    setup: async (deps) => {
      await buildRegistryFixture(deps.db, { accounts: ["worker", "neighbour", "leader"] });
      personId = await buildPerson(deps, { name: "吴桂英", areaCode: COMMUNITY, idNumber: ID, phone: PHONE, address: ADDRESS });
    },
  });
});
afterAll(() => t.close());

const leaks = (text: string) => text.includes(ID) || text.includes(PHONE) || text.includes("康和路8号");

describe("personal data", () => {
  it("the raw database row holds ciphertext, not the values", async () => {
    const { rows } = await t.db.query<Record<string, unknown>>("SELECT * FROM people WHERE id = $1", [personId]);
    const raw = JSON.stringify(rows[0]);
    expect(leaks(raw)).toBe(false);
    expect(String(rows[0]?.phone_enc)).toMatch(/^v1:/);
  });

  it("lists and reads are masked, even for those who may unmask", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const list = await a.get("/api/v1/people");
    expect(list.body.items[0]).toMatchObject({ phone: "138****5678", idNumber: "150603********1232", masked: true });
    expect(list.body.items[0].abilities.revealPersonalData).toBe(true);
    const one = await a.get(`/api/v1/people/${personId}`);
    expect(leaks(JSON.stringify(one.body))).toBe(false);
  });

  it("an actor with the permission in scope reads it unmasked, and the read is audited", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const res = await a.get(`/api/v1/people/${personId}/personal-data`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ idNumber: ID, phone: PHONE, address: ADDRESS, masked: false });
    const audit = await t.db.query<{ actor_label: string; after: unknown }>(
      "SELECT actor_label, after FROM audit_log WHERE action = 'pii.read' AND object_id = $1",
      [personId],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.actor_label).toBe("worker");
    expect(leaks(JSON.stringify(audit.rows))).toBe(false);
  });

  it("a leader without the permission gets 403 on the unmasked read and masked data elsewhere", async () => {
    const a = await loginAs(t.app, "leader", TEST_PASSWORD);
    const list = await a.get("/api/v1/people?pageSize=200");
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(list.body))).toBe(false);
    expect(list.body.items[0].abilities.revealPersonalData).toBe(false);
    expect((await a.get(`/api/v1/people/${personId}/personal-data`)).status).toBe(403);
  });

  it("another community's worker gets 404", async () => {
    const a = await loginAs(t.app, "neighbour", TEST_PASSWORD);
    expect((await a.get(`/api/v1/people/${personId}/personal-data`)).status).toBe(404);
    expect((await a.get(`/api/v1/people/${personId}`)).status).toBe(404);
  });

  it("finds a person by exact phone or ID number through the keyed hash", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    expect((await a.get(`/api/v1/people?q=${PHONE}`)).body.total).toBe(1);
    expect((await a.get(`/api/v1/people?q=${ID}`)).body.total).toBe(1);
    expect((await a.get("/api/v1/people?q=13800000000")).body.total).toBe(0);
  });

  it("creating and updating a person keeps personal data out of responses, the audit log and the logs", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const id2 = "15060319900101008X";
    const created = await a.post("/api/v1/people", {
      name: "李海燕",
      gender: "female",
      areaCode: COMMUNITY,
      idNumber: id2,
      phone: "15900001111",
      address: "康巴什区天骄路1号",
    });
    expect(created.status).toBe(201);
    expect(created.body.phone).toBe("159****1111");
    const updated = await a.patch(`/api/v1/people/${created.body.id}`, { phone: "15900002222" });
    expect(updated.status).toBe(200);
    expect(updated.body.phone).toBe("159****2222");
    const dup = await a.post("/api/v1/people", { name: "重复", areaCode: COMMUNITY, idNumber: id2 });
    expect(dup.status).toBe(409);
    const audit = await t.db.query("SELECT before, after FROM audit_log WHERE object_id = $1", [created.body.id]);
    const auditText = JSON.stringify(audit.rows);
    expect(audit.rows.length).toBe(2);
    for (const secret of [id2, "15900001111", "15900002222", "天骄路1号"]) expect(auditText).not.toContain(secret);
    // Nothing logged holds personal data, though the requests carried it.
    expect(t.logs.length).toBeGreaterThan(0);
    const logText = t.logs.join("");
    for (const secret of [ID, PHONE, id2, "15900001111", "15900002222"]) expect(logText).not.toContain(secret);
    expect(logText).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });

  it("refuses a person outside the actor's scope or with an invalid ID number, and writes nothing", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]?.n;
    const outside = await a.post("/api/v1/people", { name: "外人", areaCode: OTHER });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe("domain.scope_outside");
    const bad = await a.post("/api/v1/people", { name: "错号", areaCode: COMMUNITY, idNumber: "150603198805061235" });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ path: "body.idNumber", message: "身份证号格式不正确" });
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]?.n).toBe(before);
  });
});
