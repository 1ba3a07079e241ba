import type { PARTY_STATUSES, STREET_RELATIONS, UNIT_KINDS, Unit } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, canInScope, scopeSql } from "../../platform/actor.js";
import { pageQuery, Where } from "../../platform/sql.js";

export type UnitKind = (typeof UNIT_KINDS)[number];
export type PartyStatus = (typeof PARTY_STATUSES)[number];
export type StreetRelation = (typeof STREET_RELATIONS)[number];

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  street_relation: StreetRelation | null;
  area_code: string;
  area_name: string | null;
  grid_id: string | null;
  grid_name: string | null;
  party_status: PartyStatus;
  party_org_id: string | null;
  party_org_name: string | null;
  credit_code: string | null;
  address: string | null;
  employees: number | null;
}

const SELECT = `
  SELECT u.id, u.name, u.kind, u.street_relation, u.area_code, a.name AS area_name, u.grid_id, g.name AS grid_name,
         u.party_status, u.party_org_id, po.name AS party_org_name, u.credit_code, u.address, u.employees
    FROM units u
    LEFT JOIN areas a ON a.code = u.area_code
    LEFT JOIN grids g ON g.id = u.grid_id
    LEFT JOIN party_orgs po ON po.id = u.party_org_id`;

/** The API view of a unit with the actor's abilities on it. */
export function toUnit(r: UnitRow, actor: Actor): Unit {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    streetRelation: r.street_relation,
    areaCode: r.area_code,
    areaName: r.area_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
    partyStatus: r.party_status,
    partyOrgId: r.party_org_id,
    partyOrgName: r.party_org_name,
    creditCode: r.credit_code,
    address: r.address,
    employees: r.employees,
    abilities: { update: canInScope(actor, "registry.write", r.area_code) },
  };
}

export interface UnitFilter {
  areaCode?: string;
  kind?: UnitKind;
  partyStatus?: PartyStatus;
  gridId?: string;
  partyOrgId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Units in the actor's scope, filtered; ordered by area, then name. A search matches the name or the credit code. */
export async function listUnits(q: Queryable, actor: Actor, f: UnitFilter): Promise<{ rows: UnitRow[]; total: number }> {
  const where = new Where().scope(actor, "u.area_code");
  if (f.areaCode) where.subtree("u.area_code", f.areaCode);
  if (f.kind) where.and("u.kind = ?", f.kind);
  if (f.partyStatus) where.and("u.party_status = ?", f.partyStatus);
  if (f.gridId) where.and("u.grid_id = ?", f.gridId);
  if (f.partyOrgId) where.and("u.party_org_id = ?", f.partyOrgId);
  if (f.q) {
    const text = f.q.trim();
    if (/^[0-9A-Z]{18}$/.test(text)) where.and("u.credit_code = ?", text);
    else where.and("u.name ILIKE ?", `%${text}%`);
  }
  return pageQuery<UnitRow>(q, where, f, {
    from: "units u",
    rows: (cond, limit) => `${SELECT} WHERE ${cond} ORDER BY u.area_code, u.name, u.id ${limit}`,
  });
}

/** One unit, if it is in the actor's scope. */
export async function findUnit(q: Queryable, actor: Actor, id: string): Promise<UnitRow | null> {
  const scope = scopeSql(actor, "u.area_code", 2);
  const { rows } = await q.query<UnitRow>(`${SELECT} WHERE u.id = $1 AND ${scope.sql}`, [id, scope.param]);
  return rows[0] ?? null;
}

/** A grid's id and area, if it is in the actor's scope (units and organisations name the grid they belong to). */
export async function findGridRef(q: Queryable, actor: Actor, id: string): Promise<{ id: string; area_code: string } | null> {
  const scope = scopeSql(actor, "area_code", 2);
  const { rows } = await q.query<{ id: string; area_code: string }>(`SELECT id, area_code FROM grids WHERE id = $1 AND ${scope.sql}`, [
    id,
    scope.param,
  ]);
  return rows[0] ?? null;
}

export interface UnitInput {
  name: string;
  kind: UnitKind;
  streetRelation: StreetRelation | null;
  areaCode: string;
  gridId: string | null;
  partyStatus: PartyStatus;
  partyOrgId: string | null;
  creditCode: string | null;
  address: string | null;
  employees: number | null;
}

/** Inserts or updates a unit; returns its id. */
export async function saveUnit(q: Queryable, u: UnitInput, id?: string): Promise<string> {
  const values = [
    u.name,
    u.kind,
    u.streetRelation,
    u.areaCode,
    u.gridId,
    u.partyStatus,
    u.partyOrgId,
    u.creditCode,
    u.address,
    u.employees,
  ];
  if (id) {
    await q.query(
      `UPDATE units SET name = $2, kind = $3, street_relation = $4, area_code = $5, grid_id = $6, party_status = $7, party_org_id = $8,
              credit_code = $9, address = $10, employees = $11, updated_at = now() WHERE id = $1`,
      [id, ...values],
    );
    return id;
  }
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO units (name, kind, street_relation, area_code, grid_id, party_status, party_org_id, credit_code, address, employees)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    values,
  );
  return rows[0]!.id;
}

/** The organisations registered as a unit's own (their unit_id names it), oldest first. */
export async function ownPartyOrgsOf(q: Queryable, unitId: string): Promise<string[]> {
  return (await q.query<{ id: string }>("SELECT id FROM party_orgs WHERE unit_id = $1 ORDER BY created_at, id", [unitId])).rows.map(
    (r) => r.id,
  );
}
