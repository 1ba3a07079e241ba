/**
 * Point location over the demo city's grids: seeds the Ordos demo city into an in-memory PGlite, builds the
 * process's grid index as `GET /api/v1/grids/locate` and case intake use it, and locates random points inside
 * the city's street grids (each point drawn in the box of a random street grid). One thread.
 *
 *   node --import tsx apps/server/bench/locate-demo.ts [--points 1000000] [--dir DATA_DIR]
 *
 * With --dir, the demo city already built there (bench/demo-city.ts) is used instead of seeding one in memory.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openPglite } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { currentGridIndex } from "../src/modules/grids/grid-index.js";
import { createVault } from "../src/platform/crypto.js";
import { seedDemo } from "../src/seed/demo.js";
import { report } from "./lib.js";

const { values } = parseArgs({ options: { points: { type: "string", default: "1000000" }, dir: { type: "string" } } });
const N = Number(values.points);

const db = await openPglite(values.dir);
if (!values.dir) {
  await migrate(db);
  const deps = { config: loadConfig({ LOG_LEVEL: "silent", DATA_DIR: "/tmp/gongzhi-bench" }), db, vault: createVault(randomBytes(32)) };
  await seedDemo(deps);
}
const boxes = (
  await db.query<{ b: number[] }>("SELECT ARRAY[min_lng, min_lat, max_lng, max_lat] AS b FROM grids WHERE level = 'street'")
).rows.map((r) => r.b);
const t0 = performance.now();
const index = await currentGridIndex(db);
const buildMs = performance.now() - t0;

let seed = 42;
const rnd = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pts = new Float64Array(N * 2);
for (let i = 0; i < N; i++) {
  const b = boxes[Math.floor(rnd() * boxes.length)]!;
  pts[2 * i] = b[0]! + rnd() * (b[2]! - b[0]!);
  pts[2 * i + 1] = b[1]! + rnd() * (b[3]! - b[1]!);
}
// Warm up, then measure.
for (let i = 0; i < Math.min(N, 50_000); i++) index.locate(pts[2 * i]!, pts[2 * i + 1]!);
let found = 0;
const t1 = performance.now();
for (let i = 0; i < N; i++) if (index.locate(pts[2 * i]!, pts[2 * i + 1]!)) found++;
const secs = (performance.now() - t1) / 1000;
const result = {
  scenario: "grid-location",
  leaves: index.leaves.length,
  indexBuildMs: Math.round(buildMs),
  points: N,
  insideAGrid: found,
  pointsPerSecond: Math.round(N / secs),
};
console.log(JSON.stringify(result));
report(result);
await db.close();
