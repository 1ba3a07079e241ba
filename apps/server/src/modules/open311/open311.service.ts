import { createHash } from "node:crypto";
import {
  type CaseStatus,
  type CategoryAttribute,
  DEADLINE_UNIT_LABELS,
  idempotencyKeySchema,
  levelOfCode,
  OPEN_STATUSES,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import type { AuditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { localDate } from "../calendar/working-time.js";
import { checkAnswers, createCase, fingerprintOf, type ResolvedPlace, resolvePlace, titleFrom } from "../cases/intake.js";
import { publicHandlerName } from "../cases/intake.public.js";
import { locateGrid } from "../grids/grids.service.js";
import { fail, Open311Error, type Problem, problem } from "./open311.format.js";
import {
  areasNamedIn,
  findRequests,
  findService,
  findUpdates,
  type Jurisdiction,
  jurisdictions,
  lastPublicNotes,
  listServices,
  type RequestFilter,
  type RequestRow,
  type ServiceRow,
} from "./open311.repository.js";

/**
 * GeoReport v2 on top of the 民情 loop: services are the public categories, a service definition is a category's
 * extra questions, a posted request goes through the same intake as a resident's report from the phone, and a
 * request shows what its reporter would read on the track page.
 */

/** Field values as they came: every name with all the values given for it (form fields may repeat). */
export type Fields = Map<string, string[]>;

const DAY_MS = 86_400_000;
/** The default span of GET requests and GET servicerequestupdates, and their largest page. */
export const DEFAULT_SPAN_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;

// ---------------------------------------------------------------------------------------------------------
// Jurisdiction

/** The jurisdiction named (404 when unknown); none named is fine while one city is served (else 400). */
export async function jurisdictionOf(q: Queryable, id: string | undefined): Promise<Jurisdiction | null> {
  const all = await jurisdictions(q);
  if (id !== undefined && id !== "") {
    const j = all.find((x) => x.code === id);
    if (!j) throw fail(404, "jurisdiction_unknown", { v: id.slice(0, 60) });
    return j;
  }
  if (all.length > 1) throw fail(400, "jurisdiction_required");
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Services and their definitions

export function serviceJson(s: ServiceRow) {
  return {
    service_code: s.code,
    service_name: s.name,
    description: s.description || null,
    metadata: s.attributes.length > 0,
    type: "realtime" as const,
    keywords: s.keywords.length ? s.keywords.join(",") : null,
    group: s.group_name,
  };
}

const sortedAttributes = (s: ServiceRow): CategoryAttribute[] => [...s.attributes].sort((a, b) => a.order - b.order);

export function definitionJson(s: ServiceRow) {
  return {
    service_code: s.code,
    attributes: sortedAttributes(s).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

/** What a resident may expect of a service: its usual time limit, in plain Chinese. */
export function serviceNotice(s: Pick<ServiceRow, "deadline_normal" | "deadline_normal_unit">): string {
  return `一般在${s.deadline_normal}${DEADLINE_UNIT_LABELS[s.deadline_normal_unit]}内办结`;
}

export async function service(q: Queryable, code: string): Promise<ServiceRow> {
  const s = await findService(q, code);
  if (!s) throw fail(404, "service_unknown", { v: code.slice(0, 60) });
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Reading fields

/** A NUL character, which no text column can hold. */
const hasNul = (s: string) => s.includes("\u0000");

class FieldReader {
  readonly problems: Problem[] = [];
  constructor(readonly fields: Fields) {}

  /** One value of a field (blank is absent); a field given twice is a problem. */
  one(name: string, max: number): string | undefined {
    const values = this.fields.get(name);
    if (!values?.length) return undefined;
    if (values.length > 1) {
      this.problems.push(problem("repeated", { f: name }));
      return undefined;
    }
    return this.check(name, values[0]!, max);
  }

  check(name: string, raw: string, max: number): string | undefined {
    const v = raw.trim();
    if (!v) return undefined;
    if (hasNul(v)) {
      this.problems.push(problem("bad_chars", { f: name }));
      return undefined;
    }
    if ([...v].length > max) {
      this.problems.push(problem("too_long", { f: name, n: max }));
      return undefined;
    }
    return v;
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AREA_CODE = /^\d{12}(\d{3}){0,2}$/;

/** A phone number as residents write it (+86, spaces, dashes) reduced to digits; null when it is not one. */
export function normalizePhone(raw: string): string | null {
  let s = raw.replace(/[\s()-]/g, "");
  if (s.startsWith("+86")) s = s.slice(3);
  else if (s.startsWith("0086")) s = s.slice(4);
  return /^(1\d{10}|0\d{9,11})$/.test(s) ? s : null;
}

/** A person's name from the given and family names: written together in Chinese, with a space otherwise. */
export function fullName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  if (!first || !last) return (first ?? last)!;
  return /[\u3400-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

/** A media URL: http or https only. */
function mediaUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** The answers to a service's questions: `attribute[code]`, and `attribute[code][]` for a multi-value list. */
function readAnswers(r: FieldReader, s: ServiceRow): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const a of s.attributes) {
    if (!a.variable) continue;
    const many = [...(r.fields.get(`attribute[${a.code}][]`) ?? []), ...(r.fields.get(`attribute[${a.code}]`) ?? [])]
      .map((v) => r.check(`attribute[${a.code}]`, v, 1000))
      .filter((v): v is string => v !== undefined);
    if (!many.length) continue;
    if (a.datatype === "multivaluelist") answers[a.code] = many;
    else if (many.length > 1) r.problems.push(problem("repeated", { f: `attribute[${a.code}]` }));
    else answers[a.code] = many[0]!;
  }
  try {
    return checkAnswers(s.attributes, answers) as Record<string, string | string[]>;
  } catch (err) {
    if (err instanceof AppError && err.code === "domain.case_attributes_invalid") {
      const list = (err.details as { attributes: { code: string; problem: string }[] }).attributes;
      for (const p of list) r.problems.push(problem(p.problem === "required" ? "attribute_required" : "attribute_invalid", { v: p.code }));
      return {};
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Place

/** The community or compound an address names, within the city; ambiguous or unknown names are refused. */
async function areaFromAddress(q: Queryable, text: string, prefix: string): Promise<string> {
  const found = await areasNamedIn(q, text, prefix);
  if (!found.length) throw fail(400, "address_unmatched");
  // The most specific match: a compound before a community, then the longest name.
  const rank = (a: (typeof found)[number]) => (a.level === "compound" ? 1000 : 0) + a.name.length;
  const best = Math.max(...found.map(rank));
  let top = found.filter((a) => rank(a) === best);
  if (top.length > 1) {
    const named = top.filter((a) => [a.parent_name, a.grandparent_name].some((n) => n && n.length >= 2 && text.includes(n)));
    if (named.length) top = named;
  }
  if (top.length > 1) {
    throw fail(400, "address_ambiguous", { v: top.map((a) => [a.parent_name, a.name].filter(Boolean).join("")).join("、") });
  }
  return top[0]!.code;
}

async function placeOf(
  deps: Deps,
  j: Jurisdiction | null,
  input: { point?: { lat: number; lng: number }; addressId?: string; addressString?: string },
): Promise<ResolvedPlace> {
  let areaCode = input.addressId;
  const inGrid = input.point ? await locateGrid(deps, input.point.lng, input.point.lat) : null;
  if (!inGrid && !areaCode && input.addressString) {
    const cities = j ? [j] : await jurisdictions(deps.db);
    areaCode = await areaFromAddress(deps.db, input.addressString, cities.length === 1 ? cities[0]!.prefix : "");
  }
  let place: ResolvedPlace;
  try {
    place = await resolvePlace(deps, deps.db, { location: input.point, areaCode, address: input.addressString });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "domain.area_unknown" || err.code === "domain.area_level_mismatch") {
      throw fail(400, "address_id_unknown", { v: input.addressId ?? "" });
    }
    if (err.code === "domain.case_location_unknown") throw fail(400, "location_unknown");
    if (err.code === "domain.case_location_required") throw fail(400, "location_required");
    throw err;
  }
  if (j && !place.areaCode.startsWith(j.prefix)) throw fail(400, "outside_jurisdiction");
  return place;
}

// ---------------------------------------------------------------------------------------------------------
// POST requests

export interface PostedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  created: boolean;
}

/**
 * Files a request as a case: the same intake as a resident's report (grid and area from the place, first public
 * event, audit, notice to the community's staff), channel residents' reports, source the API client. A repeated
 * post (the same Idempotency-Key, or without one the same fields on the same day) answers the first one's request.
 */
export async function postRequest(
  deps: Deps,
  client: Actor,
  ctx: AuditContext,
  fields: Fields,
  opts: { idempotencyKey?: string },
): Promise<PostedRequest> {
  const r = new FieldReader(fields);
  const j = await jurisdictionOf(deps.db, r.one("jurisdiction_id", 40));
  const code = r.one("service_code", 40);
  const s = code ? await service(deps.db, code) : null;
  if (!code && !r.problems.some((p) => p.params?.f === "service_code")) r.problems.push(problem("required", { f: "service_code" }));

  const lat = r.one("lat", 40);
  const long = r.one("long", 40);
  const addressString = r.one("address_string", 200);
  const addressId = r.one("address_id", 20);
  let point: { lat: number; lng: number } | undefined;
  if (lat !== undefined || long !== undefined) {
    if (lat === undefined || long === undefined) r.problems.push(problem("lat_long_pair"));
    else {
      const la = NUMBER.test(lat) ? Number(lat) : Number.NaN;
      const lo = NUMBER.test(long) ? Number(long) : Number.NaN;
      if (!(la >= -90 && la <= 90)) r.problems.push(problem("lat_invalid"));
      if (!(lo >= -180 && lo <= 180)) r.problems.push(problem("long_invalid"));
      if (la >= -90 && la <= 90 && lo >= -180 && lo <= 180) point = { lat: la, lng: lo };
    }
  } else if (!addressString && !addressId) {
    r.problems.push(problem("location_required"));
  }
  if (addressId !== undefined && !AREA_CODE.test(addressId)) r.problems.push(problem("address_id_unknown", { v: addressId }));

  const description = r.one("description", 4000);
  const firstName = r.one("first_name", 20);
  const lastName = r.one("last_name", 20);
  const email = r.one("email", 254);
  if (email !== undefined && !EMAIL.test(email)) r.problems.push(problem("email_invalid"));
  const phoneRaw = r.one("phone", 30);
  const phone = phoneRaw === undefined ? undefined : normalizePhone(phoneRaw);
  if (phone === null) r.problems.push(problem("phone_invalid"));
  const deviceId = r.one("device_id", 200);
  const accountId = r.one("account_id", 200);
  const media = r.one("media_url", 2000);
  if (media !== undefined && !mediaUrl(media)) r.problems.push(problem("media_url_invalid"));
  const answers = s ? readAnswers(r, s) : {};
  if (r.problems.length) throw new Open311Error(400, r.problems);

  const place = await placeOf(deps, j, { point, addressId, addressString });
  const name = fullName(firstName, lastName);
  const submission = Object.fromEntries([...fields].filter(([k]) => k !== "api_key"));
  const digest = createHash("sha256")
    .update(JSON.stringify([opts.idempotencyKey ? null : localDate(new Date()), fingerprintOf(submission)]))
    .digest("base64url");
  const category = s!;
  const notes = [`Open311 接口提交（${client.label.replace(/^api:/, "")}）`, media ? `图片：${media}` : null].filter(Boolean);

  try {
    const { row, created } = await createCase(deps, client, ctx, {
      channel: "resident_report",
      source: "open311",
      categoryCode: category.code,
      title: titleFrom(description ?? "", category.name),
      description: description ?? "",
      place,
      reporterAccountId: null,
      reporterName: name,
      reporterPhone: phone ?? null,
      anonymous: !name && !phone && !email,
      attributes: answers,
      photos: [],
      apiKeyId: client.id,
      idempotencyKey: `open311:${client.id}:${opts.idempotencyKey ?? digest}`,
      fingerprint: fingerprintOf(submission),
      note: notes.join("；"),
      afterCreate: async (q, c) => {
        await q.query(
          `INSERT INTO open311_requests (case_id, api_key_id, jurisdiction_id, address_id, media_url, email_enc, email_hash,
             device_id_enc, account_id_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            c.id,
            client.id,
            j?.code ?? null,
            addressId ?? null,
            media ?? null,
            email ? deps.vault.encrypt(email) : null,
            email ? deps.vault.hash(email.toLowerCase()) : null,
            deviceId ? deps.vault.encrypt(deviceId) : null,
            accountId ? deps.vault.encrypt(accountId) : null,
          ],
        );
      },
    });
    return {
      service_request_id: row.number,
      service_notice: `已收到您反映的问题，${serviceNotice(category)}。查询码：${row.tracking_code}，可凭查询码在共治手机端“查进度”查看办理情况并评价。`,
      account_id: null,
      created,
    };
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict.case_idempotency_mismatch") throw fail(400, "idempotency_mismatch");
    throw err;
  }
}

/** The Idempotency-Key header, when given; a malformed one is refused. */
export function idempotencyKeyOf(header: unknown): string | undefined {
  if (header === undefined || header === "") return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw new Open311Error(400, [problem("bad_chars", { f: "Idempotency-Key" })]);
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------------
// GET requests

export type Query = Record<string, string | string[] | undefined>;

/** A query value; repeated values are joined with commas (the standard's lists), or refused for single values. */
function queryValue(q: Query, name: string, problems: Problem[], opts: { list?: boolean } = {}): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (!opts.list) {
      problems.push(problem("repeated", { f: name }));
      return undefined;
    }
    return v.join(",");
  }
  if (hasNul(v)) {
    problems.push(problem("bad_chars", { f: name }));
    return undefined;
  }
  return v.trim() || undefined;
}

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A datetime with its time zone; a `+` left unescaped in a query string arrives as a space, and is read back. */
export function parseDatetime(s: string): Date | null {
  const v = s.replace(/ (\d{2}:?\d{2})$/, "+$1");
  if (!W3C_DATETIME.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function intValue(q: Query, name: string, min: number, max: number, dflt: number, problems: Problem[]): number {
  const v = queryValue(q, name, problems);
  if (v === undefined) return dflt;
  const n = /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= min && n <= max)) {
    problems.push(problem("integer_invalid", { f: name, min, max }));
    return dflt;
  }
  return n;
}

function dateRange(q: Query, problems: Problem[]): { start?: Date; end?: Date } {
  const out: { start?: Date; end?: Date } = {};
  for (const [f, key] of [
    ["start_date", "start"],
    ["end_date", "end"],
  ] as const) {
    const v = queryValue(q, f, problems);
    if (v === undefined) continue;
    const d = parseDatetime(v);
    if (d) out[key] = d;
    else problems.push(problem("date_invalid", { f }));
  }
  if (out.start && out.end && out.end < out.start) problems.push(problem("date_order"));
  return out;
}

/** The filters of GET requests, checked: every problem at once. */
export function requestFilter(q: Query, j: Jurisdiction | null, now = new Date()): RequestFilter {
  const problems: Problem[] = [];
  const list = (name: string, max: number) => {
    const v = queryValue(q, name, problems, { list: true });
    if (v === undefined) return undefined;
    const items = [...new Set(v.split(",").map((x) => x.trim()))].filter(Boolean);
    if (items.length > max) problems.push(problem("too_many", { f: name, n: max }));
    if (items.some((x) => x.length > 60)) problems.push(problem("too_long", { f: name, n: 60 }));
    return items.length ? items : undefined;
  };
  const ids = list("service_request_id", MAX_PAGE_SIZE);
  const serviceCodes = list("service_code", 200);
  const { start, end } = dateRange(q, problems);
  const statuses = list("status", 2);
  if (statuses?.some((s) => s !== "open" && s !== "closed")) problems.push(problem("status_invalid"));
  const page = intValue(q, "page", 1, 100_000, 1, problems);
  const pageSize = intValue(q, "page_size", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE, problems);
  if (problems.length) throw new Open311Error(400, problems);
  const prefix = j?.prefix;
  // service_request_id overrides every other filter.
  if (ids) return { ids, prefix, limit: pageSize, offset: (page - 1) * pageSize };
  return {
    serviceCodes,
    // By default the last 90 days (before end_date when one is given).
    start: start ?? new Date((end ?? now).getTime() - DEFAULT_SPAN_DAYS * DAY_MS),
    end,
    statuses: statuses as ("open" | "closed")[] | undefined,
    prefix,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
}

const isOpen = (s: CaseStatus) => OPEN_STATUSES.includes(s);

export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/**
 * Requests as the public reads them: no contact or device data ever; the status and notes of the case it follows;
 * the notes are the plain-Chinese steps of the reporter's track page (the latest one).
 */
export async function requestsJson(q: Queryable, rows: RequestRow[]): Promise<Open311Request[]> {
  const notes = await lastPublicNotes(q, [...new Set(rows.flatMap((r) => [r.id, r.shown_id]))]);
  const notices = new Map(rows.length ? (await listServices(q)).map((s) => [s.code, serviceNotice(s)]) : []);
  return rows.map((r) => {
    const own = notes.get(r.id);
    const shown = r.shown_id !== r.id ? notes.get(r.shown_id) : undefined;
    const note = shown && (!own || shown.at > own.at) ? shown : own;
    const updated = new Date(Math.max(r.shown_updated_at.getTime(), r.updated_at.getTime()));
    return {
      service_request_id: r.number,
      status: isOpen(r.shown_status) ? "open" : "closed",
      status_notes: note?.text ?? null,
      service_name: r.category_name,
      service_code: r.category_code ?? "",
      description: r.description || null,
      agency_responsible: publicHandlerName(r.shown_handler_kind, r.shown_handler_label),
      service_notice: (r.category_code && notices.get(r.category_code)) || null,
      requested_datetime: r.created_at.toISOString(),
      updated_datetime: updated.toISOString(),
      expected_datetime: r.shown_deadline_at?.toISOString() ?? null,
      address: r.location_text,
      address_id: r.area_code && levelOfCode(r.area_code) !== "city" ? r.area_code : null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: r.media_url,
    };
  });
}

export async function listRequests(q: Queryable, f: RequestFilter) {
  return requestsJson(q, await findRequests(q, f));
}

/** One request by its id (the case number), or 404. */
export async function oneRequest(q: Queryable, id: string, j: Jurisdiction | null) {
  const rows = id.length <= 60 ? await findRequests(q, { ids: [id], prefix: j?.prefix, limit: 1, offset: 0 }) : [];
  if (!rows.length) throw fail(404, "request_unknown", { v: id.slice(0, 60) });
  return requestsJson(q, rows);
}

// ---------------------------------------------------------------------------------------------------------
// GET servicerequestupdates (mySociety)

/** The extended states of the mySociety specification, from a case's status after a step. */
export const UPDATE_STATUS: Record<CaseStatus, string> = {
  submitted: "OPEN",
  assigned: "ACTION_SCHEDULED",
  in_progress: "IN_PROGRESS",
  hold_requested: "IN_PROGRESS",
  on_hold: "ACTION_SCHEDULED",
  resolved: "FIXED",
  closed: "CLOSED",
  rejected: "NOT_COUNCILS_RESPONSIBILITY",
  merged: "DUPLICATE",
};

export async function listUpdates(q: Queryable, query: Query, j: Jurisdiction | null, now = new Date()) {
  const problems: Problem[] = [];
  const { start, end } = dateRange(query, problems);
  const page = intValue(query, "page", 1, 100_000, 1, problems);
  const pageSize = intValue(query, "page_size", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE, problems);
  if (problems.length) throw new Open311Error(400, problems);
  const until = end ?? now;
  const rows = await findUpdates(q, {
    start: start ?? new Date(until.getTime() - DEFAULT_SPAN_DAYS * DAY_MS),
    end: until,
    prefix: j?.prefix,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return rows.map((u) => ({
    update_id: `${u.own_number}-${u.event_id}`,
    service_request_id: u.own_number,
    status: UPDATE_STATUS[u.status_after as CaseStatus] ?? "OPEN",
    external_status_code: u.status_after,
    updated_datetime: u.at.toISOString(),
    description: u.public_note,
    media_url: null,
  }));
}
