-- The ledger's default page (the newest cases of an area): the creation index carries the area code too, so a
-- backward scan skips other areas' cases in the index itself and reads from the table only the rows it shows.
-- It serves every range of creation times as the index it replaces did.
CREATE INDEX cases_created_area_idx ON cases (created_at, area_code text_pattern_ops);
DROP INDEX cases_created_idx;
