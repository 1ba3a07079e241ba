import { type GridGeometry, gridGeometrySchema, isValidIdNumber } from "@gongzhi/contracts";
import { maskIdNumber, maskPhone } from "../../platform/crypto.js";
import type { MessageKey } from "./messages.js";
import { cellText, type plainValue } from "./workbook.js";

type Raw = ReturnType<typeof plainValue>;

/** What a column of an import template holds, and so how its cells are read and checked. */
export type CellType =
  | { type: "text"; max: number; format?: { pattern: RegExp; message: MessageKey } }
  | { type: "areaCode" }
  | { type: "enum"; labels: Record<string, string> }
  | { type: "int"; min: number; max: number }
  | { type: "number"; min: number; max: number }
  | { type: "date" }
  | { type: "bool" }
  | { type: "idNumber" }
  | { type: "phone" }
  | { type: "geometry" };

export interface ImportColumn {
  /** the field the row's value goes to */
  key: string;
  /** the Chinese header of the template, and the column errors name */
  header: string;
  required?: boolean;
  cell: CellType;
  /** what the column means, for the template's note row (required/optional and allowed values are added) */
  note: string;
  /** the template's example row */
  example: string | number | null;
  /** in characters (a Chinese character counts two) */
  width: number;
  /** API field names (in errors' details) that mean this column, besides `key` */
  fields?: string[];
}

export interface CellProblem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type CellResult = { value: unknown } | { problem: CellProblem };

const DIGITS_KEPT = 15;
const GRID_CODE = /^[0-9A-Za-z-]{4,40}$/;
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export const textCell = (max: number): CellType => ({ type: "text", max });
export const gridCodeCell: CellType = { type: "text", max: 40, format: { pattern: GRID_CODE, message: "grid_code" } };
export const creditCodeCell: CellType = { type: "text", max: 18, format: { pattern: CREDIT_CODE, message: "credit_code" } };

/** Whether a cell's number has more digits than Excel keeps (a long code typed into a number cell). */
const lostDigits = (raw: Raw, text: string) => typeof raw === "number" && text.replace(/\D/g, "").length > DIGITS_KEPT;

function parseDate(raw: Raw, text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  if (raw instanceof Date) {
    [y, m, d] = [raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate()];
  } else if (typeof raw === "number" && Number.isInteger(raw) && raw > 0 && raw < 80_000) {
    // A date serial (days since 1899-12-30) in a cell without date format.
    const at = new Date(Date.UTC(1899, 11, 30) + raw * 86_400_000);
    [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  } else {
    const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
    if (!match) return null;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const at = new Date(Date.UTC(y, m - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2100) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function parseNumber(raw: Raw, text: string): number | null {
  if (typeof raw === "number") return raw;
  const cleaned = text.replace(/[,，\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** An enum value from its Chinese label, or from the value itself (any case). */
export function enumValue(labels: Record<string, string>, text: string): string | null {
  for (const [value, label] of Object.entries(labels)) if (label === text) return value;
  const lower = text.toLowerCase();
  return Object.keys(labels).find((v) => v === lower) ?? null;
}

/** Reads one cell for its column: the value the row gets, or what is wrong with it. Empty cells give null (or a problem when required). */
export function parseCell(col: ImportColumn, raw: Raw): CellResult {
  const text = cellText(raw);
  if (text === "") return col.required ? { problem: { key: "required" } } : { value: null };
  const c = col.cell;
  switch (c.type) {
    case "text": {
      if (text.length > c.max) return { problem: { key: "text_too_long", params: { max: c.max } } };
      if (c.format && !c.format.pattern.test(text)) return { problem: { key: c.format.message } };
      return { value: text };
    }
    case "areaCode": {
      if (lostDigits(raw, text)) return { problem: { key: "lost_digits" } };
      return /^\d{12}(\d{3}){0,2}$/.test(text) ? { value: text } : { problem: { key: "area_code" } };
    }
    case "enum": {
      const value = enumValue(c.labels, text);
      return value ? { value } : { problem: { key: "enum", params: { value: text, options: Object.values(c.labels).join("、") } } };
    }
    case "int":
    case "number": {
      const n = parseNumber(raw, text);
      if (n === null || !Number.isFinite(n)) return { problem: { key: c.type === "int" ? "integer" : "number" } };
      if (c.type === "int" && !Number.isInteger(n)) return { problem: { key: "integer" } };
      if (n < c.min || n > c.max) return { problem: { key: "range", params: { min: c.min, max: c.max } } };
      return { value: n };
    }
    case "date": {
      const date = parseDate(raw, text);
      return date ? { value: date } : { problem: { key: "date" } };
    }
    case "bool": {
      if (typeof raw === "boolean") return { value: raw };
      const t = text.toLowerCase();
      if (["是", "y", "yes", "true", "1", "有"].includes(t)) return { value: true };
      if (["否", "n", "no", "false", "0", "无"].includes(t)) return { value: false };
      return { problem: { key: "bool" } };
    }
    case "idNumber": {
      if (lostDigits(raw, text)) return { problem: { key: "lost_digits" } };
      const id = text.toUpperCase();
      return isValidIdNumber(id) ? { value: id } : { problem: { key: "id_number" } };
    }
    case "phone":
      return PHONE.test(text) ? { value: text } : { problem: { key: "phone" } };
    case "geometry":
      return parseGeometry(text);
  }
}

/** A grid boundary given as GeoJSON text: a Polygon or MultiPolygon, or a Feature holding one. */
export function parseGeometry(text: string | unknown): CellResult {
  let value: unknown = text;
  if (typeof text === "string") {
    try {
      value = JSON.parse(text);
    } catch {
      return { problem: { key: "geometry_json" } };
    }
  }
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "Feature")
    value = (value as { geometry?: unknown }).geometry;
  const parsed = gridGeometrySchema.safeParse(value);
  return parsed.success ? { value: parsed.data as GridGeometry } : { problem: { key: "geometry_json" } };
}

/** How a cell is shown in a report: personal data masked, long text shortened. */
export function shownValue(col: ImportColumn | null, raw: Raw): string | number | null {
  const text = cellText(raw);
  if (text === "") return null;
  if (col?.cell.type === "idNumber") return maskIdNumber(text);
  if (col?.cell.type === "phone") return maskPhone(text);
  if (text.length > 60) return `${text.slice(0, 57)}…`;
  return typeof raw === "number" ? raw : text;
}
