import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The real server as `npm start` runs it: its own process, production settings, the demo city seeded on
 * first start. On PGlite by default; on a new database of the PostgreSQL server when TEST_DATABASE_URL is set.
 */
const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serverUrl = process.env.TEST_DATABASE_URL;
const DEMO_PASSWORD = "gongzhi-demo-2026";
/** A mainland mobile number or an 18-character ID number, not part of a longer run of digits (timestamps). */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const ID_NUMBER = /(?<!\d)\d{17}[\dX](?!\d)/;

let child: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let base: string;
let dataDir: string;
let dbName: string | null = null;
const stdout: string[] = [];
const stderr: string[] = [];

async function admin(sql: string) {
  const u = new URL(serverUrl!);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function collect(stream: NodeJS.ReadableStream | null, into: string[]) {
  let rest = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    into.push(...lines.filter(Boolean));
  });
  stream?.on("end", () => {
    if (rest) into.push(rest);
  });
}

const output = () => `--- stdout ---\n${stdout.slice(-40).join("\n")}\n--- stderr ---\n${stderr.slice(-40).join("\n")}`;

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
function client() {
  let cookie = "";
  let csrf = "";
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith("gz_session="));
    if (set) cookie = set.split(";")[0]!;
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    if (path === "/api/v1/auth/login" && res.status === 200) csrf = json.csrfToken;
    return { status: res.status, body: json, text };
  };
  return { call, get: (path: string) => call("GET", path), post: (path: string, body: unknown) => call("POST", path, body) };
}

async function waitUntilReady(deadline: number): Promise<void> {
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before it was ready\n${output()}`);
    try {
      const res = await fetch(`${base}/ready`);
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server was not ready in time (${last})\n${output()}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "gongzhi-server-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "GONGZHI_DATA_KEY", "TEST_DATABASE_URL", "WEB_DIST", "BODY_LIMIT_BYTES", "DEMO_PASSWORD"]) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    SEED_DEMO: "true",
  });
  if (serverUrl) {
    dbName = `gz_t_${process.pid}_srv_${randomBytes(4).toString("hex")}`;
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
    env.GONGZHI_DATA_KEY = randomBytes(32).toString("base64");
  }
  child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { cwd: SERVER_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  exited = new Promise((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
  collect(child.stdout, stdout);
  collect(child.stderr, stderr);
  // The first start seeds the demo city, which takes a while.
  await waitUntilReady(Date.now() + 170_000);
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the server process", () => {
  let phone = "";
  let idNumber = "";

  it("is ready on its database, with the demo city seeded on first start", async () => {
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: serverUrl ? "pg" : "pglite" });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it("lets the demo community worker log in and read residents, masked in lists", async () => {
    const c = client();
    const wrong = await c.post("/api/v1/auth/login", { username: "demo-community", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    const login = await c.post("/api/v1/auth/login", { username: "demo-community", password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ username: "demo-community", roles: ["community_staff"] });
    const me = await c.get("/api/v1/me");
    expect(me.status).toBe(200);

    const list = await c.get("/api/v1/people?pageSize=50");
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    for (const p of list.body.items as { phone: string | null; idNumber: string | null; masked: boolean }[]) {
      expect(p.masked).toBe(true);
      for (const v of [p.phone, p.idNumber]) if (v) expect(v).toContain("*");
    }
    const person = list.body.items.find((p: { phone: string | null; idNumber: string | null }) => p.phone && p.idNumber);
    expect(person).toBeTruthy();

    const open = await c.get(`/api/v1/people/${person.id}/personal-data`);
    expect(open.status).toBe(200);
    expect(open.body.masked).toBe(false);
    expect(open.body.phone).toMatch(PHONE);
    expect(open.body.idNumber).toMatch(ID_NUMBER);
    phone = open.body.phone;
    idNumber = open.body.idNumber;

    // Searching by phone or ID number puts them in the URL: the lookup works, the log must not keep them.
    const byPhone = await c.get(`/api/v1/people?q=${phone}`);
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.items.map((p: { id: string }) => p.id)).toContain(person.id);
    const byId = await c.get(`/api/v1/people?q=${idNumber}`);
    expect(byId.body.items.map((p: { id: string }) => p.id)).toContain(person.id);
  });

  it("keeps the personal-data key where the configuration says", () => {
    const keyFile = join(dataDir, "data.key");
    if (serverUrl) {
      // With a database server the key comes from GONGZHI_DATA_KEY and is never written to disk.
      expect(existsSync(keyFile)).toBe(false);
      return;
    }
    expect(existsSync(keyFile)).toBe(true);
    const st = statSync(keyFile);
    expect(st.mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64")).toHaveLength(32);
  });

  it("finishes the request in flight on SIGTERM, exits with 0, and never logged personal data", async () => {
    const c = client();
    expect((await c.post("/api/v1/auth/login", { username: "demo-community", password: DEMO_PASSWORD })).status).toBe(200);
    const seen = stdout.filter((l) => l.includes('"path":"/api/v1/people"')).length;
    const inFlight = c.get("/api/v1/people?pageSize=200");
    // Wait until the server has logged the request's arrival, then ask it to stop.
    for (let i = 0; i < 400 && stdout.filter((l) => l.includes('"path":"/api/v1/people"')).length === seen; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const exit = await exited;
    expect(exit, output()).toEqual({ code: 0, signal: null });

    expect(stdout.some((l) => l.includes("shutting down"))).toBe(true);
    expect(stdout.some((l) => l.includes('"path":"/api/v1/people/') && l.includes("personal-data"))).toBe(true);
    for (const line of [...stdout, ...stderr]) {
      // Bare JSON numbers (times, durations) can hold 11 digits by chance; personal data is always text.
      const text = line.replace(/":-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=[,}])/gi, '":0');
      expect(text).not.toMatch(PHONE);
      expect(text).not.toMatch(ID_NUMBER);
      expect(line).not.toContain(phone);
      expect(line).not.toContain(idNumber);
      expect(line).not.toContain(DEMO_PASSWORD);
      expect(line).not.toContain("?q=");
    }
  });
});
