import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openPg } from "../../db/client.js";
import { type Agent, anonymous, type TestContext, testConfig } from "../../test/harness.js";
import { AREAS, type CaseWorld, caseWorldApp, insertCase } from "../cases/workflow.factories.js";
import {
  type ChannelSet,
  configuredChannels,
  externalChannel,
  httpChannel,
  type NotificationChannel,
  type OutgoingMessage,
} from "./channels.js";
import { notifyAccounts } from "./notifications.repository.js";
import { dispatchOutbox, enqueueOutbox } from "./outbox.js";

let t: TestContext;
let w: CaseWorld;
let agents: Record<string, Agent>;

beforeAll(async () => {
  ({ t, w, agents } = await caseWorldApp(["gw1", "gw2", "staffA", "street", "reporter", "admin", "streetAdmin"]));
});
afterAll(() => t.close());

const act = (agent: string, id: string, action: string, body: unknown = {}) =>
  agents[agent]!.post(`/api/v1/cases/${id}/actions/${action}`, body);
const gw1 = () => ({ kind: "grid_worker" as const, ref: w.acc.gw1, label: "网格员gw1" });

/** Queues a message to a phone as a workflow step would. */
const queue = (phone: string, o: { channel?: "sms" | "wechat" | "log"; areaCode?: string | null } = {}) =>
  enqueueOutbox(t.db, {
    channel: o.channel ?? "sms",
    recipient: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    toEnc: t.deps.vault.encrypt(phone),
    kind: "case.resolve",
    title: "已办结，请评价",
    text: "【共治】您反映的问题已办结",
    areaCode: o.areaCode === undefined ? AREAS.communityA : o.areaCode,
  });

const pending = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'")).rows[0]!.n;

