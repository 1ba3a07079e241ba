import type { AssessmentLevel } from "@gongzhi/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "../../db/client.js";
import { type Actor, actorFromAccount } from "../../platform/actor.js";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { countsByKey } from "../assessment/assessment.repository.js";
import { assess } from "../assessment/assessment.service.js";
import { atLocal, localDate } from "../calendar/working-time.js";
import { seedCategoryTable } from "../cases/categories.seed.js";
import { buildGrid, rectangle } from "../grids/grids.factories.js";
import { summary, week } from "./command-centre.service.js";
import { generateCases } from "./generate.js";
import { compactRollups, foldRollups, rebuildRollups, rollupRateCounts, vacuumRollups } from "./rollups.repository.js";

/**
 * The rollups answer exactly what the plain computation over cases and events answers: on a generated history, for
 * every kind of area, period and week, after workflow changes, after folding and after a rebuild.
 */

const CITY = "150600000000";
const DISTRICT = "150603000000";
const STREET = "150603002000";
const COMMUNITY = "150603002002";
const COMPOUND = "150603002002001";
const OTHER_DISTRICT = "150602000000";
const AREAS = [
  DISTRICT,
  "150603001000",
  "150603001001",
  "150603001002",
  STREET,
  "150603002001",
  COMMUNITY,
  COMPOUND,
  OTHER_DISTRICT,
  "150602001000",
  "150602001001",
];
const DAY = 86_400_000;
const NOW = new Date();
const TODAY = localDate(NOW);
const dayBefore = (n: number) => localDate(new Date(NOW.getTime() - n * DAY));

let t: TestContext;
let leader: Actor;

async function actorOf(q: Queryable, username: string): Promise<Actor> {
  const { rows } = await q.query<never>(
    "SELECT id, username, display_name, roles, area_code, department_id, unit_id, status, must_change_password FROM accounts WHERE username = $1",
    [username],
  );
  return actorFromAccount(rows[0]!, { id: "test", csrf: "test" });
}

beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAreas(
        db,
        AREAS.map((code) => ({ code })),
      );
      await seedCategoryTable(db);
      // One grid per community, side by side; the compound's grid inside its community's.
      const communities = AREAS.filter((c) => c.length === 12 && c.slice(9) !== "000");
      for (const [i, code] of communities.entries()) {
        const id = await buildGrid(db, {
          code: `G-${i}`,
          areaCode: code,
          geometry: rectangle(109 + i * 0.01, 39.6, 109.01 + i * 0.01, 39.61),
        });
        if (code === COMMUNITY) {
          const x = 109 + i * 0.01;
          await buildGrid(db, {
            code: `G-${i}-1`,
            level: "compound",
            parentId: id,
            areaCode: COMPOUND,
            geometry: rectangle(x, 39.6, x + 0.005, 39.605),
          });
        }
      }
      await buildAccount(db, { username: "leader", roles: ["leader"], areaCode: CITY });
      await buildAccount(db, { username: "street", roles: ["street_staff"], areaCode: STREET });
      await buildAccount(db, { username: "community", roles: ["community_staff"], areaCode: COMMUNITY });
      await buildAccount(db, { username: "compound", roles: ["community_staff"], areaCode: COMPOUND });
      await buildAccount(db, { username: "dept", roles: ["department"] });
      await generateCases(db, { cases: 700, days: 150, end: NOW, tag: "T", chunk: 400 });
    },
  });
  leader = await actorOf(t.db, "leader");
}, 120_000);
afterAll(() => t.close());

const SCOPES = [CITY, STREET, COMMUNITY, COMPOUND];

async function expectAllEqual(): Promise<void> {
  const q = t.db;
  for (const areaCode of SCOPES) {
    const a = await summary(q, leader, { areaCode }, { now: NOW });
    const b = await summary(q, leader, { areaCode }, { now: NOW, compute: "plain" });
    expect(a, `summary ${areaCode}`).toEqual(b);
    for (const day of [TODAY, dayBefore(7), dayBefore(149)]) {
      const x = await week(q, leader, { areaCode, day }, { now: NOW });
      const y = await week(q, leader, { areaCode, day }, { now: NOW, compute: "plain" });
      expect(x, `week ${areaCode} ${day}`).toEqual(y);
    }
  }
  // The assessment's counts by street, by community and for the whole scope, over periods of every length.
  const periods: [string, string][] = [
    [TODAY, TODAY],
    [dayBefore(29), TODAY],
    [dayBefore(20), dayBefore(13)],
    [dayBefore(400), dayBefore(100)],
  ];
  for (const [from, to] of periods) {
    for (const prefix of ["1506", "150603002"]) {
      for (const level of ["street", "community", "scope"] as const) {
        const rolled = await rollupRateCounts(q, { fromDay: from, toDay: to, prefix, key: level });
        const plain = await countsByKey(q, {
          from: atLocal(from, 0),
          to: new Date(atLocal(to, 0).getTime() + DAY),
          areaPrefix: prefix,
          level,
        });
        expect(Object.fromEntries(rolled), `${level} ${prefix} ${from}..${to}`).toEqual(Object.fromEntries(plain));
      }
    }
  }
}

