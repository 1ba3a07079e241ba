import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { distanceMeters, loadWordsFor, similarity, words } from "./duplicates.js";
import {
  buildCaseWorld,
  type CaseWorld,
  COMMUNITY,
  DISTRICT,
  FAR_POINT,
  key,
  NEIGHBOUR,
  NEIGHBOUR_POINT,
  POINT,
  STREET,
} from "./intake.fixtures.js";

let t: TestContext;
let w: CaseWorld;
let staff: Agent;
let streetStaff: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestContext({
    config: { TRUST_PROXY: "true" },
    setup: async (deps) => {
      w = await buildCaseWorld(deps);
    },
  });
  staff = await loginAs(t.app, "staff", TEST_PASSWORD);
  streetStaff = await loginAs(t.app, "streetStaff", TEST_PASSWORD);
  admin = await loginAs(t.app, "admin", TEST_PASSWORD);
});
afterAll(() => t.close());

/** A case logged by street staff (any community of the street), filed at `filedAt` when given. */
async function fileCase(o: {
  description: string;
  location?: { lat: number; lng: number };
  areaCode?: string;
  categoryCode?: string;
  filedAt?: string;
}) {
  // Cases of the other street are filed by the city's administrator.
  const agent = o.location === FAR_POINT ? admin : streetStaff;
  const res = await agent.post(
    "/api/v1/cases",
    { source: "phone", description: o.description, location: o.location, areaCode: o.areaCode, categoryCode: o.categoryCode },
    { "idempotency-key": key() },
  );
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  if (o.filedAt) await t.db.query("UPDATE cases SET created_at = $2 WHERE id = $1", [res.body.id, o.filedAt]);
  return res.body as { id: string; number: string; trackingCode: string };
}

/** A resident's report without an account (it has a tracking code the resident follows). */
async function reportCase(description: string, location = POINT, categoryCode = "BJ0102") {
  const res = await anonymous(t.app).post(
    "/api/v1/cases/report",
    { categoryCode, description, location, attributes: categoryCode === "BJ0102" ? { fault: "1" } : {} },
    { "idempotency-key": key(), "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250)}` },
  );
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: string; trackingCode: string };
}

describe("deadlines on the working calendar", () => {
  it("7 working days from the afternoon of 2026-09-30 end on 2026-10-15 at 17:30 (National Day and its make-up Saturday)", async () => {
    const c = await fileCase({ description: "邻居装修漏水到我家", location: POINT, filedAt: "2026-09-30T15:00:00+08:00" });
    const res = await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "SH0101" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "assigned",
      categoryCode: "SH0101",
      deadlineAt: "2026-10-15T09:30:00.000Z",
      handlerKind: "grid_worker",
    });
    expect(res.body.abilities.actions).toContain("assign");
    const events = (await staff.get(`/api/v1/cases/${c.id}/events`)).body.items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(["submit", "triage"]);
    expect(events[1].publicNote).toBe("已登记台账，交由网格员办理，办理时限至10月15日 17:30");
    expect(events[1].data).toMatchObject({ deadlineRule: { value: 7, unit: "working_days" }, proposed: true });
  });

  it("working hours skip the night and the weekend; round-the-clock hours do not", async () => {
    const friday = "2026-06-05T17:00:00+08:00";
    const urgent = await fileCase({ description: "急事", location: POINT, filedAt: friday });
    const u = await staff.post(`/api/v1/cases/${urgent.id}/triage`, { categoryCode: "SH0101", urgency: "urgent" });
    // Half an hour on Friday, an hour and a half on Monday morning.
    expect(u.body.deadlineAt).toBe("2026-06-08T02:30:00.000Z");
    const critical = await fileCase({ description: "特急", location: POINT, filedAt: friday });
    const c = await staff.post(`/api/v1/cases/${critical.id}/triage`, { categoryCode: "SH0101", urgency: "critical" });
    expect(c.body.deadlineAt).toBe("2026-06-05T11:00:00.000Z");
    // Exposed rubbish: 2 working hours.
    const rubbish = await fileCase({ description: "暴露垃圾", location: POINT, filedAt: "2026-06-05T11:00:00+08:00" });
    const r = await staff.post(`/api/v1/cases/${rubbish.id}/triage`, { categoryCode: "SJ0101" });
    expect(r.body.deadlineAt).toBe("2026-06-05T06:30:00.000Z");
  });

  it("an area's own working hours apply to the areas below it at once", async () => {
    const put = await admin.request("PUT", `/api/v1/working-hours/${STREET}`, {
      windows: [
        { start: "08:00", end: "12:00" },
        { start: "14:30", end: "18:00" },
      ],
    });
    expect(put.status).toBe(200);
    const c = await fileCase({ description: "噪音", location: POINT, filedAt: "2026-09-30T15:00:00+08:00" });
    const res = await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "SH0101" });
    expect(res.body.deadlineAt).toBe("2026-10-15T10:00:00.000Z");
    expect((await admin.delete(`/api/v1/working-hours/${STREET}`)).status).toBe(204);
    const d = await fileCase({ description: "噪音2", location: POINT, filedAt: "2026-09-30T15:00:00+08:00" });
    expect((await staff.post(`/api/v1/cases/${d.id}/triage`, { categoryCode: "SH0101" })).body.deadlineAt).toBe("2026-10-15T09:30:00.000Z");
  });
});

