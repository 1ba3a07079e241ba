import {
  type CaseBatchReport,
  type CaseBatchRow,
  caseBatchRowSchema,
  ERROR_MESSAGES,
  FIELD_MESSAGES,
  type Locale,
} from "@gongzhi/contracts";
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/actor.js";
import { inActorScope } from "../../platform/actor.js";
import type { AuditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { cellText, plainValue, zipWithinLimits } from "../excel/workbook.js";
import { createCase, idempotencyKeyOf, resolvePlace, usableCategory } from "./intake.js";

/**
 * Digital collection (信息化采集): batches of records from another system, as JSON or as an .xlsx sheet. Each
 * record carries its id in that system; a record sent again (a retried or overlapping batch) answers the case
 * it made the first time. Every record is checked and written on its own, and the report lists, per row, what
 * became of it and what was wrong (row, column, message), like the registry imports.
 */

export const BATCH_MAX_ROWS = 1000;
export const BATCH_MAX_BYTES = 5 * 1024 * 1024;

/** The sheet's columns: header → field. 外部编号 and 标题 are required; 区划代码 places a record without a point. */
export const BATCH_COLUMNS: { header: string; field: keyof CaseBatchRow }[] = [
  { header: "外部编号", field: "externalId" },
  { header: "分类编码", field: "categoryCode" },
  { header: "标题", field: "title" },
  { header: "描述", field: "description" },
  { header: "纬度", field: "lat" },
  { header: "经度", field: "lng" },
  { header: "地址", field: "address" },
  { header: "区划代码", field: "areaCode" },
  { header: "上报时间", field: "reportedAt" },
];

export interface BatchInput {
  /** the row number to report: the sheet's row, or the record's position in the JSON array (from 1) */
  row: number;
  value: unknown;
}

const HEADER_SEARCH_ROWS = 5;

/** A date and time as written in a sheet cell, as an ISO instant (China time, UTC+8, when no offset is given). */
function sheetDateTime(raw: ReturnType<typeof plainValue>): string | undefined {
  if (raw === null || raw === "") return undefined;
  // Excel keeps wall-clock times: exceljs hands them over as if they were UTC.
  if (raw instanceof Date) return new Date(raw.getTime() - 8 * 3_600_000).toISOString();
  const text = String(raw).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return text;
  const p = (s: string | undefined, n = 2) => (s ?? "0").padStart(n, "0");
  return new Date(`${m[1]}-${p(m[2])}-${p(m[3])}T${p(m[4])}:${p(m[5])}:${p(m[6])}+08:00`).toISOString();
}

/** Reads the records of an uploaded sheet: the first sheet, its header row among the first rows, then the data rows. */
export async function readBatchSheet(file: Buffer): Promise<BatchInput[]> {
  if (!zipWithinLimits(file)) throw new AppError("domain.case_batch_file");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError("domain.case_batch_file");
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError("domain.case_batch_file");
  let headerRow = 0;
  const columns = new Map<keyof CaseBatchRow, number>();
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount) && !headerRow; r++) {
    columns.clear();
    ws.getRow(r).eachCell((cell, col) => {
      const text = cellText(plainValue(cell.value)).replace(/\s+|[*＊]/g, "");
      const c = BATCH_COLUMNS.find((x) => x.header === text);
      if (c && !columns.has(c.field)) columns.set(c.field, col);
    });
    if (columns.has("externalId") && columns.has("title")) headerRow = r;
  }
  if (!headerRow) throw new AppError("domain.case_batch_file", { missing: ["外部编号", "标题"] });
  const out: BatchInput[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    if (number <= headerRow) return;
    const value: Record<string, unknown> = {};
    let any = false;
    for (const [field, col] of columns) {
      const raw = plainValue(row.getCell(col).value);
      if (raw === null || cellText(raw) === "") continue;
      any = true;
      if (field === "lat" || field === "lng") value[field] = typeof raw === "number" ? raw : Number(cellText(raw)) || cellText(raw);
      else if (field === "reportedAt") value[field] = sheetDateTime(raw);
      else value[field] = cellText(raw);
    }
    if (any) out.push({ row: number, value });
    if (out.length > BATCH_MAX_ROWS)
      throw new AppError("validation.failed", [{ path: "file", code: "too_big", message: `至多 ${BATCH_MAX_ROWS} 条` }]);
  });
  return out;
}

type Issue = CaseBatchReport["errors"][number];

