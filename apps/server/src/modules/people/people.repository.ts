import type { PERSON_ROLES, Person, RESIDENT_TYPES } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, canInScope, scopeSql } from "../../platform/actor.js";
import { maskAddress, maskIdNumber, maskPhone, type Vault } from "../../platform/crypto.js";
import { pageQuery, Where } from "../../platform/sql.js";

export interface PersonRow {
  id: string;
  name: string;
  gender: Person["gender"];
  area_code: string;
  area_name: string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  household_id: string | null;
  birth_year: number | null;
  resident_type: (typeof RESIDENT_TYPES)[number];
  created_at: Date;
}

export type PersonRole = (typeof PERSON_ROLES)[number];

const SELECT = `SELECT p.id, p.name, p.gender, p.area_code, ar.name AS area_name, p.id_number_enc, p.phone_enc,
  p.address_enc, p.household_id, p.birth_year, p.resident_type, p.created_at FROM people p LEFT JOIN areas ar ON ar.code = p.area_code`;

/** What makes person `p` hold each role: one person record, however many roles. */
const ROLE_SQL: Record<PersonRole, string> = {
  party_member: "EXISTS (SELECT 1 FROM party_members x WHERE x.person_id = p.id)",
  community_worker: "EXISTS (SELECT 1 FROM community_workers x WHERE x.person_id = p.id)",
  grid_worker: "EXISTS (SELECT 1 FROM grids x WHERE x.worker_person_id = p.id)",
  leader: "EXISTS (SELECT 1 FROM leader_pairings x WHERE x.person_id = p.id)",
};

/** Whether the actor may read this person's personal data unmasked. */
export function mayRevealPersonalData(actor: Actor, areaCode: string): boolean {
  return canInScope(actor, "pii.read", areaCode);
}

/** The API view of a person: personal data masked unless `reveal` (the caller audits that read). */
export function toPerson(r: PersonRow, actor: Actor, vault: Vault, reveal = false): Person {
  const open = (v: string | null, mask: (s: string) => string) => {
    if (!v) return null;
    const plain = vault.decrypt(v);
    return reveal ? plain : mask(plain);
  };
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    areaCode: r.area_code,
    areaName: r.area_name,
    idNumber: open(r.id_number_enc, maskIdNumber),
    phone: open(r.phone_enc, maskPhone),
    address: open(r.address_enc, maskAddress),
    masked: !reveal,
    createdAt: r.created_at.toISOString(),
    householdId: r.household_id,
    birthYear: r.birth_year,
    residentType: r.resident_type,
    abilities: {
      update: canInScope(actor, "people.write", r.area_code),
      revealPersonalData: mayRevealPersonalData(actor, r.area_code),
      updateRoles: canInScope(actor, "registry.write", r.area_code),
    },
  };
}

/**
 * People in the actor's scope. A search that looks like a phone or ID number matches it exactly
 * through its keyed hash; any other search matches names.
 */
export async function listPeople(
  q: Queryable,
  actor: Actor,
  vault: Vault,
  f: { areaCode?: string; q?: string; role?: PersonRole; householdId?: string; page: number; pageSize: number },
): Promise<{ rows: PersonRow[]; total: number }> {
  const where = new Where().scope(actor, "p.area_code");
  if (f.areaCode) where.subtree("p.area_code", f.areaCode);
  if (f.role) where.raw(ROLE_SQL[f.role]);
  if (f.householdId) where.and("p.household_id = ?", f.householdId);
  if (f.q) {
    const text = f.q.trim();
    if (/^\d{11}$/.test(text)) where.and("p.phone_hash = ?", vault.hash(text));
    else if (/^\d{17}[\dXx]$/.test(text)) where.and("p.id_number_hash = ?", vault.hash(text));
    else where.and("p.name ILIKE ?", `%${text}%`);
  }
  return pageQuery<PersonRow>(q, where, f, {
    from: "people p",
    rows: (cond, limit) => `${SELECT} WHERE ${cond} ORDER BY p.area_code, p.name, p.id ${limit}`,
  });
}

/** The roles each of the given people holds, by person id. */
export async function rolesOf(q: Queryable, ids: string[]): Promise<Map<string, PersonRole[]>> {
  if (!ids.length) return new Map();
  const cases = (Object.keys(ROLE_SQL) as PersonRole[]).map((r) => `CASE WHEN ${ROLE_SQL[r]} THEN '${r}' END`).join(", ");
  const { rows } = await q.query<{ id: string; roles: PersonRole[] }>(
    `SELECT p.id, array_remove(ARRAY[${cases}]::text[], NULL) AS roles FROM people p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.roles]));
}

/** One person, if in the actor's scope. */
export async function findPerson(q: Queryable, actor: Actor, id: string): Promise<PersonRow | null> {
  const scope = scopeSql(actor, "p.area_code", 2);
  const { rows } = await q.query<PersonRow>(`${SELECT} WHERE p.id = $1 AND ${scope.sql}`, [id, scope.param]);
  return rows[0] ?? null;
}

export interface PersonInput {
  name: string;
  gender: Person["gender"];
  areaCode: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/** Inserts or updates a person, encrypting personal data and keeping its look-up hashes. */
export async function savePerson(q: Queryable, vault: Vault, p: PersonInput, id?: string): Promise<string> {
  const enc = (v: string | null) => (v ? vault.encrypt(v) : null);
  const hash = (v: string | null) => (v ? vault.hash(v) : null);
  const values = [p.name, p.gender, p.areaCode, enc(p.idNumber), hash(p.idNumber), enc(p.phone), hash(p.phone), enc(p.address)];
  if (id) {
    await q.query(
      `UPDATE people SET name = $2, gender = $3, area_code = $4, id_number_enc = $5, id_number_hash = $6, phone_enc = $7,
              phone_hash = $8, address_enc = $9, updated_at = now() WHERE id = $1`,
      [id, ...values],
    );
    return id;
  }
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO people (name, gender, area_code, id_number_enc, id_number_hash, phone_enc, phone_hash, address_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    values,
  );
  return rows[0]!.id;
}
