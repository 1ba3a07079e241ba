-- Command-centre rollups: counts of cases by local day (or week) and area, kept current by triggers in the
-- transaction of every write to `cases` and `case_events`, so the command centre answers from a few thousand rows
-- whatever the number of cases. Each case contributes rows computed from its row and its events by
-- `case_rollup_rows`, with the assessment's definitions (modules/assessment/assessment.rules.ts); a change inserts
-- the difference between the case's contributions after and before it. Writers only ever insert (no hot row is
-- updated, so concurrent intake never waits on a counter); `case_rollups_compact` folds the inserted rows into one
-- row per key in the background. Readers always sum.

-- The local (China Standard Time, no daylight saving) day of an instant, and the Monday of a day's week.
CREATE FUNCTION gz_local_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date $$;

CREATE FUNCTION gz_week_of(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT d - (extract(isodow FROM d)::int - 1) $$;

-- kind:
--   day    day = local day, area_key = the case's area code cut to 12 digits (its community, or the street or
--          district it lies at). n: cases reported that day. due, responded, on_hold, closed_on_time: cases whose
--          deadline falls that day. judged, solved / rated, satisfied / reworked: the verdicts / ratings /
--          unsatisfied ratings given that day, each with the outcome it stands for.
--   sup    the same verdicts, ratings and reworks again, for those followed by another of their kind on the same
--          case (on until_day): a period that holds both counts only the later one, so it subtracts these.
--   wcat6, wcat12   day = Monday of the week reported, area_key = the area cut to 6 (district) or 12 digits,
--          dim = category code; n: cases reported.
--   wgrid  day = Monday of the week, area_key cut to 12 digits, dim = grid id; n: cases reported.
--   open   day = local day of the deadline ('infinity' without one), dim = status; n: cases in that open status.
CREATE TABLE case_rollups (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('day','sup','wcat6','wcat12','wgrid','open')),
  day date NOT NULL,
  until_day date NOT NULL DEFAULT 'infinity',
  area_key text NOT NULL,
  dim text NOT NULL DEFAULT '',
  -- folded by case_rollups_compact: at most one such row per key, besides the rows inserted since
  compacted boolean NOT NULL DEFAULT false,
  n integer NOT NULL DEFAULT 0,
  due integer NOT NULL DEFAULT 0,
  responded integer NOT NULL DEFAULT 0,
  on_hold integer NOT NULL DEFAULT 0,
  closed_on_time integer NOT NULL DEFAULT 0,
  judged integer NOT NULL DEFAULT 0,
  solved integer NOT NULL DEFAULT 0,
  rated integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  reworked integer NOT NULL DEFAULT 0
);
-- Readers ask for a kind over a range of days and an area prefix; the fold finds each key's rows by all of it.
CREATE INDEX case_rollups_day_idx ON case_rollups (kind, day, area_key text_pattern_ops, dim, until_day);
CREATE INDEX case_rollups_open_idx ON case_rollups (area_key text_pattern_ops) WHERE kind = 'open';
CREATE INDEX case_rollups_fresh_idx ON case_rollups (id) WHERE NOT compacted;

