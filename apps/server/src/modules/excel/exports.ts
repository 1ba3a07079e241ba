import { PassThrough } from "node:stream";
import {
  type AreaAttrs,
  areaCodeSchema,
  GRID_LEVELS,
  PARTY_ORG_KINDS,
  PARTY_STATUSES,
  PERSON_ROLES,
  type Permission,
  UNIT_KINDS,
} from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope, scopeSql } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { maskIdNumber, maskPhone } from "../../platform/crypto.js";
import { AppError } from "../../platform/errors.js";
import { listAreas } from "../areas/areas.repository.js";
import { type GridRow, listGrids } from "../grids/grids.repository.js";
import { listPartyOrgs, type PartyOrgRow } from "../party-orgs/party-orgs.repository.js";
import { listPeople, type PersonRole, rolesOf, toPerson } from "../people/people.repository.js";
import { listUnits, type UnitRow } from "../units/units.repository.js";
import { LABELS, labelOf, yesNo } from "./labels.js";
import { chinaTime, startSheet, xlsxDownload } from "./workbook.js";

/** The most rows one export holds; a wider export is refused (422) and the user narrows the filters. */
export const EXPORT_MAX_ROWS = 100_000;
/** Rows fetched per query while an export is written. */
const PAGE = 2_000;

export interface ExportColumn<R> {
  header: string;
  /** in characters (a Chinese character counts two) */
  width: number;
  value: (row: R) => string | number | null;
}

interface ExportSpec<Q, R> {
  url: string;
  permission: Permission;
  summary: string;
  title: string;
  asciiName: string;
  query: z.ZodType<Q>;
  columns: ExportColumn<R>[];
  /** The filters applied, in words (`所属区划：…`); empty when none. */
  describe: (q: Queryable, actor: Actor, f: Q) => Promise<string[]>;
  /** One page of the rows, with the total the filters match; the same query as the list route. */
  page: (deps: Deps, actor: Actor, f: Q, page: number, pageSize: number) => Promise<{ rows: R[]; total: number }>;
  /** Exports of personal records are audited: counts and filters only, never the data. */
  audit?: (f: Q, rows: number) => { action: string; objectType: string; after: unknown };
}

const areaCodeQuery = z
  .string()
  .regex(/^\d{12}(\d{3}){0,2}$/)
  .optional();
const searchQuery = z.string().max(64).optional();

/** `label：name（code）` for an area in the actor's scope; the bare code for one outside it (its name is not shown). */
async function describeArea(q: Queryable, actor: Actor, label: string, code: string | undefined): Promise<string[]> {
  if (!code) return [];
  if (!inActorScope(actor, code)) return [`${label}：${code}`];
  const { rows } = await q.query<{ name: string }>("SELECT name FROM areas WHERE code = $1", [code]);
  return [rows[0] ? `${label}：${rows[0].name}（${code}）` : `${label}：${code}`];
}

const describeEnum = (label: string, labels: Record<string, string>, value: string | undefined) =>
  value ? [`${label}：${labelOf(labels, value)}`] : [];

/** A search as typed, unless it is a phone or ID number: those are shown masked like any personal data. */
function describeSearch(text: string | undefined): string[] {
  if (!text?.trim()) return [];
  const s = text.trim();
  const shown = /^\d{11}$/.test(s) ? maskPhone(s) : /^\d{17}[\dXx]$/.test(s) ? maskIdNumber(s) : s;
  return [`关键词：${shown}`];
}

async function describeById(q: Queryable, actor: Actor, label: string, table: "grids" | "party_orgs", id: string | undefined) {
  if (!id) return [];
  const scope = scopeSql(actor, "area_code", 2);
  const { rows } = await q.query<{ name: string }>(`SELECT name FROM ${table} WHERE id = $1 AND ${scope.sql}`, [id, scope.param]);
  return [`${label}：${rows[0]?.name ?? id}`];
}

interface AreaExportRow {
  code: string;
  name: string;
  level: keyof typeof LABELS.areaLevel;
  parent_code: string | null;
  child_count: number;
  attrs: AreaAttrs;
}

