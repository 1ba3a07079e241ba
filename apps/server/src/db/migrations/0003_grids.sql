-- A token that changes with every change to the grids table, in the changing transaction. Each process keeps
-- an in-memory index of the lowest-level grids for locating points; comparing its token with this one tells it
-- cheaply whether another process (or a direct write) changed the grids since it was built.
CREATE TABLE grids_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  token uuid NOT NULL DEFAULT gen_random_uuid(),
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO grids_version DEFAULT VALUES;

CREATE FUNCTION grids_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE grids_version SET token = gen_random_uuid(), changed_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER grids_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grids
  FOR EACH STATEMENT EXECUTE FUNCTION grids_version_bump();

-- Which grids a person works (grid workers are found through this column).
CREATE INDEX grids_worker_idx ON grids (worker_person_id);
