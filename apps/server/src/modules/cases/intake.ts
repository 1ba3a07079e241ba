import { createHash, randomInt } from "node:crypto";
import {
  type CategoryAttribute,
  type caseAttributeAnswersSchema,
  levelOfCode,
  MAX_CASE_PHOTO_BYTES,
  type URGENCIES,
} from "@gongzhi/contracts";
import type { z } from "zod";
import type { Db, Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, redact } from "../../platform/audit.js";
import type { Deps } from "../../platform/context.js";
import { uuidv7 } from "../../platform/crypto.js";
import { AppError } from "../../platform/errors.js";
import { localDate } from "../calendar/working-time.js";
import { locateGrid } from "../grids/grids.service.js";
import { type CaseRow, loadCase } from "./cases.repository.js";
import { type CategoryRow, cachedCategory, findCategory } from "./categories.repository.js";
import { type CaseInsert, caseWriter, insertCases } from "./intake.fast.js";

/**
 * Intake: every channel ends here. A new case gets its number, a tracking code, the grid and area its place
 * resolves to, a first public event, an audit entry and a notice to the community's staff. A retried
 * submission (same idempotency key) answers the case the first one made: the unique key and ON CONFLICT decide,
 * so concurrent retries make one case.
 */

// ---------------------------------------------------------------------------------------------------------
// Numbers and codes

/** Letters and digits that cannot be mistaken for one another when read aloud or copied (no 0/O, 1/I). */
export const TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const TRACKING_CODE_LENGTH = 10;

/** A fresh tracking code: 10 characters of the alphabet above (50 bits). */
export function newTrackingCode(): string {
  let s = "";
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return s;
}

/** A tracking code as typed: upper case, spaces and dashes dropped; null when it cannot be one. */
export function normalizeTrackingCode(input: string): string | null {
  const s = input.replace(/[\s-]/g, "").toUpperCase();
  return s.length === TRACKING_CODE_LENGTH && [...s].every((c) => TRACKING_ALPHABET.includes(c)) ? s : null;
}

// ---------------------------------------------------------------------------------------------------------
// Photos

export interface DecodedPhoto {
  mime: "image/jpeg" | "image/png" | "image/webp";
  content: Buffer;
}

/** The image type a file's leading bytes show, if it is one we take. */
export function sniffImage(b: Buffer): DecodedPhoto["mime"] | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (b.length >= 12 && b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP") {
    return "image/webp";
  }
  return null;
}

/** The body limit of a request that carries photos: six of 2 MB as base64, and the rest of the report or note. */
export const PHOTOS_BODY_LIMIT = 18 * 1024 * 1024;

/**
 * Decodes photos sent as data URLs and checks each: at most 2 MB, and its bytes are the JPEG, PNG or WebP image
 * its data URL declares. A photo that fails is refused (422) with its index.
 */
