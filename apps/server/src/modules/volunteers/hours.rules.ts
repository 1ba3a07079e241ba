import { type HoursSummary, hoursToNextStar, STAR_LABELS, starLevel } from "@gongzhi/contracts";

/** One sign-up's record of service, as the hour rules read it. */
export interface ServiceEntry {
  status: "requested" | "confirmed" | "declined" | "withdrawn";
  attended: boolean | null;
  serviceMinutes: number | null;
  /** recorded for the organiser's information; never counted */
  travelMinutes: number | null;
  verified: boolean;
}

/** Minutes as hours with two decimals. */
export const toHours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/** Whether an entry's service time counts at all: a confirmed sign-up marked attended with service recorded. */
const served = (e: ServiceEntry): boolean => e.status === "confirmed" && e.attended === true && (e.serviceMinutes ?? 0) > 0;

/**
 * Totals of a volunteer's service: actual service time only (travel excluded), verified hours apart from those
 * still awaiting verification; the star level follows the verified hours (100/300/600/1,000/1,500).
 * The SQL in `hours.repository.ts` computes the same figures in the database.
 */
export function summarizeHours(entries: readonly ServiceEntry[]): HoursSummary {
  let verifiedMinutes = 0;
  let pendingMinutes = 0;
  let activities = 0;
  for (const e of entries) {
    if (!served(e)) continue;
    if (e.verified) {
      verifiedMinutes += e.serviceMinutes ?? 0;
      activities++;
    } else pendingMinutes += e.serviceMinutes ?? 0;
  }
  return summaryOf(verifiedMinutes, pendingMinutes, activities);
}

/** The summary of verified and pending minutes. */
export function summaryOf(verifiedMinutes: number, pendingMinutes: number, activities: number): HoursSummary {
  const verifiedHours = toHours(verifiedMinutes);
  const star = starLevel(verifiedMinutes / 60);
  return {
    verifiedHours,
    pendingHours: toHours(pendingMinutes),
    activities,
    star,
    starLabel: STAR_LABELS[star] ?? "",
    hoursToNextStar: hoursToNextStar(verifiedMinutes / 60),
  };
}
