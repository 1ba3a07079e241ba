import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type Db, openPg, openPglite } from "./client.js";
import { migrate, migrationFiles, splitSql } from "./migrate.js";

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
const serverUrl = process.env.TEST_DATABASE_URL;

/** Runs one statement on the server's maintenance database (create and drop databases). */
async function admin(sql: string) {
  const u = new URL(serverUrl!);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A brand-new, empty database with no migrations applied: in-memory PGlite, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL. `connect` opens one more connection to the same database.
 */
async function emptyDatabase(): Promise<{ db: Db; connect: () => Promise<Db> }> {
  if (!serverUrl) {
    const db = await openPglite(undefined);
    cleanups.push(() => db.close());
    return { db, connect: async () => db };
  }
  const name = `gz_t_${process.pid}_mig_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const opened: Db[] = [];
  cleanups.push(async () => {
    for (const db of opened) await db.close();
    await admin(`DROP DATABASE IF EXISTS ${name}`);
  });
  const connect = async () => {
    const db = await openPg(u.toString(), 2);
    opened.push(db);
    return db;
  };
  return { db: await connect(), connect };
}

/** The tables the migration scripts create. */
function tablesInScripts(): string[] {
  const names = new Set<string>();
  for (const f of migrationFiles()) {
    for (const m of readFileSync(join(MIGRATIONS_DIR, f), "utf8").matchAll(/^CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/gim)) {
      names.add(m[1]!);
    }
  }
  return [...names].sort();
}

const publicTables = async (db: Db) =>
  (await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map(
    (r) => r.name,
  );

describe("migrate", () => {
  it("lists the migration files in order", () => {
    const files = migrationFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]).toBe("0001_foundation.sql");
    expect([...files].sort()).toEqual(files);
    for (const f of files) expect(f).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
  });

  it("applies every migration to a brand-new database, then none on the next run", async () => {
    const { db } = await emptyDatabase();
    expect(await publicTables(db)).toEqual([]);
    const applied = await migrate(db);
    expect(applied).toEqual(migrationFiles());
    const recorded = await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
    expect(recorded.rows.map((r) => r.name)).toEqual(migrationFiles());
    expect(await migrate(db)).toEqual([]);
    expect((await db.query("SELECT name FROM schema_migrations")).rows).toHaveLength(migrationFiles().length);

    const tables = await publicTables(db);
    for (const table of ["areas", "departments", "units", "accounts", "sessions", "api_keys", "audit_log", "people", "schema_migrations"]) {
      expect(tables, table).toContain(table);
    }
    expect(tables).toEqual(expect.arrayContaining(tablesInScripts()));
    // The schema works: the append-only audit log refuses changes from the first migration on.
    await db.query("INSERT INTO audit_log (actor_label, action, object_type) VALUES ('test', 'test', 'test')");
    await expect(db.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
  });

  it("brings a database made by an older version up to date with the later migrations only", async () => {
    const { db } = await emptyDatabase();
    const [first, ...rest] = migrationFiles();
    await db.exec("CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    await db.tx(async (q) => {
      for (const stmt of splitSql(readFileSync(join(MIGRATIONS_DIR, first!), "utf8"))) await q.query(stmt);
      await q.query("INSERT INTO schema_migrations (name) VALUES ($1)", [first]);
    });
    await db.query("INSERT INTO areas (code, name, level, prefix) VALUES ('150000000000', '内蒙古自治区', 'province', '15')");
    expect(await migrate(db)).toEqual(rest);
    expect(await publicTables(db)).toEqual(expect.arrayContaining(tablesInScripts()));
    // Data written before the upgrade is still there.
    expect((await db.query<{ name: string }>("SELECT name FROM areas")).rows.map((r) => r.name)).toEqual(["内蒙古自治区"]);
  });

  it("lets several processes boot on one brand-new database at once, applying each migration once", async () => {
    const { db, connect } = await emptyDatabase();
    const all = [db, ...(await Promise.all([connect(), connect()]))];
    const results = await Promise.all(all.map((d) => migrate(d)));
    expect(results.flat().sort()).toEqual(migrationFiles());
    const recorded = await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
    expect(recorded.rows.map((r) => r.name)).toEqual(migrationFiles());
  });
});

describe("splitSql", () => {
  it("splits statements at line-ending semicolons and drops comment lines", () => {
    const sql = [
      "-- a comment; with a semicolon",
      "CREATE TABLE a (",
      "  id int -- trailing",
      ");",
      "",
      "CREATE INDEX a_idx ON a (id);",
      "SELECT 1",
    ].join("\n");
    expect(splitSql(sql)).toEqual(["CREATE TABLE a (\n  id int -- trailing\n);", "CREATE INDEX a_idx ON a (id);", "SELECT 1"]);
  });

  it("keeps a $$-quoted function body whole, semicolons and comments inside it included", () => {
    const body = [
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$",
      "BEGIN",
      "  -- a comment inside the body;",
      "  IF NEW.x IS NULL THEN",
      "    RAISE EXCEPTION 'x is required';",
      "  END IF;",
      "  RETURN NEW;",
      "END;",
      "$$;",
    ].join("\n");
    const sql = `CREATE TABLE t (x int);\n${body}\nCREATE TRIGGER t_check BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n`;
    const out = splitSql(sql);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe("CREATE TABLE t (x int);");
    expect(out[1]).toBe(body);
    expect(out[2]).toMatch(/^CREATE TRIGGER/);
  });

  it("keeps a one-line $$ body with the statement it belongs to", () => {
    expect(splitSql("CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nSELECT one();")).toEqual([
      "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
      "SELECT one();",
    ]);
  });

  it("splits the real migrations into statements that each hold whole $$ bodies", () => {
    for (const f of migrationFiles()) {
      for (const stmt of splitSql(readFileSync(join(MIGRATIONS_DIR, f), "utf8"))) {
        expect((stmt.match(/\$\$/g)?.length ?? 0) % 2, `${f}: ${stmt.slice(0, 80)}`).toBe(0);
        expect(stmt.trim()).not.toBe("");
      }
    }
    const foundation = splitSql(readFileSync(join(MIGRATIONS_DIR, "0001_foundation.sql"), "utf8"));
    const fn = foundation.find((s) => s.startsWith("CREATE FUNCTION audit_log_append_only"));
    expect(fn).toMatch(/BEGIN\s+RAISE EXCEPTION 'audit_log is append-only';\s+END;\s+\$\$;$/);
  });
});
