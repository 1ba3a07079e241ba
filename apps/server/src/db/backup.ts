import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { Db, Queryable } from "./client.js";

const FORMAT = "gongzhi-backup/1";
const BATCH = 2000;
/** Tables computed from others: not restored from the file but recomputed after the restore. */
const DERIVED_TABLES = ["case_rollups"];

/** Application tables in an order that respects foreign keys (parents first). */
async function tablesInOrder(q: Queryable): Promise<string[]> {
  const tables = (
    await q.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename",
    )
  ).rows.map((r) => r.name);
  const deps = (
    await q.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
    )
  ).rows;
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t) visit(d.parent, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/**
 * Writes a logical backup: gzipped JSON lines, a header with the applied migrations, then each table's
 * rows. The same file restores into PGlite or a PostgreSQL server. Personal data stays encrypted.
 */
export async function backup(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const migrations = (await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")).rows.map((r) => r.name);
  const tables = await tablesInOrder(db);
  let rows = 0;
  async function* lines() {
    yield `${JSON.stringify({ format: FORMAT, createdAt: new Date().toISOString(), migrations, tables })}\n`;
    for (const t of tables) {
      // Keyset pagination on ctid is not portable; order by the whole row's text for a stable cursor-free scan.
      let offset = 0;
      for (;;) {
        const batch = (await db.query<{ r: unknown }>(`SELECT row_to_json(t) AS r FROM "${t}" t LIMIT ${BATCH} OFFSET ${offset}`)).rows;
        for (const b of batch) yield `${JSON.stringify({ t, r: b.r })}\n`;
        rows += batch.length;
        if (batch.length < BATCH) break;
        offset += BATCH;
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file));
  return { tables: tables.length, rows };
}

/**
 * Replaces every table's contents with a backup's, in one transaction. The database must have the same
 * migrations applied as the backup (run `migrate` first); otherwise nothing is changed.
 */
export async function restore(db: Db, file: string): Promise<{ tables: number; rows: number }> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  const it = rl[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new Error("The backup file is empty");
  const header = JSON.parse(first.value) as { format: string; migrations: string[]; tables: string[] };
  if (header.format !== FORMAT) throw new Error(`Not a Gongzhi backup (format ${header.format})`);
  const have = (await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")).rows.map((r) => r.name);
  if (have.join(",") !== header.migrations.join(",")) {
    throw new Error(`The backup was made at migration ${header.migrations.at(-1)}; this database is at ${have.at(-1)}. Migrate first.`);
  }
  let rows = 0;
  await db.tx(async (q) => {
    const tables = await tablesInOrder(q);
    await q.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
    let table = "";
    let batch: unknown[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await q.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [JSON.stringify(batch)]);
      rows += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      if (!next.value.trim()) continue;
      const { t, r } = JSON.parse(next.value) as { t: string; r: unknown };
      if (!tables.includes(t)) throw new Error(`Unknown table in backup: ${t}`);
      // Derived from the cases and their events (whose triggers write it as they are restored); rebuilt below.
      if (DERIVED_TABLES.includes(t)) continue;
      if (t !== table || batch.length >= BATCH) {
        await flush();
        table = t;
      }
      batch.push(r);
    }
    await flush();
    // Serial columns continue after the restored ids.
    const seqs = await q.query<{ tbl: string; col: string; seq: string }>(
      `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
          AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of seqs.rows) {
      await q.query(`SELECT setval('${s.seq}', COALESCE((SELECT max("${s.col}") FROM "${s.tbl}"), 0) + 1, false)`);
    }
    if (tables.includes("case_rollups")) await q.query("SELECT case_rollups_rebuild()");
  });
  return { tables: header.tables.length, rows };
}