describe("the inbox", () => {
  it("lists the account's notifications with the unread count, and marks them read", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1(), reporterAccountId: w.acc.reporter });
    expect((await act("staffA", c.id, "assign", { handler: { kind: "grid_worker", ref: w.acc.gw2 } })).status).toBe(200);
    expect((await act("gw2", c.id, "accept")).status).toBe(200);

    let inbox = await agents.reporter!.get("/api/v1/inbox");
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 20 });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(["case.accept", "case.assign"]);
    const [first, second] = inbox.body.items;

    // Another account cannot read or mark them.
    expect((await agents.gw2!.post(`/api/v1/inbox/${first.id}/read`)).status).toBe(404);
    const read = await agents.reporter!.post(`/api/v1/inbox/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ unread: 1 });
    inbox = await agents.reporter!.get("/api/v1/inbox?unread=true");
    expect(inbox.body).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.body.items[0].id).toBe(second.id);
    expect((await agents.reporter!.post("/api/v1/inbox/read-all")).body).toEqual({ unread: 0 });
    inbox = await agents.reporter!.get("/api/v1/inbox");
    expect(inbox.body).toMatchObject({ total: 2, unread: 0 });
    expect(inbox.body.items.every((n: { readAt: string | null }) => n.readAt)).toBe(true);

    expect((await agents.reporter!.post("/api/v1/inbox/99999999/read")).status).toBe(404);
    expect((await agents.reporter!.post("/api/v1/inbox/abc/read")).status).toBe(400);
    expect((await anonymous(t.app).get("/api/v1/inbox")).status).toBe(401);
  });

  it("pages", async () => {
    await notifyAccounts(t.db, [w.acc.street], { kind: "case.remind", title: "提醒", body: "一" });
    await notifyAccounts(t.db, [w.acc.street], { kind: "case.remind", title: "提醒", body: "二" });
    await notifyAccounts(t.db, [w.acc.street], { kind: "case.remind", title: "提醒", body: "三" });
    const p2 = await agents.street!.get("/api/v1/inbox?page=2&pageSize=2");
    expect(p2.body).toMatchObject({ total: 3, unread: 3, page: 2, pageSize: 2 });
    expect(p2.body.items.map((n: { body: string }) => n.body)).toEqual(["一"]);
  });
});

describe("the track page", () => {
  it("shows the reporter without an account what they have been told, and nothing for unknown codes", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1(), phone: "13811112222" });
    expect((await act("gw1", c.id, "resolve", { result: "已清理" })).status).toBe(200);
    const res = await anonymous(t.app).get(`/api/v1/cases/track/${c.trackingCode}/notifications`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ kind: "case.resolve", title: "已办结，请评价", caseId: c.id });
    expect((await anonymous(t.app).get("/api/v1/cases/track/UNKNOWN-CODE/notifications")).status).toBe(404);
    expect((await anonymous(t.app).get(`/api/v1/cases/track/${"X".repeat(41)}/notifications`)).status).toBe(400);
    // Typed as people type it: lower case, with a dash.
    const typed = `${c.trackingCode.slice(0, 5)}-${c.trackingCode.slice(5)}`.toLowerCase();
    expect((await anonymous(t.app).get(`/api/v1/cases/track/${typed}/notifications`)).body.items).toHaveLength(1);
  });
});

describe("the outbox", () => {
  it("shows administrators what would be sent, masked, within their scope", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1(), phone: "13599998888" });
    expect((await act("gw1", c.id, "resolve", { result: "已修复" })).status).toBe(200);
    await queue("13600001234", { areaCode: AREAS.otherCommunity });
    await queue("13600004321", { areaCode: null });

    const all = await agents.admin!.get("/api/v1/outbox?pageSize=200");
    expect(all.status).toBe(200);
    const mine = all.body.items.find((i: { caseId: string | null }) => i.caseId === c.id);
    expect(mine).toMatchObject({
      channel: "sms",
      recipient: "135****8888",
      kind: "case.resolve",
      status: "pending",
      areaCode: AREAS.communityA,
    });
    expect(mine.text).toContain("已修复");
    expect(JSON.stringify(all.body)).not.toContain("13599998888");
    expect(JSON.stringify(all.body)).not.toContain("to_enc");
    expect(all.body.items.some((i: { areaCode: string | null }) => i.areaCode === null)).toBe(true);

    // A street's administrator sees its own area only; others may not read the outbox at all.
    const street = await agents.streetAdmin!.get("/api/v1/outbox?pageSize=200");
    expect(street.status).toBe(200);
    expect(street.body.items.length).toBeGreaterThan(0);
    for (const i of street.body.items) expect(i.areaCode?.startsWith("150603002")).toBe(true);
    expect((await agents.staffA!.get("/api/v1/outbox")).status).toBe(403);
    expect((await agents.reporter!.get("/api/v1/outbox")).status).toBe(403);
    expect((await agents.admin!.get(`/api/v1/outbox?caseId=${c.id}`)).body.total).toBe(1);
    expect((await agents.admin!.get("/api/v1/outbox?status=nope")).status).toBe(400);
  });

  it("keeps messages as recorded when no gateway is configured", async () => {
    await queue("13700000001");
    const r = await dispatchOutbox(t.db, t.deps.vault, {});
    expect(r.recorded).toBeGreaterThan(0);
    expect(r.sent).toBe(0);
    expect(await pending()).toBe(0);
    const rows = await t.db.query<{ status: string; sent_at: Date | null; attempts: number }>(
      "SELECT status, sent_at, attempts FROM outbox",
    );
    for (const row of rows.rows) expect(row).toMatchObject({ status: "recorded", attempts: 1 });
    const page = await agents.admin!.get("/api/v1/outbox?status=recorded&pageSize=200");
    expect(page.body.total).toBe(rows.rows.length);
  });

  it("delivers through the configured adapter with the number in clear, and retries failures until it gives up", async () => {
    const got: OutgoingMessage[] = [];
    const sms: NotificationChannel = { name: "sms", send: async (m) => void got.push(m) };
    await queue("13700000002");
    await queue("13700000003", { channel: "wechat" });
    let r = await dispatchOutbox(t.db, t.deps.vault, { sms });
    expect(r).toMatchObject({ sent: 1, recorded: 1, failed: 0 });
    expect(got).toEqual([
      { to: "13700000002", title: "已办结，请评价", text: "【共治】您反映的问题已办结", kind: "case.resolve", caseId: null },
    ]);

    let calls = 0;
    const broken: ChannelSet = {
      wechat: {
        name: "wechat",
        send: async () => {
          calls++;
          throw new Error("gateway down");
        },
      },
    };
    await queue("13700000004", { channel: "wechat" });
    for (let i = 0; i < 2; i++) {
      r = await dispatchOutbox(t.db, t.deps.vault, broken, { maxAttempts: 3, backoffMs: 0 });
      expect(r).toMatchObject({ retried: 1, failed: 0 });
    }
    r = await dispatchOutbox(t.db, t.deps.vault, broken, { maxAttempts: 3, backoffMs: 0 });
    expect(r).toMatchObject({ retried: 0, failed: 1 });
    expect(calls).toBe(3);
    const failed = await t.db.query<{ status: string; attempts: number; last_error: string }>(
      "SELECT status, attempts, last_error FROM outbox WHERE status = 'failed'",
    );
    expect(failed.rows).toEqual([{ status: "failed", attempts: 3, last_error: "Error: gateway down" }]);
    expect(await dispatchOutbox(t.db, t.deps.vault, broken)).toEqual({ sent: 0, recorded: 0, retried: 0, failed: 0 });
  });

  it("waits for the backoff before trying a failed message again", async () => {
    const down: ChannelSet = { sms: { name: "sms", send: async () => Promise.reject(new Error("busy")) } };
    await queue("13700000005");
    expect((await dispatchOutbox(t.db, t.deps.vault, down, { backoffMs: 60_000 })).retried).toBe(1);
    // Within the backoff nothing is claimed, even by an adapter that works.
    expect((await dispatchOutbox(t.db, t.deps.vault, { sms: { name: "sms", send: async () => {} } })).sent).toBe(0);
    await t.db.query("UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'");
    expect((await dispatchOutbox(t.db, t.deps.vault, { sms: { name: "sms", send: async () => {} } })).sent).toBe(1);
  });

  it("posts to the SMS and WeChat gateways over HTTP", async () => {
    const received: { url: string; auth: string | undefined; body: any }[] = [];
    let fail = false;
    const server = createServer((req: IncomingMessage, res) => {
      let data = "";
      req.on("data", (c) => {
        data += c;
      });
      req.on("end", () => {
        received.push({ url: req.url!, auth: req.headers.authorization, body: JSON.parse(data) });
        res.statusCode = fail ? 503 : 200;
        res.end("{}");
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const channels = configuredChannels(
        testConfig({ SMS_ENDPOINT: `${base}/sms`, SMS_TOKEN: "s3cret", WECHAT_ENDPOINT: `${base}/wechat` }),
      );
      await queue("13700000006");
      await queue("13700000007", { channel: "wechat" });
      expect(await dispatchOutbox(t.db, t.deps.vault, channels)).toMatchObject({ sent: 2 });
      expect(received).toEqual([
        {
          url: "/sms",
          auth: "Bearer s3cret",
          body: { to: "13700000006", title: "已办结，请评价", text: "【共治】您反映的问题已办结", kind: "case.resolve", caseId: null },
        },
        { url: "/wechat", auth: undefined, body: expect.objectContaining({ to: "13700000007" }) },
      ]);
      fail = true;
      await expect(httpChannel("sms", `${base}/sms`).send({ to: "1", title: "", text: "", kind: "", caseId: null })).rejects.toThrow(/503/);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
    expect(externalChannel(testConfig())).toBe("sms");
    expect(externalChannel(testConfig({ WECHAT_ENDPOINT: "http://x" }))).toBe("wechat");
    expect(externalChannel(testConfig({ SMS_ENDPOINT: "http://x", WECHAT_ENDPOINT: "http://y" }))).toBe("sms");
  });

  it("is delivered once when two dispatchers run at once", async () => {
    for (let i = 0; i < 40; i++) await queue(`1380000${String(i).padStart(4, "0")}`);
    let other: Db = t.db;
    if (t.db.kind === "pg") {
      const name = (await t.db.query<{ n: string }>("SELECT current_database() AS n")).rows[0]!.n;
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      other = await openPg(u.toString(), 2);
    }
    const sent: string[] = [];
    const sms: NotificationChannel = {
      name: "sms",
      send: async (m) => {
        sent.push(m.to);
        await new Promise((r) => setTimeout(r, 2));
      },
    };
    try {
      await Promise.all([
        dispatchOutbox(t.db, t.deps.vault, { sms }, { batch: 3 }),
        dispatchOutbox(other, t.deps.vault, { sms }, { batch: 3 }),
      ]);
    } finally {
      if (other !== t.db) await other.close();
    }
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
    expect(await pending()).toBe(0);
  });
});

describe("looking up tracking codes", () => {
  it("slows down an address that keeps trying codes that do not exist", async () => {
    const c = await insertCase(t.db, t.deps.vault, { status: "in_progress", handler: gw1() });
    const client = anonymous(t.app);
    let last = 0;
    for (let i = 0; i < 40; i++) last = (await client.get(`/api/v1/cases/track/GUESS${i}0000/notifications`)).status;
    expect(last).toBe(429);
    // Blocked for a while, even for a real code.
    expect((await client.get(`/api/v1/cases/track/${c.trackingCode}/notifications`)).status).toBe(429);
  });
});
