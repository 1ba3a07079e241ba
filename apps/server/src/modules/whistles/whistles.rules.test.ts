import { describe, expect, it } from "vitest";
import { DEFAULT_WINDOWS, type WorkCalendar } from "../calendar/working-time.js";
import { stepLate, WHISTLE_LIMITS, whistleDeadlines } from "./whistles.rules.js";

/** National Day 2026: 10-01 (Thu) to 10-07 off; Sunday 09-20 and Saturday 10-10 are make-up working days. */
const overrides = new Map<string, "holiday" | "workday">([
  ...["01", "02", "03", "04", "05", "06", "07"].map((d) => [`2026-10-${d}`, "holiday"] as [string, "holiday"]),
  ["2026-09-20", "workday"],
  ["2026-10-10", "workday"],
]);
const cal: WorkCalendar = { overrides, windows: DEFAULT_WINDOWS };

describe("whistle deadlines", () => {
  it("the limits are the defaults of practice", () => {
    expect(WHISTLE_LIMITS).toEqual({
      reportInMinutes: { urgent: 30, ordinary: null },
      signWorkingHours: 1,
      contactWorkingHours: 24,
      resultWorkingDays: { urgent: 3, ordinary: 5 },
    });
  });

  // Blown on Wednesday 2026-09-30 at 16:00 local (08:00 UTC), the afternoon before the National Day holiday.
  const blown = new Date("2026-09-30T08:00:00Z");

  it("urgent, before a holiday: report in by wall clock, the rest on the working calendar", () => {
    expect(whistleDeadlines(cal, blown, "urgent")).toEqual({
      // 16:00 + 30 minutes
      reportDueAt: new Date("2026-09-30T08:30:00Z"),
      // 16:00 + 60 working minutes, the window runs to 17:30 → 17:00
      signDueAt: new Date("2026-09-30T09:00:00Z"),
      // 24 working hours = 1440 min: 90 left on 09-30; 10-01..07 off; 420 each on 10-08, 10-09 and the make-up
      // Saturday 10-10 (1350 − 1260 = 90 left); Sunday off; Monday 10-12 9:00 + 90 → 10:30
      contactDueAt: new Date("2026-10-12T02:30:00Z"),
      // 3 working days after 09-30: 10-08, 10-09, 10-10 → end of 10-10 (17:30)
      resultDueAt: new Date("2026-10-10T09:30:00Z"),
    });
  });

  it("ordinary: no report-in deadline, 5 working days for the result", () => {
    const d = whistleDeadlines(cal, blown, "ordinary");
    expect(d.reportDueAt).toBeNull();
    expect(d.signDueAt).toEqual(new Date("2026-09-30T09:00:00Z"));
    expect(d.contactDueAt).toEqual(new Date("2026-10-12T02:30:00Z"));
    // 10-08, 10-09, 10-10, 10-12, 10-13 → end of 10-13
    expect(d.resultDueAt).toEqual(new Date("2026-10-13T09:30:00Z"));
  });

  it("at night before a weekend: report in within 30 minutes still; signing waits for Monday's first hour", () => {
    // Friday 2026-03-13 23:00 local
    const d = whistleDeadlines(cal, new Date("2026-03-13T15:00:00Z"), "urgent");
    expect(d.reportDueAt).toEqual(new Date("2026-03-13T15:30:00Z"));
    // Monday 9:00 + 60 → 10:00
    expect(d.signDueAt).toEqual(new Date("2026-03-16T02:00:00Z"));
    // 420 × 3 (Mon–Wed) = 1260, 180 left: Thursday 9:00–12:00 → 12:00 (the end of a window stays there)
    expect(d.contactDueAt).toEqual(new Date("2026-03-19T04:00:00Z"));
    // Mon, Tue, Wed → Wednesday 17:30
    expect(d.resultDueAt).toEqual(new Date("2026-03-18T09:30:00Z"));
  });

  it("follow the area's own working hours", () => {
    const early: WorkCalendar = { overrides, windows: [[8 * 60, 12 * 60]] };
    // Tuesday 2026-03-17 11:30 local: 30 minutes left that morning, then Wednesday 8:00 + 30 → 8:30
    const d = whistleDeadlines(early, new Date("2026-03-17T03:30:00Z"), "ordinary");
    expect(d.signDueAt).toEqual(new Date("2026-03-18T00:30:00Z"));
    expect(d.resultDueAt).toEqual(new Date("2026-03-24T04:00:00Z"));
  });

  it("lateness: done after the deadline, or not done with the deadline passed", () => {
    const due = new Date("2026-03-16T02:00:00Z");
    const before = new Date("2026-03-16T01:59:00Z");
    const after = new Date("2026-03-16T02:01:00Z");
    expect(stepLate(due, before, after)).toBe(false);
    expect(stepLate(due, due, after)).toBe(false);
    expect(stepLate(due, after, before)).toBe(true);
    expect(stepLate(due, null, before)).toBe(false);
    expect(stepLate(due, null, after)).toBe(true);
    expect(stepLate(null, null, after)).toBe(false);
  });
});
