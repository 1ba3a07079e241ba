import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditContext } from "../../platform/audit.js";
import { buildAreas, TEST_PASSWORD } from "../../test/factories.js";
import { anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { issueApiKey } from "../api-keys/api-keys.routes.js";
import { buildCaseWorld, type CaseWorld, COMMUNITY, FAR_POINT, NEIGHBOUR, NOWHERE, POINT } from "../cases/intake.fixtures.js";

/**
 * Open311 GeoReport v2, as a client written from the specification sees it: every JSON answer is validated with
 * ajv against the official schemas, every XML answer is parsed and checked for the same fields, and every error
 * case of the standard is checked in both formats.
 */

const SCHEMAS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../../shared/open311/georeport-v2");
const schema = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, name), "utf8"));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(schema("request.json"), "request.json");
ajv.addSchema(schema("service.json"), "service.json");
const validators: Record<string, ValidateFunction> = {
  services: ajv.compile(schema("services.json")),
  definition: ajv.compile(schema("service-definition.json")),
  requests: ajv.compile(schema("requests.json")),
};

function expectValid(kind: keyof typeof validators, body: unknown) {
  const v = validators[kind]!;
  const ok = v(body);
  expect(ok, JSON.stringify(v.errors)).toBe(true);
}

const LISTS = ["service", "attribute", "value", "request", "error", "request_update", "endpoint", "format"];
const xml = new XMLParser({ isArray: (name) => LISTS.includes(name), parseTagValue: false, ignoreDeclaration: true });

let t: TestContext;
let w: CaseWorld;
let apiKey: string;
let apiKeyId: string;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      w = await buildCaseWorld(deps);
      const k = await deps.db.tx((q) => issueApiKey(q, "市民随手拍", null, auditContext(null, null)));
      apiKey = k.key;
      apiKeyId = k.apiKey.id;
      // A category not offered to the public, which must not be a service.
      await deps.db.query("UPDATE case_categories SET public = false WHERE code = 'BJ0103'");
    },
  });
});
afterAll(() => t.close());

interface Res {
  status: number;
  type: string;
  text: string;
  json: any;
  xml: any;
}

async function call(method: "GET" | "POST", url: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  let payload: string | undefined;
  if (form) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    payload = p.toString();
  }
  const res = await t.app.inject({
    method,
    url: `/open311/v2${url}`,
    payload,
    headers: form ? { "content-type": "application/x-www-form-urlencoded", ...headers } : headers,
  });
  const type = String(res.headers["content-type"] ?? "");
  const out: Res = { status: res.statusCode, type, text: res.body, json: null, xml: null };
  if (type.startsWith("application/json")) out.json = JSON.parse(res.body);
  if (type.startsWith("text/xml")) {
    expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    out.xml = xml.parse(res.body);
  }
  return out;
}

const get = (url: string, headers?: Record<string, string>) => call("GET", url, undefined, headers);
const post = (format: "json" | "xml", form: Record<string, string | string[]>, headers?: Record<string, string>) =>
  call("POST", `/requests.${format}`, form, headers);

/** A streetlight report as a civic app would post it. */
const streetlight = (over: Record<string, string | string[]> = {}) => ({
  api_key: apiKey,
  service_code: "BJ0102",
  lat: String(POINT.lat),
  long: String(POINT.lng),
  address_string: "青春山路与康和路交叉口",
  description: `青春山路路灯不亮 ${Math.random()}`,
  "attribute[fault]": "1",
  "attribute[lamp_count]": "3",
  email: "zhang.san@example.com",
  phone: "+86 138 1234 5678",
  first_name: "三",
  last_name: "张",
  device_id: "device-42",
  media_url: "https://photos.example.com/lamp.jpg",
  ...over,
});

/** Every field of a request as the XML carries it, compared with the JSON's (XML holds text; null is empty). */
function sameAsJson(x: Record<string, string>, j: Record<string, unknown>) {
  for (const [k, v] of Object.entries(j)) expect(x[k], k).toBe(v === null ? "" : String(v));
}

/** The standard's error answer, in either format, with the given status on every entry. */
function expectErrors(r: Res, status: number, format: "json" | "xml", count = 1): string[] {
  expect(r.status).toBe(status);
  if (format === "json") {
    expect(r.type).toBe("application/json; charset=utf-8");
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.length).toBeGreaterThanOrEqual(count);
    for (const e of r.json) {
      expect(Object.keys(e).sort()).toEqual(["code", "description"]);
      expect(e.code).toBe(status);
      expect(typeof e.description).toBe("string");
      expect(e.description.length).toBeGreaterThan(0);
    }
    return r.json.map((e: { description: string }) => e.description);
  }
  expect(r.type).toBe("text/xml; charset=utf-8");
  const errors = r.xml.errors.error as { code: string; description: string }[];
  expect(errors.length).toBeGreaterThanOrEqual(count);
  for (const e of errors) {
    expect(e.code).toBe(String(status));
    expect(e.description.length).toBeGreaterThan(0);
  }
  return errors.map((e) => e.description);
}

