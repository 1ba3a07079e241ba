import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type Harness, inContext, loginConsole, PHONE, PHOTO, startHarness } from "./harness.js";

// A micro-wish end to end: a resident posts a wish on the phone → the community publishes it in the console →
// a party member claims it on the phone page and fulfils it with a note and a photo → the resident confirms →
// the member's service page and points statement show it.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const SUFFIX = Date.now().toString(36);
const WISH = `一台带大字的收音机 ${SUFFIX}`;
const ACTIVITY = `楼道杂物清理 ${SUFFIX}`;

/** A time as the activity form takes it (the browser's local time), e.g. 2026-11-22 09:30. */
function pickerTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}`;
}

function withContext<T>(
  options: Parameters<Harness["browser"]["newContext"]>[0],
  fn: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  return inContext(h, options, fn);
}

/** Signs in on the phone entry and waits for its home page. */
async function loginPhone(page: Page, username: string): Promise<void> {
  await page.goto("/m/");
  await page.getByTestId("login-submit").waitFor();
  await page.getByTestId("login-username").locator("input").fill(username);
  await page.getByTestId("login-password").locator("input").fill(DEMO_PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("home-title").waitFor();
}

describe("a micro-wish and an hour of service, from the resident's phone to the member's points", () => {
  let wishUrl = "";
  /** The resident's name, which the wisher and staff see and nobody else. */
  let wisher = "";
  /** The member's verified hours before the activity. */
  let hoursBefore = 0;

  it("a resident posts a wish on the phone, without it showing who they are", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await loginPhone(page, "demo-resident");
      await page.getByTestId("serve-tiles").waitFor();
      await h.screenshot(page, "volunteers-01-resident-home");
      await page.getByTestId("tile-postWish").click();
      await page.getByTestId("wish-post-page").waitFor();
      // Nothing filled in: each required field says so, and nothing is sent.
      await page.getByTestId("wish-submit").click();
      await page.locator(".gz-field-error").first().waitFor();
      await page.getByTestId("wish-category").selectOption("elderly_alone");
      await page.getByTestId("wish-title").fill(WISH);
      await page.getByTestId("wish-description").fill("独居，眼睛不好，想听广播和戏曲，手机用不习惯。");
      await page.getByTestId("wish-value").fill("80");
      await h.screenshot(page, "volunteers-02-resident-post-wish");
      await page.getByTestId("wish-submit").click();
      await page.getByTestId("wish-posted").waitFor();
      await page.getByTestId("wish-posted-open").click();
      await page.getByTestId("wish-page").waitFor();
      expect(await page.getByTestId("wish-status").textContent()).toBe("待审核");
      wisher = ((await page.getByTestId("wish-wisher").textContent()) ?? "").trim();
      expect(wisher).not.toBe("");
      wishUrl = new URL(page.url()).pathname;
      expect(wishUrl).toMatch(/^\/m\/wishes\/[0-9a-f-]{36}$/);
    });
  });

  it("the community reviews and publishes it in the console", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-community");
      await page.getByTestId("nav-wishes").click();
      const row = page.getByTestId("wishes-table").locator("tr", { hasText: WISH });
      await row.waitFor();
      // Staff see who made the wish.
      expect(await row.textContent()).toContain(wisher);
      await h.screenshot(page, "volunteers-03-console-review-queue");
      await row.getByTestId("wish-review").click();
      await page.getByTestId("wish-review-modal-yes").waitFor();
      await page.waitForTimeout(300);
      await h.screenshot(page, "volunteers-04-console-review");
      await page.getByTestId("wish-review-modal-yes").click();
      await row.waitFor({ state: "detached" });
      // Now among the unclaimed.
      await page.getByTestId("wish-views").getByText("待认领").click();
      await page.getByTestId("wishes-table").locator("tr", { hasText: WISH }).waitFor();
      await h.screenshot(page, "volunteers-05-console-unclaimed");
    });
  });

  it("a party member claims it on the phone; a volunteer a moment too late is told so in plain Chinese", async () => {
    const late = await h.browser.newContext({ locale: "zh-CN", baseURL: h.baseUrl, viewport: PHONE });
    try {
      // A volunteer opens the same wish while it is still open.
      const other = await late.newPage();
      await loginPhone(other, "demo-volunteer");
      await other.goto(wishUrl);
      await other.getByTestId("claim-form").waitFor();

      await withContext({ viewport: PHONE }, async (page) => {
        await loginPhone(page, "demo-party");
        await page.getByTestId("serve-tiles").waitFor();
        await h.screenshot(page, "volunteers-06-member-home");
        await page.getByTestId("tile-claimWishes").click();
        await page.getByTestId("wishes-page").waitFor();
        const item = page.getByTestId("wish-item").filter({ hasText: WISH });
        await item.waitFor();
        await h.screenshot(page, "volunteers-07-member-wishes");
        await item.click();
        await page.getByTestId("claim-form").waitFor();
        // The published wish does not say who made it.
        expect(await page.getByTestId("wish-page").textContent()).not.toContain(wisher);
        await h.screenshot(page, "volunteers-08-member-wish");
        await page.getByTestId("wish-claim").click();
        await page.getByTestId("fulfil-form").waitFor();
        expect(await page.getByTestId("wish-status").textContent()).toBe("已认领");

        // The volunteer's claim comes second: a clear message, and the page shows the wish as claimed.
        await other.getByTestId("wish-claim").click();
        const error = other.getByTestId("claim-error");
        await error.waitFor();
        expect(await error.textContent()).toContain("已被他人认领");
        await other.getByTestId("wish-status").filter({ hasText: "已认领" }).waitFor();
        await h.screenshot(other, "volunteers-09-late-claim");

        await page.getByTestId("fulfil-note").fill("已送去收音机并调好了常听的频道，教会了老人使用。");
        await page.getByTestId("fulfil-photo-input").setInputFiles({ name: "radio.png", mimeType: "image/png", buffer: PHOTO });
        await page.locator(".gz-photo img").first().waitFor();
        await h.screenshot(page, "volunteers-10-member-fulfil");
        await page.getByTestId("wish-fulfil").click();
        await page.getByTestId("wish-fulfilment").waitFor();
        expect(await page.getByTestId("wish-status").textContent()).toBe("已实现待确认");
      });
    } finally {
      await late.close();
    }
  });

  it("the resident confirms the wish came true", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await loginPhone(page, "demo-resident");
      await page.getByTestId("tile-myWishes").click();
      await page.getByTestId("wish-item").filter({ hasText: WISH }).click();
      await page.getByTestId("confirm-form").waitFor();
      await page.getByTestId("wish-fulfilment").locator("img").first().waitFor();
      await h.screenshot(page, "volunteers-11-resident-confirm");
      await page.getByTestId("confirm-comment").fill("谢谢党员同志！");
      await page.getByTestId("wish-confirm").click();
      await page.getByTestId("wish-done").waitFor();
      expect(await page.getByTestId("wish-status").textContent()).toBe("已完成");
    });
  });

  it("the community publishes an activity under way in the console", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-community");
      await page.getByTestId("nav-volunteer-activities").click();
      await page.getByTestId("activity-create").click();
      await page.getByTestId("activity-title").fill(ACTIVITY);
      await page.getByTestId("activity-area").click();
      await page.locator(".ant-select-tree-node-content-wrapper", { hasText: "神华康城社区" }).first().click();
      await page.getByTestId("activity-place").fill("神华康城5号楼各单元楼道");
      const inputs = page.locator(".ant-modal .ant-picker-range input");
      const now = Date.now();
      await inputs.nth(0).click();
      await inputs.nth(0).fill(pickerTime(new Date(now - 10 * 60_000)));
      await inputs.nth(0).press("Enter");
      await inputs.nth(1).fill(pickerTime(new Date(now + 120 * 60_000)));
      await inputs.nth(1).press("Enter");
      await h.screenshot(page, "volunteers-12-console-new-activity");
      const modal = page.locator(".ant-modal-wrap:visible .ant-modal").last();
      await modal.locator(".ant-modal-footer .ant-btn-primary").click();
      await modal.waitFor({ state: "hidden" });
      await page.getByTestId("activity-link").filter({ hasText: ACTIVITY }).waitFor();
    });
  });

  it("the party member signs up on the phone", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await loginPhone(page, "demo-party");
      await page.goto("/m/my-service");
      hoursBefore = Number(await page.getByTestId("verified-hours").textContent());
      await page.goto("/m/");
      await page.getByTestId("tile-activities").click();
      await page.getByTestId("activity-item").filter({ hasText: ACTIVITY }).click();
      await page.getByTestId("activity-signup").click();
      // Under way: signed up, and no longer able to withdraw.
      await page.getByTestId("activity-page").getByText("已报名").first().waitFor();
      expect(await page.getByTestId("activity-signup").count()).toBe(0);
      await h.screenshot(page, "volunteers-13-member-signed-up");
    });
  });

  it("the community records attendance with the actual service time, travel apart, and verifies the hours", async () => {
    await withContext({}, async (page) => {
      await loginConsole(page, "demo-community");
      await page.goto("/volunteer-activities");
      await page.getByTestId("activity-link").filter({ hasText: ACTIVITY }).click();
      const row = page.getByTestId("signups-table").locator("tr.ant-table-row").first();
      await row.waitFor();
      await row.getByTestId("service-minutes").fill("90");
      await row.getByTestId("travel-minutes").fill("25");
      await page.getByTestId("save-attendance").click();
      await page.getByText("出勤和服务时长已保存").waitFor();
      await page.getByTestId("verify-hours").click();
      await page.locator(".ant-popconfirm:visible .ant-btn-primary").click();
      await page.getByText(/已核实 1 人/).waitFor();
      await h.screenshot(page, "volunteers-14-console-attendance");
    });
  });

  it("the member's service page and points statement show it", async () => {
    await withContext({ viewport: PHONE }, async (page) => {
      await loginPhone(page, "demo-party");
      await page.getByTestId("tile-myService").click();
      await page.getByTestId("my-service-page").waitFor();
      // 90 minutes of service count; the 25 minutes of travel do not.
      await page
        .getByTestId("verified-hours")
        .filter({ hasText: String(Math.round((hoursBefore + 1.5) * 10) / 10) })
        .waitFor();
      await page.getByTestId("claimed-wish").filter({ hasText: WISH }).filter({ hasText: "已完成" }).waitFor();
      await h.screenshot(page, "volunteers-15-member-service");
      await page.goto("/m/my-points");
      await page.getByTestId("points-line-hours").waitFor();
      const line = page.getByTestId("points-line-wish");
      await line.waitFor();
      await line.locator("summary").click();
      await line.getByText(WISH).waitFor();
      const total = Number(await page.getByTestId("points-total").textContent());
      expect(total).toBeGreaterThan(0);
      await h.screenshot(page, "volunteers-16-member-points");
    });
  });
});
