import type { ErrorCode } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { requireAreaInScope } from "../areas/areas.repository.js";
import { findPerson } from "../people/people.repository.js";
import { findGridRef, findUnit } from "../units/units.repository.js";
import {
  childrenOf,
  findPartyOrg,
  findPartyOrgRef,
  isSelfOrDescendant,
  type PartyOrgInput,
  savePartyOrg,
} from "./party-orgs.repository.js";
import { type PartyOrgBasis, type PartyOrgKind, parentViolation, partyOrgTreeViolation } from "./party-orgs.rules.js";

export interface PartyOrgBody {
  name?: string;
  kind?: PartyOrgKind;
  basis?: PartyOrgBasis | null;
  parentId?: string | null;
  areaCode?: string;
  gridId?: string | null;
  unitId?: string | null;
  secretaryPersonId?: string | null;
  establishedOn?: string | null;
}

/** Checks the organisation's references: each must exist inside the actor's scope. */
async function checkReferences(q: Queryable, actor: Actor, next: PartyOrgInput, changed: PartyOrgBody): Promise<void> {
  if (changed.areaCode !== undefined) await requireAreaInScope(q, actor, next.areaCode, "areaCode");
  if (changed.gridId && !(await findGridRef(q, actor, changed.gridId))) throw new AppError("domain.grid_unknown", { field: "gridId" });
  if (changed.unitId && !(await findUnit(q, actor, changed.unitId))) throw new AppError("domain.unit_unknown", { field: "unitId" });
  if (changed.secretaryPersonId && !(await findPerson(q, actor, changed.secretaryPersonId))) {
    throw new AppError("domain.person_unknown", { field: "secretaryPersonId" });
  }
}

/**
 * Checks where the organisation sits in the tree: a newly named parent must be in the actor's scope and
 * not below the organisation itself; kind, basis, area and parent must follow the rules; and, on a
 * change, its sub-organisations must still fit under it.
 */
async function checkTree(q: Queryable, actor: Actor, next: PartyOrgInput, changed: PartyOrgBody, id?: string): Promise<void> {
  let parent: { kind: PartyOrgKind; area_code: string } | null = null;
  if (next.parentId && changed.parentId) {
    parent = await findPartyOrg(q, actor, next.parentId);
    if (!parent) throw new AppError("domain.party_org_unknown", { field: "parentId" });
    if (id && (await isSelfOrDescendant(q, id, next.parentId))) throw new AppError("domain.party_org_cycle", { field: "parentId" });
  } else if (next.parentId) {
    // The parent it already has, which may lie above the actor's scope.
    parent = await findPartyOrgRef(q, next.parentId);
  }
  const violation = partyOrgTreeViolation({
    kind: next.kind,
    basis: next.basis,
    areaCode: next.areaCode,
    parent: parent ? { kind: parent.kind, areaCode: parent.area_code } : null,
  });
  if (violation) throw new AppError(violation, { field: FIELD_OF[violation] ?? "kind" });
  if (id && (changed.kind !== undefined || changed.areaCode !== undefined)) {
    for (const child of await childrenOf(q, id)) {
      if (parentViolation(child.kind, child.area_code, { kind: next.kind, areaCode: next.areaCode })) {
        throw new AppError("domain.party_org_children", { childId: child.id });
      }
    }
  }
}

const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  "domain.party_org_basis": "basis",
  "domain.party_org_level": "areaCode",
  "domain.party_org_parent_required": "parentId",
  "domain.party_org_parent_kind": "parentId",
  "domain.party_org_outside_parent": "areaCode",
};

/** Registers a party organisation in the actor's scope. */
export async function createPartyOrg(
  q: Queryable,
  actor: Actor,
  body: Required<Pick<PartyOrgBody, "name" | "kind" | "areaCode">> & PartyOrgBody,
  ctx: AuditContext,
) {
  const next: PartyOrgInput = {
    name: body.name,
    kind: body.kind,
    basis: body.basis ?? null,
    parentId: body.parentId ?? null,
    areaCode: body.areaCode,
    gridId: body.gridId ?? null,
    unitId: body.unitId ?? null,
    secretaryPersonId: body.secretaryPersonId ?? null,
    establishedOn: body.establishedOn ?? null,
  };
  await checkReferences(q, actor, next, body);
  await checkTree(q, actor, next, body);
  const id = await savePartyOrg(q, next);
  const created = (await findPartyOrg(q, actor, id))!;
  await writeAudit(q, ctx, {
    action: "party_org.create",
    objectType: "party_org",
    objectId: id,
    areaCode: created.area_code,
    after: created,
  });
  return created;
}

/** Changes an organisation; the tree rules are checked again whenever its kind, basis, parent or area changes. */
export async function updatePartyOrg(q: Queryable, actor: Actor, id: string, patch: PartyOrgBody, ctx: AuditContext) {
  const before = await findPartyOrg(q, actor, id);
  if (!before) throw notFound();
  const pick = <V>(k: keyof PartyOrgBody, cur: V): V => (patch[k] !== undefined ? (patch[k] as V) : cur);
  const next: PartyOrgInput = {
    name: pick("name", before.name),
    kind: pick("kind", before.kind),
    basis: pick("basis", before.basis),
    parentId: pick("parentId", before.parent_id),
    areaCode: pick("areaCode", before.area_code),
    gridId: pick("gridId", before.grid_id),
    unitId: pick("unitId", before.unit_id),
    secretaryPersonId: pick("secretaryPersonId", before.secretary_person_id),
    establishedOn: pick("establishedOn", before.established_on),
  };
  const changed = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && v !== (before as unknown as Record<string, unknown>)[snake(k)]),
  ) as PartyOrgBody;
  await checkReferences(q, actor, next, changed);
  if (["kind", "basis", "parentId", "areaCode"].some((k) => k in changed)) await checkTree(q, actor, next, changed, id);
  await savePartyOrg(q, next, id);
  const after = (await findPartyOrg(q, actor, id))!;
  await writeAudit(q, ctx, { action: "party_org.update", objectType: "party_org", objectId: id, areaCode: after.area_code, before, after });
  return after;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
