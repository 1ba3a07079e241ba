/**
 * Working time on the Chinese calendar: deadlines in working days or working hours, skipping weekends and
 * public holidays and counting make-up working days (调休). China has one time zone without daylight saving,
 * so local time is UTC+8 throughout.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Which days are worked, and the working windows of a day in minutes after local midnight. */
export interface WorkCalendar {
  /** Explicit days: 'holiday' (not worked even on a weekday) or 'workday' (worked even on a weekend). */
  overrides: ReadonlyMap<string, "holiday" | "workday">;
  /** Working windows, e.g. [[540, 720], [810, 1050]] for 9:00–12:00 and 13:30–17:30; sorted, disjoint. */
  windows: readonly (readonly [number, number])[];
}

export const DEFAULT_WINDOWS: readonly (readonly [number, number])[] = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

/** The local (UTC+8) date of an instant, as YYYY-MM-DD. */
export function localDate(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local date at a number of minutes after midnight. */
export function atLocal(date: string, minutes: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minutes * 60_000);
}

/** "10月15日 17:30": an instant as a local date and time in notices and public notes. */
export function chinaDateTime(t: Date): string {
  const iso = new Date(t.getTime() + OFFSET_MS).toISOString();
  return `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${iso.slice(11, 16)}`;
}

/** The local date `step` days after `date` (YYYY-MM-DD). */
export function nextDate(date: string, step = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + step * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a local date is a working day: an override decides, else Monday to Friday. */
export function isWorkday(cal: WorkCalendar, date: string): boolean {
  const o = cal.overrides.get(date);
  if (o) return o === "workday";
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

const MAX_DAYS_SCANNED = 3660;

/**
 * The deadline N working days after `start`: the end of the working day that is the N-th working day after
 * the start's local date (the day of filing does not count).
 */
export function addWorkingDays(cal: WorkCalendar, start: Date, days: number): Date {
  let date = localDate(start);
  let left = days;
  for (let i = 0; left > 0; i++) {
    if (i > MAX_DAYS_SCANNED) throw new Error("No working days in the calendar");
    date = nextDate(date);
    if (isWorkday(cal, date)) left--;
  }
  const end = cal.windows.at(-1)?.[1] ?? 24 * 60;
  return atLocal(date, end);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  let date = localDate(from);
  const last = localDate(to);
  for (let i = 0; date <= last; i++) {
    if (i > MAX_DAYS_SCANNED * 10) throw new Error("Interval too long");
    if (isWorkday(cal, date)) {
      for (const [a, b] of cal.windows) {
        const s = Math.max(atLocal(date, a).getTime(), from.getTime());
        const e = Math.min(atLocal(date, b).getTime(), to.getTime());
        if (e > s) total += (e - s) / 60_000;
      }
    }
    date = nextDate(date);
  }
  return total;
}

/**
 * The instant when `minutes` working minutes have passed after `start`. A deadline that falls exactly at the
 * end of a window stays there rather than moving to the next window's start.
 */
export function addWorkingMinutes(cal: WorkCalendar, start: Date, minutes: number): Date {
  let left = minutes;
  let date = localDate(start);
  let cursor = start.getTime();
  for (let i = 0; i <= MAX_DAYS_SCANNED; i++) {
    if (isWorkday(cal, date)) {
      for (const [a, b] of cal.windows) {
        const s = Math.max(atLocal(date, a).getTime(), cursor);
        const e = atLocal(date, b).getTime();
        if (e <= s) continue;
        const avail = (e - s) / 60_000;
        if (left <= avail) return new Date(s + left * 60_000);
        left -= avail;
      }
    }
    date = nextDate(date);
    cursor = atLocal(date, 0).getTime();
  }
  throw new Error("No working time in the calendar");
}

/** Adds working hours. */
export function addWorkingHours(cal: WorkCalendar, start: Date, hours: number): Date {
  return addWorkingMinutes(cal, start, hours * 60);
}

/**
 * A deadline after the clock stood still: the working time left when the hold began is counted again from
 * the moment the hold ended. Working time during the hold is not counted against the handler.
 */
export function resumeDeadline(cal: WorkCalendar, deadline: Date, holdStart: Date, holdEnd: Date): Date {
  const left = workingMinutesBetween(cal, holdStart, deadline);
  if (left <= 0) return deadline;
  return addWorkingMinutes(cal, holdEnd, left);
}
