import type { Queryable } from "../../db/client.js";

/**
 * A set-based generator of case history (SQL `generate_series`), for the command-centre tests and the benchmark's
 * ten million cases: cases spread over the lowest-level grids and the active sub-categories, reported over `days`
 * days up to `end`, each with the events of the stage its age brings it to — submitted; triaged (with the deadline it
 * was given) and accepted; resolved; and rated or closed unrated — with some late responses, holds over the deadline,
 * reworks after an unsatisfied rating, rejections and merges. Statuses agree with the events.
 */
export interface GenerateOptions {
  cases: number;
  days: number;
  end: Date;
  /** distinguishes the numbers and tracking codes of one run from another's */
  tag: string;
  /** cases per statement */
  chunk?: number;
  /** the number of the first case (numbers from..from+cases-1), so that several loaders can share a run */
  first?: number;
}

const CASE_SQL = `
WITH g AS (
  SELECT (row_number() OVER (ORDER BY g.code) - 1)::int AS i, g.id, g.area_code, g.min_lng, g.min_lat, g.max_lng, g.max_lat
    FROM grids g WHERE NOT EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = g.id)
),
cat AS (
  SELECT (row_number() OVER (ORDER BY c.code) - 1)::int AS i, c.code, c.name
    FROM case_categories c WHERE c.parent_code IS NOT NULL AND c.active
),
n AS (SELECT (SELECT count(*) FROM g)::int AS grids, (SELECT count(*) FROM cat)::int AS cats),
s AS (
  SELECT k, r.*
    FROM generate_series($1::int, $2::int) k, n,
    LATERAL (SELECT floor(random() * n.grids)::int AS gi, floor(random() * n.cats)::int AS ci, random() AS age_r, random() AS fate,
                    random() AS late, random() AS px, random() AS py, random() AS rating_r, k * 0 + 1 AS one) r
),
t AS (
  SELECT s.*, $3::timestamptz - (s.age_r * $4::float8) * interval '1 day' AS created_at
    FROM s
)
INSERT INTO cases (number, tracking_code, channel, source, category_code, title, status, urgency, lat, lng, area_code, grid_id,
                   deadline_at, responded_at, resolved_at, closed_at, rework_count, rating, created_at, updated_at)
SELECT 'GEN' || $5 || '-' || t.k, 'G' || $5 || lpad(t.k::text, 9, '0'), 'resident_report', 'mobile', cat.code, cat.name,
       st.status, 'normal',
       g.min_lat + t.py * (g.max_lat - g.min_lat), g.min_lng + t.px * (g.max_lng - g.min_lng), g.area_code, g.id,
       CASE WHEN st.status NOT IN ('submitted', 'rejected', 'merged') THEN t.created_at + interval '7 days' END,
       CASE WHEN st.status NOT IN ('submitted', 'rejected', 'merged')
            THEN t.created_at + CASE WHEN t.late < 0.05 THEN interval '8 days' ELSE interval '3 hours' END END,
       CASE WHEN st.status IN ('resolved', 'closed') THEN t.created_at + CASE WHEN t.late > 0.9 THEN interval '9 days' ELSE interval '3 days' END END,
       CASE WHEN st.status = 'closed' THEN t.created_at + CASE WHEN t.late > 0.9 THEN interval '11 days' ELSE interval '5 days' END END,
       CASE WHEN st.status = 'closed' AND t.fate < 0.045 THEN 1 ELSE 0 END,
       CASE WHEN st.status = 'closed' AND t.rating_r < 0.88 THEN (CASE WHEN t.rating_r < 0.6 THEN 'satisfied' ELSE 'basically_satisfied' END) END,
       t.created_at, t.created_at
  FROM t
  JOIN g ON g.i = t.gi
  JOIN cat ON cat.i = t.ci
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN t.fate > 0.985 THEN 'rejected'
      WHEN t.fate > 0.975 THEN 'merged'
      WHEN $3::timestamptz - t.created_at < interval '6 hours' THEN 'submitted'
      WHEN $3::timestamptz - t.created_at < interval '2 days' THEN (CASE WHEN t.late < 0.5 THEN 'assigned' ELSE 'in_progress' END)
      WHEN $3::timestamptz - t.created_at < interval '12 days' THEN (CASE WHEN t.rating_r < 0.3 THEN 'in_progress' ELSE 'resolved' END)
      ELSE 'closed'
    END AS status
  ) st`;

