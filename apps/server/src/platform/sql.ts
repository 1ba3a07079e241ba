import { scopePrefix } from "@gongzhi/contracts";
import type { Queryable } from "../db/client.js";
import { type Actor, scopeSql } from "./actor.js";

/**
 * The conditions of a WHERE clause and their parameters, numbered in the order they are added. In a
 * condition, every `?` is the placeholder of the one value added with it (SQL with a literal `?` goes in
 * through `raw`).
 */
export class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Keeps the rows whose `column` lies in the actor's area scope (none for an actor without one). */
  scope(actor: Actor, column: string): this {
    const scope = scopeSql(actor, column, this.params.length + 1);
    this.params.push(scope.param);
    this.conditions.push(scope.sql);
    return this;
  }

  /** Keeps the rows whose `column` lies in the subtree of area `code`. */
  subtree(column: string, code: string): this {
    return this.and(`${column} LIKE ?`, `${scopePrefix(code)}%`);
  }

  /** Adds a condition on one value. */
  and(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replaceAll("?", `$${this.params.length}`));
    return this;
  }

  /** Adds a condition that takes no value. */
  raw(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /** The conditions joined with AND. */
  get sql(): string {
    return this.conditions.join(" AND ");
  }
}

/**
 * One page of a filtered list, and how many rows the whole list has: counts the rows of `from` (a table
 * and its alias) that `where` keeps, then runs the query `rows` builds from the condition and the
 * `LIMIT … OFFSET …` clause of the page.
 */
export async function pageQuery<R>(
  q: Queryable,
  where: Where,
  page: { page: number; pageSize: number },
  sql: { from: string; rows: (cond: string, limit: string) => string },
): Promise<{ rows: R[]; total: number }> {
  const cond = where.sql;
  const params = [...where.params];
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql.from} WHERE ${cond}`, params)).rows[0]?.n ?? 0;
  params.push(page.pageSize, (page.page - 1) * page.pageSize);
  const { rows } = await q.query<R>(sql.rows(cond, `LIMIT $${params.length - 1} OFFSET $${params.length}`), params);
  return { rows, total };
}

/**
 * Builds `(a OR b OR …)` from clauses whose parameters are numbered from `$start`; with no clause, nothing
 * matches. Visibility rules that grant access through several relations use it.
 */
export function anyOf(start: number) {
  const parts: string[] = [];
  const params: unknown[] = [];
  return {
    param(v: unknown): string {
      params.push(v);
      return `$${start + params.length - 1}`;
    },
    or(sql: string): void {
      parts.push(sql);
    },
    done(): { sql: string; params: unknown[] } {
      return { sql: parts.length ? `(${parts.join(" OR ")})` : "false", params };
    },
  };
}
