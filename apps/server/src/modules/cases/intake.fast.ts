import { type Db, prepared, type Queryable } from "../../db/client.js";
import type { CaseRow } from "./cases.repository.js";

/**
 * New cases written together: the case rows, their first events, reporter rows, audit entries and the notices to the
 * staff who triage them (the community's, or the street's for a case placed at a street: the nearest staff whose
 * scope holds the case, as `supervisorAccounts` finds them), by one INSERT with data-modifying WITH clauses over a
 * JSON array of cases. One statement is one round trip and commits atomically by itself; written for many cases
 * at once, the statement's fixed costs (executor start, triggers, the rollups' insert, the commit) are paid once for
 * all of them. `createCase` runs it for one case too, in a transaction, when photos or a channel's records go with it.
 *
 * A case whose idempotency key was taken is not written and not returned: the caller then answers the earlier case.
 * It runs as a prepared statement and names the columns it returns: a column added to `cases` later does not
 * change its result.
 */
export const INSERT_CASES_AT_ONCE = prepared(`
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, day text, tracking_code text, idempotency_key text, fingerprint text, external_id text, channel text,
    source text, api_key_id uuid, category_code text, title text, description text, urgency text, lat float8,
    lng float8, location_text text, area_code text, grid_id uuid, reporter_account_id uuid, reporter_name text,
    reporter_phone_enc text, reporter_phone_hash text, anonymous boolean, photos jsonb, attributes jsonb,
    created_at timestamptz, actor_id uuid, actor_label text, note text, event_data jsonb, ip text, audit_after jsonb)
),
c AS (
  INSERT INTO cases (id, number, tracking_code, idempotency_key, idempotency_fingerprint, external_id, channel, source, api_key_id,
    category_code, title, description, urgency, lat, lng, location_text, area_code, grid_id, reporter_account_id, reporter_name,
    reporter_phone_enc, reporter_phone_hash, anonymous, photos, attributes, created_at, updated_at)
  SELECT id, 'MQ' || day || '-' || lpad(nextval('case_number_seq')::text, 6, '0'), tracking_code, idempotency_key, fingerprint,
    external_id, channel, source, api_key_id, category_code, title, description, urgency, lat, lng, location_text, area_code,
    grid_id, reporter_account_id, reporter_name, reporter_phone_enc, reporter_phone_hash, anonymous, photos, attributes,
    created_at, created_at
    FROM input
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
  SELECT c.id, c.created_at, i.actor_id, i.actor_label, 'submit', NULL, 'submitted', $2, i.note, i.event_data, c.area_code
    FROM c JOIN input i ON i.id = c.id
),
rep AS (
  INSERT INTO case_reporters (case_id, reported_case_id, reporter_account_id, tracking_code, added_at)
  SELECT c.id, c.id, c.reporter_account_id, c.tracking_code, c.created_at FROM c
),
aud AS (
  INSERT INTO audit_log (actor_id, actor_label, action, object_type, object_id, area_code, ip, before, after)
  SELECT i.actor_id, i.actor_label, 'case.submit', 'case', c.id, c.area_code, i.ip, NULL,
         i.audit_after || jsonb_build_object('number', c.number)
    FROM c JOIN input i ON i.id = c.id
),
-- (each name looked up by its key, whatever the planner guesses of the group's size)
named AS (
  SELECT c.*,
         (SELECT cc.name FROM case_categories cc WHERE cc.code = c.category_code) AS category_name,
         (SELECT ar.name FROM areas ar WHERE ar.code = c.area_code) AS area_name,
         (SELECT g.name FROM grids g WHERE g.id = c.grid_id) AS grid_name
    FROM c
),
staff AS (
  SELECT a.id, ar.prefix FROM accounts a JOIN areas ar ON ar.code = a.area_code
   WHERE a.status = 'active' AND a.roles && '{community_staff,street_staff}'::text[]
),
-- The staff whose area holds each case: an area's prefix is its code cut to its level's length, so the areas
-- holding a case are its code cut to each of those lengths (an equality join, not a pattern per pair).
sup AS (
  SELECT c.id AS case_id, s.id AS account_id, length(s.prefix) AS depth,
         max(length(s.prefix)) OVER (PARTITION BY c.id) AS top, i.actor_id
    FROM c JOIN input i ON i.id = c.id
    CROSS JOIN LATERAL unnest('{2,4,6,9,12,15,18}'::int[]) AS k(len)
    JOIN staff s ON s.prefix = left(c.area_code, k.len)
   WHERE length(c.area_code) >= k.len
),
notice AS (
  INSERT INTO notifications (account_id, kind, title, body, case_id)
  SELECT DISTINCT s.account_id, 'case.submit', '新诉求待分析：' || n.number,
         array_to_string(array_remove(ARRAY[n.category_name, n.title, n.area_name], ''), '｜'), n.id
    FROM sup s JOIN named n ON n.id = s.case_id
   WHERE s.depth = s.top AND s.account_id IS DISTINCT FROM s.actor_id
)
SELECT * FROM named`);

