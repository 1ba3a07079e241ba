import fastifyMultipart from "@fastify/multipart";
import {
  caseBatchBodySchema,
  caseBatchReportSchema,
  caseIntakeResultSchema,
  caseReportSchema,
  caseSchema,
  caseStaffCreateSchema,
  idempotencyKeySchema,
  levelOfCode,
  pageOf,
  pageQuerySchema,
  pickLocale,
  publicCaseSchema,
} from "@gongzhi/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { inActorScope } from "../../platform/actor.js";
import { auditContext } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { AppError, notFound } from "../../platform/errors.js";
import { createRateLimiter } from "../../platform/rate-limit.js";
import { CASE_SELECT, type CaseRow, findCase, toCase } from "./cases.repository.js";
import { BATCH_MAX_BYTES, type BatchInput, readBatchSheet, runBatch } from "./intake.batch.js";
import {
  checkAnswers,
  createCase,
  decodePhotos,
  fingerprintOf,
  idempotencyKeyOf,
  PHOTOS_BODY_LIMIT,
  resolvePlace,
  titleFrom,
  usableCategory,
} from "./intake.js";
import { toPublicCase, trackedCase, trackingCodeSchema, trackingGuard } from "./intake.public.js";

const tags = ["cases"];
/** Reports without an account, per address: enough for a family, too few for a flood. */
const ANONYMOUS_REPORTS = { limit: 20, windowMs: 10 * 60_000 };

const STAFF_CHANNEL = { phone: "resident_report", visit: "cadre_visit", grid_patrol: "cadre_visit" } as const;
const STAFF_SOURCE_NOTE = { phone: "电话受理", visit: "走访登记", grid_patrol: "网格巡查发现" } as const;

/** The idempotency key of a submission: the Idempotency-Key header, else the body's field; required. */
function idempotencyKey(req: FastifyRequest, bodyKey: string | undefined): string {
  const header = req.headers["idempotency-key"];
  const raw = typeof header === "string" && header ? header : bodyKey;
  if (!raw) throw new AppError("domain.case_idempotency_key_required", undefined, 400);
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("validation.failed", [{ path: "headers.idempotency-key", code: "invalid_format", message: "格式不正确" }]);
  }
  return parsed.data;
}

const intakeResult = (row: CaseRow, replayed: boolean) => ({
  id: row.id,
  number: row.number,
  trackingCode: row.tracking_code,
  status: row.status,
  areaCode: row.area_code,
  areaName: row.area_name,
  gridName: row.grid_name,
  createdAt: row.created_at.toISOString(),
  replayed,
});

/**
 * Sends photo `n` of a case. With `reporterOnly`, only a photo of the report itself: photos staff attach to work
 * notes (case_photos.event_id set) are for staff, never for the holder of the tracking code.
 */
async function sendPhoto(deps: Deps, reply: FastifyReply, caseId: string, n: number, opts: { reporterOnly?: boolean } = {}) {
  const { rows } = await deps.db.query<{ mime: string; content: Buffer | Uint8Array }>(
    `SELECT mime, content FROM case_photos WHERE case_id = $1 AND seq = $2${opts.reporterOnly ? " AND event_id IS NULL" : ""}`,
    [caseId, n],
  );
  const p = rows[0];
  if (!p) throw notFound();
  return reply
    .type(p.mime)
    .header("cache-control", "private, max-age=3600")
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'")
    .send(Buffer.from(p.content));
}

/**
 * Intake through the three channels — residents' reports (with or without an account), staff logging calls,
 * visits and patrols, digital collection in batches — and the reporter's side: tracking a case by its code,
 * one's own list, the photos.
 */
