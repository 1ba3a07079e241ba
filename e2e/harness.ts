// Starts the real server (fresh data directory, embedded PGlite unless DATABASE_URL is set) and a headless
// Chromium, for browser journeys. One harness per test file; call stop() in afterAll.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, "..");
export const SCREENSHOT_DIR = join(here, "screenshots");
export const DEMO_PASSWORD = "gongzhi-demo-2026";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) with one page. */
  newPage(options?: { viewport?: { width: number; height: number }; language?: "zh-CN" | "en" }): Promise<{
    context: BrowserContext;
    page: Page;
  }>;
  /** Saves a full-page screenshot to e2e/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Server output so far, for failure messages. */
  serverLog(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForReady(baseUrl: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after ${timeoutMs} ms\n${log()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Starts server and browser. The server seeds the demo city on first start (about 10–30 s). */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(REPO_ROOT, "apps/web/dist/index.html"))) {
    throw new Error("apps/web/dist is missing: run `npm run build` before the browser journeys");
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "gongzhi-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/server.ts"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const log = () => output;

  let browser: Browser | undefined;
  try {
    await waitForReady(baseUrl, child, log, 240_000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
  } catch (err) {
    await browser?.close().catch(() => {});
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const launched = browser;
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  return {
    baseUrl,
    browser: launched,
    async newPage(options = {}) {
      const context = await launched.newContext({
        viewport: options.viewport ?? DESKTOP,
        locale: "zh-CN",
        baseURL: baseUrl,
      });
      if (options.language) {
        await context.addInitScript((lang) => window.localStorage.setItem("gongzhi.lang", lang), options.language);
      }
      const page = await context.newPage();
      return { context, page };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    serverLog: log,
    async stop() {
      await launched.close().catch(() => {});
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the staff console's login page and waits for the home page. */
export async function loginConsole(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("home-title").waitFor();
}

/** A 1×1 PNG, standing in for a photo taken on a phone. */
export const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** Runs `fn` with a page of a fresh browser context (desktop size and Chinese unless `options` say otherwise), then closes it. */
export async function inContext<T>(
  h: Harness,
  options: Parameters<Browser["newContext"]>[0],
  fn: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await h.browser.newContext({ locale: "zh-CN", baseURL: h.baseUrl, viewport: DESKTOP, ...options });
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}
