import {
  CASE_STATUSES,
  CASE_WORKFLOW_ACTIONS,
  type CaseRelation,
  type CaseStatus,
  type CaseWorkflowAction,
  type HandlerKind,
  mayTransition,
  type Role,
} from "@gongzhi/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, anonymous, type TestContext } from "../../test/harness.js";
import { caseEvents } from "./cases.repository.js";
import { AREAS, CATEGORY, type CaseWorld, caseWorldApp, insertCase } from "./workflow.factories.js";

let t: TestContext;
let w: CaseWorld;
let agents: Record<string, Agent>;

beforeAll(async () => {
  ({ t, w, agents } = await caseWorldApp());
});
afterAll(() => t.close());

const act = (agent: string, id: string, action: string, body: unknown = {}) =>
  agents[agent]!.post(`/api/v1/cases/${id}/actions/${action}`, body);
const caseRow = async (id: string) =>
  (
    await t.db.query<Record<string, any>>(
      "SELECT status, handler_kind, handler_ref, handler_label, deadline_at, hold_started_at, hold_reason, responded_at, resolved_at, closed_at, escalated_at, rework_count, rating, rating_comment, rating_due_at, rejected_reason, service_mode, reminded_at, overdue_at FROM cases WHERE id = $1",
      [id],
    )
  ).rows[0]!;

/** The smallest file that passes for a PNG image. */
const PNG = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString("base64")}`;

/** A valid body for each action, so the only reason to refuse is the table, the relation or the scope. */
const body = (action: CaseWorkflowAction): unknown =>
  ({
    accept: { note: "收到" },
    assign: { handler: { kind: "grid_worker", ref: w.acc.gw2 }, note: "请跟进" },
    escalate: { reason: "需要社区协调" },
    transfer: { handler: { kind: "department", ref: w.dept.d1 } },
    note: { note: "已上门查看", serviceMode: "proxy", photos: [PNG] },
    request_hold: { reason: "等待配件到货" },
    approve_hold: {},
    deny_hold: { reason: "请继续办理" },
    resume: {},
    resolve: { result: "路灯已修复", note: "更换灯泡" },
    reject: { reason: "不属于本社区受理范围" },
    rate: { rating: "satisfied", comment: "很快" },
  })[action];

interface ActorRow {
  agent: string;
  roles: Role[];
  /** how the actor stands to the case, as the test declares it; null: the actor cannot see the case */
  relations: CaseRelation[] | null;
}

interface Variant {
  name: string;
  handler: () => { kind: HandlerKind; ref: string };
  statuses: readonly CaseStatus[];
  actors: ActorRow[];
}

const ALL = CASE_STATUSES;
const LIVE: CaseStatus[] = ["submitted", "assigned", "in_progress", "hold_requested", "on_hold", "resolved"];

const VARIANTS: Variant[] = [
  {
    name: "a grid worker's case in community A",
    handler: () => ({ kind: "grid_worker", ref: w.acc.gw1 }),
    statuses: ALL,
    actors: [
      { agent: "gw1", roles: ["grid_worker"], relations: ["handler"] },
      { agent: "gw2", roles: ["grid_worker"], relations: [] },
      { agent: "staffA", roles: ["community_staff"], relations: ["area_staff"] },
      { agent: "street", roles: ["street_staff"], relations: ["area_staff"] },
      { agent: "reporter", roles: ["resident"], relations: ["reporter"] },
      { agent: "leader", roles: ["leader"], relations: [] },
      { agent: "gwB", roles: ["grid_worker"], relations: null },
      { agent: "staffB", roles: ["community_staff"], relations: null },
      { agent: "otherStreet", roles: ["street_staff"], relations: null },
      { agent: "dept1", roles: ["department"], relations: null },
      { agent: "unitRep", roles: ["unit_rep"], relations: null },
      { agent: "resident2", roles: ["resident"], relations: null },
    ],
  },
  {
    name: "a department's case",
    handler: () => ({ kind: "department", ref: w.dept.d1 }),
    statuses: LIVE,
    actors: [
      { agent: "dept1", roles: ["department"], relations: ["handler"] },
      { agent: "dept2", roles: ["department"], relations: null },
      { agent: "staffA", roles: ["community_staff"], relations: ["area_staff"] },
      { agent: "gw1", roles: ["grid_worker"], relations: [] },
    ],
  },
  {
    name: "community A's own case",
    handler: () => ({ kind: "community", ref: AREAS.communityA }),
    statuses: LIVE,
    actors: [
      { agent: "staffA", roles: ["community_staff"], relations: ["area_staff", "handler"] },
      { agent: "street", roles: ["street_staff"], relations: ["area_staff"] },
      { agent: "staffB", roles: ["community_staff"], relations: null },
      { agent: "gw1", roles: ["grid_worker"], relations: [] },
    ],
  },
  {
    name: "the street's own case",
    handler: () => ({ kind: "street", ref: AREAS.street }),
    statuses: LIVE,
    actors: [
      { agent: "street", roles: ["street_staff"], relations: ["area_staff", "handler"] },
      { agent: "staffA", roles: ["community_staff"], relations: ["area_staff"] },
      { agent: "otherStreet", roles: ["street_staff"], relations: null },
    ],
  },
  {
    name: "a unit's case",
    handler: () => ({ kind: "unit", ref: w.unit.u1 }),
    statuses: LIVE,
    actors: [
      { agent: "unitRep", roles: ["unit_rep"], relations: ["handler"] },
      { agent: "staffA", roles: ["community_staff"], relations: ["area_staff"] },
    ],
  },
];

/** What the API must answer: 404 when the case is out of sight, 200 when the table allows it, else 422. */
function expected(v: Variant, a: ActorRow, status: CaseStatus, action: CaseWorkflowAction): { status: number; code?: string } {
  if (a.relations === null) return { status: 404, code: "not_found" };
  if (!mayTransition(action, status, a.roles, new Set(a.relations))) return { status: 422, code: "domain.case_transition" };
  // The street has no level above it.
  if (action === "escalate" && v.handler().kind === "street") return { status: 422, code: "domain.case_escalate_top" };
  return { status: 200 };
}

describe("the transition table through the API", () => {
  it("names the same decision for a few rows written out by hand", async () => {
    const handler = { kind: "grid_worker" as const, ref: w.acc.gw1 };
    const rows: [string, CaseStatus, CaseWorkflowAction, number][] = [
      ["gw1", "assigned", "accept", 200],
      ["staffA", "assigned", "accept", 422],
      ["gw1", "in_progress", "resolve", 200],
      ["street", "in_progress", "resolve", 422],
      ["gw1", "in_progress", "transfer", 422],
      ["staffA", "in_progress", "transfer", 200],
      ["gw1", "in_progress", "request_hold", 200],
      ["gw1", "hold_requested", "approve_hold", 422],
      ["staffA", "hold_requested", "approve_hold", 200],
      ["reporter", "resolved", "rate", 200],
      ["staffA", "resolved", "rate", 422],
      ["staffB", "assigned", "assign", 404],
      ["dept1", "in_progress", "note", 404],
      ["staffA", "submitted", "reject", 200],
      ["staffA", "in_progress", "reject", 422],
      ["leader", "in_progress", "note", 422],
    ];
    for (const [agent, status, action, code] of rows) {
      const c = await insertCase(t.db, t.deps.vault, { status, handler, reporterAccountId: w.acc.reporter });
      const res = await act(agent, c.id, action, body(action));
      expect(res.status, `${agent} ${action} from ${status}: ${JSON.stringify(res.body)}`).toBe(code);
    }
  });

  for (const v of VARIANTS) {
    for (const a of v.actors) {
      it(`${v.name}: every action in every status for ${a.agent} (${a.relations ? a.relations.join("+") || "no relation" : "out of scope"})`, async () => {
        const mismatches: string[] = [];
        for (const status of v.statuses) {
          for (const action of CASE_WORKFLOW_ACTIONS) {
            const c = await insertCase(t.db, t.deps.vault, { status, handler: v.handler(), reporterAccountId: w.acc.reporter });
            const want = expected(v, a, status, action);
            const res = await act(a.agent, c.id, action, body(action));
            const got = { status: res.status, code: res.status === 200 ? undefined : res.body?.code };
            if (got.status !== want.status || got.code !== want.code) {
              mismatches.push(`${action} from ${status}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
            }
            if (res.status === 200) {
              // The step took effect: the status is the table's, and the answer shows the case as the actor now sees it.
              const row = await caseRow(c.id);
              expect(res.body.status).toBe(row.status);
            } else {
              expect((await caseRow(c.id)).status).toBe(status);
            }
          }
        }
        expect(mismatches).toEqual([]);
      });
    }
  }
});

