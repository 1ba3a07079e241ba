import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, buildPerson, TEST_PASSWORD } from "../test/factories.js";
import { anonymous, createTestContext, freshDb, loginAs, type TestContext } from "../test/harness.js";
import { backup, restore } from "./backup.js";
import type { Queryable } from "./client.js";

const COMMUNITY = "150602001001";
const PEOPLE = [
  { name: "王芳", idNumber: "150602198001011238", phone: "13812345678", address: "建设社区 3 号楼 2 单元 501" },
  { name: "李强", idNumber: "11010519491231002X", phone: "13987654321", address: "建设社区 8 号楼 101" },
  { name: "赵敏", idNumber: null, phone: "0477-8581234", address: null },
];

let t: TestContext;
let dir: string;
let file: string;
let personIds: string[] = [];
/** Every table's rows at the moment of the backup. */
let original: Record<string, string[]>;

/** Every row of every table in the public schema, as text, in a stable order. */
async function snapshot(q: Queryable): Promise<Record<string, string[]>> {
  const tables = (
    await q.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
  ).rows.map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    out[table] = (await q.query<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM "${table}" x ORDER BY 1`)).rows.map((r) => r.r);
  }
  return out;
}

const count = async (q: Queryable, table: string) => (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "gongzhi-backup-"));
  file = join(dir, "backup.jsonl.gz");
  t = await createTestContext({
    setup: async (deps) => {
      await buildCity(deps.db);
      await buildAreas(deps.db, [
        { code: "150602000000", name: "东胜区" },
        { code: "150602001000", name: "交通街道" },
        { code: COMMUNITY, name: "建设社区" },
      ]);
      await buildAccount(deps.db, { username: "admin", roles: ["admin"], areaCode: "150600000000" });
      await buildAccount(deps.db, { username: "staff", roles: ["community_staff"], areaCode: COMMUNITY, displayName: "社区工作者" });
      personIds = [];
      for (const p of PEOPLE) personIds.push(await buildPerson(deps, { ...p, areaCode: COMMUNITY }));
    },
  });
  // Some history: a login and an audited read of personal data.
  const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
  expect((await staff.get(`/api/v1/people/${personIds[0]}/personal-data`)).status).toBe(200);
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("writes every row, with personal data still encrypted", async () => {
    original = await snapshot(t.db);
    const out = await backup(t.db, file);
    const { schema_migrations: _, ...data } = original;
    expect(out.tables).toBe(Object.keys(data).length);
    expect(out.rows).toBe(Object.values(data).reduce((n, rows) => n + rows.length, 0));
    expect(out.rows).toBeGreaterThan(0);
    const text = gunzipSync(readFileSync(file)).toString("utf8");
    const header = JSON.parse(text.split("\n")[0]!);
    expect(header.format).toBe("gongzhi-backup/1");
    expect(header.migrations).toEqual(original.schema_migrations!.map((r) => JSON.parse(r).name));
    for (const p of PEOPLE) {
      expect(text).toContain(p.name);
      for (const secret of [p.idNumber, p.phone, p.address]) if (secret) expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(TEST_PASSWORD);
  });

  it("restores the data as it was after people are deleted and accounts added", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    await t.db.query("DELETE FROM people WHERE id = $1", [personIds[1]]);
    await buildAccount(t.db, { username: "newcomer", roles: ["leader"], areaCode: COMMUNITY });
    const added = await staff.post("/api/v1/people", { name: "新居民", areaCode: COMMUNITY, phone: "13700001111" });
    expect(added.status).toBe(201);
    const changed = await snapshot(t.db);
    expect(changed.people).toHaveLength(PEOPLE.length);
    expect(changed).not.toEqual(original);

    const out = await restore(t.db, file);
    expect(out.rows).toBe(Object.values(original).reduce((n, rows) => n + rows.length, 0) - original.schema_migrations!.length);
    expect(await snapshot(t.db)).toEqual(original);
    expect(await count(t.db, "people")).toBe(PEOPLE.length);

    // The restored people read back through the API with the same vault, deleted one included.
    const again = await loginAs(t.app, "staff", TEST_PASSWORD);
    for (const [i, p] of PEOPLE.entries()) {
      const res = await again.get(`/api/v1/people/${personIds[i]}/personal-data`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: p.name, idNumber: p.idNumber, phone: p.phone, address: p.address, masked: false });
    }
    const list = await again.get("/api/v1/people?pageSize=50");
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual(PEOPLE.map((p) => p.name).sort());
    // The account added after the backup is gone; new rows (audit entries) still get fresh ids.
    expect((await anonymous(t.app).post("/api/v1/auth/login", { username: "newcomer", password: TEST_PASSWORD })).status).toBe(401);
    const created = await again.post("/api/v1/people", { name: "又一位居民", areaCode: COMMUNITY });
    expect(created.status).toBe(201);
  });

  it("restores into another, freshly migrated database", async () => {
    const other = await freshDb();
    try {
      expect(await count(other.db, "people")).toBe(0);
      await restore(other.db, file);
      expect(await snapshot(other.db)).toEqual(original);
    } finally {
      await other.drop();
    }
  });

  it("refuses a backup made at another migration, and changes nothing", async () => {
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const header = JSON.parse(lines[0]!);
    const before = await snapshot(t.db);
    for (const migrations of [[...header.migrations, "9999_future.sql"], header.migrations.slice(0, -1), []]) {
      const odd = join(dir, `odd-${migrations.length}.jsonl.gz`);
      writeFileSync(odd, gzipSync([JSON.stringify({ ...header, migrations }), ...lines.slice(1)].join("\n")));
      await expect(restore(t.db, odd)).rejects.toThrow(/Migrate first/);
      expect(await snapshot(t.db)).toEqual(before);
    }
  });

  it("refuses a file that is not a backup, and changes nothing", async () => {
    const before = await snapshot(t.db);
    const notBackup = join(dir, "not-a-backup.gz");
    writeFileSync(notBackup, gzipSync(`${JSON.stringify({ format: "something-else" })}\n`));
    await expect(restore(t.db, notBackup)).rejects.toThrow(/Not a Gongzhi backup/);
    // A backup whose rows break off half-way through a table leaves the database as it was.
    const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    const broken = join(dir, "broken.jsonl.gz");
    writeFileSync(broken, gzipSync(`${lines.slice(0, -1).join("\n")}\n{"t": "people", "r": {"id": "not-a-uuid"}}\n`));
    await expect(restore(t.db, broken)).rejects.toThrow();
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe("the audit log", () => {
  it("cannot be changed or deleted, but a restore replaces it with the backup's", async () => {
    const rows = await count(t.db, "audit_log");
    expect(rows).toBeGreaterThan(0);
    const before = await snapshot(t.db);
    await expect(t.db.query("UPDATE audit_log SET action = 'tampered'")).rejects.toThrow(/append-only/);
    await expect(t.db.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    await expect(t.db.query("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)")).rejects.toThrow(/append-only/);
    expect(await snapshot(t.db)).toEqual(before);

    await loginAs(t.app, "admin", TEST_PASSWORD);
    expect(await count(t.db, "audit_log")).toBeGreaterThan(rows);
    await restore(t.db, file);
    expect((await snapshot(t.db)).audit_log).toEqual(original.audit_log);
    // Still append-only after the restore.
    await expect(t.db.query("UPDATE audit_log SET action = 'tampered'")).rejects.toThrow(/append-only/);
  });
});
