import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openPg } from "../../db/client.js";
import { type TestContext, testConfig } from "../../test/harness.js";
import { addWorkingMinutes, DEFAULT_WINDOWS, type WorkCalendar } from "../calendar/working-time.js";
import { caseEvents } from "./cases.repository.js";
import { runSweep, type SweepResult, startJobs } from "./sweeper.js";
import { AREAS, CATEGORY, CATEGORY_AUTO, CATEGORY_MANUAL, type CaseWorld, caseWorldApp, insertCase } from "./workflow.factories.js";

const cal: WorkCalendar = { overrides: new Map(), windows: DEFAULT_WINDOWS };
const HOUR = 3_600_000;

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  ({ t, w } = await caseWorldApp([]));
});
afterAll(() => t.close());

const row = async (id: string) =>
  (
    await t.db.query<Record<string, any>>(
      "SELECT status, handler_kind, handler_ref, deadline_at, reminded_at, overdue_at, escalated_at, closed_at, rating FROM cases WHERE id = $1",
      [id],
    )
  ).rows[0]!;
const actions = async (id: string) => (await caseEvents(t.db, id)).map((e) => e.action);
const inbox = async (accountId: string, caseId: string) =>
  (
    await t.db.query<{ kind: string }>("SELECT kind FROM notifications WHERE account_id = $1 AND case_id = $2 ORDER BY id", [
      accountId,
      caseId,
    ])
  ).rows.map((r) => r.kind);
const gw1 = () => ({ kind: "grid_worker" as const, ref: w.acc.gw1, label: "网格员gw1" });
/** The deps with AUTO_ESCALATE set as given. */
const escalating = (autoEscalate: boolean) => ({ ...t.deps, config: { ...t.deps.config, autoEscalate } });

describe("overdue cases", () => {
  it("are marked once, with an event, and their handler and supervisors are told", async () => {
    const now = new Date();
    const late = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: gw1(),
      deadlineAt: new Date(now.getTime() - HOUR),
    });
    const held = await insertCase(t.db, t.deps.vault, { status: "on_hold", handler: gw1(), deadlineAt: new Date(now.getTime() - HOUR) });
    const done = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: gw1(), deadlineAt: new Date(now.getTime() - HOUR) });
    const onTime = await insertCase(t.db, t.deps.vault, {
      status: "assigned",
      handler: gw1(),
      deadlineAt: new Date(now.getTime() + 30 * 86_400_000),
    });

    await runSweep(t.deps, { now });
    const r = await row(late.id);
    expect(r.overdue_at).toEqual(now);
    expect(r.status).toBe("in_progress");
    expect(await actions(late.id)).toEqual(["overdue"]);
    expect(await inbox(w.acc.gw1, late.id)).toEqual(["case.overdue"]);
    expect(await inbox(w.acc.staffA, late.id)).toEqual(["case.overdue"]);
    // A stopped clock, a reported result, a deadline still ahead: not overdue.
    for (const c of [held, done, onTime]) expect((await row(c.id)).overdue_at).toBeNull();

    await runSweep(t.deps, { now: new Date(now.getTime() + HOUR) });
    expect(await actions(late.id)).toEqual(["overdue"]);
  });

  it("move one level up when automatic escalation is on, globally or for their category", async () => {
    const now = new Date();
    const past = new Date(now.getTime() - HOUR);
    const global = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: gw1(),
      deadlineAt: past,
      categoryCode: CATEGORY,
      reporterAccountId: w.acc.reporter,
    });
    const manual = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: gw1(),
      deadlineAt: past,
      categoryCode: CATEGORY_MANUAL,
    });
    const street = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: { kind: "street", ref: AREAS.street },
      deadlineAt: past,
      categoryCode: CATEGORY,
    });
    await runSweep(escalating(true), { now });
    expect(await row(global.id)).toMatchObject({
      status: "assigned",
      handler_kind: "community",
      handler_ref: AREAS.communityA,
      deadline_at: past,
    });
    expect((await row(global.id)).escalated_at).toEqual(now);
    expect(await actions(global.id)).toEqual(["overdue", "escalate"]);
    const ev = (await caseEvents(t.db, global.id)).at(-1)!;
    expect(ev).toMatchObject({ actorLabel: "系统", note: "超过办理期限，系统自动上报", publicNote: "已上报至神华康城社区办理" });
    expect(ev.data).toMatchObject({ automatic: true, to: { kind: "community", ref: AREAS.communityA } });
    expect(await inbox(w.acc.staffA, global.id)).toEqual(["case.overdue", "case.escalate"]);
    expect(await inbox(w.acc.reporter, global.id)).toEqual(["case.escalate"]);
    // The category says no; the street has no level above.
    expect(await actions(manual.id)).toEqual(["overdue"]);
    expect(await actions(street.id)).toEqual(["overdue"]);
    // Escalated once: the kept deadline has passed, but the case is already marked.
    await runSweep(escalating(true), { now: new Date(now.getTime() + HOUR) });
    expect(await actions(global.id)).toEqual(["overdue", "escalate"]);

    const auto = await insertCase(t.db, t.deps.vault, {
      status: "assigned",
      handler: gw1(),
      deadlineAt: past,
      categoryCode: CATEGORY_AUTO,
    });
    const off = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: gw1(), deadlineAt: past, categoryCode: CATEGORY });
    await runSweep(escalating(false), { now });
    expect(await actions(auto.id)).toEqual(["overdue", "escalate"]);
    expect(await actions(off.id)).toEqual(["overdue"]);
  });
});