describe("each step", () => {
  const handler = () => ({ kind: "grid_worker" as const, ref: w.acc.gw1, label: "网格员gw1" });

  it("runs a case from assignment to the resident's rating, telling the resident each step in plain Chinese", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "assigned",
      handler: handler(),
      reporterAccountId: w.acc.reporter,
      phone: "13812345678",
    });
    const deadline = (await caseRow(c.id)).deadline_at as Date;

    let res = await act("staffA", c.id, "assign", { handler: { kind: "grid_worker", ref: w.acc.gw2 } });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({
      status: "assigned",
      handlerKind: "grid_worker",
      handlerRef: w.acc.gw2,
      handlerLabel: "gw2",
    });
    expect((await caseRow(c.id)).deadline_at).toEqual(deadline);

    res = await act("gw2", c.id, "accept");
    expect(res.status).toBe(200);
    expect(res.body.case.abilities.actions).toEqual(expect.arrayContaining(["note", "request_hold", "resolve", "escalate"]));
    const responded = (await caseRow(c.id)).responded_at;
    expect(responded).toBeInstanceOf(Date);

    expect((await act("gw2", c.id, "note", { note: "已联系物业", serviceMode: "appointment", photos: [PNG, PNG] })).status).toBe(200);
    expect((await caseRow(c.id)).service_mode).toBe("appointment");
    expect((await act("gw2", c.id, "request_hold", { reason: "等待配件" })).status).toBe(200);
    expect((await act("staffA", c.id, "approve_hold")).status).toBe(200);
    expect((await caseRow(c.id)).hold_started_at).toBeInstanceOf(Date);
    expect((await act("gw2", c.id, "resume")).status).toBe(200);
    expect((await caseRow(c.id)).hold_started_at).toBeNull();
    res = await act("gw2", c.id, "resolve", { result: "已更换灯泡，路灯恢复照明", note: "物业配合" });
    expect(res.status).toBe(200);
    const resolved = await caseRow(c.id);
    expect(resolved.status).toBe("resolved");
    // The rating window: 7 days after the result.
    expect(resolved.rating_due_at.getTime() - resolved.resolved_at.getTime()).toBe(7 * 86_400_000);

    res = await anonymous(t.app).post(`/api/v1/cases/track/${c.trackingCode}/rate`, { rating: "satisfied", comment: "很满意" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "closed" });
    const closed = await caseRow(c.id);
    expect(closed).toMatchObject({ status: "closed", rating: "satisfied", rating_comment: "很满意", rework_count: 0 });
    expect(closed.closed_at).toBeInstanceOf(Date);
    // The first acceptance stays the response time.
    expect(closed.responded_at).toEqual(responded);

    const notes = (await caseEvents(t.db, c.id, { publicOnly: true })).map((e) => e.publicNote);
    expect(notes).toEqual([
      "已派至网格员办理",
      "已受理，正在办理",
      "正在以预约服务方式办理",
      "暂缓办理（挂账），恢复办理后继续处理",
      "恢复办理",
      "已办结：已更换灯泡，路灯恢复照明。请您对办理结果进行评价",
      "您的评价：满意。事项已办结，感谢您的参与",
    ]);
    // The staff timeline keeps the internal notes and who did what.
    const all = await caseEvents(t.db, c.id);
    expect(all.map((e) => e.action)).toEqual(["assign", "accept", "note", "request_hold", "approve_hold", "resume", "resolve", "rate"]);
    const note = all.find((e) => e.action === "note")!;
    expect(note).toMatchObject({
      note: "已联系物业",
      actorLabel: "gw2",
      data: { photos: [`/api/v1/cases/${c.id}/photos/1`, `/api/v1/cases/${c.id}/photos/2`], serviceMode: "appointment" },
    });
    // The photos are kept with the note's event and shown to staff.
    const kept = await t.db.query<{ seq: number; event_id: number }>(
      "SELECT seq, event_id FROM case_photos WHERE case_id = $1 ORDER BY seq",
      [c.id],
    );
    expect(kept.rows.map((r) => [r.seq, String(r.event_id)])).toEqual([
      [1, note.id],
      [2, note.id],
    ]);
    const photo = await agents.staffA!.get(`/api/v1/cases/${c.id}/photos/2`);
    expect(photo.status).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/png");
    // A photo that is not an image is refused.
    const open = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: handler() });
    const bad = await act("gw1", open.id, "note", {
      note: "x",
      photos: [`data:image/png;base64,${Buffer.from("not a png").toString("base64")}`],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("domain.case_photo_invalid");
    expect(all.find((e) => e.action === "rate")?.actorLabel).toBe("居民（凭查询码）");
  });

  it("tells the reporter and the handler, in their inboxes, on the track page and through the outbox", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: handler(),
      reporterAccountId: w.acc.reporter,
      phone: "13900001111",
    });
    expect((await act("staffA", c.id, "assign", { handler: { kind: "grid_worker", ref: w.acc.gw2 } })).status).toBe(200);
    const gw2 = await agents.gw2!.get("/api/v1/inbox");
    expect(gw2.body.items[0]).toMatchObject({ kind: "case.assign", title: "新派事项", caseId: c.id, readAt: null });
    expect(gw2.body.items[0].body).toContain("路灯不亮");
    const mine = await agents.reporter!.get("/api/v1/inbox");
    expect(mine.body.items[0]).toMatchObject({ kind: "case.assign", caseId: c.id });
    expect(mine.body.items[0].body).toContain("已派至网格员办理");
    // The acting account is not told of its own step.
    const staff = await agents.staffA!.get("/api/v1/inbox?pageSize=200");
    expect(staff.body.items.some((n: { caseId: string; kind: string }) => n.caseId === c.id && n.kind === "case.assign")).toBe(false);
    const track = await anonymous(t.app).get(`/api/v1/cases/track/${c.trackingCode}/notifications`);
    expect(track.status).toBe(200);
    expect(track.body.items.map((n: { kind: string }) => n.kind)).toEqual(["case.assign"]);

    expect((await act("gw2", c.id, "accept")).status).toBe(200);
    expect((await act("gw2", c.id, "resolve", { result: "已修复" })).status).toBe(200);
    const outbox = await t.db.query<{ channel: string; recipient: string; kind: string; payload: Record<string, string>; status: string }>(
      "SELECT channel, recipient, kind, payload, status FROM outbox WHERE case_id = $1 ORDER BY id",
      [c.id],
    );
    expect(outbox.rows.map((r) => r.kind)).toEqual(["case.accept", "case.resolve"]);
    for (const r of outbox.rows) {
      expect(r).toMatchObject({ channel: "sms", recipient: "139****1111", status: "pending" });
      // The number is kept only encrypted.
      expect(JSON.stringify(r.payload)).not.toContain("13900001111");
      expect(t.deps.vault.decrypt(r.payload.to_enc!)).toBe("13900001111");
    }
    expect(outbox.rows[1]!.payload.text).toContain("请在");
    const afterResolve = await anonymous(t.app).get(`/api/v1/cases/track/${c.trackingCode}/notifications`);
    expect(afterResolve.body.items[0]).toMatchObject({ kind: "case.resolve", title: "已办结，请评价" });
  });

  it("sends a rework back to the same handler with a new deadline, and counts it", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "resolved",
      handler: handler(),
      reporterAccountId: w.acc.reporter,
      deadlineAt: new Date(Date.now() - 86_400_000),
    });
    await t.db.query("UPDATE cases SET overdue_at = now(), reminded_at = now() WHERE id = $1", [c.id]);
    const before = Date.now();
    const res = await act("reporter", c.id, "rate", { rating: "unsatisfied", comment: "晚上还是不亮" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("in_progress");
    const row = await caseRow(c.id);
    expect(row).toMatchObject({
      status: "in_progress",
      rework_count: 1,
      rating: "unsatisfied",
      handler_kind: "grid_worker",
      handler_ref: w.acc.gw1,
    });
    expect(row.rating_due_at).toBeNull();
    expect(row.overdue_at).toBeNull();
    expect(row.reminded_at).toBeNull();
    // The category's full limit again: 5 working days from now, more than four days of calendar time ahead (from
    // a Sunday evening, five working days end on Friday's close, less than five whole days later).
    expect(row.deadline_at.getTime()).toBeGreaterThan(before + 4 * 86_400_000);
    const inbox = await agents.gw1!.get("/api/v1/inbox");
    expect(inbox.body.items[0]).toMatchObject({ kind: "case.reopen", title: "居民不满意，请重新办理" });
    expect(inbox.body.items[0].body).toContain("晚上还是不亮");
    const notes = (await caseEvents(t.db, c.id, { publicOnly: true })).map((e) => e.publicNote);
    expect(notes).toEqual(["您的评价：不满意。已退回网格员重新办理"]);

    // Resolved again and rated basically satisfied: closed, with the rework counted once.
    expect((await act("gw1", c.id, "resolve", { result: "已更换线路" })).status).toBe(200);
    expect((await caseRow(c.id)).rating).toBeNull();
    expect((await anonymous(t.app).post(`/api/v1/cases/track/${c.trackingCode}/rate`, { rating: "basically_satisfied" })).status).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ status: "closed", rework_count: 1, rating: "basically_satisfied" });
  });

  it("takes a rating only within the rating window and only once", async () => {
    const late = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: handler(), ratingDueAt: new Date(Date.now() - 1000) });
    const res = await anonymous(t.app).post(`/api/v1/cases/track/${late.trackingCode}/rate`, { rating: "satisfied" });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("domain.case_rating_window_closed");
    expect((await caseRow(late.id)).status).toBe("resolved");

    const c = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: handler() });
    expect((await anonymous(t.app).post(`/api/v1/cases/track/${c.trackingCode}/rate`, { rating: "satisfied" })).status).toBe(200);
    const again = await anonymous(t.app).post(`/api/v1/cases/track/${c.trackingCode}/rate`, { rating: "unsatisfied" });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe("domain.case_transition");
    // Before a result there is nothing to rate.
    const open = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: handler() });
    expect((await anonymous(t.app).post(`/api/v1/cases/track/${open.trackingCode}/rate`, { rating: "satisfied" })).status).toBe(422);
    // Another resident's account is not the reporter.
    const other = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: handler(), reporterAccountId: w.acc.reporter });
    expect((await act("resident2", other.id, "rate", { rating: "satisfied" })).status).toBe(404);
    expect((await anonymous(t.app).post("/api/v1/cases/track/NOSUCHCODE1/rate", { rating: "satisfied" })).status).toBe(404);
  });

  it("lets a reporter whose case was merged rate the case it was merged into", async () => {
    const master = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: handler() });
    const dup = await insertCase(t.db, t.deps.vault, { status: "merged", handler: null, mergedInto: master.id, phone: "13700002222" });
    await t.db.query("INSERT INTO case_reporters (case_id, reported_case_id, tracking_code) VALUES ($1, $2, $3)", [
      master.id,
      dup.id,
      dup.trackingCode,
    ]);
    const res = await anonymous(t.app).post(`/api/v1/cases/track/${dup.trackingCode}/rate`, { rating: "satisfied" });
    expect(res.status).toBe(200);
    expect((await caseRow(master.id)).status).toBe("closed");
    // Both reporters were told that the case closed.
    for (const code of [master.trackingCode, dup.trackingCode]) {
      const n = await anonymous(t.app).get(`/api/v1/cases/track/${code}/notifications`);
      expect(n.status).toBe(200);
    }
    // A merged reporter's number gets the messages that go out by text (here: a rejection of another merged case).
    const m2 = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: handler() });
    const d2 = await insertCase(t.db, t.deps.vault, { status: "merged", handler: null, mergedInto: m2.id, phone: "13700003333" });
    await t.db.query("INSERT INTO case_reporters (case_id, reported_case_id, tracking_code) VALUES ($1, $2, $3)", [
      m2.id,
      d2.id,
      d2.trackingCode,
    ]);
    expect((await act("staffA", m2.id, "reject", { reason: "已由供电公司处理" })).status).toBe(200);
    const out = await t.db.query<{ recipient: string }>("SELECT recipient FROM outbox WHERE case_id = $1", [m2.id]);
    expect(out.rows.map((r) => r.recipient)).toEqual(["137****3333"]);
    const track = await anonymous(t.app).get(`/api/v1/cases/track/${d2.trackingCode}/notifications`);
    expect(track.body.items[0]).toMatchObject({ kind: "case.reject" });
    expect(track.body.items[0].body).toContain("已由供电公司处理");
  });

  it("shows the resident the reason of a rejection", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "submitted", reporterAccountId: w.acc.reporter });
    const res = await act("street", c.id, "reject", { reason: "属于民事纠纷，请通过人民调解解决" });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ status: "rejected", rejectedReason: "属于民事纠纷，请通过人民调解解决" });
    const notes = (await caseEvents(t.db, c.id, { publicOnly: true })).map((e) => e.publicNote);
    expect(notes).toEqual(["不予受理：属于民事纠纷，请通过人民调解解决"]);
    // A reason is required.
    const empty = await act("street", (await insertCase(t.db, t.deps.vault, { status: "submitted" })).id, "reject", { reason: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].path).toBe("body.reason");
  });
});

