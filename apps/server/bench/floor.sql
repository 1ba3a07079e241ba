-- The floor's two tables (created by the benchmark only; never part of the migrations).
DROP TABLE IF EXISTS bench_floor_events;
DROP TABLE IF EXISTS bench_floor_items;
CREATE TABLE bench_floor_items (
  id bigserial PRIMARY KEY,
  title text NOT NULL,
  area_code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bench_floor_events (
  id bigserial PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES bench_floor_items(id),
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
