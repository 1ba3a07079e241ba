import type { PassThrough } from "node:stream";
import {
  areaCodeSchema,
  CASE_CHANNEL_LABELS,
  CASE_CHANNELS,
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  CASE_STATUS_LABELS,
  type CaseEvent,
  caseStatusSchema,
  categoryCodeSchema,
  HANDLER_KIND_LABELS,
  HANDLER_KINDS,
  pageQuerySchema,
  RATING_LABELS,
  scopePrefix,
  URGENCY_LABELS,
} from "@gongzhi/contracts";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { maskPhone, type Vault } from "../../platform/crypto.js";
import { atLocal, nextDate } from "../calendar/working-time.js";
import { chinaTime, startSheet } from "../excel/workbook.js";
import { type CaseRow, caseVisibleSql, caseVisibleTerms, isOverdue } from "./cases.repository.js";

/**
 * The ledger (建立台账): the staff workbench's filtered list of cases in scope, its export in the layout a
 * community keeps, and the printable case sheet (受理单).
 */

const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (v === undefined || v === "") return undefined;
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(","));
    return parts.map((s) => s.trim()).filter(Boolean);
  }, z.array(item).max(20).optional());
const bool = z.enum(["true", "false"]).transform((v) => v === "true");
const localDay = z.iso.date().refine((d) => d >= "2000-01-01" && d <= "2100-12-31", "invalid_format");

