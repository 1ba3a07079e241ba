import type { Locale } from "@gongzhi/contracts";
import { XMLBuilder } from "fast-xml-parser";
import type { FastifyReply } from "fastify";

/**
 * The two formats of GeoReport v2 and its errors: JSON and XML (UTF-8, with the XML declaration), and an error
 * answer that is always a list of `{code, description}` — the HTTP status as the code — in either format.
 */

export type Format = "json" | "xml";

export const FORMATS: readonly Format[] = ["json", "xml"];

export function parseFormat(s: string | undefined): Format | null {
  return s === "json" || s === "xml" ? s : null;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

// ---------------------------------------------------------------------------------------------------------
// Errors

export type Open311Status = 400 | 403 | 404 | 500;

/** The messages of this interface, in Chinese and English (chosen by Accept-Language, Chinese by default). */
const MESSAGES = {
  format: { "zh-CN": "格式只能是 json 或 xml", en: "The format must be json or xml" },
  not_found: { "zh-CN": "接口不存在", en: "No such resource" },
  api_key_missing: { "zh-CN": "缺少 api_key：提交诉求需要管理员签发的 API 密钥", en: "api_key is required to post a request" },
  api_key_invalid: { "zh-CN": "api_key 无效或已被吊销", en: "The api_key is invalid or has been revoked" },
  jurisdiction_unknown: { "zh-CN": "未知的 jurisdiction_id：{v}", en: "Unknown jurisdiction_id: {v}" },
  jurisdiction_required: {
    "zh-CN": "本接口服务多个城市，请提供 jurisdiction_id",
    en: "This endpoint serves several cities: jurisdiction_id is required",
  },
  service_unknown: { "zh-CN": "未知的服务：{v}", en: "Unknown service: {v}" },
  request_unknown: { "zh-CN": "未找到诉求：{v}", en: "No such service request: {v}" },
  required: { "zh-CN": "缺少必填字段 {f}", en: "{f} is required" },
  repeated: { "zh-CN": "字段 {f} 只能提供一次", en: "{f} may be given only once" },
  too_long: { "zh-CN": "{f} 最多 {n} 个字符", en: "{f} may be at most {n} characters" },
  bad_chars: { "zh-CN": "{f} 含有不允许的字符", en: "{f} contains characters that are not allowed" },
  location_required: {
    "zh-CN": "请提供位置：lat 和 long，或 address_string，或 address_id",
    en: "A location is required: lat and long, or address_string, or address_id",
  },
  lat_long_pair: { "zh-CN": "lat 和 long 需要同时提供", en: "lat and long must be given together" },
  lat_invalid: { "zh-CN": "lat 应为 -90 到 90 之间的数字", en: "lat must be a number between -90 and 90" },
  long_invalid: { "zh-CN": "long 应为 -180 到 180 之间的数字", en: "long must be a number between -180 and 180" },
  location_unknown: {
    "zh-CN": "该位置不在本市任何网格内，请核对坐标或改用 address_id",
    en: "The point lies in none of the city's grids; check it or give an address_id",
  },
  address_id_unknown: {
    "zh-CN": "address_id {v} 不是可以上报的社区、小区或楼栋编码",
    en: "address_id {v} is not the code of a community, compound or building",
  },
  address_unmatched: {
    "zh-CN": "无法根据 address_string 确定所在社区，请提供 lat/long 或 address_id",
    en: "address_string names no community we know: give lat/long or an address_id",
  },
  address_ambiguous: {
    "zh-CN": "address_string 可能指多个社区（{v}），请写明街道或提供 lat/long",
    en: "address_string may mean several communities ({v}): name the street or give lat/long",
  },
  outside_jurisdiction: { "zh-CN": "该位置不在 jurisdiction_id 所指的城市内", en: "The location lies outside the jurisdiction" },
  email_invalid: { "zh-CN": "email 格式不正确", en: "email is not a valid address" },
  phone_invalid: { "zh-CN": "phone 不是有效的手机或固定电话号码", en: "phone is not a valid mobile or landline number" },
  media_url_invalid: { "zh-CN": "media_url 应为 http 或 https 网址", en: "media_url must be an http or https URL" },
  attribute_required: { "zh-CN": "缺少必答的补充信息 attribute[{v}]", en: "attribute[{v}] is required" },
  attribute_invalid: { "zh-CN": "补充信息 attribute[{v}] 的值不符合服务定义", en: "attribute[{v}] does not fit the service definition" },
  date_invalid: {
    "zh-CN": "{f} 应为带时区的 ISO 8601 时间，例如 2026-05-01T08:00:00+08:00",
    en: "{f} must be an ISO 8601 datetime with a time zone, e.g. 2026-05-01T08:00:00Z",
  },
  date_order: { "zh-CN": "end_date 不能早于 start_date", en: "end_date must not be before start_date" },
  status_invalid: { "zh-CN": "status 只能是 open 或 closed", en: "status must be open or closed" },
  integer_invalid: { "zh-CN": "{f} 应为 {min} 到 {max} 之间的整数", en: "{f} must be an integer from {min} to {max}" },
  too_many: { "zh-CN": "{f} 最多 {n} 个", en: "{f} may list at most {n} values" },
  idempotency_mismatch: {
    "zh-CN": "同一 Idempotency-Key 已用于另一条不同的诉求",
    en: "This Idempotency-Key was used for a different request",
  },
  unreadable: {
    "zh-CN": "请求无法读取：请以 application/x-www-form-urlencoded 提交",
    en: "The request could not be read: post it as application/x-www-form-urlencoded",
  },
  too_large: { "zh-CN": "提交的内容过大", en: "The request is too large" },
  bad_request: { "zh-CN": "请求有误", en: "The request is invalid" },
  internal: { "zh-CN": "服务器内部错误，请稍后再试", en: "Internal server error, please try again later" },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export const problem = (key: MessageKey, params?: Problem["params"]): Problem => ({ key, params });

export function describe(p: Problem, locale: Locale): string {
  let s: string = MESSAGES[p.key][locale];
  for (const [k, v] of Object.entries(p.params ?? {})) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** An error answer of the standard: one status for the whole answer, one entry per thing that is wrong. */
export class Open311Error extends Error {
  constructor(
    readonly status: Open311Status,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => p.key).join(","));
  }
}

export const fail = (status: Open311Status, key: MessageKey, params?: Problem["params"]) =>
  new Open311Error(status, [problem(key, params)]);

// ---------------------------------------------------------------------------------------------------------
// Rendering

/** Drops what XML 1.0 cannot hold: C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF. */
function xmlText(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff)) continue;
    out += ch;
  }
  return out;
}

function xmlSafe(v: unknown): unknown {
  if (typeof v === "string") return xmlText(v);
  if (Array.isArray(v)) return v.map(xmlSafe);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlSafe(x)]));
  return v;
}

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true, indentBy: "  " });

/** An XML document with its declaration. Null fields become empty elements; arrays repeat their element. */
export function toXml(doc: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(xmlSafe(doc))}`;
}

/** Sends `json` as JSON or `xml` (built lazily) as XML, UTF-8 either way. */
export function sendAs(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => Record<string, unknown>) {
  const body = format === "xml" ? toXml(xml()) : JSON.stringify(json);
  return reply.status(status).type(CONTENT_TYPES[format]).send(body);
}

/** The standard's error answer. */
export function sendErrors(reply: FastifyReply, format: Format, status: Open311Status, problems: Problem[], locale: Locale) {
  const errors = problems.map((p) => ({ code: status, description: describe(p, locale) }));
  return sendAs(reply, format, status, errors, () => ({ errors: { error: errors } }));
}
