import type { Queryable } from "../../db/client.js";
import { localDate } from "../calendar/working-time.js";

/**
 * Reading the case rollups (migration 0007_rollups.sql): counts by local day or week and area, kept current by
 * triggers in the transaction of every case write. Every answer here has a plain twin (`plain*`) computing the same
 * from `cases` and `case_events` directly; the tests hold them equal on generated data, on both databases.
 *
 * Rollups are keyed by the case's area code cut to 12 digits, so they answer for any scope prefix of up to 12
 * digits (a city, district, street or community); a compound's scope is answered the plain way.
 */

/** Whether rollups can answer for an area prefix. */
export const rollupsServe = (prefix: string | null): prefix is string => prefix !== null && prefix.length <= 12;

/** A local day as a `date` parameter (YYYY-MM-DD). */
export const dayOf = (t: Date): string => localDate(t);

export interface RateCounts {
  due: number;
  respondedOnTime: number;
  onHold: number;
  closedOnTime: number;
  judged: number;
  solved: number;
  rated: number;
  satisfied: number;
  reworked: number;
}

/** How rows are keyed: the whole scope, its streets, or its communities (as the assessment keys them). */
export type RateKey = "scope" | "street" | "community";

const KEY_SQL: Record<RateKey, { key: string; where: string }> = {
  scope: { key: "'scope'", where: "true" },
  street: { key: "left(area_key, 9) || '000'", where: "substr(area_key, 7, 3) <> '000'" },
  community: { key: "area_key", where: "length(area_key) = 12 AND substr(area_key, 10, 3) <> '000'" },
};

/**
 * The assessment's counts for local days [fromDay, toDay] under an area prefix (≤ 12 digits), by key: the day rows
 * of the period, less the verdicts, ratings and reworks that a later one of the same case within the period replaces.
 */
export async function rollupRateCounts(
  q: Queryable,
  s: { fromDay: string; toDay: string; prefix: string; key: RateKey },
): Promise<Map<string, RateCounts>> {
  const k = KEY_SQL[s.key];
  const { rows } = await q.query<{ key: string } & Record<string, number>>(
    `SELECT key, sum(due)::int AS due, sum(responded)::int AS responded, sum(on_hold)::int AS on_hold,
            sum(closed_on_time)::int AS closed_on_time, sum(judged)::int AS judged, sum(solved)::int AS solved,
            sum(rated)::int AS rated, sum(satisfied)::int AS satisfied, sum(reworked)::int AS reworked
       FROM (
         SELECT ${k.key} AS key, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked
           FROM case_rollups
          WHERE kind = 'day' AND day >= $1::date AND day <= $2::date AND area_key LIKE $3 AND ${k.where}
         UNION ALL
         SELECT ${k.key}, 0, 0, 0, 0, -judged, -solved, -rated, -satisfied, -reworked
           FROM case_rollups
          WHERE kind = 'sup' AND day >= $1::date AND day <= $2::date AND until_day <= $2::date AND area_key LIKE $3 AND ${k.where}
       ) x
      GROUP BY key`,
    [s.fromDay, s.toDay, `${s.prefix}%`],
  );
  const out = new Map<string, RateCounts>();
  for (const r of rows) {
    const c: RateCounts = {
      due: r.due!,
      respondedOnTime: r.responded!,
      onHold: r.on_hold!,
      closedOnTime: r.closed_on_time!,
      judged: r.judged!,
      solved: r.solved!,
      rated: r.rated!,
      satisfied: r.satisfied!,
      reworked: r.reworked!,
    };
    // A key whose every count is nothing has no case in the cohorts: the plain computation has no row for it either.
    if (Object.values(c).some((v) => v !== 0)) out.set(r.key, c);
  }
  return out;
}

const OPEN = "('submitted','assigned','in_progress','hold_requested','on_hold','resolved')";
const WORKING = "('assigned','in_progress')";

export interface Pulse {
  open: number;
  overdue: number;
  todayIntake: number;
}

/**
 * Open cases, overdue cases (assigned or in progress past their deadline, as the ledger's filter) and cases reported
 * today, under a prefix, at `now`. Overdue: whole days before today from the rollups, today's deadlines up to now
 * from the cases themselves (an indexed range of one day).
 */
export async function rollupPulse(q: Queryable, prefix: string, now: Date): Promise<Pulse> {
  const today = dayOf(now);
  const todayStart = new Date(Date.parse(`${today}T00:00:00+08:00`));
  const { rows } = await q.query<{ open: number; overdue: number; today_intake: number; overdue_today: number }>(
    `SELECT
       (SELECT COALESCE(sum(n), 0)::int FROM case_rollups WHERE kind = 'open' AND area_key LIKE $1) AS open,
       (SELECT COALESCE(sum(n), 0)::int FROM case_rollups
         WHERE kind = 'open' AND area_key LIKE $1 AND dim IN ${WORKING} AND day < $2::date) AS overdue,
       (SELECT COALESCE(sum(n), 0)::int FROM case_rollups WHERE kind = 'day' AND day = $2::date AND area_key LIKE $1) AS today_intake,
       (SELECT count(*)::int FROM cases
         WHERE status IN ${WORKING} AND deadline_at >= $3 AND deadline_at < $4 AND area_code LIKE $1) AS overdue_today`,
    [`${prefix}%`, today, todayStart, now],
  );
  const r = rows[0]!;
  return { open: r.open, overdue: r.overdue + r.overdue_today, todayIntake: r.today_intake };
}

