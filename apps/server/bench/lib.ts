/**
 * What the benchmarks share: PostgreSQL databases of their own, the server started as a child process, and
 * percentiles. Everything listens and connects on 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(SERVER_DIR, "../..");

/** The local PostgreSQL server (trust authentication), overridable with BENCH_PG_URL. */
export const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function dbUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fixed personal-data key for the benchmark's databases (they hold only generated data). */
export const BENCH_DATA_KEY = createHash("sha256").update("gongzhi benchmark").digest("base64");

export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rows.length > 0);
}

export async function recreateDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Server {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the server (`src/server.ts`) with `env` on a port, and waits until /ready answers. */
export async function startServer(env: Record<string, string>, port: number, timeoutMs = 300_000): Promise<Server> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server there, to see where its time goes.
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
  const proc = spawn(process.execPath, [...prof, "--import", "tsx", join(SERVER_DIR, "src/server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOGIN_RATE_PER_MINUTE: "1000000",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`${url}/ready`);
      if (r.ok) break;
    } catch {}
    if (Date.now() - started > timeoutMs) {
      proc.kill("SIGKILL");
      throw new Error("server did not become ready");
    }
    await sleep(250);
  }
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null) return r();
        proc.once("exit", () => r());
        proc.kill("SIGTERM");
      }),
  };
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

/** Prints a result line the runner collects. */
export function report(result: Record<string, unknown>): void {
  console.log(`RESULT ${JSON.stringify(result)}`);
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Waits while the server's own fold works through the rollup rows written since its last fold, as a reader of the
 * database sees them: how many there were, and how long until none were left.
 */
export async function foldLag(url: string, timeoutMs = 300_000): Promise<{ freshRows: number; seconds: number | null }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const fresh = async () => (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM case_rollups WHERE NOT compacted")).rows[0]!.n;
    const t0 = performance.now();
    const freshRows = await fresh();
    for (let left = freshRows; left > 0; left = await fresh()) {
      if (performance.now() - t0 > timeoutMs) return { freshRows, seconds: null };
      await sleep(200);
    }
    return { freshRows, seconds: round((performance.now() - t0) / 1000, 1) };
  } finally {
    await c.end();
  }
}
