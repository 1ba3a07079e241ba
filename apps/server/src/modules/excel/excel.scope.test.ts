import { inScope, scopePrefix } from "@gongzhi/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, buildPerson, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { buildGrid, rectangle } from "../grids/grids.factories.js";
import { download, sheetObjects } from "./excel.fixtures.js";

/**
 * Scope of the exports, as a property (the platform's scope probe reads JSON lists; these answer .xlsx): over
 * random trees of areas, an export never holds a row of an area outside the actor's scope, whatever the
 * filters, and holds every row of the scope the filters match.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ setup: async ({ db }) => buildCity(db) });
});
afterAll(() => t.close());

let districtSeq = 10;
let seq = 0;

/** A random tree under the city: districts with streets with communities. */
const treeArb = fc
  .array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 2 })
  .map((shape) =>
    shape.map((streets) => {
      const d = `1506${String(districtSeq++).padStart(2, "0")}`;
      return streets.map((n, si) => {
        const s = `${d}${String(si + 1).padStart(3, "0")}`;
        return { code: `${s}000`, communities: Array.from({ length: n }, (_, ci) => `${s}${String(ci + 1).padStart(3, "0")}`) };
      });
    }),
  );

/** Each export and the column holding a row's area code. */
const EXPORTS: { url: (other: string) => string[]; column: string }[] = [
  {
    url: (o) => ["/api/v1/units/export.xlsx", `/api/v1/units/export.xlsx?areaCode=${o}`, "/api/v1/units/export.xlsx?kind=shop"],
    column: "所属区划代码",
  },
  { url: (o) => ["/api/v1/grids/export.xlsx", `/api/v1/grids/export.xlsx?areaCode=${o}&level=community`], column: "所属区划代码" },
  { url: (o) => ["/api/v1/party-orgs/export.xlsx", `/api/v1/party-orgs/export.xlsx?areaCode=${o}`], column: "所属区划代码" },
  {
    url: (o) => ["/api/v1/people/export.xlsx", `/api/v1/people/export.xlsx?areaCode=${o}`, "/api/v1/people/export.xlsx?q=居民"],
    column: "所属区划代码",
  },
  { url: () => ["/api/v1/areas/export.xlsx", "/api/v1/areas/export.xlsx?q=区域"], column: "区划代码" },
];

describe("export scope", () => {
  it("an actor's export never holds another area's rows, and holds all of its own", async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        const streets = tree.flat();
        const communities = streets.flatMap((s) => s.communities);
        await buildAreas(t.db, [
          ...tree.map((d) => ({ code: `${d[0]!.code.slice(0, 6)}000000` })),
          ...streets.map((s) => ({ code: s.code })),
          ...communities.map((code) => ({ code })),
        ]);
        for (const c of communities) {
          await buildPerson(t.deps, { name: `居民${seq}`, areaCode: c, phone: `139${String(10_000_000 + seq).slice(-8)}` });
          await t.db.query("INSERT INTO units (name, kind, area_code) VALUES ($1, 'shop', $2)", [`商店${seq}`, c]);
          await t.db.query("INSERT INTO party_orgs (name, kind, area_code) VALUES ($1, 'community_committee', $2)", [`党委${seq}`, c]);
          const x = 100 + (seq % 10_000) / 100;
          await buildGrid(t.db, { code: `EX-${seq}`, areaCode: c, geometry: rectangle(x, 30, x + 0.005, 30.005) });
          seq++;
        }
        const n = seq++;
        const community = communities[0]!;
        const street = streets[0]!.code;
        await buildAccount(t.db, { username: `c${n}`, roles: ["community_staff"], areaCode: community });
        await buildAccount(t.db, { username: `s${n}`, roles: ["street_staff"], areaCode: street });
        const agents: [Agent, string][] = [
          [await loginAs(t.app, `c${n}`, TEST_PASSWORD), community],
          [await loginAs(t.app, `s${n}`, TEST_PASSWORD), street],
        ];
        const other = communities.at(-1)!;
        for (const [agent, scope] of agents) {
          for (const e of EXPORTS) {
            for (const url of e.url(other)) {
              const d = await download(t.app, agent, url);
              expect(d.status, url).toBe(200);
              for (const row of sheetObjects(d.workbook!.worksheets[0]!, 3)) {
                expect(inScope(scope, row[e.column]!), `${url} leaked ${row[e.column]} to ${scope}`).toBe(true);
              }
            }
          }
          // And the unfiltered export holds every unit of the scope.
          const units = sheetObjects((await download(t.app, agent, "/api/v1/units/export.xlsx")).workbook!.worksheets[0]!, 3);
          const expected = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM units WHERE area_code LIKE $1", [
            `${scopePrefix(scope)}%`,
          ]);
          expect(units).toHaveLength(expected.rows[0]!.n);
        }
      }),
      { numRuns: 6 },
    );
  });
});
