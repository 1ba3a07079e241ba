/**
 * `npm run bench`: runs each benchmark in its own process and prints what it measured. Never part of `npm test`.
 * Figures and how they were taken are kept in docs/BENCHMARKS.md.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES: { name: string; file: string; args: string[] }[] = [
  { name: "grid location over the demo city", file: "locate-demo.ts", args: [] },
  { name: "grid location over a synthetic tiling", file: "locate.ts", args: [] },
];

let failed = 0;
for (const b of BENCHES) {
  console.log(`\n== ${b.name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, b.file), ...b.args], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