/** The events of the generated cases numbered from..to, derived from their columns. */
const EVENT_SQL = `
INSERT INTO case_events (case_id, at, actor_label, action, from_status, to_status, data, area_code)
SELECT c.id, e.at, '生成', e.action, e.from_status, e.to_status, e.data, c.area_code
  FROM cases c
  CROSS JOIN LATERAL (VALUES
    (1, c.created_at, 'submit', NULL, 'submitted', '{}'::jsonb, true),
    (2, c.created_at + interval '30 minutes', 'triage', 'submitted', 'assigned',
        jsonb_build_object('deadlineAt', to_char(c.deadline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        c.deadline_at IS NOT NULL),
    (3, c.responded_at, 'accept', 'assigned', 'in_progress', '{}'::jsonb, c.responded_at IS NOT NULL),
    (4, c.deadline_at - interval '1 day', 'approve_hold', 'hold_requested', 'on_hold', '{}'::jsonb,
        c.deadline_at IS NOT NULL AND c.responded_at IS NOT NULL AND (hashtext(c.number) % 33) = 0),
    (5, c.deadline_at + interval '1 day', 'resume', 'on_hold', 'in_progress', '{}'::jsonb,
        c.deadline_at IS NOT NULL AND c.responded_at IS NOT NULL AND (hashtext(c.number) % 33) = 0 AND c.status <> 'in_progress'),
    (6, c.resolved_at - interval '2 days', 'resolve', 'in_progress', 'resolved', '{}'::jsonb, c.rework_count > 0),
    (7, c.resolved_at - interval '1 day', 'rate', 'resolved', 'in_progress', '{"rating":"unsatisfied"}'::jsonb, c.rework_count > 0),
    (8, c.resolved_at, 'resolve', 'in_progress', 'resolved', '{}'::jsonb, c.resolved_at IS NOT NULL),
    (9, c.closed_at, 'rate', 'resolved', 'closed', jsonb_build_object('rating', c.rating), c.closed_at IS NOT NULL AND c.rating IS NOT NULL),
    (10, c.closed_at, 'close_unrated', 'resolved', 'closed', '{}'::jsonb, c.closed_at IS NOT NULL AND c.rating IS NULL),
    (11, c.created_at + interval '1 hour', CASE c.status WHEN 'rejected' THEN 'reject' ELSE 'merge' END, 'submitted', c.status, '{}'::jsonb,
        c.status IN ('rejected', 'merged'))
  ) AS e(seq, at, action, from_status, to_status, data, keep)
 WHERE c.tracking_code >= $1 AND c.tracking_code <= $2 AND e.keep`;

/** Inserts the cases and their events, `chunk` cases a statement; returns how many cases were made. */
export async function generateCases(q: Queryable, o: GenerateOptions, progress?: (done: number) => void): Promise<number> {
  const chunk = o.chunk ?? 200_000;
  const first = o.first ?? 1;
  const last = first + o.cases - 1;
  for (let from = first; from <= last; from += chunk) {
    const to = Math.min(last, from + chunk - 1);
    await q.query(CASE_SQL, [from, to, o.end, o.days, o.tag]);
    const code = (k: number) => `G${o.tag}${String(k).padStart(9, "0")}`;
    await q.query(EVENT_SQL, [code(from), code(to)]);
    progress?.(to);
  }
  return o.cases;
}
