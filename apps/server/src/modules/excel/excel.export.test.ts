import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildPartyOrg, buildPerson, buildUnit } from "../../test/factories.js";
import { type Agent, createTestContext, type TestContext } from "../../test/harness.js";
import {
  buildRegistryFixture,
  COMMUNITY,
  FAR,
  KANGHE_NAMES,
  loginAll,
  OTHER,
  OTHER_COMPOUND,
  STREET,
} from "../../test/registry-fixture.js";
import { buildGrid, rectangle } from "../grids/grids.factories.js";
import { download, rowTexts, sheetObjects } from "./excel.fixtures.js";
import { EXPORT_MAX_ROWS } from "./exports.js";

const A = OTHER;
const B = COMMUNITY;
const A_COMPOUND = OTHER_COMPOUND;
const ID_A = "150603198503120022";
const PHONE_A = "13912345678";
const ADDRESS_A = "康和小区一号楼二单元101室";

let t: TestContext;
let street: Agent;
let workerA: Agent;
let unitRep: Agent;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      const { db } = deps;
      await buildRegistryFixture(db, { names: KANGHE_NAMES, accounts: ["street", "worker-a"] });
      await db.query(`UPDATE areas SET attrs = '{"communityLocation":"urban_core","demonstration":true}' WHERE code = $1`, [A]);
      const unitId = await buildUnit(db, { name: "驻区单位甲", areaCode: A, kind: "resident_unit" });
      await buildAccount(db, { username: "unit-rep", roles: ["unit_rep"], unitId });
    },
  });
  const { db } = t;
  const wang = await buildPerson(t.deps, { name: "王一", areaCode: A, idNumber: ID_A, phone: PHONE_A, address: ADDRESS_A });
  await buildPerson(t.deps, { name: "李二", areaCode: B, idNumber: "150603199001010020", phone: "13800000002" });
  await buildPerson(t.deps, { name: "赵三", areaCode: FAR, phone: "13800000003" });
  const orgA = await buildPartyOrg(db, { name: "康和社区党委", kind: "community_committee", areaCode: A });
  await buildPartyOrg(db, { name: "康城社区党委", kind: "community_committee", areaCode: B });
  await buildPartyOrg(db, { name: "远方社区党委", kind: "community_committee", areaCode: FAR });
  await buildPartyOrg(db, { name: "康和小区党支部", kind: "compound_branch", areaCode: A_COMPOUND, parentId: orgA });
  await db.query("INSERT INTO party_members (person_id, category, branch_id) VALUES ($1, 'retired', $2)", [wang, orgA]);
  await buildUnit(db, { name: "康和超市", areaCode: A, kind: "shop", creditCode: "91150603MA0N000001" });
  await buildUnit(db, { name: "康和科技", areaCode: A, kind: "private", partyStatus: "joint", partyOrgId: null });
  await buildUnit(db, { name: "康城商店", areaCode: B, kind: "shop" });
  await buildUnit(db, { name: "远方商店", areaCode: FAR, kind: "shop" });
  await buildGrid(db, { code: "G-A-1", name: "康和一网格", areaCode: A, geometry: rectangle(109.75, 39.5, 109.76, 39.51) });
  await buildGrid(db, { code: "G-B-1", name: "康城一网格", areaCode: B, geometry: rectangle(109.77, 39.5, 109.78, 39.51) });
  await buildGrid(db, { code: "G-F-1", name: "远方一网格", areaCode: FAR, geometry: rectangle(109.6, 39.5, 109.61, 39.51) });
  ({ street, "worker-a": workerA, "unit-rep": unitRep } = await loginAll(t.app, "street", "worker-a", "unit-rep"));
});
afterAll(() => t.close());

const sheetOf = (d: Awaited<ReturnType<typeof download>>) => d.workbook!.worksheets[0]!;