export function decodePhotos(dataUrls: readonly string[]): DecodedPhoto[] {
  return dataUrls.map((url, index) => {
    const m = /^data:(image\/(?:jpeg|png|webp));base64,(.*)$/s.exec(url);
    const content = m ? Buffer.from(m[2]!.replace(/\s+/g, ""), "base64") : Buffer.alloc(0);
    const mime = sniffImage(content);
    if (!m || !mime || mime !== m[1]) throw new AppError("domain.case_photo_invalid", { index, reason: "type" });
    if (content.length > MAX_CASE_PHOTO_BYTES) throw new AppError("domain.case_photo_invalid", { index, reason: "size" });
    return { mime, content };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Place

export interface ResolvedPlace {
  lat: number | null;
  lng: number | null;
  locationText: string | null;
  areaCode: string;
  gridId: string | null;
}

const REPORTABLE_LEVELS = new Set(["community", "compound", "building"]);

/**
 * Where a case belongs. A point is located to its grid (the grid's area becomes the case's area); without a
 * point, the area chosen from the list is taken (a community or below; staff may also choose a street). An
 * address alone is kept as text but does not place the case: the reporter is asked for a point or an area.
 */
export async function resolvePlace(
  deps: Pick<Deps, "db">,
  q: Queryable,
  input: { location?: { lat: number; lng: number }; areaCode?: string; address?: string },
  opts: { staff?: boolean; fallbackArea?: string | null } = {},
): Promise<ResolvedPlace> {
  const text = input.address?.trim() || null;
  if (input.location) {
    const grid = await locateGrid(deps, input.location.lng, input.location.lat);
    if (grid) return { lat: input.location.lat, lng: input.location.lng, locationText: text, areaCode: grid.areaCode, gridId: grid.id };
  }
  const areaCode = input.areaCode ?? (input.location ? undefined : (opts.fallbackArea ?? undefined));
  if (areaCode) {
    const { rows } = await q.query<{ level: string }>("SELECT level FROM areas WHERE code = $1", [areaCode]);
    if (!rows[0]) throw new AppError("domain.area_unknown", { field: "areaCode" });
    const level = levelOfCode(areaCode);
    if (!REPORTABLE_LEVELS.has(level) && !(opts.staff && level === "street")) {
      throw new AppError("domain.area_level_mismatch", { field: "areaCode" });
    }
    return { lat: input.location?.lat ?? null, lng: input.location?.lng ?? null, locationText: text, areaCode, gridId: null };
  }
  if (input.location) throw new AppError("domain.case_location_unknown", { field: "location" });
  throw new AppError("domain.case_location_required", { field: "location" });
}

// ---------------------------------------------------------------------------------------------------------
// Category and its extra questions

type Answers = z.infer<typeof caseAttributeAnswersSchema>;

/**
 * An active category (a public one for residents), or 422. Given the database, from the process's copy of the
 * categories; given a transaction, as the transaction sees it.
 */
export async function usableCategory(q: Db | Queryable, code: string, opts: { publicOnly: boolean }): Promise<CategoryRow> {
  const c = "tx" in q ? await cachedCategory(q, code) : await findCategory(q, code);
  if (!c || !c.active || (opts.publicOnly && !c.public)) throw new AppError("domain.case_category_unknown", { field: "categoryCode" });
  return c;
}

/** Checks answers against a category's questions; returns the answers kept (unknown codes dropped). */
export function checkAnswers(attributes: readonly CategoryAttribute[], answers: Answers, opts: { requireAll?: boolean } = {}): Answers {
  const requireAll = opts.requireAll ?? true;
  const problems: { code: string; problem: string }[] = [];
  const kept: Answers = {};
  for (const a of attributes) {
    if (!a.variable) continue;
    const v = answers[a.code];
    const empty = v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (a.required && requireAll) problems.push({ code: a.code, problem: "required" });
      continue;
    }
    const keys = new Set(a.values.map((x) => x.key));
    let ok: boolean;
    switch (a.datatype) {
      case "number":
        ok = typeof v === "number" ? Number.isFinite(v) : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim());
        break;
      case "datetime":
        ok = typeof v === "string" && !Number.isNaN(Date.parse(v));
        break;
      case "string":
        ok = typeof v === "string" && v.length <= 200;
        break;
      case "text":
        ok = typeof v === "string";
        break;
      case "singlevaluelist":
        ok = typeof v === "string" && keys.has(v);
        break;
      case "multivaluelist":
        ok = Array.isArray(v) && v.every((x) => keys.has(x));
        break;
      default:
        ok = false;
    }
    if (ok) kept[a.code] = a.datatype === "number" && typeof v === "string" ? Number(v) : v;
    else problems.push({ code: a.code, problem: "invalid" });
  }
  if (problems.length) throw new AppError("domain.case_attributes_invalid", { attributes: problems });
  return kept;
}

// ---------------------------------------------------------------------------------------------------------
// The case itself

export interface NewCase {
  channel: CaseRow["channel"];
  source: CaseRow["source"];
  categoryCode: string | null;
  title: string;
  description: string;
  urgency?: (typeof URGENCIES)[number];
  place: ResolvedPlace;
  reporterAccountId: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  anonymous: boolean;
  attributes: Answers;
  photos: DecodedPhoto[];
  apiKeyId?: string | null;
  externalId?: string | null;
  /** when the case was reported, if before now (a batch from another system) */
  reportedAt?: Date | null;
  /** namespaced key (see `idempotencyKeyOf`) and a hash of the submission */
  idempotencyKey: string;
  fingerprint: string;
  /** the first event's note for staff (who logged it, how) */
  note?: string | null;
  /** runs in the case's transaction right after a new case is made (not on a replay): a channel's own records */
  afterCreate?: (q: Queryable, row: CaseRow) => Promise<void>;
}

/** A key that cannot collide across channels: residents' reports share one space, staff each have their own. */
export function idempotencyKeyOf(kind: "report" | "staff" | "external", key: string, owner?: string): string {
  return kind === "staff" ? `staff:${owner}:${key}` : kind === "external" ? `external:${owner}:${key}` : `report:${key}`;
}

/** A hash of what was submitted (everything but the key itself), to tell a retry from a reuse of its key. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => k !== "idempotencyKey" && x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, x]) => [k, canonical(x)]),
      );
    }
    return v;
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(value)))
    .digest("base64url");
}

/** The first line of a description, short enough for a title. */
export function titleFrom(description: string, fallback: string): string {
  const line = description.split(/\r?\n/)[0]?.trim() ?? "";
  if (!line) return fallback;
  return line.length > 30 ? `${line.slice(0, 29)}…` : line;
}

/**
 * Makes a case, or finds the one a previous submission with the same key made (then `created` is false).
 * The same key with a different submission is refused (409).
 */
export async function createCase(
  deps: Deps,
  actor: Actor | null,
  ctx: AuditContext,
  c: NewCase,
): Promise<{ row: CaseRow; created: boolean }> {
  const { db, vault } = deps;
  const eventData = { channel: c.channel, source: c.source, ...(c.externalId ? { externalId: c.externalId } : {}) };
  const caseInsert = (id: string, createdAt: Date): CaseInsert => {
    const phone = c.anonymous ? null : c.reporterPhone;
    return {
      id,
      day: localDate(createdAt).replaceAll("-", ""),
      tracking_code: newTrackingCode(),
      idempotency_key: c.idempotencyKey,
      fingerprint: c.fingerprint,
      external_id: c.externalId ?? null,
      channel: c.channel,
      source: c.source,
      api_key_id: c.apiKeyId ?? null,
      category_code: c.categoryCode,
      title: c.title,
      description: c.description,
      urgency: c.urgency ?? "normal",
      lat: c.place.lat,
      lng: c.place.lng,
      location_text: c.place.locationText,
      area_code: c.place.areaCode,
      grid_id: c.place.gridId,
      reporter_account_id: c.reporterAccountId,
      reporter_name: c.anonymous ? null : c.reporterName,
      reporter_phone_enc: phone ? vault.encrypt(phone) : null,
      reporter_phone_hash: phone ? vault.hash(phone) : null,
      anonymous: c.anonymous,
      photos: c.photos.map((_, i) => `/api/v1/cases/${id}/photos/${i + 1}`),
      attributes: c.attributes,
      created_at: createdAt,
      actor_id: ctx.actorId,
      actor_label: ctx.actorLabel,
      note: c.note ?? null,
      event_data: eventData,
      ip: ctx.ip,
      audit_after: redact({
        channel: c.channel,
        source: c.source,
        categoryCode: c.categoryCode,
        areaCode: c.place.areaCode,
        gridId: c.place.gridId,
        anonymous: c.anonymous,
        photos: c.photos.length,
        apiClient: actor?.kind === "api_client" ? actor.id : undefined,
      }) as Record<string, unknown>,
    };
  };
  if (!c.photos.length && !c.afterCreate) {
    // The common case, a report without photos: written with the reports arriving with it (see intake.fast.ts).
    const row = await caseWriter(db).write(caseInsert(uuidv7(), c.reportedAt ?? new Date()));
    if (row) return { row, created: true };
    // The key was taken: the step-by-step path below answers the earlier case (or refuses a different submission).
  }
  // With photos or a channel's own records: the same statement in a transaction with them.
  return db.tx(async (q) => {
    const id = uuidv7();
    const [row] = await insertCases(q, [caseInsert(id, c.reportedAt ?? new Date())]);
    if (!row) {
      // Another submission with this key made its case first (and has committed: the insert waited for it).
      const { rows } = await q.query<{ id: string; idempotency_fingerprint: string | null }>(
        "SELECT id, idempotency_fingerprint FROM cases WHERE idempotency_key = $1",
        [c.idempotencyKey],
      );
      const existing = rows[0];
      if (!existing) throw new AppError("conflict.case_changed");
      if (existing.idempotency_fingerprint !== c.fingerprint) throw new AppError("conflict.case_idempotency_mismatch");
      return { row: await loadCase(q, existing.id), created: false };
    }
    for (const [i, p] of c.photos.entries()) {
      await q.query("INSERT INTO case_photos (case_id, seq, mime, bytes, content) VALUES ($1, $2, $3, $4, $5)", [
        id,
        i + 1,
        p.mime,
        p.content.length,
        p.content,
      ]);
    }
    if (c.afterCreate) await c.afterCreate(q, row);
    return { row, created: true };
  });
}
