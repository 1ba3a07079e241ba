import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { uuidv7 } from "../../platform/crypto.js";
import { buildAccount, buildAreas } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import type { CaseRow } from "./cases.repository.js";
import { type CaseInsert, CaseWriter, INSERT_CASES_AT_ONCE, insertCases } from "./intake.fast.js";
import { buildCaseWorld, type CaseWorld, COMMUNITY, FAR, NEIGHBOUR, OTHER_STREET, STREET } from "./intake.fixtures.js";
import { supervisorAccounts } from "./workflow.notify.js";

let t: TestContext;
let w: CaseWorld;

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      w = await buildCaseWorld(deps);
    },
  });
});
afterAll(() => t.close());

/** The database with a count of the group statements sent through it. */
function counted(db: Db): { db: Db; groups: number[] } {
  const groups: number[] = [];
  return {
    groups,
    db: {
      ...db,
      query: (sql, params) => {
        if (sql === INSERT_CASES_AT_ONCE) groups.push((JSON.parse(params![0] as string) as unknown[]).length);
        return db.query(sql, params);
      },
    },
  };
}

let seq = 0;
function newCase(over: Partial<CaseInsert> = {}): CaseInsert {
  const id = uuidv7();
  seq++;
  return {
    id,
    day: "20261122",
    tracking_code: `TEST${String(seq).padStart(6, "0")}`,
    idempotency_key: `report:writer-${id}`,
    fingerprint: "fp",
    external_id: null,
    channel: "resident_report",
    source: "mobile",
    api_key_id: null,
    category_code: "BJ0102",
    title: `路灯不亮 ${seq}`,
    description: "路灯不亮，晚上很黑",
    urgency: "normal",
    lat: 39.605,
    lng: 109.775,
    location_text: null,
    area_code: COMMUNITY,
    grid_id: w.grids.community,
    reporter_account_id: w.accounts.resident,
    reporter_name: null,
    reporter_phone_enc: null,
    reporter_phone_hash: null,
    anonymous: false,
    photos: [],
    attributes: {},
    created_at: new Date(),
    actor_id: w.accounts.resident,
    actor_label: "resident",
    note: null,
    event_data: { channel: "resident_report", source: "mobile" },
    ip: "203.0.113.9",
    audit_after: { channel: "resident_report" },
    ...over,
  };
}

const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

describe("writing new cases in groups", () => {
  it("writes reports that arrive together in one statement, each with its own number, event, reporter row, audit entry and notice", async () => {
    const { db, groups } = counted(t.db);
    const writer = new CaseWriter(db);
    const items = Array.from({ length: 30 }, () => newCase());
    const rows = (await Promise.all(items.map((i) => writer.write(i)))) as CaseRow[];
    // The first report goes alone, the ones that arrived meanwhile together.
    expect(groups.reduce((a, b) => a + b, 0)).toBe(30);
    expect(groups.length).toBeLessThanOrEqual(2);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(new Set(rows.map((r) => r.number)).size).toBe(30);
    expect(rows[0]).toMatchObject({ status: "submitted", area_code: COMMUNITY, grid_name: "青春山一网格", area_name: expect.any(String) });
    const ids = items.map((i) => i.id);
    for (const [table, col] of [
      ["case_events", "case_id::text"],
      ["case_reporters", "case_id::text"],
      ["audit_log", "object_id"],
    ] as const) {
      expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = ANY($1::text[])`, [ids]), table).toBe(30);
    }
    // The community's staff are told of each one (the reporter, a resident, is not).
    expect(
      await count("SELECT count(*)::int AS n FROM notifications WHERE case_id = ANY($1::uuid[]) AND account_id = $2", [
        ids,
        w.accounts.staff,
      ]),
    ).toBe(30);
    expect(
      await count("SELECT count(*)::int AS n FROM notifications WHERE case_id = ANY($1::uuid[]) AND account_id = $2", [
        ids,
        w.accounts.streetStaff,
      ]),
    ).toBe(0);
  });

  it("fails only the case that cannot be written when the others of its group can", async () => {
    const writer = new CaseWriter(t.db);
    const good = Array.from({ length: 4 }, () => newCase());
    const bad = newCase({ category_code: "NO-SUCH-CATEGORY" });
    const results = await Promise.allSettled([...good.slice(0, 2), bad, ...good.slice(2)].map((i) => writer.write(i)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(await count("SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])", [good.map((g) => g.id)])).toBe(4);
    expect(await count("SELECT count(*)::int AS n FROM cases WHERE id = $1", [bad.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1", [bad.id])).toBe(0);
  });

  it("tells the same staff as every other step of a case: the nearest whose scope holds it, not the one who reported", async () => {
    // A compound below a community, with staff of its own (who take its cases from the community's staff).
    const compound = `${NEIGHBOUR}001`;
    await buildAreas(t.db, [{ code: compound, name: "滨河小区" }]);
    const compoundStaff = await buildAccount(t.db, { username: "compoundStaff", roles: ["community_staff"], areaCode: compound });
    for (const [areaCode, actor] of [
      [COMMUNITY, w.accounts.resident],
      [COMMUNITY, w.accounts.staff],
      [NEIGHBOUR, w.accounts.resident],
      [STREET, w.accounts.resident],
      [OTHER_STREET, w.accounts.resident],
      [FAR, w.accounts.resident],
      [compound, w.accounts.resident],
    ] as const) {
      const [row] = await insertCases(t.db, [newCase({ area_code: areaCode, grid_id: null, actor_id: actor })]);
      const told = await t.db.query<{ account_id: string }>("SELECT account_id FROM notifications WHERE case_id = $1", [row!.id]);
      const expected = (await supervisorAccounts(t.db, areaCode)).filter((id) => id !== actor);
      expect(told.rows.map((r) => r.account_id).sort(), areaCode).toEqual(expected.sort());
    }
    expect(await supervisorAccounts(t.db, compound)).toEqual([compoundStaff]);
  });

  it("writes one case for a key given twice in one group, and none for a key already taken", async () => {
    const writer = new CaseWriter(t.db);
    const first = newCase();
    const twin = newCase({ idempotency_key: first.idempotency_key });
    const [a, b] = await Promise.all([writer.write(first), writer.write(twin)]);
    expect(a?.id).toBe(first.id);
    expect(b).toBeNull();
    expect(await writer.write(newCase({ idempotency_key: first.idempotency_key }))).toBeNull();
    expect(await count("SELECT count(*)::int AS n FROM cases WHERE idempotency_key = $1", [first.idempotency_key])).toBe(1);
  });
});

describe("case ids", () => {
  it("are version 7 UUIDs in the order they were made", () => {
    const ids = Array.from({ length: 50 }, (_, i) => uuidv7(1_790_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(1_790_000_000_000).slice(0, 13)).toBe(
      `${(1_790_000_000_000).toString(16).padStart(12, "0").slice(0, 8)}-${(1_790_000_000_000).toString(16).padStart(12, "0").slice(8)}`,
    );
  });
});
