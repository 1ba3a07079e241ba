import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NATIONAL_DAY_2026_CALENDAR } from "./calendar.fixtures.js";
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  DEFAULT_WINDOWS,
  isWorkday,
  localDate,
  resumeDeadline,
  workingMinutesBetween,
} from "./working-time.js";

/** The 2026 National Day and Mid-Autumn arrangement, as published. */
const cal = NATIONAL_DAY_2026_CALENDAR;

const iso = (d: Date) => d.toISOString();
const local = (s: string) => new Date(`${s}+08:00`);

describe("working days", () => {
  it("a case filed on the afternoon of 2026-09-30 with 7 working days is due at the end of 2026-10-15", () => {
    // 10-08 (1), 10-09 (2), 10-10 make-up Saturday (3), 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7).
    expect(iso(addWorkingDays(cal, local("2026-09-30T15:20:00"), 7))).toBe(iso(local("2026-10-15T17:30:00")));
  });

  it("make-up days are worked and holidays are not", () => {
    expect(isWorkday(cal, "2026-09-20")).toBe(true); // Sunday, worked
    expect(isWorkday(cal, "2026-10-10")).toBe(true); // Saturday, worked
    expect(isWorkday(cal, "2026-10-05")).toBe(false); // Monday, holiday
    expect(isWorkday(cal, "2026-10-17")).toBe(false); // ordinary Saturday
  });

  it("a case filed on a holiday counts from the next working day", () => {
    expect(iso(addWorkingDays(cal, local("2026-10-03T10:00:00"), 1))).toBe(iso(local("2026-10-08T17:30:00")));
  });
});

describe("working hours", () => {
  it("a 2-hour limit across lunch", () => {
    expect(iso(addWorkingHours(cal, local("2026-11-20T11:00:00"), 2))).toBe(iso(local("2026-11-20T14:30:00")));
  });

  it("a 4-hour limit filed on Friday evening runs on Monday morning", () => {
    expect(iso(addWorkingHours(cal, local("2026-11-20T20:00:00"), 4))).toBe(iso(local("2026-11-23T14:30:00")));
  });

  it("a 24-hour limit spans three working days", () => {
    // 7 working hours a day: 24 h = 3 days (21 h) + 3 h.
    expect(iso(addWorkingHours(cal, local("2026-11-23T09:00:00"), 24))).toBe(iso(local("2026-11-26T12:00:00")));
  });
});

const instant = fc.integer({ min: Date.parse("2026-08-01T00:00:00Z"), max: Date.parse("2026-12-31T00:00:00Z") }).map((ms) => new Date(ms));

describe("properties", () => {
  it("the working minutes between a start and start + N working minutes are N", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (start, n) => {
        const end = addWorkingMinutes(cal, start, n);
        expect(workingMinutesBetween(cal, start, end)).toBeCloseTo(n, 6);
      }),
    );
  });

  it("a deadline never falls on a non-working day or outside working hours", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (start, n) => {
        const end = addWorkingMinutes(cal, start, n);
        expect(isWorkday(cal, localDate(end))).toBe(true);
        const minutes = ((end.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000;
        expect(DEFAULT_WINDOWS.some(([a, b]) => minutes > a && minutes <= b)).toBe(true);
      }),
    );
  });

  it("working days: the due day is a working day, N working days after the filing day", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 }), (start, n) => {
        const due = addWorkingDays(cal, start, n);
        const dueDate = localDate(due);
        expect(isWorkday(cal, dueDate)).toBe(true);
        let count = 0;
        for (let d = new Date(`${localDate(start)}T00:00:00Z`); ; ) {
          d = new Date(d.getTime() + 86_400_000);
          const s = d.toISOString().slice(0, 10);
          if (isWorkday(cal, s)) count++;
          if (s === dueDate) break;
        }
        expect(count).toBe(n);
      }),
    );
  });

  it("on hold, the clock stops: the deadline moves by exactly the working time of the hold", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 60, max: 5_000 }),
        fc.integer({ min: 0, max: 4_000 }),
        fc.integer({ min: 1, max: 10 * 86_400_000 }),
        (start, limit, holdAfter, holdMs) => {
          const deadline = addWorkingMinutes(cal, start, limit);
          const holdStart = addWorkingMinutes(cal, start, Math.min(holdAfter, limit - 1));
          const holdEnd = new Date(holdStart.getTime() + holdMs);
          const moved = resumeDeadline(cal, deadline, holdStart, holdEnd);
          // Working time used before the hold plus working time after it equals the limit.
          const used = workingMinutesBetween(cal, start, holdStart) + workingMinutesBetween(cal, holdEnd, moved);
          expect(used).toBeCloseTo(limit, 6);
          expect(moved.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
        },
      ),
    );
  });
});