/** One case for `INSERT_CASES_AT_ONCE`: the columns of its case row, its first event and its audit entry. */
export interface CaseInsert {
  id: string;
  /** the local day for the case number, YYYYMMDD */
  day: string;
  tracking_code: string;
  idempotency_key: string;
  fingerprint: string;
  external_id: string | null;
  channel: string;
  source: string;
  api_key_id: string | null;
  category_code: string | null;
  title: string;
  description: string;
  urgency: string;
  lat: number | null;
  lng: number | null;
  location_text: string | null;
  area_code: string;
  grid_id: string | null;
  reporter_account_id: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  anonymous: boolean;
  photos: string[];
  attributes: Record<string, unknown>;
  created_at: Date;
  actor_id: string | null;
  actor_label: string;
  note: string | null;
  event_data: Record<string, unknown>;
  ip: string | null;
  audit_after: Record<string, unknown>;
}

/** The public note of every case's first event. */
export const SUBMIT_PUBLIC_NOTE = "已收到您反映的问题，正在分析处理";

/** At most this many cases in one statement. */
const MAX_GROUP = 64;

interface Waiting {
  item: CaseInsert;
  resolve: (row: CaseRow | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes new cases in groups. A case handed to `write` joins the next group; a group is sent as soon as the one
 * before it has been written, so a lone report is written at once and, under load, the reports that arrive while
 * one group is written go together in the next. If a group fails, each of its cases is written on its own, so one
 * bad case fails alone. (One group at a time: PGlite runs one statement at a time anyway, and on a server a second
 * group in flight measured no faster while it doubled the waits; several server processes each write their own.)
 */
export class CaseWriter {
  private queue: Waiting[] = [];
  private busy = false;
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Writes one case; resolves to its row, or null when its idempotency key was taken. */
  write(item: CaseInsert): Promise<CaseRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.busy || !this.queue.length) return;
    this.scheduled = true;
    // Reports that arrive in the same turn of the event loop go in the same group.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush() {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    this.send(this.queue.splice(0, MAX_GROUP)).finally(() => {
      this.busy = false;
      this.schedule();
    });
  }

  private async send(group: Waiting[]): Promise<void> {
    try {
      const rows = await insertCases(
        this.db,
        group.map((w) => w.item),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const w of group) w.resolve(byId.get(w.item.id) ?? null);
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      for (const w of group) {
        await insertCases(this.db, [w.item]).then(
          (rows) => w.resolve(rows[0] ?? null),
          (e) => w.reject(e),
        );
      }
    }
  }
}

/** Writes cases with `INSERT_CASES_AT_ONCE` (in a transaction when given one); returns the rows written. */
export async function insertCases(q: Queryable, items: CaseInsert[]): Promise<CaseRow[]> {
  const { rows } = await q.query<CaseRow>(INSERT_CASES_AT_ONCE, [JSON.stringify(items), SUBMIT_PUBLIC_NOTE]);
  return rows;
}

const writers = new WeakMap<Db, CaseWriter>();

/** The case writer of a database (one per process). */
export function caseWriter(db: Db): CaseWriter {
  let w = writers.get(db);
  if (!w) {
    w = new CaseWriter(db);
    writers.set(db, w);
  }
  return w;
}
