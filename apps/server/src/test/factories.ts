import { levelOfCode, parentCode, type Role, scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../db/client.js";
import type { PartyOrgKind } from "../modules/party-orgs/party-orgs.rules.js";
import { savePerson } from "../modules/people/people.repository.js";
import type { PartyStatus, UnitKind } from "../modules/units/units.repository.js";
import type { Deps } from "../platform/context.js";
import { hashPassword } from "../platform/passwords.js";

export const TEST_PASSWORD = "test-password-2026";
let passwordHash: Promise<string> | null = null;

/** Inserts areas (parents first) with their derived level, parent and prefix. */
export async function buildAreas(q: Queryable, areas: { code: string; name?: string }[]): Promise<void> {
  for (const a of [...areas].sort((x, y) => x.code.length - y.code.length || x.code.localeCompare(y.code))) {
    await q.query("INSERT INTO areas (code, name, level, parent_code, prefix) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", [
      a.code,
      a.name ?? `区域${a.code}`,
      levelOfCode(a.code),
      parentCode(a.code),
      scopePrefix(a.code),
    ]);
  }
}

/** The province and city every test tree hangs from. */
export async function buildCity(q: Queryable): Promise<void> {
  await buildAreas(q, [
    { code: "150000000000", name: "内蒙古自治区" },
    { code: "150600000000", name: "鄂尔多斯市" },
  ]);
}

/** Creates an account with the test password. */
export async function buildAccount(
  q: Queryable,
  o: {
    username: string;
    roles: Role[];
    areaCode?: string | null;
    departmentId?: string | null;
    unitId?: string | null;
    displayName?: string;
  },
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO accounts (username, display_name, password_hash, roles, area_code, department_id, unit_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [o.username, o.displayName ?? o.username, await passwordHash, o.roles, o.areaCode ?? null, o.departmentId ?? null, o.unitId ?? null],
  );
  return rows[0]!.id;
}

/** Creates a person with personal data. */
export async function buildPerson(
  deps: Deps,
  o: { name?: string; areaCode: string; idNumber?: string | null; phone?: string | null; address?: string | null },
): Promise<string> {
  return savePerson(deps.db, deps.vault, {
    name: o.name ?? "测试居民",
    gender: "unknown",
    areaCode: o.areaCode,
    idNumber: o.idNumber ?? null,
    phone: o.phone ?? null,
    address: o.address ?? null,
  });
}

/** Inserts a row with the columns given (the others take their defaults); returns its id. */
async function insertRow(q: Queryable, table: string, values: Record<string, unknown>): Promise<string> {
  const set = Object.entries(values).filter(([, v]) => v !== undefined);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO ${table} (${set.map(([k]) => k).join(", ")}) VALUES (${set.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`,
    set.map(([, v]) => v),
  );
  return rows[0]!.id;
}

/** Inserts a unit directly, without the checks of the API. */
export function buildUnit(
  q: Queryable,
  o: { name: string; areaCode: string; kind: UnitKind; partyStatus?: PartyStatus; partyOrgId?: string | null; creditCode?: string },
): Promise<string> {
  return insertRow(q, "units", {
    name: o.name,
    area_code: o.areaCode,
    kind: o.kind,
    party_status: o.partyStatus,
    party_org_id: o.partyOrgId,
    credit_code: o.creditCode,
  });
}

/** Inserts a party organisation directly, without the checks of the API. */
export function buildPartyOrg(
  q: Queryable,
  o: { name: string; kind: PartyOrgKind; areaCode: string; parentId?: string | null; unitId?: string | null },
): Promise<string> {
  return insertRow(q, "party_orgs", { name: o.name, kind: o.kind, area_code: o.areaCode, parent_id: o.parentId, unit_id: o.unitId });
}
