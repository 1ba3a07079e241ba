import { DEFAULT_WINDOWS, type WorkCalendar } from "./working-time.js";

/**
 * The published 2026 Mid-Autumn and National Day arrangement: 09-25…09-27 and 10-01…10-07 off, Sunday 09-20 and
 * Saturday 10-10 worked.
 */
export const NATIONAL_DAY_2026: readonly (readonly [string, "holiday" | "workday"])[] = [
  ["2026-09-25", "holiday"],
  ["2026-09-26", "holiday"],
  ["2026-09-27", "holiday"],
  ...["01", "02", "03", "04", "05", "06", "07"].map((d) => [`2026-10-${d}`, "holiday"] as const),
  ["2026-09-20", "workday"],
  ["2026-10-10", "workday"],
];

/** That arrangement with the default working windows. */
export const NATIONAL_DAY_2026_CALENDAR: WorkCalendar = { overrides: new Map(NATIONAL_DAY_2026), windows: DEFAULT_WINDOWS };
