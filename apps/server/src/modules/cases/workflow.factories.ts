import { randomBytes } from "node:crypto";
import type { CaseStatus, HandlerKind } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import type { Vault } from "../../platform/crypto.js";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../../test/factories.js";
import { type Agent, createTestContext, loginAs, type TestContext } from "../../test/harness.js";
import { TRACKING_ALPHABET } from "./intake.js";

/**
 * A small city for the workflow's tests: one street with two communities (and a compound), a second street,
 * departments, units, a category with its deadline rules, and an account for each way of standing to a case.
 * Cases are inserted directly, in any status.
 */

export const AREAS = {
  district: "150603000000",
  street: "150603002000",
  communityA: "150603002002",
  compoundA: "150603002002001",
  communityB: "150603002001",
  otherStreet: "150603001000",
  otherCommunity: "150603001001",
} as const;

export const CATEGORY = "TST01";
/** A category that escalates its overdue cases whatever the global setting. */
export const CATEGORY_AUTO = "TST02";
/** A category that never escalates automatically. */
export const CATEGORY_MANUAL = "TST03";

export interface CaseWorld {
  acc: {
    gw1: string;
    gw2: string;
    gwB: string;
    staffA: string;
    staffB: string;
    street: string;
    otherStreet: string;
    dept1: string;
    dept2: string;
    unitRep: string;
    reporter: string;
    resident2: string;
    leader: string;
    admin: string;
    streetAdmin: string;
  };
  dept: { d1: string; d2: string; far: string };
  unit: { u1: string; uB: string };
}

const insertId = async (q: Queryable, sql: string, params: unknown[]) => (await q.query<{ id: string }>(sql, params)).rows[0]!.id;

/** Builds the areas, departments, units, categories and accounts. */
export async function buildCaseWorld(deps: Pick<Deps, "db">): Promise<CaseWorld> {
  const q = deps.db;
  await buildCity(q);
  await buildAreas(q, [
    { code: AREAS.district, name: "康巴什区" },
    { code: AREAS.street, name: "哈巴格希街道" },
    { code: AREAS.communityA, name: "神华康城社区" },
    { code: AREAS.compoundA, name: "康城一号小区" },
    { code: AREAS.communityB, name: "康馨社区" },
    { code: AREAS.otherStreet, name: "青春山街道" },
    { code: AREAS.otherCommunity, name: "青春社区" },
    { code: "150602000000", name: "东胜区" },
  ]);
  const d1 = await insertId(q, "INSERT INTO departments (name, area_code) VALUES ('康巴什区城管局', $1) RETURNING id", [AREAS.district]);
  const d2 = await insertId(q, "INSERT INTO departments (name, area_code) VALUES ('康巴什区民政局', $1) RETURNING id", [AREAS.district]);
  const far = await insertId(q, "INSERT INTO departments (name, area_code) VALUES ('东胜区城管局', '150602000000') RETURNING id", []);
  const u1 = await insertId(q, "INSERT INTO units (name, area_code) VALUES ('康城物业公司', $1) RETURNING id", [AREAS.communityA]);
  const uB = await insertId(q, "INSERT INTO units (name, area_code) VALUES ('康馨物业公司', $1) RETURNING id", [AREAS.communityB]);
  for (const [code, auto] of [
    [CATEGORY, null],
    [CATEGORY_AUTO, true],
    [CATEGORY_MANUAL, false],
  ] as const) {
    await q.query(
      `INSERT INTO case_categories (code, name, family, deadline_normal, deadline_normal_unit, deadline_urgent, deadline_urgent_unit,
                                    deadline_critical, deadline_critical_unit, auto_escalate)
       VALUES ($1, $2, 'social', 5, 'working_days', 4, 'working_hours', 2, 'hours', $3)`,
      [code, `测试类别${code}`, auto],
    );
  }
  const a = (
    username: string,
    roles: Parameters<typeof buildAccount>[1]["roles"],
    o: { areaCode?: string; departmentId?: string; unitId?: string } = {},
  ) => buildAccount(q, { username, roles, displayName: username, ...o });
  return {
    acc: {
      gw1: await a("gw1", ["grid_worker"], { areaCode: AREAS.communityA }),
      gw2: await a("gw2", ["grid_worker"], { areaCode: AREAS.communityA }),
      gwB: await a("gwB", ["grid_worker"], { areaCode: AREAS.communityB }),
      staffA: await a("staffA", ["community_staff"], { areaCode: AREAS.communityA }),
      staffB: await a("staffB", ["community_staff"], { areaCode: AREAS.communityB }),
      street: await a("street", ["street_staff"], { areaCode: AREAS.street }),
      otherStreet: await a("otherStreet", ["street_staff"], { areaCode: AREAS.otherStreet }),
      dept1: await a("dept1", ["department"], { departmentId: d1 }),
      dept2: await a("dept2", ["department"], { departmentId: d2 }),
      unitRep: await a("unitRep", ["unit_rep"], { unitId: u1 }),
      reporter: await a("reporter", ["resident"]),
      resident2: await a("resident2", ["resident"]),
      leader: await a("leader", ["leader"], { areaCode: AREAS.district }),
      admin: await a("admin", ["admin"], { areaCode: "150600000000" }),
      streetAdmin: await a("streetAdmin", ["admin"], { areaCode: AREAS.street }),
    },
    dept: { d1, d2, far },
    unit: { u1, uB },
  };
}

