import {
  type AreaAttrs,
  type GridGeometry,
  inScope,
  LEVEL_DIGITS,
  type Locale,
  levelOfCode,
  type Permission,
  parentCode,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope, scopeSql } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { findArea, insertArea, requireAreaInScope, updateArea } from "../areas/areas.repository.js";
import { attrsViolation } from "../areas/areas.rules.js";
import { type GridLevel, markGridsChanged } from "../grids/grid-index.js";
import { insertGrid, LEVEL_RANK, lockGrids } from "../grids/grids.service.js";
import { findPerson, savePerson, toPerson } from "../people/people.repository.js";
import { putCommunityWorker, putPartyMember } from "../people/roles.service.js";
import type { PartyStatus, StreetRelation, UnitKind } from "../units/units.repository.js";
import { createUnit } from "../units/units.service.js";
import { type CellProblem, CREDIT_CODE, creditCodeCell, gridCodeCell, type ImportColumn, parseGeometry, textCell } from "./cells.js";
import { LABELS } from "./labels.js";
import type { MessageKey } from "./messages.js";

export const IMPORT_KINDS = ["areas", "grids", "units", "party-members", "community-workers"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A grid boundary of the GeoJSON file sent with a grids import, by the grid code in its properties. */
export interface GeoFeature {
  geometry: unknown;
  /** how many features carry the code */
  count: number;
}

/** What a row's write needs: the open transaction, who imports, and the files sent. */
export interface ImportContext {
  q: Queryable;
  deps: Deps;
  actor: Actor;
  audit: AuditContext;
  locale: Locale;
  features: Map<string, GeoFeature>;
}

/** A row's values by column key, as the cells gave them (null when empty). */
export type Values = Record<string, unknown>;

/** What is wrong with a row, reported at one of its columns (by key) or at the row as a whole (null). */
export class RowError extends Error {
  constructor(
    readonly column: string | null,
    readonly problem: CellProblem,
  ) {
    super(problem.key);
  }
}

const rowError = (column: string | null, key: MessageKey, params?: Record<string, string | number>) =>
  new RowError(column, { key, params });

export interface ImportKindDef {
  kind: ImportKind;
  /** what is imported, in Chinese (区划, 网格 …): names the template and its sheet */
  label: string;
  permission: Permission;
  columns: ImportColumn[];
  /** columns whose values may appear once in a file */
  unique: string[];
  /** the order rows are written in (lower first), so that parents come before their children; ties keep the file's order */
  order?: (v: Values) => number;
  /** runs once in the import's transaction before the rows */
  prepare?: (ctx: ImportContext) => Promise<void>;
  /** checks one row against the rules of the registry and writes it (with its audit entries); throws RowError or AppError */
  apply: (ctx: ImportContext, v: Values) => Promise<void>;
  /** runs after a commit that wrote rows */
  afterCommit?: (deps: Deps) => void;
}

const enumCell = (labels: Record<string, string>) => ({ type: "enum" as const, labels });
const boolCell = { type: "bool" as const };
const areaCodeCell = { type: "areaCode" as const };
const dateCell = { type: "date" as const };
const MAX_COUNT = 10_000_000;

const str = (v: unknown) => (v === null || v === undefined ? null : (v as string));

// ---------------------------------------------------------------------------------------------------------
// Areas

const ATTR_COLUMNS: ImportColumn[] = (
  [
    { key: "streetCategory", header: "街道类别", cell: enumCell(LABELS.streetCategory), note: "仅街道填写。", example: null, width: 12 },
    {
      key: "communityLocation",
      header: "社区区位",
      cell: enumCell(LABELS.communityLocation),
      note: "仅社区填写。",
      example: LABELS.communityLocation.urban_core,
      width: 12,
    },
    {
      key: "communityPopulation",
      header: "社区服务人口规模",
      cell: enumCell(LABELS.communityPopulation),
      note: "仅社区填写。",
      example: LABELS.communityPopulation.medium,
      width: 16,
    },
    {
      key: "communityServiceMode",
      header: "社区服务方式",
      cell: enumCell(LABELS.communityServiceMode),
      note: "仅社区填写。",
      example: LABELS.communityServiceMode.residential,
      width: 16,
    },
    { key: "compoundSize", header: "小区人口规模", cell: enumCell(LABELS.compoundSize), note: "仅小区填写。", example: null, width: 14 },
    {
      key: "compoundClosure",
      header: "小区封闭情况",
      cell: enumCell(LABELS.compoundClosure),
      note: "仅小区填写。",
      example: null,
      width: 14,
    },
    {
      key: "propertyManagement",
      header: "小区物业管理",
      cell: enumCell(LABELS.propertyManagement),
      note: "仅小区填写。",
      example: null,
      width: 14,
    },
    { key: "hasActivityVenue", header: "小区有活动场所", cell: boolCell, note: "仅小区填写：是 / 否。", example: null, width: 14 },
    {
      key: "households",
      header: "户数",
      cell: { type: "int", min: 0, max: MAX_COUNT },
      note: "仅小区、楼栋填写，非负整数。",
      example: null,
      width: 10,
    },
    {
      key: "residents",
      header: "居住人数",
      cell: { type: "int", min: 0, max: MAX_COUNT },
      note: "仅小区、楼栋填写，非负整数。",
      example: null,
      width: 10,
    },
    { key: "demonstration", header: "示范点", cell: boolCell, note: "街道、社区、小区填写：是 / 否。", example: "否", width: 10 },
    {
      key: "demonstrationFunding",
      header: "示范点经费（元）",
      cell: { type: "number", min: 0, max: 99_999_999_999 },
      note: "仅示范点填写，单位：元。",
      example: null,
      width: 16,
    },
  ] satisfies ImportColumn[]
).map((c) => ({ ...c, fields: [`attrs.${c.key}`] }));

const areas: ImportKindDef = {
  kind: "areas",
  label: "区划",
  permission: "areas.write",
  columns: [
    {
      key: "code",
      header: "区划代码",
      required: true,
      cell: areaCodeCell,
      note: "12、15 或 18 位数字的统计区划代码：街道、社区 12 位，小区 15 位（社区代码 + 3 位），楼栋 18 位（小区代码 + 3 位）。上级区划须已登记，或在本文件中列出。",
      example: "150603002009",
      width: 20,
    },
    { key: "name", header: "名称", required: true, cell: textCell(100), note: "区划名称，至多 100 字。", example: "示例社区", width: 20 },
    ...ATTR_COLUMNS,
  ],
  unique: ["code"],
  order: (v) => (typeof v.code === "string" ? LEVEL_DIGITS[levelOfCode(v.code)] : 0),
  apply: async ({ q, actor, audit }, v) => {
    const code = v.code as string;
    const name = v.name as string;
    const parent = parentCode(code);
    if (!parent || !inActorScope(actor, code)) throw new AppError("domain.area_outside_scope", { field: "code" });
    if ((await q.query("SELECT 1 FROM areas WHERE code = $1", [code])).rows.length) throw rowError("code", "area_exists");
    if (!(await q.query("SELECT 1 FROM areas WHERE code = $1", [parent])).rows.length)
      throw rowError("code", "area_parent_missing", { parent });
    const attrs: AreaAttrs = {};
    for (const c of ATTR_COLUMNS) if (v[c.key] !== null && v[c.key] !== undefined) (attrs as Record<string, unknown>)[c.key] = v[c.key];
    const bad = attrsViolation(levelOfCode(code), attrs);
    if (bad) throw new AppError(bad.code, { field: bad.field });
    await insertArea(q, code, name);
    if (Object.keys(attrs).length) await updateArea(q, code, name, attrs);
    const created = await findArea(q, actor, code);
    await writeAudit(q, audit, { action: "area.create", objectType: "area", objectId: code, areaCode: code, after: { ...created, attrs } });
  },
};

// ---------------------------------------------------------------------------------------------------------
// Grids

/** The boundary of a row: from its cell, or from the GeoJSON file's feature with its code (not both). */
function boundaryOf(ctx: ImportContext, code: string, cell: GridGeometry | null): GridGeometry {
  const feature = ctx.features.get(code);
  if (feature && cell) throw rowError("geometry", "geometry_conflict");
  if (feature && feature.count > 1) throw rowError("geometry", "geojson_duplicate");
  if (cell) return cell;
  if (!feature) throw rowError("geometry", "geometry_missing");
  const parsed = parseGeometry(feature.geometry);
  if ("problem" in parsed) throw new RowError("geometry", parsed.problem);
  return parsed.value as GridGeometry;
}

/** A spreadsheet names grids by code: a taken code and a parent not found are reported in its words. */
function inSheetTerms(err: unknown, parentCode: string | null): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === "conflict.duplicate") return rowError("code", "grid_code_exists");
  if (err.code === "domain.grid_unknown" && parentCode) return rowError("parentCode", "parent_grid_missing", { code: parentCode });
  return err;
}

