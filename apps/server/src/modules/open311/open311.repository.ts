import { OPEN_STATUSES } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { CaseRow } from "../cases/cases.repository.js";
import { type CategoryRow, listCategories } from "../cases/categories.repository.js";

/**
 * The SQL of Open311. Requests are the cases that came in through this interface (source `open311`); a request
 * merged into another case follows that case (to the end of its chain), as the reporter's track page does.
 */

// ---------------------------------------------------------------------------------------------------------
// Jurisdictions and services

export interface Jurisdiction {
  code: string;
  name: string;
  /** the significant prefix of the city's code: every area of the city starts with it */
  prefix: string;
}

/** The cities this installation serves: each city-level area is a jurisdiction, its division code the id. */
export async function jurisdictions(q: Queryable): Promise<Jurisdiction[]> {
  const { rows } = await q.query<{ code: string; name: string }>("SELECT code, name FROM areas WHERE level = 'city' ORDER BY code");
  return rows.map((r) => ({ ...r, prefix: r.code.slice(0, 4) }));
}

export interface ServiceRow extends CategoryRow {
  group_name: string | null;
}

/**
 * The services: active categories that accept residents' public reports and have no such sub-category (a
 * category with public sub-categories is their group), each with its top-level category's name as its group.
 */
export async function listServices(q: Queryable): Promise<ServiceRow[]> {
  const rows = await listCategories(q, { publicOnly: true, activeOnly: true });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const parents = new Set(rows.map((r) => r.parent_code).filter(Boolean));
  return rows
    .filter((r) => !parents.has(r.code))
    .map((r) => ({ ...r, group_name: r.parent_code ? (byCode.get(r.parent_code)?.name ?? null) : null }));
}

export async function findService(q: Queryable, code: string): Promise<ServiceRow | null> {
  return (await listServices(q)).find((s) => s.code === code) ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Places by name

export interface AreaMatch {
  code: string;
  name: string;
  level: string;
  parent_name: string | null;
  grandparent_name: string | null;
}

/** Communities and compounds whose name appears in an address, within a city. */
export async function areasNamedIn(q: Queryable, text: string, prefix: string): Promise<AreaMatch[]> {
  const { rows } = await q.query<AreaMatch>(
    `SELECT a.code, a.name, a.level, p.name AS parent_name, gp.name AS grandparent_name
       FROM areas a
       LEFT JOIN areas p ON p.code = a.parent_code
       LEFT JOIN areas gp ON gp.code = p.parent_code
      WHERE a.level IN ('community', 'compound') AND a.code LIKE $2 AND length(a.name) >= 2 AND strpos($1, a.name) > 0
      ORDER BY a.code
      LIMIT 50`,
    [text, `${prefix}%`],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Requests

/** A request's case with what it shows: the case it follows after merges, and the extras of the Open311 post. */
export interface RequestRow extends CaseRow {
  media_url: string | null;
  address_id: string | null;
  shown_id: string;
  shown_status: CaseRow["status"];
  shown_deadline_at: Date | null;
  shown_updated_at: Date;
  shown_handler_kind: CaseRow["handler_kind"];
  shown_handler_label: string | null;
}

/** For each Open311 case, the case it is shown as: itself, or the end of its merged_into chain. */
const SHOWN_CTE = `WITH RECURSIVE hop AS (
    SELECT c.id AS own_id, c.merged_into AS next_id, 1 AS depth
      FROM cases c WHERE c.source = 'open311' AND c.status = 'merged' AND c.merged_into IS NOT NULL
    UNION ALL
    SELECT h.own_id, t.merged_into, h.depth + 1
      FROM hop h JOIN cases t ON t.id = h.next_id
     WHERE t.status = 'merged' AND t.merged_into IS NOT NULL AND h.depth < 10
  ), shown AS (
    SELECT DISTINCT ON (own_id) own_id, next_id AS shown_id FROM hop ORDER BY own_id, depth DESC
  )`;

const REQUEST_SELECT = `${SHOWN_CTE}
  SELECT c.*, cc.name AS category_name, ar.name AS area_name, g.name AS grid_name, o.media_url, o.address_id,
         sc.id AS shown_id, sc.status AS shown_status, sc.deadline_at AS shown_deadline_at, sc.updated_at AS shown_updated_at,
         sc.handler_kind AS shown_handler_kind, sc.handler_label AS shown_handler_label
    FROM cases c
    JOIN open311_requests o ON o.case_id = c.id
    LEFT JOIN shown s ON s.own_id = c.id
    JOIN cases sc ON sc.id = COALESCE(s.shown_id, c.id)
    LEFT JOIN case_categories cc ON cc.code = c.category_code
    LEFT JOIN areas ar ON ar.code = c.area_code
    LEFT JOIN grids g ON g.id = c.grid_id`;

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: ("open" | "closed")[];
  /** the jurisdiction's prefix, when one was named */
  prefix?: string;
  limit: number;
  offset: number;
}

/** Open311 requests, newest first. */
export async function findRequests(q: Queryable, f: RequestFilter): Promise<RequestRow[]> {
  const where = ["c.source = 'open311'"];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.prefix) where.push(`c.area_code LIKE ${p(`${f.prefix}%`)}`);
  if (f.ids) where.push(`c.number = ANY(${p(f.ids)}::text[])`);
  if (f.serviceCodes) where.push(`c.category_code = ANY(${p(f.serviceCodes)}::text[])`);
  if (f.start) where.push(`c.created_at >= ${p(f.start)}`);
  if (f.end) where.push(`c.created_at <= ${p(f.end)}`);
  if (f.statuses && f.statuses.length === 1) {
    where.push(`sc.status ${f.statuses[0] === "open" ? "" : "NOT "}IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(", ")})`);
  }
  const { rows } = await q.query<RequestRow>(
    `${REQUEST_SELECT} WHERE ${where.join(" AND ")} ORDER BY c.created_at DESC, c.id LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`,
    params,
  );
  return rows;
}

/** The last step the resident would read of each case: its latest public note. */
export async function lastPublicNotes(q: Queryable, caseIds: string[]): Promise<Map<string, { at: Date; text: string }>> {
  if (!caseIds.length) return new Map();
  const { rows } = await q.query<{ case_id: string; at: Date; public_note: string }>(
    `SELECT DISTINCT ON (case_id) case_id, at, public_note FROM case_events
      WHERE case_id = ANY($1::uuid[]) AND public_note IS NOT NULL
      ORDER BY case_id, at DESC, id DESC`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, { at: r.at, text: r.public_note }]));
}

