import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUnit, TEST_PASSWORD } from "../../test/factories.js";
import { createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildRegistryFixture, COMMUNITY, COMPOUND, DISTRICT, FAR, OTHER, STREET } from "../../test/registry-fixture.js";
import type { UnitKind } from "../units/units.repository.js";

const S1 = STREET;
const C1 = COMMUNITY;
const C1_COMPOUND = COMPOUND;
const C2 = OTHER;
const C3 = FAR;

/** [area, kind, own, joint, none]: the fixture the expected rates below are worked out from by hand. */
const FIXTURE: [string, UnitKind, number, number, number][] = [
  [C1, "private", 1, 1, 1],
  [C1_COMPOUND, "private", 1, 0, 0],
  [C1, "shop", 0, 1, 3],
  [C1, "social_org", 1, 0, 0],
  [C2, "private", 0, 0, 2],
  [C2, "government", 1, 0, 0],
  [C3, "private", 1, 0, 1],
  [C3, "shop", 0, 0, 5],
  [C3, "university", 1, 0, 0],
];

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    setup: async ({ db }) => {
      await buildRegistryFixture(db, { accounts: ["worker", "street", "leader"] });
      let n = 0;
      for (const [area, kind, own, joint, none] of FIXTURE) {
        for (const [status, count] of [
          ["own", own],
          ["joint", joint],
          ["none", none],
        ] as const) {
          for (let i = 0; i < count; i++) await buildUnit(db, { name: `单位${n++}`, areaCode: area, kind, partyStatus: status });
        }
      }
    },
  });
});
afterAll(() => t.close());

const zero = { units: 0, own: 0, joint: 0, none: 0, rate: null };
const row = (kind: string, units: number, own: number, joint: number, none: number, rate: number | null) => ({
  kind,
  units,
  own,
  joint,
  none,
  rate,
});

describe("party organisation coverage", () => {
  it("a community: its compound's units included; rate = (own + joint) / units by kind", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    const res = await a.get("/api/v1/stats/coverage");
    expect(res.status).toBe(200);
    expect(res.body.areaCode).toBe(C1);
    expect(res.body.rows).toEqual([
      row("resident_unit", 0, 0, 0, 0, null),
      row("government", 0, 0, 0, 0, null),
      row("soe", 0, 0, 0, 0, null),
      row("university", 0, 0, 0, 0, null),
      row("private", 4, 2, 1, 1, 0.75),
      row("social_org", 1, 1, 0, 0, 1),
      row("shop", 4, 0, 1, 3, 0.25),
    ]);
    expect(res.body.total).toEqual({ units: 9, own: 3, joint: 2, none: 4, rate: 5 / 9 });
  });

  it("a street: both its communities", async () => {
    const a = await loginAs(t.app, "street", TEST_PASSWORD);
    const res = await a.get(`/api/v1/stats/coverage?areaCode=${S1}`);
    const byKind = Object.fromEntries(res.body.rows.map((r: { kind: string }) => [r.kind, r]));
    expect(byKind.private).toEqual(row("private", 6, 2, 1, 3, 0.5));
    expect(byKind.shop).toEqual(row("shop", 4, 0, 1, 3, 0.25));
    expect(byKind.government).toEqual(row("government", 1, 1, 0, 0, 1));
    expect(byKind.university).toEqual(row("university", ...([0, 0, 0, 0, null] as const)));
    expect(res.body.total).toEqual({ units: 12, own: 4, joint: 2, none: 6, rate: 0.5 });
    // One community of the street, and an empty compound.
    expect((await a.get(`/api/v1/stats/coverage?areaCode=${C2}`)).body.total).toEqual({ units: 3, own: 1, joint: 0, none: 2, rate: 1 / 3 });
    expect((await a.get(`/api/v1/stats/coverage?areaCode=${C1_COMPOUND}`)).body.total).toEqual({
      units: 1,
      own: 1,
      joint: 0,
      none: 0,
      rate: 1,
    });
  });

  it("a district, as a city leader sees it", async () => {
    const a = await loginAs(t.app, "leader", TEST_PASSWORD);
    const res = await a.get(`/api/v1/stats/coverage?areaCode=${DISTRICT}`);
    const byKind = Object.fromEntries(res.body.rows.map((r: { kind: string }) => [r.kind, r]));
    expect(byKind.private).toEqual(row("private", 8, 3, 1, 4, 0.5));
    expect(byKind.shop).toEqual(row("shop", 9, 0, 1, 8, 1 / 9));
    expect(byKind.university).toEqual(row("university", 1, 1, 0, 0, 1));
    expect(byKind.soe).toEqual({ kind: "soe", ...zero });
    expect(res.body.total).toEqual({ units: 20, own: 6, joint: 2, none: 12, rate: 0.4 });
    // The leader's own scope, the city, by default.
    expect((await a.get("/api/v1/stats/coverage")).body).toMatchObject({ areaCode: "150600000000", total: { units: 20, rate: 0.4 } });
  });

  it("an area outside the scope, or unknown, answers 404", async () => {
    const a = await loginAs(t.app, "worker", TEST_PASSWORD);
    expect((await a.get(`/api/v1/stats/coverage?areaCode=${S1}`)).status).toBe(404);
    expect((await a.get(`/api/v1/stats/coverage?areaCode=${C2}`)).status).toBe(404);
    expect((await a.get("/api/v1/stats/coverage?areaCode=150603002009")).status).toBe(404);
  });
});
