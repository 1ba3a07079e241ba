import type { HandlerKind, NotificationKind } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import type { Deps } from "../../platform/context.js";
import { maskPhone } from "../../platform/crypto.js";
import { chinaDateTime } from "../calendar/working-time.js";
import { externalChannel } from "../notifications/channels.js";
import { notifyAccounts, notifyTrackingCodes } from "../notifications/notifications.repository.js";
import { enqueueOutbox } from "../notifications/outbox.js";

/**
 * Who hears about a step of a case: the accounts of its handler, the staff who supervise its area (who also
 * triage new cases), and its reporters (the logged-in reporter's inbox, the track page of each tracking code, and
 * for the steps that matter to them a text message to the number they left). Every step of a case — intake,
 * triage, merge, the workflow's actions and the sweeper's marks — tells through `deliverNotices`, in the step's
 * transaction.
 */

export type Audience = "handler" | "supervisors" | "reporter";

export interface Notice {
  kind: NotificationKind;
  title: string;
  body: string;
  to: readonly Audience[];
  /** also send it to reporters' phones through the outbox */
  external?: boolean;
}

/** The case as it stands after the step: whose it is and where. */
export interface NoticeCase {
  id: string;
  number: string;
  area_code: string | null;
  handler_kind: HandlerKind | null;
  handler_ref: string | null;
}

const STAFF = ["community_staff", "street_staff"];

export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
/** A case's title as notices quote it. */
export const quoted = (c: { title: string }) => `“${clip(c.title, 40)}”`;

/**
 * Notices of a case going to a handler (triage, assign, escalate, transfer): the handler is asked to take it up
 * by its deadline, the reporter reads the step's public note.
 */
export function handoverNotices(
  c: { title: string; number: string },
  kind: "case.assign" | "case.escalate" | "case.transfer",
  publicNote: string,
  deadline: Date | null,
): Notice[] {
  const title = { "case.assign": "新派事项", "case.escalate": "上报事项", "case.transfer": "转办事项" }[kind];
  const due = deadline ? `，办理期限 ${chinaDateTime(deadline)}` : "";
  return [
    { kind, to: ["handler"], title, body: `${quoted(c)}（${c.number}）已交由您办理${due}，请及时受理。` },
    { kind, to: ["reporter"], title: "办理进展", body: `您反映的${quoted(c)}${publicNote}。` },
  ];
}

/** Active accounts that act as the handler: the grid worker, the staff of the community or street, the department's or unit's. */
export async function handlerAccounts(q: Queryable, kind: HandlerKind | null, ref: string | null): Promise<string[]> {
  if (!kind || !ref) return [];
  const by: Partial<Record<HandlerKind, string>> = {
    grid_worker: "id::text = $1 AND 'grid_worker' = ANY(roles)",
    community: `area_code = $1 AND roles && '{${STAFF.join(",")}}'::text[]`,
    street: `area_code = $1 AND roles && '{${STAFF.join(",")}}'::text[]`,
    department: "department_id::text = $1",
    unit: "unit_id::text = $1",
  };
  const cond = by[kind];
  if (!cond) return [];
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM accounts WHERE status = 'active' AND ${cond}`, [ref]);
  return rows.map((r) => r.id);
}

/** The community or street staff nearest to the case's area whose scope holds it (those who approve holds). */
export async function supervisorAccounts(q: Queryable, areaCode: string | null): Promise<string[]> {
  if (!areaCode) return [];
  const { rows } = await q.query<{ id: string; depth: number }>(
    `SELECT a.id, length(ar.prefix) AS depth FROM accounts a JOIN areas ar ON ar.code = a.area_code
      WHERE a.status = 'active' AND a.roles && $2::text[] AND $1 LIKE ar.prefix || '%'`,
    [areaCode, STAFF],
  );
  const nearest = Math.max(0, ...rows.map((r) => r.depth));
  return rows.filter((r) => r.depth === nearest).map((r) => r.id);
}

interface ReporterRow {
  reporter_account_id: string | null;
  tracking_code: string;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  anonymous: boolean;
}

/** The case's reporters, with those of the cases merged into it. */
async function reporters(q: Queryable, caseId: string): Promise<ReporterRow[]> {
  const { rows } = await q.query<ReporterRow>(
    `SELECT reporter_account_id, tracking_code, reporter_phone_enc, reporter_phone_hash, anonymous FROM cases WHERE id = $1
     UNION ALL
     SELECT r.reporter_account_id, r.tracking_code, m.reporter_phone_enc, m.reporter_phone_hash, m.anonymous
       FROM case_reporters r JOIN cases m ON m.id = r.reported_case_id
      WHERE r.case_id = $1 AND r.reported_case_id <> $1`,
    [caseId],
  );
  return rows;
}

/** Writes the notices of one step. The acting account is not told of its own step. */
export async function deliverNotices(
  q: Queryable,
  deps: Pick<Deps, "vault" | "config">,
  c: NoticeCase,
  notices: readonly Notice[],
  opts: { actorId?: string | null } = {},
): Promise<void> {
  if (!notices.length) return;
  const needs = new Set(notices.flatMap((n) => n.to));
  const handler = needs.has("handler") ? await handlerAccounts(q, c.handler_kind, c.handler_ref) : [];
  const supervisors = needs.has("supervisors") ? await supervisorAccounts(q, c.area_code) : [];
  const reps = needs.has("reporter") ? await reporters(q, c.id) : [];
  const not = (ids: string[]) => ids.filter((id) => id !== opts.actorId);

  for (const n of notices) {
    const msg = { kind: n.kind, title: n.title, body: n.body, caseId: c.id };
    const accounts: string[] = [];
    if (n.to.includes("handler")) accounts.push(...handler);
    if (n.to.includes("supervisors")) accounts.push(...supervisors);
    if (n.to.includes("reporter")) accounts.push(...reps.flatMap((r) => (r.reporter_account_id ? [r.reporter_account_id] : [])));
    await notifyAccounts(q, not(accounts), msg);
    if (!n.to.includes("reporter")) continue;
    await notifyTrackingCodes(
      q,
      reps.map((r) => r.tracking_code),
      msg,
    );
    if (!n.external) continue;
    const phones = new Map<string, ReporterRow>();
    for (const r of reps) if (r.reporter_phone_enc) phones.set(r.reporter_phone_hash ?? r.reporter_phone_enc, r);
    for (const r of phones.values()) {
      await enqueueOutbox(q, {
        channel: externalChannel(deps.config),
        recipient: r.anonymous ? "匿名居民" : maskPhone(deps.vault.decrypt(r.reporter_phone_enc!)),
        toEnc: r.reporter_phone_enc!,
        kind: n.kind,
        title: n.title,
        text: `【共治】${n.body}（事项编号 ${c.number}）`,
        caseId: c.id,
        areaCode: c.area_code,
      });
    }
  }
}
