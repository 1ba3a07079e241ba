import { scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";

/** The person an account acts as (account_people), or null. */
export async function personOf(q: Queryable, actor: Actor | null): Promise<string | null> {
  if (!actor || actor.kind !== "account") return null;
  const { rows } = await q.query<{ person_id: string }>("SELECT person_id FROM account_people WHERE account_id = $1", [actor.id]);
  return rows[0]?.person_id ?? null;
}

/** The person of the actor, or 422 when the account is not linked to one. */
export async function requirePerson(q: Queryable, actor: Actor): Promise<string> {
  const id = await personOf(q, actor);
  if (!id) throw new AppError("domain.no_person_linked");
  return id;
}

/** Accounts acting as these people. */
export async function accountsOfPeople(q: Queryable, personIds: readonly string[]): Promise<string[]> {
  if (!personIds.length) return [];
  const { rows } = await q.query<{ account_id: string }>("SELECT account_id FROM account_people WHERE person_id = ANY($1::uuid[])", [
    [...personIds],
  ]);
  return rows.map((r) => r.account_id);
}

/** Active staff accounts with a permission-bearing role whose area holds `areaCode` (community staff first). */
export async function staffOver(q: Queryable, areaCode: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT a.id FROM accounts a JOIN areas ar ON ar.code = a.area_code
      WHERE a.status = 'active' AND a.roles && ARRAY['community_staff','street_staff']::text[] AND $1 LIKE ar.prefix || '%'
        AND ar.level IN ('community','street')`,
    [areaCode],
  );
  return rows.map((r) => r.id);
}

/** Whether an area code lies in the actor's scope (prefix). */
export const inScope = (actor: Actor, code: string | null | undefined): boolean =>
  !!actor.scopePrefix && !!code && code.startsWith(actor.scopePrefix);

/** The community code (12 digits) an area lies in, or null for areas above a community. */
export function communityOf(code: string): string | null {
  if (code.length > 12) return code.slice(0, 12);
  return scopePrefix(code).length === 12 ? code : null;
}

/** The year in China (UTC+8) of a moment. */
export const chinaYear = (at: Date = new Date()): number => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

/** A uuid check for references read from free text. */
export const isUuid = (s: string | null | undefined): s is string =>
  !!s && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