const attr = <K extends keyof AreaAttrs>(key: K, labels?: Record<string, string>) => {
  return (r: AreaExportRow) => {
    const v = r.attrs[key];
    if (v === undefined || v === null) return null;
    if (typeof v === "boolean") return yesNo(v);
    if (labels && typeof v === "string") return labelOf(labels, v);
    return v as number | string;
  };
};

const areasExport: ExportSpec<{ parent?: string; q?: string }, AreaExportRow> = {
  url: "/api/v1/areas/export.xlsx",
  permission: "areas.read",
  summary: "The area list as .xlsx: the children of `parent`, a name search, or the actor's scope root, with their classifications",
  title: "区划台账",
  asciiName: "areas",
  query: z.object({ parent: areaCodeQuery, q: searchQuery }),
  columns: [
    { header: "区划代码", width: 20, value: (r) => r.code },
    { header: "名称", width: 24, value: (r) => r.name },
    { header: "层级", width: 14, value: (r) => labelOf(LABELS.areaLevel, r.level) },
    { header: "上级区划代码", width: 20, value: (r) => r.parent_code },
    { header: "下级区划数", width: 12, value: (r) => r.child_count },
    { header: "街道类别", width: 12, value: attr("streetCategory", LABELS.streetCategory) },
    { header: "社区区位", width: 12, value: attr("communityLocation", LABELS.communityLocation) },
    { header: "社区服务人口规模", width: 18, value: attr("communityPopulation", LABELS.communityPopulation) },
    { header: "社区服务方式", width: 16, value: attr("communityServiceMode", LABELS.communityServiceMode) },
    { header: "小区人口规模", width: 14, value: attr("compoundSize", LABELS.compoundSize) },
    { header: "小区封闭情况", width: 14, value: attr("compoundClosure", LABELS.compoundClosure) },
    { header: "小区物业管理", width: 14, value: attr("propertyManagement", LABELS.propertyManagement) },
    { header: "小区有活动场所", width: 16, value: attr("hasActivityVenue") },
    { header: "户数", width: 10, value: attr("households") },
    { header: "居住人数", width: 10, value: attr("residents") },
    { header: "示范点", width: 8, value: attr("demonstration") },
    { header: "示范点经费（元）", width: 18, value: attr("demonstrationFunding") },
  ],
  describe: async (q, actor, f) => [...(await describeArea(q, actor, "上级区划", f.parent)), ...describeSearch(f.q)],
  page: async ({ db }, actor, f, page, pageSize) => {
    const { rows, total } = await listAreas(db, actor, { ...f, page, pageSize });
    const attrs = new Map(
      (
        await db.query<{ code: string; attrs: AreaAttrs }>("SELECT code, attrs FROM areas WHERE code = ANY($1::text[])", [
          rows.map((r) => r.code),
        ])
      ).rows.map((r) => [r.code, r.attrs ?? {}]),
    );
    return { rows: rows.map((r) => ({ ...r, attrs: attrs.get(r.code) ?? {} })), total };
  },
};

type GridExportRow = GridRow & { parent_code: string | null };

