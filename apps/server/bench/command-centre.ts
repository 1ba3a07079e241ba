/**
 * The command centre on a large database: p50/p95 of what the command-centre and assessment pages ask, through
 * HTTP as the city's leader (answered from the rollups), and the same answers computed by plain GROUP BY over the
 * cases and their events in the same run, with the ratio, and whether both agree.
 *
 *   node --import tsx apps/server/bench/command-centre.ts --db gongzhi_bench_10m [--reps 40] [--plain-reps 3]
 */
import { parseArgs } from "node:util";
import { openPg } from "../src/db/client.js";
import { countsByKey } from "../src/modules/assessment/assessment.repository.js";
import { atLocal, localDate } from "../src/modules/calendar/working-time.js";
import { mondayOf } from "../src/modules/command-centre/command-centre.service.js";
import { plainPulse, plainWeek, rollupRateCounts, rollupWeek } from "../src/modules/command-centre/rollups.repository.js";
import { BENCH_DATA_KEY, dbUrl, foldLag, percentile, report, round, startServer } from "./lib.js";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "gongzhi_bench_10m" },
    reps: { type: "string", default: "40" },
    "plain-reps": { type: "string", default: "3" },
    port: { type: "string", default: "3472" },
  },
});
const reps = Number(values.reps);
const plainReps = Number(values["plain-reps"]);
const CITY = "1506";
const COMMUNITY = "150603002002";
const DAY = 86_400_000;
/** An answer of the API, as far as the comparisons read it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, compared field by field
type Json = Record<string, any>;

const now = new Date();
const today = localDate(now);
const from30 = localDate(new Date(now.getTime() - 29 * DAY));
// The last whole month, and last week.
const firstOfMonth = `${today.slice(0, 8)}01`;
const monthEnd = localDate(new Date(atLocal(firstOfMonth, 0).getTime() - DAY));
const monthStart = `${monthEnd.slice(0, 8)}01`;
const lastWeekDay = localDate(new Date(now.getTime() - 7 * DAY));
const monday = mondayOf(lastWeekDay);

async function time<T>(n: number, fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

const db = await openPg(dbUrl(values.db!), 2);
const stored = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases")).rows[0]!.n;
const events = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events")).rows[0]!.n;
const server = await startServer(
  { DATABASE_URL: dbUrl(values.db!), GONGZHI_DATA_KEY: BENCH_DATA_KEY, SEED_DEMO: "false" },
  Number(values.port),
);
const answers: Record<string, unknown>[] = [];
// Rollup rows an earlier intake left unfolded are folded by this server soon after it starts; the answers are
// measured once it has caught up (the intake runs record how long that takes after a burst).
const fold = await foldLag(dbUrl(values.db!));
console.log(JSON.stringify({ fold }));
try {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "demo-leader", password: process.env.DEMO_PASSWORD ?? "gongzhi-demo-2026" }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith("gz_session="))!
    .split(";")[0]!;
  const get = async (path: string) => {
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Json>;
  };

  const plainPeriod = (a: string, b: string) => ({ from: atLocal(a, 0), to: new Date(atLocal(b, 0).getTime() + DAY) });
  const cases: {
    name: string;
    http: () => Promise<Json>;
    plain: (() => Promise<unknown>) | null;
    agree?: (http: Json, plain: Json) => Promise<boolean>;
  }[] = [
    {
      name: "city summary (open, overdue, today, 30-day rates)",
      http: () => get("/api/v1/command-centre/summary"),
      plain: async () => ({
        pulse: await plainPulse(db, CITY, new Date()),
        counts: (await countsByKey(db, { ...plainPeriod(from30, today), areaPrefix: CITY, level: "scope" })).get("scope"),
      }),
      agree: async (h, p) => JSON.stringify(h.counts) === JSON.stringify(p.counts) && h.open === p.pulse.open,
    },
    {
      name: "streets for a month (three rates, score)",
      http: () => get(`/api/v1/assessment?level=street&from=${monthStart}&to=${monthEnd}`),
      plain: () => countsByKey(db, { ...plainPeriod(monthStart, monthEnd), areaPrefix: CITY, level: "street" }),
      agree: async (h, p) =>
        (h.items as Json[]).every((r) => (p.get(r.key)?.due ?? 0) === r.due && (p.get(r.key)?.solved ?? 0) === r.solved),
    },
    {
      name: "week: top categories and hot grids",
      http: () => get(`/api/v1/command-centre/week?day=${monday}`),
      plain: () => plainWeek(db, CITY, monday, 10),
      agree: async (h, p) =>
        h.total === p.total &&
        JSON.stringify((h.categories as Json[]).map((c) => c.count)) === JSON.stringify((p.categories as Json[]).map((c) => c.count)),
    },
    {
      name: "one community's ledger page",
      http: () => get(`/api/v1/cases?areaCode=${COMMUNITY}&page=1&pageSize=20`),
      plain: null,
    },
  ];
  // The rollups read directly too (no HTTP), for the record.
  const direct = {
    summaryRates: () => rollupRateCounts(db, { fromDay: from30, toDay: today, prefix: CITY, key: "scope" }),
    week: () => rollupWeek(db, CITY, monday, 10),
  };
  for (const c of cases) {
    await time(3, c.http);
    const h = await time(reps, c.http);
    let plain: { ms: number[]; last: unknown } | null = null;
    if (c.plain) plain = await time(plainReps, c.plain);
    const p50 = percentile(h.ms, 50);
    const p95 = percentile(h.ms, 95);
    const row = {
      name: c.name,
      p50ms: round(p50, 1),
      p95ms: round(p95, 1),
      plainP50ms: plain ? round(percentile(plain.ms, 50)) : null,
      plainP95ms: plain ? round(percentile(plain.ms, 95)) : null,
      ratio: plain ? round(percentile(plain.ms, 50) / p50, 1) : null,
      agree: plain && c.agree ? await c.agree(h.last, plain.last as Json) : null,
    };
    answers.push(row);
    console.log(JSON.stringify(row));
  }
  const d1 = await time(reps, direct.summaryRates);
  const d2 = await time(reps, direct.week);
  answers.push({ name: "rollup SQL alone: 30-day rates", p50ms: round(percentile(d1.ms, 50), 1), p95ms: round(percentile(d1.ms, 95), 1) });
  answers.push({ name: "rollup SQL alone: week", p50ms: round(percentile(d2.ms, 50), 1), p95ms: round(percentile(d2.ms, 95), 1) });
} finally {
  await server.stop();
  await db.close();
}
report({
  scenario: "command-centre",
  db: values.db,
  storedCases: stored,
  events,
  fold,
  month: [monthStart, monthEnd],
  week: monday,
  answers,
});
