import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildCaseWorld, type CaseWorld, COMMUNITY, FAR, FAR_POINT, key, NEIGHBOUR, NEIGHBOUR_POINT, POINT } from "./intake.fixtures.js";
import { LEDGER_COLUMNS, maskName } from "./ledger.js";

let t: TestContext;
let w: CaseWorld;
let staff: Agent;
let admin: Agent;
const ids: Record<string, string> = {};
const PHONE = "13712345678";

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      w = await buildCaseWorld(deps);
      await buildAccount(deps.db, { username: "dept", roles: ["department"], departmentId: w.departmentId });
    },
  });
  staff = await loginAs(t.app, "staff", TEST_PASSWORD);
  admin = await loginAs(t.app, "admin", TEST_PASSWORD);
  const file = async (name: string, body: Record<string, unknown>, filedAt?: string) => {
    const res = await admin.post("/api/v1/cases", { source: "phone", ...body }, { "idempotency-key": key() });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[name] = res.body.id;
    if (filedAt) await t.db.query("UPDATE cases SET created_at = $2 WHERE id = $1", [res.body.id, filedAt]);
  };
  await file(
    "lamp",
    {
      description: "青春山路路灯不亮 <script>alert(1)</script>",
      categoryCode: "BJ0102",
      location: POINT,
      contact: { name: "赵大明", phone: PHONE },
    },
    "2026-03-02T10:00:00+08:00",
  );
  await file("rubbish", { description: "小区门口垃圾没人清理", categoryCode: "SJ0101", location: POINT }, "2026-03-10T10:00:00+08:00");
  await file(
    "visit",
    { source: "visit", description: "独居老人需要上门探访", categoryCode: "SH0601", areaCode: COMMUNITY },
    "2026-04-01T10:00:00+08:00",
  );
  await file(
    "neighbour",
    { description: "滨河社区路灯不亮", categoryCode: "BJ0102", location: NEIGHBOUR_POINT },
    "2026-03-05T10:00:00+08:00",
  );
  await file("far", { description: "哈巴格希井盖缺失", categoryCode: "BJ0101", location: FAR_POINT }, "2026-03-06T10:00:00+08:00");
  // The lamp goes to the district's department, late; the rubbish to the grid worker, not yet due.
  await staff.post(`/api/v1/cases/${ids.lamp}/triage`, { categoryCode: "BJ0102", handler: { kind: "department", ref: w.departmentId } });
  await staff.post(`/api/v1/cases/${ids.rubbish}/triage`, { categoryCode: "SJ0101" });
  await t.db.query("UPDATE cases SET deadline_at = now() + interval '2 days' WHERE id = $1", [ids.rubbish]);
});
afterAll(() => t.close());

