import {
  type AssessmentCase,
  type AssessmentLevel,
  type AssessmentMetric,
  type AssessmentRow,
  type AssessmentWeights,
  scopePrefix,
} from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { requireAreaInScope } from "../areas/areas.repository.js";
import { atLocal, localDate } from "../calendar/working-time.js";
import { type RateKey, rollupRateCounts, rollupsServe } from "../command-centre/rollups.repository.js";
import { allWeights, type Counts, casesBehind, countsByKey, type UnitRow, unitsOf, weightsFor, ZERO } from "./assessment.repository.js";
import { ratio, weightedScore } from "./assessment.rules.js";

/** A period of local days, both ends inclusive, and the instants [fromAt, toAt) it spans. */
export interface Period {
  from: string;
  to: string;
  fromAt: Date;
  toAt: Date;
}

const DAY_MS = 86_400_000;
/** The longest period one request may cover. */
const MAX_PERIOD_DAYS = 3_660;

/** The period asked for; by default the current month up to today (local time). */
export function periodOf(from: string | undefined, to: string | undefined, now = new Date()): Period {
  const today = localDate(now);
  const f = from ?? `${(to ?? today).slice(0, 8)}01`;
  const t = to ?? (from && from > today ? from : today);
  const fromAt = atLocal(f, 0);
  const toAt = new Date(atLocal(t, 0).getTime() + DAY_MS);
  if (toAt.getTime() <= fromAt.getTime()) throw new AppError("domain.assessment_period", { field: "to" });
  if (toAt.getTime() - fromAt.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw new AppError("domain.assessment_period", { field: "from" });
  return { from: f, to: t, fromAt, toAt };
}

interface AssessmentScope {
  /** the area the rows lie in (null for a department's or unit's own row without an area) */
  areaCode: string | null;
  areaPrefix: string | null;
  only: { departmentId?: string; unitId?: string };
  /** false when the actor sees no rows of this level at all (a department asking for communities) */
  any: boolean;
}

async function areaExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query("SELECT 1 FROM areas WHERE code = $1", [code])).rows.length > 0;
}

/**
 * What the actor may assess: staff, leaders and admins the rows inside their area scope (a community its grids
 * and itself, a street its communities, the city everything); department and unit accounts their own row only.
 * An area outside the scope, or unknown, is not found.
 */
async function scopeOf(q: Queryable, actor: Actor, level: AssessmentLevel, areaCode: string | undefined): Promise<AssessmentScope> {
  if (actor.scopePrefix) {
    const code = areaCode ?? actor.areaCode!;
    if (!inActorScope(actor, code) || !(await areaExists(q, code))) throw notFound();
    return { areaCode: code, areaPrefix: scopePrefix(code), only: {}, any: true };
  }
  if (areaCode && !(await areaExists(q, areaCode))) throw notFound();
  const base = { areaCode: areaCode ?? null, areaPrefix: areaCode ? scopePrefix(areaCode) : null };
  if (level === "department" && actor.departmentId) return { ...base, only: { departmentId: actor.departmentId }, any: true };
  if (level === "unit" && actor.unitId) return { ...base, only: { unitId: actor.unitId }, any: true };
  return { ...base, only: {}, any: false };
}

function toRow(level: AssessmentLevel, u: UnitRow, c: Counts, weights: AssessmentWeights): AssessmentRow {
  const responseRate = ratio(c.respondedOnTime, c.due);
  const resolutionRate = ratio(c.solved, c.judged);
  const satisfactionRate = ratio(c.satisfied, c.rated);
  return {
    level,
    key: u.key,
    name: u.name,
    areaCode: u.area_code,
    ...c,
    responseRate,
    resolutionRate,
    satisfactionRate,
    onTimeRate: ratio(c.closedOnTime, c.due - c.onHold),
    reworkRate: ratio(c.reworked, c.judged),
    score: weightedScore({ response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate }, weights),
    weights,
  };
}

/** The assessment rows of a level in the actor's scope over a period. */
export async function assess(
  q: Queryable,
  actor: Actor,
  query: { level: AssessmentLevel; areaCode?: string; from?: string; to?: string },
): Promise<{ areaCode: string | null; period: Period; rows: AssessmentRow[] }> {
  const period = periodOf(query.from, query.to);
  const scope = await scopeOf(q, actor, query.level, query.areaCode);
  if (!scope.any) return { areaCode: scope.areaCode, period, rows: [] };
  const units = await unitsOf(q, query.level, scope.areaPrefix, scope.only);
  const key = scope.only.departmentId ?? scope.only.unitId;
  // Communities and streets are counted from the rollups (the same figures, kept as cases change) when they can answer.
  const fromRollups = (query.level === "community" || query.level === "street") && !key && rollupsServe(scope.areaPrefix);
  const counts = fromRollups
    ? await rollupRateCounts(q, { fromDay: period.from, toDay: period.to, prefix: scope.areaPrefix!, key: query.level as RateKey })
    : await countsByKey(q, { from: period.fromAt, to: period.toAt, areaPrefix: scope.areaPrefix, level: query.level, key });
  const weights = await allWeights(q);
  const rows = units.map((u) => toRow(query.level, u, counts.get(u.key) ?? ZERO, weightsFor(weights, u.area_code)));
  return { areaCode: scope.areaCode, period, rows };
}