describe("routing", () => {
  it("with no rule: the grid's worker, else the case's community", async () => {
    const inGrid = await fileCase({ description: "路灯不亮", location: POINT, categoryCode: "BJ0102" });
    const p = await staff.get(`/api/v1/cases/${inGrid.id}/proposal`);
    expect(p.status).toBe(200);
    expect(p.body.handler).toEqual({ kind: "grid_worker", ref: w.accounts.gridWorker, label: "李网格", ruleId: null });
    expect(p.body.deadlineRule).toEqual({ value: 2, unit: "working_days" });
    const noWorker = await fileCase({ description: "路灯不亮", location: NEIGHBOUR_POINT, categoryCode: "BJ0102" });
    const q = await streetStaff.get(`/api/v1/cases/${noWorker.id}/proposal`);
    expect(q.body.handler).toMatchObject({ kind: "community", ref: NEIGHBOUR, label: "滨河社区" });
  });

  it("the most specific rule wins: longest area prefix, then the category over its parent over any", async () => {
    const rule = async (body: Record<string, unknown>) => {
      const res = await admin.post("/api/v1/routing-rules", body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    await rule({ areaCode: DISTRICT, categoryCode: "BJ0102", handlerKind: "department", handlerRef: w.departmentId });
    await rule({ areaCode: STREET, handlerKind: "street" });
    const unitRule = await rule({ areaCode: COMMUNITY, categoryCode: "BJ01", handlerKind: "unit", handlerRef: w.unitId });
    const propose = async (location: { lat: number; lng: number }, categoryCode: string) => {
      const c = await fileCase({ description: "测试分派", location });
      return (await admin.get(`/api/v1/cases/${c.id}/proposal?categoryCode=${categoryCode}`)).body.handler;
    };
    expect(await propose(POINT, "BJ0102")).toMatchObject({ kind: "unit", ref: w.unitId, label: "青春山物业公司", ruleId: unitRule });
    expect(await propose(NEIGHBOUR_POINT, "BJ0102")).toMatchObject({ kind: "street", ref: STREET, label: "青春山街道" });
    expect(await propose(FAR_POINT, "BJ0102")).toMatchObject({
      kind: "department",
      ref: w.departmentId,
      label: "康巴什区城市管理综合执法局",
    });
    expect(await propose(FAR_POINT, "SJ0101")).toMatchObject({ kind: "community", ref: "150603003001" });
    // The category itself beats its parent at the same area; the same area and category replace the rule.
    const own = await rule({ areaCode: COMMUNITY, categoryCode: "BJ0102", handlerKind: "grid_worker" });
    expect(await propose(POINT, "BJ0102")).toMatchObject({ kind: "grid_worker", ref: w.accounts.gridWorker, ruleId: own });
    expect(await propose(POINT, "BJ0103")).toMatchObject({ kind: "unit" });
    const replaced = await rule({ areaCode: COMMUNITY, categoryCode: "BJ0102", handlerKind: "community" });
    expect(replaced).toBe(own);
    const list = await streetStaff.get("/api/v1/routing-rules");
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { areaCode: string }) => r.areaCode).sort()).toEqual([STREET, COMMUNITY, COMMUNITY]);
    expect((await staff.get("/api/v1/routing-rules")).status).toBe(403);
    // Street staff manage their street's rules only.
    const districtRule = (await admin.get("/api/v1/routing-rules")).body.items.find((r: { areaCode: string }) => r.areaCode === DISTRICT);
    expect((await streetStaff.delete(`/api/v1/routing-rules/${districtRule.id}`)).status).toBe(404);
    expect((await streetStaff.post("/api/v1/routing-rules", { areaCode: DISTRICT, handlerKind: "street" })).status).toBe(422);
    expect((await streetStaff.delete(`/api/v1/routing-rules/${unitRule}`)).status).toBe(204);
    const bad = await admin.post("/api/v1/routing-rules", { areaCode: COMMUNITY, handlerKind: "department", handlerRef: w.unitId });
    expect(bad.body.code).toBe("domain.case_handler_unknown");
    for (const id of (await admin.get("/api/v1/routing-rules")).body.items.map((r: { id: string }) => r.id)) {
      await admin.delete(`/api/v1/routing-rules/${id}`);
    }
  });

  it("triage takes a chosen handler, checked against the case's place", async () => {
    const c = await fileCase({ description: "井盖缺失", location: POINT });
    const bad = await staff.post(`/api/v1/cases/${c.id}/triage`, {
      categoryCode: "BJ0101",
      handler: { kind: "department", ref: w.unitId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("domain.case_handler_unknown");
    const otherCommunity = await staff.post(`/api/v1/cases/${c.id}/triage`, {
      categoryCode: "BJ0101",
      handler: { kind: "community", ref: NEIGHBOUR },
    });
    expect(otherCommunity.body.code).toBe("domain.case_handler_unknown");
    const ok = await staff.post(`/api/v1/cases/${c.id}/triage`, {
      categoryCode: "BJ0101",
      priority: "high",
      urgency: "urgent",
      serviceMode: "team",
      handler: { kind: "department", ref: w.departmentId },
      note: "需城管执法局处理",
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ handlerKind: "department", handlerRef: w.departmentId, priority: "high", serviceMode: "team" });
    const again = await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "BJ0101" });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe("domain.case_transition");
    const notes = await t.db.query<{ account_id: string }>(
      "SELECT account_id FROM notifications WHERE case_id = $1 AND kind = 'case.assign' AND account_id IS NOT NULL",
      [c.id],
    );
    expect(notes.rows).toHaveLength(0);
  });

  it("only community or street staff with the case in scope triage it", async () => {
    const c = await fileCase({ description: "需分析", location: POINT });
    const worker = await loginAs(t.app, "gridWorker", TEST_PASSWORD);
    expect((await worker.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "SH0101" })).status).toBe(403);
    const neighbour = await loginAs(t.app, "neighbourStaff", TEST_PASSWORD);
    expect((await neighbour.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "SH0101" })).status).toBe(404);
    expect((await neighbour.get(`/api/v1/cases/${c.id}/proposal`)).status).toBe(404);
    expect((await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "nope" })).status).toBe(400);
    expect((await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "ZZ01" })).status).toBe(422);
    const res = await staff.post(`/api/v1/cases/${c.id}/triage`, { categoryCode: "SH0101" });
    expect(res.status).toBe(200);
    const notes = await t.db.query<{ account_id: string }>(
      "SELECT account_id FROM notifications WHERE case_id = $1 AND kind = 'case.assign' AND account_id IS NOT NULL",
      [c.id],
    );
    expect(notes.rows.map((n) => n.account_id)).toEqual([w.accounts.gridWorker]);
  });
});