const gridsExport: ExportSpec<{ areaCode?: string; level?: (typeof GRID_LEVELS)[number]; parentId?: string; q?: string }, GridExportRow> = {
  url: "/api/v1/grids/export.xlsx",
  permission: "areas.read",
  summary: "The grid list as .xlsx, with the list's filters (area subtree, level, parent, name or code)",
  title: "网格台账",
  asciiName: "grids",
  query: z.object({
    areaCode: areaCodeSchema.optional(),
    level: z.enum(GRID_LEVELS).optional(),
    parentId: z.uuid().optional(),
    q: searchQuery,
  }),
  columns: [
    { header: "网格编码", width: 18, value: (r) => r.code },
    { header: "网格名称", width: 24, value: (r) => r.name },
    { header: "网格层级", width: 12, value: (r) => labelOf(LABELS.gridLevel, r.level) },
    { header: "所属区划代码", width: 20, value: (r) => r.area_code },
    { header: "所属区划", width: 20, value: (r) => r.area_name },
    { header: "上级网格编码", width: 18, value: (r) => r.parent_code },
    { header: "网格员", width: 12, value: (r) => r.worker_name },
    { header: "网格党小组", width: 22, value: (r) => r.party_group_name },
    { header: "下级网格数", width: 12, value: (r) => r.child_count },
    {
      header: "边界范围（经度,纬度）",
      width: 44,
      value: (r) => `${r.min_lng.toFixed(5)},${r.min_lat.toFixed(5)} — ${r.max_lng.toFixed(5)},${r.max_lat.toFixed(5)}`,
    },
  ],
  describe: async (q, actor, f) => [
    ...(await describeArea(q, actor, "所属区划", f.areaCode)),
    ...describeEnum("网格层级", LABELS.gridLevel, f.level),
    ...(await describeById(q, actor, "上级网格", "grids", f.parentId)),
    ...describeSearch(f.q),
  ],
  page: async ({ db }, actor, f, page, pageSize) => {
    const { rows, total } = await listGrids(db, actor, { ...f, withGeometry: false, page, pageSize });
    const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is string => !!id))];
    const codes = new Map(
      parentIds.length
        ? (await db.query<{ id: string; code: string }>("SELECT id, code FROM grids WHERE id = ANY($1::uuid[])", [parentIds])).rows.map(
            (r) => [r.id, r.code],
          )
        : [],
    );
    return { rows: rows.map((r) => ({ ...r, parent_code: r.parent_id ? (codes.get(r.parent_id) ?? null) : null })), total };
  },
};

const unitsExport: ExportSpec<
  {
    areaCode?: string;
    kind?: (typeof UNIT_KINDS)[number];
    partyStatus?: (typeof PARTY_STATUSES)[number];
    gridId?: string;
    partyOrgId?: string;
    q?: string;
  },
  UnitRow
> = {
  url: "/api/v1/units/export.xlsx",
  permission: "areas.read",
  summary: "The unit list as .xlsx, with the list's filters (area subtree, kind, party status, grid, organisation, name or credit code)",
  title: "单位台账",
  asciiName: "units",
  query: z.object({
    areaCode: areaCodeQuery,
    kind: z.enum(UNIT_KINDS).optional(),
    partyStatus: z.enum(PARTY_STATUSES).optional(),
    gridId: z.uuid().optional(),
    partyOrgId: z.uuid().optional(),
    q: searchQuery,
  }),
  columns: [
    { header: "单位名称", width: 30, value: (r) => r.name },
    { header: "单位类型", width: 14, value: (r) => labelOf(LABELS.unitKind, r.kind) },
    { header: "与街道关系", width: 14, value: (r) => labelOf(LABELS.streetRelation, r.street_relation) },
    { header: "所属区划代码", width: 20, value: (r) => r.area_code },
    { header: "所属区划", width: 20, value: (r) => r.area_name },
    { header: "所属网格", width: 18, value: (r) => r.grid_name },
    { header: "党组织建立情况", width: 16, value: (r) => labelOf(LABELS.partyStatus, r.party_status) },
    { header: "所属党组织", width: 26, value: (r) => r.party_org_name },
    { header: "统一社会信用代码", width: 22, value: (r) => r.credit_code },
    { header: "地址", width: 30, value: (r) => r.address },
    { header: "职工人数", width: 10, value: (r) => r.employees },
  ],
  describe: async (q, actor, f) => [
    ...(await describeArea(q, actor, "所属区划", f.areaCode)),
    ...describeEnum("单位类型", LABELS.unitKind, f.kind),
    ...describeEnum("党组织建立情况", LABELS.partyStatus, f.partyStatus),
    ...(await describeById(q, actor, "所属网格", "grids", f.gridId)),
    ...(await describeById(q, actor, "所属党组织", "party_orgs", f.partyOrgId)),
    ...describeSearch(f.q),
  ],
  page: async ({ db }, actor, f, page, pageSize) => listUnits(db, actor, { ...f, page, pageSize }),
};