const grids: ImportKindDef = {
  kind: "grids",
  label: "网格",
  permission: "registry.write",
  columns: [
    {
      key: "code",
      header: "网格编码",
      required: true,
      cell: gridCodeCell,
      note: "4 至 40 位字母、数字或连字符，全市唯一；GeoJSON 文件中要素的 properties.code 与之对应。",
      example: "KBS-SL-01",
      width: 16,
    },
    { key: "name", header: "网格名称", required: true, cell: textCell(100), note: "至多 100 字。", example: "示例社区第一网格", width: 22 },
    {
      key: "level",
      header: "网格层级",
      required: true,
      cell: enumCell(LABELS.gridLevel),
      note: "",
      example: LABELS.gridLevel.community,
      width: 12,
    },
    {
      key: "areaCode",
      header: "所属区划代码",
      required: true,
      cell: areaCodeCell,
      note: "网格覆盖的街道、社区或小区的区划代码（12 或 15 位），须在您的辖区内。",
      example: "150603002009",
      width: 20,
    },
    {
      key: "parentCode",
      header: "上级网格编码",
      cell: textCell(100),
      note: "上级网格（层级更高、边界包含本网格）的编码；上级网格须已登记，或在本文件中列出。",
      example: null,
      width: 16,
      fields: ["parentId"],
    },
    {
      key: "geometry",
      header: "边界（GeoJSON）",
      cell: { type: "geometry" },
      note: "网格边界：GeoJSON Polygon 或 MultiPolygon，坐标为 [经度, 纬度]（WGS 84）。也可不填此列，另附 GeoJSON 文件（FeatureCollection）。边界须有效、在上级网格之内、不与同级网格重叠。",
      example: JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [109.78, 39.6],
            [109.79, 39.6],
            [109.79, 39.61],
            [109.78, 39.61],
            [109.78, 39.6],
          ],
        ],
      }),
      width: 40,
    },
  ],
  unique: ["code"],
  order: (v) => LEVEL_RANK[v.level as GridLevel] ?? 0,
  prepare: ({ q }) => lockGrids(q),
  // Rows written before in the import's transaction are checked against like registered grids: a parent listed
  // earlier in the file is found, and a grid overlapping an earlier row is refused.
  apply: async (ctx, v) => {
    const code = v.code as string;
    const parentCode = str(v.parentCode);
    const input = {
      code,
      name: v.name as string,
      level: v.level as GridLevel,
      areaCode: v.areaCode as string,
      parentCode,
      geometry: boundaryOf(ctx, code, (v.geometry as GridGeometry | null) ?? null),
    };
    await insertGrid(ctx.q, ctx.actor, ctx.audit, input, { codeFirst: true }).catch((err: unknown) => {
      throw inSheetTerms(err, parentCode);
    });
  },
  afterCommit: (deps) => markGridsChanged(deps.db),
};

