import { ASSESSMENT_LEVELS, ASSESSMENT_METRICS } from "@gongzhi/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildGrid, rectangle } from "../grids/grids.factories.js";
import { buildCaseHistory } from "./assessment.factories.js";
import { periodOf } from "./assessment.service.js";

/**
 * The assessment against a fixture whose every figure is counted by hand below. The period is March 2026.
 *
 * Community C1 (street S):
 *   K1  deadline 03-10; accepted 03-02, resolved 03-05, rated satisfied 03-06 (closed)
 *   K2  deadline 03-12; accepted 03-13 (late), resolved 03-14, rated basically satisfied 03-15 (closed)
 *   K3  deadline 03-15; accepted 03-10, resolved 03-12, rated unsatisfied 03-13 (rework), resolved 03-20, closed unrated 03-27
 *   K4  deadline 03-20; accepted 03-16, resolved 03-18, closed unrated 03-25
 *   K5  deadline 03-18; accepted 03-10, hold requested 03-11 and approved 03-12: still on hold
 *   K6  deadline 03-22 (moved there when the hold of 03-05 was resumed on 03-09); accepted 03-03, resolved 03-21,
 *       rated satisfied 03-23 (closed)
 *   K7  deadline 03-25; never accepted
 *   K8  deadline 04-03 (not due in March); accepted 03-28, resolved 03-29, rated unsatisfied 03-30 (rework, open)
 *   K9  deadline 02-25 (not due in March); accepted 02-20, resolved 02-24, closed unrated 03-03
 *   K10 deadline 03-10 but rejected: never counts
 *   K14 deadline 04-10, accepted 04-01: nothing in March
 *   K15 first deadline 03-05; accepted 03-06 (late), resolved 03-07, rated unsatisfied 03-08 (rework: new deadline
 *       03-16), resolved 03-12, rated satisfied 03-13 (closed). Due by its deadline in force (03-16); the late
 *       acceptance stays late against the deadline it had then.
 * Community C2 (street S), handled by the department D:
 *   K11 deadline 03-10; accepted 03-09, resolved 03-09, rated satisfied 03-11 (closed)
 *   K12 deadline 03-20; never accepted
 * Community C3 (street S2), handled by D:
 *   K13 first deadline 03-10; accepted 03-08, resolved 03-09, rated unsatisfied 03-10 (rework: new deadline 03-17),
 *       resolved 03-12, rated satisfied 03-14
 * K1 and K4 lie in the compound grid G1a (under C1's grid G1); the other C1 cases in G1 itself. K6's and K15's
 * triage recorded their first deadlines (03-14, 03-05), which a hold and a rework moved later.
 */

const DISTRICT = "150603000000";
const S = "150603002000";
const C1 = "150603002001";
const C1_COMPOUND = "150603002001001";
const C2 = "150603002002";
const S2 = "150603001000";
const C3 = "150603001001";
const FROM = "2026-03-01";
const TO = "2026-03-31";

let t: TestContext;
const ids: Record<string, string> = {};
const agents: Record<string, Agent> = {};

