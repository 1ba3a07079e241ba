import { ERROR_MESSAGES } from "@gongzhi/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPartyOrg, buildPerson, buildUnit } from "../../test/factories.js";
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
import { download, fillTemplate, rowTexts, upload } from "./excel.fixtures.js";
import { IMPORT_KINDS, KINDS } from "./import-kinds.js";

const A = OTHER;
const B = COMMUNITY;
const A_COMPOUND = OTHER_COMPOUND;
const ID_WANG = "150603198503120022";
const ID_SUN = "150603199208080034";
const ID_ZHOU = "150603197806150013";

let t: TestContext;
let street: Agent;
let workerA: Agent;
const ids: Record<string, string> = {};

const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
const COUNTED = ["areas", "grids", "units", "people", "party_members", "community_workers", "audit_log"];
const counts = async () => Object.fromEntries(await Promise.all(COUNTED.map(async (x) => [x, await count(x)])));

beforeAll(async () => {
  t = await createTestContext({
    setup: (deps) => buildRegistryFixture(deps.db, { names: KANGHE_NAMES, accounts: ["street", "worker-a"] }),
  });
  ids.wang = await buildPerson(t.deps, { name: "王一", areaCode: A, idNumber: ID_WANG });
  ids.street = await buildPartyOrg(t.db, { name: "滨河街道党工委", kind: "working_committee", areaCode: STREET });
  ids.community = await buildPartyOrg(t.db, { name: "康和社区党委", kind: "community_committee", areaCode: A, parentId: ids.street });
  ids.joint = await buildPartyOrg(t.db, { name: "康和社区联合党支部", kind: "joint_committee", areaCode: A, parentId: ids.community });
  ids.tech = await buildUnit(t.db, { name: "康和科技", areaCode: A, kind: "private", creditCode: "91150603MA0N000001" });
  ids.s1 = await buildGrid(t.db, {
    code: "S-1",
    name: "滨河街道网格",
    level: "street",
    areaCode: STREET,
    geometry: rectangle(109.75, 39.5, 109.8, 39.55),
  });
  ids.ga1 = await buildGrid(t.db, {
    code: "G-A-1",
    name: "康和一网格",
    areaCode: A,
    parentId: ids.s1,
    geometry: rectangle(109.75, 39.5, 109.76, 39.51),
  });
  await buildGrid(t.db, {
    code: "G-B-1",
    name: "康城一网格",
    areaCode: B,
    parentId: ids.s1,
    geometry: rectangle(109.77, 39.5, 109.78, 39.51),
  });
  ({ street, "worker-a": workerA } = await loginAll(t.app, "street", "worker-a"));
});
afterAll(() => t.close());

async function template(agent: Agent, kind: string): Promise<Buffer> {
  const d = await download(t.app, agent, `/api/v1/imports/templates/${kind}.xlsx`);
  expect(d.status).toBe(200);
  return d.body;
}

/** Dry run, then commit: the dry run is valid and writes nothing, the commit writes every row. */
async function roundTrip(agent: Agent, kind: string, file: Buffer, geojson?: string) {
  const before = await counts();
  const dry = await upload(agent, kind, "dry-run", file, { geojson });
  expect(dry.status, JSON.stringify(dry.body)).toBe(200);
  expect(dry.body).toMatchObject({ kind, mode: "dry-run", valid: true, errors: [] });
  expect(dry.body.validRows).toBe(dry.body.total);
  expect(await counts()).toEqual(before);
  const commit = await upload(agent, kind, "commit", file, { geojson });
  expect(commit.status, JSON.stringify(commit.body)).toBe(200);
  expect(commit.body).toMatchObject({ kind, mode: "commit", valid: true, imported: dry.body.total, skipped: [] });
  return commit.body;
}