/** The ledger's filters (the list and the export take the same). */
export const ledgerFilterSchema = z.object({
  status: listOf(caseStatusSchema),
  areaCode: areaCodeSchema.optional(),
  gridId: z.uuid().optional(),
  categoryCode: categoryCodeSchema.optional(),
  channel: z.enum(CASE_CHANNELS).optional(),
  source: z.enum(CASE_SOURCES).optional(),
  overdue: bool.optional(),
  handlerKind: z.enum(HANDLER_KINDS).optional(),
  handlerRef: z.string().trim().min(1).max(64).optional(),
  q: z.string().trim().max(64).optional(),
  /** local (China) dates, inclusive */
  createdFrom: localDay.optional(),
  createdTo: localDay.optional(),
  sort: z.enum(["-created", "created", "deadline", "-deadline"]).default("-created"),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;
export const ledgerQuerySchema = pageQuerySchema.extend(ledgerFilterSchema.shape);

/** A case row with what the ledger shows besides. */
export interface LedgerRow extends CaseRow {
  external_id: string | null;
  parent_category_name: string | null;
  merged_into_number: string | null;
}

const LEDGER_SELECT = `SELECT c.*, cc.name AS category_name, pc.name AS parent_category_name, ar.name AS area_name, g.name AS grid_name,
    m.number AS merged_into_number
  FROM cases c
  LEFT JOIN case_categories cc ON cc.code = c.category_code
  LEFT JOIN case_categories pc ON pc.code = cc.parent_code
  LEFT JOIN areas ar ON ar.code = c.area_code
  LEFT JOIN grids g ON g.id = c.grid_id
  LEFT JOIN cases m ON m.id = c.merged_into`;

const ORDER: Record<LedgerFilter["sort"], string> = {
  "-created": "c.created_at DESC, c.id",
  created: "c.created_at ASC, c.id",
  deadline: "c.deadline_at ASC NULLS LAST, c.created_at DESC, c.id",
  "-deadline": "c.deadline_at DESC NULLS LAST, c.created_at DESC, c.id",
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The WHERE clauses of the ledger for an actor and filters, with their parameters: one, or two that no case meets
 * both of, each simple enough for an index. A filter by an area within the actor's scope implies the scope (what
 * it finds, the actor may see). Otherwise an actor with a scope and other ways to see a case (their own reports,
 * cases assigned to their department) gets the cases of their scope, and apart from them, the others: one
 * condition with an OR across both would make the database visit every row of the area to count it.
 */
function ledgerWhere(actor: Actor, vault: Vault, f: LedgerFilter): { parts: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.status?.length) where.push(`c.status = ANY(${p(f.status)}::text[])`);
  if (f.areaCode) where.push(`c.area_code LIKE ${p(`${scopePrefix(f.areaCode)}%`)}`);
  if (f.gridId) {
    const g = p(f.gridId);
    where.push(`c.grid_id IN (SELECT id FROM grids WHERE id = ${g} OR parent_id = ${g}
      OR parent_id IN (SELECT id FROM grids WHERE parent_id = ${g}))`);
  }
  if (f.categoryCode) {
    const cat = p(f.categoryCode);
    where.push(`(c.category_code = ${cat} OR cc.parent_code = ${cat})`);
  }
  if (f.channel) where.push(`c.channel = ${p(f.channel)}`);
  if (f.source) where.push(`c.source = ${p(f.source)}`);
  if (f.overdue !== undefined) {
    const overdue = "(c.status IN ('assigned','in_progress') AND c.deadline_at < now())";
    where.push(f.overdue ? overdue : `NOT ${overdue}`);
  }
  if (f.handlerKind) where.push(`c.handler_kind = ${p(f.handlerKind)}`);
  if (f.handlerRef) where.push(`c.handler_ref = ${p(f.handlerRef)}`);
  if (f.q) {
    const s = f.q.trim();
    if (/^1\d{10}$/.test(s)) where.push(`c.reporter_phone_hash = ${p(vault.hash(s))}`);
    else {
      const like = p(`%${likeEscape(s)}%`);
      where.push(`(c.number ILIKE ${like} OR c.title ILIKE ${like} OR c.description ILIKE ${like} OR c.location_text ILIKE ${like})`);
    }
  }
  if (f.createdFrom) where.push(`c.created_at >= ${p(atLocal(f.createdFrom, 0))}`);
  if (f.createdTo) where.push(`c.created_at < ${p(atLocal(nextDate(f.createdTo), 0))}`);
  const and = (...terms: string[]) => terms.join(" AND ") || "true";
  if (f.areaCode && actor.scopePrefix && scopePrefix(f.areaCode).startsWith(actor.scopePrefix)) return { parts: [and(...where)], params };
  const vis = caseVisibleTerms(actor, "c", p);
  const others = vis.others.length ? `(${vis.others.join(" OR ")})` : null;
  if (vis.scope && others) {
    return { parts: [and(vis.scope, ...where), and(`NOT COALESCE(${vis.scope}, false)`, others, ...where)], params };
  }
  return { parts: [and(vis.scope ?? others ?? "false", ...where)], params };
}

/** One page of the ledger and the number of cases the filters match. */
export async function listLedger(
  q: Queryable,
  actor: Actor,
  vault: Vault,
  f: LedgerFilter & { page: number; pageSize: number },
): Promise<{ rows: LedgerRow[]; total: number }> {
  const { parts, params } = ledgerWhere(actor, vault, f);
  // Only the category filter reads the joined category: without the join, a count can be read from an index alone.
  const from = `FROM cases c${f.categoryCode ? " LEFT JOIN case_categories cc ON cc.code = c.category_code" : ""}`;
  const count = await q.query<{ n: number }>(
    `SELECT (${parts.map((w) => `(SELECT count(*) ${from} WHERE ${w})`).join(" + ")})::int AS n`,
    params,
  );
  const n = params.length;
  const order = ORDER[f.sort];
  // Two parts: the first page*pageSize of each, then the page of both together.
  const sql =
    parts.length === 1
      ? `${LEDGER_SELECT} WHERE ${parts[0]} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`
      : `SELECT * FROM (${parts.map((w) => `(${LEDGER_SELECT} WHERE ${w} ORDER BY ${order} LIMIT $${n + 3})`).join(" UNION ALL ")}) c
          ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`;
  const page = [f.pageSize, (f.page - 1) * f.pageSize, ...(parts.length === 1 ? [] : [f.page * f.pageSize])];
  const { rows } = await q.query<LedgerRow>(sql, [...params, ...page]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

/** One case of the ledger, if the actor may see it. */
export async function findLedgerRow(q: Queryable, actor: Actor, id: string): Promise<LedgerRow | null> {
  const vis = caseVisibleSql(actor, "c", 2);
  const { rows } = await q.query<LedgerRow>(`${LEDGER_SELECT} WHERE c.id = $1 AND ${vis.sql}`, [id, ...vis.params]);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// How a case reads in the ledger

/** 张* / 欧阳** : the first character of a name, the rest hidden. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? "*" : "";
  return `${chars[0]}${"*".repeat(chars.length - 1)}`;
}

const stamp = (t: Date | null) => (t ? chinaTime(t).stamp : "");

export function ledgerCells(c: LedgerRow, vault: Vault) {
  const phone = c.reporter_phone_enc && !c.anonymous ? maskPhone(vault.decrypt(c.reporter_phone_enc)) : "";
  const remarks: string[] = [];
  if (c.reporters_count > 1) remarks.push(`共${c.reporters_count}人反映`);
  if (c.merged_into_number) remarks.push(`已并入${c.merged_into_number}`);
  if (c.rework_count > 0) remarks.push(`返工${c.rework_count}次`);
  if (c.urgency !== "normal") remarks.push(URGENCY_LABELS[c.urgency]);
  if (c.status === "rejected" && c.rejected_reason) remarks.push(`不予受理：${c.rejected_reason}`);
  if ((c.status === "on_hold" || c.status === "hold_requested") && c.hold_reason) remarks.push(`挂账原因：${c.hold_reason}`);
  if (c.external_id) remarks.push(`外部编号${c.external_id}`);
  const handler =
    c.handler_kind === "grid_worker"
      ? `网格员 ${c.handler_label ?? ""}`.trim()
      : (c.handler_label ?? (c.handler_kind ? HANDLER_KIND_LABELS[c.handler_kind] : ""));
  return {
    number: c.number,
    createdAt: stamp(c.created_at),
    channel: `${CASE_CHANNEL_LABELS[c.channel]}·${CASE_SOURCE_LABELS[c.source]}`,
    reporter: c.anonymous ? "匿名" : c.reporter_name ? maskName(c.reporter_name) : "",
    phone,
    category: [c.parent_category_name, c.category_name].filter(Boolean).join("/"),
    content: c.description && c.description !== c.title ? `${c.title}：${c.description}` : c.title,
    place: c.location_text ?? c.area_name ?? "",
    grid: c.grid_name ?? "",
    handler,
    deadline: stamp(c.deadline_at),
    progress: `${CASE_STATUS_LABELS[c.status]}${isOverdue(c) ? "（已超期）" : ""}`,
    closedAt: stamp(c.closed_at),
    rating: c.rating ? RATING_LABELS[c.rating] : "",
    remarks: remarks.join("；"),
  };
}

type Cells = ReturnType<typeof ledgerCells>;

/** The columns of the community ledger, in the order communities keep them. */
export const LEDGER_COLUMNS: { header: string; width: number; key: keyof Cells | "index" }[] = [
  { header: "序号", width: 6, key: "index" },
  { header: "受理编号", width: 20, key: "number" },
  { header: "受理时间", width: 17, key: "createdAt" },
  { header: "来源渠道", width: 18, key: "channel" },
  { header: "诉求人", width: 10, key: "reporter" },
  { header: "联系电话", width: 14, key: "phone" },
  { header: "诉求类别", width: 20, key: "category" },
  { header: "诉求内容", width: 44, key: "content" },
  { header: "发生地点", width: 24, key: "place" },
  { header: "所属网格", width: 18, key: "grid" },
  { header: "责任单位", width: 20, key: "handler" },
  { header: "办理时限", width: 17, key: "deadline" },
  { header: "办理情况", width: 14, key: "progress" },
  { header: "办结时间", width: 17, key: "closedAt" },
  { header: "群众评价", width: 10, key: "rating" },
  { header: "备注", width: 30, key: "remarks" },
];

/** Writes the ledger workbook: the title row (area and period), a row with the filters, the header, then the rows. */
export async function writeLedger(
  out: PassThrough,
  o: { title: string; subtitle: string; pages: AsyncGenerator<LedgerRow[]>; vault: Vault },
): Promise<void> {
  const { ws, finish } = startSheet(out, {
    sheetName: "民情台账",
    title: o.title,
    subtitle: o.subtitle,
    columns: LEDGER_COLUMNS,
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  let index = 0;
  for await (const rows of o.pages) {
    for (const r of rows) {
      const cells = ledgerCells(r, o.vault);
      index++;
      const row = ws.addRow(LEDGER_COLUMNS.map((c) => (c.key === "index" ? index : cells[c.key])));
      row.getCell(8).alignment = { wrapText: true, vertical: "top" };
      row.commit();
    }
  }
  await finish();
}

// ---------------------------------------------------------------------------------------------------------
// The case sheet (受理单)

const esc = (s: string | null | undefined) =>
  (s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The printable case sheet: the case as the ledger records it, its timeline, and lines to sign. */
export function caseSheetHtml(c: LedgerRow, events: CaseEvent[], vault: Vault): string {
  const cells = ledgerCells(c, vault);
  const row = (label: string, value: string, wide = false) =>
    `<tr><th>${esc(label)}</th><td${wide ? ' colspan="3"' : ""}>${esc(value) || "&nbsp;"}</td></tr>`;
  const pair = (a: [string, string], b: [string, string]) =>
    `<tr><th>${esc(a[0])}</th><td>${esc(a[1]) || "&nbsp;"}</td><th>${esc(b[0])}</th><td>${esc(b[1]) || "&nbsp;"}</td></tr>`;
  const steps = events
    .map(
      (e) =>
        `<tr><td>${esc(chinaTime(new Date(e.at)).stamp)}</td><td>${esc(STEP_LABELS[e.action] ?? e.action)}</td><td>${esc(e.actorLabel)}</td><td>${esc(
          [e.note, e.publicNote].filter(Boolean).join("；"),
        )}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>民情诉求受理单 ${esc(c.number)}</title>
<style>
body{font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;margin:24px;color:#000}
h1{text-align:center;font-size:22px;letter-spacing:4px;margin:0 0 4px}
.meta{display:flex;justify-content:space-between;font-size:13px;margin:8px 0}
table{width:100%;border-collapse:collapse;font-size:14px;margin-bottom:12px}
th,td{border:1px solid #000;padding:6px 8px;vertical-align:top;text-align:left}
th{width:7em;background:#f5f5f5;font-weight:normal;white-space:nowrap}
h2{font-size:15px;margin:16px 0 6px}
.sign{display:flex;justify-content:space-between;margin-top:32px;font-size:14px}
@media print{body{margin:0}.noprint{display:none}}
</style></head><body>
<h1>民情诉求受理单</h1>
<div class="meta"><span>受理编号：${esc(c.number)}</span><span>所属区域：${esc(c.area_name)}</span><span>打印时间：${esc(chinaTime().stamp)}</span></div>
<table>
${pair(["受理时间", cells.createdAt], ["来源渠道", cells.channel])}
${pair(["诉求人", cells.reporter], ["联系电话", cells.phone])}
${pair(["诉求类别", cells.category], ["紧急程度", URGENCY_LABELS[c.urgency]])}
${row("诉求标题", c.title, true)}
${row("诉求内容", c.description, true)}
${pair(["发生地点", cells.place], ["所属网格", cells.grid])}
${pair(["责任单位", cells.handler], ["办理时限", cells.deadline])}
${pair(["办理情况", cells.progress], ["办结时间", cells.closedAt])}
${pair(["群众评价", cells.rating], ["备注", cells.remarks])}
</table>
<h2>办理过程</h2>
<table><tr><th>时间</th><th>环节</th><th>经办</th><th style="width:auto">说明</th></tr>${steps}</table>
<div class="sign"><span>受理人：__________</span><span>办理人：__________</span><span>审核人：__________</span><span>日期：____年__月__日</span></div>
</body></html>`;
}

/** How the sheet names each step of the timeline. */
export const STEP_LABELS: Record<string, string> = {
  submit: "受理登记",
  triage: "分析派遣",
  accept: "签收办理",
  assign: "改派",
  escalate: "上报",
  transfer: "转办",
  note: "办理记录",
  request_hold: "申请挂账",
  approve_hold: "批准挂账",
  deny_hold: "驳回挂账",
  resume: "恢复办理",
  resolve: "反馈结果",
  rate: "群众评价",
  close_unrated: "逾期未评办结",
  reject: "不予受理",
  merge: "合并",
  merge_in: "合并反映",
};
