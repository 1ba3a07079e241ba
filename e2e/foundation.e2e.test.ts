import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type Harness, loginConsole, PHONE, startHarness } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function withPage<T>(
  options: Parameters<Harness["newPage"]>[0],
  fn: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const { context, page } = await h.newPage(options);
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

describe("foundation: staff console", () => {
  it("a wrong password shows the server's Chinese message", async () => {
    await withPage({}, async (page) => {
      await page.goto("/login");
      await expect(page.getByTestId("login-title").textContent()).resolves.toBe("账号登录");
      await h.screenshot(page, "foundation-01-login");
      await page.getByTestId("login-username").fill("demo-community");
      await page.getByTestId("login-password").fill("not-the-password");
      await page.getByTestId("login-submit").click();
      const error = page.getByTestId("login-error");
      await error.waitFor();
      expect(await error.textContent()).toContain("用户名或密码错误");
      expect(new URL(page.url()).pathname).toBe("/login");
      await h.screenshot(page, "foundation-02-wrong-password");
    });
  });

  it("community staff log in, see their workbench, switch to English and log out", async () => {
    await withPage({}, async (page) => {
      await page.goto("/people");
      // Not signed in: the console sends us to the login page and remembers where we were going.
      await page.getByTestId("login-submit").waitFor();
      expect(new URL(page.url()).pathname).toBe("/login");

      await page.goto("/login");
      await loginConsole(page, "demo-community");
      const title = page.getByTestId("home-title");
      expect(await title.textContent()).toBe("社区工作台");
      expect(await page.getByTestId("header-scope").textContent()).toBe("神华康城社区");
      await page.getByTestId("stat-card").first().waitFor();
      await h.screenshot(page, "foundation-03-community-home-zh");

      // Only what the role may open is in the menu.
      await expect(page.getByTestId("nav-people").count()).resolves.toBe(1);
      await expect(page.getByTestId("nav-accounts").count()).resolves.toBe(0);

      await page.getByTestId("language-switch").click();
      await page.getByTestId("language-option-en").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="home-title"]')?.textContent === "Community workbench");
      expect(await title.textContent()).toBe("Community workbench");
      expect(await page.evaluate(() => window.localStorage.getItem("gongzhi.lang"))).toBe("en");
      await h.screenshot(page, "foundation-04-community-home-en");

      await page.getByTestId("user-menu").click();
      await page.getByTestId("logout").click();
      await page.getByTestId("login-submit").waitFor();
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(await page.getByTestId("login-title").textContent()).toBe("Sign in");
      await h.screenshot(page, "foundation-05-logged-out");

      // The session is really gone.
      const me = await page.request.get("/api/v1/me");
      expect(me.status()).toBe(401);
    });
  });

  it("the phone entry signs a grid worker in to their grid", async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto("/m/");
      await page.getByTestId("login-submit").waitFor();
      await page.getByTestId("login-username").locator("input").fill("demo-grid");
      await page.getByTestId("login-password").locator("input").fill(DEMO_PASSWORD);
      await page.getByTestId("login-submit").click();
      const title = page.getByTestId("home-title");
      await title.waitFor();
      expect(await title.textContent()).toBe("网格工作台");
      await page.getByTestId("people-total").filter({ hasText: /\d/ }).waitFor();
      await h.screenshot(page, "foundation-06-mobile-grid-home");
      await page.getByTestId("people-link").click();
      await page.getByTestId("person-item").first().waitFor();
      await h.screenshot(page, "foundation-07-mobile-people");
    });
  });
});