describe("escalation and transfer", () => {
  it("moves a case up grid → community → street, keeps its deadline, and stops at the street", async () => {
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    const c = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      areaCode: AREAS.compoundA,
      deadlineAt: deadline,
      reporterAccountId: w.acc.reporter,
    });
    let res = await act("gw1", c.id, "escalate", { reason: "涉及多个小区" });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({
      status: "assigned",
      handlerKind: "community",
      handlerRef: AREAS.communityA,
      handlerLabel: "神华康城社区",
    });
    let row = await caseRow(c.id);
    expect(row.deadline_at).toEqual(deadline);
    expect(row.escalated_at).toBeInstanceOf(Date);
    // The community's staff hear of it.
    expect((await agents.staffA!.get("/api/v1/inbox")).body.items[0]).toMatchObject({ kind: "case.escalate", caseId: c.id });

    expect((await act("staffA", c.id, "accept")).status).toBe(200);
    res = await act("staffA", c.id, "escalate");
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ handlerKind: "street", handlerRef: AREAS.street, handlerLabel: "哈巴格希街道" });
    row = await caseRow(c.id);
    expect(row.deadline_at).toEqual(deadline);

    res = await act("street", c.id, "escalate");
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("domain.case_escalate_top");
    const notes = (await caseEvents(t.db, c.id, { publicOnly: true })).map((e) => e.publicNote);
    expect(notes).toEqual(["已上报至神华康城社区办理", "已受理，正在办理", "已上报至哈巴格希街道办理"]);
  });

  it("offers escalation only while the case's data leaves a level above its handler (none above the street)", async () => {
    const escalates = async (agent: string, id: string) =>
      ((await agents[agent]!.get(`/api/v1/cases/${id}`)).body.abilities.actions as string[]).includes("escalate");
    const top = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "street", ref: AREAS.street } });
    const view = await agents.street!.get(`/api/v1/cases/${top.id}`);
    expect(view.status).toBe(200);
    expect(view.body.abilities.actions).toEqual(expect.arrayContaining(["note", "resolve"]));
    expect(view.body.abilities.actions).not.toContain("escalate");
    const refused = await act("street", top.id, "escalate");
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("domain.case_escalate_top");
    // A case placed at the street itself has no community to go to, and from the street no level above either.
    const atStreet = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      areaCode: AREAS.street,
      handler: { kind: "department", ref: w.dept.d1 },
    });
    expect(await escalates("street", atStreet.id)).toBe(true);
    const teamAtStreet = await insertCase(t.db, t.deps.vault, {
      status: "assigned",
      areaCode: AREAS.street,
      handler: { kind: "volunteer_team", ref: "team-2" },
    });
    expect(await escalates("street", teamAtStreet.id)).toBe(true);
    expect((await act("street", teamAtStreet.id, "escalate")).body.case).toMatchObject({ handlerKind: "street", handlerRef: AREAS.street });
    expect(await escalates("street", teamAtStreet.id)).toBe(false);
    // One level below the street, its staff may escalate; the answer then no longer offers it.
    const below = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "community", ref: AREAS.communityA } });
    expect(await escalates("street", below.id)).toBe(true);
    const up = await act("street", below.id, "escalate");
    expect(up.status).toBe(200);
    expect(up.body.case).toMatchObject({ handlerKind: "street" });
    expect(up.body.case.abilities.actions).not.toContain("escalate");
    expect(up.body.case.abilities.actions).toContain("accept");
  });

  it("sends a unit's or team's case back to the community and a department's to the street", async () => {
    const unitCase = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "unit", ref: w.unit.u1 } });
    expect((await act("unitRep", unitCase.id, "escalate")).status).toBe(200);
    expect(await caseRow(unitCase.id)).toMatchObject({ status: "assigned", handler_kind: "community", handler_ref: AREAS.communityA });
    const deptCase = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "department", ref: w.dept.d1 } });
    const res = await act("dept1", deptCase.id, "escalate", { reason: "需街道协调" });
    expect(res.status).toBe(200);
    // The department no longer sees the case once it has left it.
    expect(res.body).toMatchObject({ status: "assigned", case: null });
    expect((await caseRow(deptCase.id)).handler_ref).toBe(AREAS.street);
    const teamCase = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: { kind: "volunteer_team", ref: "team-1" } });
    expect((await act("street", teamCase.id, "escalate")).body.case).toMatchObject({
      handlerKind: "community",
      handlerRef: AREAS.communityA,
    });
  });

  it("assigns and transfers only to handlers that exist, serve the case's area and lie in the actor's scope", async () => {
    const fresh = () => insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "grid_worker", ref: w.acc.gw1 } });
    const team = (
      await t.db.query<{ id: string }>("INSERT INTO volunteer_teams (name, area_code) VALUES ('康城志愿服务队', $1) RETURNING id", [
        AREAS.communityA,
      ])
    ).rows[0]!.id;
    const refused: [string, string, unknown][] = [
      ["assign", "staffA", { handler: { kind: "grid_worker", ref: w.acc.gwB } }], // another community's grid worker
      ["assign", "staffA", { handler: { kind: "grid_worker", ref: w.acc.staffA } }], // not a grid worker
      ["assign", "staffA", { handler: { kind: "grid_worker", ref: "not-a-uuid" } }],
      ["assign", "staffA", { handler: { kind: "community", ref: AREAS.communityB } }], // does not hold the case
      ["assign", "staffA", { handler: { kind: "street", ref: AREAS.street } }], // above the actor's scope: escalate instead
      ["assign", "staffA", { handler: { kind: "community", ref: "150603002999" } }], // no such area
      ["assign", "staffA", { handler: { kind: "street", ref: AREAS.communityA } }], // wrong level
      ["transfer", "staffA", { handler: { kind: "department", ref: w.dept.far } }], // another district's department
      ["transfer", "staffA", { handler: { kind: "department", ref: "00000000-0000-4000-8000-000000000000" } }],
      ["transfer", "staffA", { handler: { kind: "unit", ref: w.unit.uB } }], // a unit of another community
      ["transfer", "staffA", { handler: { kind: "volunteer_team", ref: "t-9" } }], // not a registered team
    ];
    for (const [action, agent, b] of refused) {
      const res = await act(agent, (await fresh()).id, action, b);
      expect(res.status, `${action} ${JSON.stringify(b)}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.code).toBe("domain.case_handler_unknown");
    }
    const accepted: [string, string, unknown, Record<string, unknown>][] = [
      ["assign", "street", { handler: { kind: "street", ref: AREAS.street } }, { handlerKind: "street", handlerLabel: "哈巴格希街道" }],
      ["assign", "staffA", { handler: { kind: "community", ref: AREAS.communityA } }, { handlerKind: "community" }],
      ["assign", "staffA", { handler: { kind: "unit", ref: w.unit.u1 } }, { handlerKind: "unit", handlerLabel: "康城物业公司" }],
      [
        "transfer",
        "staffA",
        { handler: { kind: "department", ref: w.dept.d2 } },
        { handlerKind: "department", handlerLabel: "康巴什区民政局" },
      ],
      ["transfer", "street", { handler: { kind: "volunteer_team", ref: team, label: "别的名字" } }, { handlerLabel: "康城志愿服务队" }],
    ];
    for (const [action, agent, b, want] of accepted) {
      const res = await act(agent, (await fresh()).id, action, b);
      expect(res.status, `${action} ${JSON.stringify(b)}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.case).toMatchObject({ status: "assigned", ...want });
    }
    // Transfer goes outside the grid → community → street line only.
    const res = await act("staffA", (await fresh()).id, "transfer", { handler: { kind: "community", ref: AREAS.communityA } });
    expect(res.status).toBe(400);
  });

  it("gives a case without a deadline its category's deadline when it is assigned", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "assigned",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      deadlineAt: null,
      urgency: "critical",
    });
    const before = Date.now();
    expect((await act("staffA", c.id, "assign", { handler: { kind: "grid_worker", ref: w.acc.gw2 } })).status).toBe(200);
    // critical: 2 hours round the clock
    const d = (await caseRow(c.id)).deadline_at.getTime();
    expect(d).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(d).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);
  });
});

