import type { CaseStatus, HandlerKind, Rating } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { atLocal } from "../calendar/working-time.js";

/** An instant in local time (UTC+8): "2026-03-02 10:00". */
export function local(s: string): Date {
  const [date, time = "00:00"] = s.split(" ");
  const [h, m] = time.split(":").map(Number);
  return atLocal(date!, h! * 60 + m!);
}

/** A workflow step of a case history: the action, when (local time), and for a rating the rating given. */
export type Step =
  | [action: "accept" | "resolve" | "request_hold" | "approve_hold" | "resume" | "close_unrated", at: string]
  | ["rate", string, Rating];

const NEXT: Record<string, [from: CaseStatus, to: CaseStatus]> = {
  accept: ["assigned", "in_progress"],
  resolve: ["in_progress", "resolved"],
  request_hold: ["in_progress", "hold_requested"],
  approve_hold: ["hold_requested", "on_hold"],
  resume: ["on_hold", "in_progress"],
  close_unrated: ["resolved", "closed"],
};

let seq = 0;

/**
 * Inserts a case and its history directly: triaged (assigned) at `createdAt` with its first deadline recorded as the
 * workflow records it, then each step in order, with the
 * statuses the workflow would record; the case ends in the status of its last step (or `status` if given,
 * e.g. rejected). The fixture of tests that need cases with known events.
 */
export async function buildCaseHistory(
  q: Queryable,
  o: {
    title: string;
    areaCode: string;
    gridId?: string | null;
    handlerKind?: HandlerKind;
    handlerRef?: string | null;
    handlerLabel?: string | null;
    createdAt: string;
    deadlineAt: string | null;
    /** the deadline set at triage, when holds or a rework have moved it since (default: deadlineAt) */
    firstDeadlineAt?: string;
    steps?: Step[];
    status?: CaseStatus;
  },
): Promise<string> {
  seq++;
  const created = local(o.createdAt);
  let status: CaseStatus = "assigned";
  let rating: Rating | null = null;
  const events: { at: Date; action: string; from: CaseStatus; to: CaseStatus; data: Record<string, unknown> }[] = [
    {
      at: created,
      action: "triage",
      from: "submitted",
      to: "assigned",
      data: o.deadlineAt ? { deadlineAt: local(o.firstDeadlineAt ?? o.deadlineAt).toISOString() } : {},
    },
  ];
  for (const step of o.steps ?? []) {
    const [action, at] = step;
    let from: CaseStatus;
    let to: CaseStatus;
    const data: Record<string, unknown> = {};
    if (step[0] === "rate") {
      from = "resolved";
      to = step[2] === "unsatisfied" ? "in_progress" : "closed";
      rating = step[2];
      data.rating = step[2];
    } else {
      [from, to] = NEXT[action]!;
    }
    if (from !== status) throw new Error(`${o.title}: ${action} from ${status}, expected ${from}`);
    events.push({ at: local(at), action, from, to, data });
    status = to;
  }
  const final = o.status ?? status;
  const closedAt = final === "closed" ? events.at(-1)!.at : null;
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO cases (number, tracking_code, channel, source, title, status, area_code, grid_id, handler_kind, handler_ref, handler_label,
                        deadline_at, rating, closed_at, created_at, updated_at)
     VALUES ($1, $2, 'resident_report', 'mobile', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
    [
      `T${String(seq).padStart(6, "0")}`,
      `TRK${seq}-${Math.random().toString(36).slice(2, 10)}`,
      o.title,
      final,
      o.areaCode,
      o.gridId ?? null,
      o.handlerKind ?? "community",
      o.handlerRef ?? null,
      o.handlerLabel ?? null,
      o.deadlineAt ? local(o.deadlineAt) : null,
      rating,
      closedAt,
      created,
    ],
  );
  const id = rows[0]!.id;
  for (const e of events) {
    await q.query(
      `INSERT INTO case_events (case_id, at, actor_label, action, from_status, to_status, data, area_code)
       VALUES ($1, $2, 'fixture', $3, $4, $5, $6, $7)`,
      [id, e.at, e.action, e.from, e.to, JSON.stringify(e.data), o.areaCode],
    );
  }
  return id;
}