describe("discovery and services", () => {
  it("discovery names the v2 endpoint with both formats", async () => {
    const j = await get("/discovery.json");
    expect(j.status).toBe(200);
    expect(j.type).toBe("application/json; charset=utf-8");
    expect(j.json.endpoints).toEqual([
      expect.objectContaining({
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: expect.stringMatching(/\/open311\/v2$/),
        type: "production",
        formats: ["application/json", "text/xml"],
      }),
    ]);
    expect(Date.parse(j.json.changeset)).not.toBeNaN();
    expect(j.json.contact).toBeTruthy();
    const x = await get("/discovery.xml");
    expect(x.status).toBe(200);
    expect(x.xml.discovery.endpoints.endpoint[0].formats.format).toEqual(["application/json", "text/xml"]);
    expect(x.xml.discovery.changeset).toBe(j.json.changeset);
  });

  it("lists the public categories as services, valid against services.json, the same in XML", async () => {
    const j = await get("/services.json");
    expect(j.status).toBe(200);
    expectValid("services", j.json);
    const lamp = j.json.find((s: { service_code: string }) => s.service_code === "BJ0102");
    expect(lamp).toEqual({
      service_code: "BJ0102",
      service_name: "路灯损坏",
      description: null,
      metadata: true,
      type: "realtime",
      keywords: "路灯,灯杆,不亮,照明",
      group: expect.any(String),
    });
    // Not public: not a service. A top-level category with public sub-categories is their group, not a service.
    const codes = j.json.map((s: { service_code: string }) => s.service_code);
    expect(codes).not.toContain("BJ0103");
    const groups = new Set(j.json.map((s: { group: string | null }) => s.group));
    const { rows } = await t.db.query<{ code: string; name: string }>(
      "SELECT code, name FROM case_categories WHERE parent_code IS NULL AND EXISTS (SELECT 1 FROM case_categories c WHERE c.parent_code = case_categories.code)",
    );
    for (const top of rows) expect(codes).not.toContain(top.code);
    expect(groups.has(lamp.group)).toBe(true);
    expect(rows.map((r) => r.name)).toContain(lamp.group);
    // Services without extra questions say so.
    expect(j.json.find((s: { service_code: string }) => s.service_code === "BJ0104")?.metadata).toBe(false);

    const x = await get("/services.xml");
    expect(x.status).toBe(200);
    const services = x.xml.services.service as Record<string, string>[];
    expect(services).toHaveLength(j.json.length);
    for (const [i, s] of services.entries()) sameAsJson(s, j.json[i]);
  });

  it("a service definition carries the category's extra questions as attributes, valid against service-definition.json", async () => {
    const j = await get("/services/BJ0102.json");
    expect(j.status).toBe(200);
    expectValid("definition", j.json);
    expect(j.json.service_code).toBe("BJ0102");
    expect(j.json.attributes.map((a: { code: string }) => a.code)).toEqual(["fault", "lamp_count", "pole_number"]);
    expect(j.json.attributes[0]).toMatchObject({
      variable: true,
      code: "fault",
      datatype: "singlevaluelist",
      required: true,
      order: 1,
      description: "路灯是什么情况",
      values: expect.arrayContaining([{ key: "1", name: "不亮" }]),
    });
    expect(j.json.attributes[1]).toMatchObject({ datatype: "number", required: false, datatype_description: "填数字" });

    const x = await get("/services/BJ0102.xml");
    expect(x.status).toBe(200);
    const def = x.xml.service_definition;
    expect(def.service_code).toBe("BJ0102");
    const attrs = def.attributes.attribute as Record<string, any>[];
    expect(attrs.map((a) => a.code)).toEqual(["fault", "lamp_count", "pole_number"]);
    for (const [i, a] of attrs.entries()) {
      const ja = j.json.attributes[i];
      for (const k of ["variable", "code", "datatype", "required", "order", "description"]) expect(a[k], k).toBe(String(ja[k]));
      expect(a.datatype_description).toBe(ja.datatype_description ?? "");
      expect(a.values === "" ? [] : a.values.value).toEqual(ja.values);
    }
    // A service without questions has an empty list of attributes.
    const plain = await get("/services/BJ0104.json");
    expectValid("definition", plain.json);
    expect(plain.json.attributes).toEqual([]);
  });
});

