-- The fold answers how many fresh rows it took (it answered how many keys it wrote back): the server process
-- counts the rows folded since it last vacuumed the rollups, whose deleted fresh rows readers would otherwise step
-- over in the indexes until autovacuum came by.
CREATE OR REPLACE FUNCTION case_rollups_compact(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
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
  ),
  folded AS (
    INSERT INTO case_rollups AS t (kind, day, until_day, area_key, dim, compacted, n, due, responded, on_hold, closed_on_time, judged, solved, rated, satisfied, reworked)
    SELECT g.kind, g.day, g.until_day, g.area_key, g.dim, true, sum(g.n), sum(g.due), sum(g.responded), sum(g.on_hold), sum(g.closed_on_time),
           sum(g.judged), sum(g.solved), sum(g.rated), sum(g.satisfied), sum(g.reworked)
      FROM gone g
     GROUP BY g.kind, g.day, g.until_day, g.area_key, g.dim
    ON CONFLICT (kind, day, until_day, area_key, dim) WHERE compacted DO UPDATE SET
      n = t.n + EXCLUDED.n, due = t.due + EXCLUDED.due, responded = t.responded + EXCLUDED.responded,
      on_hold = t.on_hold + EXCLUDED.on_hold, closed_on_time = t.closed_on_time + EXCLUDED.closed_on_time,
      judged = t.judged + EXCLUDED.judged, solved = t.solved + EXCLUDED.solved, rated = t.rated + EXCLUDED.rated,
      satisfied = t.satisfied + EXCLUDED.satisfied, reworked = t.reworked + EXCLUDED.reworked
  )
  SELECT count(*)::int INTO taken FROM gone;
  RETURN taken;
END $$;

-- What a process stops before vacuuming, autovacuum takes: after 200,000 dead rows whatever the table's size (its
-- default waits for a fifth of the table, a million rows and more at ten million cases).
ALTER TABLE case_rollups SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200000);
