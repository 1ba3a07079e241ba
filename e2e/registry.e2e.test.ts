import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, loginConsole, PHONE, startHarness } from "./harness.js";

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

/** Waits until the ECharts map has drawn and clicks the middle of it. */
async function clickMapCentre(page: Page, testId = "grid-map"): Promise<void> {
  const canvas = page.getByTestId(`${testId}-canvas`);
  await page.locator(`[data-testid="${testId}-canvas"][data-ready="true"] canvas`).first().waitFor();
  // One frame for the boundaries to be laid out after the data arrives.
  await page.waitForTimeout(500);
  const box = await canvas.boundingBox();
  if (!box) throw new Error("the map has no size");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe("city registry: a street worker", () => {
  it("browses the street's communities, opens a community, a grid on the map, and exports the units", async () => {
    await withPage({}, async (page) => {
      await loginConsole(page, "demo-street");
      await expect(page.getByTestId("nav-grids").count()).resolves.toBe(1);
      await expect(page.getByTestId("nav-party-orgs").count()).resolves.toBe(1);
      await expect(page.getByTestId("nav-units").count()).resolves.toBe(1);

      // 区划: the street's communities under the street.
      await page.getByTestId("nav-areas").click();
      const children = page.getByTestId("area-children");
      await children.getByText("神华康城社区").waitFor();
      await h.screenshot(page, "registry-01-street-communities");

      // The community's own page: ancestors, figures, classifications, 三有, grid map and compounds.
      await children.locator("tr", { hasText: "神华康城社区" }).getByTestId("area-detail-link").click();
      await page.getByTestId("area-detail-page").waitFor();
      expect(await page.getByTestId("area-detail-title").textContent()).toContain("神华康城社区");
      expect(await page.getByTestId("area-detail-breadcrumb").textContent()).toContain("青春山街道");
      await page.getByTestId("figure-grids").waitFor();
      expect(await page.getByTestId("area-resources").textContent()).toContain("为民服务专项经费");
      await page.locator('[data-testid="area-map-canvas"][data-ready="true"] canvas').first().waitFor();
      await page.getByTestId("child-area-link").first().waitFor();
      await h.screenshot(page, "registry-02-community-detail");

      // 网格地图: click a grid, its drawer names it.
      await page.goto("/grids/map?areaCode=150603002002");
      await clickMapCentre(page);
      const name = page.getByTestId("grid-drawer-name");
      await name.waitFor();
      expect((await name.textContent())?.trim()).toMatch(/网格$/);
      // Let the drawer finish sliding in before the picture.
      await page.waitForTimeout(400);
      await h.screenshot(page, "registry-03-grid-map-drawer");
      await page.locator(".ant-drawer-close").click();

      // Locate a point: the result names the grid that holds it.
      await page.getByTestId("map-mode").getByText("定位").click();
      await clickMapCentre(page);
      await page.getByTestId("locate-open").waitFor();
      const located = (await page.getByTestId("locate-open").textContent())?.trim();
      await page.getByTestId("locate-open").click();
      await page.waitForFunction(
        (expected) => document.querySelector('[data-testid="grid-drawer-name"]')?.textContent?.trim() === expected,
        located,
      );
      await page.waitForTimeout(400);
      await h.screenshot(page, "registry-04-grid-locate");

      // 单位: the coverage panel and the Excel export of the list as filtered.
      await page.getByTestId("nav-units").click();
      await page.getByTestId("coverage-total-rate").waitFor();
      await page.getByTestId("unit-link").first().waitFor();
      await h.screenshot(page, "registry-05-units");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const file = join(tmpdir(), `gongzhi-units-${Date.now()}.xlsx`);
      await download.saveAs(file);
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    });
  });

  it("on the phone, the community page and the party organisations fit the screen", async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await loginConsole(page, "demo-community");
      await page.goto("/areas/150603002002");
      await page.getByTestId("area-detail-page").waitFor();
      await page.getByTestId("figure-people").waitFor();
      await h.screenshot(page, "registry-06-phone-community");
      await page.goto("/party-orgs?view=tree");
      await page.getByTestId("party-org-tree").waitFor();
      await h.screenshot(page, "registry-07-phone-party-org-tree");
      // No horizontal scrolling of the page itself (tables scroll inside their card).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
    });
  });
});
