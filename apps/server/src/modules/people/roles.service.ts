import type { Person } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import type { Vault } from "../../platform/crypto.js";
import { AppError, notFound } from "../../platform/errors.js";
import { requireAreaInScope } from "../areas/areas.repository.js";
import { findPartyOrg } from "../party-orgs/party-orgs.repository.js";
import { findUnit } from "../units/units.repository.js";
import { findPerson, type PersonRow, rolesOf, toPerson } from "./people.repository.js";
import {
  type CommunityWorkerInfo,
  deleteRole,
  findCommunityWorker,
  findLeaderPairings,
  findPartyMember,
  gridIdsOf,
  type LeaderPairing,
  type PartyMemberInfo,
  replaceLeaderPairings,
  saveCommunityWorker,
  savePartyMember,
} from "./roles.repository.js";

/** The API view of one person with the roles they hold and each role's details; personal data masked unless `reveal`. */
export async function personWithRoles(q: Queryable, actor: Actor, vault: Vault, row: PersonRow, reveal = false): Promise<Person> {
  const roles = (await rolesOf(q, [row.id])).get(row.id) ?? [];
  return {
    ...toPerson(row, actor, vault, reveal),
    roles,
    partyMember: await findPartyMember(q, row.id),
    communityWorker: await findCommunityWorker(q, row.id),
    leaderPairings: await findLeaderPairings(q, row.id),
    gridIds: await gridIdsOf(q, row.id),
  };
}

async function personInScope(q: Queryable, actor: Actor, id: string): Promise<PersonRow> {
  const row = await findPerson(q, actor, id);
  if (!row) throw notFound();
  return row;
}

/** Audits a change to one of the roles of person `id`. */
function auditRole(q: Queryable, ctx: AuditContext, action: string, id: string, person: PersonRow, before: unknown, after?: unknown) {
  return writeAudit(q, ctx, { action, objectType: "person", objectId: id, areaCode: person.area_code, before, after });
}

/** The community a role is tied to: in the actor's scope, existing, and a community. */
async function requireCommunity(q: Queryable, actor: Actor, code: string, field: string): Promise<void> {
  const area = await requireAreaInScope(q, actor, code, field);
  if (area.level !== "community") throw new AppError("domain.area_level_mismatch", { field, level: area.level, expected: "community" });
}

/**
 * Records a person's party membership. Branch, work unit and reported community must be in the actor's
 * scope when they are set or changed; those already recorded stay as they are.
 */
export async function putPartyMember(q: Queryable, actor: Actor, id: string, info: PartyMemberInfo, ctx: AuditContext): Promise<PersonRow> {
  const person = await personInScope(q, actor, id);
  const before = await findPartyMember(q, id);
  const next: PartyMemberInfo = {
    category: info.category,
    branchId: info.branchId ?? null,
    joinedOn: info.joinedOn ?? null,
    workUnitId: info.workUnitId ?? null,
    reportedCommunityCode: info.reportedCommunityCode ?? null,
    reportedOn: info.reportedOn ?? null,
  };
  if (next.branchId && next.branchId !== before?.branchId && !(await findPartyOrg(q, actor, next.branchId))) {
    throw new AppError("domain.party_org_unknown", { field: "branchId" });
  }
  if (next.workUnitId && next.workUnitId !== before?.workUnitId && !(await findUnit(q, actor, next.workUnitId))) {
    throw new AppError("domain.unit_unknown", { field: "workUnitId" });
  }
  if (next.reportedCommunityCode && next.reportedCommunityCode !== before?.reportedCommunityCode) {
    await requireCommunity(q, actor, next.reportedCommunityCode, "reportedCommunityCode");
  }
  await savePartyMember(q, id, next);
  const after = await findPartyMember(q, id);
  await auditRole(q, ctx, "person.party_member.put", id, person, before, after);
  return person;
}

/** Records a person's post as a community worker in a community of the actor's scope. */
export async function putCommunityWorker(
  q: Queryable,
  actor: Actor,
  id: string,
  info: CommunityWorkerInfo,
  ctx: AuditContext,
): Promise<PersonRow> {
  const person = await personInScope(q, actor, id);
  const before = await findCommunityWorker(q, id);
  if (info.areaCode !== before?.areaCode) await requireCommunity(q, actor, info.areaCode, "areaCode");
  await saveCommunityWorker(q, id, { ...info, startedOn: info.startedOn ?? null });
  const after = await findCommunityWorker(q, id);
  await auditRole(q, ctx, "person.community_worker.put", id, person, before, after);
  return person;
}

/**
 * Sets the communities a leader is paired with, within the actor's scope: pairings with communities
 * outside it are left as they are.
 */
export async function putLeaderPairings(
  q: Queryable,
  actor: Actor,
  id: string,
  pairings: LeaderPairing[],
  ctx: AuditContext,
): Promise<PersonRow> {
  const person = await personInScope(q, actor, id);
  const seen = new Set<string>();
  for (const [i, p] of pairings.entries()) {
    if (seen.has(p.areaCode)) throw new AppError("conflict.duplicate", { field: `items.${i}.areaCode` });
    seen.add(p.areaCode);
    await requireCommunity(q, actor, p.areaCode, `items.${i}.areaCode`);
  }
  const before = await findLeaderPairings(q, id);
  await replaceLeaderPairings(
    q,
    id,
    actor.scopePrefix!,
    pairings.map((p) => ({ areaCode: p.areaCode, title: p.title, since: p.since ?? null })),
  );
  const after = await findLeaderPairings(q, id);
  await auditRole(q, ctx, "person.leader_pairings.put", id, person, before, after);
  return person;
}

/** Removes one of a person's roles; a removal is audited, removing a role the person does not hold changes nothing. */
export async function removeRole(
  q: Queryable,
  actor: Actor,
  id: string,
  role: "party_member" | "community_worker" | "leader",
  ctx: AuditContext,
): Promise<void> {
  const person = await personInScope(q, actor, id);
  let before: unknown;
  if (role === "leader") {
    before = await findLeaderPairings(q, id);
    const inScope = (before as LeaderPairing[]).filter((p) => p.areaCode.startsWith(actor.scopePrefix!));
    if (!inScope.length) return;
    await replaceLeaderPairings(q, id, actor.scopePrefix!, []);
    before = inScope;
  } else {
    before = role === "party_member" ? await findPartyMember(q, id) : await findCommunityWorker(q, id);
    if (!(await deleteRole(q, role === "party_member" ? "party_members" : "community_workers", id))) return;
  }
  await auditRole(q, ctx, `person.${role === "leader" ? "leader_pairings" : role}.delete`, id, person, before);
}