/** Checks and writes each record (or only checks, in a dry run). */
export async function runBatch(
  deps: Deps,
  actor: Actor,
  ctx: AuditContext,
  o: { system: string; rows: BatchInput[]; dryRun: boolean; locale: Locale; fromSheet: boolean },
): Promise<CaseBatchReport> {
  const { locale } = o;
  const columnOf = (field: string | undefined) => {
    if (!field) return null;
    return o.fromSheet ? (BATCH_COLUMNS.find((c) => c.field === field)?.header ?? field) : field;
  };
  const report: CaseBatchReport = { dryRun: o.dryRun, total: o.rows.length, created: 0, existing: 0, failed: 0, items: [], errors: [] };
  const seen = new Map<string, number>();
  for (const { row, value } of o.rows) {
    const issues: Issue[] = [];
    const parsed = caseBatchRowSchema.safeParse(value);
    const externalId = parsed.success
      ? parsed.data.externalId
      : typeof (value as { externalId?: unknown })?.externalId === "string"
        ? String((value as { externalId: string }).externalId)
        : null;
    const item = {
      row,
      externalId,
      status: "error" as CaseBatchReport["items"][number]["status"],
      id: null as string | null,
      number: null as string | null,
    };
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const field = i.path.length ? String(i.path[0]) : undefined;
        const key = FIELD_MESSAGES[i.message] ? i.message : i.code === "invalid_type" && i.input === undefined ? "required" : i.code;
        issues.push({ row, column: columnOf(field), message: (FIELD_MESSAGES[key] ?? FIELD_MESSAGES.custom!)[locale] });
      }
    } else {
      const r = parsed.data;
      const first = seen.get(r.externalId);
      if (first !== undefined) {
        issues.push({
          row,
          column: columnOf("externalId"),
          value: r.externalId,
          message: locale === "en" ? `Repeats row ${first}` : `与第 ${first} 行重复`,
        });
      } else {
        seen.set(r.externalId, row);
        try {
          await writeRow(deps, actor, ctx, o.system, r, o.dryRun, item);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const field = (err.details as { field?: string } | undefined)?.field;
          issues.push({ row, column: columnOf(field), message: ERROR_MESSAGES[err.code][locale] });
        }
      }
    }
    if (issues.length) {
      item.status = "error";
      report.failed++;
      report.errors.push(...issues);
    } else if (item.status === "created") report.created++;
    else if (item.status === "existing") report.existing++;
    report.items.push(item);
  }
  return report;
}

async function writeRow(
  deps: Deps,
  actor: Actor,
  ctx: AuditContext,
  system: string,
  r: CaseBatchRow,
  dryRun: boolean,
  item: { status: CaseBatchReport["items"][number]["status"]; id: string | null; number: string | null },
): Promise<void> {
  const { db } = deps;
  if ((r.lat === undefined) !== (r.lng === undefined)) {
    throw new AppError("domain.case_location_required", { field: r.lat === undefined ? "lat" : "lng" });
  }
  const reportedAt = r.reportedAt ? new Date(r.reportedAt) : null;
  if (reportedAt && (reportedAt.getTime() > Date.now() + 5 * 60_000 || reportedAt.getFullYear() < 2000)) {
    throw new AppError("validation.failed", { field: "reportedAt" });
  }
  if (r.categoryCode) await usableCategory(db, r.categoryCode, { publicOnly: false });
  const place = await resolvePlace(
    deps,
    db,
    {
      location: r.lat !== undefined && r.lng !== undefined ? { lat: r.lat, lng: r.lng } : undefined,
      areaCode: r.areaCode,
      address: r.address,
    },
    { staff: true },
  );
  if (!inActorScope(actor, place.areaCode)) throw new AppError("domain.area_outside_scope", { field: r.areaCode ? "areaCode" : "lat" });
  const key = idempotencyKeyOf("external", r.externalId, system);
  if (dryRun) {
    const { rows } = await db.query<{ id: string; number: string }>("SELECT id, number FROM cases WHERE idempotency_key = $1", [key]);
    item.status = rows[0] ? "existing" : "valid";
    item.id = rows[0]?.id ?? null;
    item.number = rows[0]?.number ?? null;
    return;
  }
  const { row, created } = await createCase(deps, actor, ctx, {
    channel: "digital_collection",
    source: "import",
    categoryCode: r.categoryCode ?? null,
    title: r.title,
    description: r.description,
    place,
    reporterAccountId: null,
    reporterName: null,
    reporterPhone: null,
    anonymous: false,
    attributes: {},
    photos: [],
    externalId: r.externalId,
    reportedAt,
    idempotencyKey: key,
    // A record sent again is the same record, whatever changed in it since: it answers the case it made.
    fingerprint: "external",
    note: `信息化采集（${system}）外部编号 ${r.externalId}`,
  });
  item.status = created ? "created" : "existing";
  item.id = row.id;
  item.number = row.number;
}