describe("import templates", () => {
  it.each(IMPORT_KINDS)("%s: Chinese headers, a note row, drop-downs and an example row", async (kind) => {
    const d = await download(t.app, street, `/api/v1/imports/templates/${kind}.xlsx`);
    expect(d.status).toBe(200);
    expect(d.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const def = KINDS[kind];
    expect(decodeURIComponent(String(d.headers["content-disposition"]).split("UTF-8''")[1]!)).toBe(`${def.label}导入模板.xlsx`);
    const ws = d.workbook!.worksheets[0]!;
    expect(rowTexts(ws, 1)).toEqual(def.columns.map((c) => c.header));
    const notes = rowTexts(ws, 2);
    for (const [i, c] of def.columns.entries()) expect(notes[i]!.startsWith(c.required ? "必填。" : "选填。"), c.header).toBe(true);
    const enumIndex = def.columns.findIndex((c) => c.cell.type === "enum");
    const enumColumn = def.columns[enumIndex]!;
    const labels = Object.values((enumColumn.cell as { labels: Record<string, string> }).labels);
    expect(notes[enumIndex]).toContain(`可选：${labels.join("、")}`);
    const validation = ws.getRow(3).getCell(enumIndex + 1).dataValidation;
    expect(validation).toMatchObject({ type: "list", formulae: [`"${labels.join(",")}"`] });
    expect(ws.getRow(500).getCell(enumIndex + 1).dataValidation?.type).toBe("list");
    expect(rowTexts(ws, 3)[0]).toBe(String(def.columns[0]!.example));
    expect(d.workbook!.worksheets[1]!.name).toBe("填写说明");
    // The untouched template holds no data: its note and example rows are not imported.
    const empty = await upload(street, kind, "dry-run", d.body);
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe("import.empty");
  });

  it("need the import's permission", async () => {
    expect((await download(t.app, workerA, "/api/v1/imports/templates/areas.xlsx")).status).toBe(403);
    expect((await upload(workerA, "areas", "dry-run", await template(street, "areas"))).status).toBe(403);
  });
});

describe("imports round-trip from the templates", () => {
  it("areas, with parents listed in the same file (in any order) and classifications checked against the level", async () => {
    const file = await fillTemplate(await template(street, "areas"), [
      { 区划代码: "150603002005001001", 名称: "新建小区一号楼", 户数: 36, 居住人数: 90 },
      {
        区划代码: "150603002005",
        名称: "新建社区",
        社区区位: "城乡结合部",
        社区服务方式: "mixed",
        示范点: "是",
        "示范点经费（元）": 50000,
      },
      { 区划代码: "150603002005001", 名称: "新建小区", 小区人口规模: "小型小区", 小区有活动场所: true },
    ]);
    const result = await roundTrip(street, "areas", file);
    expect(result.imported).toBe(3);
    expect((await street.get("/api/v1/areas/150603002005001001")).body).toMatchObject({ name: "新建小区一号楼", level: "building" });
    const detail = await street.get("/api/v1/areas/150603002005/detail");
    expect(detail.body).toMatchObject({
      name: "新建社区",
      level: "community",
      attrs: { communityLocation: "urban_fringe", communityServiceMode: "mixed", demonstration: true, demonstrationFunding: 50000 },
    });
    expect((await street.get("/api/v1/areas/150603002005001/detail")).body.attrs).toEqual({
      compoundSize: "small",
      hasActivityVenue: true,
    });
    const audit = await t.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('area.create', 'import.areas') GROUP BY action ORDER BY action",
    );
    expect(audit.rows).toEqual([
      { action: "area.create", n: 3 },
      { action: "import.areas", n: 1 },
    ]);
  });

  it("grids, boundaries in the sheet or in the GeoJSON file, parents in the same file", async () => {
    const file = await fillTemplate(await template(street, "grids"), [
      {
        网格编码: "G-A-2",
        网格名称: "康和二网格",
        网格层级: "社区网格",
        所属区划代码: A,
        上级网格编码: "S-1",
        "边界（GeoJSON）": JSON.stringify(rectangle(109.76, 39.5, 109.77, 39.51)),
      },
      { 网格编码: "G-A-2-1", 网格名称: "康和小区网格", 网格层级: "小区网格", 所属区划代码: A_COMPOUND, 上级网格编码: "G-A-2" },
    ]);
    const geojson = JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { code: "G-A-2-1" }, geometry: rectangle(109.761, 39.501, 109.769, 39.509) }],
    });
    await roundTrip(street, "grids", file, geojson);
    const list = await street.get("/api/v1/grids?q=G-A-2");
    expect(list.body.items.map((g: any) => g.code)).toEqual(["G-A-2", "G-A-2-1"]);
    const [parent, child] = list.body.items;
    expect(parent).toMatchObject({ level: "community", parentId: ids.s1, areaCode: A });
    expect(child).toMatchObject({ level: "compound", parentId: parent.id, areaCode: A_COMPOUND });
    // The index that locates points knows the new grids.
    expect((await street.get("/api/v1/grids/locate?lng=109.765&lat=39.505")).body.grid.code).toBe("G-A-2-1");
  });

  it("units, naming their grid by code and their organisation by name", async () => {
    const file = await fillTemplate(await template(workerA, "units"), [
      {
        单位名称: "康和书店",
        单位类型: "沿街商铺",
        所属区划代码: A,
        所属网格编码: "G-A-1",
        党组织建立情况: "联合建立",
        所属党组织: "康和社区联合党支部",
        统一社会信用代码: "91150603MA0N000009",
        地址: "康和路 8 号",
        职工人数: 8,
      },
      { 单位名称: "康和物业", 单位类型: "非公企业", 所属区划代码: A_COMPOUND },
    ]);
    await roundTrip(workerA, "units", file);
    const shop = (await workerA.get("/api/v1/units?q=康和书店")).body.items[0];
    expect(shop).toMatchObject({
      kind: "shop",
      areaCode: A,
      gridId: ids.ga1,
      partyStatus: "joint",
      partyOrgId: ids.joint,
      creditCode: "91150603MA0N000009",
      address: "康和路 8 号",
      employees: 8,
    });
    expect((await workerA.get("/api/v1/units?q=康和物业")).body.items[0]).toMatchObject({ kind: "private", partyStatus: "none" });
  });

  it("party members: a registered person matched by ID number, a new one registered with encrypted personal data", async () => {
    const file = await fillTemplate(await template(workerA, "party-members"), [
      { 姓名: "王一", 身份证号: ID_WANG, 党员类别: "离退休党员", 所在党组织: "康和社区党委", 入党日期: new Date(Date.UTC(1980, 6, 1)) },
      {
        姓名: "孙四",
        身份证号: ID_SUN,
        居住区划代码: A_COMPOUND,
        手机号: "13912340004",
        党员类别: "在职党员",
        工作单位: "康和科技",
        报到社区代码: A,
        报到日期: "2024/3/1",
      },
    ]);
    const people = await count("people");
    await roundTrip(workerA, "party-members", file);
    expect(await count("people")).toBe(people + 1);
    const members = (await workerA.get("/api/v1/people?role=party_member")).body.items;
    expect(members.map((p: any) => p.name).sort()).toEqual(["孙四", "王一"]);
    const sun = members.find((p: any) => p.name === "孙四");
    expect(sun).toMatchObject({ areaCode: A_COMPOUND, gender: "male", idNumber: "150603********0034", phone: "139****0004" });
    const detail = (await workerA.get(`/api/v1/people/${sun.id}`)).body;
    expect(detail.partyMember).toMatchObject({
      category: "in_service",
      workUnitId: ids.tech,
      reportedCommunityCode: A,
      reportedOn: "2024-03-01",
    });
    expect((await workerA.get(`/api/v1/people/${ids.wang}`)).body.partyMember).toMatchObject({
      category: "retired",
      branchId: ids.community,
      joinedOn: "1980-07-01",
    });
    const stored = await t.db.query<{ id_number_enc: string; id_number_hash: string; phone_enc: string }>(
      "SELECT id_number_enc, id_number_hash, phone_enc FROM people WHERE id = $1",
      [sun.id],
    );
    expect(stored.rows[0]!.id_number_enc).not.toContain(ID_SUN);
    expect(t.deps.vault.decrypt(stored.rows[0]!.id_number_enc)).toBe(ID_SUN);
    expect(stored.rows[0]!.id_number_hash).toBe(t.deps.vault.hash(ID_SUN));
    const audit = await t.db.query<{ text: string }>("SELECT coalesce(after::text, '') AS text FROM audit_log WHERE object_id = $1", [
      sun.id,
    ]);
    expect(audit.rows.length).toBeGreaterThan(0);
    for (const a of audit.rows) expect(a.text).not.toContain(ID_SUN);
  });

  it("community workers", async () => {
    const file = await fillTemplate(await template(workerA, "community-workers"), [
      {
        姓名: "周五",
        身份证号: ID_ZHOU,
        性别: "女",
        居住区划代码: A,
        所在社区代码: A,
        岗位: "委员/专职工作者",
        职级: 10,
        学历: "本科",
        社工资格: "社会工作师",
        入职日期: "2019-09-01",
      },
    ]);
    await roundTrip(workerA, "community-workers", file);
    const zhou = (await workerA.get("/api/v1/people?role=community_worker")).body.items.find((p: any) => p.name === "周五");
    expect(zhou).toMatchObject({ gender: "female" });
    expect((await workerA.get(`/api/v1/people/${zhou.id}`)).body.communityWorker).toEqual({
      areaCode: A,
      education: "bachelor",
      socialWorkCredential: "intermediate",
      post: "member",
      grade: 10,
      startedOn: "2019-09-01",
    });
  });
});