describe("exports", () => {
  it("answer an .xlsx download with a Chinese file name, a title row with the filters and the time, and a frozen Chinese header", async () => {
    const d = await download(t.app, street, `/api/v1/units/export.xlsx?kind=shop&areaCode=${STREET}`);
    expect(d.status).toBe(200);
    expect(d.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const disposition = String(d.headers["content-disposition"]);
    expect(disposition).toMatch(/^attachment; filename="units-\d{8}\.xlsx"; filename\*=UTF-8''/);
    const name = decodeURIComponent(disposition.split("UTF-8''")[1]!);
    expect(name).toMatch(/^单位台账-\d{8}\.xlsx$/);

    const ws = sheetOf(d);
    expect(rowTexts(ws, 1)[0]).toBe("单位台账");
    const subtitle = rowTexts(ws, 2)[0]!;
    expect(subtitle).toContain("所属区划：滨河街道（150603002000）");
    expect(subtitle).toContain("单位类型：沿街商铺");
    expect(subtitle).toContain("共 2 条");
    expect(subtitle).toMatch(/导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(rowTexts(ws, 3)).toEqual([
      "单位名称",
      "单位类型",
      "与街道关系",
      "所属区划代码",
      "所属区划",
      "所属网格",
      "党组织建立情况",
      "所属党组织",
      "统一社会信用代码",
      "地址",
      "职工人数",
    ]);
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(20);
    const rows = sheetObjects(ws, 3);
    expect(rows.map((r) => r.单位名称)).toEqual(["康和超市", "康城商店"]);
    expect(rows[0]).toMatchObject({
      单位类型: "沿街商铺",
      党组织建立情况: "未建立",
      所属区划: "康和社区",
      统一社会信用代码: "91150603MA0N000001",
    });
  });

  it("hold every list's rows with Chinese headers and enum labels", async () => {
    const areas = sheetOf(await download(t.app, street, `/api/v1/areas/export.xlsx?parent=${STREET}`));
    expect(rowTexts(areas, 1)[0]).toBe("区划台账");
    expect(rowTexts(areas, 3).slice(0, 5)).toEqual(["区划代码", "名称", "层级", "上级区划代码", "下级区划数"]);
    const areaRows = sheetObjects(areas, 3);
    expect(areaRows.map((r) => r.区划代码)).toEqual([A, B]);
    expect(areaRows[0]).toMatchObject({ 名称: "康和社区", 层级: "社区/嘎查村", 下级区划数: "1", 社区区位: "城市中心区", 示范点: "是" });

    const grids = sheetOf(await download(t.app, street, "/api/v1/grids/export.xlsx?level=community&q=网格"));
    expect(rowTexts(grids, 3).slice(0, 4)).toEqual(["网格编码", "网格名称", "网格层级", "所属区划代码"]);
    expect(sheetObjects(grids, 3).map((r) => [r.网格编码, r.网格层级])).toEqual([
      ["G-A-1", "社区网格"],
      ["G-B-1", "社区网格"],
    ]);
    expect(rowTexts(grids, 2)[0]).toContain("网格层级：社区网格");

    const orgs = sheetOf(await download(t.app, street, "/api/v1/party-orgs/export.xlsx?kind=community_committee"));
    expect(rowTexts(orgs, 3).slice(0, 4)).toEqual(["组织名称", "组织类型", "组建方式", "上级党组织"]);
    expect(sheetObjects(orgs, 3).map((r) => [r.组织名称, r.组织类型, r.党员数])).toEqual([
      ["康和社区党委", "社区党委", "1"],
      ["康城社区党委", "社区党委", "0"],
    ]);

    const people = sheetOf(await download(t.app, street, "/api/v1/people/export.xlsx?role=party_member"));
    expect(rowTexts(people, 3).slice(0, 5)).toEqual(["姓名", "性别", "身份证号", "手机号", "住址"]);
    expect(sheetObjects(people, 3).map((r) => [r.姓名, r.身份])).toEqual([["王一", "党员"]]);
    expect(rowTexts(people, 2)[0]).toContain("身份：党员");
  });

  it("hold only the rows of the actor's scope", async () => {
    const codeColumn: Record<string, string> = {
      "/api/v1/units/export.xlsx": "所属区划代码",
      "/api/v1/grids/export.xlsx": "所属区划代码",
      "/api/v1/party-orgs/export.xlsx": "所属区划代码",
      "/api/v1/people/export.xlsx": "所属区划代码",
      "/api/v1/areas/export.xlsx?q=社区": "区划代码",
    };
    for (const [url, column] of Object.entries(codeColumn)) {
      const rows = sheetObjects(sheetOf(await download(t.app, workerA, url)), 3);
      expect(rows.length, url).toBeGreaterThan(0);
      for (const r of rows) expect(r[column]!.startsWith(A), `${url} leaked ${r[column]}`).toBe(true);
    }
    // Another community's filter gives nothing, not that community's rows.
    const other = sheetObjects(sheetOf(await download(t.app, workerA, `/api/v1/units/export.xlsx?areaCode=${B}`)), 3);
    expect(other).toEqual([]);
  });

  it("mask personal data, show a searched phone number masked, and audit people exports with counts only", async () => {
    const since = (await t.db.query<{ n: number }>("SELECT coalesce(max(id), 0)::int AS n FROM audit_log")).rows[0]!.n;
    const d = await download(t.app, street, `/api/v1/people/export.xlsx?q=${PHONE_A}`);
    const ws = sheetOf(d);
    expect(rowTexts(ws, 2)[0]).toContain("关键词：139****5678");
    expect(rowTexts(ws, 2)[0]).toContain("个人信息已脱敏");
    const rows = sheetObjects(ws, 3);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 姓名: "王一", 身份证号: "150603********0022", 手机号: "139****5678", 所属区划: "康和社区" });
    expect(rows[0]!.住址).toMatch(/^康和小区一号\*{4}$/);
    const all = sheetObjects(sheetOf(await download(t.app, street, "/api/v1/people/export.xlsx")), 3);
    expect(all.map((r) => r.姓名).sort()).toEqual(["李二", "王一"]);
    // No plain personal data anywhere in the file.
    const text = JSON.stringify(d.workbook!.worksheets[0]!.getSheetValues());
    for (const secret of [ID_A, PHONE_A, ADDRESS_A]) expect(text).not.toContain(secret);

    const audit = await t.db.query<{ actor_label: string; after: any; area_code: string }>(
      "SELECT actor_label, after, area_code FROM audit_log WHERE action = 'export.people' AND id > $1 ORDER BY id",
      [since],
    );
    expect(audit.rows).toHaveLength(2);
    expect(audit.rows[0]).toMatchObject({ actor_label: "street", area_code: STREET, after: { rows: 1, filters: { search: true } } });
    expect(audit.rows[1]!.after).toMatchObject({ rows: 2 });
    expect(JSON.stringify(audit.rows)).not.toContain(PHONE_A);
  });

  it("need the list's permission and validate filters like the list", async () => {
    expect((await download(t.app, unitRep, "/api/v1/people/export.xlsx")).status).toBe(403);
    const bad = await download(t.app, street, "/api/v1/units/export.xlsx?kind=bogus");
    expect(bad.status).toBe(400);
    expect(bad.json?.code).toBe("validation.failed");
  });

  it("page through every row, and refuse an export beyond the cap with 422", async () => {
    await t.db.query(
      "INSERT INTO units (name, area_code, kind) SELECT '批量单位' || lpad(g::text, 6, '0'), $1, 'shop' FROM generate_series(1, 4500) g",
      [B],
    );
    const rows = sheetObjects(sheetOf(await download(t.app, street, "/api/v1/units/export.xlsx?q=批量")), 3);
    expect(rows).toHaveLength(4500);
    expect(rows[0]!.单位名称).toBe("批量单位000001");
    expect(rows[4499]!.单位名称).toBe("批量单位004500");

    await t.db.query(
      "INSERT INTO units (name, area_code, kind) SELECT '批量单位' || g::text, $1, 'shop' FROM generate_series(4501, $2::int) g",
      [B, EXPORT_MAX_ROWS + 1],
    );
    const refused = await download(t.app, street, "/api/v1/units/export.xlsx?q=批量");
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ code: "export.too_many_rows", details: { total: EXPORT_MAX_ROWS + 1, limit: EXPORT_MAX_ROWS } });
  });
});
