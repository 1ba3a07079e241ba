import { PassThrough } from "node:stream";
import { caseEventSchema, caseSchema, pageOf } from "@gongzhi/contracts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { chinaTime, xlsxDownload } from "../excel/workbook.js";
import { areaName, caseEvents, caseRelations, toCase } from "./cases.repository.js";
import {
  caseSheetHtml,
  findLedgerRow,
  type LedgerFilter,
  type LedgerRow,
  ledgerFilterSchema,
  ledgerQuerySchema,
  listLedger,
  writeLedger,
} from "./ledger.js";

const tags = ["cases"];
const idParams = z.object({ id: z.uuid() });
/** The most rows one ledger export holds; a wider one is refused (422) and the filters narrowed. */
const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 2_000;

/** The title of an export: the area and the period. */
async function ledgerTitle(deps: Deps, f: LedgerFilter, actorArea: string | null, inScope: boolean): Promise<string> {
  const code = f.areaCode && inScope ? f.areaCode : actorArea;
  const name = code ? await areaName(deps.db, code) : null;
  const period =
    f.createdFrom && f.createdTo
      ? `${f.createdFrom}至${f.createdTo}`
      : f.createdFrom
        ? `${f.createdFrom}起`
        : f.createdTo
          ? `截至${f.createdTo}`
          : "全部";
  return `${name ?? ""}民情台账（${period}）`;
}

function describeFilters(f: LedgerFilter): string {
  const parts: string[] = [];
  if (f.status?.length) parts.push(`状态：${f.status.length}项`);
  if (f.areaCode) parts.push(`区划：${f.areaCode}`);
  if (f.categoryCode) parts.push(`类别：${f.categoryCode}`);
  if (f.channel) parts.push(`渠道：${f.channel}`);
  if (f.overdue !== undefined) parts.push(f.overdue ? "仅超期" : "未超期");
  if (f.handlerKind) parts.push(`责任方类型：${f.handlerKind}`);
  if (f.q) parts.push(/^1\d{10}$/.test(f.q) ? "关键词：按电话" : `关键词：${f.q}`);
  return parts.length ? parts.join("；") : "无（辖区内全部）";
}

/** The ledger: the workbench list, one case, its timeline, the unmasked reporter, the export and the case sheet. */
export async function ledgerRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;

  r.get(
    "/api/v1/cases",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "The ledger of cases in scope, filtered, for the staff workbench (reporters' data masked)",
        description:
          "Filters: status (repeat or comma-separated), areaCode (subtree), gridId (and its sub-grids), categoryCode (and its children), " +
          "channel, source, overdue, handlerKind, handlerRef, q (number, text, or a reporter's exact phone), createdFrom/To (China dates). " +
          "sort: -created (default), created, deadline, -deadline.",
        querystring: ledgerQuerySchema,
        response: { 200: pageOf(caseSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { rows, total } = await listLedger(db, actor, vault, req.query);
      return { items: rows.map((c) => toCase(c, actor, vault)), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  r.get(
    "/api/v1/cases/export.xlsx",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "The ledger as .xlsx in the layout a community keeps (序号 … 备注), with the list's filters; audited (counts only)",
        querystring: ledgerFilterSchema,
        produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const f = req.query;
      const first = await listLedger(db, actor, vault, { ...f, page: 1, pageSize: EXPORT_PAGE });
      if (first.total > EXPORT_MAX_ROWS) throw new AppError("export.too_many_rows", { total: first.total, limit: EXPORT_MAX_ROWS }, 422);
      await writeAudit(db, auditContext(actor, req.ip), {
        action: "export.cases",
        objectType: "case",
        areaCode: actor.areaCode,
        after: { rows: first.total, filters: { ...f, q: f.q ? "[search]" : undefined } },
      });
      const title = await ledgerTitle(deps, f, actor.areaCode, !!f.areaCode && inActorScope(actor, f.areaCode));
      const time = chinaTime();
      const subtitle = `筛选条件：${describeFilters(f)}　　共 ${first.total} 件　　个人信息已脱敏　　导出时间：${time.stamp}`;
      async function* pages(): AsyncGenerator<LedgerRow[]> {
        yield first.rows;
        let fetched = first.rows.length;
        for (let page = 2; fetched < Math.min(first.total, EXPORT_MAX_ROWS); page++) {
          const next = await listLedger(db, actor, vault, { ...f, page, pageSize: EXPORT_PAGE });
          if (!next.rows.length) break;
          yield next.rows;
          fetched += next.rows.length;
        }
      }
      const out = new PassThrough();
      writeLedger(out, { title, subtitle, pages: pages(), vault }).catch((err: Error) => {
        req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, "ledger export failed");
        out.destroy(err);
      });
      xlsxDownload(reply, `民情台账-${time.day}.xlsx`, `cases-${time.day}.xlsx`);
      return reply.send(out);
    },
  );

  r.get(
    "/api/v1/cases/:id",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "One case in scope, with the workflow actions this actor may take now (abilities.actions)",
        params: idParams,
        response: { 200: caseSchema },
      },
    },
    async (req) => {
      const row = await findLedgerRow(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return toCase(row, req.actor!, vault);
    },
  );

  r.get(
    "/api/v1/cases/:id/events",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "The timeline of a case: every step, who, when, what and why",
        params: idParams,
        response: { 200: z.object({ items: z.array(caseEventSchema) }) },
      },
    },
    async (req) => {
      const row = await findLedgerRow(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return { items: await caseEvents(db, row.id) };
    },
  );

  r.get(
    "/api/v1/cases/:id/personal-data",
    {
      config: { permission: "pii.read" },
      schema: {
        tags,
        summary: "One case with the reporter's phone unmasked, for community or street staff in scope; the read is audited",
        params: idParams,
        response: { 200: caseSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await findLedgerRow(db, actor, req.params.id);
      if (!row) throw notFound();
      const relations = caseRelations(actor, row);
      if (!relations.has("area_staff")) throw new AppError("forbidden");
      await writeAudit(db, auditContext(actor, req.ip), {
        action: "pii.read",
        objectType: "case",
        objectId: row.id,
        areaCode: row.area_code,
        after: { fields: row.reporter_phone_enc && !row.anonymous ? ["reporterPhone"] : [] },
      });
      return toCase(row, actor, vault, { relations, reveal: true });
    },
  );

  r.get(
    "/api/v1/cases/:id/sheet",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "The printable case sheet (受理单) in Chinese, as HTML",
        params: idParams,
        produces: ["text/html"],
      },
    },
    async (req, reply) => {
      const row = await findLedgerRow(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      const html = caseSheetHtml(row, await caseEvents(db, row.id), vault);
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );
}
