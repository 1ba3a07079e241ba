import type { ErrorCode } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { requireAreaInScope } from "../areas/areas.repository.js";
import { findPartyOrg, findPartyOrgRef } from "../party-orgs/party-orgs.repository.js";
import { JOINT_KINDS, type PartyOrgKind } from "../party-orgs/party-orgs.rules.js";
import {
  findGridRef,
  findUnit,
  ownPartyOrgsOf,
  type PartyStatus,
  type StreetRelation,
  saveUnit,
  type UnitInput,
  type UnitKind,
  type UnitRow,
} from "./units.repository.js";

/**
 * The first rule a unit's classification breaks, or null: only government units (机关事业单位) record
 * their relation to the street; 'own' needs an organisation of the unit's own (not a joint one, not
 * another unit's), 'joint' a joint committee or regional joint organisation, 'none' no organisation.
 */
export function unitViolation(u: {
  id: string | null;
  kind: UnitKind;
  streetRelation: StreetRelation | null;
  partyStatus: PartyStatus;
  partyOrg: { kind: PartyOrgKind; unitId: string | null } | null;
}): { code: ErrorCode; field: string } | null {
  if (u.streetRelation && u.kind !== "government") return { code: "domain.street_relation_government_only", field: "streetRelation" };
  const org = u.partyOrg;
  const fits =
    u.partyStatus === "none"
      ? org === null
      : u.partyStatus === "joint"
        ? org !== null && JOINT_KINDS.includes(org.kind)
        : org !== null && !JOINT_KINDS.includes(org.kind) && (org.unitId === null || org.unitId === u.id);
  return fits ? null : { code: "domain.party_status_org", field: "partyOrgId" };
}

export interface UnitBody {
  name?: string;
  kind?: UnitKind;
  streetRelation?: StreetRelation | null;
  areaCode?: string;
  gridId?: string | null;
  partyStatus?: PartyStatus;
  partyOrgId?: string | null;
  creditCode?: string | null;
  address?: string | null;
  employees?: number | null;
}

/** Checks a new or changed unit against its references and rules; fills in the unit's own organisation when 'own' names none. */
async function check(q: Queryable, actor: Actor, next: UnitInput, changed: UnitBody, id: string | null): Promise<UnitInput> {
  if (changed.areaCode !== undefined) await requireAreaInScope(q, actor, next.areaCode, "areaCode");
  if (changed.gridId && !(await findGridRef(q, actor, changed.gridId))) throw new AppError("domain.grid_unknown", { field: "gridId" });
  if (changed.creditCode) {
    const dup = await q.query("SELECT 1 FROM units WHERE credit_code = $1 AND id IS DISTINCT FROM $2", [changed.creditCode, id]);
    if (dup.rows.length) throw new AppError("conflict.duplicate", { field: "creditCode" });
  }
  if (!["kind", "streetRelation", "partyStatus", "partyOrgId"].some((k) => k in changed)) return next;
  let partyOrgId = next.partyOrgId;
  if (next.partyStatus === "own" && !partyOrgId && id) partyOrgId = (await ownPartyOrgsOf(q, id))[0] ?? null;
  let org: { kind: PartyOrgKind; unit_id: string | null } | null = null;
  if (partyOrgId && changed.partyOrgId) {
    const found = await findPartyOrg(q, actor, partyOrgId);
    if (!found) throw new AppError("domain.party_org_unknown", { field: "partyOrgId" });
    org = found;
  } else if (partyOrgId) {
    // The organisation the unit already names, which may lie above the actor's scope.
    org = await findPartyOrgRef(q, partyOrgId);
  }
  const bad = unitViolation({
    id,
    kind: next.kind,
    streetRelation: next.streetRelation,
    partyStatus: next.partyStatus,
    partyOrg: org ? { kind: org.kind, unitId: org.unit_id } : null,
  });
  if (bad) throw new AppError(bad.code, { field: bad.field });
  return { ...next, partyOrgId };
}

/** Registers a unit in the actor's scope. */
export async function createUnit(
  q: Queryable,
  actor: Actor,
  body: UnitBody & Required<Pick<UnitBody, "name" | "kind" | "areaCode">>,
  ctx: AuditContext,
): Promise<UnitRow> {
  const next = await check(
    q,
    actor,
    {
      name: body.name,
      kind: body.kind,
      streetRelation: body.streetRelation ?? null,
      areaCode: body.areaCode,
      gridId: body.gridId ?? null,
      partyStatus: body.partyStatus ?? "none",
      partyOrgId: body.partyOrgId ?? null,
      creditCode: body.creditCode ?? null,
      address: body.address ?? null,
      employees: body.employees ?? null,
    },
    { ...body, partyStatus: body.partyStatus ?? "none" },
    null,
  );
  const id = await saveUnit(q, next);
  const created = (await findUnit(q, actor, id))!;
  await writeAudit(q, ctx, { action: "unit.create", objectType: "unit", objectId: id, areaCode: created.area_code, after: created });
  return created;
}

/**
 * Changes a unit. A new party status without a new organisation starts from none: 'own' then takes the
 * unit's own organisation, 'none' clears it.
 */
export async function updateUnit(q: Queryable, actor: Actor, id: string, patch: UnitBody, ctx: AuditContext): Promise<UnitRow> {
  const before = await findUnit(q, actor, id);
  if (!before) throw notFound();
  const pick = <V>(k: keyof UnitBody, cur: V): V => (patch[k] !== undefined ? (patch[k] as V) : cur);
  const statusChanged = patch.partyStatus !== undefined && patch.partyStatus !== before.party_status;
  const next: UnitInput = {
    name: pick("name", before.name),
    kind: pick("kind", before.kind),
    streetRelation: pick("streetRelation", before.street_relation),
    areaCode: pick("areaCode", before.area_code),
    gridId: pick("gridId", before.grid_id),
    partyStatus: pick("partyStatus", before.party_status),
    partyOrgId: pick("partyOrgId", statusChanged ? null : before.party_org_id),
    creditCode: pick("creditCode", before.credit_code),
    address: pick("address", before.address),
    employees: pick("employees", before.employees),
  };
  const row = before as unknown as Record<string, unknown>;
  const changed = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && v !== row[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
  ) as UnitBody;
  const checked = await check(q, actor, next, changed, id);
  await saveUnit(q, checked, id);
  const after = (await findUnit(q, actor, id))!;
  await writeAudit(q, ctx, { action: "unit.update", objectType: "unit", objectId: id, areaCode: after.area_code, before, after });
  return after;
}