const partyOrgsExport: ExportSpec<
  { areaCode?: string; kind?: (typeof PARTY_ORG_KINDS)[number]; parentId?: string; q?: string },
  PartyOrgRow
> = {
  url: "/api/v1/party-orgs/export.xlsx",
  permission: "areas.read",
  summary: "The party organisation list as .xlsx, with the list's filters (area subtree, kind, parent, name)",
  title: "党组织台账",
  asciiName: "party-orgs",
  query: z.object({ areaCode: areaCodeQuery, kind: z.enum(PARTY_ORG_KINDS).optional(), parentId: z.uuid().optional(), q: searchQuery }),
  columns: [
    { header: "组织名称", width: 30, value: (r) => r.name },
    { header: "组织类型", width: 18, value: (r) => labelOf(LABELS.partyOrgKind, r.kind) },
    { header: "组建方式", width: 10, value: (r) => labelOf(LABELS.partyOrgBasis, r.basis) },
    { header: "上级党组织", width: 26, value: (r) => r.parent_name },
    { header: "所属区划代码", width: 20, value: (r) => r.area_code },
    { header: "所属区划", width: 20, value: (r) => r.area_name },
    { header: "书记", width: 12, value: (r) => r.secretary_name },
    { header: "党员数", width: 10, value: (r) => r.member_count },
    { header: "下级组织数", width: 12, value: (r) => r.child_count },
    { header: "成立日期", width: 12, value: (r) => r.established_on },
  ],
  describe: async (q, actor, f) => [
    ...(await describeArea(q, actor, "所属区划", f.areaCode)),
    ...describeEnum("组织类型", LABELS.partyOrgKind, f.kind),
    ...(await describeById(q, actor, "上级党组织", "party_orgs", f.parentId)),
    ...describeSearch(f.q),
  ],
  page: async ({ db }, actor, f, page, pageSize) => listPartyOrgs(db, actor, { ...f, page, pageSize }),
};

interface PersonExportRow {
  name: string;
  gender: keyof typeof LABELS.gender;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  areaCode: string;
  areaName: string | null;
  roles: PersonRole[];
  residentType?: string;
  birthYear?: number | null;
  createdAt: string;
}

const peopleExport: ExportSpec<{ areaCode?: string; role?: PersonRole; householdId?: string; q?: string }, PersonExportRow> = {
  url: "/api/v1/people/export.xlsx",
  permission: "people.read",
  summary: "The people list as .xlsx, with the list's filters; personal data is always masked. The export is audited (counts only)",
  title: "人员台账",
  asciiName: "people",
  query: z.object({ areaCode: areaCodeQuery, role: z.enum(PERSON_ROLES).optional(), householdId: z.uuid().optional(), q: searchQuery }),
  columns: [
    { header: "姓名", width: 12, value: (r) => r.name },
    { header: "性别", width: 8, value: (r) => labelOf(LABELS.gender, r.gender) },
    { header: "身份证号", width: 22, value: (r) => r.idNumber },
    { header: "手机号", width: 15, value: (r) => r.phone },
    { header: "住址", width: 20, value: (r) => r.address },
    { header: "所属区划代码", width: 20, value: (r) => r.areaCode },
    { header: "所属区划", width: 20, value: (r) => r.areaName },
    { header: "身份", width: 24, value: (r) => r.roles.map((x) => labelOf(LABELS.personRole, x)).join("、") },
    { header: "居住类型", width: 10, value: (r) => labelOf(LABELS.residentType, r.residentType) },
    { header: "出生年份", width: 10, value: (r) => r.birthYear ?? null },
    { header: "登记时间", width: 18, value: (r) => chinaTime(new Date(r.createdAt)).stamp },
  ],
  describe: async (q, actor, f) => [
    ...(await describeArea(q, actor, "所属区划", f.areaCode)),
    ...describeEnum("身份", LABELS.personRole, f.role),
    ...(f.householdId ? [`户：${f.householdId}`] : []),
    ...describeSearch(f.q),
    "个人信息已脱敏",
  ],
  page: async ({ db, vault }, actor, f, page, pageSize) => {
    const { rows, total } = await listPeople(db, actor, vault, { ...f, page, pageSize });
    const roles = await rolesOf(
      db,
      rows.map((p) => p.id),
    );
    // Masked, as every list: the export never carries personal data in clear.
    return { rows: rows.map((p) => ({ ...toPerson(p, actor, vault, false), roles: roles.get(p.id) ?? [] })), total };
  },
  audit: (f, rows) => ({
    action: "export.people",
    objectType: "person",
    after: { rows, filters: { areaCode: f.areaCode ?? null, role: f.role ?? null, householdId: f.householdId ?? null, search: !!f.q } },
  }),
};

