import type { PartyOrg } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, canInScope, scopeSql } from "../../platform/actor.js";
import { pageQuery, Where } from "../../platform/sql.js";
import type { PartyOrgBasis, PartyOrgKind } from "./party-orgs.rules.js";

export interface PartyOrgRow {
  id: string;
  name: string;
  kind: PartyOrgKind;
  basis: PartyOrgBasis | null;
  parent_id: string | null;
  parent_name: string | null;
  area_code: string;
  area_name: string | null;
  grid_id: string | null;
  unit_id: string | null;
  secretary_person_id: string | null;
  secretary_name: string | null;
  established_on: string | null;
  member_count: number;
  child_count: number;
}

/** The columns of an organisation, for the rows `page` names (a CTE or table with an `id` column). */
const SELECT_FROM = (page: string) => `
  SELECT po.id, po.name, po.kind, po.basis, po.parent_id, pp.name AS parent_name, po.area_code, a.name AS area_name,
         po.grid_id, po.unit_id, po.secretary_person_id, sp.name AS secretary_name,
         to_char(po.established_on, 'YYYY-MM-DD') AS established_on,
         (SELECT count(*)::int FROM party_members pm WHERE pm.branch_id = po.id) AS member_count,
         (SELECT count(*)::int FROM party_orgs c WHERE c.parent_id = po.id) AS child_count
    FROM ${page} JOIN party_orgs po ON po.id = page.id
    LEFT JOIN party_orgs pp ON pp.id = po.parent_id
    LEFT JOIN areas a ON a.code = po.area_code
    LEFT JOIN people sp ON sp.id = po.secretary_person_id`;

/** The API view of an organisation with the actor's abilities on it. */
export function toPartyOrg(r: PartyOrgRow, actor: Actor): PartyOrg {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    basis: r.basis,
    parentId: r.parent_id,
    parentName: r.parent_name,
    areaCode: r.area_code,
    areaName: r.area_name,
    gridId: r.grid_id,
    unitId: r.unit_id,
    secretaryPersonId: r.secretary_person_id,
    secretaryName: r.secretary_name,
    memberCount: r.member_count,
    childCount: r.child_count,
    establishedOn: r.established_on,
    abilities: { update: canInScope(actor, "registry.write", r.area_code) },
  };
}

export interface PartyOrgFilter {
  areaCode?: string;
  kind?: PartyOrgKind;
  parentId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Organisations in the actor's scope, filtered; ordered by area, then name. */
export async function listPartyOrgs(q: Queryable, actor: Actor, f: PartyOrgFilter): Promise<{ rows: PartyOrgRow[]; total: number }> {
  const where = new Where().scope(actor, "po.area_code");
  if (f.areaCode) where.subtree("po.area_code", f.areaCode);
  if (f.kind) where.and("po.kind = ?", f.kind);
  if (f.parentId) where.and("po.parent_id = ?", f.parentId);
  if (f.q) where.and("po.name ILIKE ?", `%${f.q.trim()}%`);
  return pageQuery<PartyOrgRow>(q, where, f, {
    from: "party_orgs po",
    rows: (cond, limit) => `WITH page AS (SELECT po.id FROM party_orgs po WHERE ${cond} ORDER BY po.area_code, po.name, po.id
                   ${limit})
     ${SELECT_FROM("page")} ORDER BY po.area_code, po.name, po.id`,
  });
}

/** One organisation, if it is in the actor's scope. */
export async function findPartyOrg(q: Queryable, actor: Actor, id: string): Promise<PartyOrgRow | null> {
  const scope = scopeSql(actor, "po.area_code", 2);
  const { rows } = await q.query<PartyOrgRow>(
    `WITH page AS (SELECT po.id FROM party_orgs po WHERE po.id = $1 AND ${scope.sql}) ${SELECT_FROM("page")}`,
    [id, scope.param],
  );
  return rows[0] ?? null;
}

export interface PartyOrgRef {
  id: string;
  kind: PartyOrgKind;
  area_code: string;
  unit_id: string | null;
}

/** An organisation's kind and area wherever it lies (for the parent an organisation already has). */
export async function findPartyOrgRef(q: Queryable, id: string): Promise<PartyOrgRef | null> {
  const { rows } = await q.query<PartyOrgRef>("SELECT id, kind, area_code, unit_id FROM party_orgs WHERE id = $1", [id]);
  return rows[0] ?? null;
}

/** The kinds and areas of an organisation's direct sub-organisations. */
export async function childrenOf(q: Queryable, id: string): Promise<{ id: string; kind: PartyOrgKind; area_code: string }[]> {
  return (
    await q.query<{ id: string; kind: PartyOrgKind; area_code: string }>(
      "SELECT id, kind, area_code FROM party_orgs WHERE parent_id = $1",
      [id],
    )
  ).rows;
}

/** Whether `candidate` is `id` itself or lies below it in the organisation tree. */
export async function isSelfOrDescendant(q: Queryable, id: string, candidate: string): Promise<boolean> {
  if (id === candidate) return true;
  const { rows } = await q.query(
    `WITH RECURSIVE below AS (
       SELECT id FROM party_orgs WHERE parent_id = $1
       UNION SELECT c.id FROM party_orgs c JOIN below b ON c.parent_id = b.id)
     SELECT 1 FROM below WHERE id = $2`,
    [id, candidate],
  );
  return rows.length > 0;
}

export interface PartyOrgInput {
  name: string;
  kind: PartyOrgKind;
  basis: PartyOrgBasis | null;
  parentId: string | null;
  areaCode: string;
  gridId: string | null;
  unitId: string | null;
  secretaryPersonId: string | null;
  establishedOn: string | null;
}

/** Inserts or updates an organisation; returns its id. */
export async function savePartyOrg(q: Queryable, o: PartyOrgInput, id?: string): Promise<string> {
  const values = [o.name, o.kind, o.basis, o.parentId, o.areaCode, o.gridId, o.unitId, o.secretaryPersonId, o.establishedOn];
  if (id) {
    await q.query(
      `UPDATE party_orgs SET name = $2, kind = $3, basis = $4, parent_id = $5, area_code = $6, grid_id = $7, unit_id = $8,
              secretary_person_id = $9, established_on = $10, updated_at = now() WHERE id = $1`,
      [id, ...values],
    );
    return id;
  }
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO party_orgs (name, kind, basis, parent_id, area_code, grid_id, unit_id, secretary_person_id, established_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    values,
  );
  return rows[0]!.id;
}
