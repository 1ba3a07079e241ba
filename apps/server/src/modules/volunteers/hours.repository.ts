import type { HoursSummary } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { summaryOf } from "./hours.rules.js";

/**
 * The SQL twin of `summarizeHours`: per volunteer, verified and pending minutes of actual service (a confirmed
 * sign-up marked attended; travel minutes never count) and the number of verified activities.
 */
export const HOURS_SQL = `
  SELECT s.volunteer_id,
         coalesce(sum(s.service_minutes) FILTER (WHERE s.verified_at IS NOT NULL), 0)::int AS verified_minutes,
         coalesce(sum(s.service_minutes) FILTER (WHERE s.verified_at IS NULL), 0)::int AS pending_minutes,
         count(*) FILTER (WHERE s.verified_at IS NOT NULL)::int AS activities
    FROM activity_signups s
   WHERE s.status = 'confirmed' AND s.attended AND s.service_minutes > 0`;

interface HoursRow {
  volunteer_id: string;
  verified_minutes: number;
  pending_minutes: number;
  activities: number;
}

/** Hours of each volunteer given (zero for those without service). */
export async function hoursOf(q: Queryable, volunteerIds: readonly string[]): Promise<Map<string, HoursSummary>> {
  const out = new Map<string, HoursSummary>();
  if (!volunteerIds.length) return out;
  const { rows } = await q.query<HoursRow>(`${HOURS_SQL} AND s.volunteer_id = ANY($1::uuid[]) GROUP BY s.volunteer_id`, [
    [...volunteerIds],
  ]);
  for (const id of volunteerIds) out.set(id, summaryOf(0, 0, 0));
  for (const r of rows) out.set(r.volunteer_id, summaryOf(r.verified_minutes, r.pending_minutes, r.activities));
  return out;
}
