import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { workCalendarFor } from "../calendar/calendar.repository.js";
import { whistleDeadlines } from "./whistles.rules.js";

const DISTRICT = "150603000000";
const STREET = "150603002000";
const A = "150603002002";
const B = "150603002001";
const OTHER_DISTRICT = "150602000000";
const OTHER_STREET = "150603001000";
const FAR = "150603001001";

let t: TestContext;
const ids: Record<string, string> = {};
const as: Record<string, Agent> = {};

async function insertId(sql: string, params: unknown[]): Promise<string> {
  return (await t.db.query<{ id: string }>(sql, params)).rows[0]!.id;
}

beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAreas(db, [
        { code: DISTRICT, name: "康巴什区" },
        { code: STREET, name: "青春山街道" },
        { code: A, name: "神华康城社区" },
        { code: B, name: "康和社区" },
        { code: OTHER_STREET, name: "哈巴格希街道" },
        { code: FAR, name: "远方社区" },
        { code: OTHER_DISTRICT, name: "东胜区" },
      ]);
      // The street works 8:30–12:00 and 14:30–18:00.
      await db.query("INSERT INTO working_hours (area_code, windows) VALUES ($1, $2)", [
        STREET,
        JSON.stringify([
          [510, 720],
          [870, 1080],
        ]),
      ]);
    },
  });
  const { db } = t;
  ids.cg = await insertId("INSERT INTO departments (name, area_code) VALUES ('城管局', $1) RETURNING id", [DISTRICT]);
  ids.wj = await insertId("INSERT INTO departments (name, area_code) VALUES ('卫健委', $1) RETURNING id", [DISTRICT]);
  ids.city = await insertId("INSERT INTO departments (name, area_code) VALUES ('市住建局', '150600000000') RETURNING id", []);
  ids.farDept = await insertId("INSERT INTO departments (name, area_code) VALUES ('东胜区城管局', $1) RETURNING id", [OTHER_DISTRICT]);
  ids.shop = await insertId("INSERT INTO units (name, area_code) VALUES ('康城物业', $1) RETURNING id", [A]);
  ids.farUnit = await insertId("INSERT INTO units (name, area_code) VALUES ('远方公司', $1) RETURNING id", [FAR]);
  ids.case = await insertId(
    `INSERT INTO cases (number, tracking_code, channel, source, title, status, area_code)
     VALUES ('C-1', 'TRK-1', 'resident_report', 'mobile', '路灯不亮', 'in_progress', $1) RETURNING id`,
    [A],
  );
  ids.farCase = await insertId(
    `INSERT INTO cases (number, tracking_code, channel, source, title, status, area_code)
     VALUES ('C-2', 'TRK-2', 'resident_report', 'mobile', '远处的事', 'in_progress', $1) RETURNING id`,
    [FAR],
  );
  ids.closedCase = await insertId(
    `INSERT INTO cases (number, tracking_code, channel, source, title, status, area_code)
     VALUES ('C-3', 'TRK-3', 'resident_report', 'mobile', '已办结', 'closed', $1) RETURNING id`,
    [A],
  );
  const accounts: [string, Parameters<typeof buildAccount>[1]][] = [
    ["street", { username: "street", roles: ["street_staff"], areaCode: STREET }],
    ["a", { username: "a", roles: ["community_staff"], areaCode: A }],
    ["b", { username: "b", roles: ["community_staff"], areaCode: B }],
    ["cg", { username: "cg", roles: ["department"], departmentId: ids.cg }],
    ["cg2", { username: "cg2", roles: ["department"], departmentId: ids.cg }],
    ["wj", { username: "wj", roles: ["department"], departmentId: ids.wj }],
    ["shop", { username: "shop", roles: ["unit_rep"], unitId: ids.shop }],
    ["leader", { username: "leader", roles: ["leader"], areaCode: DISTRICT }],
    ["worker", { username: "worker", roles: ["grid_worker"], areaCode: A }],
  ];
  for (const [key, o] of accounts) {
    ids[`acc_${key}`] = await buildAccount(db, o);
    as[key] = await loginAs(t.app, o.username, TEST_PASSWORD);
  }
});
afterAll(() => t.close());

const blow = (agent: Agent, body: Record<string, unknown>) => agent.post("/api/v1/whistles", body);
const taskOf = (w: any, partyId: string) => w.tasks.find((x: any) => x.partyId === partyId);

