import { type AreaAttrs, type AreaDetail, type CommunityResources, communityResourcesSchema } from "@gongzhi/contracts";
import { z } from "zod";
import type { Queryable } from "../../db/client.js";
import { type Actor, canInScope } from "../../platform/actor.js";
import { type AuditContext, writeAudit } from "../../platform/audit.js";
import { AppError, notFound } from "../../platform/errors.js";
import { ancestorsOf, areaFigures, findAreaDetail, listResources, saveResources, updateArea } from "./areas.repository.js";
import { attrsViolation } from "./areas.rules.js";

/** 三有 of one year as a request carries it: the contract's shape, bounded to what the database stores. */
export const resourcesBodySchema = communityResourcesSchema.extend({
  staffCount: z.number().int().nonnegative().max(1_000_000),
  fundsService: z.number().nonnegative().max(99_999_999_999),
  fundsOffice: z.number().nonnegative().max(99_999_999_999),
  fundsActivity: z.number().nonnegative().max(99_999_999_999),
  venueAreaM2: z.number().nonnegative().max(99_999_999),
});

/** The detail view of an area in the actor's scope, or null when it is outside or missing. */
export async function areaDetail(q: Queryable, actor: Actor, code: string): Promise<AreaDetail | null> {
  const row = await findAreaDetail(q, actor, code);
  if (!row) return null;
  // One query after another: `q` may be a transaction's single connection.
  const ancestors = await ancestorsOf(q, row.code);
  const figures = await areaFigures(q, row.code);
  const resources = row.level === "community" ? await listResources(q, row.code, 1) : [];
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    ancestors,
    attrs: row.attrs ?? {},
    lat: row.lat,
    lng: row.lng,
    resources: resources[0] ?? null,
    figures,
    abilities: { update: canInScope(actor, "areas.write", row.code) },
  };
}

/**
 * Renames an area, replaces its classifications (each checked against the area's level) and, for a
 * community, records a year of 三有. The write and its audit entry share the caller's transaction.
 */
export async function updateAreaDetail(
  q: Queryable,
  actor: Actor,
  code: string,
  patch: { name?: string; attrs?: AreaAttrs; resources?: CommunityResources },
  ctx: AuditContext,
): Promise<AreaDetail> {
  const before = await areaDetail(q, actor, code);
  if (!before) throw notFound();
  if (patch.attrs) {
    const bad = attrsViolation(before.level, patch.attrs);
    if (bad) throw new AppError(bad.code, { field: bad.field, level: before.level });
  }
  if (patch.resources) {
    if (!actor.permissions.has("registry.write")) throw new AppError("forbidden");
    if (before.level !== "community") throw new AppError("domain.resources_community_only", { field: "resources", level: before.level });
  }
  if (patch.name !== undefined || patch.attrs) await updateArea(q, code, patch.name ?? before.name, patch.attrs ?? before.attrs);
  if (patch.resources) await saveResources(q, code, patch.resources);
  const after = (await areaDetail(q, actor, code))!;
  const snapshot = (d: AreaDetail) => ({ name: d.name, attrs: d.attrs, resources: patch.resources ? d.resources : undefined });
  await writeAudit(q, ctx, {
    action: "area.update",
    objectType: "area",
    objectId: code,
    areaCode: code,
    before: snapshot(before),
    after: snapshot(after),
  });
  return after;
}

/** Records one year of a community's 三有 and returns it. */
export async function putResources(
  q: Queryable,
  actor: Actor,
  code: string,
  resources: CommunityResources,
  ctx: AuditContext,
): Promise<CommunityResources> {
  const area = await findAreaDetail(q, actor, code);
  if (!area) throw notFound();
  if (area.level !== "community") throw new AppError("domain.resources_community_only", { field: "areaCode", level: area.level });
  const before = (await listResources(q, code)).find((r) => r.year === resources.year) ?? null;
  await saveResources(q, code, resources);
  const after = (await listResources(q, code)).find((r) => r.year === resources.year)!;
  await writeAudit(q, ctx, { action: "area.resources.put", objectType: "area", objectId: code, areaCode: code, before, after });
  return after;
}