const listIds = async (agent: Agent, query = "") => {
  const res = await agent.get(`/api/v1/cases?pageSize=200${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { id: string }[]).map((c) => c.id).sort();
};
const of = (...names: string[]) => names.map((n) => ids[n]!).sort();

describe("the ledger list", () => {
  it("shows each actor the cases of their scope: community, street, district; a department what is assigned to it", async () => {
    expect(await listIds(staff)).toEqual(of("lamp", "rubbish", "visit"));
    expect(await listIds(await loginAs(t.app, "neighbourStaff", TEST_PASSWORD))).toEqual(of("neighbour"));
    expect(await listIds(await loginAs(t.app, "streetStaff", TEST_PASSWORD))).toEqual(of("lamp", "rubbish", "visit", "neighbour"));
    expect(await listIds(await loginAs(t.app, "leader", TEST_PASSWORD))).toEqual(of("lamp", "rubbish", "visit", "neighbour", "far"));
    expect(await listIds(await loginAs(t.app, "gridWorker", TEST_PASSWORD))).toEqual(of("lamp", "rubbish", "visit"));
    expect(await listIds(await loginAs(t.app, "dept", TEST_PASSWORD))).toEqual(of("lamp"));
    // Asking for another area does not widen the scope.
    expect(await listIds(staff, `&areaCode=${NEIGHBOUR}`)).toEqual([]);
    expect((await (await loginAs(t.app, "resident", TEST_PASSWORD)).get("/api/v1/cases")).status).toBe(403);
  });

  it("filters by status, category (with its children), channel, overdue, handler, text, phone, dates and grid", async () => {
    expect(await listIds(staff, "&status=submitted")).toEqual(of("visit"));
    expect(await listIds(staff, "&status=submitted,assigned")).toEqual(of("lamp", "rubbish", "visit"));
    expect(await listIds(staff, "&status=assigned&status=submitted")).toEqual(of("lamp", "rubbish", "visit"));
    expect(await listIds(admin, "&categoryCode=BJ01")).toEqual(of("lamp", "neighbour", "far"));
    expect(await listIds(admin, "&categoryCode=BJ0102")).toEqual(of("lamp", "neighbour"));
    expect(await listIds(admin, "&channel=cadre_visit")).toEqual(of("visit"));
    expect(await listIds(staff, "&overdue=true")).toEqual(of("lamp"));
    expect(await listIds(staff, "&overdue=false")).toEqual(of("rubbish", "visit"));
    expect(await listIds(staff, "&handlerKind=department")).toEqual(of("lamp"));
    expect(await listIds(staff, "&handlerKind=grid_worker")).toEqual(of("rubbish"));
    expect(await listIds(admin, `&q=${encodeURIComponent("路灯")}`)).toEqual(of("lamp", "neighbour"));
    expect(await listIds(admin, `&q=${PHONE}`)).toEqual(of("lamp"));
    expect(await listIds(admin, `&q=${encodeURIComponent("100%")}`)).toEqual([]);
    expect(await listIds(admin, "&createdFrom=2026-03-05&createdTo=2026-03-06")).toEqual(of("neighbour", "far"));
    expect(await listIds(admin, `&gridId=${w.grids.community}`)).toEqual(of("lamp", "rubbish"));
    const number = (await staff.get(`/api/v1/cases/${ids.visit}`)).body.number;
    expect(await listIds(staff, `&q=${number}`)).toEqual(of("visit"));
    const byDeadline = await staff.get("/api/v1/cases?sort=deadline");
    expect(byDeadline.body.items.map((c: { id: string }) => c.id)).toEqual([ids.lamp, ids.rubbish, ids.visit]);
    const page = await staff.get("/api/v1/cases?pageSize=2&page=2");
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(1);
  });

  it("lists a worker's own report from another area with the area's cases, in order across every page", async () => {
    await t.db.query("UPDATE cases SET reporter_account_id = $2 WHERE id = $1", [ids.far, w.accounts.staff]);
    try {
      const mine = of("lamp", "rubbish", "visit", "far");
      expect(await listIds(staff)).toEqual(mine);
      // The area filter within the scope leaves the own report out; with the own report's area, only it.
      expect(await listIds(staff, `&areaCode=${COMMUNITY}`)).toEqual(of("lamp", "rubbish", "visit"));
      expect(await listIds(staff, `&areaCode=${FAR}`)).toEqual(of("far"));
      expect(await listIds(staff, "&categoryCode=BJ01")).toEqual(of("lamp", "far"));
      for (const sort of ["-created", "created", "deadline", "-deadline"]) {
        const whole = (await staff.get(`/api/v1/cases?pageSize=100&sort=${sort}`)).body.items.map((c: { id: string }) => c.id);
        expect(whole.slice().sort()).toEqual(mine);
        const paged: string[] = [];
        for (let page = 1; page <= 3; page++) {
          const res = await staff.get(`/api/v1/cases?pageSize=2&page=${page}&sort=${sort}`);
          expect(res.body.total).toBe(4);
          paged.push(...res.body.items.map((c: { id: string }) => c.id));
        }
        expect(paged, sort).toEqual(whole);
      }
      // Newest first: far (03-06) sits between the rubbish (03-10) and the lamp (03-02).
      expect((await staff.get("/api/v1/cases?pageSize=100")).body.items.map((c: { id: string }) => c.id)).toEqual(
        ["visit", "rubbish", "far", "lamp"].map((n) => ids[n]),
      );
    } finally {
      await t.db.query("UPDATE cases SET reporter_account_id = NULL WHERE id = $1", [ids.far]);
    }
  });

  it("answers bad filters with 400", async () => {
    for (const q of ["status=bogus", "createdFrom=2026-02-30", "pageSize=1000", "overdue=maybe", "sort=name", "gridId=x", "areaCode=12"]) {
      expect((await staff.get(`/api/v1/cases?${q}`)).status, q).toBe(400);
    }
  });
});

describe("one case", () => {
  it("reads a case with the actions this actor may take, its timeline, and 404 outside scope", async () => {
    const visit = await staff.get(`/api/v1/cases/${ids.visit}`);
    expect(visit.status).toBe(200);
    expect(visit.body.abilities.actions).toEqual(expect.arrayContaining(["triage", "reject", "merge"]));
    const worker = await loginAs(t.app, "gridWorker", TEST_PASSWORD);
    expect((await worker.get(`/api/v1/cases/${ids.rubbish}`)).body.abilities.actions).toContain("accept");
    const events = await staff.get(`/api/v1/cases/${ids.lamp}/events`);
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(["submit", "triage"]);
    const neighbour = await loginAs(t.app, "neighbourStaff", TEST_PASSWORD);
    for (const url of ["", "/events", "/sheet", "/personal-data", "/proposal"]) {
      expect((await neighbour.get(`/api/v1/cases/${ids.lamp}${url}`)).status, url).toBe(404);
    }
    expect((await staff.get("/api/v1/cases/not-a-uuid")).status).toBe(400);
  });

  it("masks the reporter's phone; community staff unmask it on purpose, and the read is audited", async () => {
    const one = await staff.get(`/api/v1/cases/${ids.lamp}`);
    expect(one.body).toMatchObject({ reporterPhone: "137****5678", abilities: { revealPersonalData: true } });
    const pii = await staff.get(`/api/v1/cases/${ids.lamp}/personal-data`);
    expect(pii.status).toBe(200);
    expect(pii.body.reporterPhone).toBe(PHONE);
    const audit = await t.db.query<{ after: unknown }>("SELECT after FROM audit_log WHERE action = 'pii.read' AND object_id = $1", [
      ids.lamp,
    ]);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows)).not.toContain(PHONE);
    expect((await (await loginAs(t.app, "leader", TEST_PASSWORD)).get(`/api/v1/cases/${ids.lamp}/personal-data`)).status).toBe(403);
    expect((await (await loginAs(t.app, "gridWorker", TEST_PASSWORD)).get(`/api/v1/cases/${ids.lamp}/personal-data`)).status).toBe(403);
  });

  it("prints the case sheet in Chinese, with the text escaped", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/v1/cases/${ids.lamp}/sheet`, headers: { cookie: staff.cookie! } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("民情诉求受理单");
    expect(res.body).toContain("受理登记");
    expect(res.body).toContain("康巴什区城市管理综合执法局");
    expect(res.body).toContain("&lt;script&gt;");
    expect(res.body).not.toContain("<script>");
    expect(res.body).not.toContain(PHONE);
    expect(res.body).toContain("赵**");
  });
});

