import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION_CHECK_MS } from "../../db/versioned.js";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { packagedCalendar, workCalendarFor } from "../calendar/calendar.repository.js";
import { addWorkingDays, isWorkday } from "../calendar/working-time.js";
import { ensureReferenceData, seedCategories } from "./categories.seed.js";

let t: TestContext;
let admin: Agent;
let staff: Agent;
const COMMUNITY = "150603002001";

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      await ensureReferenceData(deps);
      await buildCity(deps.db);
      await buildAreas(deps.db, [{ code: "150603000000" }, { code: "150603002000" }, { code: COMMUNITY }]);
      await buildAccount(deps.db, { username: "admin", roles: ["admin"], areaCode: "150600000000" });
      await buildAccount(deps.db, { username: "staff", roles: ["community_staff"], areaCode: COMMUNITY });
    },
  });
  admin = await loginAs(t.app, "admin", TEST_PASSWORD);
  staff = await loginAs(t.app, "staff", TEST_PASSWORD);
});
afterAll(() => t.close());

const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;

describe("reference data", () => {
  it("seeds a two-level category table of city management events and parts beside social-governance classes, once", async () => {
    const seeded = seedCategories();
    expect(await count("SELECT count(*)::int AS n FROM case_categories")).toBe(seeded.length);
    const byCode = new Map(seeded.map((c) => [c.code, c]));
    for (const c of seeded) if (c.parentCode) expect(byCode.get(c.parentCode)?.parentCode).toBeNull();
    expect(new Set(seeded.map((c) => c.family))).toEqual(new Set(["city_event", "city_part", "social"]));
    expect(byCode.get("BJ0102")).toMatchObject({ name: "路灯损坏", parentCode: "BJ01" });
    expect(byCode.get("BJ01")?.name).toBe("公用设施");
    expect(byCode.get("SJ0101")?.deadlines.normal).toEqual({ value: 2, unit: "working_hours" });
    expect(byCode.get("SJ0501")?.name).toBe("道路积水");
    expect(byCode.get("SH0501")?.deadlines.normal).toEqual({ value: 24, unit: "hours" });
    expect(byCode.get("SH0103")?.deadlines.normal).toEqual({ value: 15, unit: "working_days" });
    expect(byCode.get("SH0101")?.deadlines).toMatchObject({
      normal: { value: 7, unit: "working_days" },
      urgent: { value: 2, unit: "working_hours" },
    });
    for (const name of [
      "矛盾纠纷",
      "信访",
      "治安隐患",
      "物业管理",
      "民生服务",
      "特殊人群关爱",
      "市容环境",
      "宣传广告",
      "施工管理",
      "街面秩序",
      "突发事件",
      "道路交通",
      "园林绿化",
    ]) {
      expect(
        seeded.some((c) => c.name === name),
        name,
      ).toBe(true);
    }
    // A second boot adds nothing, and what an administrator removed stays removed.
    await t.db.query("DELETE FROM case_categories WHERE code = 'SH0799'");
    await ensureReferenceData(t.deps);
    expect(await count("SELECT count(*)::int AS n FROM case_categories")).toBe(seeded.length - 1);
  });

  it("seeds every year of the holiday calendar the package holds, with make-up working days", async () => {
    const years = [...packagedCalendar().keys()];
    expect(years).toContain(2026);
    const days = await admin.get("/api/v1/calendar-days?year=2026");
    expect(days.status).toBe(200);
    const byDay = new Map(days.body.items.map((d: { day: string; kind: string; name: string }) => [d.day, d]));
    expect(byDay.get("2026-10-01")).toMatchObject({ kind: "holiday", name: "国庆节" });
    expect(byDay.get("2026-10-10")).toMatchObject({ kind: "workday", name: "国庆节调休上班" });
    expect(await count("SELECT count(DISTINCT extract(year FROM day))::int AS n FROM calendar_days")).toBe(years.length);
    const cal = await workCalendarFor(t.db, COMMUNITY);
    expect(isWorkday(cal, "2026-10-05")).toBe(false);
    expect(isWorkday(cal, "2026-10-10")).toBe(true);
    // A concurrent second load is harmless.
    await Promise.all([ensureReferenceData(t.deps), ensureReferenceData(t.deps)]);
    expect((await admin.get("/api/v1/calendar-days?year=2026")).body.items).toHaveLength(days.body.items.length);
  });

  it("an edited day changes deadlines at once (the cached calendar follows the database)", async () => {
    const start = new Date("2026-09-30T07:00:00Z");
    expect(addWorkingDays(await workCalendarFor(t.db, COMMUNITY), start, 7).toISOString()).toBe("2026-10-15T09:30:00.000Z");
    const put = await admin.request("PUT", "/api/v1/calendar-days/2026-10-12", { kind: "holiday", name: "临时休息" });
    expect(put.status).toBe(200);
    expect(addWorkingDays(await workCalendarFor(t.db, COMMUNITY), start, 7).toISOString()).toBe("2026-10-16T09:30:00.000Z");
    expect((await admin.delete("/api/v1/calendar-days/2026-10-12")).status).toBe(204);
    expect(addWorkingDays(await workCalendarFor(t.db, COMMUNITY), start, 7).toISOString()).toBe("2026-10-15T09:30:00.000Z");
    expect((await admin.delete("/api/v1/calendar-days/2026-10-12")).status).toBe(404);
    expect((await staff.request("PUT", "/api/v1/calendar-days/2026-10-12", { kind: "holiday" })).status).toBe(403);
    expect((await admin.request("PUT", "/api/v1/calendar-days/2026-13-01", { kind: "holiday" })).status).toBe(400);
    expect((await admin.request("PUT", "/api/v1/calendar-days/2026-10-12", { kind: "weekend" })).status).toBe(400);
    const audit = await count("SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'calendar_day'");
    expect(audit).toBe(2);
  });

  it("working hours per area: set, inherited by the areas below, checked, removed", async () => {
    const bad = await admin.request("PUT", `/api/v1/working-hours/${COMMUNITY}`, {
      windows: [
        { start: "13:00", end: "12:00" },
        { start: "14:00", end: "18:00" },
      ],
    });
    expect(bad.status).toBe(400);
    const overlap = await admin.request("PUT", `/api/v1/working-hours/${COMMUNITY}`, {
      windows: [
        { start: "08:00", end: "12:00" },
        { start: "11:00", end: "18:00" },
      ],
    });
    expect(overlap.status).toBe(400);
    const ok = await admin.request("PUT", "/api/v1/working-hours/150603002000", { windows: [{ start: "08:30", end: "17:00" }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ areaCode: "150603002000", windows: [{ start: "08:30", end: "17:00" }] });
    expect((await workCalendarFor(t.db, `${COMMUNITY}001`)).windows).toEqual([[510, 1020]]);
    expect((await admin.get("/api/v1/working-hours")).body.items).toHaveLength(1);
    expect((await admin.request("PUT", "/api/v1/working-hours/150603009000", { windows: [{ start: "08:30", end: "17:00" }] })).status).toBe(
      422,
    );
    expect((await admin.delete("/api/v1/working-hours/150603002000")).status).toBe(204);
    expect((await workCalendarFor(t.db, COMMUNITY)).windows).toEqual([
      [540, 720],
      [810, 1050],
    ]);
    expect((await staff.get("/api/v1/working-hours")).status).toBe(403);
  });
});

describe("categories API", () => {
  it("lists public active categories for the report page without an account, with their extra questions", async () => {
    const res = await anonymous(t.app).get("/api/v1/case-categories");
    expect(res.status).toBe(200);
    const codes = res.body.items.map((c: { code: string }) => c.code);
    expect(codes).toContain("BJ0102");
    expect(codes).not.toContain("SH0201");
    const lamp = res.body.items.find((c: { code: string }) => c.code === "BJ0102");
    expect(lamp.attributes[0]).toMatchObject({ code: "fault", datatype: "singlevaluelist", required: true, variable: true, order: 1 });
    expect(lamp.attributes[0].values[0]).toEqual({ key: "1", name: "不亮" });
    const all = await staff.get("/api/v1/case-categories/all");
    expect(all.body.items.map((c: { code: string }) => c.code)).toContain("SH0201");
    expect((await anonymous(t.app).get("/api/v1/case-categories/all")).status).toBe(401);
  });

  it("an administrator adds, changes and removes categories with deadline rules and extra questions", async () => {
    const created = await admin.post("/api/v1/case-categories", {
      code: "SH0606",
      name: "失独家庭关爱",
      parentCode: "SH06",
      family: "social",
      keywords: ["失独"],
      deadlines: {
        normal: { value: 3, unit: "working_days" },
        urgent: { value: 4, unit: "working_hours" },
        critical: { value: 2, unit: "hours" },
      },
      attributes: [
        {
          code: "visit",
          variable: true,
          datatype: "multivaluelist",
          required: false,
          datatype_description: null,
          order: 1,
          description: "需要哪些帮助",
          values: [
            { key: "v", name: "上门探访" },
            { key: "m", name: "心理疏导" },
          ],
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      code: "SH0606",
      public: true,
      active: true,
      deadlines: { urgent: { value: 4, unit: "working_hours" } },
    });
    expect((await admin.post("/api/v1/case-categories", { code: "SH0606", name: "重复", family: "social" })).status).toBe(409);
    expect(
      (await admin.post("/api/v1/case-categories", { code: "SH0607", name: "错层", family: "social", parentCode: "SH0101" })).body.code,
    ).toBe("domain.category_parent");
    expect(
      (await admin.post("/api/v1/case-categories", { code: "SH0608", name: "错大类", family: "city_event", parentCode: "SH06" })).body.code,
    ).toBe("domain.category_parent");
    expect((await admin.post("/api/v1/case-categories", { code: "bad code", name: "x", family: "social" })).status).toBe(400);
    const list = {
      code: "x",
      variable: true,
      datatype: "singlevaluelist",
      required: true,
      datatype_description: null,
      order: 1,
      description: "无选项",
      values: [],
    };
    expect((await admin.post("/api/v1/case-categories", { code: "SH0609", name: "x", family: "social", attributes: [list] })).status).toBe(
      400,
    );
    const patched = await admin.patch("/api/v1/case-categories/SH0606", {
      public: false,
      deadlines: { normal: { value: 5, unit: "working_days" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      public: false,
      deadlines: { normal: { value: 5, unit: "working_days" }, urgent: { value: 4, unit: "working_hours" } },
    });
    expect((await staff.get("/api/v1/case-categories/SH0606")).body.public).toBe(false);
    expect((await staff.patch("/api/v1/case-categories/SH0606", { name: "改名" })).status).toBe(403);
    // A class with children cannot be removed, nor moved under another.
    expect((await admin.delete("/api/v1/case-categories/SH06")).body.code).toBe("domain.category_in_use");
    expect((await admin.patch("/api/v1/case-categories/SH06", { parentCode: "SH01" })).body.code).toBe("domain.category_parent");
    expect((await admin.delete("/api/v1/case-categories/SH0606")).status).toBe(204);
    expect((await admin.delete("/api/v1/case-categories/SH0606")).status).toBe(404);
    const audit = await count("SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'case_category'");
    expect(audit).toBe(3);
  });

  it("a category changed here applies to the next report at once; one changed elsewhere within a second", async () => {
    const fileReport = (n: number) =>
      anonymous(t.app).post(
        "/api/v1/cases/report",
        { categoryCode: "BJ0105", description: "井盖缺失", areaCode: COMMUNITY },
        { "idempotency-key": `category-cache-${n}`, "x-forwarded-for": `198.51.100.${n}` },
      );
    expect((await fileReport(1)).status).toBe(201);
    expect((await admin.patch("/api/v1/case-categories/BJ0105", { active: false })).status).toBe(200);
    expect((await fileReport(2)).body.code).toBe("domain.case_category_unknown");
    // A change from elsewhere (another server process, a direct import) changes the version token only.
    await t.db.query("UPDATE case_categories SET active = true WHERE code = 'BJ0105'");
    await new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));
    expect((await fileReport(3)).status).toBe(201);
  });

  it("says per category whether overdue cases escalate automatically, or leaves it to AUTO_ESCALATE (null)", async () => {
    expect((await admin.get("/api/v1/case-categories/SH0101")).body.autoEscalate).toBeNull();
    const auto = await admin.post("/api/v1/case-categories", { code: "SH0610", name: "自动上报", family: "social", autoEscalate: true });
    expect(auto.status, JSON.stringify(auto.body)).toBe(201);
    expect(auto.body.autoEscalate).toBe(true);
    const plain = await admin.post("/api/v1/case-categories", { code: "SH0611", name: "随全局", family: "social" });
    expect(plain.body.autoEscalate).toBeNull();
    expect((await admin.patch("/api/v1/case-categories/SH0610", { autoEscalate: false })).body.autoEscalate).toBe(false);
    const stored = async () =>
      (await t.db.query<{ auto_escalate: boolean | null }>("SELECT auto_escalate FROM case_categories WHERE code = 'SH0610'")).rows[0]!
        .auto_escalate;
    expect(await stored()).toBe(false);
    // A patch without the field keeps it; null hands the decision back to the global setting.
    expect((await admin.patch("/api/v1/case-categories/SH0610", { name: "不自动上报" })).body.autoEscalate).toBe(false);
    expect((await admin.patch("/api/v1/case-categories/SH0610", { autoEscalate: null })).body.autoEscalate).toBeNull();
    expect(await stored()).toBeNull();
    expect((await admin.patch("/api/v1/case-categories/SH0610", { autoEscalate: "yes" })).status).toBe(400);
    const all = await staff.get("/api/v1/case-categories/all");
    expect(all.body.items.find((c: { code: string }) => c.code === "SH0611")).toMatchObject({ autoEscalate: null });
  });
});
