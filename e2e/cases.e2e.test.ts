import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, inContext, loginConsole, PHONE, PHOTO, startHarness } from "./harness.js";

// The 民情 loop end to end: a resident reports a broken streetlight on the phone → the community triages it →
// the street whistles 城管 and hands the case to it → the department reports in and resolves it → the resident
// rates it satisfied → the community's assessment counts it.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const COMMUNITY = "150603002002"; // 神华康城社区, in 青春山街道
const DEPARTMENT = "康巴什区城市管理综合执法局";

function withContext<T>(
  options: Parameters<Harness["browser"]["newContext"]>[0],
  fn: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  return inContext(h, options, fn);
}

/** Opens an antd select and clicks the option whose text contains `text`. */
async function pick(page: Page, select: Locator, text: string, search?: string): Promise<void> {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", { hasText: text }).first().click();
}

/** Confirms the open antd modal and waits until it has closed. */
async function confirmModal(page: Page, within?: Locator): Promise<void> {
  const modal = within ?? page.locator(".ant-modal-wrap:visible .ant-modal").last();
  await modal.locator(".ant-modal-footer .ant-btn-primary").click();
  try {
    await modal.waitFor({ state: "hidden" });
  } catch (err) {
    // Name what the dialog says (the server's error) rather than only that it stayed open.
    const says = (await modal.textContent().catch(() => "")) ?? "";
    throw new Error(`the dialog stayed open: ${says}\n${String(err)}`);
  }
}

/** The case's timeline holds an entry with this text. */
async function timelineShows(page: Page, text: string): Promise<void> {
  await page.getByTestId("case-timeline").getByText(text).first().waitFor();
}

