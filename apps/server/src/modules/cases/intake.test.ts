import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../../test/factories.js";
import { anonymous, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import {
  buildCaseWorld,
  type CaseWorld,
  COMMUNITY,
  dataUrl,
  FAR,
  FAR_POINT,
  JPEG,
  key,
  NEIGHBOUR,
  NOWHERE,
  PNG,
  POINT,
  WEBP,
} from "./intake.fixtures.js";
import { normalizeTrackingCode, TRACKING_ALPHABET } from "./intake.js";

let t: TestContext;
let w: CaseWorld;
let ipSeq = 0;
/** Each anonymous test comes from its own address, so the per-address limit of reports does not interfere. */
const fromIp = () => ({ "x-forwarded-for": `203.0.113.${++ipSeq}` });

beforeAll(async () => {
  t = await createTestContext({
    config: { TRUST_PROXY: "true" },
    setup: async (deps) => {
      w = await buildCaseWorld(deps);
    },
  });
});
afterAll(() => t.close());

const report = (over: Record<string, unknown> = {}) => ({
  categoryCode: "BJ0102",
  description: "康巴什区青春山路路灯不亮，晚上走路很黑",
  location: POINT,
  address: "青春山路与康和路交叉口",
  contact: { name: "张三", phone: "13812345678" },
  attributes: { fault: "1" },
  ...over,
});

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

describe("residents' reports", () => {
  it("files a report without an account: number, tracking code, grid and area, first public event, audit, notice to the community", async () => {
    const res = await anonymous(t.app).post("/api/v1/cases/report", report(), { "idempotency-key": key(), ...fromIp() });
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^MQ\d{8}-\d{6}$/);
    expect(res.body.trackingCode).toHaveLength(10);
    expect([...res.body.trackingCode].every((c: string) => TRACKING_ALPHABET.includes(c))).toBe(true);
    expect(res.body).toMatchObject({ status: "submitted", areaCode: COMMUNITY, gridName: "青春山一网格", replayed: false });
    const row = (await t.db.query<Record<string, unknown>>("SELECT * FROM cases WHERE id = $1", [res.body.id])).rows[0]!;
    expect(row).toMatchObject({ channel: "resident_report", source: "mobile", grid_id: w.grids.community, reporter_name: "张三" });
    // The phone is kept as ciphertext with a look-up hash, never in clear.
    expect(String(row.reporter_phone_enc)).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain("13812345678");
    const events = await t.db.query<{ action: string; public_note: string }>(
      "SELECT action, public_note FROM case_events WHERE case_id = $1",
      [res.body.id],
    );
    expect(events.rows).toEqual([{ action: "submit", public_note: expect.stringContaining("已收到") }]);
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.submit' AND object_id = $1", [res.body.id])).toBe(1);
    const notes = await t.db.query<{ account_id: string }>("SELECT account_id FROM notifications WHERE case_id = $1", [res.body.id]);
    expect(notes.rows.map((n) => n.account_id)).toEqual([w.accounts.staff]);
    expect(await count("SELECT count(*)::int AS n FROM case_reporters WHERE case_id = $1", [res.body.id])).toBe(1);
  });

  it("a logged-in resident's report is theirs: it shows in their own list with its tracking code", async () => {
    const a = await loginAs(t.app, "resident", TEST_PASSWORD);
    const res = await a.post("/api/v1/cases/report", report({ description: "我家楼下的路灯坏了" }), { "idempotency-key": key() });
    expect(res.status).toBe(201);
    const mine = await a.get("/api/v1/my/cases");
    expect(mine.status).toBe(200);
    expect(mine.body.items[0]).toMatchObject({
      number: res.body.number,
      trackingCode: res.body.trackingCode,
      statusText: "已收到，正在分析",
    });
  });

  it("a retried submission answers the first case (200), and ten concurrent retries make exactly one case", async () => {
    const k = key();
    const body = report({ description: "同一条诉求的多次重试" });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => anonymous(t.app).post("/api/v1/cases/report", body, { "idempotency-key": k, ...fromIp() })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.trackingCode)).size).toBe(1);
    expect(results.filter((r) => r.body.replayed)).toHaveLength(9);
    expect(await count("SELECT count(*)::int AS n FROM cases WHERE description = $1", ["同一条诉求的多次重试"])).toBe(1);
    expect(
      await count("SELECT count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.description = $1", [
        "同一条诉求的多次重试",
      ]),
    ).toBe(1);
    // The key may also come in the body.
    const again = await anonymous(t.app).post("/api/v1/cases/report", { ...body, idempotencyKey: k }, fromIp());
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(results[0]!.body.id);
  });

  it("the same key with a different submission is refused, and a submission without a key too", async () => {
    const k = key();
    expect((await anonymous(t.app).post("/api/v1/cases/report", report(), { "idempotency-key": k, ...fromIp() })).status).toBe(201);
    const other = await anonymous(t.app).post("/api/v1/cases/report", report({ description: "另一件事" }), {
      "idempotency-key": k,
      ...fromIp(),
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("conflict.case_idempotency_mismatch");
    const none = await anonymous(t.app).post("/api/v1/cases/report", report(), fromIp());
    expect(none.status).toBe(400);
    expect(none.body.code).toBe("domain.case_idempotency_key_required");
    const bad = await anonymous(t.app).post("/api/v1/cases/report", report(), { "idempotency-key": "短", ...fromIp() });
    expect(bad.status).toBe(400);
  });

  it("takes up to six JPEG, PNG or WebP photos, checked by their bytes, and serves them to those who may see the case", async () => {
    const photos = [dataUrl("image/png", PNG), dataUrl("image/jpeg", JPEG), dataUrl("image/webp", WEBP)];
    const res = await anonymous(t.app).post("/api/v1/cases/report", report({ photos }), { "idempotency-key": key(), ...fromIp() });
    expect(res.status).toBe(201);
    expect(await count("SELECT count(*)::int AS n FROM case_photos WHERE case_id = $1", [res.body.id])).toBe(3);
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const one = await t.app.inject({ method: "GET", url: `/api/v1/cases/${res.body.id}/photos/1`, headers: { cookie: staff.cookie! } });
    expect(one.statusCode).toBe(200);
    expect(one.headers["content-type"]).toBe("image/png");
    expect(one.rawPayload.equals(PNG)).toBe(true);
    expect((await staff.get(`/api/v1/cases/${res.body.id}/photos/4`)).status).toBe(404);
    const far = await loginAs(t.app, "farStaff", TEST_PASSWORD);
    expect((await far.get(`/api/v1/cases/${res.body.id}/photos/1`)).status).toBe(404);
    // The reporter sees their photos through the tracking code.
    const tracked = await anonymous(t.app).get(`/api/v1/cases/track/${res.body.trackingCode}`);
    expect(tracked.body.photos).toHaveLength(3);
    const viaCode = await t.app.inject({ method: "GET", url: tracked.body.photos[2] });
    expect(viaCode.statusCode).toBe(200);
    expect(viaCode.headers["content-type"]).toBe("image/webp");
  });

  it("serves the holder of a tracking code the report's own photos only, never the photos staff attach to work notes", async () => {
    const res = await anonymous(t.app).post("/api/v1/cases/report", report({ photos: [dataUrl("image/png", PNG)] }), {
      "idempotency-key": key(),
      ...fromIp(),
    });
    expect(res.status).toBe(201);
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    expect((await staff.post(`/api/v1/cases/${res.body.id}/triage`, { categoryCode: "BJ0102" })).status).toBe(200);
    const note = await staff.post(`/api/v1/cases/${res.body.id}/actions/note`, { note: "现场照片", photos: [dataUrl("image/jpeg", JPEG)] });
    expect(note.status).toBe(200);
    // The work note's photo takes the next number; staff see it.
    const staffView = await t.app.inject({
      method: "GET",
      url: `/api/v1/cases/${res.body.id}/photos/2`,
      headers: { cookie: staff.cookie! },
    });
    expect(staffView.statusCode).toBe(200);
    expect(staffView.headers["content-type"]).toBe("image/jpeg");
    const code = res.body.trackingCode;
    const own = await t.app.inject({ method: "GET", url: `/api/v1/cases/track/${code}/photos/1` });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(PNG)).toBe(true);
    expect((await anonymous(t.app).get(`/api/v1/cases/track/${code}/photos/2`)).status).toBe(404);
    expect((await anonymous(t.app).get(`/api/v1/cases/track/${code}`)).body.photos).toEqual([`/api/v1/cases/track/${code}/photos/1`]);
  });

  it("refuses photos that are not what they claim, too large, or too many, and writes nothing", async () => {
    const before = await count("SELECT count(*)::int AS n FROM cases");
    const cases: [unknown[], number, string?][] = [
      [[dataUrl("image/jpeg", PNG)], 422, "domain.case_photo_invalid"],
      [[dataUrl("image/png", Buffer.from("<svg onload=alert(1)>"))], 422, "domain.case_photo_invalid"],
      [[dataUrl("image/png", Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]))], 422, "domain.case_photo_invalid"],
      [[`data:image/gif;base64,${PNG.toString("base64")}`], 400],
      [Array.from({ length: 7 }, () => dataUrl("image/png", PNG)), 400],
      [["https://example.com/a.png"], 400],
    ];
    for (const [photos, status, code] of cases) {
      const res = await anonymous(t.app).post("/api/v1/cases/report", report({ photos }), { "idempotency-key": key(), ...fromIp() });
      expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(status);
      if (code) expect(res.body.code).toBe(code);
    }
    expect(await count("SELECT count(*)::int AS n FROM cases")).toBe(before);
  });

  it("needs a point inside a grid or a community chosen from the list; an address alone does not place a case", async () => {
    const post = (over: Record<string, unknown>) =>
      anonymous(t.app).post("/api/v1/cases/report", report(over), { "idempotency-key": key(), ...fromIp() });
    const onlyAddress = await post({ location: undefined });
    expect(onlyAddress.status).toBe(422);
    expect(onlyAddress.body.code).toBe("domain.case_location_required");
    const outside = await post({ location: NOWHERE });
    expect(outside.body.code).toBe("domain.case_location_unknown");
    const chosen = await post({ location: undefined, areaCode: NEIGHBOUR });
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ areaCode: NEIGHBOUR, gridName: null });
    const street = await post({ location: undefined, areaCode: "150603002000" });
    expect(street.body.code).toBe("domain.area_level_mismatch");
    const unknownArea = await post({ location: undefined, areaCode: "150603009001" });
    expect(unknownArea.body.code).toBe("domain.area_unknown");
    const areas = await anonymous(t.app).get("/api/v1/case-areas?parent=150603002000");
    expect(areas.body.items.map((a: { code: string }) => a.code)).toEqual([COMMUNITY, NEIGHBOUR]);
  });

  it("checks the category (public and active) and its extra questions", async () => {
    const post = (over: Record<string, unknown>) =>
      anonymous(t.app).post("/api/v1/cases/report", report(over), { "idempotency-key": key(), ...fromIp() });
    expect((await post({ categoryCode: "ZZ99" })).body.code).toBe("domain.case_category_unknown");
    // 来信来访 is for staff only.
    expect((await post({ categoryCode: "SH0201", attributes: {} })).body.code).toBe("domain.case_category_unknown");
    const missing = await post({ attributes: {} });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: "domain.case_attributes_invalid",
      details: { attributes: [{ code: "fault", problem: "required" }] },
    });
    expect((await post({ attributes: { fault: "9" } })).body.code).toBe("domain.case_attributes_invalid");
    const ok = await post({ attributes: { fault: "2", lamp_count: "3", unknown: "x" } });
    expect(ok.status).toBe(201);
    const row = (await t.db.query<{ attributes: unknown }>("SELECT attributes FROM cases WHERE id = $1", [ok.body.id])).rows[0]!;
    expect(row.attributes).toEqual({ fault: "2", lamp_count: 3 });
  });

  it("an anonymous report keeps no name or phone", async () => {
    const res = await anonymous(t.app).post("/api/v1/cases/report", report({ anonymous: true }), { "idempotency-key": key(), ...fromIp() });
    const row = (
      await t.db.query<Record<string, unknown>>("SELECT reporter_name, reporter_phone_enc, anonymous FROM cases WHERE id = $1", [
        res.body.id,
      ])
    ).rows[0];
    expect(row).toEqual({ reporter_name: null, reporter_phone_enc: null, anonymous: true });
  });

  it("limits reports without an account per address", async () => {
    const ip = { "x-forwarded-for": "198.51.100.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (await anonymous(t.app).post("/api/v1/cases/report", report({ description: `第${i}次反映` }), { "idempotency-key": key(), ...ip }))
          .status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("tracking", () => {
  it("shows the reporter's case in plain Chinese, without staff names or others' data; unknown codes answer 404", async () => {
    const res = await anonymous(t.app).post("/api/v1/cases/report", report(), { "idempotency-key": key(), ...fromIp() });
    const code: string = res.body.trackingCode;
    const tracked = await anonymous(t.app).get(`/api/v1/cases/track/${code.toLowerCase()}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({
      number: res.body.number,
      status: "submitted",
      statusText: "已收到，正在分析",
      trackingCode: null,
    });
    expect(tracked.body.steps).toEqual([{ at: expect.any(String), text: expect.stringContaining("已收到") }]);
    expect(JSON.stringify(tracked.body)).not.toMatch(/13812345678|138\*\*\*\*5678|张三/);
    expect((await anonymous(t.app).get("/api/v1/cases/track/ABCDEFGHJK")).status).toBe(404);
    expect((await anonymous(t.app).get("/api/v1/cases/track/not-a-code")).status).toBe(404);
    expect(normalizeTrackingCode(` ${code.slice(0, 5)}-${code.slice(5)} `)).toBe(code);
  });
});

describe("staff intake", () => {
  it("staff log phone calls and visits, grid workers what they find on patrol, each with its channel", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const phone = await staff.post(
      "/api/v1/cases",
      {
        source: "phone",
        description: "居民来电：小区门口垃圾很久没人清理",
        categoryCode: "SJ0101",
        location: POINT,
        contact: { name: "李四", phone: "13900001111" },
      },
      { "idempotency-key": key() },
    );
    expect(phone.status).toBe(201);
    expect(phone.body).toMatchObject({ channel: "resident_report", source: "phone", reporterPhone: "139****1111", areaCode: COMMUNITY });
    expect(phone.body.trackingCode).toHaveLength(10);
    const visit = await staff.post(
      "/api/v1/cases",
      { source: "visit", description: "走访发现独居老人需要帮助", categoryCode: "SH0601" },
      { "idempotency-key": key() },
    );
    expect(visit.status).toBe(201);
    // Without a place, the case is placed at the staff member's own community.
    expect(visit.body).toMatchObject({ channel: "cadre_visit", source: "visit", areaCode: COMMUNITY, gridId: null });
    const worker = await loginAs(t.app, "gridWorker", TEST_PASSWORD);
    const patrol = await worker.post(
      "/api/v1/cases",
      { source: "grid_patrol", description: "楼道堆放杂物", location: POINT },
      { "idempotency-key": key() },
    );
    expect(patrol.status).toBe(201);
    expect(patrol.body).toMatchObject({
      channel: "cadre_visit",
      source: "grid_patrol",
      categoryCode: null,
      gridId: w.grids.community,
      title: "楼道堆放杂物",
    });
    const events = await t.db.query<{ actor_label: string; note: string }>("SELECT actor_label, note FROM case_events WHERE case_id = $1", [
      patrol.body.id,
    ]);
    expect(events.rows[0]).toMatchObject({ actor_label: "gridWorker", note: expect.stringContaining("网格巡查") });
  });

  it("a staff retry is idempotent too; staff cannot file outside their scope; residents and leaders cannot use the staff route", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const k = key();
    const body = { source: "phone", description: "来电反映噪音扰民", location: POINT };
    const [a, b] = await Promise.all([
      staff.post("/api/v1/cases", body, { "idempotency-key": k }),
      staff.post("/api/v1/cases", body, { "idempotency-key": k }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const outside = await staff.post("/api/v1/cases", { ...body, location: FAR_POINT }, { "idempotency-key": key() });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe("domain.area_outside_scope");
    const resident = await loginAs(t.app, "resident", TEST_PASSWORD);
    expect((await resident.post("/api/v1/cases", body, { "idempotency-key": key() })).status).toBe(403);
    const leader = await loginAs(t.app, "leader", TEST_PASSWORD);
    expect((await leader.post("/api/v1/cases", body, { "idempotency-key": key() })).status).toBe(403);
    expect((await anonymous(t.app).post("/api/v1/cases", body, { "idempotency-key": key() })).status).toBe(401);
  });
});

describe("digital collection", () => {
  const rows = [
    {
      externalId: "SZCG-001",
      categoryCode: "SJ0101",
      title: "暴露垃圾",
      description: "广场东侧垃圾堆积",
      lat: POINT.lat,
      lng: POINT.lng,
      reportedAt: "2026-05-01T09:30:00+08:00",
    },
    { externalId: "SZCG-002", title: "井盖缺失", areaCode: NEIGHBOUR, categoryCode: "BJ0101" },
    { externalId: "SZCG-003", title: "无法定位", address: "某处" },
    { externalId: "SZCG-004", title: "辖区外", lat: FAR_POINT.lat, lng: FAR_POINT.lng },
    { externalId: "SZCG-005", title: "分类不存在", categoryCode: "XX01", areaCode: COMMUNITY },
    { title: "缺少外部编号", areaCode: COMMUNITY },
    { externalId: "SZCG-001", title: "重复的外部编号", areaCode: COMMUNITY },
  ];

  it("takes a JSON batch record by record, reporting each row; a batch sent again answers the cases it made", async () => {
    const staff = await loginAs(t.app, "streetStaff", TEST_PASSWORD);
    const dry = await staff.post("/api/v1/cases/batch?dryRun=true", { system: "szcg", items: rows });
    expect(dry.status).toBe(200);
    expect(dry.body.items.map((i: { status: string }) => i.status)).toEqual([
      "valid",
      "valid",
      "error",
      "error",
      "error",
      "error",
      "error",
    ]);
    expect(await count("SELECT count(*)::int AS n FROM cases WHERE channel = 'digital_collection'")).toBe(0);
    const res = await staff.post("/api/v1/cases/batch", { system: "szcg", items: rows });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 7, created: 2, existing: 0, failed: 5 });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, message: expect.stringContaining("选择发生地点") }),
        expect.objectContaining({ row: 4, column: "lat", message: expect.stringContaining("辖区") }),
        expect.objectContaining({ row: 5, column: "categoryCode" }),
        expect.objectContaining({ row: 6, column: "externalId", message: "必填" }),
        expect.objectContaining({ row: 7, column: "externalId", message: "与第 1 行重复" }),
      ]),
    );
    const first = (await t.db.query<Record<string, unknown>>("SELECT * FROM cases WHERE external_id = 'SZCG-001'")).rows[0]!;
    expect(first).toMatchObject({ channel: "digital_collection", source: "import", area_code: COMMUNITY, category_code: "SJ0101" });
    // Filed when the other system took it: the number carries that day, the clock starts then.
    expect(first.number).toMatch(/^MQ20260501-/);
    expect((first.created_at as Date).toISOString()).toBe("2026-05-01T01:30:00.000Z");
    const again = await staff.post("/api/v1/cases/batch", { system: "szcg", items: rows.slice(0, 2) });
    expect(again.body).toMatchObject({ created: 0, existing: 2 });
    expect(again.body.items[0].id).toBe(res.body.items[0].id);
    // A plain array is a batch of the default system.
    const plain = await staff.post("/api/v1/cases/batch", [{ externalId: "X-1", title: "路面破损", areaCode: COMMUNITY }]);
    expect(plain.body).toMatchObject({ created: 1 });
  });

  it("takes an .xlsx sheet with the Chinese headers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("数据");
    ws.addRow(["数字城管案件导出"]);
    ws.addRow(["外部编号", "分类编码", "标题", "描述", "纬度", "经度", "地址", "上报时间"]);
    ws.addRow(["XL-1", "SJ0401", "占道经营", "早市摊贩占道", POINT.lat, POINT.lng, "青春山路", "2026-06-01 08:15"]);
    ws.addRow(["XL-2", "SJ0401", "", "缺标题", POINT.lat, POINT.lng, "", ""]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = "----gz";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="batch.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases/batch?system=xls",
      payload,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: staff.cookie!, "x-csrf-token": staff.csrf! },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ total: 2, created: 1, failed: 1 });
    expect(body.errors).toEqual([expect.objectContaining({ row: 4, column: "标题" })]);
    const row = (
      await t.db.query<{ created_at: Date; area_code: string }>("SELECT created_at, area_code FROM cases WHERE external_id = 'XL-1'")
    ).rows[0]!;
    expect(row.created_at.toISOString()).toBe("2026-06-01T00:15:00.000Z");
    const notXlsx = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases/batch",
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n`),
        Buffer.from("not a workbook"),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: staff.cookie!, "x-csrf-token": staff.csrf! },
    });
    expect(notXlsx.statusCode).toBe(422);
    expect(JSON.parse(notXlsx.body).code).toBe("domain.case_batch_file");
  });

  it("refuses empty or oversized batches and grid workers", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    expect((await staff.post("/api/v1/cases/batch", [])).status).toBe(400);
    expect(
      (
        await staff.post(
          "/api/v1/cases/batch",
          Array.from({ length: 1001 }, (_, i) => ({ externalId: `${i}`, title: "x" })),
        )
      ).status,
    ).toBe(400);
    const worker = await loginAs(t.app, "gridWorker", TEST_PASSWORD);
    expect((await worker.post("/api/v1/cases/batch", [{ externalId: "1", title: "x", areaCode: COMMUNITY }])).status).toBe(403);
    expect(FAR).toBeTruthy();
  });
});
