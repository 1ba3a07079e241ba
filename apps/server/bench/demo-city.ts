/**
 * The demo city built on PGlite in a data directory, as a first start does it: migrations, reference data (the
 * category table, the holiday calendar), then the Ordos demo city with its three months of cases. The directory is
 * kept for the benchmarks that follow (grid location, intake on PGlite, the web pages).
 *
 *   node --import tsx apps/server/bench/demo-city.ts --dir /tmp/gongzhi-bench/pglite
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openPglite } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { ensureReferenceData } from "../src/modules/cases/categories.seed.js";
import { createVault } from "../src/platform/crypto.js";
import { seedDemo } from "../src/seed/demo.js";
import { report, round } from "./lib.js";

const { values } = parseArgs({ options: { dir: { type: "string", default: "/tmp/gongzhi-bench/pglite" } } });
const dir = values.dir!;
rmSync(dir, { recursive: true, force: true });
const t0 = performance.now();
const db = await openPglite(dir);
await migrate(db);
const t1 = performance.now();
await ensureReferenceData({ db });
const t2 = performance.now();
const deps = { config: loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dir }), db, vault: createVault(randomBytes(32)) };
const summary = await seedDemo(deps);
const t3 = performance.now();
const cases = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0]!.n;
await db.close();
const result = {
  scenario: "demo-city",
  migrateSeconds: round((t1 - t0) / 1000, 1),
  referenceDataSeconds: round((t2 - t1) / 1000, 1),
  demoCitySeconds: round((t3 - t2) / 1000, 1),
  totalSeconds: round((t3 - t0) / 1000, 1),
  cases,
  summary,
};
console.log(JSON.stringify(result));
report(result);
