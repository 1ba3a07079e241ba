import type { PassThrough } from "node:stream";
import ExcelJS, { type CellValue, type Fill, type Font, type PageSetup } from "exceljs";
import type { FastifyReply } from "fastify";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The time in China (UTC+8, no daylight saving): a stamp for titles and a day for file names. */
export function chinaTime(at: Date = new Date()): { stamp: string; day: string } {
  const iso = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return { stamp: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`, day: iso.slice(0, 10).replaceAll("-", "") };
}

/**
 * Marks the reply as an .xlsx download named `name` (Chinese): RFC 5987 `filename*` in UTF-8, with an
 * ASCII `filename` for clients that do not read it.
 */
export function xlsxDownload(reply: FastifyReply, name: string, asciiName: string): FastifyReply {
  return reply
    .type(XLSX_TYPE)
    .header("content-disposition", `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header("cache-control", "no-store");
}

export const TITLE_FONT: Partial<Font> = { bold: true, size: 14 };
export const SUBTITLE_FONT: Partial<Font> = { size: 10, color: { argb: "FF595959" } };
export const HEADER_FONT: Partial<Font> = { bold: true, color: { argb: "FF1F1F1F" } };
export const REQUIRED_FONT: Partial<Font> = { bold: true, color: { argb: "FFC00000" } };
export const NOTE_FONT: Partial<Font> = { size: 9, color: { argb: "FF595959" } };
export const EXAMPLE_FONT: Partial<Font> = { italic: true, color: { argb: "FF7F7F7F" } };
export const HEADER_FILL: Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
export const NOTE_FILL: Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF8E1" } };

/**
 * Starts a streamed list workbook the way every list and ledger is laid out: a title row, a row with the filters
 * and the export time, then the frozen header row. The caller adds the rows and calls `finishSheet`.
 */
export function startSheet(
  out: PassThrough,
  o: { sheetName: string; title: string; subtitle: string; columns: { header: string; width: number }[]; pageSetup?: Partial<PageSetup> },
) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "共治";
  const ws = wb.addWorksheet(o.sheetName, { views: [{ state: "frozen", ySplit: 3, xSplit: 0 }], pageSetup: o.pageSetup });
  ws.columns = o.columns.map((c) => ({ width: c.width }));
  const n = o.columns.length;
  ws.mergeCells(1, 1, 1, n);
  ws.mergeCells(2, 1, 2, n);
  const title = ws.getRow(1);
  title.getCell(1).value = o.title;
  title.getCell(1).font = TITLE_FONT;
  title.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
  title.height = 26;
  title.commit();
  const sub = ws.getRow(2);
  sub.getCell(1).value = o.subtitle;
  sub.getCell(1).font = SUBTITLE_FONT;
  sub.commit();
  const header = ws.getRow(3);
  o.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  });
  header.commit();
  /** Filters on the header, then the sheet and the workbook are written out. */
  const finish = async () => {
    ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: n } };
    await ws.commit();
    await wb.commit();
  };
  return { ws, finish };
}

/** A cell of a read workbook as the value it shows: rich text joined, formulas by their result, links by their text. */
export function plainValue(v: CellValue | undefined): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return plainValue(v.result as CellValue);
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("error" in v) return String(v.error);
  }
  return null;
}

/** The text of a cell: trimmed; whole numbers without exponent or decimals; dates as YYYY-MM-DD. */
export function cellText(v: ReturnType<typeof plainValue>): string {
  if (v === null) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number")
    return Number.isInteger(v) ? v.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 0 }) : String(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  return v.toISOString().slice(0, 10);
}

/** How much an .xlsx (a zip) may hold once inflated, and how many entries: a small upload may not become a huge one. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/**
 * Whether a buffer is a zip archive whose entries, inflated, stay within the limits. Reads the central
 * directory's declared sizes; archives in ZIP64 form (sizes that do not fit 32 bits) are refused.
 */
export function zipWithinLimits(buf: Buffer): boolean {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return false;
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return false;
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES || entries === 0xffff || offset === 0xffffffff) return false;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) return false;
    const size = buf.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return false;
    total += size;
    if (total > MAX_INFLATED_BYTES) return false;
    offset += 46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  return true;
}