describe("a template with broken rows", () => {
  const rows = [
    { 单位名称: "好单位一", 单位类型: "沿街商铺", 所属区划代码: A },
    { 单位名称: "", 单位类型: "小卖部", 所属区划代码: A },
    { 单位名称: "坏代码", 单位类型: "沿街商铺", 所属区划代码: "15060300200" },
    { 单位名称: "外区单位", 单位类型: "沿街商铺", 所属区划代码: B },
    { 单位名称: "人数错", 单位类型: "非公企业", 所属区划代码: A, 职工人数: "很多" },
    { 单位名称: "单建无组织", 单位类型: "非公企业", 所属区划代码: A, 党组织建立情况: "单独建立" },
    { 单位名称: "好单位二", 单位类型: "非公企业", 所属区划代码: A, 统一社会信用代码: "91150603MA0N000007" },
    { 单位名称: "重复代码", 单位类型: "非公企业", 所属区划代码: A, 统一社会信用代码: "91150603MA0N000007" },
    { 单位名称: "街道关系错", 单位类型: "沿街商铺", 所属区划代码: A, 与街道关系: "驻地单位" },
    { 单位名称: "网格错", 单位类型: "沿街商铺", 所属区划代码: A, 所属网格编码: "G-B-1" },
    { 单位名称: "已有代码", 单位类型: "非公企业", 所属区划代码: A, 统一社会信用代码: "91150603MA0N000001" },
  ];
  const OPTIONS = "驻区单位、机关事业单位、国有企业、高校、非公企业、社会组织、沿街商铺";
  const expected = [
    { row: 4, column: "单位名称", value: null, message: "此列必填" },
    { row: 4, column: "单位类型", value: "小卖部", message: `“小卖部”不是可选的值，可选：${OPTIONS}` },
    {
      row: 5,
      column: "所属区划代码",
      value: "15060300200",
      message: "区划代码应为 12、15 或 18 位数字（社区 12 位，小区 15 位，楼栋 18 位）",
    },
    { row: 6, column: "所属区划代码", value: B, message: ERROR_MESSAGES["domain.area_outside_scope"]["zh-CN"] },
    { row: 7, column: "职工人数", value: "很多", message: "应为整数" },
    { row: 8, column: "所属党组织", value: null, message: ERROR_MESSAGES["domain.party_status_org"]["zh-CN"] },
    { row: 10, column: "统一社会信用代码", value: "91150603MA0N000007", message: "与第 9 行重复" },
    { row: 11, column: "与街道关系", value: "驻地单位", message: ERROR_MESSAGES["domain.street_relation_government_only"]["zh-CN"] },
    { row: 12, column: "所属网格编码", value: "G-B-1", message: "找不到编码为 G-B-1 的网格，或不在您的辖区内" },
    { row: 13, column: "统一社会信用代码", value: "91150603MA0N000001", message: ERROR_MESSAGES["conflict.duplicate"]["zh-CN"] },
  ];

  it("yields the row/column report and writes nothing, on a dry run and on a commit", async () => {
    const file = await fillTemplate(await template(workerA, "units"), rows);
    const before = await counts();
    const dry = await upload(workerA, "units", "dry-run", file);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ kind: "units", mode: "dry-run", valid: false, total: 11, validRows: 2, errors: expected });
    expect(await counts()).toEqual(before);

    const commit = await upload(workerA, "units", "commit", file);
    expect(commit.status).toBe(422);
    expect(commit.body).toEqual({
      code: "import.invalid",
      message: ERROR_MESSAGES["import.invalid"]["zh-CN"],
      kind: "units",
      mode: "commit",
      valid: false,
      total: 11,
      validRows: 2,
      errors: expected,
    });
    expect(await counts()).toEqual(before);

    const en = await upload(workerA, "units", "dry-run", file, { headers: { "accept-language": "en" } });
    expect(en.body.errors[0]).toEqual({ row: 4, column: "单位名称", value: null, message: "This column is required" });
    expect(en.body.errors[3].message).toBe(ERROR_MESSAGES["domain.area_outside_scope"].en);
  });

  it("commit-valid imports only the good rows and says which were left", async () => {
    const file = await fillTemplate(await template(workerA, "units"), rows);
    const units = await count("units");
    const res = await upload(workerA, "units", "commit-valid", file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: "commit-valid",
      valid: false,
      total: 11,
      validRows: 2,
      imported: 2,
      skipped: [4, 5, 6, 7, 8, 10, 11, 12, 13],
    });
    expect(res.body.errors).toEqual(expected);
    expect(await count("units")).toBe(units + 2);
    const names = (
      await t.db.query<{ name: string }>("SELECT name FROM units WHERE created_at > now() - interval '1 hour' ORDER BY name")
    ).rows.map((r) => r.name);
    expect(names).toContain("好单位一");
    expect(names).toContain("好单位二");
    expect(names).not.toContain("重复代码");
  });

  it("reports people and areas by the registry's rules, personal data masked", async () => {
    const members = await fillTemplate(await template(workerA, "party-members"), [
      { 姓名: "王二", 身份证号: ID_WANG, 党员类别: "在职党员" },
      { 姓名: "新人", 身份证号: "150603198802200049", 党员类别: "在职党员" },
      { 姓名: "坏号", 身份证号: "150603198802200040", 党员类别: "在职党员" },
      {
        姓名: "新人二",
        身份证号: "150603197505050051",
        居住区划代码: A,
        党员类别: "流动党员",
        所在党组织: "不存在的支部",
        入党日期: "2020-13-01",
      },
    ]);
    const res = await upload(workerA, "party-members", "dry-run", members);
    expect(res.body.errors).toEqual([
      { row: 3, column: "姓名", value: "王二", message: "姓名与该身份证号已登记的姓名不一致" },
      { row: 4, column: "居住区划代码", value: null, message: "该身份证号尚未登记：须填写居住区划代码以登记此人" },
      { row: 5, column: "身份证号", value: "150603********0040", message: "身份证号格式不正确（18 位，末位为校验码）" },
      { row: 6, column: "入党日期", value: "2020-13-01", message: "日期应为 YYYY-MM-DD 格式（1900 至 2100 年）" },
    ]);

    const areas = await fillTemplate(await template(street, "areas"), [
      { 区划代码: "150603002007", 名称: "街道类别错", 街道类别: "建制街道" },
      { 区划代码: "150603002008001", 名称: "无上级" },
      { 区划代码: "150603001009", 名称: "外街道社区" },
      { 区划代码: A, 名称: "已有" },
    ]);
    const report = await upload(street, "areas", "dry-run", areas);
    expect(report.body.errors).toEqual([
      { row: 3, column: "街道类别", value: "建制街道", message: ERROR_MESSAGES["domain.attr_not_for_level"]["zh-CN"] },
      { row: 4, column: "区划代码", value: "150603002008001", message: "上级区划 150603002008 不存在：须已登记，或在本文件中列出" },
      { row: 5, column: "区划代码", value: "150603001009", message: ERROR_MESSAGES["domain.area_outside_scope"]["zh-CN"] },
      { row: 6, column: "区划代码", value: A, message: "该区划代码已存在" },
    ]);
  });
});