// ---------------------------------------------------------------------------------------------------------
// Look-ups by what a spreadsheet names: grids by code, organisations and units by name.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function gridByCode(ctx: ImportContext, code: string, column: string): Promise<string> {
  const scope = scopeSql(ctx.actor, "area_code", 2);
  const { rows } = await ctx.q.query<{ id: string }>(`SELECT id FROM grids WHERE code = $1 AND ${scope.sql}`, [code, scope.param]);
  if (!rows[0]) throw rowError(column, "grid_not_found", { code });
  return rows[0].id;
}

/**
 * A party organisation of the actor's scope by its ID or exact name. Several of one name: the one whose
 * area holds `near` (the row's area), if only one does.
 */
async function orgByName(ctx: ImportContext, text: string, column: string, near: string | null): Promise<string> {
  if (UUID.test(text)) return text.toLowerCase();
  const scope = scopeSql(ctx.actor, "area_code", 2);
  const { rows } = await ctx.q.query<{ id: string; area_code: string }>(
    `SELECT id, area_code FROM party_orgs WHERE name = $1 AND dissolved_on IS NULL AND ${scope.sql} ORDER BY area_code, id`,
    [text, scope.param],
  );
  if (!rows.length) throw rowError(column, "org_not_found", { name: text });
  if (rows.length === 1) return rows[0]!.id;
  const around = near ? rows.filter((r) => inScope(r.area_code, near)) : [];
  if (around.length === 1) return around[0]!.id;
  throw rowError(column, "org_ambiguous", { name: text });
}

