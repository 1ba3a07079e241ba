import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";

let t: TestContext;
let street: Agent;
let community: Agent;
let gridWorker: Agent;
const STREET = "150603002000";
const COMMUNITY = "150603002001";
const NEIGHBOUR = "150603002002";
const OTHER_STREET = "150603001000";
const OTHER_COMMUNITY = "150603001001";
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAreas(db, [
        { code: "150603000000" },
        { code: STREET },
        { code: COMMUNITY, name: "康城社区" },
        { code: NEIGHBOUR },
        { code: OTHER_STREET },
        { code: OTHER_COMMUNITY },
      ]);
      const gw = (username: string, areaCode: string, displayName: string) =>
        buildAccount(db, { username, roles: ["grid_worker"], areaCode, displayName });
      ids.own = await gw("gw-own", COMMUNITY, "网格员 赵玉兰");
      ids.neighbour = await gw("gw-neighbour", NEIGHBOUR, "网格员 钱明");
      ids.street = await gw("gw-street", STREET, "网格员 孙丽");
      ids.other = await gw("gw-other", OTHER_COMMUNITY, "网格员 李强");
      ids.disabled = await gw("gw-disabled", COMMUNITY, "网格员 周停");
      await db.query("UPDATE accounts SET status = 'disabled' WHERE id = $1", [ids.disabled]);
      ids.staff = await buildAccount(db, { username: "staff", roles: ["community_staff"], areaCode: COMMUNITY });
      await buildAccount(db, { username: "street", roles: ["street_staff"], areaCode: STREET });
    },
  });
  street = await loginAs(t.app, "street", TEST_PASSWORD);
  community = await loginAs(t.app, "staff", TEST_PASSWORD);
  gridWorker = await loginAs(t.app, "gw-own", TEST_PASSWORD);
});
afterAll(() => t.close());

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((w) => w.name).sort();

describe("GET /api/v1/case-handlers/grid-workers", () => {
  it("lists the active grid workers in the actor's scope, those bound to the smallest areas first, with their area", async () => {
    const res = await street.get("/api/v1/case-handlers/grid-workers");
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(["网格员 孙丽", "网格员 赵玉兰", "网格员 钱明"].sort());
    expect(res.body.items.map((w: { id: string }) => w.id)).toEqual([ids.own, ids.neighbour, ids.street]);
    expect(res.body.items[0]).toEqual({ id: ids.own, name: "网格员 赵玉兰", areaCode: COMMUNITY, areaName: "康城社区" });
  });

  it("narrows to those serving an area (bound to it or above it), those bound inside an area, or a name", async () => {
    expect(names(await street.get(`/api/v1/case-handlers/grid-workers?serving=${COMMUNITY}`))).toEqual(
      ["网格员 孙丽", "网格员 赵玉兰"].sort(),
    );
    expect(names(await street.get(`/api/v1/case-handlers/grid-workers?areaCode=${NEIGHBOUR}`))).toEqual(["网格员 钱明"]);
    expect(names(await street.get(`/api/v1/case-handlers/grid-workers?q=${encodeURIComponent("玉兰")}`))).toEqual(["网格员 赵玉兰"]);
    expect(names(await street.get("/api/v1/case-handlers/grid-workers?q=gw-neighbour"))).toEqual(["网格员 钱明"]);
    expect((await street.get("/api/v1/case-handlers/grid-workers?q=%25")).body.items).toEqual([]);
    expect((await street.get("/api/v1/case-handlers/grid-workers?pageSize=1")).body.items).toHaveLength(1);
  });

  it("never shows a grid worker outside the actor's scope", async () => {
    expect(names(await community.get("/api/v1/case-handlers/grid-workers"))).toEqual(["网格员 赵玉兰"]);
    expect((await community.get(`/api/v1/case-handlers/grid-workers?areaCode=${OTHER_COMMUNITY}`)).body.items).toEqual([]);
    expect((await street.get(`/api/v1/case-handlers/grid-workers?serving=${OTHER_COMMUNITY}`)).body.items).toEqual([]);
  });

  it("is for those who assign cases", async () => {
    expect((await anonymous(t.app).get("/api/v1/case-handlers/grid-workers")).status).toBe(401);
    expect((await gridWorker.get("/api/v1/case-handlers/grid-workers")).status).toBe(403);
  });

  it("answers bad input with a 400 in Chinese", async () => {
    const res = await street.get("/api/v1/case-handlers/grid-workers?serving=12&pageSize=0");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation.failed");
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(["querystring.pageSize", "querystring.serving"]);
    expect(res.body.details[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("lists ids the routing table and the case workflow accept as a grid worker handler", async () => {
    const serving = (await street.get(`/api/v1/case-handlers/grid-workers?serving=${COMMUNITY}`)).body.items as { id: string }[];
    for (const w of serving) {
      const res = await street.post("/api/v1/routing-rules", { areaCode: COMMUNITY, handlerKind: "grid_worker", handlerRef: w.id });
      expect(res.status).toBe(201);
    }
    const wrong = await street.post("/api/v1/routing-rules", {
      areaCode: COMMUNITY,
      handlerKind: "grid_worker",
      handlerRef: ids.neighbour,
    });
    expect(wrong.status).toBe(422);
  });
});
