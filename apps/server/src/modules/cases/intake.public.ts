import { CASE_STATUS_PUBLIC, HANDLER_KIND_LABELS, type HandlerKind, type PublicCase } from "@gongzhi/contracts";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import { AppError, notFound } from "../../platform/errors.js";
import { createRateLimiter } from "../../platform/rate-limit.js";
import { type CaseRow, findCaseByTrackingCode, loadCase } from "./cases.repository.js";
import { normalizeTrackingCode } from "./intake.js";

/**
 * A case as its reporter sees it, by tracking code or in their own list: the status in plain Chinese, the
 * steps with a public note, who handles it as an office (never a staff member's name), no one else's data.
 * A report merged into another case shows its own submission and the other case's progress from the merge on.
 */

const MAX_MERGE_DEPTH = 10;

/** The case a merged report now follows: the end of its merged_into chain. */
export async function followMerges(q: Queryable, c: CaseRow): Promise<CaseRow> {
  let cur = c;
  // merged_into references an existing case.
  for (let i = 0; i < MAX_MERGE_DEPTH && cur.status === "merged" && cur.merged_into; i++) cur = await loadCase(q, cur.merged_into);
  return cur;
}

interface StepRow {
  at: Date;
  public_note: string;
}

async function publicSteps(q: Queryable, caseId: string, after?: Date): Promise<StepRow[]> {
  const { rows } = await q.query<StepRow>(
    `SELECT at, public_note FROM case_events WHERE case_id = $1 AND public_note IS NOT NULL ${after ? "AND at > $2" : ""} ORDER BY at, id`,
    after ? [caseId, after] : [caseId],
  );
  return rows;
}

/** How the resident reads who handles a case: an office by name, a grid worker by role (never a staff member's name). */
export function publicHandlerName(kind: HandlerKind | null, label: string | null): string | null {
  if (!kind) return null;
  if (kind === "grid_worker") return HANDLER_KIND_LABELS.grid_worker;
  return label ?? HANDLER_KIND_LABELS[kind];
}

/** The resident's view of their own report `own` (the tracking code is shown only when `showCode`). */
export async function toPublicCase(q: Queryable, own: CaseRow, opts: { showCode: boolean }): Promise<PublicCase> {
  const shown = await followMerges(q, own);
  const merged = shown.id !== own.id;
  const steps = await publicSteps(q, own.id);
  if (merged) {
    const mergedAt = steps.at(-1)?.at;
    steps.push(...(await publicSteps(q, shown.id, mergedAt)));
  }
  return {
    number: own.number,
    trackingCode: opts.showCode ? own.tracking_code : null,
    title: own.title,
    description: own.description,
    categoryName: own.category_name ?? shown.category_name,
    status: shown.status,
    statusText: CASE_STATUS_PUBLIC[shown.status],
    areaName: own.area_name,
    locationText: own.location_text,
    photos: own.photos.map((_, i) => `/api/v1/cases/track/${own.tracking_code}/photos/${i + 1}`),
    handledBy: publicHandlerName(shown.handler_kind, shown.handler_label),
    deadlineAt: shown.deadline_at?.toISOString() ?? null,
    createdAt: own.created_at.toISOString(),
    steps: steps.map((s) => ({ at: s.at.toISOString(), text: s.public_note })),
    mergedInto: merged ? { number: shown.number } : null,
    rejectedReason: shown.status === "rejected" ? shown.rejected_reason : null,
    rating: merged ? null : own.rating,
    ratingComment: merged ? null : own.rating_comment,
    ratingDueAt: merged ? null : (own.rating_due_at?.toISOString() ?? null),
    canRate: !merged && own.status === "resolved",
  };
}

// ---------------------------------------------------------------------------------------------------------
// Finding a case by its tracking code

/** A tracking code as a route takes it (spaces, dashes and case are forgiven: `normalizeTrackingCode`). */
export const trackingCodeSchema = z.string().max(40);

/**
 * Look-ups by tracking code are public: an address that keeps asking for codes that do not exist is slowed down,
 * so codes cannot be found by trying.
 */
export interface TrackingGuard {
  /** Throws 429 while the caller's address is over its limit of misses. */
  check(req: FastifyRequest): void;
  /** Counts a code that matched nothing. */
  miss(req: FastifyRequest): void;
}

export function trackingGuard(limitPerMinute = 30): TrackingGuard {
  const misses = createRateLimiter(limitPerMinute, 60_000);
  const blocked = new Map<string, number>();
  return {
    check(req) {
      const until = blocked.get(req.ip) ?? 0;
      const now = Date.now();
      if (until > now) throw new AppError("rate_limited", { retryAfterSeconds: Math.ceil((until - now) / 1000) });
      if (until) blocked.delete(req.ip);
    },
    miss(req) {
      const wait = misses.hit(req.ip);
      if (wait > 0) {
        if (blocked.size > 10_000) blocked.clear();
        blocked.set(req.ip, Date.now() + wait * 1000);
      }
    },
  };
}

/**
 * The case a tracking code names, for the public routes of its holder: 429 while the caller's address is over
 * its limit of misses, 404 (counted as a miss) when the code names no case.
 */
export async function trackedCase(q: Queryable, guard: TrackingGuard, req: FastifyRequest, input: string): Promise<CaseRow> {
  guard.check(req);
  const code = normalizeTrackingCode(input);
  const row = code ? await findCaseByTrackingCode(q, code) : null;
  if (!row) {
    guard.miss(req);
    throw notFound();
  }
  return row;
}