/** The same figures from the cases alone. */
export async function plainPulse(q: Queryable, prefix: string, now: Date): Promise<Pulse> {
  const today = dayOf(now);
  const todayStart = new Date(Date.parse(`${today}T00:00:00+08:00`));
  const { rows } = await q.query<Pulse & { today_intake: number }>(
    `SELECT count(*) FILTER (WHERE status IN ${OPEN})::int AS open,
            count(*) FILTER (WHERE status IN ${WORKING} AND deadline_at < $2)::int AS overdue,
            count(*) FILTER (WHERE created_at >= $3 AND created_at < $4)::int AS today_intake
       FROM cases WHERE area_code LIKE $1`,
    [`${prefix}%`, now, todayStart, new Date(todayStart.getTime() + 86_400_000)],
  );
  const r = rows[0]!;
  return { open: r.open, overdue: r.overdue, todayIntake: r.today_intake };
}

export interface Ranked {
  key: string;
  count: number;
}

export interface WeekCounts {
  total: number;
  categories: Ranked[];
  grids: Ranked[];
}

/** Cases reported in the week starting `monday` under a prefix: the total, the top categories and the hot grids. */
export async function rollupWeek(q: Queryable, prefix: string, monday: string, limit: number): Promise<WeekCounts> {
  const catKind = prefix.length <= 6 ? "wcat6" : "wcat12";
  const p = `${prefix}%`;
  const ranked = async (kind: string) =>
    (
      await q.query<{ key: string; count: number }>(
        `SELECT dim AS key, sum(n)::int AS count FROM case_rollups WHERE kind = $1 AND day = $2::date AND area_key LIKE $3
          GROUP BY dim HAVING sum(n) > 0 ORDER BY count DESC, dim COLLATE "C" LIMIT $4`,
        [kind, monday, p, limit],
      )
    ).rows;
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const total = await q.query<{ n: number }>(
    "SELECT COALESCE(sum(n), 0)::int AS n FROM case_rollups WHERE kind = 'day' AND day >= $1::date AND day <= $2::date AND area_key LIKE $3",
    [monday, sunday, p],
  );
  return { total: total.rows[0]!.n, categories: await ranked(catKind), grids: await ranked("wgrid") };
}

/** The same from the cases alone. */
export async function plainWeek(q: Queryable, prefix: string, monday: string, limit: number): Promise<WeekCounts> {
  const from = new Date(Date.parse(`${monday}T00:00:00+08:00`));
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const params = [`${prefix}%`, from, to, limit];
  const where = "area_code LIKE $1 AND created_at >= $2 AND created_at < $3";
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE ${where}`, params.slice(0, 3));
  const categories = await q.query<Ranked>(
    `SELECT category_code AS key, count(*)::int AS count FROM cases WHERE ${where} AND category_code IS NOT NULL
      GROUP BY category_code ORDER BY count DESC, category_code COLLATE "C" LIMIT $4`,
    params,
  );
  const grids = await q.query<Ranked>(
    `SELECT grid_id::text AS key, count(*)::int AS count FROM cases WHERE ${where} AND grid_id IS NOT NULL
      GROUP BY grid_id ORDER BY count DESC, grid_id::text COLLATE "C" LIMIT $4`,
    params,
  );
  return { total: total.rows[0]!.n, categories: categories.rows, grids: grids.rows };
}

/** Folds rows written since the last fold (up to `max` of them); returns how many it folded. */
export async function compactRollups(q: Queryable, max = 50_000): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT case_rollups_compact($1) AS n", [max]);
  return rows[0]?.n ?? 0;
}

/**
 * Folds `rows` at a time until nothing is left or `roundMs` has passed; `caughtUp` is false when rows were left
 * (a burst of intake wrote more than a round folds), so the caller comes back soon rather than after its pause.
 * Another process folding at the time counts as caught up: that process goes on with it.
 */
export async function foldRollups(q: Queryable, o: { rows: number; roundMs: number }): Promise<{ rows: number; caughtUp: boolean }> {
  const start = performance.now();
  let folded = 0;
  for (;;) {
    const n = await compactRollups(q, o.rows);
    folded += n;
    if (n < o.rows) return { rows: folded, caughtUp: true };
    if (performance.now() - start >= o.roundMs) return { rows: folded, caughtUp: false };
  }
}

/**
 * Vacuums the rollups: a fold deletes the rows it takes, and until a vacuum removes them from the indexes, every
 * reader of today's figures steps over them (after a burst, the city summary at ten million cases took 122 ms, not 11).
 */
export async function vacuumRollups(q: Queryable): Promise<void> {
  await q.query("VACUUM (INDEX_CLEANUP ON) case_rollups");
}

/** Recomputes every rollup from the cases and their events. */
export async function rebuildRollups(q: Queryable): Promise<void> {
  await q.query("SELECT case_rollups_rebuild()");
}