export async function intakeRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, vault } = deps;
  const limiter = createRateLimiter(ANONYMOUS_REPORTS.limit, ANONYMOUS_REPORTS.windowMs);
  if (!app.hasContentTypeParser("multipart/form-data")) {
    await app.register(fastifyMultipart, { limits: { fileSize: BATCH_MAX_BYTES, files: 1, fields: 10 } });
  }

  r.post(
    "/api/v1/cases/report",
    {
      // Public on purpose: residents report without an account and follow the case by its tracking code.
      config: { permission: "public" },
      bodyLimit: PHOTOS_BODY_LIMIT,
      schema: {
        tags,
        summary: "A resident reports a need or problem (mobile page; with or without an account)",
        description:
          "Needs an Idempotency-Key header (or idempotencyKey): a retry answers the first submission's case (200). The place is a point " +
          "that lies in a grid, or a community chosen from GET /api/v1/case-areas; an address alone is kept as text. Photos are data " +
          "URLs (JPEG, PNG, WebP; 2 MB each, 6 at most). The answer holds the tracking code, shown only here and in the reporter's own list.",
        body: caseReportSchema,
        response: { 200: caseIntakeResultSchema, 201: caseIntakeResultSchema },
      },
    },
    async (req, reply) => {
      const actor = req.actor;
      const b = req.body;
      const key = idempotencyKey(req, b.idempotencyKey);
      if (!actor) {
        const wait = limiter.hit(req.ip);
        if (wait) throw new AppError("rate_limited", { retryAfterSeconds: wait });
      }
      const category = await usableCategory(db, b.categoryCode, { publicOnly: true });
      const attributes = checkAnswers(category.attributes, b.attributes);
      const photos = decodePhotos(b.photos);
      const place = await resolvePlace(deps, db, b);
      const { row, created } = await createCase(deps, actor, auditContext(actor, req.ip), {
        channel: "resident_report",
        source: actor?.kind === "api_client" ? "api" : "mobile",
        categoryCode: category.code,
        title: b.title ?? titleFrom(b.description, category.name),
        description: b.description,
        place,
        reporterAccountId: actor?.kind === "account" ? actor.id : null,
        reporterName: b.contact?.name ?? null,
        reporterPhone: b.contact?.phone ?? null,
        anonymous: b.anonymous,
        attributes,
        photos,
        apiKeyId: actor?.kind === "api_client" ? actor.id : null,
        idempotencyKey: idempotencyKeyOf("report", key),
        fingerprint: fingerprintOf(b),
      });
      return reply.status(created ? 201 : 200).send(intakeResult(row, !created));
    },
  );

  r.post(
    "/api/v1/cases",
    {
      config: { permission: "cases.create" },
      bodyLimit: PHOTOS_BODY_LIMIT,
      schema: {
        tags,
        summary: "Staff log a case: a phone call, a visit, or what a grid worker finds on patrol",
        description:
          "Needs an Idempotency-Key header (or idempotencyKey). Without a point or area, the case is placed at the actor's own " +
          "community (grid workers, community staff). The place must lie in the actor's scope.",
        body: caseStaffCreateSchema,
        response: {
          200: caseSchema.extend({ trackingCode: z.string(), replayed: z.boolean() }),
          201: caseSchema.extend({ trackingCode: z.string(), replayed: z.boolean() }),
        },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const b = req.body;
      const key = idempotencyKey(req, b.idempotencyKey);
      const category = b.categoryCode ? await usableCategory(db, b.categoryCode, { publicOnly: false }) : null;
      // Staff taking a call may not have every answer the report page asks for: what they give is checked.
      const attributes = category ? checkAnswers(category.attributes, b.attributes, { requireAll: false }) : {};
      const photos = decodePhotos(b.photos);
      const own = actor.areaCode && ["community", "compound", "building"].includes(levelOfCode(actor.areaCode)) ? actor.areaCode : null;
      const place = await resolvePlace(deps, db, b, { staff: true, fallbackArea: own });
      if (!inActorScope(actor, place.areaCode))
        throw new AppError("domain.area_outside_scope", { field: b.areaCode ? "areaCode" : "location" });
      const { row, created } = await createCase(deps, actor, auditContext(actor, req.ip), {
        channel: STAFF_CHANNEL[b.source],
        source: b.source,
        categoryCode: category?.code ?? null,
        title: b.title ?? titleFrom(b.description, category?.name ?? "诉求"),
        description: b.description,
        urgency: b.urgency,
        place,
        reporterAccountId: null,
        reporterName: b.contact?.name ?? null,
        reporterPhone: b.contact?.phone ?? null,
        anonymous: b.anonymous,
        attributes,
        photos,
        idempotencyKey: idempotencyKeyOf("staff", key, actor.id),
        fingerprint: fingerprintOf(b),
        note: `${STAFF_SOURCE_NOTE[b.source]}（${actor.label}）`,
      });
      return reply.status(created ? 201 : 200).send({ ...toCase(row, actor, vault), trackingCode: row.tracking_code, replayed: !created });
    },
  );

  r.post(
    "/api/v1/cases/batch",
    {
      config: { permission: "cases.import" },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: "Digital collection: a batch of records from another system, as JSON or an .xlsx sheet",
        description:
          "JSON: an array of records, or {system, items}; or multipart with an .xlsx in field `file` (columns 外部编号, 分类编码, 标题, " +
          "描述, 纬度, 经度, 地址, 区划代码, 上报时间). At most 1000 records. A record whose external id was taken before answers its " +
          "existing case. Each record is written on its own; the report lists each row's outcome and problems. `dryRun` only checks.",
        querystring: z.object({
          dryRun: z
            .enum(["true", "false"])
            .default("false")
            .transform((v) => v === "true"),
          system: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,40}$/)
            .optional(),
        }),
        body: caseBatchBodySchema.nullish(),
        response: { 200: caseBatchReportSchema },
      },
    },
    async (req) => {
      const actor = req.actor!;
      let rows: BatchInput[];
      let system = req.query.system ?? "import";
      let fromSheet = false;
      if (req.isMultipart()) {
        const file = await req.file().catch(() => undefined);
        if (!file || file.fieldname !== "file") throw new AppError("domain.case_batch_file");
        const buf = await file.toBuffer().catch(() => {
          throw new AppError("request.too_large");
        });
        rows = await readBatchSheet(buf);
        fromSheet = true;
      } else {
        const body = req.body;
        if (!body) throw new AppError("domain.case_batch_empty");
        const items = Array.isArray(body) ? body : body.items;
        if (!Array.isArray(body)) system = req.query.system ?? body.system;
        rows = items.map((value, i) => ({ row: i + 1, value }));
      }
      if (!rows.length) throw new AppError("domain.case_batch_empty");
      return runBatch(deps, actor, auditContext(actor, req.ip), {
        system,
        rows,
        dryRun: req.query.dryRun,
        locale: pickLocale(req.headers["accept-language"]),
        fromSheet,
      });
    },
  );

  const trackParams = z.object({ code: trackingCodeSchema });
  const guard = trackingGuard();

  r.get(
    "/api/v1/cases/track/:code",
    {
      // Public on purpose: the tracking code is the reporter's key to their case.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "A case as its reporter sees it, by tracking code: status in plain Chinese and the public steps",
        params: trackParams,
        response: { 200: publicCaseSchema },
      },
    },
    async (req) => toPublicCase(db, await trackedCase(db, guard, req, req.params.code), { showCode: false }),
  );

  r.get(
    "/api/v1/cases/track/:code/photos/:n",
    {
      // Public on purpose: the reporter's own photos, for the holder of the tracking code.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "A photo of the report, by tracking code (the reporter's own photos only, never staff's work-note photos)",
        params: trackParams.extend({ n: z.coerce.number().int().min(1).max(100) }),
      },
    },
    async (req, reply) => {
      const row = await trackedCase(db, guard, req, req.params.code);
      return sendPhoto(deps, reply, row.id, req.params.n, { reporterOnly: true });
    },
  );

  r.get(
    "/api/v1/my/cases",
    {
      config: { permission: "authenticated" },
      schema: {
        tags,
        summary: "The cases the logged-in resident reported, as they see them (with their tracking codes)",
        querystring: pageQuerySchema,
        response: { 200: pageOf(publicCaseSchema) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      if (actor.kind !== "account") return { items: [], total: 0, page: req.query.page, pageSize: req.query.pageSize };
      const { page, pageSize } = req.query;
      const total = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE reporter_account_id = $1", [actor.id]);
      const { rows } = await db.query<CaseRow>(
        `${CASE_SELECT} WHERE c.reporter_account_id = $1 ORDER BY c.created_at DESC, c.id LIMIT $2 OFFSET $3`,
        [actor.id, pageSize, (page - 1) * pageSize],
      );
      const items = [];
      for (const row of rows) items.push(await toPublicCase(db, row, { showCode: true }));
      return { items, total: total.rows[0]?.n ?? 0, page, pageSize };
    },
  );

  r.get(
    "/api/v1/cases/:id/photos/:n",
    {
      config: { permission: "cases.read" },
      schema: {
        tags,
        summary: "A photo of a case in scope",
        params: z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(100) }),
      },
    },
    async (req, reply) => {
      const row = await findCase(db, req.actor!, req.params.id);
      if (!row) throw notFound();
      return sendPhoto(deps, reply, row.id, req.params.n);
    },
  );

  r.get(
    "/api/v1/case-areas",
    {
      // Public on purpose: area names are public; the report page lets a resident choose their community.
      config: { permission: "public" },
      schema: {
        tags,
        summary: "Areas to choose from on the report page: the districts, or the children of `parent` (streets, communities, compounds)",
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{12}(\d{3})?$/)
            .optional(),
        }),
        response: {
          200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) }),
        },
      },
    },
    async (req) => {
      const { rows } = req.query.parent
        ? await db.query<{ code: string; name: string; level: string }>(
            "SELECT code, name, level FROM areas WHERE parent_code = $1 AND level IN ('street','community','compound') ORDER BY code LIMIT 1000",
            [req.query.parent],
          )
        : await db.query<{ code: string; name: string; level: string }>(
            "SELECT code, name, level FROM areas WHERE level = 'district' ORDER BY code LIMIT 1000",
          );
      return { items: rows };
    },
  );
}
