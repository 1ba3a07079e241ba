/**
 * The web pages: the gzipped JavaScript each page loads (every script the browser fetched while loading it, measured
 * on the built files), and the time from navigation until the page is usable in headless Chromium with a cold cache
 * — the resident's report page on a phone (its category list filled in) and the staff workbench (the ledger's first
 * rows shown). The server runs on the demo city built by bench/demo-city.ts.
 *
 *   node --import tsx apps/server/bench/web.ts --dir /tmp/gongzhi-bench/pglite [--build] [--runs 5]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { percentile, ROOT, report, round, startServer } from "./lib.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "/tmp/gongzhi-bench/pglite" },
    build: { type: "boolean", default: false },
    runs: { type: "string", default: "5" },
    port: { type: "string", default: "3473" },
  },
});
const runs = Number(values.runs);
const DIST = join(ROOT, "apps/web/dist");
const PASSWORD = process.env.DEMO_PASSWORD ?? "gongzhi-demo-2026";

if (values.build || !existsSync(join(DIST, "index.html"))) {
  // The build's own output goes to stderr, so that the runner's output stays the benchmark's.
  const r = spawnSync("npm", ["run", "build", "-w", "apps/web"], { cwd: ROOT, stdio: ["ignore", 2, 2] });
  if (r.status !== 0 && !existsSync(join(DIST, "index.html"))) process.exit(r.status ?? 1);
  if (r.status !== 0) console.error("the web build failed: measuring the build already in apps/web/dist");
}

const gz = (path: string) => gzipSync(readFileSync(join(DIST, path))).length;

interface PageSpec {
  name: string;
  user: string;
  url: string;
  viewport: { width: number; height: number };
  usable: (page: Page) => Promise<unknown>;
}

const PAGES: PageSpec[] = [
  {
    name: "resident report page (phone)",
    user: "demo-resident",
    url: "/m/report",
    viewport: { width: 390, height: 844 },
    usable: (page) => page.waitForFunction(() => document.querySelectorAll('[data-testid="report-category"] option').length > 1),
  },
  {
    name: "staff workbench (console)",
    user: "demo-community",
    url: "/cases",
    viewport: { width: 1280, height: 800 },
    usable: (page) => page.getByTestId("case-link").first().waitFor({ state: "visible" }),
  },
];

const server = await startServer({ DATA_DIR: values.dir!, SEED_DEMO: "false" }, Number(values.port));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });
const results: Record<string, unknown>[] = [];
try {
  for (const spec of PAGES) {
    const times: number[] = [];
    let scripts = new Set<string>();
    for (let i = 0; i < runs + 1; i++) {
      // A fresh context each time: a cold cache, as on a first visit.
      const context = await browser.newContext({ baseURL: server.url, locale: "zh-CN", viewport: spec.viewport });
      const login = await context.request.post("/api/v1/auth/login", { data: { username: spec.user, password: PASSWORD } });
      if (!login.ok()) throw new Error(`login ${spec.user}: ${login.status()}`);
      const page = await context.newPage();
      const seen = new Set<string>();
      page.on("response", (res) => {
        const u = new URL(res.url());
        if (u.pathname.endsWith(".js")) seen.add(u.pathname);
      });
      const t = performance.now();
      await page.goto(spec.url, { waitUntil: "commit" });
      await spec.usable(page);
      const ms = performance.now() - t;
      // The first visit warms the server (its caches, the JIT); the rest are measured.
      if (i > 0) times.push(ms);
      scripts = seen;
      await context.close();
    }
    const files = [...scripts].map((p) => p.replace(/^\//, ""));
    const row = {
      name: spec.name,
      scripts: files.length,
      jsGzipKB: round(files.reduce((s, f) => s + (existsSync(join(DIST, f)) ? gz(f) : 0), 0) / 1024, 1),
      usableP50ms: round(percentile(times, 50)),
      usableMaxMs: round(Math.max(...times)),
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  await browser.close();
  await server.stop();
}
report({ scenario: "web", pages: results });