// ---------------------------------------------------------------------------------------------------------
// Updates (the mySociety extension)

export interface UpdateRow {
  event_id: number;
  own_number: string;
  at: Date;
  public_note: string;
  action: string;
  /** the status after the step (the case's current one for a mark that records none) */
  status_after: string;
}

/**
 * The public steps of Open311 requests between two instants, oldest first: each request's own steps, and for a
 * request merged into another case, that case's steps after the merge.
 */
export async function findUpdates(q: Queryable, f: { start: Date; end: Date; prefix?: string; limit: number; offset: number }) {
  const params: unknown[] = [f.start, f.end, f.limit, f.offset];
  const scope = f.prefix ? `AND c.area_code LIKE $${params.push(`${f.prefix}%`)}` : "";
  const { rows } = await q.query<UpdateRow>(
    `WITH RECURSIVE chain AS (
        SELECT c.id AS own_id, c.number AS own_number, c.id AS cur_id, '-infinity'::timestamptz AS since, 0 AS depth
          FROM cases c WHERE c.source = 'open311' ${scope}
        UNION ALL
        SELECT ch.own_id, ch.own_number, t.merged_into,
               COALESCE((SELECT max(e.at) FROM case_events e WHERE e.case_id = t.id AND e.action = 'merge'), ch.since), ch.depth + 1
          FROM chain ch JOIN cases t ON t.id = ch.cur_id
         WHERE t.status = 'merged' AND t.merged_into IS NOT NULL AND ch.depth < 10
      )
      SELECT e.id AS event_id, ch.own_number, e.at, e.public_note, e.action,
             COALESCE(e.to_status, e.from_status, cur.status) AS status_after
        FROM chain ch
        JOIN case_events e ON e.case_id = ch.cur_id AND e.at > ch.since
        JOIN cases cur ON cur.id = e.case_id
       WHERE e.public_note IS NOT NULL AND e.at >= $1 AND e.at <= $2
       ORDER BY e.at, e.id, ch.own_number
       LIMIT $3 OFFSET $4`,
    params,
  );
  return rows;
}
