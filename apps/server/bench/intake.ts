/**
 * Intake through HTTP: signed-in residents report problems at points across the demo city
 * (`POST /api/v1/cases/report` with their session cookie and CSRF token, an Idempotency-Key each), from this process
 * with autocannon, against the server in its own process. Everything a real case does happens: validation,
 * idempotency, locating the grid, the case and its first event, the reporter row, the audit entry, the notices to the
 * community's staff, the rollups. With `--floor`, the same run also measures the floor (POST /api/v1/bench/floor: one
 * row and one event in one transaction) and pgbench running the floor's SQL.
 *
 *   node --import tsx apps/server/bench/intake.ts --db gongzhi_bench_0 [--floor] [--duration 30] [--connections 50]
 *   node --import tsx apps/server/bench/intake.ts --pglite /tmp/gongzhi-bench-pglite
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Request, type Result } from "autocannon";
import { type Db, openPg, openPglite } from "../src/db/client.js";
import { currentGridIndex } from "../src/modules/grids/grid-index.js";
import { hashPassword } from "../src/platform/passwords.js";
import { BENCH_DATA_KEY, dbUrl, foldLag, report, round, SERVER_DIR, startServer } from "./lib.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    pglite: { type: "string" },
    floor: { type: "boolean", default: false },
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "50" },
    port: { type: "string", default: "3471" },
    label: { type: "string" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const RESIDENTS = 50;
const PASSWORD = "bench-resident-2026";

const TEXTS = [
  "小区门口路灯不亮，晚上出行不便",
  "楼道堆放杂物，堵住消防通道",
  "路边垃圾桶满了很久没人清理",
  "雨水井盖松动，车辆经过响声很大",
  "夜间施工噪音扰民，影响休息",
  "人行道地砖破损，老人容易绊倒",
  "共享单车乱停放堵住了盲道",
  "小区供水管道渗漏，地面一直有水",
];

/** Residents with accounts, reportable categories and points inside the city's lowest-level grids. */
async function prepare(db: Db) {
  const hash = await hashPassword(PASSWORD);
  await db.query(
    `INSERT INTO accounts (username, display_name, password_hash, roles)
     SELECT 'bench-resident-' || i, '居民' || i, $1, '{resident}' FROM generate_series(1, $2::int) i
      WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.username = 'bench-resident-' || i)`,
    [hash, RESIDENTS],
  );
  const cats = await db.query<{ code: string; attributes: { required?: boolean; variable?: boolean }[] }>(
    "SELECT code, attributes FROM case_categories WHERE public AND active AND parent_code IS NOT NULL ORDER BY code",
  );
  const categories = cats.rows.filter((c) => !(c.attributes ?? []).some((a) => a.required && a.variable)).map((c) => c.code);
  const index = await currentGridIndex(db);
  const boxes = (
    await db.query<{ b: number[] }>(
      "SELECT ARRAY[min_lng, min_lat, max_lng, max_lat] AS b FROM grids g WHERE NOT EXISTS (SELECT 1 FROM grids c WHERE c.parent_id = g.id)",
    )
  ).rows.map((r) => r.b);
  const points: { lng: number; lat: number }[] = [];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  while (points.length < 5000) {
    const b = boxes[Math.floor(rnd() * boxes.length)]!;
    const lng = b[0]! + rnd() * (b[2]! - b[0]!);
    const lat = b[1]! + rnd() * (b[3]! - b[1]!);
    if (index.locate(lng, lat)) points.push({ lng: round(lng, 6), lat: round(lat, 6) });
  }
  return { categories, points };
}

async function login(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("gz_session="))!
    .split(";")[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

function summarize(name: string, r: Result) {
  const ok = r["2xx"];
  const seconds = r.duration;
  return {
    name,
    connections,
    seconds: round(seconds, 1),
    requests: ok,
    errors: r.errors + r.timeouts + r.non2xx,
    perSecond: round(ok / seconds),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
  };
}

// ---------------------------------------------------------------------------------------------------------

const pgMode = !!values.db;
const setupDb = pgMode ? await openPg(dbUrl(values.db!), 2) : await openPglite(values.pglite!);
const { categories, points } = await prepare(setupDb);
const stored = (await setupDb.query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0]!.n;
if (pgMode && values.floor) await setupDb.exec(readFileSync(join(SERVER_DIR, "bench/floor.sql"), "utf8"));
await setupDb.close();

const server = await startServer(
  pgMode
    ? { DATABASE_URL: dbUrl(values.db!), GONGZHI_DATA_KEY: BENCH_DATA_KEY, BENCH_FLOOR: "true", SEED_DEMO: "false" }
    : { DATA_DIR: values.pglite!, SEED_DEMO: "false" },
  Number(values.port),
);
const results: Record<string, unknown>[] = [];
try {
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let i = 1; i <= RESIDENTS; i++) sessions.push(await login(server.url, `bench-resident-${i}`));
  let n = 0;
  const intakeRequest = (req: Request): Request => {
    const i = n++;
    const s = sessions[i % sessions.length]!;
    const p = points[i % points.length]!;
    const key = randomUUID();
    return {
      ...req,
      method: "POST",
      path: "/api/v1/cases/report",
      headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrf, "idempotency-key": key },
      body: JSON.stringify({ categoryCode: categories[i % categories.length], description: TEXTS[i % TEXTS.length], location: p }),
    };
  };
  // A short warm-up (the grid index, the JIT, the pools), then the measured run.
  await autocannon({ url: server.url, connections, duration: 3, requests: [{ setupRequest: intakeRequest }] });
  const intake = summarize(
    "intake",
    await autocannon({ url: server.url, connections, duration, requests: [{ setupRequest: intakeRequest }] }),
  );
  // How long the server's fold takes to catch up with the rollup rows the run wrote (before the floor runs).
  const fold = pgMode ? await foldLag(dbUrl(values.db!)) : null;
  results.push({ ...intake, storedCases: stored, fold });
  console.log(JSON.stringify({ ...intake, fold }));

  if (pgMode && values.floor) {
    const floorBody = JSON.stringify({ title: "floor", areaCode: "150603002002" });
    const floorReq = { method: "POST", path: "/api/v1/bench/floor", headers: { "content-type": "application/json" }, body: floorBody };
    await autocannon({ url: server.url, connections, duration: 3, requests: [floorReq] });
    const floor = summarize("floor", await autocannon({ url: server.url, connections, duration, requests: [floorReq] }));
    results.push(floor);
    console.log(JSON.stringify(floor));
    await server.stop();
    const pgbench = spawnSync(
      process.env.PGBENCH ?? "pgbench",
      [
        "-n",
        "-c",
        String(connections),
        "-j",
        "2",
        "-T",
        String(duration),
        "-f",
        join(SERVER_DIR, "bench/floor.pgbench"),
        dbUrl(values.db!),
      ],
      { encoding: "utf8" },
    );
    const tps = /tps = ([\d.]+)/.exec(pgbench.stdout)?.[1];
    const lat = /latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1];
    if (!tps) console.error(pgbench.stdout, pgbench.stderr);
    const pgb = { name: "pgbench", connections, seconds: duration, perSecond: round(Number(tps)), avgMs: Number(lat) };
    results.push(pgb);
    console.log(JSON.stringify(pgb));
  }
} finally {
  await server.stop();
}
report({ scenario: "intake", database: pgMode ? "postgresql" : "pglite", label: values.label ?? null, results });