describe("grids import", () => {
  it("reports a grid that overlaps another, in the database or earlier in the file, and an invalid or missing boundary", async () => {
    const file = await fillTemplate(await template(street, "grids"), [
      { 网格编码: "G-A-3", 网格名称: "重叠网格", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-A-4", 网格名称: "好网格", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-A-5", 网格名称: "与好网格重叠", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-A-6", 网格名称: "自相交", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-A-7", 网格名称: "无边界", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-A-8", 网格名称: "超出上级", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
    ]);
    const feature = (code: string, geometry: unknown) => ({ type: "Feature", properties: { code }, geometry });
    const geojson = JSON.stringify({
      type: "FeatureCollection",
      features: [
        feature("G-A-3", rectangle(109.755, 39.505, 109.765, 39.515)),
        feature("G-A-4", rectangle(109.78, 39.52, 109.79, 39.53)),
        feature("G-A-5", rectangle(109.785, 39.525, 109.795, 39.535)),
        feature("G-A-6", {
          type: "Polygon",
          coordinates: [
            [
              [109.79, 39.54],
              [109.795, 39.545],
              [109.795, 39.54],
              [109.79, 39.545],
              [109.79, 39.54],
            ],
          ],
        }),
        feature("G-A-8", rectangle(109.79, 39.54, 109.81, 39.56)),
        feature("NOT-IN-FILE", rectangle(1, 1, 2, 2)),
      ],
    });
    const grids = await count("grids");
    const res = await upload(street, "grids", "dry-run", file, { geojson });
    expect(res.status).toBe(200);
    const boundary = "边界（GeoJSON）";
    expect(res.body.errors).toEqual([
      { row: 3, column: boundary, value: null, message: `${ERROR_MESSAGES["domain.grid_overlap"]["zh-CN"]}（网格 G-A-1 康和一网格）` },
      { row: 5, column: boundary, value: null, message: `${ERROR_MESSAGES["domain.grid_overlap"]["zh-CN"]}（网格 G-A-4 好网格）` },
      { row: 6, column: boundary, value: null, message: `${ERROR_MESSAGES["domain.grid_invalid_geometry"]["zh-CN"]}（边界自相交）` },
      {
        row: 7,
        column: boundary,
        value: null,
        message: "缺少网格边界：请在此列填写 GeoJSON，或在 GeoJSON 文件中提供 properties.code 为该网格编码的要素",
      },
      {
        row: 8,
        column: boundary,
        value: null,
        message: `${ERROR_MESSAGES["domain.grid_outside_parent"]["zh-CN"]}（网格 S-1 滨河街道网格）`,
      },
    ]);
    expect(res.body).toMatchObject({ valid: false, total: 6, validRows: 1 });
    expect(await count("grids")).toBe(grids);

    const commit = await upload(street, "grids", "commit-valid", file, { geojson });
    expect(commit.body).toMatchObject({ imported: 1, skipped: [3, 5, 6, 7, 8] });
    expect(await count("grids")).toBe(grids + 1);
    expect((await street.get("/api/v1/grids?q=G-A-4")).body.items).toHaveLength(1);
  });

  it("reports a taken code before the boundary, an unknown parent by its code after it, and the area before the code", async () => {
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [109.785, 39.5],
          [109.79, 39.505],
          [109.79, 39.5],
          [109.785, 39.505],
          [109.785, 39.5],
        ],
      ],
    };
    const file = await fillTemplate(await template(street, "grids"), [
      { 网格编码: "G-A-1", 网格名称: "编码已用", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
      { 网格编码: "G-B-1", 网格名称: "辖区以外", 网格层级: "社区网格", 所属区划代码: FAR },
      { 网格编码: "G-A-10", 网格名称: "上级不存在且自相交", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "NO-SUCH" },
      { 网格编码: "G-A-11", 网格名称: "上级不存在", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "NO-SUCH" },
    ]);
    const feature = (code: string, geometry: unknown) => ({ type: "Feature", properties: { code }, geometry });
    const geojson = JSON.stringify({
      type: "FeatureCollection",
      features: [
        feature("G-A-1", rectangle(109.75, 39.5, 109.76, 39.51)),
        feature("G-B-1", rectangle(109.77, 39.5, 109.78, 39.51)),
        feature("G-A-10", bowtie),
        feature("G-A-11", rectangle(109.785, 39.5, 109.79, 39.505)),
      ],
    });
    const res = await upload(street, "grids", "dry-run", file, { geojson });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      { row: 3, column: "网格编码", value: "G-A-1", message: "该网格编码已存在" },
      { row: 4, column: "所属区划代码", value: FAR, message: ERROR_MESSAGES["domain.area_outside_scope"]["zh-CN"] },
      {
        row: 5,
        column: "边界（GeoJSON）",
        value: null,
        message: `${ERROR_MESSAGES["domain.grid_invalid_geometry"]["zh-CN"]}（边界自相交）`,
      },
      {
        row: 6,
        column: "上级网格编码",
        value: "NO-SUCH",
        message: "上级网格 NO-SUCH 不存在或不在您的辖区内：须已登记，或在本文件中列出",
      },
    ]);

    // A parent outside the actor's scope is as missing as one that does not exist, unless it holds the row's area.
    const hidden = await fillTemplate(await template(workerA, "grids"), [
      { 网格编码: "G-A-12", 网格名称: "上级在别的社区", 网格层级: "小区网格", 所属区划代码: A, 上级网格编码: "G-B-1" },
      { 网格编码: "G-A-13", 网格名称: "上级是街道网格", 网格层级: "社区网格", 所属区划代码: A, 上级网格编码: "S-1" },
    ]);
    const hiddenGeojson = JSON.stringify({
      type: "FeatureCollection",
      features: [
        feature("G-A-12", rectangle(109.771, 39.501, 109.772, 39.502)),
        feature("G-A-13", rectangle(109.785, 39.5, 109.79, 39.505)),
      ],
    });
    const scoped = await upload(workerA, "grids", "dry-run", hidden, { geojson: hiddenGeojson });
    expect(scoped.status).toBe(200);
    expect(scoped.body.errors).toEqual([
      {
        row: 3,
        column: "上级网格编码",
        value: "G-B-1",
        message: "上级网格 G-B-1 不存在或不在您的辖区内：须已登记，或在本文件中列出",
      },
    ]);
    expect(scoped.body).toMatchObject({ valid: false, total: 2, validRows: 1 });
  });
});