describe("posting a request and following it", () => {
  it("round trip: POST with attributes → a case in the right grid → staff move it along → the request and its updates show it", async () => {
    const form = streetlight();
    const posted = await post("json", form);
    expect(posted.status).toBe(200);
    expect(posted.json).toEqual([
      { service_request_id: expect.stringMatching(/^MQ\d{8}-\d{6}$/), service_notice: expect.any(String), account_id: null },
    ]);
    const id = posted.json[0].service_request_id as string;
    expect(posted.json[0].service_notice).toContain("一般在2个工作日内办结");

    // The case: the same loop as a resident's report from the phone.
    const row = (await t.db.query<Record<string, any>>("SELECT * FROM cases WHERE number = $1", [id])).rows[0]!;
    expect(row).toMatchObject({
      channel: "resident_report",
      source: "open311",
      api_key_id: apiKeyId,
      category_code: "BJ0102",
      area_code: COMMUNITY,
      grid_id: w.grids.community,
      status: "submitted",
      reporter_name: "张三",
      location_text: "青春山路与康和路交叉口",
      attributes: { fault: "1", lamp_count: 3 },
    });
    expect(posted.json[0].service_notice).toContain(row.tracking_code);
    // Personal data: encrypted at rest, never in clear.
    expect(String(row.reporter_phone_enc)).toMatch(/^v1:/);
    const extra = (await t.db.query<Record<string, any>>("SELECT * FROM open311_requests WHERE case_id = $1", [row.id])).rows[0]!;
    expect(extra).toMatchObject({ api_key_id: apiKeyId, media_url: form.media_url });
    expect(String(extra.email_enc)).toMatch(/^v1:/);
    expect(String(extra.device_id_enc)).toMatch(/^v1:/);
    expect(JSON.stringify([row, extra])).not.toMatch(/13812345678|zhang\.san|device-42/);
    expect(t.deps.vault.decrypt(String(row.reporter_phone_enc))).toBe("13812345678");
    expect(t.deps.vault.decrypt(String(extra.email_enc))).toBe("zhang.san@example.com");
    // First event, audit entry, notice to the community's staff.
    const events = await t.db.query<{ action: string; actor_label: string; note: string }>(
      "SELECT action, actor_label, note FROM case_events WHERE case_id = $1",
      [row.id],
    );
    expect(events.rows).toEqual([{ action: "submit", actor_label: "api:市民随手拍", note: expect.stringContaining(form.media_url) }]);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'case.submit' AND object_id = $1", [row.id]);
    expect(audit.rows).toHaveLength(1);
    const notices = await t.db.query<{ account_id: string }>("SELECT account_id FROM notifications WHERE case_id = $1", [row.id]);
    expect(notices.rows.map((n) => n.account_id)).toEqual([w.accounts.staff]);

    // Public: submitted, no personal data.
    const first = await get(`/requests/${id}.json`);
    expect(first.status).toBe(200);
    expectValid("requests", first.json);
    expect(first.json).toHaveLength(1);
    expect(first.json[0]).toMatchObject({
      service_request_id: id,
      status: "open",
      status_notes: "已收到您反映的问题，正在分析处理",
      service_name: "路灯损坏",
      service_code: "BJ0102",
      description: form.description,
      expected_datetime: null,
      address: "青春山路与康和路交叉口",
      address_id: COMMUNITY,
      lat: POINT.lat,
      long: POINT.lng,
      media_url: form.media_url,
    });
    expect(first.text).not.toMatch(/13812345678|138\*|zhang|张三|device-42/);

    // Staff move it along: triage (ledger, deadline, handler), the grid worker accepts and resolves.
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const triage = await staff.post(`/api/v1/cases/${row.id}/triage`, { categoryCode: "BJ0102" });
    expect(triage.status).toBe(200);
    const deadline = triage.body.deadlineAt as string;
    expect(deadline).toBeTruthy();
    const assigned = await get(`/requests/${id}.json`);
    expectValid("requests", assigned.json);
    expect(assigned.json[0]).toMatchObject({ status: "open", expected_datetime: deadline, agency_responsible: "网格员" });
    expect(assigned.json[0].status_notes).toContain("已登记台账");

    const worker = await loginAs(t.app, "gridWorker", TEST_PASSWORD);
    expect((await worker.post(`/api/v1/cases/${row.id}/actions/accept`, { note: "马上去看" })).status).toBe(200);
    expect((await worker.post(`/api/v1/cases/${row.id}/actions/resolve`, { result: "路灯已修复" })).status).toBe(200);
    const resolved = await get(`/requests/${id}.json`);
    expectValid("requests", resolved.json);
    expect(resolved.json[0].status).toBe("open");
    expect(resolved.json[0].status_notes).toBe("已办结：路灯已修复。请您对办理结果进行评价");
    expect(Date.parse(resolved.json[0].updated_datetime)).toBeGreaterThanOrEqual(Date.parse(first.json[0].updated_datetime));

    // The reporter rates it with the tracking code the service notice gave: closed.
    const rate = await anonymous(t.app).post(`/api/v1/cases/track/${row.tracking_code}/rate`, { rating: "satisfied" });
    expect(rate.status).toBe(200);
    const closed = await get(`/requests/${id}.json`);
    expectValid("requests", closed.json);
    expect(closed.json[0].status).toBe("closed");
    expect(closed.json[0].status_notes).toContain("事项已办结");

    const x = await get(`/requests/${id}.xml`);
    expect(x.status).toBe(200);
    const req = x.xml.service_requests.request as Record<string, string>[];
    expect(req).toHaveLength(1);
    sameAsJson(req[0]!, closed.json[0]);

    // The updates: each step the reporter would read, with the mySociety states, oldest first.
    const start = encodeURIComponent(new Date(Date.now() - 3600_000).toISOString());
    const updates = await get(`/servicerequestupdates.json?start_date=${start}`);
    expect(updates.status).toBe(200);
    const mine = updates.json.filter((u: { service_request_id: string }) => u.service_request_id === id);
    expect(mine.map((u: { status: string }) => u.status)).toEqual(["OPEN", "ACTION_SCHEDULED", "IN_PROGRESS", "FIXED", "CLOSED"]);
    expect(mine.map((u: { external_status_code: string }) => u.external_status_code)).toEqual([
      "submitted",
      "assigned",
      "in_progress",
      "resolved",
      "closed",
    ]);
    for (const u of mine) {
      expect(Object.keys(u).sort()).toEqual(
        ["description", "external_status_code", "media_url", "service_request_id", "status", "update_id", "updated_datetime"].sort(),
      );
      expect(u.updated_datetime).toMatch(/T.*Z$/);
    }
    expect(mine[3].description).toContain("路灯已修复");
    expect(new Set(mine.map((u: { update_id: string }) => u.update_id)).size).toBe(mine.length);
    const ux = await get(`/servicerequestupdates.xml?start_date=${start}`);
    const xu = (ux.xml.service_request_updates.request_update as Record<string, string>[]).filter((u) => u.service_request_id === id);
    expect(xu).toHaveLength(mine.length);
    for (const [i, u] of xu.entries()) sameAsJson(u, mine[i]);
    // A window that ends before the resolution does not show it.
    const before = await get(
      `/servicerequestupdates.json?start_date=${start}&end_date=${encodeURIComponent(first.json[0].updated_datetime)}`,
    );
    expect(
      before.json.filter((u: { service_request_id: string }) => u.service_request_id === id).map((u: { status: string }) => u.status),
    ).toEqual(["OPEN"]);
  });

  it("answers in XML too, and takes multi-value lists as attribute[code][]", async () => {
    // 噪音扰民 style: find a service with a multi-value list among the definitions.
    const services = (await get("/services.json")).json as { service_code: string; metadata: boolean }[];
    let multi: { code: string; attribute: string; keys: string[] } | null = null;
    for (const s of services.filter((x) => x.metadata)) {
      const def = (await get(`/services/${s.service_code}.json`)).json;
      const a = def.attributes.find((x: { datatype: string }) => x.datatype === "multivaluelist");
      if (a) {
        multi = { code: s.service_code, attribute: a.code, keys: a.values.map((v: { key: string }) => v.key) };
        break;
      }
    }
    expect(multi).not.toBeNull();
    const def = (await get(`/services/${multi!.code}.json`)).json;
    const form: Record<string, string | string[]> = {
      api_key: apiKey,
      service_code: multi!.code,
      lat: String(POINT.lat),
      long: String(POINT.lng),
      description: "多选测试",
      [`attribute[${multi!.attribute}][]`]: multi!.keys.slice(0, 2),
    };
    for (const a of def.attributes.filter((x: { required: boolean; code: string }) => x.required && x.code !== multi!.attribute)) {
      form[`attribute[${a.code}]`] = a.values.length ? a.values[0].key : a.datatype === "number" ? "1" : "是";
    }
    const r = await post("xml", form);
    expect(r.status).toBe(200);
    const out = r.xml.service_requests.request[0];
    expect(out.service_request_id).toMatch(/^MQ/);
    expect(out.service_notice).toContain("一般在");
    const row = (
      await t.db.query<{ attributes: Record<string, unknown>; anonymous: boolean }>(
        "SELECT attributes, anonymous FROM cases WHERE number = $1",
        [out.service_request_id],
      )
    ).rows[0]!;
    expect(row.attributes[multi!.attribute]).toEqual(multi!.keys.slice(0, 2));
    // No contact given: an anonymous report.
    expect(row.anonymous).toBe(true);
  });

  it("a place by address_id (an area code) or by the community named in address_string", async () => {
    const byId = await post(
      "json",
      streetlight({ lat: [], long: [], address_string: [], address_id: NEIGHBOUR, description: "按编码定位" }),
    );
    expect(byId.status).toBe(200);
    const a = await t.db.query<{ area_code: string; grid_id: string | null }>("SELECT area_code, grid_id FROM cases WHERE number = $1", [
      byId.json[0].service_request_id,
    ]);
    expect(a.rows[0]).toEqual({ area_code: NEIGHBOUR, grid_id: null });

    const byName = await post(
      "json",
      streetlight({ lat: [], long: [], address_string: "康巴什区青春山街道滨河社区 5 号楼门前", description: "按地址定位" }),
    );
    expect(byName.status).toBe(200);
    const b = await t.db.query<{ area_code: string; location_text: string }>(
      "SELECT area_code, location_text FROM cases WHERE number = $1",
      [byName.json[0].service_request_id],
    );
    expect(b.rows[0]).toEqual({ area_code: NEIGHBOUR, location_text: "康巴什区青春山街道滨河社区 5 号楼门前" });
    // A point outside every grid falls back on the address.
    const fallback = await post(
      "json",
      streetlight({ lat: String(NOWHERE.lat), long: String(NOWHERE.lng), address_string: "滨河社区", description: "坐标偏了" }),
    );
    expect(fallback.status).toBe(200);
  });

  it("a repeated post answers the first request; an Idempotency-Key makes retries safe", async () => {
    const form = streetlight({ description: "重复提交" });
    const a = await post("json", form);
    const b = await post("json", form);
    expect(a.status).toBe(200);
    expect(b.json[0].service_request_id).toBe(a.json[0].service_request_id);
    const n = await t.db.query("SELECT 1 FROM cases WHERE description = '重复提交'");
    expect(n.rows).toHaveLength(1);
    const k = { "idempotency-key": `retry-${Date.now()}` };
    const c = await post("json", streetlight({ description: "带键提交" }), k);
    const d = await post("json", streetlight({ description: "带键提交" }), k);
    expect(d.json[0].service_request_id).toBe(c.json[0].service_request_id);
    // The same key with another request is refused.
    const e = await post("json", streetlight({ description: "另一件事" }), k);
    expectErrors(e, 400, "json");
  });

  it("the API key may also come as the x-api-key header", async () => {
    const r = await post("json", streetlight({ api_key: [], description: "请求头里的密钥" }), { "x-api-key": apiKey });
    expect(r.status).toBe(200);
  });
});