async function seed(db: TestContext["db"]) {
  await buildCity(db);
  await buildAreas(db, [
    { code: DISTRICT, name: "康巴什区" },
    { code: S, name: "青春山街道" },
    { code: C1, name: "一社区" },
    { code: C1_COMPOUND, name: "一小区" },
    { code: C2, name: "二社区" },
    { code: S2, name: "哈巴格希街道" },
    { code: C3, name: "三社区" },
  ]);
  const dept = async (name: string) =>
    (await db.query<{ id: string }>("INSERT INTO departments (name, area_code) VALUES ($1, $2) RETURNING id", [name, DISTRICT])).rows[0]!
      .id;
  ids.D = await dept("城管局");
  ids.E = await dept("卫健委");
  ids.U = (await db.query<{ id: string }>("INSERT INTO units (name, area_code) VALUES ('康城超市', $1) RETURNING id", [C1])).rows[0]!.id;
  ids.G1 = await buildGrid(db, { code: "G1", name: "一网格", areaCode: C1, geometry: rectangle(109.7, 39.6, 109.71, 39.61) });
  ids.G1a = await buildGrid(db, {
    code: "G1A",
    name: "一小区网格",
    level: "compound",
    parentId: ids.G1,
    areaCode: C1_COMPOUND,
    geometry: rectangle(109.701, 39.601, 109.705, 39.605),
  });
  ids.G2 = await buildGrid(db, { code: "G2", name: "二网格", areaCode: C2, geometry: rectangle(109.72, 39.6, 109.73, 39.61) });
  ids.G3 = await buildGrid(db, { code: "G3", name: "三网格", areaCode: C3, geometry: rectangle(109.74, 39.6, 109.75, 39.61) });

  const c1 = { areaCode: C1, gridId: ids.G1, createdAt: "2026-03-01 09:00" };
  const c1a = { areaCode: C1_COMPOUND, gridId: ids.G1a, createdAt: "2026-03-01 09:00" };
  const byD = { handlerKind: "department" as const, handlerRef: ids.D, handlerLabel: "城管局" };
  ids.K1 = await buildCaseHistory(db, {
    ...c1a,
    title: "K1",
    deadlineAt: "2026-03-10 17:30",
    steps: [
      ["accept", "2026-03-02 10:00"],
      ["resolve", "2026-03-05 10:00"],
      ["rate", "2026-03-06 10:00", "satisfied"],
    ],
  });
  ids.K2 = await buildCaseHistory(db, {
    ...c1,
    title: "K2",
    deadlineAt: "2026-03-12 17:30",
    steps: [
      ["accept", "2026-03-13 09:30"],
      ["resolve", "2026-03-14 10:00"],
      ["rate", "2026-03-15 10:00", "basically_satisfied"],
    ],
  });
  ids.K3 = await buildCaseHistory(db, {
    ...c1,
    title: "K3",
    deadlineAt: "2026-03-15 17:30",
    steps: [
      ["accept", "2026-03-10 10:00"],
      ["resolve", "2026-03-12 10:00"],
      ["rate", "2026-03-13 10:00", "unsatisfied"],
      ["resolve", "2026-03-20 10:00"],
      ["close_unrated", "2026-03-27 10:00"],
    ],
  });
  ids.K4 = await buildCaseHistory(db, {
    ...c1a,
    title: "K4",
    deadlineAt: "2026-03-20 17:30",
    steps: [
      ["accept", "2026-03-16 10:00"],
      ["resolve", "2026-03-18 10:00"],
      ["close_unrated", "2026-03-25 10:00"],
    ],
  });
  ids.K5 = await buildCaseHistory(db, {
    ...c1,
    title: "K5",
    deadlineAt: "2026-03-18 17:30",
    steps: [
      ["accept", "2026-03-10 10:00"],
      ["request_hold", "2026-03-11 10:00"],
      ["approve_hold", "2026-03-12 10:00"],
    ],
  });
  ids.K6 = await buildCaseHistory(db, {
    ...c1,
    title: "K6",
    deadlineAt: "2026-03-22 17:30",
    firstDeadlineAt: "2026-03-14 17:30",
    steps: [
      ["accept", "2026-03-03 10:00"],
      ["request_hold", "2026-03-04 10:00"],
      ["approve_hold", "2026-03-05 10:00"],
      ["resume", "2026-03-09 10:00"],
      ["resolve", "2026-03-21 10:00"],
      ["rate", "2026-03-23 10:00", "satisfied"],
    ],
  });
  ids.K7 = await buildCaseHistory(db, { ...c1, title: "K7", deadlineAt: "2026-03-25 17:30" });
  ids.K8 = await buildCaseHistory(db, {
    ...c1,
    title: "K8",
    deadlineAt: "2026-04-03 17:30",
    steps: [
      ["accept", "2026-03-28 10:00"],
      ["resolve", "2026-03-29 10:00"],
      ["rate", "2026-03-30 10:00", "unsatisfied"],
    ],
  });
  ids.K9 = await buildCaseHistory(db, {
    ...c1,
    title: "K9",
    createdAt: "2026-02-16 09:00",
    deadlineAt: "2026-02-25 17:30",
    steps: [
      ["accept", "2026-02-20 10:00"],
      ["resolve", "2026-02-24 10:00"],
      ["close_unrated", "2026-03-03 10:00"],
    ],
  });
  ids.K10 = await buildCaseHistory(db, { ...c1, title: "K10", deadlineAt: "2026-03-10 17:30", status: "rejected" });
  ids.K14 = await buildCaseHistory(db, {
    ...c1,
    title: "K14",
    createdAt: "2026-03-31 16:00",
    deadlineAt: "2026-04-10 17:30",
    steps: [["accept", "2026-04-01 10:00"]],
  });
  ids.K15 = await buildCaseHistory(db, {
    ...c1,
    title: "K15",
    deadlineAt: "2026-03-16 17:30",
    firstDeadlineAt: "2026-03-05 17:30",
    steps: [
      ["accept", "2026-03-06 10:00"],
      ["resolve", "2026-03-07 10:00"],
      ["rate", "2026-03-08 10:00", "unsatisfied"],
      ["resolve", "2026-03-12 10:00"],
      ["rate", "2026-03-13 10:00", "satisfied"],
    ],
  });
  ids.K11 = await buildCaseHistory(db, {
    ...byD,
    areaCode: C2,
    gridId: ids.G2,
    createdAt: "2026-03-02 09:00",
    title: "K11",
    deadlineAt: "2026-03-10 17:30",
    steps: [
      ["accept", "2026-03-09 10:00"],
      ["resolve", "2026-03-09 15:00"],
      ["rate", "2026-03-11 10:00", "satisfied"],
    ],
  });
  ids.K12 = await buildCaseHistory(db, {
    ...byD,
    areaCode: C2,
    gridId: ids.G2,
    createdAt: "2026-03-02 09:00",
    title: "K12",
    deadlineAt: "2026-03-20 17:30",
  });
  ids.K13 = await buildCaseHistory(db, {
    ...byD,
    areaCode: C3,
    gridId: ids.G3,
    createdAt: "2026-03-02 09:00",
    title: "K13",
    deadlineAt: "2026-03-17 17:30",
    firstDeadlineAt: "2026-03-10 17:30",
    steps: [
      ["accept", "2026-03-08 10:00"],
      ["resolve", "2026-03-09 10:00"],
      ["rate", "2026-03-10 10:00", "unsatisfied"],
      ["resolve", "2026-03-12 10:00"],
      ["rate", "2026-03-14 10:00", "satisfied"],
    ],
  });

  await buildAccount(db, { username: "admin", roles: ["admin"], areaCode: "150600000000" });
  await buildAccount(db, { username: "leader", roles: ["leader"], areaCode: "150600000000" });
  await buildAccount(db, { username: "street", roles: ["street_staff"], areaCode: S });
  await buildAccount(db, { username: "c1", roles: ["community_staff"], areaCode: C1 });
  await buildAccount(db, { username: "c2", roles: ["community_staff"], areaCode: C2 });
  await buildAccount(db, { username: "dept", roles: ["department"], departmentId: ids.D });
  await buildAccount(db, { username: "unit", roles: ["unit_rep"], unitId: ids.U });
  await buildAccount(db, { username: "worker", roles: ["grid_worker"], areaCode: C1 });
}

