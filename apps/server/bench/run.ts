/**
 * `npm run bench`: runs each benchmark in its own process, collects what they measured, prints the table, writes
 * bench/results/<date>-<machine>.json at the repository root and the latest table into docs/BENCHMARKS.md.
 * Never part of `npm test`. Needs the local PostgreSQL server (BENCH_PG_URL, default postgres@127.0.0.1:5432 with
 * trust authentication) and pgbench; makes and keeps its own databases gongzhi_bench_0, _1m and _10m.
 *
 *   npm run bench                         everything (the first run generates the 1 M and 10 M case databases)
 *   npm run bench -- --only intake-pg,web  some scenarios
 *   npm run bench -- --quick               short runs (10 s loads, fewer repetitions), for development
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, hostname, totalmem } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, SERVER_DIR } from "./lib.js";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    cases: { type: "string", default: "10000000" },
    "no-docs": { type: "boolean", default: false },
  },
});
const quick = values.quick;
const duration = quick ? "10" : "30";
const big = Number(values.cases);
const PGLITE_DIR = "/tmp/gongzhi-bench/pglite";
const bigName = big === 10_000_000 ? "gongzhi_bench_10m" : `gongzhi_bench_${big}`;

type Step = { scenario: string; file: string; args: string[] };
const STEPS: Step[] = [
  { scenario: "demo-city", file: "demo-city.ts", args: ["--dir", PGLITE_DIR] },
  { scenario: "grid-location", file: "locate-demo.ts", args: ["--dir", PGLITE_DIR] },
  { scenario: "intake-pglite", file: "intake.ts", args: ["--pglite", PGLITE_DIR, "--duration", duration, "--label", "pglite"] },
  { scenario: "intake-pg", file: "city-db.ts", args: ["--db", "gongzhi_bench_0", "--cases", "0", "--fresh"] },
  { scenario: "intake-pg", file: "intake.ts", args: ["--db", "gongzhi_bench_0", "--floor", "--duration", duration, "--label", "0"] },
  { scenario: "growth", file: "city-db.ts", args: ["--db", "gongzhi_bench_1m", "--cases", "1000000"] },
  { scenario: "growth", file: "intake.ts", args: ["--db", "gongzhi_bench_1m", "--duration", duration, "--label", "1M"] },
  { scenario: "growth", file: "city-db.ts", args: ["--db", bigName, "--cases", String(big)] },
  { scenario: "growth", file: "intake.ts", args: ["--db", bigName, "--duration", duration, "--label", "10M"] },
  {
    scenario: "command-centre",
    file: "command-centre.ts",
    args: ["--db", bigName, "--reps", quick ? "10" : "60", "--plain-reps", quick ? "1" : "3"],
  },
  { scenario: "web", file: "web.ts", args: ["--dir", PGLITE_DIR, "--build", "--runs", quick ? "3" : "7"] },
];

const only = values.only ? new Set(values.only.split(",")) : null;
// A scenario that needs the demo city on PGlite builds it first.
const needsPglite = (s: string) => ["grid-location", "intake-pglite", "web"].includes(s);
const selected = STEPS.filter((s) => !only || only.has(s.scenario) || (s.scenario === "demo-city" && [...only].some(needsPglite)));

/** What a benchmark reported (its RESULT line), as the table reads it. */
interface Part {
  name: string;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  storedCases?: number;
  /** the rollup rows the run left unfolded when it ended, and how long the server's fold took to catch up */
  fold?: { freshRows: number; seconds: number | null } | null;
}
interface Answer {
  name: string;
  p50ms: number;
  p95ms: number;
  plainP50ms: number | null;
  ratio: number | null;
  agree: boolean | null;
}
interface WebPage {
  name: string;
  scripts: number;
  jsGzipKB: number;
  usableP50ms: number;
}
interface Reported {
  step: string;
  scenario: string;
  label?: string | null;
  results?: Part[];
  answers?: Answer[];
  pages?: WebPage[];
  storedCases?: number;
  totalSeconds?: number;
  demoCitySeconds?: number;
  pointsPerSecond?: number;
}
const results: Reported[] = [];
let failed = 0;
for (const step of selected) {
  console.log(`\n== ${step.scenario}: ${step.file} ${step.args.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(SERVER_DIR, "bench", step.file), ...step.args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of (r.stdout ?? "").split("\n")) {
    if (line.startsWith("RESULT ")) results.push({ step: step.scenario, ...JSON.parse(line.slice(7)) });
    else if (line.trim()) console.log(line);
  }
  if (r.status !== 0) {
    failed++;
    console.error(`${step.file} failed (${r.status})`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The table

const cpu = cpus();
const machine = {
  host: hostname(),
  cpu: cpu[0]?.model.trim() ?? "unknown",
  cores: cpu.length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: spawnSync("psql", ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "",
};

const fmt = (n: unknown, digits = 0) =>
  typeof n === "number" && Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits }) : "–";
const rows: [string, string, string, string][] = [];
const verdict = (ok: boolean | null) => (ok === null ? "" : ok ? "met" : "not met");

const intakeRuns = results.filter((r) => r.scenario === "intake");
const run = (label: string) => intakeRuns.find((r) => r.label === label);
const part = (r: Reported | undefined, name: string) => r?.results?.find((x) => x.name === name);
const zero = run("0");
const intake0 = part(zero, "intake");
const floor = part(zero, "floor");
const pgbench = part(zero, "pgbench");
if (intake0) {
  const ok = intake0.perSecond >= 2000 && intake0.p99ms <= 50 && floor && intake0.perSecond >= 0.8 * floor.perSecond;
  rows.push([
    "intake on PostgreSQL, 50 connections",
    `${fmt(intake0.perSecond)} cases/s, p50 ${fmt(intake0.p50ms)} ms, p99 ${fmt(intake0.p99ms)} ms`,
    "≥ 2,000/s, p99 ≤ 50 ms, ≥ 0.8 × floor",
    verdict(!!ok),
  ]);
}
if (floor)
  rows.push([
    "floor: one row and one event in one transaction, same server",
    `${fmt(floor.perSecond)} req/s, p50 ${fmt(floor.p50ms)} ms, p99 ${fmt(floor.p99ms)} ms`,
    "",
    "",
  ]);
if (pgbench) rows.push(["pgbench, the floor's SQL, 50 clients", `${fmt(pgbench.perSecond)} tx/s`, "", ""]);
if (intake0 && floor)
  rows.push(["intake / floor", fmt(intake0.perSecond / floor.perSecond, 2), "≥ 0.8", verdict(intake0.perSecond >= 0.8 * floor.perSecond)]);
if (intake0 && pgbench) rows.push(["intake / pgbench", fmt(intake0.perSecond / pgbench.perSecond, 2), "", ""]);
const lite = part(run("pglite"), "intake");
if (lite) {
  rows.push([
    "intake on PGlite",
    `${fmt(lite.perSecond)} cases/s, p50 ${fmt(lite.p50ms)} ms, p99 ${fmt(lite.p99ms)} ms`,
    "≥ 1,000/s",
    verdict(lite.perSecond >= 1000),
  ]);
}
for (const label of ["0", "1M", "10M"]) {
  const i = part(run(label), "intake");
  if (i)
    rows.push([
      `growth: intake with ${fmt(i.storedCases)} cases stored`,
      `${fmt(i.perSecond)} cases/s, p99 ${fmt(i.p99ms)} ms` +
        (i.fold ? `; ${fmt(i.fold.freshRows)} rollup rows left unfolded at the end, folded ${fmt(i.fold.seconds, 1)} s later` : ""),
      "",
      "",
    ]);
}
const i10 = part(run("10M"), "intake");
if (intake0 && i10) {
  rows.push([
    "growth: intake at 10 M / at 0",
    fmt(i10.perSecond / intake0.perSecond, 2),
    "≥ 0.85",
    verdict(i10.perSecond >= 0.85 * intake0.perSecond),
  ]);
}
const cc = results.find((r) => r.scenario === "command-centre");
if (cc) {
  for (const a of cc.answers ?? []) {
    if (a.name.startsWith("rollup SQL")) continue;
    const ok = a.p95ms <= 100 && (a.ratio === null || a.ratio >= 10);
    rows.push([
      `command centre at ${fmt(cc.storedCases)} cases: ${a.name}`,
      `p50 ${fmt(a.p50ms, 1)} ms, p95 ${fmt(a.p95ms, 1)} ms` +
        (a.plainP50ms !== null
          ? `; plain GROUP BY p50 ${fmt(a.plainP50ms)} ms (× ${fmt(a.ratio, 1)}${a.agree ? ", same answer" : ""})`
          : ""),
      a.ratio === null ? "p95 ≤ 100 ms" : "p95 ≤ 100 ms, ≥ 10 × plain",
      verdict(ok),
    ]);
  }
}
const demo = results.find((r) => r.scenario === "demo-city");
if (demo) {
  rows.push([
    "demo city on PGlite (migrations, reference data, city)",
    `${fmt(demo.totalSeconds, 1)} s (city ${fmt(demo.demoCitySeconds, 1)} s)`,
    "≤ 60 s",
    verdict((demo.totalSeconds ?? Number.POSITIVE_INFINITY) <= 60),
  ]);
}
const loc = results.find((r) => r.scenario === "grid-location");
if (loc)
  rows.push([
    "grid location, one thread",
    `${fmt(loc.pointsPerSecond)} points/s`,
    "≥ 200,000/s",
    verdict((loc.pointsPerSecond ?? 0) >= 200_000),
  ]);
const web = results.find((r) => r.scenario === "web");
for (const p of web?.pages ?? []) {
  const resident = p.name.startsWith("resident");
  const ok = resident ? p.jsGzipKB <= 150 && p.usableP50ms <= 1000 : p.jsGzipKB <= 600 && p.usableP50ms <= 2000;
  rows.push([
    p.name,
    `${fmt(p.jsGzipKB, 1)} KB gzipped JS (${p.scripts} files), usable in ${fmt(p.usableP50ms)} ms (p50)`,
    resident ? "≤ 150 KB, ≤ 1 s" : "≤ 600 KB, ≤ 2 s",
    verdict(ok),
  ]);
}

const table = ["| figure | measured | target | |", "|---|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const date = new Date().toISOString().slice(0, 10);
const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB; Node ${machine.node}; ${machine.postgres}`;
console.log(`\n${machineLine}\n\n${table}`);

mkdirSync(join(ROOT, "bench/results"), { recursive: true });
// A partial or quick run keeps its own file, so it never replaces the record of a full run.
// A partial run is named after its scenarios, so that partial runs of one day keep one another too.
const suffix = only ? `-${[...only].sort().join("+")}` : "";
// A later run of the same day on the same machine is numbered after it, so no record is replaced.
const base = join(ROOT, "bench/results", `${date}-${machine.host}${suffix}${quick ? "-quick" : ""}`);
let file = `${base}.json`;
for (let n = 2; existsSync(file); n++) file = `${base}-${n}.json`;
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, quick, results, table: rows }, null, 2)}\n`);
console.log(`\nwritten ${file}`);

if (!values["no-docs"] && !only && !quick) {
  const docs = join(ROOT, "docs/BENCHMARKS.md");
  const text = readFileSync(docs, "utf8");
  const begin = "<!-- bench:table -->";
  const end = "<!-- /bench:table -->";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) {
    const block = `${begin}\nMeasured ${date} on ${machineLine} (\`${relative(ROOT, file)}\`).\n\n${table}\n${end}`;
    writeFileSync(docs, text.slice(0, i) + block + text.slice(j + end.length));
    console.log(`updated ${docs}`);
  }
}
process.exit(failed ? 1 : 0);