-- A case's contributions, from its row and its events (leaving out the events whose ids are in `skip`).
CREATE FUNCTION case_rollup_rows(c cases, skip bigint[]) RETURNS TABLE (
  kind text, day date, until_day date, area_key text, dim text, n integer, due integer, responded integer, on_hold integer,
  closed_on_time integer, judged integer, solved integer, rated integer, satisfied integer, reworked integer
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  -- PL/pgSQL keeps the plan of this query for the session (an SQL function would plan it at every call).
  RETURN QUERY
  WITH ev AS (
    SELECT e.id, e.at, e.action, e.to_status, e.data FROM case_events e
     WHERE e.case_id = c.id AND NOT (e.id = ANY (COALESCE(skip, '{}'::bigint[])))
       AND e.action IN ('accept', 'triage', 'approve_hold', 'resume', 'resolve', 'rate', 'close_unrated')
  ),
  f AS (
    SELECT
      c.area_code IS NOT NULL AND c.status NOT IN ('rejected', 'merged') AS counted,
      (SELECT min(ev.at) FROM ev WHERE ev.action = 'accept') AS responded_at,
      COALESCE(
        (SELECT CASE WHEN ev.data->>'deadlineAt' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$'
                     THEN (ev.data->>'deadlineAt')::timestamptz END
           FROM ev WHERE ev.action = 'triage' ORDER BY ev.id LIMIT 1),
        c.deadline_at) AS response_due_at,
      (SELECT ev.action FROM ev WHERE ev.action IN ('approve_hold', 'resume') AND ev.at <= c.deadline_at
        ORDER BY ev.at DESC, ev.id DESC LIMIT 1) AS hold_state,
      (SELECT max(ev.at) FROM ev WHERE ev.action = 'resolve') AS resolved_at
  ),
  due AS (
    SELECT COALESCE(f.responded_at <= f.response_due_at, false) AS responded,
           COALESCE(f.hold_state = 'approve_hold', false) AS on_hold,
           c.status = 'closed' AND COALESCE(f.resolved_at <= c.deadline_at, false) AS closed_on_time
      FROM f WHERE f.counted AND c.deadline_at IS NOT NULL
  ),
  chains AS (
    SELECT 'verdict' AS chain, ev.at, ev.to_status, lead(ev.at) OVER (ORDER BY ev.at, ev.id) AS next_at
      FROM ev WHERE ev.action IN ('rate', 'close_unrated')
    UNION ALL
    SELECT 'rating', ev.at, ev.to_status, lead(ev.at) OVER (ORDER BY ev.at, ev.id) FROM ev WHERE ev.action = 'rate'
    UNION ALL
    SELECT 'rework', ev.at, ev.to_status, lead(ev.at) OVER (ORDER BY ev.at, ev.id)
      FROM ev WHERE ev.action = 'rate' AND ev.to_status <> 'closed'
  ),
  steps AS (
    SELECT ch.at, ch.next_at,
      (ch.chain = 'verdict' AND ch.to_status IS NOT NULL)::int AS judged,
      (ch.chain = 'verdict' AND ch.to_status = 'closed')::int AS solved,
      (ch.chain = 'rating' AND ch.to_status IS NOT NULL)::int AS rated,
      (ch.chain = 'rating' AND ch.to_status = 'closed')::int AS satisfied,
      (ch.chain = 'rework')::int AS reworked
      FROM chains ch, f WHERE f.counted
  ),
  raw AS (
    SELECT 'day' AS kind, gz_local_day(c.created_at) AS day, 'infinity'::date AS until_day, left(c.area_code, 12) AS area_key,
           '' AS dim, 1 AS n, 0 AS due, 0 AS responded, 0 AS on_hold, 0 AS closed_on_time,
           0 AS judged, 0 AS solved, 0 AS rated, 0 AS satisfied, 0 AS reworked
     WHERE c.area_code IS NOT NULL
    UNION ALL
    SELECT 'wcat6', gz_week_of(gz_local_day(c.created_at)), 'infinity', left(c.area_code, 6), c.category_code, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
     WHERE c.area_code IS NOT NULL AND c.category_code IS NOT NULL
    UNION ALL
    SELECT 'wcat12', gz_week_of(gz_local_day(c.created_at)), 'infinity', left(c.area_code, 12), c.category_code, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
     WHERE c.area_code IS NOT NULL AND c.category_code IS NOT NULL
    UNION ALL
    SELECT 'wgrid', gz_week_of(gz_local_day(c.created_at)), 'infinity', left(c.area_code, 12), c.grid_id::text, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
     WHERE c.area_code IS NOT NULL AND c.grid_id IS NOT NULL
    UNION ALL
    SELECT 'open', COALESCE(gz_local_day(c.deadline_at), 'infinity'), 'infinity', left(c.area_code, 12), c.status, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
     WHERE c.area_code IS NOT NULL AND c.status IN ('submitted', 'assigned', 'in_progress', 'hold_requested', 'on_hold', 'resolved')
    UNION ALL
    SELECT 'day', gz_local_day(c.deadline_at), 'infinity', left(c.area_code, 12), '', 0, 1,
           due.responded::int, due.on_hold::int, (NOT due.on_hold AND due.closed_on_time)::int, 0, 0, 0, 0, 0
      FROM due
    UNION ALL
    SELECT 'day', gz_local_day(s.at), 'infinity', left(c.area_code, 12), '', 0, 0, 0, 0, 0, s.judged, s.solved, s.rated, s.satisfied, s.reworked
      FROM steps s
    UNION ALL
    SELECT 'sup', gz_local_day(s.at), gz_local_day(s.next_at), left(c.area_code, 12), '', 0, 0, 0, 0, 0,
           s.judged, s.solved, s.rated, s.satisfied, s.reworked
      FROM steps s WHERE s.next_at IS NOT NULL
  )
  SELECT r.kind, r.day, r.until_day, r.area_key, r.dim, sum(r.n)::int, sum(r.due)::int, sum(r.responded)::int, sum(r.on_hold)::int,
         sum(r.closed_on_time)::int, sum(r.judged)::int, sum(r.solved)::int, sum(r.rated)::int, sum(r.satisfied)::int, sum(r.reworked)::int
    FROM raw r WHERE c.id IS NOT NULL
   GROUP BY r.kind, r.day, r.until_day, r.area_key, r.dim;
END $$;

-- New cases: their contributions as they stand, without events (an event names its case, so it comes after it,
-- and `case_events_rollup` adds what it changes). The same rows `case_rollup_rows` gives a case with no events,
-- written straight from the new rows: intake pays for a few inserts, not for a look at the events.
CREATE FUNCTION case_rollups_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_rollups (kind, day, area_key, dim, n, due)
  SELECT v.kind, v.day, v.area_key, v.dim, sum(v.n), sum(v.due)
    FROM new_cases c
    CROSS JOIN LATERAL (VALUES
      ('day', gz_local_day(c.created_at), left(c.area_code, 12), '', 1, 0, true),
      ('wcat6', gz_week_of(gz_local_day(c.created_at)), left(c.area_code, 6), c.category_code, 1, 0, c.category_code IS NOT NULL),
      ('wcat12', gz_week_of(gz_local_day(c.created_at)), left(c.area_code, 12), c.category_code, 1, 0, c.category_code IS NOT NULL),
      ('wgrid', gz_week_of(gz_local_day(c.created_at)), left(c.area_code, 12), c.grid_id::text, 1, 0, c.grid_id IS NOT NULL),
      ('open', COALESCE(gz_local_day(c.deadline_at), 'infinity'), left(c.area_code, 12), c.status, 1, 0,
        c.status IN ('submitted', 'assigned', 'in_progress', 'hold_requested', 'on_hold', 'resolved')),
      ('day', gz_local_day(c.deadline_at), left(c.area_code, 12), '', 0, 1,
        c.deadline_at IS NOT NULL AND c.status NOT IN ('rejected', 'merged'))
    ) AS v(kind, day, area_key, dim, n, due, keep)
   WHERE c.area_code IS NOT NULL AND v.keep
   GROUP BY v.kind, v.day, v.area_key, v.dim;
  RETURN NULL;
END $$;

-- A changed case: its contributions after, less those before (only what differs is written).
CREATE FUNCTION case_rollups_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_rollups (kind, day, until_day, area_key, dim, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
  SELECT x.kind, x.day, x.until_day, x.area_key, x.dim, sum(x.n), sum(x.due), sum(x.responded), sum(x.on_hold), sum(x.closed_on_time),
         sum(x.judged), sum(x.solved), sum(x.rated), sum(x.satisfied), sum(x.reworked)
    FROM (
      SELECT * FROM case_rollup_rows(NEW, NULL)
      UNION ALL
      SELECT o.kind, o.day, o.until_day, o.area_key, o.dim, -o.n, -o.due, -o.responded, -o.on_hold, -o.closed_on_time,
             -o.judged, -o.solved, -o.rated, -o.satisfied, -o.reworked
        FROM case_rollup_rows(OLD, NULL) o
    ) x
   GROUP BY x.kind, x.day, x.until_day, x.area_key, x.dim
  HAVING sum(x.n) <> 0 OR sum(x.due) <> 0 OR sum(x.responded) <> 0 OR sum(x.on_hold) <> 0 OR sum(x.closed_on_time) <> 0
      OR sum(x.judged) <> 0 OR sum(x.solved) <> 0 OR sum(x.rated) <> 0 OR sum(x.satisfied) <> 0 OR sum(x.reworked) <> 0;
  RETURN NULL;
END $$;

-- Removed cases: their contributions taken back.
CREATE FUNCTION case_rollups_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_rollups (kind, day, until_day, area_key, dim, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
  SELECT r.kind, r.day, r.until_day, r.area_key, r.dim, -sum(r.n), -sum(r.due), -sum(r.responded), -sum(r.on_hold), -sum(r.closed_on_time),
         -sum(r.judged), -sum(r.solved), -sum(r.rated), -sum(r.satisfied), -sum(r.reworked)
    FROM old_cases c CROSS JOIN LATERAL case_rollup_rows(c, NULL) r
   GROUP BY r.kind, r.day, r.until_day, r.area_key, r.dim;
  RETURN NULL;
END $$;

-- New events (the ones the figures read): each case's contributions with them, less those without them.
CREATE FUNCTION case_rollups_on_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_rollups (kind, day, until_day, area_key, dim, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
  SELECT x.kind, x.day, x.until_day, x.area_key, x.dim, sum(x.n), sum(x.due), sum(x.responded), sum(x.on_hold), sum(x.closed_on_time),
         sum(x.judged), sum(x.solved), sum(x.rated), sum(x.satisfied), sum(x.reworked)
    FROM (SELECT e.case_id, array_agg(e.id) AS ids FROM new_events e
           WHERE e.action IN ('accept', 'triage', 'approve_hold', 'resume', 'resolve', 'rate', 'close_unrated')
           GROUP BY e.case_id) ne
    JOIN cases c ON c.id = ne.case_id
    CROSS JOIN LATERAL (
      SELECT * FROM case_rollup_rows(c, NULL)
      UNION ALL
      SELECT o.kind, o.day, o.until_day, o.area_key, o.dim, -o.n, -o.due, -o.responded, -o.on_hold, -o.closed_on_time,
             -o.judged, -o.solved, -o.rated, -o.satisfied, -o.reworked
        FROM case_rollup_rows(c, ne.ids) o
    ) x
   GROUP BY x.kind, x.day, x.until_day, x.area_key, x.dim
  HAVING sum(x.n) <> 0 OR sum(x.due) <> 0 OR sum(x.responded) <> 0 OR sum(x.on_hold) <> 0 OR sum(x.closed_on_time) <> 0
      OR sum(x.judged) <> 0 OR sum(x.solved) <> 0 OR sum(x.rated) <> 0 OR sum(x.satisfied) <> 0 OR sum(x.reworked) <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_on_insert();
CREATE TRIGGER cases_rollup_update AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.area_code IS DISTINCT FROM NEW.area_code OR OLD.grid_id IS DISTINCT FROM NEW.grid_id
     OR OLD.category_code IS DISTINCT FROM NEW.category_code OR OLD.created_at IS DISTINCT FROM NEW.created_at
     OR OLD.deadline_at IS DISTINCT FROM NEW.deadline_at)
  EXECUTE FUNCTION case_rollups_on_update();
CREATE TRIGGER cases_rollup_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_on_delete();
CREATE TRIGGER case_events_rollup AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION case_rollups_on_events();

-- Folds up to `max_rows` rows inserted since the last fold into the one folded row of each key, adding their counts
-- to it (a key first seen gets its folded row). One process folds at a time (a transaction-level advisory lock;
-- another process finding it taken folds nothing this time), so the rows it takes need no row locks: writers only
-- ever insert fresh rows, and only the fold deletes them.
CREATE UNIQUE INDEX case_rollups_key_idx ON case_rollups (kind, day, until_day, area_key, dim) WHERE compacted;

CREATE FUNCTION case_rollups_compact(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  taken integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('gongzhi:case_rollups_compact')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (
    DELETE FROM case_rollups r
     WHERE r.id IN (SELECT f.id FROM case_rollups f WHERE NOT f.compacted ORDER BY f.id LIMIT max_rows)
    RETURNING r.*
  )
  INSERT INTO case_rollups AS t (kind, day, until_day, area_key, dim, compacted, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
  SELECT g.kind, g.day, g.until_day, g.area_key, g.dim, true, sum(g.n), sum(g.due), sum(g.responded), sum(g.on_hold), sum(g.closed_on_time),
         sum(g.judged), sum(g.solved), sum(g.rated), sum(g.satisfied), sum(g.reworked)
    FROM gone g
   GROUP BY g.kind, g.day, g.until_day, g.area_key, g.dim
  ON CONFLICT (kind, day, until_day, area_key, dim) WHERE compacted DO UPDATE SET
    n = t.n + EXCLUDED.n, due = t.due + EXCLUDED.due, responded = t.responded + EXCLUDED.responded,
    on_hold = t.on_hold + EXCLUDED.on_hold, closed_on_time = t.closed_on_time + EXCLUDED.closed_on_time,
    judged = t.judged + EXCLUDED.judged, solved = t.solved + EXCLUDED.solved, rated = t.rated + EXCLUDED.rated,
    satisfied = t.satisfied + EXCLUDED.satisfied, reworked = t.reworked + EXCLUDED.reworked;
  GET DIAGNOSTICS taken = ROW_COUNT;
  RETURN taken;
END $$;

-- Recomputes every rollup from the cases and their events (after a restore or a bulk load without triggers): the
-- contributions of `case_rollup_rows`, computed for all cases at once (a few joins instead of a call per case).
CREATE FUNCTION case_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('work_mem', '256MB', true);
  DELETE FROM case_rollups;
  INSERT INTO case_rollups (kind, day, until_day, area_key, dim, compacted, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
  WITH c AS (
    SELECT c.id, c.status, left(c.area_code, 12) AS area_key, c.area_code, c.created_at, c.deadline_at, c.category_code, c.grid_id,
           c.status NOT IN ('rejected', 'merged') AS counted
      FROM cases c WHERE c.area_code IS NOT NULL
  ),
  ev AS (
    SELECT e.case_id, e.id, e.at, e.action, e.to_status, e.data FROM case_events e
     WHERE e.action IN ('accept', 'triage', 'approve_hold', 'resume', 'resolve', 'rate', 'close_unrated')
  ),
  f AS (
    SELECT c.id, c.area_key, c.status, c.deadline_at,
      min(ev.at) FILTER (WHERE ev.action = 'accept') AS responded_at,
      (array_agg(ev.data->>'deadlineAt' ORDER BY ev.id) FILTER (WHERE ev.action = 'triage'))[1] AS triage_deadline,
      bool_or(ev.action = 'triage') AS triaged,
      (array_agg(ev.action ORDER BY ev.at DESC, ev.id DESC)
         FILTER (WHERE ev.action IN ('approve_hold', 'resume') AND ev.at <= c.deadline_at))[1] AS hold_state,
      max(ev.at) FILTER (WHERE ev.action = 'resolve') AS resolved_at
      FROM c LEFT JOIN ev ON ev.case_id = c.id
     WHERE c.counted AND c.deadline_at IS NOT NULL
     GROUP BY c.id, c.area_key, c.status, c.deadline_at
  ),
  due AS (
    SELECT f.area_key, f.deadline_at,
           COALESCE(f.responded_at <= COALESCE(
             CASE WHEN f.triaged AND f.triage_deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$'
                  THEN f.triage_deadline::timestamptz END, f.deadline_at), false) AS responded,
           COALESCE(f.hold_state = 'approve_hold', false) AS on_hold,
           f.status = 'closed' AND COALESCE(f.resolved_at <= f.deadline_at, false) AS closed_on_time
      FROM f
  ),
  chains AS (
    SELECT ev.case_id, ev.at, lead(ev.at) OVER (PARTITION BY ev.case_id ORDER BY ev.at, ev.id) AS next_at,
           (ev.to_status IS NOT NULL)::int AS judged, (ev.to_status = 'closed')::int AS solved, 0 AS rated, 0 AS satisfied, 0 AS reworked
      FROM ev WHERE ev.action IN ('rate', 'close_unrated')
    UNION ALL
    SELECT ev.case_id, ev.at, lead(ev.at) OVER (PARTITION BY ev.case_id ORDER BY ev.at, ev.id),
           0, 0, (ev.to_status IS NOT NULL)::int, (ev.to_status = 'closed')::int, 0
      FROM ev WHERE ev.action = 'rate'
    UNION ALL
    SELECT ev.case_id, ev.at, lead(ev.at) OVER (PARTITION BY ev.case_id ORDER BY ev.at, ev.id), 0, 0, 0, 0, 1
      FROM ev WHERE ev.action = 'rate' AND ev.to_status <> 'closed'
  ),
  steps AS (
    SELECT c.area_key, ch.at, ch.next_at, ch.judged, ch.solved, ch.rated, ch.satisfied, ch.reworked
      FROM chains ch JOIN c ON c.id = ch.case_id WHERE c.counted
  ),
  raw AS (
    SELECT 'day' AS kind, gz_local_day(c.created_at) AS day, 'infinity'::date AS until_day, c.area_key, '' AS dim, 1 AS n, 0 AS due,
           0 AS responded, 0 AS on_hold, 0 AS closed_on_time, 0 AS judged, 0 AS solved, 0 AS rated, 0 AS satisfied, 0 AS reworked
      FROM c
    UNION ALL
    SELECT 'wcat6', gz_week_of(gz_local_day(c.created_at)), 'infinity', left(c.area_code, 6), c.category_code, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM c WHERE c.category_code IS NOT NULL
    UNION ALL
    SELECT 'wcat12', gz_week_of(gz_local_day(c.created_at)), 'infinity', c.area_key, c.category_code, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM c WHERE c.category_code IS NOT NULL
    UNION ALL
    SELECT 'wgrid', gz_week_of(gz_local_day(c.created_at)), 'infinity', c.area_key, c.grid_id::text, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM c WHERE c.grid_id IS NOT NULL
    UNION ALL
    SELECT 'open', COALESCE(gz_local_day(c.deadline_at), 'infinity'), 'infinity', c.area_key, c.status, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM c WHERE c.status IN ('submitted', 'assigned', 'in_progress', 'hold_requested', 'on_hold', 'resolved')
    UNION ALL
    SELECT 'day', gz_local_day(d.deadline_at), 'infinity', d.area_key, '', 0, 1, d.responded::int, d.on_hold::int,
           (NOT d.on_hold AND d.closed_on_time)::int, 0, 0, 0, 0, 0
      FROM due d
    UNION ALL
    SELECT 'day', gz_local_day(s.at), 'infinity', s.area_key, '', 0, 0, 0, 0, 0, s.judged, s.solved, s.rated, s.satisfied, s.reworked
      FROM steps s
    UNION ALL
    SELECT 'sup', gz_local_day(s.at), gz_local_day(s.next_at), s.area_key, '', 0, 0, 0, 0, 0, s.judged, s.solved, s.rated, s.satisfied, s.reworked
      FROM steps s WHERE s.next_at IS NOT NULL
  )
  SELECT r.kind, r.day, r.until_day, r.area_key, r.dim, true, sum(r.n), sum(r.due), sum(r.responded), sum(r.on_hold), sum(r.closed_on_time),
         COALESCE(sum(r.judged), 0), COALESCE(sum(r.solved), 0), COALESCE(sum(r.rated), 0), COALESCE(sum(r.satisfied), 0), sum(r.reworked)
    FROM raw r
   GROUP BY r.kind, r.day, r.until_day, r.area_key, r.dim
  HAVING sum(r.n) <> 0 OR sum(r.due) <> 0 OR sum(r.responded) <> 0 OR sum(r.on_hold) <> 0 OR sum(r.closed_on_time) <> 0
      OR COALESCE(sum(r.judged), 0) <> 0 OR COALESCE(sum(r.solved), 0) <> 0 OR COALESCE(sum(r.rated), 0) <> 0
      OR COALESCE(sum(r.satisfied), 0) <> 0 OR sum(r.reworked) <> 0;
END $$;

-- A database that already holds cases starts with rollups that count them.
SELECT case_rollups_rebuild();