beforeAll(async () => {
  t = await createTestContext({ setup: async ({ db }) => seed(db) });
  for (const u of ["admin", "leader", "street", "c1", "c2", "dept", "unit", "worker"]) agents[u] = await loginAs(t.app, u, TEST_PASSWORD);
});
afterAll(() => t.close());

const period = `from=${FROM}&to=${TO}`;
const rowsOf = async (agent: Agent, query: string) => {
  const res = await agent.get(`/api/v1/assessment?${query}&${period}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
};
const rowOf = async (agent: Agent, query: string, key: string) => (await rowsOf(agent, query)).find((r) => r.key === key);
const title = (id: string) => Object.entries(ids).find(([, v]) => v === id)![0];
const drill = async (agent: Agent, query: string) => {
  const res = await agent.get(`/api/v1/assessment/cases?${query}&${period}&pageSize=200`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as any[]).map((c) => title(c.id)).sort();
};

describe("the rates against a hand-computed fixture", () => {
  it("community C1", async () => {
    const r = await rowOf(agents.street!, "level=community", C1);
    expect(r).toMatchObject({
      // due: K1 K2 K3 K4 K5 K6 K7 K15 (K8, K9, K14 fall due outside March; K10 is rejected)
      due: 8,
      // accepted by the deadline set at triage: K1 K3 K4 K5 K6 (K2 and K15 accepted late, K7 never)
      respondedOnTime: 5,
      // on hold at its deadline: K5 (K6's hold was resumed before its deadline)
      onHold: 1,
      // closed with its last result reported by the deadline: K1 K4 K6 K15 (K2's and K3's results came late; K7 open)
      closedOnTime: 4,
      // verdicts in March: K1 K2 K3 K4 K6 K8 K9 K15
      judged: 8,
      // last verdict not unsatisfied: all but K8 (K3, K4 and K9 closed unrated count as solved)
      solved: 7,
      // rated in March: K1 K2 K3 K6 K8 K15 (K4 and K9 were never rated)
      rated: 6,
      // last rating satisfied or basically: K1 K2 K6 K15 (K3's only rating was unsatisfied, K8's too)
      satisfied: 4,
      // rated unsatisfied in March: K3 K8 K15
      reworked: 3,
    });
    expect(r.responseRate).toBeCloseTo(0.625, 10); // 5 / 8
    expect(r.resolutionRate).toBeCloseTo(0.875, 10); // 7 / 8
    expect(r.satisfactionRate).toBeCloseTo(4 / 6, 10); // 0.666…
    expect(r.onTimeRate).toBeCloseTo(4 / 7, 10); // 4 / (8 − 1) = 0.571428…
    expect(r.reworkRate).toBeCloseTo(0.375, 10); // 3 / 8
    // 30 × 5/8 + 35 × 7/8 + 35 × 4/6 = 18.75 + 30.625 + 23.333333 = 72.708333 → 72.71
    expect(r.score).toBe(72.71);
    expect(r.weights).toEqual({ response: 30, resolution: 35, satisfaction: 35, source: null });
  });

  it("community C2, street S and the department D", async () => {
    // C2: K11 (all on time, satisfied) and K12 (never accepted)
    const c2 = await rowOf(agents.street!, "level=community", C2);
    expect(c2).toMatchObject({
      due: 2,
      respondedOnTime: 1,
      onHold: 0,
      closedOnTime: 1,
      judged: 1,
      solved: 1,
      rated: 1,
      satisfied: 1,
      reworked: 0,
    });
    expect([c2.responseRate, c2.resolutionRate, c2.satisfactionRate, c2.onTimeRate, c2.reworkRate]).toEqual([0.5, 1, 1, 0.5, 0]);
    // 30 × 0.5 + 35 × 1 + 35 × 1 = 85
    expect(c2.score).toBe(85);

    // S = C1 + C2: due 8 + 2, responded 5 + 1, on hold 1, on time 4 + 1, judged 8 + 1, solved 7 + 1, rated 6 + 1,
    // satisfied 4 + 1, reworked 3
    const s = await rowOf(agents.leader!, "level=street", S);
    expect(s).toMatchObject({
      due: 10,
      respondedOnTime: 6,
      onHold: 1,
      closedOnTime: 5,
      judged: 9,
      solved: 8,
      rated: 7,
      satisfied: 5,
      reworked: 3,
    });
    expect(s.onTimeRate).toBeCloseTo(5 / 9, 10); // 5 / (10 − 1)
    expect(s.reworkRate).toBeCloseTo(1 / 3, 10); // 3 / 9
    // 30 × 6/10 + 35 × 8/9 + 35 × 5/7 = 18 + 31.111111 + 25 = 74.111111 → 74.11
    expect(s.score).toBe(74.11);

    // D city-wide: K11 K12 K13. K13: accepted in time, reworked, its last result (03-12) within the rework's deadline.
    const d = await rowOf(agents.leader!, "level=department", ids.D!);
    expect(d).toMatchObject({
      due: 3,
      respondedOnTime: 2,
      onHold: 0,
      closedOnTime: 2,
      judged: 2,
      solved: 2,
      rated: 2,
      satisfied: 2,
      reworked: 1,
    });
    // 30 × 2/3 + 35 × 1 + 35 × 1 = 90
    expect(d.score).toBe(90);
    // The street sees D's work on its own cases only (K11, K12).
    const dInS = await rowOf(agents.street!, "level=department", ids.D!);
    expect(dInS).toMatchObject({ due: 2, respondedOnTime: 1, closedOnTime: 1, judged: 1, rated: 1, reworked: 0 });
    // A department without cases: every rate and the score are null, never 0.
    const e = await rowOf(agents.leader!, "level=department", ids.E!);
    expect(e).toMatchObject({ due: 0, judged: 0, responseRate: null, resolutionRate: null, satisfactionRate: null, score: null });
  });

  it("grids count their sub-grids' cases", async () => {
    const rows = await rowsOf(agents.c1!, "level=grid");
    expect(rows.map((r) => r.key).sort()).toEqual([ids.G1, ids.G1a].sort());
    // G1a: K1 and K4 only
    const g1a = rows.find((r) => r.key === ids.G1a);
    expect(g1a).toMatchObject({
      due: 2,
      respondedOnTime: 2,
      onHold: 0,
      closedOnTime: 2,
      judged: 2,
      solved: 2,
      rated: 1,
      satisfied: 1,
      reworked: 0,
    });
    // G1 holds every C1 case
    const g1 = rows.find((r) => r.key === ids.G1);
    const c1 = await rowOf(agents.c1!, "level=community", C1);
    for (const k of ["due", "respondedOnTime", "onHold", "closedOnTime", "judged", "solved", "rated", "satisfied", "reworked", "score"]) {
      expect(g1[k], k).toBe(c1[k]);
    }
  });

  it("a row with nothing due is scored on the rates that are defined", async () => {
    // In a period of K8's rating only (03-30): nothing due, K8 judged unsatisfied → resolution 0, satisfaction 0.
    const res = await agents.c1!.get(`/api/v1/assessment?level=community&from=2026-03-30&to=2026-03-30`);
    expect(res.body.items[0]).toMatchObject({ due: 0, judged: 1, solved: 0, rated: 1, responseRate: null, score: 0 });
  });
});

describe("drill-down", () => {
  it("returns exactly the cases behind each figure", async () => {
    const q = (metric: string, numerator: boolean) => `level=community&key=${C1}&metric=${metric}&numerator=${numerator}`;
    expect(await drill(agents.c1!, q("response", false))).toEqual(["K1", "K15", "K2", "K3", "K4", "K5", "K6", "K7"]);
    expect(await drill(agents.c1!, q("response", true))).toEqual(["K1", "K3", "K4", "K5", "K6"]);
    expect(await drill(agents.c1!, q("on_time", false))).toEqual(["K1", "K15", "K2", "K3", "K4", "K6", "K7"]);
    expect(await drill(agents.c1!, q("on_time", true))).toEqual(["K1", "K15", "K4", "K6"]);
    expect(await drill(agents.c1!, q("resolution", false))).toEqual(["K1", "K15", "K2", "K3", "K4", "K6", "K8", "K9"]);
    expect(await drill(agents.c1!, q("resolution", true))).toEqual(["K1", "K15", "K2", "K3", "K4", "K6", "K9"]);
    expect(await drill(agents.c1!, q("satisfaction", false))).toEqual(["K1", "K15", "K2", "K3", "K6", "K8"]);
    expect(await drill(agents.c1!, q("satisfaction", true))).toEqual(["K1", "K15", "K2", "K6"]);
    expect(await drill(agents.c1!, q("rework", false))).toEqual(["K1", "K15", "K2", "K3", "K4", "K6", "K8", "K9"]);
    expect(await drill(agents.c1!, q("rework", true))).toEqual(["K15", "K3", "K8"]);
  });

  it("for every row and metric, the totals are the row's figures", async () => {
    const figures: Record<string, [string, string | ((r: any) => number)]> = {
      response: ["respondedOnTime", "due"],
      resolution: ["solved", "judged"],
      satisfaction: ["satisfied", "rated"],
      on_time: ["closedOnTime", (r) => r.due - r.onHold],
      rework: ["reworked", "judged"],
    };
    for (const [level, agent] of [
      ["grid", agents.admin!],
      ["community", agents.admin!],
      ["street", agents.leader!],
      ["department", agents.leader!],
      ["department", agents.street!],
    ] as const) {
      for (const row of await rowsOf(agent, `level=${level}`)) {
        for (const metric of ASSESSMENT_METRICS) {
          const [num, den] = figures[metric]!;
          for (const numerator of [true, false]) {
            const res = await agent.get(
              `/api/v1/assessment/cases?level=${level}&key=${row.key}&metric=${metric}&numerator=${numerator}&${period}&pageSize=1`,
            );
            expect(res.status).toBe(200);
            const want = numerator ? row[num] : typeof den === "function" ? den(row) : row[den];
            expect(res.body.total, `${level} ${row.name} ${metric} ${numerator}`).toBe(want);
          }
        }
      }
    }
  });

  it("shows the facts that placed each case", async () => {
    const res = await agents.c1!.get(`/api/v1/assessment/cases?level=community&key=${C1}&metric=satisfaction&numerator=false&${period}`);
    const k3 = res.body.items.find((c: any) => c.id === ids.K3);
    expect(k3).toMatchObject({ title: "K3", status: "closed", lastRating: "unsatisfied", reworkedInPeriod: true, onHoldAtDeadline: false });
    const k2 = res.body.items.find((c: any) => c.id === ids.K2);
    expect(k2).toMatchObject({ lastRating: "basically_satisfied", respondedAt: "2026-03-13T01:30:00.000Z" });
    // K15 is measured against the deadline it had when it was accepted, not the one its rework set.
    const k15 = res.body.items.find((c: any) => c.id === ids.K15);
    expect(k15).toMatchObject({
      deadlineAt: "2026-03-16T09:30:00.000Z",
      responseDueAt: "2026-03-05T09:30:00.000Z",
      respondedAt: "2026-03-06T02:00:00.000Z",
    });
    const hold = await agents.c1!.get(`/api/v1/assessment/cases?level=community&key=${C1}&metric=response&numerator=true&${period}`);
    expect(hold.body.items.find((c: any) => c.id === ids.K5).onHoldAtDeadline).toBe(true);
  });
});

describe("scope", () => {
  it("a community sees its own row and its grids, never another community's", async () => {
    expect((await rowsOf(agents.c1!, "level=community")).map((r) => r.key)).toEqual([C1]);
    expect((await rowsOf(agents.c1!, "level=street")).map((r) => r.key)).toEqual([]);
    expect((await rowsOf(agents.c2!, "level=grid")).map((r) => r.key)).toEqual([ids.G2]);
    expect((await agents.c1!.get(`/api/v1/assessment?level=grid&areaCode=${C2}&${period}`)).status).toBe(404);
    expect((await agents.c1!.get(`/api/v1/assessment?level=community&areaCode=${S}&${period}`)).status).toBe(404);
    for (const metric of ASSESSMENT_METRICS) {
      const res = await agents.c1!.get(`/api/v1/assessment/cases?level=community&key=${C2}&metric=${metric}&numerator=false&${period}`);
      expect(res.status).toBe(404);
    }
    const grid = await agents.c1!.get(`/api/v1/assessment/cases?level=grid&key=${ids.G2}&metric=response&numerator=false&${period}`);
    expect(grid.status).toBe(404);
  });

  it("a street sees its communities; leaders the city", async () => {
    expect((await rowsOf(agents.street!, "level=community")).map((r) => r.key)).toEqual([C1, C2]);
    expect((await rowsOf(agents.leader!, "level=street")).map((r) => r.key)).toEqual([S2, S]);
    expect((await rowsOf(agents.leader!, "level=community")).map((r) => r.key)).toEqual([C3, C1, C2]);
  });

  it("a department sees its own row only, over all its cases; a unit its own", async () => {
    const rows = await rowsOf(agents.dept!, "level=department");
    expect(rows.map((r) => r.key)).toEqual([ids.D]);
    expect(rows[0]).toMatchObject({ due: 3, closedOnTime: 2, judged: 2 });
    expect(await rowsOf(agents.dept!, "level=community")).toEqual([]);
    expect(await drill(agents.dept!, `level=department&key=${ids.D}&metric=response&numerator=false`)).toEqual(["K11", "K12", "K13"]);
    const other = await agents.dept!.get(
      `/api/v1/assessment/cases?level=department&key=${ids.E}&metric=response&numerator=false&${period}`,
    );
    expect(other.status).toBe(404);
    const unit = await rowsOf(agents.unit!, "level=unit");
    expect(unit.map((r) => r.key)).toEqual([ids.U]);
    expect(unit[0]).toMatchObject({ due: 0, score: null });
  });

  it("a grid worker has no assessment", async () => {
    expect((await agents.worker!.get(`/api/v1/assessment?level=grid&${period}`)).status).toBe(403);
  });
});

describe("weights", () => {
  it("the nearest area's weights apply; only an administrator sets them; they sum to 100", async () => {
    expect(
      (await agents.street!.request("PUT", `/api/v1/assessment/weights`, { areaCode: S, response: 40, resolution: 30, satisfaction: 30 }))
        .status,
    ).toBe(403);
    const bad = await agents.admin!.request("PUT", `/api/v1/assessment/weights`, {
      areaCode: S,
      response: 40,
      resolution: 40,
      satisfaction: 30,
    });
    expect(bad.status).toBe(400);
    const set = await agents.admin!.request("PUT", `/api/v1/assessment/weights`, {
      areaCode: S,
      response: 40,
      resolution: 30,
      satisfaction: 30,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ areaCode: S, response: 40, resolution: 30, satisfaction: 30, source: S });
    expect(
      (await agents.admin!.request("PUT", `/api/v1/assessment/weights`, { areaCode: C2, response: 100, resolution: 0, satisfaction: 0 }))
        .status,
    ).toBe(200);

    // C1 inherits the street's: 40 × 5/8 + 30 × 7/8 + 30 × 4/6 = 25 + 26.25 + 20 = 71.25
    const c1 = await rowOf(agents.street!, "level=community", C1);
    expect(c1.weights).toEqual({ response: 40, resolution: 30, satisfaction: 30, source: S });
    expect(c1.score).toBe(71.25);
    // C2 has its own: 100 × 0.5 = 50
    const c2 = await rowOf(agents.street!, "level=community", C2);
    expect(c2.weights.source).toBe(C2);
    expect(c2.score).toBe(50);
    // The other street keeps the default.
    expect((await rowOf(agents.leader!, "level=street", S2)).weights.source).toBeNull();

    expect((await agents.c1!.get(`/api/v1/assessment/weights`)).body).toEqual({
      areaCode: C1,
      response: 40,
      resolution: 30,
      satisfaction: 30,
      source: S,
    });
    expect((await agents.c1!.get(`/api/v1/assessment/weights?areaCode=${C2}`)).status).toBe(404);

    const cleared = await agents.admin!.request("DELETE", `/api/v1/assessment/weights/${S}`);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ response: 30, resolution: 35, satisfaction: 35, source: null });
    expect((await rowOf(agents.street!, "level=community", C1)).score).toBe(72.71);
    const audit = await t.db.query("SELECT action FROM audit_log WHERE action LIKE 'assessment.%' ORDER BY id");
    expect(audit.rows.map((r: any) => r.action)).toEqual(["assessment.weights_set", "assessment.weights_set", "assessment.weights_clear"]);
  });
});

describe("the period", () => {
  it("is inclusive local days; bad periods are refused, never 500", async () => {
    expect(periodOf("2026-03-01", "2026-03-31")).toMatchObject({
      fromAt: new Date("2026-02-28T16:00:00.000Z"),
      toAt: new Date("2026-03-31T16:00:00.000Z"),
    });
    expect((await agents.c1!.get(`/api/v1/assessment?level=community&from=2026-03-31&to=2026-03-01`)).status).toBe(422);
    expect((await agents.c1!.get(`/api/v1/assessment?level=community&from=2026-02-30`)).status).toBe(400);
    expect((await agents.c1!.get(`/api/v1/assessment?level=village`)).status).toBe(400);
    expect((await agents.c1!.get(`/api/v1/assessment/cases?level=grid&key=x&metric=response&numerator=maybe`)).status).toBe(400);
    // A key that is not a grid id is simply not found.
    expect((await agents.c1!.get(`/api/v1/assessment/cases?level=grid&key=%27;--&metric=response&numerator=true`)).status).toBe(404);
    // The default period is this month to date.
    const res = await agents.c1!.get(`/api/v1/assessment?level=community`);
    expect(res.status).toBe(200);
    expect(res.body.from.slice(8)).toBe("01");
  });
});

describe("property: no query makes the assessment answer 500", () => {
  it("over levels, keys, areas, periods, metrics and actors", async () => {
    const day = fc
      .date({ min: new Date("1999-12-25T00:00:00Z"), max: new Date("2100-01-05T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const input = fc.record({
      agent: fc.constantFrom("admin", "leader", "street", "c1", "dept", "unit"),
      level: fc.constantFrom<string>(...ASSESSMENT_LEVELS, "village"),
      key: fc.oneof(
        fc.constantFrom(C1, C2, C3, S, S2, C1_COMPOUND, "150603009009", "x", "'", "%", "00000000-0000-4000-8000-000000000000"),
        fc.constantFrom("G1", "G2", "D", "E", "U").map((k) => ids[k]!),
        fc.string({ maxLength: 20 }),
      ),
      areaCode: fc.option(fc.constantFrom(C1, C2, S, C3, C1_COMPOUND, "150603009009", "150600000000", "1506")),
      from: fc.option(day),
      to: fc.option(day),
      metric: fc.constantFrom<string>(...ASSESSMENT_METRICS, "speed"),
      numerator: fc.constantFrom("true", "false", "1"),
    });
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const qs = new URLSearchParams({ level: i.level, metric: i.metric, numerator: i.numerator, key: i.key });
        if (i.areaCode) qs.set("areaCode", i.areaCode);
        if (i.from) qs.set("from", i.from);
        if (i.to) qs.set("to", i.to);
        for (const url of [`/api/v1/assessment?${qs}`, `/api/v1/assessment/cases?${qs}`, `/api/v1/assessment/weights?${qs}`]) {
          const res = await agents[i.agent]!.get(url);
          expect(res.status, `${i.agent} ${url} ${JSON.stringify(res.body)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
