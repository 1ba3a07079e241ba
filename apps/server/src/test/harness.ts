import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type App, type BuildOptions, buildApp } from "../app.js";
import { type Config, loadConfig } from "../config.js";
import { type Db, openPg, wrapPglite } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import type { Deps } from "../platform/context.js";
import { createVault } from "../platform/crypto.js";

/**
 * Test databases. On PGlite (default) one migrated instance per worker is cloned for each test; with
 * TEST_DATABASE_URL (set by `npm run test:pg`) each test gets its own database made from a migrated template.
 */
let pgliteBase: Promise<PGlite> | null = null;
let pgTemplate: Promise<string> | null = null;

const serverUrl = () => process.env.TEST_DATABASE_URL;

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl(serverUrl()!) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function dbUrl(name: string): string {
  const u = new URL(serverUrl()!);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated, empty database, and how to drop it. */
export async function freshDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (!serverUrl()) {
    pgliteBase ??= (async () => {
      const base = await PGlite.create({ parsers: { 20: Number, 1700: Number } });
      await migrate(wrapPglite(base));
      return base;
    })();
    const clone = await (await pgliteBase).clone();
    const db = wrapPglite(clone);
    return { db, drop: () => db.close() };
  }
  pgTemplate ??= (async () => {
    const name = `gz_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const db = await openPg(dbUrl(name), 2);
    await migrate(db);
    await db.close();
    process.on("exit", () => {});
    return name;
  })();
  const template = await pgTemplate;
  const name = `gz_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const db = await openPg(dbUrl(name), 5);
  return {
    db,
    drop: async () => {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

/** A configuration for tests: no demo seeding at boot, fast limits, generous login rate. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    DATA_DIR: "/tmp/gongzhi-test",
    LOGIN_RATE_PER_MINUTE: "100000",
    ...overrides,
  });
}

export interface TestContext {
  deps: Deps;
  db: Db;
  app: App;
  /** Log lines the app wrote (when built with logs captured). */
  logs: string[];
  close(): Promise<void>;
}

/** Builds the app on a fresh database. `setup` runs on the deps before the app is built (seed data). */
export async function createTestContext(
  opts: { config?: Record<string, string>; captureLogs?: boolean; build?: BuildOptions; setup?: (deps: Deps) => Promise<unknown> } = {},
): Promise<TestContext> {
  const { db, drop } = await freshDb();
  const config = testConfig({ ...(opts.captureLogs ? { LOG_LEVEL: "info" } : {}), ...opts.config });
  const deps: Deps = { config, db, vault: createVault(randomBytes(32)) };
  if (opts.setup) await opts.setup(deps);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp(deps, { ...(opts.captureLogs ? { logStream, requestLogging: true } : {}), ...opts.build });
  return {
    deps,
    db,
    app,
    logs,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export interface Response {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** A logged-in client of the app: carries the session cookie and the CSRF token like the web app. */
export interface Agent {
  csrf: string | null;
  cookie: string | null;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  delete(url: string): Promise<Response>;
}

/** An agent with no session yet. */
export function anonymous(app: App): Agent {
  const agent: Agent = {
    csrf: null,
    cookie: null,
    async request(method, url, body, headers = {}) {
      const h: Record<string, string> = { ...headers };
      if (agent.cookie) h.cookie = agent.cookie;
      if (agent.csrf && !("x-csrf-token" in h)) h["x-csrf-token"] = agent.csrf;
      const res = await app.inject({ method: method as "GET", url, payload: body as object, headers: h });
      const set = res.cookies.find((c) => c.name === "gz_session");
      if (set) agent.cookie = set.value ? `gz_session=${set.value}` : null;
      let parsed: unknown = res.body;
      try {
        parsed = res.body ? JSON.parse(res.body) : null;
      } catch {}
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    get: (url, headers) => agent.request("GET", url, undefined, headers),
    post: (url, body, headers) => agent.request("POST", url, body ?? {}, headers),
    patch: (url, body) => agent.request("PATCH", url, body ?? {}),
    delete: (url) => agent.request("DELETE", url),
  };
  return agent;
}

/** Logs in and returns the agent; throws when the login fails. */
export async function loginAs(app: App, username: string, password: string): Promise<Agent> {
  const agent = anonymous(app);
  const res = await agent.post("/api/v1/auth/login", { username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  agent.csrf = res.body.csrfToken;
  return agent;
}