describe("the 民情 loop: a broken streetlight", () => {
  let trackingCode = "";
  let caseNumber = "";
  let caseUrl = "";

  it("a resident reports it on the phone, with a photo and the phone's location, and gets a tracking code", async () => {
    // The community's centre lies in one of its compound grids; the phone reports that position.
    const point = await centreOf(COMMUNITY);
    await withContext(
      { viewport: PHONE, geolocation: { latitude: point.lat, longitude: point.lng }, permissions: ["geolocation"] },
      async (page) => {
        await page.goto("/m/report");
        await page.getByTestId("report-page").waitFor();
        await page.getByTestId("report-category").selectOption({ label: "路灯损坏" });
        await page.getByTestId("attr-fault").locator("select").selectOption({ label: "不亮" });
        await page.getByTestId("report-description").fill("小区南门口的路灯好几天不亮了，晚上出门很黑，老人容易摔倒。");
        await page.getByTestId("report-photo-input").setInputFiles({ name: "streetlight.png", mimeType: "image/png", buffer: PHOTO });
        await page.getByTestId("locate").click();
        await page.waitForFunction(() => /\d+\.\d{5}, \d+\.\d{5}/.test(document.querySelector('[data-testid="point"]')?.textContent ?? ""));
        await page.getByTestId("report-name").locator("input").fill("王女士");
        await page.getByTestId("report-phone").locator("input").fill("13800138000");
        await h.screenshot(page, "cases-01-resident-report");
        await page.getByTestId("report-submit").click();
        await page.getByTestId("report-done").waitFor();
        trackingCode = ((await page.getByTestId("tracking-code").textContent()) ?? "").trim();
        expect(trackingCode).toMatch(/^[A-Z0-9]{8,}$/);
        const done = (await page.getByTestId("report-done").textContent()) ?? "";
        caseNumber = done.match(/MQ\d{8}-\d+/)?.[0] ?? "";
        expect(caseNumber).not.toBe("");
        // Located to the grid that holds the point.
        expect(done).toContain("网格");
        await h.screenshot(page, "cases-02-resident-tracking-code");

        await page.getByTestId("go-track").click();
        await page.getByTestId("track-status").waitFor();
        expect(await page.getByTestId("track-status").textContent()).toContain("已收到");
      },
    );
  });

  it("a resident without location on the phone picks the community, then the place on its grid map", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await page.goto("/m/report");
      await page.getByTestId("report-category").selectOption({ label: "路灯损坏" });
      await page.getByTestId("attr-fault").locator("select").selectOption({ label: "忽明忽暗" });
      await page.getByTestId("report-description").fill("广场东侧一排路灯忽明忽暗。");
      await page.getByTestId("place-area").click();
      await page.getByTestId("area-district").selectOption({ label: "康巴什区" });
      await page.getByTestId("area-street").selectOption({ label: "青春山街道" });
      await page.getByTestId("area-community").selectOption({ label: "神华康城社区" });
      // A tap in the middle of the map (the locator scrolls it into view first).
      await page.getByTestId("map-picker-svg").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="map-picked"]')?.textContent?.includes("网格"));
      await h.screenshot(page, "cases-01b-resident-map-pick");
      await page.getByTestId("report-anonymous").check();
      await page.getByTestId("report-submit").click();
      await page.getByTestId("report-done").waitFor();
      // The tapped point lies in one of the community's compound grids, which the case is located to.
      expect(await page.getByTestId("report-done").textContent()).toMatch(/小区网格|社区网格/);
    });
  });

  it("community staff log a resident's phone call and get the tracking code to pass on", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-community");
      await page.getByTestId("nav-cases").click();
      await page.getByTestId("case-intake").click();
      await page.getByTestId("intake-description").fill("居民来电：3号楼楼道灯坏了一个月，没人修。");
      await page.getByTestId("case-intake-modal").locator(".ant-modal-footer .ant-btn-primary").click();
      const code = page.getByTestId("intake-tracking-code");
      await code.waitFor();
      expect(((await code.textContent()) ?? "").trim()).toMatch(/^[A-Z0-9]{8,}$/);
      await h.screenshot(page, "cases-01c-staff-logs-call");
      await page.locator(".ant-modal-confirm .ant-btn-primary").click();
      await page.getByTestId("case-timeline").getByText("电话受理").first().waitFor();
    });
  });

  it("the community finds it on its workbench and triages it into the ledger", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-community");
      await page.getByTestId("nav-cases").click();
      const search = page.getByTestId("cases-search").locator("input");
      await search.fill(caseNumber);
      await search.press("Enter");
      await page.getByTestId("cases-table").locator("tr", { hasText: caseNumber }).getByTestId("case-link").click();
      await page.getByTestId("action-triage").waitFor();
      caseUrl = new URL(page.url()).pathname;
      expect(caseUrl).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
      await page.getByTestId("action-triage").click();
      // The proposal names the grid worker of the grid and a deadline in working time.
      await page.getByTestId("action-modal").getByText("网格员").first().waitFor();
      await h.screenshot(page, "cases-03-community-triage");
      await confirmModal(page);
      await page.getByTestId("action-assign").waitFor();
      await timelineShows(page, "分析交办");
    });
  });

  it("the street whistles 城管 on it and hands the case to the department", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-street");
      await page.goto(caseUrl);
      await page.getByTestId("blow-whistle").click();
      await pick(page, page.getByTestId("whistle-departments"), DEPARTMENT, "城市管理");
      await page.keyboard.press("Escape");
      await confirmModal(page);
      await timelineShows(page, "吹哨");

      await page.getByTestId("action-transfer").click();
      await pick(page, page.getByTestId("handler-kind"), "部门");
      await pick(page, page.getByTestId("handler-department"), DEPARTMENT, "城市管理");
      await page.getByTestId("action-text").fill("路灯属城管维护，请执法局派人维修。");
      await h.screenshot(page, "cases-04-street-transfer");
      await confirmModal(page);
      await page.getByText(DEPARTMENT).first().waitFor();
      await timelineShows(page, "转办");
    });
  });

  it("the department reports in on its task list, then accepts and resolves the case", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-department");
      await page.getByTestId("nav-whistle-tasks").click();
      const row = page.locator("tr", { has: page.locator(`a[href="${caseUrl}"]`) });
      for (const step of ["report-in", "sign", "contact"]) {
        await row.getByTestId(`task-${step}`).click();
        await confirmModal(page);
        await row.getByTestId(`task-${step}`).waitFor({ state: "detached" });
      }
      await h.screenshot(page, "cases-05-department-tasks");
      await row.getByTestId("task-result").click();
      const resultDialog = page.locator(".ant-modal", { has: page.getByTestId("task-note") });
      await resultDialog.getByTestId("task-note").fill("已派维修组更换灯泡和镇流器，路灯恢复照明。");
      await confirmModal(page, resultDialog);
      // With its result reported, the task leaves the open list.
      await row.waitFor({ state: "detached" });

      await page.goto(caseUrl);
      await page.getByTestId("action-accept").click();
      await confirmModal(page);
      // A work note with the service mode and a photo from the site.
      await page.getByTestId("action-note").click();
      await page.getByTestId("action-text").fill("维修组已到现场，更换灯泡和镇流器。");
      await pick(page, page.getByTestId("service-mode"), "组团服务");
      await page.locator(".ant-modal input[type=file]").setInputFiles({ name: "site.png", mimeType: "image/png", buffer: PHOTO });
      await page.locator(".ant-modal .ant-image img").first().waitFor();
      await confirmModal(page);
      await page.getByTestId("case-timeline").locator(".ant-image img").first().waitFor();
      await timelineShows(page, "组团服务");
      await page.getByTestId("action-resolve").click();
      await page.getByTestId("action-text").fill("已更换灯泡和镇流器，南门口路灯恢复照明。");
      await confirmModal(page);
      await timelineShows(page, "办结反馈");
      await h.screenshot(page, "cases-06-department-resolved");
    });
  });

  it("the resident sees each step in plain Chinese and rates the result satisfied", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await page.goto(`/m/track?code=${trackingCode}`);
      await page.getByTestId("track-steps").waitFor();
      const steps = (await page.getByTestId("track-steps").textContent()) ?? "";
      expect(steps).toContain(DEPARTMENT);
      await page.getByTestId("rate-satisfied").click();
      await page.getByTestId("rate-comment").fill("修得很快，谢谢！");
      await page.getByTestId("rate-submit").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="track-status"]')?.textContent?.includes("已办结"));
      await h.screenshot(page, "cases-07-resident-rated");
    });
  });

  it("the community's satisfaction rate counts it: the street drills down from 神华康城社区's figure to the case", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-street");
      // Today (China time): the seeded history ends at midnight, so today's ratings are the journey's own.
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      await page.goto(`/assessment?level=community&areaCode=150603002000&from=${today}&to=${today}`);
      const row = page.getByTestId("assessment-table").locator("tr", { hasText: "神华康城社区" });
      await row.getByTestId("numerator-satisfaction").click();
      const drawer = page.getByTestId("assessment-cases-drawer");
      await drawer.getByText(caseNumber).waitFor();
      await h.screenshot(page, "cases-08-assessment-drilldown");
    });
  });
});

/** The representative point of an area, read through the public locate-free path: the signed-in admin API. */
async function centreOf(code: string): Promise<{ lat: number; lng: number }> {
  const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "demo-admin", password: "gongzhi-demo-2026" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const res = await fetch(`${h.baseUrl}/api/v1/areas/${code}/detail`, { headers: { cookie } });
  const body = (await res.json()) as { lat: number; lng: number };
  return { lat: body.lat, lng: body.lng };
}