describe("holds", () => {
  it("stops the clock: the deadline moves by exactly the working time the case was on hold", async () => {
    // On hold since six days ago, with four days of the limit left then.
    const holdStart = new Date(Date.now() - 6 * 86_400_000);
    const deadline = new Date(holdStart.getTime() + 4 * 86_400_000);
    const c = await insertCase(t.db, t.deps.vault, {
      status: "on_hold",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      deadlineAt: deadline,
      holdStartedAt: holdStart,
    });
    const res = await act("gw1", c.id, "resume");
    expect(res.status).toBe(200);
    const ev = (await caseEvents(t.db, c.id)).at(-1)!;
    const heldUntil = new Date(ev.data.heldUntil as string);
    const { workingMinutesBetween, DEFAULT_WINDOWS } = await import("../calendar/working-time.js");
    const cal = { overrides: new Map<string, "holiday" | "workday">(), windows: DEFAULT_WINDOWS };
    const row = await caseRow(c.id);
    expect(workingMinutesBetween(cal, deadline, row.deadline_at)).toBeCloseTo(workingMinutesBetween(cal, holdStart, heldUntil), 6);
    expect(ev.data.heldWorkingMinutes).toBeCloseTo(workingMinutesBetween(cal, holdStart, heldUntil), 6);
    expect(row.hold_started_at).toBeNull();
    expect(row.hold_reason).toBeNull();
  });

  it("a denied hold goes back to work and keeps the clock running", async () => {
    const deadline = new Date(Date.now() + 86_400_000);
    const c = await insertCase(t.db, t.deps.vault, {
      status: "hold_requested",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      deadlineAt: deadline,
    });
    expect((await act("street", c.id, "deny_hold", { reason: "可以先行处置" })).status).toBe(200);
    const row = await caseRow(c.id);
    expect(row).toMatchObject({ status: "in_progress", hold_reason: null, hold_started_at: null });
    expect(row.deadline_at).toEqual(deadline);
    expect((await agents.gw1!.get("/api/v1/inbox")).body.items[0]).toMatchObject({ kind: "case.deny_hold" });
  });

  it("a hold request reaches the staff who approve it", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      areaCode: AREAS.compoundA,
    });
    expect((await act("gw1", c.id, "request_hold", { reason: "需等待业主回家" })).status).toBe(200);
    const staff = await agents.staffA!.get("/api/v1/inbox");
    expect(staff.body.items[0]).toMatchObject({ kind: "case.request_hold", title: "挂账申请待审批" });
    // Only the nearest staff: the street's staff are not asked while the community has its own.
    const street = await agents.street!.get("/api/v1/inbox?pageSize=200");
    expect(street.body.items.some((n: { caseId: string }) => n.caseId === c.id)).toBe(false);
  });
});