describe("the export", () => {
  it("opens in Excel with the community ledger's title, headers and masked reporters", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/cases/export.xlsx?createdFrom=2026-03-01&createdTo=2026-04-30",
      headers: { cookie: staff.cookie! },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("attachment");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toBe("青春山社区民情台账（2026-03-01至2026-04-30）");
    const headers = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headers).toEqual([
      "序号",
      "受理编号",
      "受理时间",
      "来源渠道",
      "诉求人",
      "联系电话",
      "诉求类别",
      "诉求内容",
      "发生地点",
      "所属网格",
      "责任单位",
      "办理时限",
      "办理情况",
      "办结时间",
      "群众评价",
      "备注",
    ]);
    expect(headers).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    const rows = [4, 5, 6].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(rows).toHaveLength(3);
    expect(ws.getRow(7).values).toEqual([]);
    const lamp = rows.find((r) => String(r[7]).includes("路灯"))!;
    expect(lamp.slice(3, 7)).toEqual(["群众反映·电话", "赵**", "137****5678", "公用设施/路灯损坏"]);
    expect(lamp[10]).toBe("康巴什区城市管理综合执法局");
    expect(lamp[12]).toBe("已派遣（已超期）");
    expect(JSON.stringify(rows)).not.toContain(PHONE);
    const audit = await t.db.query("SELECT after FROM audit_log WHERE action = 'export.cases'");
    expect(audit.rows).toHaveLength(1);
    const far = await loginAs(t.app, "farStaff", TEST_PASSWORD);
    const farExport = await t.app.inject({
      method: "GET",
      url: `/api/v1/cases/export.xlsx?areaCode=${COMMUNITY}`,
      headers: { cookie: far.cookie! },
    });
    const farWb = new ExcelJS.Workbook();
    await farWb.xlsx.load(farExport.rawPayload as unknown as ArrayBuffer);
    // Another community's staff get none of these cases, and the title names their own community.
    expect(String(farWb.worksheets[0]!.getRow(1).getCell(1).value)).toBe("哈巴格希社区民情台账（全部）");
    expect(farWb.worksheets[0]!.getRow(4).values).toEqual([]);
    expect(FAR).toBeTruthy();
  });

  it("masks names, keeping the first character", () => {
    expect(maskName("赵大明")).toBe("赵**");
    expect(maskName("欧阳")).toBe("欧*");
    expect(maskName("李")).toBe("*");
  });
});