describe("command centre: rollups equal the plain computation", () => {
  it("on a generated history", async () => {
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events");
    expect(rows[0]!.n).toBeGreaterThan(2000);
    await expectAllEqual();
  }, 120_000);

  it("after the workflow moves cases on, reopens, rejects and moves them", async () => {
    const q = t.db;
    const pick = async (status: string, n: number) =>
      (await q.query<{ id: string }>("SELECT id FROM cases WHERE status = $1 ORDER BY number LIMIT $2", [status, n])).rows.map((r) => r.id);
    const at = new Date(NOW.getTime() - 3_600_000);
    // Resolved cases rated: some unsatisfied (reopened), then resolved again and rated satisfied.
    for (const [i, id] of (await pick("resolved", 30)).entries()) {
      const unsatisfied = i % 3 === 0;
      await q.query("UPDATE cases SET status = $2, rating = $3 WHERE id = $1", [
        id,
        unsatisfied ? "in_progress" : "closed",
        unsatisfied ? null : "satisfied",
      ]);
      await q.query(
        "INSERT INTO case_events (case_id, at, actor_label, action, from_status, to_status, data) VALUES ($1, $2, 't', 'rate', 'resolved', $3, $4::jsonb)",
        [id, at, unsatisfied ? "in_progress" : "closed", JSON.stringify({ rating: unsatisfied ? "unsatisfied" : "satisfied" })],
      );
      if (unsatisfied) {
        await q.query(
          `INSERT INTO case_events (case_id, at, actor_label, action, from_status, to_status) VALUES
             ($1, $2, 't', 'resolve', 'in_progress', 'resolved'), ($1, $3, 't', 'rate', 'resolved', 'closed')`,
          [id, new Date(at.getTime() + 60_000), new Date(at.getTime() + 120_000)],
        );
        await q.query("UPDATE cases SET status = 'closed', rating = 'satisfied' WHERE id = $1", [id]);
      }
    }
    // Submitted cases triaged and accepted; assigned ones rejected; closed ones moved to another community and grid.
    for (const id of await pick("submitted", 10)) {
      await q.query("UPDATE cases SET status = 'in_progress', deadline_at = $2 WHERE id = $1", [id, new Date(NOW.getTime() + 2 * DAY)]);
      await q.query(
        `INSERT INTO case_events (case_id, at, actor_label, action, from_status, to_status, data) VALUES
           ($1, $2, 't', 'triage', 'submitted', 'assigned', $3::jsonb), ($1, $2, 't', 'accept', 'assigned', 'in_progress', '{}')`,
        [id, NOW, JSON.stringify({ deadlineAt: new Date(NOW.getTime() + 2 * DAY).toISOString() })],
      );
    }
    for (const id of await pick("assigned", 5)) await q.query("UPDATE cases SET status = 'rejected' WHERE id = $1", [id]);
    const grid = await q.query<{ id: string; area_code: string }>("SELECT id, area_code FROM grids WHERE area_code = '150602001001'");
    for (const id of await pick("closed", 40)) {
      await q.query("UPDATE cases SET area_code = $2, grid_id = $3, category_code = 'SJ0101' WHERE id = $1", [
        id,
        grid.rows[0]!.area_code,
        grid.rows[0]!.id,
      ]);
    }
    // Deadlines moved (a hold resumed) and a case removed with its history.
    for (const id of await pick("in_progress", 10)) {
      await q.query("UPDATE cases SET deadline_at = deadline_at + interval '3 days' WHERE id = $1", [id]);
    }
    await expectAllEqual();
  }, 120_000);

  it("after folding, and a rebuild writes the same rollups", async () => {
    const q = t.db;
    const sums = async () =>
      (
        await q.query(
          `SELECT kind, day::text, until_day::text, area_key, dim, sum(n)::int n, sum(due)::int due, sum(responded)::int r, sum(on_hold)::int h,
                  sum(closed_on_time)::int c, sum(judged)::int j, sum(solved)::int s, sum(rated)::int ra, sum(satisfied)::int sa, sum(reworked)::int rw
             FROM case_rollups GROUP BY 1, 2, 3, 4, 5
           HAVING sum(n) <> 0 OR sum(due) <> 0 OR sum(responded) <> 0 OR sum(on_hold) <> 0 OR sum(closed_on_time) <> 0
               OR sum(judged) <> 0 OR sum(solved) <> 0 OR sum(rated) <> 0 OR sum(satisfied) <> 0 OR sum(reworked) <> 0
            ORDER BY 1, 2, 3, 4, 5`,
        )
      ).rows;
    const before = await sums();
    const fresh = async () => (await q.query<{ n: number }>("SELECT count(*)::int AS n FROM case_rollups WHERE NOT compacted")).rows[0]!.n;
    const written = await fresh();
    // Several processes fold at once (on a server, each on its own connection): every count is kept once, and each
    // fold answers the rows it took.
    const taken = await Promise.all([compactRollups(q, 700), compactRollups(q, 700), compactRollups(q, 700)]);
    expect(await sums()).toEqual(before);
    const left = await fresh();
    expect(left).toBe(written - taken.reduce((a, b) => a + b, 0));
    expect(Math.max(...taken)).toBe(700);
    expect(left).toBeGreaterThan(100);
    // A round cut short folds once and says rows are left; a round given time folds the rest.
    expect(await foldRollups(q, { rows: 100, roundMs: 0 })).toEqual({ rows: 100, caughtUp: false });
    expect(await fresh()).toBe(left - 100);
    expect(await foldRollups(q, { rows: 700, roundMs: 600_000 })).toEqual({ rows: left - 100, caughtUp: true });
    expect(await fresh()).toBe(0);
    expect(await foldRollups(q, { rows: 700, roundMs: 600_000 })).toEqual({ rows: 0, caughtUp: true });
    await vacuumRollups(q);
    expect(await sums()).toEqual(before);
    await expectAllEqual();
    await rebuildRollups(q);
    expect(await sums()).toEqual(before);
  }, 120_000);

  it("the assessment's community and street rows come out the same as before the rollups", async () => {
    for (const level of ["community", "street"] as AssessmentLevel[]) {
      const res = await assess(t.db, leader, { level, from: dayBefore(29), to: TODAY });
      const plain = await countsByKey(t.db, {
        from: atLocal(dayBefore(29), 0),
        to: new Date(atLocal(TODAY, 0).getTime() + DAY),
        areaPrefix: "1506",
        level,
      });
      for (const row of res.rows) {
        const c = plain.get(row.key);
        expect(row.due).toBe(c?.due ?? 0);
        expect(row.respondedOnTime).toBe(c?.respondedOnTime ?? 0);
        expect(row.solved).toBe(c?.solved ?? 0);
        expect(row.satisfied).toBe(c?.satisfied ?? 0);
        expect(row.reworked).toBe(c?.reworked ?? 0);
      }
      expect(res.rows.some((r) => r.due > 0)).toBe(true);
    }
  });
});

