import { type AssessmentLevel, type AssessmentMetric, type CaseStatus, DEFAULT_ASSESSMENT_WEIGHTS, type Rating } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { LEDGER_ACTION, METRIC_SQL, RESPONSE_ACTION, VERDICT_ACTIONS, type Weights } from "./assessment.rules.js";

/** An instant as `Date.toISOString` writes it, which the workflow records in its events' data. */
const ISO_INSTANT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$";

/** What the figures are computed over: a period, an area subtree (or none), a level, and optionally one row. */
export interface FactsScope {
  from: Date;
  to: Date;
  /** only cases located under this code prefix; null: anywhere */
  areaPrefix: string | null;
  /** the rows' level; "scope": one row (key 'scope') for every case under the prefix */
  level: AssessmentLevel | "scope";
  /** one row only: a grid id, area code, department id or unit id */
  key?: string;
}

/**
 * SQL (a WITH clause ending in `keyed`) giving one row per case and row key, with the flags the metrics read:
 * due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked, plus the facts shown in
 * the drill-down. Parameters start at $1.
 */
function factsSql(s: FactsScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [s.from, s.to];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ["c.status NOT IN ('rejected', 'merged')"];
  if (s.areaPrefix) where.push(`c.area_code LIKE ${p(`${s.areaPrefix}%`)}`);
  let keyExpr: string;
  let gridJoin = "";
  let gridCte = "";
  switch (s.level) {
    case "scope":
      keyExpr = "'scope'";
      break;
    case "grid":
      where.push("c.grid_id IS NOT NULL");
      // Every grid counts the cases of its sub-grids too: pair each grid with itself and its ancestors.
      gridCte = `,
    ga (grid_id, ancestor_id) AS (
      SELECT DISTINCT grid_id, grid_id FROM flags
      UNION ALL
      SELECT ga.grid_id, g.parent_id FROM ga JOIN grids g ON g.id = ga.ancestor_id WHERE g.parent_id IS NOT NULL
    )`;
      gridJoin = "JOIN ga ON ga.grid_id = f.grid_id";
      keyExpr = "ga.ancestor_id::text";
      break;
    case "community":
      where.push("length(c.area_code) >= 12 AND substr(c.area_code, 10, 3) <> '000'");
      keyExpr = "left(f.area_code, 12)";
      break;
    case "street":
      where.push("substr(c.area_code, 7, 3) <> '000'");
      keyExpr = "left(f.area_code, 9) || '000'";
      break;
    case "department":
    case "unit":
      where.push(`c.handler_kind = ${p(s.level)}`);
      if (s.key) where.push(`c.handler_ref = ${p(s.key)}`);
      keyExpr = "f.handler_ref";
      break;
  }
  const inPeriod = (col: string) => `${col} >= $1 AND ${col} < $2`;
  const verdicts = VERDICT_ACTIONS.map((a) => `'${a}'`).join(", ");
  const sql = `WITH RECURSIVE
    base AS (
      SELECT c.id, c.area_code, c.grid_id, c.handler_ref, c.deadline_at, c.status, c.rating
        FROM cases c
       WHERE ${where.join(" AND ")}
         AND ((${inPeriod("c.deadline_at")})
              OR EXISTS (SELECT 1 FROM case_events v WHERE v.case_id = c.id AND v.action IN (${verdicts}) AND ${inPeriod("v.at")}))
    ),
    facts AS (
      SELECT b.*,
        COALESCE(${inPeriod("b.deadline_at")}, false) AS is_due,
        (SELECT min(e.at) FROM case_events e WHERE e.case_id = b.id AND e.action = '${RESPONSE_ACTION}') AS responded_at,
        COALESCE(
          (SELECT CASE WHEN e.data->>'deadlineAt' ~ '${ISO_INSTANT}' THEN (e.data->>'deadlineAt')::timestamptz END
             FROM case_events e WHERE e.case_id = b.id AND e.action = '${LEDGER_ACTION}' ORDER BY e.id LIMIT 1),
          b.deadline_at) AS response_due_at,
        (SELECT e.action FROM case_events e
          WHERE e.case_id = b.id AND e.action IN ('approve_hold', 'resume') AND e.at <= b.deadline_at
          ORDER BY e.at DESC, e.id DESC LIMIT 1) AS hold_state,
        (SELECT max(e.at) FROM case_events e WHERE e.case_id = b.id AND e.action = 'resolve') AS resolved_at,
        (SELECT max(e.at) FROM case_events e WHERE e.case_id = b.id AND e.to_status = 'closed') AS closed_at,
        (SELECT e.to_status FROM case_events e
          WHERE e.case_id = b.id AND e.action IN (${verdicts}) AND ${inPeriod("e.at")}
          ORDER BY e.at DESC, e.id DESC LIMIT 1) AS verdict_to,
        (SELECT CASE WHEN e.to_status = 'closed' THEN COALESCE(e.data->>'rating', b.rating) ELSE 'unsatisfied' END
           FROM case_events e
          WHERE e.case_id = b.id AND e.action = 'rate' AND ${inPeriod("e.at")}
          ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last_rating,
        (SELECT e.to_status FROM case_events e
          WHERE e.case_id = b.id AND e.action = 'rate' AND ${inPeriod("e.at")}
          ORDER BY e.at DESC, e.id DESC LIMIT 1) AS rating_to,
        EXISTS (SELECT 1 FROM case_events e
          WHERE e.case_id = b.id AND e.action = 'rate' AND e.to_status <> 'closed' AND ${inPeriod("e.at")}) AS reworked_in_period
      FROM base b
    ),
    flags AS (
      SELECT f.*,
        f.is_due AS due,
        COALESCE(f.responded_at <= f.response_due_at, false) AS responded,
        COALESCE(f.hold_state = 'approve_hold', false) AS on_hold,
        (f.status = 'closed' AND COALESCE(f.resolved_at <= f.deadline_at, false)) AS closed_on_time,
        (f.verdict_to IS NOT NULL) AS judged,
        COALESCE(f.verdict_to = 'closed', false) AS solved,
        (f.rating_to IS NOT NULL) AS rated,
        COALESCE(f.rating_to = 'closed', false) AS satisfied,
        f.reworked_in_period AS reworked
      FROM facts f
    )${gridCte},
    keyed AS (
      SELECT ${keyExpr} AS key, f.* FROM flags f ${gridJoin}
    )`;
  if (s.key && s.level !== "department" && s.level !== "unit" && s.level !== "scope") {
    return { sql: `${sql}, one AS (SELECT * FROM keyed WHERE key = ${p(s.key)})`, params };
  }
  return { sql: `${sql}, one AS (SELECT * FROM keyed)`, params };
}

