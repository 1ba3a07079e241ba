import ExcelJS from "exceljs";
import type { App } from "../../app.js";
import type { Agent, Response } from "../../test/harness.js";
import { cellText, plainValue } from "./workbook.js";

/** A downloaded workbook with the response it came in. */
export interface Download {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
  /** the parsed JSON of an error answer */
  json: { code: string; message: string; details?: unknown } | null;
  workbook: ExcelJS.Workbook | null;
}

/** GETs a download as the agent (its session cookie), and opens it with exceljs when it is a workbook. */
export async function download(app: App, agent: Agent, url: string): Promise<Download> {
  const res = await app.inject({ method: "GET", url, headers: agent.cookie ? { cookie: agent.cookie } : {} });
  const body = res.rawPayload;
  let workbook: ExcelJS.Workbook | null = null;
  let json: Download["json"] = null;
  if (res.statusCode === 200) {
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as never);
  } else {
    json = JSON.parse(res.body);
  }
  return { status: res.statusCode, headers: res.headers, body, json, workbook };
}

/** The texts of a row of a sheet, from the first column. */
export function rowTexts(ws: ExcelJS.Worksheet, row: number, columns = ws.columnCount): string[] {
  const out: string[] = [];
  const r = ws.getRow(row);
  for (let c = 1; c <= columns; c++) out.push(cellText(plainValue(r.getCell(c).value)));
  while (out.length && out[out.length - 1] === "") out.pop();
  return out;
}

/** The rows of a sheet below its header row, as objects keyed by header. */
export function sheetObjects(ws: ExcelJS.Worksheet, headerRow: number): Record<string, string>[] {
  const columns = ws.columnCount;
  const headers = rowTexts(ws, headerRow, columns);
  const out: Record<string, string>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const texts = rowTexts(ws, r, columns);
    if (!texts.length) continue;
    out.push(Object.fromEntries(headers.map((h, i) => [h, texts[i] ?? ""])));
  }
  return out;
}

/**
 * Fills a downloaded template: writes `rows` (keyed by header) from row `start` on (3 overwrites the
 * example row), as text unless a value is a number, boolean or Date.
 */
export async function fillTemplate(
  template: Buffer,
  rows: Record<string, string | number | boolean | Date | null | undefined>[],
  start = 3,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as never);
  const ws = wb.worksheets[0]!;
  const headers = rowTexts(ws, 1);
  rows.forEach((values, i) => {
    const row = ws.getRow(start + i);
    headers.forEach((h, c) => {
      row.getCell(c + 1).value = h in values ? (values[h] ?? null) : null;
    });
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Posts an import as the agent: the workbook in `file`, optionally a GeoJSON file in `geojson`. */
export async function upload(
  agent: Agent,
  kind: string,
  mode: string,
  file: Buffer | null,
  o: { geojson?: Buffer | string; headers?: Record<string, string>; filename?: string } = {},
): Promise<Response> {
  const form = new FormData();
  if (file) form.append("file", new Blob([new Uint8Array(file)]), o.filename ?? "import.xlsx");
  if (o.geojson !== undefined)
    form.append("geojson", new Blob([typeof o.geojson === "string" ? o.geojson : new Uint8Array(o.geojson)]), "grids.geojson");
  return agent.post(`/api/v1/imports/${kind}?mode=${mode}`, form, o.headers);
}
