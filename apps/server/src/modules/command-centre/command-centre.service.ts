import { scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, inActorScope } from "../../platform/actor.js";
import { notFound } from "../../platform/errors.js";
import { allWeights, countsByKey, weightsFor } from "../assessment/assessment.repository.js";
import { ratio, weightedScore } from "../assessment/assessment.rules.js";
import { atLocal, localDate } from "../calendar/working-time.js";
import {
  plainPulse,
  plainWeek,
  type RateCounts,
  rollupPulse,
  rollupRateCounts,
  rollupsServe,
  rollupWeek,
  type WeekCounts,
} from "./rollups.repository.js";

/**
 * The command centre (指挥中心): the pulse of an area (open and overdue cases, today's intake, the assessment's rates
 * over the last 30 days) and its week (top categories, hot grids). Answered from the rollups; `compute: "plain"`
 * answers the same from the cases alone (the tests and the benchmark compare the two).
 */

export type Compute = "rollup" | "plain";

/** Days of the summary's rates: today and the 29 before it. */
export const SUMMARY_DAYS = 30;
/** Rows of each week ranking. */
export const WEEK_TOP = 10;

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The area an actor asks about: one in its area scope (by default its own); anything else is not found. */
async function areaInScope(
  q: Queryable,
  actor: Actor,
  areaCode: string | undefined,
): Promise<{ code: string; name: string; prefix: string }> {
  const code = areaCode ?? actor.areaCode;
  if (!actor.scopePrefix || !code || !inActorScope(actor, code)) throw notFound();
  const { rows } = await q.query<{ name: string }>("SELECT name FROM areas WHERE code = $1", [code]);
  if (!rows[0]) throw notFound();
  return { code, name: rows[0].name, prefix: scopePrefix(code) };
}

const ZERO: RateCounts = {
  due: 0,
  respondedOnTime: 0,
  onHold: 0,
  closedOnTime: 0,
  judged: 0,
  solved: 0,
  rated: 0,
  satisfied: 0,
  reworked: 0,
};

export interface Summary {
  areaCode: string;
  areaName: string;
  asOf: string;
  open: number;
  overdue: number;
  todayIntake: number;
  ratesFrom: string;
  ratesTo: string;
  counts: RateCounts;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  score: number | null;
}

/** An area's pulse at `now`, and its rates over the last 30 days (today included). */
export async function summary(
  q: Queryable,
  actor: Actor,
  query: { areaCode?: string },
  opts: { now?: Date; compute?: Compute } = {},
): Promise<Summary> {
  const now = opts.now ?? new Date();
  const area = await areaInScope(q, actor, query.areaCode);
  const today = localDate(now);
  const from = addDays(today, -(SUMMARY_DAYS - 1));
  const useRollups = opts.compute !== "plain" && rollupsServe(area.prefix);
  const pulse = useRollups ? await rollupPulse(q, area.prefix, now) : await plainPulse(q, area.prefix, now);
  const counts = useRollups
    ? ((await rollupRateCounts(q, { fromDay: from, toDay: today, prefix: area.prefix, key: "scope" })).get("scope") ?? ZERO)
    : ((
        await countsByKey(q, {
          from: atLocal(from, 0),
          to: new Date(atLocal(today, 0).getTime() + DAY_MS),
          areaPrefix: area.prefix,
          level: "scope",
        })
      ).get("scope") ?? ZERO);
  const responseRate = ratio(counts.respondedOnTime, counts.due);
  const resolutionRate = ratio(counts.solved, counts.judged);
  const satisfactionRate = ratio(counts.satisfied, counts.rated);
  const weights = weightsFor(await allWeights(q), area.code);
  return {
    areaCode: area.code,
    areaName: area.name,
    asOf: now.toISOString(),
    ...pulse,
    ratesFrom: from,
    ratesTo: today,
    counts,
    responseRate,
    resolutionRate,
    satisfactionRate,
    onTimeRate: ratio(counts.closedOnTime, counts.due - counts.onHold),
    reworkRate: ratio(counts.reworked, counts.judged),
    score: weightedScore({ response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate }, weights),
  };
}

export interface Week {
  areaCode: string;
  from: string;
  to: string;
  total: number;
  categories: { code: string; name: string | null; count: number }[];
  grids: { id: string; name: string | null; areaCode: string | null; count: number }[];
}

/** The Monday of the local week holding `day`. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/** Cases reported in an area in the week holding `day` (default: this week): the total, top categories, hot grids. */
export async function week(
  q: Queryable,
  actor: Actor,
  query: { areaCode?: string; day?: string },
  opts: { now?: Date; compute?: Compute } = {},
): Promise<Week> {
  const area = await areaInScope(q, actor, query.areaCode);
  const monday = mondayOf(query.day ?? localDate(opts.now ?? new Date()));
  const useRollups = opts.compute !== "plain" && rollupsServe(area.prefix);
  const w: WeekCounts = useRollups ? await rollupWeek(q, area.prefix, monday, WEEK_TOP) : await plainWeek(q, area.prefix, monday, WEEK_TOP);
  const cats = await q.query<{ code: string; name: string }>("SELECT code, name FROM case_categories WHERE code = ANY($1::text[])", [
    w.categories.map((c) => c.key),
  ]);
  const grids = await q.query<{ id: string; name: string; area_code: string }>(
    "SELECT id::text AS id, name, area_code FROM grids WHERE id::text = ANY($1::text[])",
    [w.grids.map((g) => g.key)],
  );
  const catName = new Map(cats.rows.map((c) => [c.code, c.name]));
  const grid = new Map(grids.rows.map((g) => [g.id, g]));
  return {
    areaCode: area.code,
    from: monday,
    to: addDays(monday, 6),
    total: w.total,
    categories: w.categories.map((c) => ({ code: c.key, name: catName.get(c.key) ?? null, count: c.count })),
    grids: w.grids.map((g) => ({
      id: g.key,
      name: grid.get(g.key)?.name ?? null,
      areaCode: grid.get(g.key)?.area_code ?? null,
      count: g.count,
    })),
  };
}