describe("reminders", () => {
  it("go out once when 80% of the limit has passed or one working hour is left, whichever comes first", async () => {
    // Monday 2026-11-30 10:00 in China.
    const now = new Date("2026-11-30T10:00:00+08:00");
    const at = (workingMinutes: number) => addWorkingMinutes(cal, now, workingMinutes);
    // 5 working days = 35 working hours: reminded with 7 hours (420 minutes) left.
    const days7h = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1(), urgency: "normal", deadlineAt: at(410) });
    const days8h = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1(), urgency: "normal", deadlineAt: at(480) });
    // 4 working hours: 20% is 48 minutes, so the hour before decides.
    const hours59 = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: gw1(), urgency: "urgent", deadlineAt: at(59) });
    const hours90 = await insertCase(t.db, t.deps.vault, { status: "assigned", handler: gw1(), urgency: "urgent", deadlineAt: at(90) });
    // 2 hours round the clock, across the lunch break: 50 minutes of wall-clock time left.
    const critical = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: gw1(),
      urgency: "critical",
      deadlineAt: new Date(now.getTime() + 50 * 60_000),
    });
    const held = await insertCase(t.db, t.deps.vault, { status: "on_hold", handler: gw1(), urgency: "urgent", deadlineAt: at(30) });

    await runSweep(t.deps, { now });
    for (const c of [days7h, hours59, critical]) {
      expect((await row(c.id)).reminded_at, c.id).toEqual(now);
      expect(await actions(c.id)).toEqual(["remind"]);
      expect(await inbox(w.acc.gw1, c.id)).toEqual(["case.remind"]);
    }
    for (const c of [days8h, hours90, held]) expect((await row(c.id)).reminded_at).toBeNull();

    await runSweep(t.deps, { now: new Date(now.getTime() + 60_000) });
    expect(await actions(days7h.id)).toEqual(["remind"]);
  });
});

describe("the rating window", () => {
  it("closes resolved cases unrated once it has passed", async () => {
    const now = new Date();
    const due = await insertCase(t.db, t.deps.vault, {
      status: "resolved",
      handler: gw1(),
      reporterAccountId: w.acc.reporter,
      ratingDueAt: new Date(now.getTime() - 1000),
    });
    const open = await insertCase(t.db, t.deps.vault, { status: "resolved", handler: gw1(), ratingDueAt: new Date(now.getTime() + HOUR) });
    await runSweep(t.deps, { now });
    expect(await row(due.id)).toMatchObject({ status: "closed", rating: null, closed_at: now });
    const ev = (await caseEvents(t.db, due.id)).at(-1)!;
    expect(ev).toMatchObject({ action: "close_unrated", fromStatus: "resolved", toStatus: "closed", publicNote: "评价期已过，事项已办结" });
    expect(await inbox(w.acc.reporter, due.id)).toEqual(["case.close_unrated"]);
    const track = await t.db.query("SELECT 1 FROM notifications WHERE tracking_code = $1 AND kind = 'case.close_unrated'", [
      due.trackingCode,
    ]);
    expect(track.rows).toHaveLength(1);
    expect((await row(open.id)).status).toBe("resolved");
  });
});

