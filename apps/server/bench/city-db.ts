/**
 * A PostgreSQL database of the demo city with `--cases` generated cases and their events over five years
 * (SQL generate_series, src/modules/command-centre/generate.ts), made once and kept: a later run that finds it
 * complete reuses it. Bulk loading leaves the rollup triggers off and rebuilds the rollups at the end.
 *
 *   node --import tsx apps/server/bench/city-db.ts --db gongzhi_bench_10m --cases 10000000
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openPg } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { ensureReferenceData } from "../src/modules/cases/categories.seed.js";
import { generateCases } from "../src/modules/command-centre/generate.js";
import { rebuildRollups } from "../src/modules/command-centre/rollups.repository.js";
import { createVault } from "../src/platform/crypto.js";
import { seedDemo } from "../src/seed/demo.js";
import { BENCH_DATA_KEY, databaseExists, dbUrl, recreateDatabase, report, round } from "./lib.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    cases: { type: "string", default: "0" },
    years: { type: "string", default: "5" },
    fresh: { type: "boolean", default: false },
  },
});
const name = values.db!;
const target = Number(values.cases);

const t0 = performance.now();
let db = (await databaseExists(name)) ? await openPg(dbUrl(name), 2) : null;
const marker = async () => {
  try {
    return (await db!.query<{ n: number }>("SELECT n FROM bench_generated")).rows[0]?.n ?? -1;
  } catch {
    return -1;
  }
};
if (db && !values.fresh && (await marker()) === target) {
  console.log(`${name}: ${target} generated cases already there`);
  report({ scenario: "city-db", db: name, cases: target, reused: true });
  await db.close();
  process.exit(0);
}
await db?.close();
await recreateDatabase(name);
db = await openPg(dbUrl(name), 2);
await migrate(db);
const deps = {
  config: loadConfig({ LOG_LEVEL: "silent", DATABASE_URL: dbUrl(name) }),
  db,
  vault: createVault(Buffer.from(BENCH_DATA_KEY, "base64")),
};
await ensureReferenceData(deps);
await seedDemo(deps);
const seeded = performance.now();
console.log(`${name}: demo city seeded in ${round((seeded - t0) / 1000, 1)} s`);

if (target > 0) {
  // One session for the whole load, so the settings below hold for it.
  // The generated rows are consistent by construction: their foreign keys are not checked row by row, and the
  // rollups are rebuilt once at the end instead of by the triggers.
  await db.exec("ALTER TABLE cases DISABLE TRIGGER ALL; ALTER TABLE case_events DISABLE TRIGGER ALL");
  // Secondary indexes are dropped for the load and made again after it (the constraints' own indexes stay).
  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename IN ('cases', 'case_events')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const i of indexes) await db.query(`DROP INDEX ${i.indexname}`);
  const loaders = 2;
  const per = Math.ceil(target / loaders);
  await Promise.all(
    Array.from({ length: loaders }, (_, l) =>
      generateCases(
        db!,
        {
          cases: Math.min(per, target - l * per),
          first: l * per + 1,
          days: Number(values.years) * 365,
          end: new Date(),
          tag: "B",
          chunk: 250_000,
        },
        (done) => console.log(`${name}: loader ${l + 1} at case ${done} (${round((performance.now() - seeded) / 1000)} s)`),
      ),
    ),
  );
  const indexed = performance.now();
  for (const i of indexes) await db.query(i.indexdef);
  console.log(`${name}: indexes made again in ${round((performance.now() - indexed) / 1000, 1)} s`);
  const loaded = performance.now();
  await db.exec("ALTER TABLE cases ENABLE TRIGGER ALL; ALTER TABLE case_events ENABLE TRIGGER ALL");
  await rebuildRollups(db);
  const rolled = performance.now();
  await db.exec("VACUUM ANALYZE");
  console.log(
    `${name}: loaded in ${round((loaded - seeded) / 1000, 1)} s, rollups rebuilt in ${round((rolled - loaded) / 1000, 1)} s, vacuumed in ${round((performance.now() - rolled) / 1000, 1)} s`,
  );
  report({
    scenario: "city-db",
    db: name,
    cases: target,
    loadSeconds: round((loaded - seeded) / 1000, 1),
    rollupSeconds: round((rolled - loaded) / 1000, 1),
    totalSeconds: round((performance.now() - t0) / 1000, 1),
  });
}
await db.exec(`CREATE TABLE bench_generated (n bigint NOT NULL); INSERT INTO bench_generated VALUES (${target})`);
await db.close();