describe("blowing a whistle", () => {
  it("urgent, on a case: one task per party with deadlines on the area's calendar; every account of each party is notified", async () => {
    const res = await blow(as.street!, {
      caseId: ids.case,
      level: "urgent",
      description: "路灯整片不亮，需要城管和物业到场",
      departmentIds: [ids.cg, ids.city],
      unitIds: [ids.shop],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const w = res.body;
    ids.urgent = w.id;
    expect(w).toMatchObject({ caseId: ids.case, caseNumber: "C-1", title: "路灯不亮", level: "urgent", areaCode: STREET, status: "open" });
    expect(w.tasks.map((x: any) => x.partyLabel).sort()).toEqual(["城管局", "市住建局", "康城物业"].sort());
    const blownAt = new Date(w.blownAt);
    const due = whistleDeadlines(await workCalendarFor(t.db, STREET), blownAt, "urgent");
    const task = taskOf(w, ids.cg!);
    expect(task.reportIn.dueAt).toBe(new Date(blownAt.getTime() + 30 * 60_000).toISOString());
    expect(task.sign.dueAt).toBe(due.signDueAt.toISOString());
    expect(task.contact.dueAt).toBe(due.contactDueAt.toISOString());
    expect(task.result.dueAt).toBe(due.resultDueAt.toISOString());
    expect(w.summary).toMatchObject({ parties: 3, reportedIn: 0, signed: 0, late: 0 });
    expect(w.abilities).toEqual({ evaluate: true, close: true });

    const notes = await t.db.query<{ account_id: string; title: string }>(
      "SELECT account_id, title FROM notifications WHERE kind = 'whistle' ORDER BY account_id",
    );
    expect(notes.rows.map((n) => n.account_id).sort()).toEqual([ids.acc_cg, ids.acc_cg2, ids.acc_shop].sort());
    expect(notes.rows[0]!.title).toBe("紧急吹哨：路灯不亮");
    const events = await t.db.query<{ action: string; from_status: string | null; data: any }>(
      "SELECT action, from_status, data FROM case_events WHERE case_id = $1",
      [ids.case],
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]).toMatchObject({ action: "whistle", from_status: null, data: { whistleId: w.id, level: "urgent" } });
    const status = await t.db.query<{ status: string }>("SELECT status FROM cases WHERE id = $1", [ids.case]);
    expect(status.rows[0]!.status).toBe("in_progress");
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'whistle.blow' AND object_id = $1", [w.id]);
    expect(audit.rows).toHaveLength(1);
  });

  it("ordinary, on a situation: no report-in deadline; 5 working days for the result", async () => {
    const res = await blow(as.a!, { title: "小区积水", level: "ordinary", departmentIds: [ids.wj] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.ordinary = res.body.id;
    const w = res.body;
    expect(w).toMatchObject({ caseId: null, areaCode: A, level: "ordinary" });
    const due = whistleDeadlines(await workCalendarFor(t.db, A), new Date(w.blownAt), "ordinary");
    const task = w.tasks[0];
    expect(task.reportIn.dueAt).toBeNull();
    expect(task.result.dueAt).toBe(due.resultDueAt.toISOString());
    // Urgent and ordinary differ by two working days at the result (3 vs 5).
    const urgent = whistleDeadlines(await workCalendarFor(t.db, A), new Date(w.blownAt), "urgent");
    expect(due.resultDueAt.getTime()).toBeGreaterThan(urgent.resultDueAt.getTime());
  });

  it("refuses what the blower may not summon or see, and cases no longer open", async () => {
    const cases: [Agent, Record<string, unknown>, number, string][] = [
      [as.street!, { title: "x", level: "urgent", departmentIds: [ids.farDept] }, 422, "domain.whistle_party_unknown"],
      [as.a!, { title: "x", level: "urgent", unitIds: [ids.farUnit] }, 422, "domain.whistle_party_unknown"],
      [
        as.a!,
        { title: "x", level: "urgent", departmentIds: ["00000000-0000-4000-8000-000000000000"] },
        422,
        "domain.whistle_party_unknown",
      ],
      [as.a!, { caseId: ids.farCase, level: "urgent", departmentIds: [ids.cg] }, 422, "domain.whistle_case_unknown"],
      [as.street!, { caseId: ids.closedCase, level: "urgent", departmentIds: [ids.cg] }, 422, "domain.whistle_case_closed"],
      [as.a!, { title: "x", level: "urgent", areaCode: B, departmentIds: [ids.cg] }, 422, "domain.area_outside_scope"],
      [as.street!, { caseId: ids.case, areaCode: B, level: "urgent", departmentIds: [ids.cg] }, 422, "domain.whistle_area_mismatch"],
      [as.a!, { title: "x", level: "urgent" }, 400, "validation.failed"],
      [as.a!, { level: "urgent", departmentIds: [ids.cg] }, 400, "validation.failed"],
      [as.a!, { title: "x", level: "loud", departmentIds: [ids.cg] }, 400, "validation.failed"],
      [as.cg!, { title: "x", level: "urgent", departmentIds: [ids.cg] }, 403, "forbidden"],
      [as.leader!, { title: "x", level: "urgent", departmentIds: [ids.cg] }, 403, "forbidden"],
    ];
    for (const [agent, body, status, code] of cases) {
      const res = await blow(agent, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.code).toBe(code);
    }
    // A city department is summonable by a street; it belongs to the government above it.
    expect((await blow(as.a!, { title: "y", level: "ordinary", departmentIds: [ids.city] })).status).toBe(201);
  });
});

describe("the summoned party's steps", () => {
  it("only the party's own accounts act; each step once; contact and result follow signing", async () => {
    const w = (await as.street!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    const cg = taskOf(w, ids.cg!).id;
    const shop = taskOf(w, ids.shop!).id;
    // Not summoned: cannot see the whistle at all.
    expect((await as.wj!.post(`/api/v1/whistle-tasks/${cg}/report-in`, {})).status).toBe(404);
    // Summoned to the same whistle, but not this task's party.
    expect((await as.shop!.post(`/api/v1/whistle-tasks/${cg}/report-in`, {})).status).toBe(403);
    // Staff do not answer whistles.
    expect((await as.street!.post(`/api/v1/whistle-tasks/${cg}/report-in`, {})).status).toBe(403);
    expect((await as.cg!.post(`/api/v1/whistle-tasks/00000000-0000-4000-8000-000000000000/sign`, {})).status).toBe(404);

    const contactFirst = await as.cg!.post(`/api/v1/whistle-tasks/${cg}/contact`, {});
    expect(contactFirst.status).toBe(422);
    expect(contactFirst.body.code).toBe("domain.whistle_not_signed");

    const report = await as.cg!.post(`/api/v1/whistle-tasks/${cg}/report-in`, { note: "已到场" });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.reportIn).toMatchObject({ note: "已到场", late: false });
    expect(report.body.reportIn.at).not.toBeNull();
    expect(report.body.abilities).toMatchObject({ reportIn: false, sign: true, contact: false, result: false, evaluate: false });
    const again = await as.cg2!.post(`/api/v1/whistle-tasks/${cg}/report-in`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("conflict.whistle_step_done");

    expect((await as.cg2!.post(`/api/v1/whistle-tasks/${cg}/sign`, {})).status).toBe(200);
    expect((await as.cg!.post(`/api/v1/whistle-tasks/${cg}/sign`, {})).status).toBe(409);
    expect((await as.cg!.post(`/api/v1/whistle-tasks/${cg}/contact`, { note: "已联系报告人" })).status).toBe(200);
    expect((await as.cg!.post(`/api/v1/whistle-tasks/${cg}/result`, {})).status).toBe(400);
    const result = await as.cg!.post(`/api/v1/whistle-tasks/${cg}/result`, { note: "已更换灯具" });
    expect(result.status).toBe(200);
    expect(result.body.result.note).toBe("已更换灯具");
    expect((await as.cg!.post(`/api/v1/whistle-tasks/${cg}/result`, { note: "again" })).status).toBe(409);

    // The unit signs its own task.
    expect((await as.shop!.post(`/api/v1/whistle-tasks/${shop}/sign`, {})).status).toBe(200);

    // The steps are on the case's timeline (not as status transitions) and audited.
    const events = await t.db.query<{ action: string; to_status: string | null }>(
      "SELECT action, to_status FROM case_events WHERE case_id = $1 ORDER BY id",
      [ids.case],
    );
    expect(events.rows.map((e) => e.action)).toEqual([
      "whistle",
      "whistle_report_in",
      "whistle_sign",
      "whistle_contact",
      "whistle_result",
      "whistle_sign",
    ]);
    expect(events.rows.every((e) => e.to_status === null)).toBe(true);
    const audit = await t.db.query("SELECT action FROM audit_log WHERE object_type = 'whistle_task' ORDER BY id");
    expect(audit.rows.map((r: any) => r.action)).toEqual([
      "whistle_task.report_in",
      "whistle_task.sign",
      "whistle_task.contact",
      "whistle_task.result",
      "whistle_task.sign",
    ]);
  });

  it("the inbox lists the party's open tasks with deadlines; done ones with status=all", async () => {
    const shop = await as.shop!.get("/api/v1/whistle-tasks/mine");
    expect(shop.status).toBe(200);
    expect(shop.body.items).toHaveLength(1);
    expect(shop.body.items[0]).toMatchObject({ partyLabel: "康城物业", whistle: { id: ids.urgent, caseNumber: "C-1", level: "urgent" } });
    expect(shop.body.items[0].result.dueAt).not.toBeNull();
    // 城管局 has reported its result: nothing open; with status=all its task is there.
    expect((await as.cg!.get("/api/v1/whistle-tasks/mine")).body.items).toEqual([]);
    const all = await as.cg!.get("/api/v1/whistle-tasks/mine?status=all");
    expect(all.body.items.map((i: any) => i.whistle.id)).toEqual([ids.urgent]);
    expect((await as.street!.get("/api/v1/whistle-tasks/mine")).status).toBe(403);
  });
});

describe("the whistle board", () => {
  it("shows who has and has not reported, and what is late against now", async () => {
    const w0 = (await as.street!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    const city = taskOf(w0, ids.city!).id;
    // 市住建局 has done nothing, and its report-in and sign deadlines have passed.
    await t.db.query(
      "UPDATE whistle_tasks SET report_due_at = now() - interval '2 hours', sign_due_at = now() - interval '1 hour' WHERE id = $1",
      [city],
    );
    const w = (await as.street!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    const late = taskOf(w, ids.city!);
    expect(late.reportIn).toMatchObject({ at: null, late: true });
    expect(late.sign).toMatchObject({ at: null, late: true });
    expect(late.contact.late).toBe(false);
    expect(late.late).toBe(true);
    expect(taskOf(w, ids.cg!)).toMatchObject({ late: false, reportIn: { late: false }, result: { late: false } });
    expect(w.summary).toMatchObject({ parties: 3, reportedIn: 1, signed: 2, contacted: 1, resulted: 1, late: 1 });

    // A step done after its deadline stays late.
    const shop = taskOf(w, ids.shop!).id;
    await t.db.query("UPDATE whistle_tasks SET sign_due_at = signed_at - interval '1 minute' WHERE id = $1", [shop]);
    const again = (await as.street!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    expect(taskOf(again, ids.shop!).sign).toMatchObject({ late: true });
    expect(again.summary.late).toBe(2);

    const board = await as.street!.get("/api/v1/whistles?lateOnly=true");
    expect(board.body.items.map((x: any) => x.id)).toEqual([ids.urgent]);
    const open = await as.street!.get("/api/v1/whistles");
    expect(open.body.total).toBe(3); // the urgent whistle and community A's two
  });

  it("scope: staff see their area's whistles; a party the whistles that summon it; never another community's", async () => {
    const list = async (agent: Agent) =>
      ((await agent.get("/api/v1/whistles?status=all&pageSize=200")).body.items as any[]).map((w) => w.id);
    // The ordinary whistle is community A's own.
    expect(await list(as.a!)).toContain(ids.ordinary);
    expect(await list(as.a!)).not.toContain(ids.urgent); // blown by the street, at the street's level
    expect(await list(as.b!)).toEqual([]);
    expect((await as.b!.get(`/api/v1/whistles/${ids.ordinary}`)).status).toBe(404);
    expect((await as.b!.get(`/api/v1/whistles/${ids.urgent}`)).status).toBe(404);
    expect(await list(as.street!)).toEqual(expect.arrayContaining([ids.urgent, ids.ordinary]));
    expect(await list(as.leader!)).toEqual(expect.arrayContaining([ids.urgent, ids.ordinary]));
    expect(await list(as.cg!)).toEqual([ids.urgent]);
    expect(await list(as.wj!)).toEqual([ids.ordinary]);
    expect((await as.wj!.get(`/api/v1/whistles/${ids.urgent}`)).status).toBe(404);
    expect((await as.worker!.get("/api/v1/whistles")).status).toBe(403);
    // A party sees the other parties' progress, but may act on none of it.
    const seen = (await as.shop!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    expect(taskOf(seen, ids.cg!).abilities).toEqual({ reportIn: false, sign: false, contact: false, result: false, evaluate: false });
    expect(taskOf(seen, ids.shop!).abilities).toMatchObject({ contact: true, result: true });
    expect(seen.abilities).toEqual({ evaluate: false, close: false });
  });
});

describe("evaluation and closing", () => {
  it("the whistle's area staff score each party and close it; parties and other areas may not", async () => {
    const w = (await as.street!.get(`/api/v1/whistles/${ids.urgent}`)).body;
    const cg = taskOf(w, ids.cg!).id;
    const city = taskOf(w, ids.city!).id;
    expect((await as.b!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 90 })).status).toBe(404);
    expect((await as.a!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 90 })).status).toBe(404);
    expect((await as.cg!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 100 })).status).toBe(403);
    expect((await as.street!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 101 })).status).toBe(400);
    expect((await as.street!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 9.5 })).status).toBe(400);
    const ok = await as.street!.post(`/api/v1/whistle-tasks/${cg}/evaluate`, { score: 95, comment: "到场及时，处置有力" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ score: 95, comment: "到场及时，处置有力" });
    expect(ok.body.evaluatedAt).not.toBeNull();
    expect((await as.street!.post(`/api/v1/whistle-tasks/${city}/evaluate`, { score: 40, comment: "未报到" })).status).toBe(200);

    expect((await as.cg!.post(`/api/v1/whistles/${ids.urgent}/close`, {})).status).toBe(403);
    expect((await as.b!.post(`/api/v1/whistles/${ids.urgent}/close`, {})).status).toBe(404);
    const closed = await as.street!.post(`/api/v1/whistles/${ids.urgent}/close`, { note: "路灯已修复" });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: "closed",
      closeNote: "路灯已修复",
      abilities: { close: false },
      summary: { evaluated: 2 },
    });
    const twice = await as.street!.post(`/api/v1/whistles/${ids.urgent}/close`, {});
    expect(twice.status).toBe(409);

    // Nothing more is taken on a closed whistle; its pending steps' lateness is judged at its closing.
    const shop = taskOf(w, ids.shop!).id;
    const step = await as.shop!.post(`/api/v1/whistle-tasks/${shop}/contact`, {});
    expect(step.status).toBe(422);
    expect(step.body.code).toBe("domain.whistle_closed");
    expect((await as.shop!.get("/api/v1/whistle-tasks/mine")).body.items).toEqual([]);
    expect((await as.street!.get("/api/v1/whistles")).body.items.map((x: any) => x.id)).not.toContain(ids.urgent);
    expect((await as.street!.get("/api/v1/whistles?status=closed")).body.items.map((x: any) => x.id)).toEqual([ids.urgent]);

    const events = await t.db.query<{ action: string }>(
      "SELECT action FROM case_events WHERE case_id = $1 AND action IN ('whistle_evaluate', 'whistle_close') ORDER BY id",
      [ids.case],
    );
    expect(events.rows.map((e) => e.action)).toEqual(["whistle_evaluate", "whistle_evaluate", "whistle_close"]);
  });
});