describe("duplicates", () => {
  it("segments Chinese text into words: the same streetlight told two ways is similar, another matter is not", async () => {
    await loadWordsFor(t.db, COMMUNITY);
    const a = words("康巴什区青春山路路灯不亮");
    const b = words("青春山路的路灯坏了不亮");
    const c = words("楼上邻居装修噪音扰民");
    expect(a.has("路灯")).toBe(true);
    expect(b.has("的")).toBe(false);
    expect(similarity(a, b)).toBeGreaterThan(0.5);
    expect(similarity(a, c)).toBe(0);
    // Shared characters are not shared words: 路灯 and 山路 share 路, 灯泡 and 路灯 share 灯.
    expect(similarity(words("山路"), words("路灯"))).toBe(0);
    expect(Math.round(distanceMeters({ lat: 39.605, lng: 109.775 }, { lat: 39.6059, lng: 109.775 }))).toBe(100);
  });

  it("offers open cases of the same category nearby and of similar text, scored, within the triager's scope", async () => {
    const target = await fileCase({ description: "康巴什区青春山路路灯不亮", location: POINT, categoryCode: "BJ0102" });
    const near = await fileCase({ description: "这边晚上一片漆黑", location: { lat: 39.6059, lng: 109.775 }, categoryCode: "BJ0102" });
    const similarFar = await fileCase({ description: "青春山路的路灯坏了不亮", areaCode: COMMUNITY });
    const nearOtherCategory = await fileCase({
      description: "楼上邻居装修噪音扰民",
      location: { lat: 39.6051, lng: 109.775 },
      categoryCode: "SH0505",
    });
    const invisible = await fileCase({ description: "青春山路路灯不亮了", location: NEIGHBOUR_POINT, categoryCode: "BJ0102" });
    const res = await staff.get(`/api/v1/cases/${target.id}/proposal`);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.duplicates.map((d: { id: string }) => [d.id, d]));
    expect(byId.get(near.id)).toMatchObject({ reasons: ["nearby"], distanceMeters: 100 });
    expect(byId.get(similarFar.id)).toMatchObject({ reasons: ["similar_text"], distanceMeters: null });
    expect((byId.get(similarFar.id) as { similarity: number }).similarity).toBeGreaterThan(0.5);
    expect(byId.has(nearOtherCategory.id)).toBe(false);
    // 滨河社区's case is outside the community worker's scope; the street sees it.
    expect(byId.has(invisible.id)).toBe(false);
    const street = await streetStaff.get(`/api/v1/cases/${target.id}/duplicates`);
    expect(street.body.items.map((d: { id: string }) => d.id)).toContain(invisible.id);
    // Tunable: a smaller radius leaves the neighbour out; a long-closed window too.
    const small = await staff.get(`/api/v1/cases/${target.id}/duplicates?radius=50`);
    expect(small.body.items.map((d: { id: string }) => d.id)).not.toContain(near.id);
    await t.db.query("UPDATE cases SET created_at = now() - interval '90 days' WHERE id = $1", [near.id]);
    const recent = await staff.get(`/api/v1/cases/${target.id}/duplicates`);
    expect(recent.body.items.map((d: { id: string }) => d.id)).not.toContain(near.id);
    const scores = res.body.duplicates.map((d: { score: number }) => d.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });
});