describe("malformed uploads", () => {
  it("answer 4xx with a clear message, never 500", async () => {
    const oversized = await upload(street, "units", "dry-run", Buffer.alloc(5 * 1024 * 1024 + 10, 1));
    expect(oversized.status).toBe(413);
    expect(oversized.body.code).toBe("request.too_large");

    const text = await upload(street, "units", "dry-run", Buffer.from("名称,类型\n康和书店,沿街商铺\n"), { filename: "units.csv" });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ code: "import.not_xlsx", message: ERROR_MESSAGES["import.not_xlsx"]["zh-CN"] });

    const fakeZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    expect((await upload(street, "units", "dry-run", fakeZip)).body.code).toBe("import.not_xlsx");

    const wrong = await upload(street, "areas", "dry-run", await fillTemplate(await template(street, "units"), [{ 单位名称: "x" }]));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: "import.wrong_template", details: { missing: ["区划代码", "名称"] } });

    const none = await upload(street, "units", "dry-run", null, { geojson: "{}" });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe("import.file_required");
    const json = await street.post("/api/v1/imports/units?mode=dry-run", { file: "x" });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe("import.file_required");

    const gridFile = await fillTemplate(await template(street, "grids"), [
      { 网格编码: "G-X-1", 网格名称: "x", 网格层级: "社区网格", 所属区划代码: A },
    ]);
    const badGeojson = await upload(street, "grids", "dry-run", gridFile, { geojson: '{"type":"Feature"}' });
    expect(badGeojson.status).toBe(400);
    expect(badGeojson.body.code).toBe("import.geojson_invalid");
    expect((await upload(street, "grids", "dry-run", gridFile, { geojson: "not json" })).body.code).toBe("import.geojson_invalid");

    const badMode = await upload(street, "units", "everything", await template(street, "units"));
    expect(badMode.status).toBe(400);
    expect(badMode.body.code).toBe("validation.failed");

    const en = await upload(street, "units", "dry-run", Buffer.from("hello"), { headers: { "accept-language": "en" } });
    expect(en.body.message).toBe(ERROR_MESSAGES["import.not_xlsx"].en);

    // A workbook whose entries claim to inflate to gigabytes is refused before it is opened.
    const bomb = await fillTemplate(await template(street, "units"), [{ 单位名称: "x", 单位类型: "沿街商铺", 所属区划代码: A }]);
    const at = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0x7fffffff, at + 24);
    expect((await upload(street, "units", "dry-run", bomb)).body.code).toBe("import.not_xlsx");

    // Bodies that say multipart but are not.
    const session = { cookie: street.cookie!, "x-csrf-token": street.csrf! };
    for (const [contentType, payload] of [
      ["multipart/form-data", "hello"],
      ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\x03\x04'],
      ["text/plain", "hello"],
    ]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/imports/units?mode=dry-run",
        payload,
        headers: { ...session, "content-type": contentType! },
      });
      expect(res.statusCode, contentType).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, contentType).toBeLessThan(500);
    }
  });
});