/** A second connection to the same database, like a second server process; on PGlite the same database. */
async function secondDb(db: Db): Promise<{ db: Db; close: () => Promise<void> }> {
  if (db.kind !== "pg") return { db, close: async () => {} };
  const name = (await db.query<{ n: string }>("SELECT current_database() AS n")).rows[0]!.n;
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  const other = await openPg(u.toString(), 4);
  return { db: other, close: () => other.close() };
}

describe("two sweepers at once", () => {
  let p: TestContext;
  let pw: CaseWorld;
  beforeAll(async () => {
    ({ t: p, w: pw } = await caseWorldApp([]));
  });
  afterAll(() => p.close());

  it("mark, escalate, remind and close each case exactly once", async () => {
    const now = new Date();
    const handler = { kind: "grid_worker" as const, ref: pw.acc.gw1 };
    const overdue: string[] = [];
    const reminded: string[] = [];
    const closing: string[] = [];
    for (let i = 0; i < 60; i++) {
      const area = i % 2 ? AREAS.compoundA : AREAS.communityA;
      overdue.push(
        (
          await insertCase(p.db, p.deps.vault, {
            status: "in_progress",
            handler,
            areaCode: area,
            deadlineAt: new Date(now.getTime() - (i + 1) * 60_000),
          })
        ).id,
      );
    }
    for (let i = 0; i < 20; i++) {
      reminded.push(
        (
          await insertCase(p.db, p.deps.vault, {
            status: "in_progress",
            handler,
            urgency: "critical",
            deadlineAt: new Date(now.getTime() + 30 * 60_000),
          })
        ).id,
      );
      closing.push(
        (await insertCase(p.db, p.deps.vault, { status: "resolved", handler, ratingDueAt: new Date(now.getTime() - 60_000) })).id,
      );
    }
    const other = await secondDb(p.db);
    let results: SweepResult[];
    try {
      results = await Promise.all([
        runSweep({ ...p.deps, config: { ...p.deps.config, autoEscalate: true } }, { now, batch: 4 }),
        runSweep({ ...p.deps, db: other.db, config: { ...p.deps.config, autoEscalate: true } }, { now, batch: 4 }),
      ]);
    } finally {
      await other.close();
    }
    const sum = (k: keyof SweepResult) => results.reduce((n, r) => n + r[k], 0);
    expect({ overdue: sum("overdue"), escalated: sum("escalated"), reminded: sum("reminded"), closed: sum("closed") }).toEqual({
      overdue: 60,
      escalated: 60,
      reminded: 20,
      closed: 20,
    });
    const counts = async (ids: string[]) =>
      (
        await p.db.query<{ case_id: string; action: string; n: number }>(
          "SELECT case_id, action, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id, action",
          [ids],
        )
      ).rows;
    const byAction = (rows: { action: string; n: number }[], action: string) => rows.filter((r) => r.action === action);
    const o = await counts(overdue);
    expect(byAction(o, "overdue")).toHaveLength(60);
    expect(byAction(o, "escalate")).toHaveLength(60);
    expect(o.every((r) => r.n === 1)).toBe(true);
    const r = await counts(reminded);
    expect(byAction(r, "remind")).toHaveLength(20);
    expect(r.every((x) => x.n === 1)).toBe(true);
    const c = await counts(closing);
    expect(byAction(c, "close_unrated")).toHaveLength(20);
    expect(c.every((x) => x.n === 1)).toBe(true);
    // One notification of each kind per case and recipient.
    const dup = await p.db.query(
      "SELECT account_id, case_id, kind FROM notifications WHERE account_id IS NOT NULL GROUP BY account_id, case_id, kind HAVING count(*) > 1",
    );
    expect(dup.rows).toEqual([]);
  });
});