describe("command centre: routes", () => {
  it("answers an area in the actor's scope, by default its own; anything else is not found", async () => {
    const community = await loginAs(t.app, "community", TEST_PASSWORD);
    const own = await community.get("/api/v1/command-centre/summary");
    expect(own.status).toBe(200);
    expect(own.body.areaCode).toBe(COMMUNITY);
    expect(own.body.ratesTo).toBe(TODAY);
    expect((await community.get(`/api/v1/command-centre/summary?areaCode=${COMPOUND}`)).status).toBe(200);
    expect((await community.get(`/api/v1/command-centre/summary?areaCode=${STREET}`)).status).toBe(404);
    expect((await community.get("/api/v1/command-centre/summary?areaCode=150603002001")).status).toBe(404);
    expect((await community.get("/api/v1/command-centre/summary?areaCode=abc")).status).toBe(400);
    const wk = await community.get(`/api/v1/command-centre/week?day=${dayBefore(7)}`);
    expect(wk.status).toBe(200);
    expect(wk.body.to > wk.body.from).toBe(true);
    for (const g of wk.body.grids) expect(g.areaCode.startsWith(COMMUNITY)).toBe(true);
    expect((await community.get("/api/v1/command-centre/week?day=2026-02-30")).status).toBe(400);
    const dept = await loginAs(t.app, "dept", TEST_PASSWORD);
    expect((await dept.get("/api/v1/command-centre/summary")).status).toBe(404);
    const street = await loginAs(t.app, "street", TEST_PASSWORD);
    const res = await street.get("/api/v1/command-centre/week");
    expect(res.status).toBe(200);
    expect(res.body.categories.length).toBeGreaterThan(0);
    expect(res.body.categories[0].name).toBeTruthy();
  });

  it("counts a case reported through intake at once", async () => {
    const community = await loginAs(t.app, "community", TEST_PASSWORD);
    const before = (await community.get("/api/v1/command-centre/summary")).body;
    const g = await t.db.query<{ min_lng: number; min_lat: number }>("SELECT min_lng, min_lat FROM grids WHERE area_code = $1", [COMPOUND]);
    const res = await community.post(
      "/api/v1/cases",
      {
        source: "phone",
        categoryCode: "SJ0101",
        description: "路边堆放生活垃圾",
        location: { lng: g.rows[0]!.min_lng + 0.001, lat: g.rows[0]!.min_lat + 0.001 },
        idempotencyKey: "cc-intake-1",
      },
      { "idempotency-key": "cc-intake-1" },
    );
    expect(res.status).toBe(201);
    const after = (await community.get("/api/v1/command-centre/summary")).body;
    expect(after.todayIntake).toBe(before.todayIntake + 1);
    expect(after.open).toBe(before.open + 1);
  });
});
