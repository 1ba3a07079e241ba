import { ERROR_MESSAGES, type ErrorCode, type Locale } from "@gongzhi/contracts";
import type { GeometryProblem } from "../grids/geometry.js";

type Params = Record<string, string | number>;

/** What an import reports about one cell or row, in both languages; `{name}` takes a parameter. */
const MESSAGES = {
  required: { "zh-CN": "此列必填", en: "This column is required" },
  enum: { "zh-CN": "“{value}”不是可选的值，可选：{options}", en: "“{value}” is not an allowed value; choose one of: {options}" },
  bool: { "zh-CN": "请填“是”或“否”", en: "Fill in 是 (yes) or 否 (no)" },
  text_too_long: { "zh-CN": "不能超过 {max} 个字", en: "At most {max} characters" },
  integer: { "zh-CN": "应为整数", en: "Must be a whole number" },
  number: { "zh-CN": "应为数字", en: "Must be a number" },
  range: { "zh-CN": "应在 {min} 到 {max} 之间", en: "Must lie between {min} and {max}" },
  date: { "zh-CN": "日期应为 YYYY-MM-DD 格式（1900 至 2100 年）", en: "Dates are written YYYY-MM-DD (years 1900 to 2100)" },
  area_code: {
    "zh-CN": "区划代码应为 12、15 或 18 位数字（社区 12 位，小区 15 位，楼栋 18 位）",
    en: "Area codes have 12, 15 or 18 digits (communities 12, compounds 15, buildings 18)",
  },
  lost_digits: {
    "zh-CN": "该数字超过 15 位，Excel 已丢失末几位：请把此列设为“文本”格式后重新填写",
    en: "Excel keeps only 15 digits of a number: format the column as text and fill it in again",
  },
  id_number: { "zh-CN": "身份证号格式不正确（18 位，末位为校验码）", en: "Invalid ID number (18 characters with a check digit)" },
  phone: { "zh-CN": "手机号格式不正确", en: "Invalid phone number" },
  grid_code: { "zh-CN": "网格编码应为 4 至 40 位字母、数字或连字符", en: "Grid codes have 4 to 40 letters, digits or hyphens" },
  credit_code: {
    "zh-CN": "统一社会信用代码应为 18 位数字或大写字母",
    en: "A unified social credit code has 18 digits or capital letters",
  },
  duplicate_in_file: { "zh-CN": "与第 {row} 行重复", en: "Repeats row {row}" },
  area_exists: { "zh-CN": "该区划代码已存在", en: "This area code already exists" },
  area_parent_missing: {
    "zh-CN": "上级区划 {parent} 不存在：须已登记，或在本文件中列出",
    en: "The parent area {parent} does not exist: register it first or list it in this file",
  },
  grid_code_exists: { "zh-CN": "该网格编码已存在", en: "This grid code already exists" },
  parent_grid_missing: {
    "zh-CN": "上级网格 {code} 不存在或不在您的辖区内：须已登记，或在本文件中列出",
    en: "The parent grid {code} does not exist in your scope: register it first or list it in this file",
  },
  geometry_missing: {
    "zh-CN": "缺少网格边界：请在此列填写 GeoJSON，或在 GeoJSON 文件中提供 properties.code 为该网格编码的要素",
    en: "No boundary: fill in GeoJSON here, or add a feature whose properties.code is this grid code to the GeoJSON file",
  },
  geometry_json: {
    "zh-CN": "边界不是有效的 GeoJSON Polygon 或 MultiPolygon（经纬度坐标）",
    en: "The boundary is not a valid GeoJSON Polygon or MultiPolygon (longitude, latitude)",
  },
  geometry_conflict: {
    "zh-CN": "此列和 GeoJSON 文件都给出了该网格的边界，请只保留一处",
    en: "Both this column and the GeoJSON file give this grid's boundary; keep one",
  },
  geojson_duplicate: {
    "zh-CN": "GeoJSON 文件中有多个要素的 code 为该网格编码",
    en: "Several features of the GeoJSON file have this grid code",
  },
  grid_not_found: { "zh-CN": "找不到编码为 {code} 的网格，或不在您的辖区内", en: "No grid with code {code} in your scope" },
  org_not_found: { "zh-CN": "找不到名为“{name}”的党组织，或不在您的辖区内", en: "No party organisation named “{name}” in your scope" },
  org_ambiguous: {
    "zh-CN": "辖区内有多个名为“{name}”的党组织，请改填其编号（ID）",
    en: "Several party organisations in your scope are named “{name}”; give its ID instead",
  },
  unit_not_found: {
    "zh-CN": "找不到名称或统一社会信用代码为“{name}”的单位，或不在您的辖区内",
    en: "No unit named “{name}” (or with that credit code) in your scope",
  },
  unit_ambiguous: {
    "zh-CN": "辖区内有多个名为“{name}”的单位，请改填其统一社会信用代码",
    en: "Several units in your scope are named “{name}”; give its credit code instead",
  },
  person_outside_scope: {
    "zh-CN": "该身份证号已登记在您的辖区以外，不能在此导入",
    en: "This ID number is registered outside your scope and cannot be imported here",
  },
  person_name_mismatch: {
    "zh-CN": "姓名与该身份证号已登记的姓名不一致",
    en: "The name differs from the one registered with this ID number",
  },
  person_area_required: {
    "zh-CN": "该身份证号尚未登记：须填写居住区划代码以登记此人",
    en: "This ID number is not registered yet: fill in the area of residence to register the person",
  },
  person_create_forbidden: {
    "zh-CN": "该身份证号尚未登记，您没有登记新人员的权限",
    en: "This ID number is not registered yet, and you may not register people",
  },
  row_rejected: { "zh-CN": "该行无法保存，请检查各列内容", en: "The row could not be saved; check its cells" },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** A message of the import in the caller's language. */
export function message(key: MessageKey, locale: Locale, params: Params = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** What is wrong with a grid boundary (the grids module's geometry problems), in both languages. */
const GEOMETRY_PROBLEMS: Record<GeometryProblem, Record<Locale, string>> = {
  invalid_position: { "zh-CN": "坐标无效", en: "invalid position" },
  too_few_positions: { "zh-CN": "顶点太少", en: "too few positions" },
  ring_not_closed: { "zh-CN": "环未闭合", en: "ring not closed" },
  zero_area: { "zh-CN": "面积为零", en: "zero area" },
  self_intersection: { "zh-CN": "边界自相交", en: "self-intersection" },
  hole_outside: { "zh-CN": "内环在外环之外", en: "hole outside its polygon" },
  holes_overlap: { "zh-CN": "内环相互重叠", en: "holes overlap" },
  parts_overlap: { "zh-CN": "多个部分相互重叠", en: "parts overlap" },
  rings_share_edge: { "zh-CN": "环之间有重合的边", en: "rings share an edge" },
};

/** An API error's message in the caller's language, naming the grid or the boundary problem concerned when the error names one. */
export function errorMessage(code: ErrorCode, locale: Locale, details?: unknown): string {
  const text: string = ERROR_MESSAGES[code][locale];
  const d = details as { gridCode?: string | null; gridName?: string | null; reason?: string } | undefined;
  const problem = d?.reason ? GEOMETRY_PROBLEMS[d.reason as GeometryProblem] : undefined;
  if (problem) return locale === "en" ? `${text} (${problem.en})` : `${text}（${problem["zh-CN"]}）`;
  if (!d?.gridCode) return text;
  const grid = [d.gridCode, d.gridName].filter(Boolean).join(" ");
  return locale === "en" ? `${text} (grid ${grid})` : `${text}（网格 ${grid}）`;
}