export interface Counts {
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

export const ZERO: Counts = {
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

/** The counts of every row key with any case in the cohorts. */
export async function countsByKey(q: Queryable, s: FactsScope): Promise<Map<string, Counts>> {
  const { sql, params } = factsSql(s);
  const { rows } = await q.query<{ key: string } & Record<string, number>>(
    `${sql}
     SELECT key,
       count(*) FILTER (WHERE ${METRIC_SQL.response.denominator})::int AS due,
       count(*) FILTER (WHERE ${METRIC_SQL.response.numerator})::int AS responded,
       count(*) FILTER (WHERE due AND on_hold)::int AS on_hold,
       count(*) FILTER (WHERE ${METRIC_SQL.on_time.numerator})::int AS closed_on_time,
       count(*) FILTER (WHERE ${METRIC_SQL.resolution.denominator})::int AS judged,
       count(*) FILTER (WHERE ${METRIC_SQL.resolution.numerator})::int AS solved,
       count(*) FILTER (WHERE ${METRIC_SQL.satisfaction.denominator})::int AS rated,
       count(*) FILTER (WHERE ${METRIC_SQL.satisfaction.numerator})::int AS satisfied,
       count(*) FILTER (WHERE ${METRIC_SQL.rework.numerator})::int AS reworked
     FROM one WHERE key IS NOT NULL GROUP BY key`,
    params,
  );
  return new Map(
    rows.map((r) => [
      r.key,
      {
        due: r.due!,
        respondedOnTime: r.responded!,
        onHold: r.on_hold!,
        closedOnTime: r.closed_on_time!,
        judged: r.judged!,
        solved: r.solved!,
        rated: r.rated!,
        satisfied: r.satisfied!,
        reworked: r.reworked!,
      },
    ]),
  );
}

export interface DrillRow {
  id: string;
  number: string;
  title: string;
  status: CaseStatus;
  area_code: string | null;
  area_name: string | null;
  grid_name: string | null;
  handler_label: string | null;
  deadline_at: Date | null;
  response_due_at: Date | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  on_hold: boolean;
  last_rating: Rating | null;
  reworked: boolean;
}

/** The cases behind one figure of one row: the metric's numerator or its whole denominator. */
export async function casesBehind(
  q: Queryable,
  s: FactsScope & { key: string },
  metric: AssessmentMetric,
  numerator: boolean,
  page: { page: number; pageSize: number },
): Promise<{ rows: DrillRow[]; total: number }> {
  const { sql, params } = factsSql(s);
  const pred = numerator ? METRIC_SQL[metric].numerator : METRIC_SQL[metric].denominator;
  const total = await q.query<{ n: number }>(`${sql} SELECT count(*)::int AS n FROM one WHERE ${pred}`, params);
  const n = params.length;
  const { rows } = await q.query<DrillRow>(
    `${sql}
     SELECT o.id, c.number, c.title, o.status, o.area_code, ar.name AS area_name, g.name AS grid_name, c.handler_label,
            o.deadline_at, o.response_due_at, o.responded_at, o.resolved_at, o.closed_at, (o.due AND o.on_hold) AS on_hold, o.last_rating, o.reworked
       FROM one o
       JOIN cases c ON c.id = o.id
       LEFT JOIN areas ar ON ar.code = o.area_code
       LEFT JOIN grids g ON g.id = o.grid_id
      WHERE ${pred}
      ORDER BY o.deadline_at NULLS LAST, c.number
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, page.pageSize, (page.page - 1) * page.pageSize],
  );
  return { rows, total: total.rows[0]!.n };
}

/** A unit of assessment: its key, name and the area it belongs to. */
export interface UnitRow {
  key: string;
  name: string;
  area_code: string | null;
}

/**
 * The units of assessment of a level under an area prefix (null: no area, for a department's or unit's own row),
 * optionally only the ones named: grids, communities and streets inside the area; departments of the governments
 * in or above it; units inside it.
 */
export async function unitsOf(
  q: Queryable,
  level: AssessmentLevel,
  areaPrefix: string | null,
  only: { departmentId?: string | null; unitId?: string | null; key?: string } = {},
): Promise<UnitRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let sql: string;
  switch (level) {
    case "grid":
      sql = "SELECT g.id::text AS key, g.name, g.area_code FROM grids g";
      if (areaPrefix) where.push(`g.area_code LIKE ${p(`${areaPrefix}%`)}`);
      if (only.key) where.push(`g.id::text = ${p(only.key)}`);
      sql += where.length ? ` WHERE ${where.join(" AND ")}` : " WHERE false";
      return (await q.query<UnitRow>(`${sql} ORDER BY g.code`, params)).rows;
    case "community":
    case "street":
      where.push(`a.level = ${p(level)}`);
      if (areaPrefix) where.push(`a.code LIKE ${p(`${areaPrefix}%`)}`);
      else where.push("false");
      if (only.key) where.push(`a.code = ${p(only.key)}`);
      return (
        await q.query<UnitRow>(
          `SELECT a.code AS key, a.name, a.code AS area_code FROM areas a WHERE ${where.join(" AND ")} ORDER BY a.code`,
          params,
        )
      ).rows;
    case "department":
      if (only.departmentId) where.push(`d.id = ${p(only.departmentId)}`);
      else if (areaPrefix) where.push(`(d.area_code LIKE ${p(`${areaPrefix}%`)} OR ${p(areaPrefix)} LIKE a.prefix || '%')`);
      else where.push("false");
      if (only.key) where.push(`d.id::text = ${p(only.key)}`);
      return (
        await q.query<UnitRow>(
          `SELECT d.id::text AS key, d.name, d.area_code FROM departments d JOIN areas a ON a.code = d.area_code
            WHERE ${where.join(" AND ")} ORDER BY d.area_code, d.name`,
          params,
        )
      ).rows;
    case "unit":
      if (only.unitId) where.push(`u.id = ${p(only.unitId)}`);
      else if (areaPrefix) where.push(`u.area_code LIKE ${p(`${areaPrefix}%`)}`);
      else where.push("false");
      if (only.key) where.push(`u.id::text = ${p(only.key)}`);
      return (
        await q.query<UnitRow>(
          `SELECT u.id::text AS key, u.name, u.area_code FROM units u WHERE ${where.join(" AND ")} ORDER BY u.area_code, u.name`,
          params,
        )
      ).rows;
  }
}

/** Every area's own weights, with the prefix its subtree shares. */
export async function allWeights(q: Queryable): Promise<{ prefix: string; area_code: string; w: Weights }[]> {
  const { rows } = await q.query<{ area_code: string; prefix: string; response: number; resolution: number; satisfaction: number }>(
    `SELECT w.area_code, a.prefix, w.response::float8 AS response, w.resolution::float8 AS resolution, w.satisfaction::float8 AS satisfaction
       FROM assessment_weights w JOIN areas a ON a.code = w.area_code`,
  );
  return rows
    .map((r) => ({
      prefix: r.prefix,
      area_code: r.area_code,
      w: { response: r.response, resolution: r.resolution, satisfaction: r.satisfaction },
    }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The weights in force for an area: those of the nearest area (itself or an ancestor) that sets its own, else the default. */
export function weightsFor(
  all: { prefix: string; area_code: string; w: Weights }[],
  areaCode: string | null,
): Weights & { source: string | null } {
  const hit = areaCode ? all.find((x) => areaCode.startsWith(x.prefix)) : undefined;
  return hit ? { ...hit.w, source: hit.area_code } : { ...DEFAULT_ASSESSMENT_WEIGHTS, source: null };
}