describe("the background jobs", () => {
  it("read their settings from the configuration", () => {
    expect(testConfig()).toMatchObject({
      sweepIntervalMs: 60_000,
      outboxIntervalMs: 10_000,
      autoEscalate: false,
      ratingWindowDays: 7,
      sms: null,
      wechat: null,
    });
    const s = testConfig({
      AUTO_ESCALATE: "true",
      SWEEP_INTERVAL_SECONDS: "5",
      OUTBOX_INTERVAL_SECONDS: "",
      SMS_ENDPOINT: "http://127.0.0.1:9/sms",
    });
    expect(s).toMatchObject({
      sweepIntervalMs: 5000,
      outboxIntervalMs: 10_000,
      autoEscalate: true,
      sms: { endpoint: "http://127.0.0.1:9/sms" },
    });
    expect(testConfig({ SWEEP_INTERVAL_SECONDS: "0", RATING_WINDOW_DAYS: "3" })).toMatchObject({ sweepIntervalMs: 0, ratingWindowDays: 3 });
    expect(() => testConfig({ AUTO_ESCALATE: "yes" })).toThrow(/AUTO_ESCALATE: must be true or false/);
    expect(() => testConfig({ SWEEP_INTERVAL_SECONDS: "soon" })).toThrow(/SWEEP_INTERVAL_SECONDS: must be a number of seconds/);
    expect(() => testConfig({ OUTBOX_INTERVAL_SECONDS: "-1" })).toThrow(/OUTBOX_INTERVAL_SECONDS/);
    expect(() => testConfig({ SMS_ENDPOINT: "not a url" })).toThrow(/SMS_ENDPOINT/);
    expect(() => testConfig({ RATING_WINDOW_DAYS: "-1" })).toThrow(/RATING_WINDOW_DAYS: must be a positive number/);
  });

  it("fold the rollup rows a new case wrote soon after start, without waiting a whole pause", async () => {
    await insertCase(t.db, t.deps.vault, { status: "submitted", reporterAccountId: w.acc.reporter });
    const fresh = async () =>
      (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_rollups WHERE NOT compacted")).rows[0]!.n;
    expect(await fresh()).toBeGreaterThan(0);
    const jobs = startJobs(
      { ...t.deps, config: { ...t.deps.config, sweepIntervalMs: 0, outboxIntervalMs: 0 } },
      {
        info: () => {},
        warn: () => {},
        error: () => {},
      },
    );
    try {
      // The first round comes a second after start (the pause after a round that caught up is 15 s).
      for (let i = 0; i < 100 && (await fresh()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await jobs.stop();
    }
    expect(await fresh()).toBe(0);
  });

  it("sweep and deliver on their own until stopped, and stop cleanly", async () => {
    const c = await insertCase(t.db, t.deps.vault, {
      status: "in_progress",
      handler: gw1(),
      deadlineAt: new Date(Date.now() - HOUR),
      reporterAccountId: w.acc.reporter,
    });
    const warnings: string[] = [];
    const log = {
      info: () => {},
      warn: (_o: object, m: string) => void warnings.push(m),
      error: (_o: object, m: string) => void warnings.push(m),
    };
    const jobs = startJobs({ ...t.deps, config: { ...t.deps.config, sweepIntervalMs: 20, outboxIntervalMs: 20 } }, log);
    try {
      for (let i = 0; i < 200 && !(await row(c.id)).overdue_at; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await jobs.stop();
    }
    expect((await row(c.id)).overdue_at).toBeInstanceOf(Date);
    expect(warnings).toEqual([]);
    // Nothing runs after stop.
    const marked = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events");
    await new Promise((r) => setTimeout(r, 80));
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events")).rows[0]!.n).toBe(marked.rows[0]!.n);
  });
});