/** Writes the sheet: a title row, a row with the filters and the export time, the frozen header, then the rows page by page. */
async function writeSheet<R>(
  out: PassThrough,
  o: { title: string; subtitle: string; columns: ExportColumn<R>[]; pages: AsyncGenerator<R[]> },
): Promise<void> {
  const { ws, finish } = startSheet(out, { sheetName: o.title, ...o });
  for await (const rows of o.pages) {
    for (const r of rows) ws.addRow(o.columns.map((c) => c.value(r) ?? null)).commit();
  }
  await finish();
}

function registerExport<Q, R>(app: FastifyInstance, deps: Deps, spec: ExportSpec<Q, R>) {
  app.withTypeProvider<ZodTypeProvider>().get(
    spec.url,
    {
      config: { permission: spec.permission },
      schema: {
        tags: ["excel"],
        summary: spec.summary,
        description:
          `All rows the list's filters match in the actor's scope (at most ${EXPORT_MAX_ROWS}; 422 export.too_many_rows beyond), ` +
          "with Chinese headers and labels, a title row naming the filters and the export time.",
        querystring: spec.query,
        produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const f = req.query as Q;
      const first = await spec.page(deps, actor, f, 1, PAGE);
      if (first.total > EXPORT_MAX_ROWS) {
        throw new AppError("export.too_many_rows", { total: first.total, limit: EXPORT_MAX_ROWS }, 422);
      }
      if (spec.audit) {
        const e = spec.audit(f, first.total);
        await writeAudit(deps.db, auditContext(actor, req.ip), { ...e, areaCode: actor.areaCode });
      }
      const filters = await spec.describe(deps.db, actor, f);
      const time = chinaTime();
      const subtitle = `筛选条件：${filters.length ? filters.join("；") : "无（辖区内全部）"}　　共 ${first.total} 条　　导出时间：${time.stamp}`;
      async function* pages(): AsyncGenerator<R[]> {
        yield first.rows;
        let fetched = first.rows.length;
        for (let page = 2; first.rows.length === PAGE && fetched < Math.min(first.total, EXPORT_MAX_ROWS); page++) {
          const next = await spec.page(deps, actor, f, page, PAGE);
          if (!next.rows.length) break;
          yield next.rows.slice(0, EXPORT_MAX_ROWS - fetched);
          fetched += next.rows.length;
          if (next.rows.length < PAGE) break;
        }
      }
      const out = new PassThrough();
      writeSheet(out, { title: spec.title, subtitle, columns: spec.columns, pages: pages() }).catch((err: Error) => {
        req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, "export failed");
        out.destroy(err);
      });
      xlsxDownload(reply, `${spec.title}-${time.day}.xlsx`, `${spec.asciiName}-${time.day}.xlsx`);
      return reply.send(out);
    },
  );
}

/** The export routes: each mirrors a list route's filters and scope. */
export function exportRoutes(app: FastifyInstance, deps: Deps) {
  registerExport(app, deps, areasExport);
  registerExport(app, deps, gridsExport);
  registerExport(app, deps, unitsExport);
  registerExport(app, deps, partyOrgsExport);
  registerExport(app, deps, peopleExport);
}