describe("concurrency and bad input", () => {
  it("answers 409 when the case changed between reading it and writing the step", async () => {
    const { takeAction } = await import("./workflow.service.js");
    const { findCase } = await import("./cases.repository.js");
    const { actorFromAccount } = await import("../../platform/actor.js");
    const c = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: { kind: "grid_worker", ref: w.acc.gw1 } });
    const account = (await t.db.query<any>("SELECT * FROM accounts WHERE id = $1", [w.acc.gw1])).rows[0];
    const actor = actorFromAccount(account, null);
    const stale = (await findCase(t.db, actor, c.id))!;
    await t.db.query("UPDATE cases SET status = 'in_progress' WHERE id = $1", [c.id]);
    const err = await t.db
      .tx((q) =>
        takeAction(
          q,
          { actor, audit: { actorId: actor.id, actorLabel: "gw1", ip: null }, deps: t.deps, now: new Date() },
          stale,
          "accept",
          {},
        ),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "conflict.case_changed", status: 409 });
    // Nothing of the refused step was written.
    expect((await caseEvents(t.db, c.id)).length).toBe(0);
  });

  it("lets one of two simultaneous steps through; the other is refused without harm", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: { kind: "grid_worker", ref: w.acc.gw1 } });
    const [a, b] = await Promise.all([act("gw1", c.id, "accept"), act("gw1", c.id, "accept")]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    // PostgreSQL sees the race (409); PGlite runs the two one after the other (the second is no longer allowed: 422).
    expect([409, 422]).toContain(statuses[1]);
    expect((await caseEvents(t.db, c.id)).filter((e) => e.action === "accept")).toHaveLength(1);
  });

  it("answers 4xx, never 500, to malformed requests", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: { kind: "grid_worker", ref: w.acc.gw1 } });
    const fc = (await import("fast-check")).default;
    const actions = fc.oneof(fc.constantFrom(...CASE_WORKFLOW_ACTIONS), fc.string({ maxLength: 20 }));
    const ids = fc.oneof(fc.constant(c.id), fc.uuid(), fc.string({ maxLength: 40 }));
    const bodies = fc.oneof(
      fc.anything(),
      fc.record({
        handler: fc.oneof(fc.anything(), fc.record({ kind: fc.string(), ref: fc.oneof(fc.string(), fc.uuid(), fc.constant("\u0000")) })),
        note: fc.oneof(fc.string({ maxLength: 3000 }), fc.anything()),
        reason: fc.oneof(fc.string(), fc.constant("\u0000")),
        result: fc.string(),
        rating: fc.string(),
        serviceMode: fc.string(),
        photos: fc.anything(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(actions, ids, bodies, fc.constantFrom("gw1", "staffA", "reporter", "leader"), async (action, id, b, agent) => {
        const res = await agents[agent]!.request(
          "POST",
          `/api/v1/cases/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`,
          b as object,
          {
            "content-type": "application/json",
          },
        );
        expect(res.status, JSON.stringify({ action, id, b, body: res.body })).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.anything(), async (code, b) => {
        const res = await anonymous(t.app).request("POST", `/api/v1/cases/track/${encodeURIComponent(code)}/rate`, b as object, {
          "content-type": "application/json",
          "x-forwarded-for": "10.9.9.9",
        });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the stopped clock", () => {
  it("moves the deadline by exactly the working time of the hold, across nights, weekends, holidays and make-up days", async () => {
    const fc = (await import("fast-check")).default;
    const { takeAction } = await import("./workflow.service.js");
    const { findCase } = await import("./cases.repository.js");
    const { actorFromAccount } = await import("../../platform/actor.js");
    const { workingMinutesBetween } = await import("../calendar/working-time.js");
    const { NATIONAL_DAY_2026, NATIONAL_DAY_2026_CALENDAR: cal } = await import("../calendar/calendar.fixtures.js");
    for (const [day, kind] of NATIONAL_DAY_2026)
      await t.db.query("INSERT INTO calendar_days (day, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING", [day, kind]);
    const actorOf = async (id: string) =>
      actorFromAccount((await t.db.query<any>("SELECT * FROM accounts WHERE id = $1", [id])).rows[0], null);
    const handler = await actorOf(w.acc.gw1);
    const staff = await actorOf(w.acc.staffA);
    const ctx = (actor: typeof handler, now: Date) => ({
      actor,
      audit: { actorId: actor.id, actorLabel: actor.label, ip: null },
      deps: t.deps,
      now,
    });
    const base = Date.parse("2026-09-15T00:00:00+08:00");
    const minute = 60_000;
    // Instants to the minute over six weeks around the holidays.
    const instant = fc.integer({ min: 0, max: 42 * 24 * 60 }).map((m) => new Date(base + m * minute));

    await fc.assert(
      fc.asyncProperty(instant, instant, instant, async (a, b, d) => {
        const [holdStart, holdEnd] = a < b ? [a, b] : [b, a];
        const c = await insertCase(t.db, t.deps.vault, {
          status: "hold_requested",
          handler: { kind: "grid_worker", ref: w.acc.gw1 },
          deadlineAt: d,
        });
        await t.db.tx(async (q) => takeAction(q, ctx(staff, holdStart), (await findCase(q, staff, c.id))!, "approve_hold", {}));
        await t.db.tx(async (q) => takeAction(q, ctx(handler, holdEnd), (await findCase(q, handler, c.id))!, "resume", {}));
        const after = (await caseRow(c.id)).deadline_at as Date;
        if (workingMinutesBetween(cal, holdStart, d) === 0) {
          // No working time was left when the clock stopped (already late): the deadline stays.
          expect(after).toEqual(d);
        } else {
          expect(workingMinutesBetween(cal, d, after)).toBeCloseTo(workingMinutesBetween(cal, holdStart, holdEnd), 6);
          // And the working time left is what was left when the clock stopped.
          expect(workingMinutesBetween(cal, holdEnd, after)).toBeCloseTo(workingMinutesBetween(cal, holdStart, d), 6);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a round-the-clock limit is moved by the wall-clock time of the hold", async () => {
    const { takeAction } = await import("./workflow.service.js");
    const { findCase } = await import("./cases.repository.js");
    const { actorFromAccount } = await import("../../platform/actor.js");
    const handler = actorFromAccount((await t.db.query<any>("SELECT * FROM accounts WHERE id = $1", [w.acc.gw1])).rows[0], null);
    const holdStart = new Date("2026-11-20T22:00:00+08:00");
    const deadline = new Date("2026-11-20T23:30:00+08:00");
    const holdEnd = new Date("2026-11-21T08:00:00+08:00");
    const c = await insertCase(t.db, t.deps.vault, {
      status: "on_hold",
      urgency: "critical",
      handler: { kind: "grid_worker", ref: w.acc.gw1 },
      deadlineAt: deadline,
      holdStartedAt: holdStart,
    });
    const ctx = { actor: handler, audit: { actorId: handler.id, actorLabel: "gw1", ip: null }, deps: t.deps, now: holdEnd };
    await t.db.tx(async (q) => takeAction(q, ctx, (await findCase(q, handler, c.id))!, "resume", {}));
    expect((await caseRow(c.id)).deadline_at).toEqual(new Date("2026-11-21T09:30:00+08:00"));
  });

  it("counts every unit of a category's rule the same way for a new deadline and after a hold", async () => {
    const { caseDeadline, deadlineAfterHold, DEFAULT_RULE } = await import("./workflow.deadlines.js");
    const { takeAction } = await import("./workflow.service.js");
    const { findCase } = await import("./cases.repository.js");
    const { actorFromAccount } = await import("../../platform/actor.js");
    const { DEFAULT_WINDOWS } = await import("../calendar/working-time.js");
    await t.db.query(
      `INSERT INTO case_categories (code, name, family, deadline_normal, deadline_normal_unit, deadline_urgent, deadline_urgent_unit,
                                    deadline_critical, deadline_critical_unit)
       VALUES ('TST09', '时限单位', 'social', 2, 'days', 3, 'working_hours', 5, 'hours')`,
    );
    // A Friday afternoon in November 2026 (no holidays near).
    const from = new Date("2026-11-20T16:00:00+08:00");
    const due = async (category: string | null, urgency: "normal" | "urgent" | "critical") =>
      (await caseDeadline(t.db, { area_code: AREAS.communityA, category_code: category, urgency }, from)).at;
    expect(await due("TST09", "normal")).toEqual(new Date("2026-11-22T16:00:00+08:00"));
    expect(await due("TST09", "urgent")).toEqual(new Date("2026-11-23T10:30:00+08:00"));
    expect(await due("TST09", "critical")).toEqual(new Date("2026-11-20T21:00:00+08:00"));
    expect(await due(CATEGORY, "normal")).toEqual(new Date("2026-11-27T17:30:00+08:00"));
    // A case without a category: the general limit of 7 working days.
    expect(DEFAULT_RULE).toEqual({ value: 7, unit: "working_days" });
    expect(await due(null, "urgent")).toEqual(new Date("2026-12-01T17:30:00+08:00"));

    // After a hold from Friday 18:00 to Saturday 10:00: wall-clock units move by the wall-clock time of the hold,
    // working units by the working time left, counted again from the end of the hold.
    const cal = { overrides: new Map<string, "holiday" | "workday">(), windows: DEFAULT_WINDOWS };
    const [holdStart, holdEnd] = [new Date("2026-11-20T18:00:00+08:00"), new Date("2026-11-21T10:00:00+08:00")];
    const deadline = new Date("2026-11-23T10:00:00+08:00");
    expect(deadlineAfterHold(cal, { value: 2, unit: "days" }, deadline, holdStart, holdEnd)).toEqual(new Date("2026-11-24T02:00:00+08:00"));
    expect(deadlineAfterHold(cal, { value: 5, unit: "hours" }, deadline, holdStart, holdEnd)).toEqual(
      new Date("2026-11-24T02:00:00+08:00"),
    );
    for (const unit of ["working_hours", "working_days"] as const) {
      // One working hour was left (Monday 9:00–10:00), and the hold ended on a Saturday: Monday 10:00 still.
      expect(deadlineAfterHold(cal, { value: 3, unit }, deadline, holdStart, holdEnd)).toEqual(deadline);
    }

    // Through the resume step, with the case's own rule (urgent: working hours) and the area's calendar.
    const handler = actorFromAccount((await t.db.query<any>("SELECT * FROM accounts WHERE id = $1", [w.acc.gw1])).rows[0], null);
    for (const [urgency, want] of [
      ["normal", "2026-11-24T02:00:00+08:00"],
      ["urgent", "2026-11-23T10:00:00+08:00"],
    ] as const) {
      const c = await insertCase(t.db, t.deps.vault, {
        status: "on_hold",
        categoryCode: "TST09",
        urgency,
        handler: { kind: "grid_worker", ref: w.acc.gw1 },
        deadlineAt: deadline,
        holdStartedAt: holdStart,
      });
      const ctx = { actor: handler, audit: { actorId: handler.id, actorLabel: "gw1", ip: null }, deps: t.deps, now: holdEnd };
      await t.db.tx(async (q) => takeAction(q, ctx, (await findCase(q, handler, c.id))!, "resume", {}));
      expect((await caseRow(c.id)).deadline_at, urgency).toEqual(new Date(want));
    }
  });
});
