import type { AssessmentMetric } from "@gongzhi/contracts";

/**
 * How every figure of the assessment is derived from `cases` and `case_events`; nothing is typed in.
 *
 * Cohorts, for a period [from, to) (local days, both ends inclusive in the API):
 * - due: the case's deadline (`cases.deadline_at`, moved on by the workflow when a stopped clock resumes) falls
 *   in the period; rejected and merged cases never count.
 * - judged: the resident's verdict on a reported result came in the period: a `rate` event (satisfied or
 *   basically satisfied closes the case, unsatisfied reopens it) or a `close_unrated` event (the rating window
 *   ran out). A case counts once, by its last verdict in the period.
 * - rated: a `rate` event in the period; a case counts once, by its last rating in the period.
 *
 * Flags of a case:
 * - responded on time: its first `accept` event (the handler takes it up: 签收) is at or before the deadline it
 *   was given when it entered the ledger (the `deadlineAt` of its `triage` event; the current deadline if that
 *   names none). Holds and reworks, which move the deadline later, only come after acceptance: they never excuse
 *   a late one.
 * - on hold: its clock stood still at the deadline: the last of its `approve_hold` / `resume` events at or
 *   before the deadline is an `approve_hold`.
 * - closed on time: the case is closed and its last `resolve` event (the result that stood) is at or before
 *   the deadline.
 * - solved: its last verdict in the period did not reject the result: rated satisfied or basically satisfied,
 *   or closed unrated (the resident was told the result and did not object within the window). An unrated
 *   case is never counted as satisfied.
 * - satisfied: its last rating in the period is satisfied or basically satisfied.
 * - reworked: it was rated unsatisfied (sent back to the handler) in the period.
 *
 * The rates, each a numerator over a denominator of cases (null when the denominator is empty):
 * - response rate 响应率 = responded on time / due
 * - resolution rate 解决率 = solved / judged
 * - satisfaction rate 满意率 = satisfied / rated
 * - on-time closure rate 按期结案率 = closed on time / (due − on hold)
 * - rework rate 返工率 = reworked / judged
 *
 * Which cases a row counts: a grid's cases lie in it or its sub-grids; a community's or street's lie in its
 * area subtree; a department's or unit's are the cases it is the responsible party of now.
 */
export const METRIC_SQL: Record<AssessmentMetric, { denominator: string; numerator: string }> = {
  response: { denominator: "due", numerator: "due AND responded" },
  resolution: { denominator: "judged", numerator: "judged AND solved" },
  satisfaction: { denominator: "rated", numerator: "rated AND satisfied" },
  on_time: { denominator: "due AND NOT on_hold", numerator: "due AND NOT on_hold AND closed_on_time" },
  rework: { denominator: "judged", numerator: "judged AND reworked" },
};

/** The workflow actions the figures read. */
export const RESPONSE_ACTION = "accept";
export const LEDGER_ACTION = "triage";
export const VERDICT_ACTIONS = ["rate", "close_unrated"] as const;

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}

/**
 * The score out of 100: the weighted mean of the response, resolution and satisfaction rates, over the rates
 * that are defined (a row with nothing rated is scored on the other two); null when none is. Two decimals.
 */
export function weightedScore(
  rates: { response: number | null; resolution: number | null; satisfaction: number | null },
  w: Weights,
): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ["response", "resolution", "satisfaction"] as const) {
    const r = rates[k];
    if (r === null) continue;
    sum += r * w[k];
    weight += w[k];
  }
  if (weight === 0) return null;
  return Math.round((sum / weight) * 10_000) / 100;
}

/** A rate, or null over an empty denominator. */
export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