describe("property: no request makes the whistle routes answer 500", () => {
  it("over bodies close to valid, tasks and actors", async () => {
    const tasks = (await t.db.query<{ id: string }>("SELECT id FROM whistle_tasks")).rows.map((r) => r.id);
    const whistles = (await t.db.query<{ id: string }>("SELECT id FROM whistles")).rows.map((r) => r.id);
    const uuid = fc.oneof(
      fc.constantFrom(ids.cg!, ids.wj!, ids.city!, ids.farDept!, ids.shop!, ids.farUnit!, ids.case!, ids.farCase!, ids.closedCase!),
      fc.uuid(),
    );
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("", " ", "\u0000", "路灯", "x".repeat(5000)));
    const body = fc.record(
      {
        caseId: fc.oneof(uuid, fc.constant(null), text),
        title: text,
        description: text,
        level: fc.constantFrom("ordinary", "urgent", "loud", 1),
        areaCode: fc.constantFrom(A, B, STREET, FAR, "150603009009", "x"),
        departmentIds: fc.array(uuid, { maxLength: 4 }),
        unitIds: fc.oneof(fc.array(uuid, { maxLength: 3 }), text),
        note: text,
        score: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.constant(null)),
        comment: text,
      },
      { requiredKeys: [] },
    );
    const route = fc.constantFrom(
      "/api/v1/whistles",
      "/api/v1/whistles/:w/close",
      "/api/v1/whistle-tasks/:t/report-in",
      "/api/v1/whistle-tasks/:t/sign",
      "/api/v1/whistle-tasks/:t/contact",
      "/api/v1/whistle-tasks/:t/result",
      "/api/v1/whistle-tasks/:t/evaluate",
    );
    const input = fc.record({
      agent: fc.constantFrom("street", "a", "b", "cg", "wj", "shop", "leader"),
      route,
      task: fc.oneof(fc.constantFrom(...tasks), fc.uuid()),
      whistle: fc.oneof(fc.constantFrom(...whistles), fc.uuid()),
      body,
    });
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const url = i.route.replace(":w", i.whistle).replace(":t", i.task);
        const res = await as[i.agent]!.post(url, i.body);
        expect(res.status, `${i.agent} ${url} ${JSON.stringify(i.body).slice(0, 300)} ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    const board = await as.street!.get("/api/v1/whistles?status=all&pageSize=200");
    expect(board.status).toBe(200);
  }, 60_000);
});