/** A test app on the case world, with a logged-in client for each account named (every account by default). */
export async function caseWorldApp(
  names?: readonly (keyof CaseWorld["acc"])[],
): Promise<{ t: TestContext; w: CaseWorld; agents: Record<string, Agent> }> {
  let world: CaseWorld | null = null;
  const t = await createTestContext({
    setup: async (deps) => {
      world = await buildCaseWorld(deps);
    },
  });
  const w = world as unknown as CaseWorld;
  const agents: Record<string, Agent> = {};
  for (const name of names ?? Object.keys(w.acc)) agents[name] = await loginAs(t.app, name, TEST_PASSWORD);
  return { t, w, agents };
}

export interface CaseInput {
  status?: CaseStatus;
  title?: string;
  areaCode?: string | null;
  categoryCode?: string | null;
  urgency?: "normal" | "urgent" | "critical";
  handler?: { kind: HandlerKind; ref: string; label?: string } | null;
  reporterAccountId?: string | null;
  /** a phone left by the reporter (stored encrypted) */
  phone?: string | null;
  anonymous?: boolean;
  deadlineAt?: Date | null;
  holdStartedAt?: Date | null;
  holdReason?: string | null;
  ratingDueAt?: Date | null;
  resolvedAt?: Date | null;
  mergedInto?: string | null;
  reworkCount?: number;
  createdAt?: Date;
}

let seq = 0;

/** Inserts a case as it would stand in `status`, with the fields that status implies filled in. */
export async function insertCase(
  q: Queryable,
  vault: Vault,
  o: CaseInput = {},
): Promise<{ id: string; trackingCode: string; number: string }> {
  const status = o.status ?? "assigned";
  const trackingCode = [...randomBytes(10)].map((b) => TRACKING_ALPHABET[b % TRACKING_ALPHABET.length]).join("");
  const number = `GZ-T-${process.pid}-${++seq}-${randomBytes(2).toString("hex")}`;
  const now = Date.now();
  const handler = o.handler === undefined ? null : o.handler;
  const id = await insertId(
    q,
    `INSERT INTO cases (number, tracking_code, channel, source, category_code, title, status, urgency, area_code,
                        reporter_account_id, reporter_name, reporter_phone_enc, reporter_phone_hash, anonymous,
                        handler_kind, handler_ref, handler_label, deadline_at, hold_started_at, hold_reason,
                        resolved_at, rating_due_at, merged_into, rework_count, created_at)
     VALUES ($1, $2, 'resident_report', 'mobile', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
     RETURNING id`,
    [
      number,
      trackingCode,
      o.categoryCode === undefined ? CATEGORY : o.categoryCode,
      o.title ?? "路灯不亮",
      status,
      o.urgency ?? "normal",
      o.areaCode === undefined ? AREAS.communityA : o.areaCode,
      o.reporterAccountId ?? null,
      "王女士",
      o.phone ? vault.encrypt(o.phone) : null,
      o.phone ? vault.hash(o.phone) : null,
      o.anonymous ?? false,
      handler?.kind ?? null,
      handler?.ref ?? null,
      handler ? (handler.label ?? `办理方${handler.kind}`) : null,
      o.deadlineAt === undefined ? (status === "submitted" ? null : new Date(now + 5 * 86_400_000)) : o.deadlineAt,
      o.holdStartedAt === undefined ? (status === "on_hold" ? new Date(now - 3_600_000) : null) : o.holdStartedAt,
      o.holdReason === undefined ? (status === "on_hold" || status === "hold_requested" ? "等待配件" : null) : o.holdReason,
      o.resolvedAt === undefined ? (status === "resolved" ? new Date(now - 3_600_000) : null) : o.resolvedAt,
      o.ratingDueAt === undefined ? (status === "resolved" ? new Date(now + 7 * 86_400_000) : null) : o.ratingDueAt,
      o.mergedInto ?? null,
      o.reworkCount ?? 0,
      o.createdAt ?? new Date(now - 86_400_000),
    ],
  );
  return { id, trackingCode, number };
}