/** A unit of the actor's scope by its unified social credit code or exact name. */
async function unitByName(ctx: ImportContext, text: string, column: string): Promise<string> {
  const scope = scopeSql(ctx.actor, "area_code", 2);
  const byCode = CREDIT_CODE.test(text);
  const { rows } = await ctx.q.query<{ id: string }>(
    `SELECT id FROM units WHERE ${byCode ? "credit_code" : "name"} = $1 AND ${scope.sql} ORDER BY id LIMIT 2`,
    [text, scope.param],
  );
  if (!rows.length) throw rowError(column, "unit_not_found", { name: text });
  if (rows.length > 1) throw rowError(column, "unit_ambiguous", { name: text });
  return rows[0]!.id;
}

// ---------------------------------------------------------------------------------------------------------
// Units

const units: ImportKindDef = {
  kind: "units",
  label: "单位",
  permission: "registry.write",
  columns: [
    { key: "name", header: "单位名称", required: true, cell: textCell(200), note: "至多 200 字。", example: "示例科技有限公司", width: 28 },
    {
      key: "kind",
      header: "单位类型",
      required: true,
      cell: enumCell(LABELS.unitKind),
      note: "",
      example: LABELS.unitKind.private,
      width: 14,
    },
    {
      key: "areaCode",
      header: "所属区划代码",
      required: true,
      cell: areaCodeCell,
      note: "单位所在区划的代码（12、15 或 18 位），须在您的辖区内。",
      example: "150603002009",
      width: 20,
    },
    {
      key: "streetRelation",
      header: "与街道关系",
      cell: enumCell(LABELS.streetRelation),
      note: "仅机关事业单位填写。",
      example: null,
      width: 14,
    },
    {
      key: "gridCode",
      header: "所属网格编码",
      cell: textCell(100),
      note: "单位所在网格的编码，须在您的辖区内。",
      example: null,
      width: 16,
      fields: ["gridId"],
    },
    {
      key: "partyStatus",
      header: "党组织建立情况",
      cell: enumCell(LABELS.partyStatus),
      note: "不填视为“未建立”。单独建立须填本单位的党组织，联合建立须填联合党委或区域联合党组织，未建立则不填党组织。",
      example: LABELS.partyStatus.none,
      width: 16,
    },
    {
      key: "partyOrg",
      header: "所属党组织",
      cell: textCell(200),
      note: "党组织的全称（辖区内唯一）或编号（ID）。",
      example: null,
      width: 24,
      fields: ["partyOrgId"],
    },
    {
      key: "creditCode",
      header: "统一社会信用代码",
      cell: creditCodeCell,
      note: "18 位数字或大写字母，全市唯一。",
      example: "91150603MA0N000001",
      width: 22,
    },
    { key: "address", header: "地址", cell: textCell(200), note: "单位地址，至多 200 字。", example: "康巴什区示例路 1 号", width: 26 },
    { key: "employees", header: "职工人数", cell: { type: "int", min: 0, max: MAX_COUNT }, note: "非负整数。", example: 25, width: 10 },
  ],
  unique: ["creditCode"],
  apply: async (ctx, v) => {
    const areaCode = v.areaCode as string;
    const gridCode = str(v.gridCode);
    const partyOrg = str(v.partyOrg);
    const gridId = gridCode ? await gridByCode(ctx, gridCode, "gridCode") : null;
    const partyOrgId = partyOrg ? await orgByName(ctx, partyOrg, "partyOrg", areaCode) : null;
    await createUnit(
      ctx.q,
      ctx.actor,
      {
        name: v.name as string,
        kind: v.kind as UnitKind,
        streetRelation: (v.streetRelation as StreetRelation | null) ?? null,
        areaCode,
        gridId,
        partyStatus: (v.partyStatus as PartyStatus | null) ?? "none",
        partyOrgId,
        creditCode: str(v.creditCode),
        address: str(v.address),
        employees: (v.employees as number | null) ?? null,
      },
      ctx.audit,
    );
  },
};

