import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** The database: PGlite embedded, or a PostgreSQL server through a pg pool. Same SQL for both. */
export interface Db extends Queryable {
  readonly kind: "pglite" | "pg";
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Statements of the hot paths (intake, the session look-up), run as named prepared statements on a PostgreSQL
 * server: each connection parses and plans them once instead of at every call. Register the text once with
 * `prepared(sql)` and pass it to `query` as usual; PGlite runs it as any other statement.
 */
const PREPARED = new Map<string, string>();
export function prepared(sql: string): string {
  if (!PREPARED.has(sql)) PREPARED.set(sql, `gz_${PREPARED.size + 1}`);
  return sql;
}

const toNumber = (v: string) => Number(v);
/** int8 and numeric as numbers, the same in both drivers. */
const PARSERS = { 20: toNumber, 1700: toNumber };

/** Opens PGlite in `dir` (created if missing), or in memory when `dir` is undefined. */
export async function openPglite(dir: string | undefined): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir ? join(dir, "pgdata") : undefined, {
    parsers: PARSERS,
  });
  return wrapPglite(db);
}

/** Wraps an open PGlite instance (also used for per-test clones). */
export function wrapPglite(db: PGlite | Awaited<ReturnType<PGlite["clone"]>>): Db {
  const run = async <T>(q: { query: PGlite["query"] }, sql: string, params?: unknown[]) => {
    // Parsers are passed with every query: clones of an instance do not inherit the ones it was created with.
    const r = await q.query<T>(sql, params as unknown[], { parsers: PARSERS });
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    kind: "pglite",
    query: (sql, params) => run(db as PGlite, sql, params),
    tx: (fn) => (db as PGlite).transaction((t) => fn({ query: (sql, params) => run(t as never, sql, params) })),
    exec: async (sql) => {
      await (db as PGlite).exec(sql);
    },
    close: () => db.close(),
  };
}

pg.types.setTypeParser(20, toNumber);
pg.types.setTypeParser(1700, toNumber);

/** Opens a pg pool on a PostgreSQL server. */
export async function openPg(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // Fail early with a clear error when the server is unreachable.
  const c = await pool.connect();
  c.release();
  return {
    kind: "pg",
    query: async (sql, params) => {
      const name = PREPARED.get(sql);
      const r = name ? await pool.query({ name, text: sql, values: params as unknown[] }) : await pool.query(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn({
          query: async (sql, params) => {
            const r = await client.query(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
        });
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** Opens the configured database: a server when a URL is given, else PGlite under the data directory. */
export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPg(opts.databaseUrl) : openPglite(opts.dataDir);
}
