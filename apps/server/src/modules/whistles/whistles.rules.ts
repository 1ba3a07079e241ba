import type { WhistleLevel } from "@gongzhi/contracts";
import { addWorkingDays, addWorkingHours, type WorkCalendar } from "../calendar/working-time.js";

/**
 * The report-in limits of a whistle, in one place (DOMAIN §4: Pinggu's 30 minutes for urgent matters; Nanjing
 * Gulou's sign within 1 hour, contact within 24 hours, result within 3 or 5 working days by level).
 * Report-in is wall-clock time; the others run on the working calendar of the whistle's area.
 */
export const WHISTLE_LIMITS = {
  /** report in within these minutes of the whistle (wall clock); an ordinary whistle sets no report-in deadline */
  reportInMinutes: { urgent: 30, ordinary: null } as Record<WhistleLevel, number | null>,
  /** sign within these working hours */
  signWorkingHours: 1,
  /** contact the case's parties within these working hours */
  contactWorkingHours: 24,
  /** report the result within these working days */
  resultWorkingDays: { urgent: 3, ordinary: 5 } as Record<WhistleLevel, number>,
};

export interface WhistleDeadlines {
  reportDueAt: Date | null;
  signDueAt: Date;
  contactDueAt: Date;
  resultDueAt: Date;
}

/** The deadlines of each summoned party's task for a whistle blown at `blownAt`. */
export function whistleDeadlines(cal: WorkCalendar, blownAt: Date, level: WhistleLevel, limits = WHISTLE_LIMITS): WhistleDeadlines {
  const reportMinutes = limits.reportInMinutes[level];
  return {
    reportDueAt: reportMinutes === null ? null : new Date(blownAt.getTime() + reportMinutes * 60_000),
    signDueAt: addWorkingHours(cal, blownAt, limits.signWorkingHours),
    contactDueAt: addWorkingHours(cal, blownAt, limits.contactWorkingHours),
    resultDueAt: addWorkingDays(cal, blownAt, limits.resultWorkingDays[level]),
  };
}

/**
 * Whether a step is late: done after its deadline, or not done while its deadline lies before `ref`
 * (the whistle's closing if it is closed, else now). A step without a deadline is never late.
 */
export function stepLate(dueAt: Date | null, at: Date | null, ref: Date): boolean {
  if (!dueAt) return false;
  return (at ?? ref).getTime() > dueAt.getTime();
}
