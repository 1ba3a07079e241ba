import type { Queryable } from "../db/client.js";

/** Column types for set-based inserts: every column travels as text and is cast to its type in the statement. */
export type ColumnType = "text" | "int" | "float8" | "jsonb" | "uuid" | "date" | "numeric" | "bool" | "timestamptz";

const ROWS_PER_STATEMENT = 5000;

/**
 * Turns triggers off for the rest of the transaction (`SET LOCAL session_replication_role = replica`): the
 * foreign-key checks, which run row by row, and the rollup triggers, which recompute each case's contributions
 * per statement. For rows generated consistent with each other and with what is already stored. It needs a
 * superuser; elsewhere the triggers simply run. Returns whether they are off, so that the caller knows to
 * rebuild what the triggers would have kept (and to turn them back on with `triggersOn`).
 */
export async function triggersOff(q: Queryable, savepoint: string): Promise<boolean> {
  await q.query(`SAVEPOINT ${savepoint}`);
  try {
    await q.query("SET LOCAL session_replication_role = replica");
    await q.query(`RELEASE SAVEPOINT ${savepoint}`);
    return true;
  } catch {
    await q.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    return false;
  }
}

/** Turns the triggers back on for the rest of the transaction (after `triggersOff` answered true). */
export async function triggersOn(q: Queryable): Promise<void> {
  await q.query("SET LOCAL session_replication_role = DEFAULT");
}

/** Separators of packed columns: control characters that no generated value holds (checked as they are packed). */
const FIELD = "\x1f";
const NULL_MARK = "\x1e";

/**
 * A column's values as one text parameter: each value's text (what the driver would send for it in an array) after
 * a unit separator (U+001F), a record separator (U+001E) for NULL. Unpacked in the statement by `unpacked`, with
 * `string_to_array`. An array parameter costs more on both sides, most of all on PGlite: the driver quotes and
 * escapes every element, and the server parses the quotes back.
 */
function packed(table: string, name: string, values: unknown[]): string {
  const texts: string[] = [""];
  for (const v of values) {
    if (v === null || v === undefined) {
      texts.push(NULL_MARK);
      continue;
    }
    const text = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : typeof v === "boolean" ? (v ? "t" : "f") : String(v);
    if (text.includes(FIELD) || text.includes(NULL_MARK)) throw new Error(`${table}.${name}: a value holds a separator`);
    texts.push(text);
  }
  return texts.join(FIELD);
}

/** The values of parameter `$i`, as packed by `packed`, one row each when unnested (the leading separator cut). */
const unpacked = (i: number) => `(string_to_array($${i}::text, E'\\x1f', E'\\x1e'))[2:]`;

/** A column of unnested text cast to its type. */
export const cast = (alias: string, type: string) => (type === "text" ? alias : `${alias}::${type}`);

/**
 * Inserts rows given column by column: `INSERT … SELECT … FROM unnest(…)`, each column one packed text parameter
 * (`packed`), a few thousand rows a statement, the same SQL on PGlite and PostgreSQL.
 */
export async function insertColumns(
  q: Queryable,
  table: string,
  columns: [name: string, type: ColumnType, values: unknown[]][],
): Promise<number> {
  return insertPacked(q, table, columns);
}

/**
 * `insertColumns` for columns of any SQL type: `select` gives the expression that each column's unnested text
 * (`c0`, `c1`, …) is inserted as (by default the text cast to the column's type).
 */
export async function insertPacked(
  q: Queryable,
  table: string,
  columns: [name: string, type: string, values: unknown[]][],
  select: (alias: string, name: string, type: string) => string = (alias, _, type) => cast(alias, type),
): Promise<number> {
  const n = columns[0]?.[2].length ?? 0;
  for (const [name, , values] of columns) {
    if (values.length !== n) throw new Error(`${table}.${name}: ${values.length} values for ${n} rows`);
  }
  const names = columns.map(([name]) => name).join(", ");
  const args = columns.map((_, i) => unpacked(i + 1)).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const exprs = columns.map(([name, type], i) => select(`c${i}`, name, type)).join(", ");
  const sql = `INSERT INTO ${table} (${names}) SELECT ${exprs} FROM unnest(${args}) AS t(${aliases.join(", ")})`;
  for (let i = 0; i < n; i += ROWS_PER_STATEMENT) {
    await q.query(
      sql,
      columns.map(([name, , values]) => packed(table, name, values.slice(i, i + ROWS_PER_STATEMENT))),
    );
  }
  return n;
}

/** Updates rows by id from parallel columns (packed as by `insertColumns`): `UPDATE … FROM unnest(…)`. */
export async function updateColumns(
  q: Queryable,
  table: string,
  columns: [name: string, type: ColumnType, values: unknown[]][],
  ids: string[],
): Promise<void> {
  for (const [name, , values] of columns) {
    if (values.length !== ids.length) throw new Error(`${table}.${name}: ${values.length} values for ${ids.length} rows`);
  }
  const set = columns.map(([name, type], i) => `${name} = ${cast(`t.c${i}`, type)}`).join(", ");
  const args = columns.map((_, i) => unpacked(i + 2)).join(", ");
  const aliases = columns.map((_, i) => `c${i}`).join(", ");
  const sql = `UPDATE ${table} x SET ${set} FROM unnest(${unpacked(1)}, ${args}) AS t(id, ${aliases}) WHERE x.id = t.id::uuid`;
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    await q.query(sql, [
      packed(table, "id", ids.slice(i, i + ROWS_PER_STATEMENT)),
      ...columns.map(([name, , values]) => packed(table, name, values.slice(i, i + ROWS_PER_STATEMENT))),
    ]);
  }
}