/** The cases behind one figure of one row the actor may see: the metric's numerator, or its whole denominator. */
export async function drillDown(
  q: Queryable,
  actor: Actor,
  query: {
    level: AssessmentLevel;
    key: string;
    areaCode?: string;
    from?: string;
    to?: string;
    metric: AssessmentMetric;
    numerator: boolean;
    page: number;
    pageSize: number;
  },
): Promise<{ rows: AssessmentCase[]; total: number }> {
  const period = periodOf(query.from, query.to);
  const scope = await scopeOf(q, actor, query.level, query.areaCode);
  if (!scope.any) throw notFound();
  const units = await unitsOf(q, query.level, scope.areaPrefix, { ...scope.only, key: query.key });
  if (!units.length) throw notFound();
  const { rows, total } = await casesBehind(
    q,
    { from: period.fromAt, to: period.toAt, areaPrefix: scope.areaPrefix, level: query.level, key: query.key },
    query.metric,
    query.numerator,
    query,
  );
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      areaCode: r.area_code,
      areaName: r.area_name,
      gridName: r.grid_name,
      handlerLabel: r.handler_label,
      deadlineAt: iso(r.deadline_at),
      responseDueAt: iso(r.response_due_at),
      respondedAt: iso(r.responded_at),
      resolvedAt: iso(r.resolved_at),
      closedAt: iso(r.closed_at),
      onHoldAtDeadline: r.on_hold,
      lastRating: r.last_rating,
      reworkedInPeriod: r.reworked,
    })),
  };
}

/** The area whose weights an actor asks about: an area in its scope (by default its own). */
async function weightsArea(q: Queryable, actor: Actor, areaCode: string | undefined): Promise<string> {
  const code = areaCode ?? actor.areaCode;
  if (!code || !inActorScope(actor, code) || !(await areaExists(q, code))) throw notFound();
  return code;
}

/** The weights in force for an area in the actor's scope, and where they come from. */
export async function weightsOf(
  q: Queryable,
  actor: Actor,
  areaCode: string | undefined,
): Promise<{ areaCode: string } & AssessmentWeights> {
  const code = await weightsArea(q, actor, areaCode);
  return { areaCode: code, ...weightsFor(await allWeights(q), code) };
}

/** Sets an area's own weights (its subtree inherits them unless an area below sets its own). */
export async function setWeights(
  q: Queryable,
  actor: Actor,
  body: { areaCode: string; response: number; resolution: number; satisfaction: number },
  ctx: AuditContext,
): Promise<{ areaCode: string } & AssessmentWeights> {
  await requireAreaInScope(q, actor, body.areaCode, "areaCode");
  const before = weightsFor(await allWeights(q), body.areaCode);
  await q.query(
    `INSERT INTO assessment_weights (area_code, response, resolution, satisfaction) VALUES ($1, $2, $3, $4)
     ON CONFLICT (area_code) DO UPDATE SET response = EXCLUDED.response, resolution = EXCLUDED.resolution, satisfaction = EXCLUDED.satisfaction`,
    [body.areaCode, body.response, body.resolution, body.satisfaction],
  );
  const after = weightsFor(await allWeights(q), body.areaCode);
  await writeAudit(q, ctx, {
    action: "assessment.weights_set",
    objectType: "area",
    objectId: body.areaCode,
    areaCode: body.areaCode,
    before,
    after,
  });
  return { areaCode: body.areaCode, ...after };
}

/** Removes an area's own weights: it inherits its nearest ancestor's again (or the default). */
export async function clearWeights(q: Queryable, actor: Actor, areaCode: string, ctx: AuditContext) {
  const code = await weightsArea(q, actor, areaCode);
  const before = weightsFor(await allWeights(q), code);
  const { rowCount } = await q.query("DELETE FROM assessment_weights WHERE area_code = $1", [code]);
  const after = weightsFor(await allWeights(q), code);
  if (rowCount) {
    await writeAudit(q, ctx, { action: "assessment.weights_clear", objectType: "area", objectId: code, areaCode: code, before, after });
  }
  return { areaCode: code, ...after };
}