// ---------------------------------------------------------------------------------------------------------
// People holding a role: matched by ID number, registered when new.

const PERSON_COLUMNS: ImportColumn[] = [
  {
    key: "name",
    header: "姓名",
    required: true,
    cell: textCell(64),
    note: "已登记的人员须与登记的姓名一致。",
    example: "张示例",
    width: 10,
  },
  {
    key: "idNumber",
    header: "身份证号",
    required: true,
    cell: { type: "idNumber" },
    note: "18 位居民身份证号（请以文本格式填写）。按身份证号匹配已登记的人员，已登记者的个人信息不作修改；未登记的将新登记。",
    example: "150603198503120022",
    width: 22,
  },
  {
    key: "gender",
    header: "性别",
    cell: enumCell({ male: LABELS.gender.male, female: LABELS.gender.female }),
    note: "仅新登记人员使用；不填时按身份证号判断。",
    example: LABELS.gender.female,
    width: 8,
  },
  {
    key: "personArea",
    header: "居住区划代码",
    cell: areaCodeCell,
    note: "仅新登记人员使用，此时必填：居住地的社区、小区或楼栋代码，须在您的辖区内。",
    example: "150603002009",
    width: 20,
    fields: ["personAreaCode"],
  },
  { key: "phone", header: "手机号", cell: { type: "phone" }, note: "仅新登记人员使用。", example: null, width: 14 },
];

/** The gender an ID number records (its 17th digit: odd for men). */
const genderOfId = (id: string) => (Number(id[16]) % 2 === 1 ? "male" : "female");

/**
 * The person a row names, by the keyed hash of the ID number: one in the actor's scope with the same name,
 * or a new person registered (personal data encrypted) when none has that number.
 */
async function personOf(ctx: ImportContext, v: Values): Promise<string> {
  const { q, actor, deps } = ctx;
  const idNumber = v.idNumber as string;
  const name = v.name as string;
  const { rows } = await q.query<{ id: string; name: string; area_code: string }>(
    "SELECT id, name, area_code FROM people WHERE id_number_hash = $1",
    [deps.vault.hash(idNumber)],
  );
  const found = rows[0];
  if (found) {
    if (!inActorScope(actor, found.area_code)) throw rowError("idNumber", "person_outside_scope");
    if (found.name !== name) throw rowError("name", "person_name_mismatch");
    return found.id;
  }
  if (!actor.permissions.has("people.write")) throw rowError("idNumber", "person_create_forbidden");
  const areaCode = str(v.personArea);
  if (!areaCode) throw rowError("personArea", "person_area_required");
  await requireAreaInScope(q, actor, areaCode, "personAreaCode");
  const id = await savePerson(q, deps.vault, {
    name,
    gender: (v.gender as "male" | "female" | null) ?? genderOfId(idNumber),
    areaCode,
    idNumber,
    phone: str(v.phone),
    address: null,
  });
  const created = (await findPerson(q, actor, id))!;
  await writeAudit(q, ctx.audit, {
    action: "person.create",
    objectType: "person",
    objectId: id,
    areaCode,
    after: toPerson(created, actor, deps.vault),
  });
  return id;
}

