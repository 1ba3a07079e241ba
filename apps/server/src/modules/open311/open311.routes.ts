import { pickLocale } from "@gongzhi/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../platform/actor.js";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { resolveApiKey } from "../../platform/sessions.js";
import {
  type Format,
  fail,
  Open311Error,
  type Open311Status,
  type Problem,
  parseFormat,
  problem,
  sendAs,
  sendErrors,
} from "./open311.format.js";
import { listServices } from "./open311.repository.js";
import {
  definitionJson,
  type Fields,
  idempotencyKeyOf,
  jurisdictionOf,
  listRequests,
  listUpdates,
  oneRequest,
  postRequest,
  type Query,
  requestFilter,
  service,
  serviceJson,
} from "./open311.service.js";

export const OPEN311_PREFIX = "/open311/v2";
const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
const tags = ["open311"];
/** Public on purpose: GeoReport v2 is an open interface. Posting needs an `api_key`, checked by the handler. */
const config = { permission: "public" as const };

/** The format a URL asks for (`….xml` or `….json`); errors of a URL with neither answer in JSON. */
function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split("?")[0] ?? "") ? "xml" : "json";
}

function formatOf(req: FastifyRequest): Format {
  const f = parseFormat((req.params as { format?: string }).format);
  if (!f) throw fail(400, "format");
  return f;
}

/** Form fields as they came, every value of a repeated name kept. */
export function parseForm(body: string): Fields {
  const fields: Fields = new Map();
  for (const [k, v] of new URLSearchParams(body)) {
    const list = fields.get(k);
    if (list) list.push(v);
    else fields.set(k, [v]);
  }
  return fields;
}

/** The body as fields: a form, or (leniently) a flat JSON object, `attribute` as an object of answers. */
function fieldsOf(body: unknown): Fields {
  if (body instanceof Map) return body as Fields;
  if (body === undefined || body === null) return new Map();
  if (typeof body !== "object" || Array.isArray(body)) throw fail(400, "unreadable");
  const fields: Fields = new Map();
  const add = (k: string, v: unknown) => {
    const values = (Array.isArray(v) ? v : [v]).filter((x) => ["string", "number", "boolean"].includes(typeof x)).map(String);
    if (values.length) fields.set(k, [...(fields.get(k) ?? []), ...values]);
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === "attribute" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [code, answer] of Object.entries(v)) add(Array.isArray(answer) ? `attribute[${code}][]` : `attribute[${code}]`, answer);
    } else add(k, v);
  }
  return fields;
}

const single = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * The client posting a request: the `api_key` field (or query parameter, or the `x-api-key` header the guard
 * already resolved) names an unrevoked key, else 403.
 */
async function clientOf(deps: Deps, req: FastifyRequest, fields: Fields): Promise<Actor> {
  if (req.actor?.kind === "api_client") return req.actor;
  const given = fields.get("api_key") ?? [];
  const fromQuery = (req.query as Query).api_key;
  const keys = given.length ? given : fromQuery === undefined ? [] : Array.isArray(fromQuery) ? fromQuery : [fromQuery];
  if (!keys.length || !keys[0]) throw fail(403, "api_key_missing");
  const actor = keys.length === 1 && keys[0].length <= 200 ? await resolveApiKey(deps.db, keys[0]) : null;
  if (!actor) throw fail(403, "api_key_invalid");
  return actor;
}

/** A GET may carry an `api_key`; when it does, it must be a valid one. */
async function checkOptionalKey(deps: Deps, req: FastifyRequest): Promise<void> {
  const key = (req.query as Query).api_key;
  if (key === undefined || req.actor?.kind === "api_client") return;
  const one = single(key);
  if (!one || one.length > 200 || !(await resolveApiKey(deps.db, one))) throw fail(403, "api_key_invalid");
}

async function jurisdictionOfQuery(deps: Deps, req: FastifyRequest) {
  const j = (req.query as Query).jurisdiction_id;
  if (Array.isArray(j)) throw fail(400, "repeated", { f: "jurisdiction_id" });
  return jurisdictionOf(deps.db, j);
}

/** Errors in the standard's form, whatever went wrong: 404, 403, 400, and 500 only for the unexpected. */
function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const format = formatOfUrl(req.url);
  const locale = pickLocale(req.headers["accept-language"]);
  const answer = (status: Open311Status, problems: Problem[]) => sendErrors(reply, format, status, problems, locale);
  if (err instanceof Open311Error) return answer(err.status, err.problems);
  if (err instanceof AppError) {
    if (err.code.startsWith("auth.") || err.status === 401 || err.status === 403) return answer(403, [problem("api_key_invalid")]);
    if (err.status === 404) return answer(404, [problem("not_found")]);
    if (err.status === 413) return answer(400, [problem("too_large")]);
    return answer(400, [problem("bad_request")]);
  }
  const e = err as FastifyError;
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || e.statusCode === 413) return answer(400, [problem("too_large")]);
  // Text the database cannot store (a NUL character) is the request's fault.
  if (e.code === "22021" || e.code === "22P05") return answer(400, [problem("bad_request")]);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return answer(400, [problem("unreadable")]);
  req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, "unhandled error");
  return answer(500, [problem("internal")]);
}

/**
 * Open311 GeoReport v2 at /open311/v2: discovery, services and their definitions, posting and reading requests, and
 * the mySociety extension `servicerequestupdates`, in JSON and XML. Its errors keep the standard's form.
 */
