import type { Queryable } from "../db/client.js";

/** Column types for set-based inserts; jsonb travels as text and is cast in the statement. */
export type ColumnType = "text" | "int" | "float8" | "jsonb" | "uuid" | "date" | "numeric" | "bool" | "timestamptz";

const ROWS_PER_STATEMENT = 5000;

/**
 * Inserts rows given column by column: `INSERT … SELECT … FROM unnest($1::text[], …)`, a few thousand rows
 * a statement, the same SQL on PGlite and PostgreSQL.
 */
export async function insertColumns(
  q: Queryable,
  table: string,
  columns: [name: string, type: ColumnType, values: unknown[]][],
): Promise<number> {
  const n = columns[0]?.[2].length ?? 0;
  for (const [name, , values] of columns) {
    if (values.length !== n) throw new Error(`${table}.${name}: ${values.length} values for ${n} rows`);
  }
  const names = columns.map(([name]) => name).join(", ");
  const args = columns.map(([, type], i) => `$${i + 1}::${type === "jsonb" ? "text" : type}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map(([, type], i) => (type === "jsonb" ? `c${i}::jsonb` : `c${i}`)).join(", ");
  const sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${args}) AS t(${aliases.join(", ")})`;
  for (let i = 0; i < n; i += ROWS_PER_STATEMENT) {
    await q.query(
      sql,
      columns.map(([, , values]) => values.slice(i, i + ROWS_PER_STATEMENT)),
    );
  }
  return n;
}

/** Updates rows by id from parallel arrays: `UPDATE … FROM unnest(…)`. */
export async function updateColumns(
  q: Queryable,
  table: string,
  columns: [name: string, type: ColumnType, values: unknown[]][],
  ids: string[],
): Promise<void> {
  const set = columns.map(([name], i) => `${name} = t.c${i}`).join(", ");
  const args = columns.map(([, type], i) => `$${i + 2}::${type}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`).join(", ");
  const sql = `UPDATE ${table} x SET ${set} FROM unnest($1::uuid[], ${args}) AS t(id, ${aliases}) WHERE x.id = t.id`;
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    await q.query(sql, [ids.slice(i, i + ROWS_PER_STATEMENT), ...columns.map(([, , values]) => values.slice(i, i + ROWS_PER_STATEMENT))]);
  }
}
