import { prepared, type Queryable } from "../../db/client.js";
import type { CaseRow } from "./cases.repository.js";

/**
 * A new case in one statement: the case row, its first event, its reporter row, the audit entry and the notices to
 * the staff who triage it (the community's, or the street's for a case placed at a street: the nearest staff whose
 * scope holds the case, as `supervisorAccounts` finds them), written by one INSERT with data-modifying WITH clauses.
 * One statement is one round trip and commits atomically by itself, so intake at a national peak costs the database
 * little more than the bare insert. It writes exactly what `createCase`'s step-by-step path writes. Null when the
 * idempotency key was taken (nothing is written): the caller then answers the earlier case.
 *
 * It runs as a prepared statement (parsed and planned once per connection), so it names the columns it returns:
 * a column added to `cases` later does not change its result.
 */
export const INSERT_CASE_AT_ONCE = prepared(`
WITH c AS (
  INSERT INTO cases (id, number, tracking_code, idempotency_key, idempotency_fingerprint, external_id, channel, source, api_key_id,
    category_code, title, description, urgency, lat, lng, location_text, area_code, grid_id, reporter_account_id, reporter_name,
    reporter_phone_enc, reporter_phone_hash, anonymous, photos, attributes, created_at, updated_at)
  VALUES ($1, 'MQ' || $2 || '-' || lpad(nextval('case_number_seq')::text, 6, '0'), $3, $4, $5, $6, $7, $8, $9,
    $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24::jsonb, $25::jsonb, $26, $26)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, number, tracking_code, idempotency_key, idempotency_fingerprint, external_id, channel, source,
    api_key_id, category_code, title, description, status, priority, urgency, service_mode, lat, lng,
    location_text, area_code, grid_id, reporter_account_id, reporter_name, reporter_phone_enc,
    reporter_phone_hash, anonymous, reporters_count, photos, attributes, handler_kind, handler_ref,
    handler_label, deadline_at, hold_started_at, hold_reason, responded_at, resolved_at, closed_at,
    reminded_at, overdue_at, escalated_at, rework_count, rating, rating_comment, rated_at, rating_due_at,
    rejected_reason, merged_into, created_at, updated_at
),
ev AS (
  INSERT INTO case_events (case_id, at, actor_id, actor_label, action, from_status, to_status, public_note, note, data, area_code)
  SELECT c.id, c.created_at, $27, $28, 'submit', NULL, 'submitted', $29, $30, $31::jsonb, c.area_code FROM c
),
rep AS (
  INSERT INTO case_reporters (case_id, reported_case_id, reporter_account_id, tracking_code, added_at)
  SELECT c.id, c.id, c.reporter_account_id, c.tracking_code, c.created_at FROM c
),
aud AS (
  INSERT INTO audit_log (actor_id, actor_label, action, object_type, object_id, area_code, ip, before, after)
  SELECT $27, $28, 'case.submit', 'case', c.id, c.area_code, $32, NULL, $33::jsonb || jsonb_build_object('number', c.number) FROM c
),
named AS (
  SELECT c.*, cc.name AS category_name, ar.name AS area_name, g.name AS grid_name
    FROM c
    LEFT JOIN case_categories cc ON cc.code = c.category_code
    LEFT JOIN areas ar ON ar.code = c.area_code
    LEFT JOIN grids g ON g.id = c.grid_id
),
sup AS (
  SELECT a.id, length(ar.prefix) AS depth
    FROM c JOIN accounts a ON true JOIN areas ar ON ar.code = a.area_code
   WHERE a.status = 'active' AND a.roles && '{community_staff,street_staff}'::text[] AND c.area_code LIKE ar.prefix || '%'
),
notice AS (
  INSERT INTO notifications (account_id, kind, title, body, case_id)
  SELECT DISTINCT s.id, 'case.submit', '新诉求待分析：' || n.number,
         array_to_string(array_remove(ARRAY[n.category_name, n.title, n.area_name], ''), '｜'), n.id
    FROM sup s, named n
   WHERE s.depth = (SELECT max(depth) FROM sup) AND s.id IS DISTINCT FROM $27::uuid
)
SELECT * FROM named`);

export async function insertCaseAtOnce(q: Queryable, params: unknown[]): Promise<CaseRow | null> {
  const { rows } = await q.query<CaseRow>(INSERT_CASE_AT_ONCE, params);
  return rows[0] ?? null;
}