export async function open311Routes(app: FastifyInstance, deps: Deps) {
  await app.register(
    async (o) => {
      o.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
        done(null, parseForm(body as string));
      });
      o.setErrorHandler(handleError);
      const notFound = (req: FastifyRequest, reply: FastifyReply) =>
        sendErrors(reply, formatOfUrl(req.url), 404, [problem("not_found")], pickLocale(req.headers["accept-language"]));
      o.setNotFoundHandler(notFound);
      // Any other path under the prefix is an unknown resource of this interface (and not a page of the web app).
      o.route({
        method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        url: "/*",
        config,
        schema: { hide: true },
        handler: notFound,
      });

      o.get(
        "/discovery.:format",
        {
          config,
          schema: { tags, summary: "Service discovery: the GeoReport v2 endpoint, its formats, whom to ask for a key" },
        },
        async (req, reply) => {
          const format = formatOf(req);
          const { rows } = await deps.db.query<{ applied_at: Date }>(
            "SELECT applied_at FROM schema_migrations WHERE name = '0005_open311.sql'",
          );
          const changeset = (rows[0]?.applied_at ?? new Date(0)).toISOString();
          const url = `${req.protocol}://${req.host}${OPEN311_PREFIX}`;
          const endpoint = {
            specification: SPECIFICATION,
            url,
            changeset,
            type: "production",
            formats: ["application/json", "text/xml"],
          };
          const doc = {
            changeset,
            contact: "共治平台管理员（市级系统管理员）",
            key_service: "API 密钥由系统管理员在共治控制台“系统管理 › API 密钥”中签发",
            endpoints: [endpoint],
          };
          return sendAs(reply, format, 200, doc, () => ({
            discovery: { ...doc, endpoints: { endpoint: [{ ...endpoint, formats: { format: endpoint.formats } }] } },
          }));
        },
      );

      o.get(
        "/services.:format",
        {
          config,
          schema: {
            tags,
            summary: "Services: every case category that accepts residents' reports (group: its top-level category)",
          },
        },
        async (req, reply) => {
          const format = formatOf(req);
          await checkOptionalKey(deps, req);
          await jurisdictionOfQuery(deps, req);
          const list = (await listServices(deps.db)).map(serviceJson);
          return sendAs(reply, format, 200, list, () => ({ services: { service: list } }));
        },
      );

      o.get(
        "/services/:service_code.:format",
        { config, schema: { tags, summary: "A service definition: the category's extra questions as attributes" } },
        async (req, reply) => {
          const format = formatOf(req);
          await checkOptionalKey(deps, req);
          await jurisdictionOfQuery(deps, req);
          const def = definitionJson(await service(deps.db, (req.params as { service_code: string }).service_code));
          return sendAs(reply, format, 200, def, () => ({
            service_definition: {
              service_code: def.service_code,
              attributes: { attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })) },
            },
          }));
        },
      );

      o.post(
        "/requests.:format",
        {
          config,
          schema: {
            tags,
            summary: "Post a service request (form-encoded, with api_key): it becomes a case like a resident's report",
            description:
              "Fields: api_key, service_code, lat and long or address_string or address_id (a community, compound or building code), " +
              "attribute[code] (attribute[code][] for a multi-value list), description (4,000 characters), media_url, email, phone, " +
              "first_name, last_name, device_id, account_id, jurisdiction_id. An Idempotency-Key header makes retries safe; without one, " +
              "the same fields posted again on the same day answer the first request.",
          },
        },
        async (req, reply) => {
          const format = formatOf(req);
          const fields = fieldsOf(req.body);
          const client = await clientOf(deps, req, fields);
          const out = await postRequest(deps, client, auditContext(client, req.ip), fields, {
            idempotencyKey: idempotencyKeyOf(req.headers["idempotency-key"]),
          });
          const { created: _created, ...json } = out;
          return sendAs(reply, format, 200, [json], () => ({ service_requests: { request: [json] } }));
        },
      );

      o.get(
        "/requests.:format",
        {
          config,
          schema: {
            tags,
            summary: "Requests posted through Open311, newest first",
            description:
              "Filters: service_request_id (comma-separated, overrides the others), service_code, start_date, end_date, status=open|closed; " +
              "by default the last 90 days, at most 1,000; page and page_size (up to 1,000). No personal data is shown.",
          },
        },
        async (req, reply) => {
          const format = formatOf(req);
          await checkOptionalKey(deps, req);
          const j = await jurisdictionOfQuery(deps, req);
          const list = await listRequests(deps.db, requestFilter(req.query as Query, j));
          return sendAs(reply, format, 200, list, () => ({ service_requests: { request: list } }));
        },
      );

      o.get(
        "/requests/:service_request_id.:format",
        { config, schema: { tags, summary: "One request by its id (the case number)" } },
        async (req, reply) => {
          const format = formatOf(req);
          await checkOptionalKey(deps, req);
          const j = await jurisdictionOfQuery(deps, req);
          const list = await oneRequest(deps.db, (req.params as { service_request_id: string }).service_request_id, j);
          return sendAs(reply, format, 200, list, () => ({ service_requests: { request: list } }));
        },
      );

      o.get(
        "/servicerequestupdates.:format",
        {
          config,
          schema: {
            tags,
            summary: "mySociety extension: the public steps of Open311 requests between start_date and end_date, oldest first",
          },
        },
        async (req, reply) => {
          const format = formatOf(req);
          await checkOptionalKey(deps, req);
          const j = await jurisdictionOfQuery(deps, req);
          const list = await listUpdates(deps.db, req.query as Query, j);
          return sendAs(reply, format, 200, list, () => ({ service_request_updates: { request_update: list } }));
        },
      );
    },
    { prefix: OPEN311_PREFIX },
  );
}