describe("merge", () => {
  it("merges a duplicate: the target counts and records every reporter, each is told and follows the target by their tracking code", async () => {
    const first = await reportCase("康巴什区青春山路路灯不亮");
    const second = await reportCase("青春山路的路灯坏了不亮");
    const third = await reportCase("青春山路路灯一直不亮");
    // The third report had already taken in a fourth.
    const fourth = await reportCase("路灯不亮");
    expect((await staff.post(`/api/v1/cases/${fourth.id}/merge`, { into: third.id })).status).toBe(200);
    const merged = await staff.post(`/api/v1/cases/${second.id}/merge`, { into: first.id, note: "同一路段路灯" });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: first.id, reportersCount: 2 });
    const res = await staff.post(`/api/v1/cases/${third.id}/merge`, { into: first.id });
    expect(res.body.reportersCount).toBe(4);
    const reporters = await t.db.query<{ reported_case_id: string }>("SELECT reported_case_id FROM case_reporters WHERE case_id = $1", [
      first.id,
    ]);
    expect(reporters.rows.map((r) => r.reported_case_id).sort()).toEqual([first.id, second.id, third.id, fourth.id].sort());
    const told = await t.db.query<{ tracking_code: string }>(
      "SELECT tracking_code FROM notifications WHERE kind = 'case.merge' AND tracking_code IS NOT NULL",
    );
    expect(told.rows.map((n) => n.tracking_code).sort()).toEqual(
      [fourth.trackingCode, second.trackingCode, third.trackingCode, fourth.trackingCode].sort(),
    );
    // The merged reporters follow the target's progress.
    await staff.post(`/api/v1/cases/${first.id}/triage`, { categoryCode: "BJ0102" });
    for (const c of [second, fourth]) {
      const tracked = await anonymous(t.app).get(`/api/v1/cases/track/${c.trackingCode}`);
      expect(tracked.body).toMatchObject({ status: "assigned", mergedInto: { number: first.number }, canRate: false });
      expect(tracked.body.steps.map((s: { text: string }) => s.text)).toEqual(
        expect.arrayContaining([expect.stringContaining("已合并办理"), expect.stringContaining("已登记台账")]),
      );
    }
    const own = await anonymous(t.app).get(`/api/v1/cases/track/${first.trackingCode}`);
    expect(own.body.steps.map((s: { text: string }) => s.text)).toContain("又有群众反映了同一问题，已合并办理（共 4 人反映）");
    const events = (await staff.get(`/api/v1/cases/${second.id}/events`)).body.items;
    expect(events.at(-1)).toMatchObject({ action: "merge", toStatus: "merged", data: { into: first.id } });
  });

  it("refuses a merge into itself, into a merged or closed case, or across scopes", async () => {
    const a = await reportCase("合并测试甲");
    const b = await reportCase("合并测试乙");
    const elsewhere = await reportCase("滨河社区的路灯", NEIGHBOUR_POINT);
    expect((await staff.post(`/api/v1/cases/${a.id}/merge`, { into: a.id })).body.code).toBe("domain.case_merge_target");
    expect((await staff.post(`/api/v1/cases/${a.id}/merge`, { into: elsewhere.id })).body.code).toBe("domain.case_merge_target");
    expect((await staff.post(`/api/v1/cases/${elsewhere.id}/merge`, { into: a.id })).status).toBe(404);
    expect((await staff.post(`/api/v1/cases/${b.id}/merge`, { into: a.id })).status).toBe(200);
    const c = await reportCase("合并测试丙");
    expect((await staff.post(`/api/v1/cases/${c.id}/merge`, { into: b.id })).body.code).toBe("domain.case_merge_target");
    expect((await staff.post(`/api/v1/cases/${b.id}/merge`, { into: c.id })).body.code).toBe("domain.case_transition");
    await t.db.query("UPDATE cases SET status = 'closed' WHERE id = $1", [c.id]);
    expect((await staff.post(`/api/v1/cases/${a.id}/merge`, { into: c.id })).body.code).toBe("domain.case_merge_target");
    expect((await staff.post(`/api/v1/cases/${a.id}/merge`, { into: "not-a-uuid" })).status).toBe(400);
  });
});
