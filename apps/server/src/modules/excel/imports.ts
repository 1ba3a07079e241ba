import type { Locale } from "@gongzhi/contracts";
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/actor.js";
import { auditContext, writeAudit } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { type ImportColumn, parseCell, shownValue } from "./cells.js";
import { type GeoFeature, type ImportContext, type ImportKind, type ImportKindDef, RowError, type Values } from "./import-kinds.js";
import { errorMessage, message } from "./messages.js";
import { cellText, plainValue, zipWithinLimits } from "./workbook.js";

/** The largest file an import accepts, and the most data rows in one. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5_000;
/** The header row is looked for in the first rows of the sheet (an export's title rows come before it). */
const HEADER_SEARCH_ROWS = 5;

export const IMPORT_MODES = ["dry-run", "commit", "commit-valid"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface ImportIssue {
  /** the row's number in the workbook, as Excel shows it */
  row: number;
  /** the column's header, or null for the row as a whole */
  column: string | null;
  /** the cell as written (personal data masked) */
  value?: string | number | null;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  mode: ImportMode;
  valid: boolean;
  total: number;
  validRows: number;
  errors: ImportIssue[];
  imported?: number;
  skipped?: number[];
}

type Raw = ReturnType<typeof plainValue>;

interface SheetRow {
  number: number;
  raw: Map<string, Raw>;
}

const normalizeHeader = (s: string) =>
  s
    .replace(/\s+/g, "")
    .replace(/[*＊]/g, "")
    .replace(/[(（]必填[)）]$/, "");

/**
 * Reads the first sheet of an import file: finds the template's header row, then the data rows below it
 * (empty rows, the template's note row and its untouched example row are left out). A file that is not an
 * .xlsx, or whose headers are not the template's, is refused (400).
 */
export async function readSheet(def: ImportKindDef, file: Buffer): Promise<SheetRow[]> {
  if (!zipWithinLimits(file)) throw new AppError("import.not_xlsx");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError("import.not_xlsx");
  }
  const ws = wb.worksheets[0];
  const expected = def.columns.map((c) => c.header);
  const required = def.columns.filter((c) => c.required).map((c) => c.header);
  if (!ws) throw new AppError("import.wrong_template", { expected, missing: required });

  let headerRow = 0;
  let columns = new Map<string, number>();
  let missing = required;
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    const found = new Map<string, number>();
    ws.getRow(r).eachCell((cell, col) => {
      const text = normalizeHeader(cellText(plainValue(cell.value)));
      const column = def.columns.find((c) => c.header === text);
      if (column && !found.has(column.key)) found.set(column.key, col);
    });
    const lacking = def.columns.filter((c) => c.required && !found.has(c.key)).map((c) => c.header);
    if (found.size && !lacking.length) {
      headerRow = r;
      columns = found;
      break;
    }
    if (found.size > columns.size) {
      columns = found;
      missing = lacking;
    }
  }
  if (!headerRow) throw new AppError("import.wrong_template", { expected, missing });

  const present = def.columns.filter((c) => columns.has(c.key));
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    if (number <= headerRow) return;
    const raw = new Map<string, Raw>();
    for (const c of present) raw.set(c.key, plainValue(row.getCell(columns.get(c.key)!).value));
    const texts = present.map((c) => cellText(raw.get(c.key) ?? null));
    if (texts.every((t) => t === "")) return;
    // The template's note row, and its example row left as it was.
    if (present.some((c, i) => texts[i] === noteOf(c))) return;
    if (present.every((c, i) => texts[i] === (c.example === null ? "" : String(c.example)))) return;
    rows.push({ number, raw });
    if (rows.length > IMPORT_MAX_ROWS) throw new AppError("import.too_many_rows", { limit: IMPORT_MAX_ROWS });
  });
  if (!rows.length) throw new AppError("import.empty");
  return rows;
}

/** The text of a column's note in the template: required or optional, what it holds, the values it allows. */
export function noteOf(c: ImportColumn): string {
  const parts = [c.required ? "必填。" : "选填。", c.note];
  if (c.cell.type === "enum") parts.push(`可选：${Object.values(c.cell.labels).join("、")}。`);
  return parts.join("").replace(/。。/g, "。");
}

/**
 * Reads the GeoJSON file of a grids import: a FeatureCollection whose features carry the grid code in
 * `properties.code`. Features without a code are left out. Anything else is refused (400).
 */
export function readGeojson(file: Buffer): Map<string, GeoFeature> {
  let doc: unknown;
  try {
    doc = JSON.parse(file.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw new AppError("import.geojson_invalid");
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new AppError("import.geojson_invalid");
  const out = new Map<string, GeoFeature>();
  for (const f of fc.features as { properties?: { code?: unknown }; geometry?: unknown }[]) {
    const code = f && typeof f === "object" ? f.properties?.code : undefined;
    if (typeof code !== "string" && typeof code !== "number") continue;
    const key = String(code).trim();
    if (!key) continue;
    const seen = out.get(key);
    out.set(key, seen ? { geometry: seen.geometry, count: seen.count + 1 } : { geometry: f.geometry, count: 1 });
  }
  return out;
}

/** Leaves a transaction without committing it, carrying the report out. */
class Rollback {
  constructor(readonly report: ImportReport) {}
}

const SAVEPOINT = "gz_import_row";

/** Database errors that a row's data caused (not the server): the row is reported, the import goes on. */
const rowDataError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown })?.code ?? ""));