const partyMembers: ImportKindDef = {
  kind: "party-members",
  label: "党员",
  permission: "registry.write",
  columns: [
    ...PERSON_COLUMNS,
    {
      key: "category",
      header: "党员类别",
      required: true,
      cell: enumCell(LABELS.partyMemberCategory),
      note: "",
      example: LABELS.partyMemberCategory.in_service,
      width: 12,
    },
    {
      key: "branch",
      header: "所在党组织",
      cell: textCell(200),
      note: "组织关系所在党支部（党组织）的全称或编号（ID），须在您的辖区内。",
      example: null,
      width: 24,
      fields: ["branchId"],
    },
    { key: "joinedOn", header: "入党日期", cell: dateCell, note: "格式 YYYY-MM-DD。", example: "2010-07-01", width: 12 },
    {
      key: "workUnit",
      header: "工作单位",
      cell: textCell(200),
      note: "在职党员的工作单位：单位全称（辖区内唯一）或统一社会信用代码，须在您的辖区内。",
      example: null,
      width: 24,
      fields: ["workUnitId"],
    },
    {
      key: "reportedCommunity",
      header: "报到社区代码",
      cell: areaCodeCell,
      note: "双报到：在职党员向居住地社区报到，填写该社区的 12 位区划代码，须在您的辖区内。",
      example: "150603002009",
      width: 20,
      fields: ["reportedCommunityCode"],
    },
    { key: "reportedOn", header: "报到日期", cell: dateCell, note: "格式 YYYY-MM-DD。", example: "2024-03-01", width: 12 },
  ],
  unique: ["idNumber"],
  apply: async (ctx, v) => {
    const personId = await personOf(ctx, v);
    const branch = str(v.branch);
    const workUnit = str(v.workUnit);
    const near = str(v.reportedCommunity) ?? str(v.personArea);
    await putPartyMember(
      ctx.q,
      ctx.actor,
      personId,
      {
        category: v.category as "in_service" | "retired" | "mobile",
        branchId: branch ? await orgByName(ctx, branch, "branch", near) : null,
        joinedOn: str(v.joinedOn),
        workUnitId: workUnit ? await unitByName(ctx, workUnit, "workUnit") : null,
        reportedCommunityCode: str(v.reportedCommunity),
        reportedOn: str(v.reportedOn),
      },
      ctx.audit,
    );
  },
};

const communityWorkers: ImportKindDef = {
  kind: "community-workers",
  label: "社区工作者",
  permission: "registry.write",
  columns: [
    ...PERSON_COLUMNS,
    {
      key: "areaCode",
      header: "所在社区代码",
      required: true,
      cell: areaCodeCell,
      note: "任职社区的 12 位区划代码，须在您的辖区内。",
      example: "150603002009",
      width: 20,
    },
    {
      key: "post",
      header: "岗位",
      required: true,
      cell: enumCell(LABELS.workerPost),
      note: "",
      example: LABELS.workerPost.member,
      width: 16,
    },
    {
      key: "grade",
      header: "职级",
      required: true,
      cell: { type: "int", min: 1, max: 18 },
      note: "1 至 18 的整数。",
      example: 12,
      width: 8,
    },
    {
      key: "education",
      header: "学历",
      required: true,
      cell: enumCell(LABELS.education),
      note: "",
      example: LABELS.education.bachelor,
      width: 12,
    },
    {
      key: "credential",
      header: "社工资格",
      cell: enumCell(LABELS.credential),
      note: "不填视为“无”。",
      example: LABELS.credential.assistant,
      width: 16,
      fields: ["socialWorkCredential"],
    },
    { key: "startedOn", header: "入职日期", cell: dateCell, note: "格式 YYYY-MM-DD。", example: "2018-09-01", width: 12 },
  ],
  unique: ["idNumber"],
  apply: async (ctx, v) => {
    const personId = await personOf(ctx, v);
    await putCommunityWorker(
      ctx.q,
      ctx.actor,
      personId,
      {
        areaCode: v.areaCode as string,
        education: v.education as "bachelor",
        socialWorkCredential: (v.credential as "none" | null) ?? "none",
        post: v.post as "member",
        grade: v.grade as number,
        startedOn: str(v.startedOn),
      },
      ctx.audit,
    );
  },
};

export const KINDS: Record<ImportKind, ImportKindDef> = {
  areas,
  grids,
  units,
  "party-members": partyMembers,
  "community-workers": communityWorkers,
};