describe("GET requests", () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = [];
    for (const d of ["列表一", "列表二", "列表三"]) {
      ids.push((await post("json", streetlight({ description: d }))).json[0].service_request_id);
    }
  });

  it("lists requests newest first, valid against requests.json, with no personal data; the same in XML", async () => {
    const j = await get("/requests.json");
    expect(j.status).toBe(200);
    expectValid("requests", j.json);
    const list = j.json.map((r: { service_request_id: string }) => r.service_request_id);
    expect(list.slice(0, 3)).toEqual([...ids].reverse());
    expect(j.text).not.toMatch(/13812345678|zhang|张三|device-42|@example/);
    const x = await get("/requests.xml");
    const xr = x.xml.service_requests.request as Record<string, string>[];
    expect(xr).toHaveLength(j.json.length);
    for (const [i, r] of xr.entries()) sameAsJson(r, j.json[i]);
  });

  it("filters: service_request_id (overriding the rest), service_code, status, dates, page and page_size", async () => {
    const byIds = await get(`/requests.json?service_request_id=${ids[0]},${ids[2]}&status=closed&service_code=XX99`);
    expectValid("requests", byIds.json);
    expect(byIds.json.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([ids[0], ids[2]].sort());
    const lamps = await get("/requests.json?status=open&service_code=BJ0102");
    expect(lamps.json.length).toBeGreaterThanOrEqual(3);
    expect(lamps.json.every((r: { status: string; service_code: string }) => r.status === "open" && r.service_code === "BJ0102")).toBe(
      true,
    );
    const open = await get("/requests.json?status=open");
    expect(open.json.length).toBeGreaterThan(lamps.json.length);
    const closed = await get("/requests.json?status=closed");
    expectValid("requests", closed.json);
    expect(closed.json.length).toBeGreaterThanOrEqual(1);
    expect(closed.json.every((r: { status: string }) => r.status === "closed")).toBe(true);
    const both = await get("/requests.json?status=open,closed");
    expect(both.json.length).toBe(open.json.length + closed.json.length);
    const future = await get(`/requests.json?start_date=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
    expect(future.json).toEqual([]);
    // A '+' left unescaped in the query string still reads as the time zone.
    const past = await get("/requests.json?start_date=2020-01-01T00:00:00+08:00&end_date=2020-02-01T00:00:00+08:00");
    expect(past.status).toBe(200);
    expect(past.json).toEqual([]);
    const page1 = await get("/requests.json?page_size=2");
    const page2 = await get("/requests.json?page_size=2&page=2");
    expect(page1.json).toHaveLength(2);
    expect(page2.json[0].service_request_id).not.toBe(page1.json[1].service_request_id);
    expect([...page1.json, ...page2.json].map((r: { service_request_id: string }) => r.service_request_id).slice(0, 3)).toEqual(
      both.json.slice(0, 3).map((r: { service_request_id: string }) => r.service_request_id),
    );
  });

  it("reports made on the phone are not published through Open311", async () => {
    const phone = await anonymous(t.app).post(
      "/api/v1/cases/report",
      { categoryCode: "BJ0102", description: "手机上报的路灯", location: POINT, attributes: { fault: "1" } },
      { "idempotency-key": `phone-${Date.now()}` },
    );
    expect(phone.status).toBe(201);
    expect((await get(`/requests/${phone.body.number}.json`)).status).toBe(404);
    expect((await get("/requests.json")).text).not.toContain(phone.body.number);
  });

  it("a request merged into another case follows that case", async () => {
    const dupe = (await post("json", streetlight({ description: "合并测试：路灯" }))).json[0].service_request_id as string;
    const target = (await post("json", streetlight({ description: "合并测试：主事项" }))).json[0].service_request_id as string;
    const ids2 = await t.db.query<{ id: string; number: string }>("SELECT id, number FROM cases WHERE number = ANY($1)", [[dupe, target]]);
    const idOf = (n: string) => ids2.rows.find((r) => r.number === n)!.id;
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const merged = await staff.post(`/api/v1/cases/${idOf(dupe)}/merge`, { into: idOf(target) });
    expect(merged.status).toBe(200);
    await staff.post(`/api/v1/cases/${idOf(target)}/triage`, { categoryCode: "BJ0102" });
    const r = await get(`/requests/${dupe}.json`);
    expectValid("requests", r.json);
    expect(r.json[0]).toMatchObject({ service_request_id: dupe, status: "open", agency_responsible: "网格员" });
    expect(r.json[0].status_notes).toContain("已登记台账");
    const start = encodeURIComponent(new Date(Date.now() - 3600_000).toISOString());
    const updates = (await get(`/servicerequestupdates.json?start_date=${start}`)).json.filter(
      (u: { service_request_id: string }) => u.service_request_id === dupe,
    );
    expect(updates.map((u: { status: string }) => u.status)).toEqual(["OPEN", "DUPLICATE", "ACTION_SCHEDULED"]);
  });
});

describe("errors, as the standard has them, in both formats", () => {
  for (const format of ["json", "xml"] as const) {
    describe(format, () => {
      it("404: an unknown service, request, jurisdiction or resource", async () => {
        expectErrors(await get(`/services/ZZ99.${format}`), 404, format);
        expectErrors(await get(`/services/BJ0103.${format}`), 404, format);
        expectErrors(await get(`/requests/MQ19990101-000001.${format}`), 404, format);
        expectErrors(await get(`/services.${format}?jurisdiction_id=nowhere.gov`), 404, format);
        expectErrors(await get(`/requests.${format}?jurisdiction_id=110000000000`), 404, format);
        expectErrors(await get(`/nothing-here.${format}`), 404, format);
        expectErrors(await post(format, streetlight({ service_code: "ZZ99" })), 404, format);
        expectErrors(await post(format, streetlight({ jurisdiction_id: "nowhere.gov" })), 404, format);
      });

      it("403: posting without an api_key, with a wrong one or a revoked one; a wrong one on a GET", async () => {
        const missing = expectErrors(await post(format, streetlight({ api_key: [] })), 403, format);
        expect(missing[0]).toContain("api_key");
        expectErrors(await post(format, streetlight({ api_key: "gzk_not-a-real-key" })), 403, format);
        const revoked = await t.db.tx((q) => issueApiKey(q, `revoked-${format}`, null, auditContext(null, null)));
        await t.db.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [revoked.apiKey.id]);
        expectErrors(await post(format, streetlight({ api_key: revoked.key })), 403, format);
        expectErrors(await get(`/requests.${format}?api_key=wrong`), 403, format);
        expectErrors(await post(format, streetlight({ api_key: [] }), { "x-api-key": "wrong" }), 403, format);
      });

      it("400: every problem of a post at once, and nothing is stored", async () => {
        const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0]!.n;
        const several = expectErrors(
          await post(format, {
            api_key: apiKey,
            lat: "north",
            long: "200",
            description: "长".repeat(4001),
            email: "not-an-email",
            phone: "12345",
            media_url: "javascript:alert(1)",
          }),
          400,
          format,
          7,
        );
        expect(several.join("\n")).toMatch(/service_code/);
        expect(several.join("\n")).toMatch(/lat/);
        expect(several.join("\n")).toMatch(/long/);
        expect(several.join("\n")).toMatch(/description/);
        expect(several.join("\n")).toMatch(/email/);
        expect(several.join("\n")).toMatch(/phone/);
        expect(several.join("\n")).toMatch(/media_url/);
        // Attributes are checked against the definition.
        const attrs = expectErrors(
          await post(format, streetlight({ "attribute[fault]": "99", "attribute[lamp_count]": "many" })),
          400,
          format,
          2,
        );
        expect(attrs.join("\n")).toMatch(/fault/);
        expect(attrs.join("\n")).toMatch(/lamp_count/);
        const required = expectErrors(await post(format, streetlight({ "attribute[fault]": [] })), 400, format);
        expect(required[0]).toContain("fault");
        // No location, a half location, a point in no grid, an unknown area code, an address we cannot place.
        expectErrors(await post(format, streetlight({ lat: [], long: [], address_string: [] })), 400, format);
        expectErrors(await post(format, streetlight({ long: [] })), 400, format);
        expectErrors(
          await post(format, streetlight({ lat: String(NOWHERE.lat), long: String(NOWHERE.lng), address_string: [] })),
          400,
          format,
        );
        expectErrors(await post(format, streetlight({ lat: [], long: [], address_string: [], address_id: "150603002999" })), 400, format);
        expectErrors(await post(format, streetlight({ lat: [], long: [], address_string: "火星大道 1 号" })), 400, format);
        // A field given twice; a body that is no form.
        expectErrors(await post(format, streetlight({ service_code: ["BJ0102", "BJ0104"] })), 400, format);
        const plain = await t.app.inject({
          method: "POST",
          url: `/open311/v2/requests.${format}`,
          payload: "service_code=BJ0102",
          headers: { "content-type": "text/plain" },
        });
        expect(plain.statusCode).toBe(400);
        expect(plain.headers["content-type"]).toContain(format === "json" ? "application/json" : "text/xml");
        const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0]!.n;
        expect(after).toBe(before);
      });

      it("400: bad filters of GET requests and servicerequestupdates, several at once", async () => {
        const errs = expectErrors(await get(`/requests.${format}?start_date=yesterday&status=pending&page_size=0`), 400, format, 3);
        expect(errs.join("\n")).toMatch(/start_date/);
        expect(errs.join("\n")).toMatch(/status/);
        expect(errs.join("\n")).toMatch(/page_size/);
        expectErrors(await get(`/requests.${format}?start_date=2026-05-01T00:00:00`), 400, format);
        expectErrors(await get(`/requests.${format}?start_date=2026-05-02T00:00:00Z&end_date=2026-05-01T00:00:00Z`), 400, format);
        expectErrors(await get(`/servicerequestupdates.${format}?end_date=soon`), 400, format);
      });
    });
  }

  it("an unknown format answers 400 in JSON", async () => {
    const r = await get("/services.html");
    expectErrors(r, 400, "json");
  });

  it("errors answer in English when asked", async () => {
    const r = await get("/services/ZZ99.json", { "accept-language": "en" });
    expect(r.json[0].description).toBe("Unknown service: ZZ99");
    const zh = await get("/services/ZZ99.json");
    expect(zh.json[0].description).toBe("未知的服务：ZZ99");
  });
});

describe("jurisdiction_id", () => {
  it("is optional while one city is served and checked when given", async () => {
    expect((await get("/services.json?jurisdiction_id=150600000000")).status).toBe(200);
    const ok = await post("json", streetlight({ jurisdiction_id: "150600000000", description: "带辖区编号" }));
    expect(ok.status).toBe(200);
    const row = await t.db.query<{ jurisdiction_id: string }>(
      "SELECT o.jurisdiction_id FROM open311_requests o JOIN cases c ON c.id = o.case_id WHERE c.number = $1",
      [ok.json[0].service_request_id],
    );
    expect(row.rows[0]?.jurisdiction_id).toBe("150600000000");
    expect((await get("/requests.json?jurisdiction_id=150600000000")).json.length).toBeGreaterThan(0);
  });

  it("is required once a second city is served, and keeps each city's requests apart", async () => {
    await buildAreas(t.db, [{ code: "150200000000", name: "包头市" }]);
    expectErrors(await get("/requests.json"), 400, "json");
    expectErrors(await post("xml", streetlight({ description: "没有辖区" })), 400, "xml");
    expect((await get("/requests.json?jurisdiction_id=150200000000")).json).toEqual([]);
    expect((await get("/requests.json?jurisdiction_id=150600000000")).json.length).toBeGreaterThan(0);
    // A point in Ordos posted to Baotou is outside its jurisdiction.
    expectErrors(await post("json", streetlight({ jurisdiction_id: "150200000000" })), 400, "json");
    expect(FAR_POINT.lat).toBeGreaterThan(0);
  });
});

describe("property: no input makes the interface answer 500, and every refusal keeps the standard's form", () => {
  const FIELDS = ["api_key", "service_code", "lat", "long", "address_string", "address_id", "description", "email", "phone", "media_url"];
  const odd = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.constantFrom(
      "",
      "\u0000",
      "\ud800",
      "BJ0102",
      "39.605",
      "109.775",
      "150603002001",
      "1e999",
      "-0",
      "NaN",
      "%zz",
      "MQ20261122-000001",
    ),
  );
  const fieldName = fc.oneof(
    fc.constantFrom(...FIELDS, "attribute[fault]", "attribute[lamp_count][]", "jurisdiction_id"),
    fc.string({ maxLength: 12 }),
  );
  const form = fc.array(fc.tuple(fieldName, odd), { maxLength: 12 });
  const segment = fc.oneof(fc.constantFrom("BJ0102", "ZZ99", "MQ20261122-000001"), fc.string({ maxLength: 20 }));
  const format = fc.constantFrom("json", "xml", "html", "");
  const query = fc.array(
    fc.tuple(
      fc.constantFrom(
        "start_date",
        "end_date",
        "status",
        "page",
        "page_size",
        "service_request_id",
        "service_code",
        "jurisdiction_id",
        "api_key",
      ),
      odd,
    ),
    { maxLength: 5 },
  );
  const contentType = fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data");

  it("holds for random paths, queries and bodies", async () => {
    await fc.assert(
      fc.asyncProperty(segment, format, query, form, contentType, fc.boolean(), async (seg, fmt, q, f, ct, withKey) => {
        const qs = new URLSearchParams(q).toString();
        const body = new URLSearchParams([...(withKey ? [["api_key", apiKey] as [string, string]] : []), ...f]).toString();
        const paths = [
          `/services.${fmt}`,
          `/services/${encodeURIComponent(seg)}.${fmt}`,
          `/requests.${fmt}`,
          `/requests/${encodeURIComponent(seg)}.${fmt}`,
          `/servicerequestupdates.${fmt}`,
          `/discovery.${fmt}`,
        ];
        for (const path of paths) {
          const res = await t.app.inject({ method: "GET", url: `/open311/v2${path}${qs ? `?${qs}` : ""}` });
          expect(res.statusCode, path).toBeLessThan(500);
          if (res.statusCode >= 400 && res.headers["content-type"]?.toString().startsWith("application/json")) {
            expect(JSON.parse(res.body)[0].code).toBe(res.statusCode);
          }
        }
        const payload = ct === "application/json" ? JSON.stringify(Object.fromEntries(f)) : body;
        const res = await t.app.inject({ method: "POST", url: `/open311/v2/requests.${fmt}`, payload, headers: { "content-type": ct } });
        expect(res.statusCode, payload).toBeLessThan(500);
        expect([200, 400, 403, 404]).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