/**
 * Runs an import: every cell is read and checked, then every row is written in one transaction through the
 * registry's own rules, each in a savepoint so that a row breaking a rule is undone and reported alone. A
 * dry run and a commit of a file with errors roll everything back; a commit of a valid file, or of the valid
 * rows only, commits.
 */
export async function runImport(
  deps: Deps,
  actor: Actor,
  o: { def: ImportKindDef; mode: ImportMode; locale: Locale; ip: string | null; file: Buffer; geojson?: Buffer },
): Promise<{ status: 200 | 422; report: ImportReport }> {
  const { def, mode, locale } = o;
  const rows = await readSheet(def, o.file);
  const features = o.geojson ? readGeojson(o.geojson) : new Map<string, GeoFeature>();
  const byKey = new Map(def.columns.map((c) => [c.key, c]));
  const errors: ImportIssue[] = [];
  const bad = new Set<number>();
  const report = (row: SheetRow, column: ImportColumn | null, text: string) => {
    bad.add(row.number);
    errors.push({
      row: row.number,
      column: column?.header ?? null,
      value: column ? shownValue(column, row.raw.get(column.key) ?? null) : undefined,
      message: text,
    });
  };

  // Cells first: types, allowed values, required columns; then values that may appear once in a file.
  const parsed = new Map<number, Values>();
  const firstSeen = new Map<string, Map<string, number>>(def.unique.map((k) => [k, new Map()]));
  for (const row of rows) {
    const values: Values = {};
    for (const c of def.columns) {
      const result = parseCell(c, row.raw.get(c.key) ?? null);
      if ("problem" in result) report(row, c, message(result.problem.key, locale, result.problem.params));
      else values[c.key] = result.value;
    }
    for (const key of def.unique) {
      const v = values[key];
      if (v === null || v === undefined) continue;
      const seen = firstSeen.get(key)!;
      const first = seen.get(String(v));
      if (first !== undefined) report(row, byKey.get(key)!, message("duplicate_in_file", locale, { row: first }));
      else seen.set(String(v), row.number);
    }
    if (!bad.has(row.number)) parsed.set(row.number, values);
  }

  // Then the rules of the registry, row by row, parents before children.
  const order = def.order ?? (() => 0);
  const queue = rows.filter((r) => parsed.has(r.number)).map((r, i) => ({ r, i, rank: order(parsed.get(r.number)!) }));
  queue.sort((a, b) => a.rank - b.rank || a.i - b.i);
  const audit = auditContext(actor, o.ip);
  let imported = 0;

  const finish = (): ImportReport => {
    errors.sort((a, b) => a.row - b.row || columnIndex(def, a.column) - columnIndex(def, b.column));
    const valid = errors.length === 0;
    const out: ImportReport = { kind: def.kind, mode, valid, total: rows.length, validRows: rows.length - bad.size, errors };
    if (mode === "commit" && valid) Object.assign(out, { imported, skipped: [] });
    if (mode === "commit-valid") Object.assign(out, { imported, skipped: [...bad].sort((a, b) => a - b) });
    return out;
  };

  try {
    const done = await deps.db.tx(async (q) => {
      const ctx: ImportContext = { q, deps, actor, audit, locale, features };
      await def.prepare?.(ctx);
      for (const { r } of queue) {
        await q.query(`SAVEPOINT ${SAVEPOINT}`);
        try {
          await def.apply(ctx, parsed.get(r.number)!);
          await q.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
          imported++;
        } catch (err) {
          await q.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
          if (err instanceof RowError) {
            const column = err.column ? (byKey.get(err.column) ?? null) : null;
            report(r, column, message(err.problem.key, locale, err.problem.params));
          } else if (err instanceof AppError) {
            report(
              r,
              columnOfField(def, (err.details as { field?: string } | undefined)?.field),
              errorMessage(err.code, locale, err.details),
            );
          } else if (rowDataError(err)) {
            report(r, null, message("row_rejected", locale));
          } else {
            throw err;
          }
        }
      }
      const result = finish();
      if (mode === "dry-run" || (mode === "commit" && !result.valid)) throw new Rollback(result);
      if (imported) {
        await writeAudit(q, audit, {
          action: `import.${def.kind}`,
          objectType: "import",
          areaCode: actor.areaCode,
          after: { mode, rows: result.total, imported, skipped: result.skipped?.length ?? 0 },
        });
      }
      return result;
    });
    if (imported) def.afterCommit?.(deps);
    return { status: 200, report: done };
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    return { status: mode === "commit" ? 422 : 200, report: err.report };
  }
}

function columnIndex(def: ImportKindDef, header: string | null): number {
  return header === null ? -1 : def.columns.findIndex((c) => c.header === header);
}

/** The column an API error's field means: the column of that key, or the one that lists it. */
function columnOfField(def: ImportKindDef, field: string | undefined): ImportColumn | null {
  if (!field) return null;
  return def.columns.find((c) => c.key === field || c.fields?.includes(field)) ?? null;
}
