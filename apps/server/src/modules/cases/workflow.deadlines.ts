import type { Case, DeadlineRule } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { workCalendarFor } from "../calendar/calendar.repository.js";
import { addWorkingDays, addWorkingHours, resumeDeadline, type WorkCalendar, workingMinutesBetween } from "../calendar/working-time.js";
import { deadlineRuleOf, findCategory } from "./categories.repository.js";

/**
 * Deadlines of cases: the category's limit at the case's urgency counted on the area's working calendar (at
 * triage from intake, for a case without one or a rework from the step), the clock stopped on hold, and when a
 * reminder is due. Working-time units run on the area's working calendar; `hours` and `days` run round the clock.
 */

/** The rule of a case without a category (or with one that is gone): 7 working days, the hotline's general limit. */
export const DEFAULT_RULE: DeadlineRule = { value: 7, unit: "working_days" };

/** Work calendars by area, loaded once per use (a sweep). */
export function calendarCache(q: Queryable): (areaCode: string | null) => Promise<WorkCalendar> {
  const cache = new Map<string, Promise<WorkCalendar>>();
  return (areaCode) => {
    const key = areaCode ?? "";
    let cal = cache.get(key);
    if (!cal) {
      cal = workCalendarFor(q, areaCode);
      cache.set(key, cal);
    }
    return cal;
  };
}

/** The deadline `rule` after `start` on a work calendar. */
export function deadlineAfter(cal: WorkCalendar, start: Date, rule: DeadlineRule): Date {
  switch (rule.unit) {
    case "working_days":
      return addWorkingDays(cal, start, rule.value);
    case "working_hours":
      return addWorkingHours(cal, start, rule.value);
    case "hours":
      return new Date(start.getTime() + rule.value * 3_600_000);
    case "days":
      return new Date(start.getTime() + rule.value * 86_400_000);
  }
}

/** The deadline rule of a category at an urgency. */
export async function deadlineRuleFor(q: Queryable, categoryCode: string | null, urgency: Case["urgency"]): Promise<DeadlineRule> {
  const category = categoryCode ? await findCategory(q, categoryCode) : null;
  return category ? deadlineRuleOf(category, urgency) : DEFAULT_RULE;
}

/** The deadline of a case of `category_code` at `urgency`, counted from `from` on the working calendar of its area. */
export async function caseDeadline(
  q: Queryable,
  c: { area_code: string | null; category_code: string | null; urgency: Case["urgency"] },
  from: Date,
): Promise<{ at: Date; rule: DeadlineRule }> {
  const rule = await deadlineRuleFor(q, c.category_code, c.urgency);
  return { at: deadlineAfter(await workCalendarFor(q, c.area_code), from, rule), rule };
}

/** Whether a rule runs round the clock (a hold then stops wall-clock time, not working time). */
export const isWallClock = (rule: DeadlineRule) => rule.unit === "hours" || rule.unit === "days";

/** Minutes of working time in a working day of the calendar. */
const minutesPerDay = (cal: WorkCalendar) => cal.windows.reduce((sum, [a, b]) => sum + (b - a), 0);

/** The length of a rule's limit in minutes of its own clock (working minutes for working units). */
export function ruleMinutes(cal: WorkCalendar, rule: DeadlineRule): number {
  switch (rule.unit) {
    case "working_days":
      return rule.value * minutesPerDay(cal);
    case "working_hours":
    case "hours":
      return rule.value * 60;
    case "days":
      return rule.value * 24 * 60;
  }
}

/** Minutes of the rule's clock left from `now` to the deadline (0 when past). */
export function minutesLeft(cal: WorkCalendar, rule: DeadlineRule, deadline: Date, now: Date): number {
  if (isWallClock(rule)) return Math.max(0, (deadline.getTime() - now.getTime()) / 60_000);
  return workingMinutesBetween(cal, now, deadline);
}

/** Share of the limit after which a reminder goes out, and the least time left that triggers one. */
export const REMINDER = { share: 0.8, minutesBefore: 60 };

/**
 * Whether the handler should be reminded now: 80% of the limit has passed, or less than one hour of the clock
 * is left, whichever comes first. The limit is the rule's (a held case's deadline moved with its clock).
 */
export function reminderDue(cal: WorkCalendar, rule: DeadlineRule, deadline: Date, now: Date, opts = REMINDER): boolean {
  if (deadline.getTime() <= now.getTime()) return false;
  const threshold = Math.max(ruleMinutes(cal, rule) * (1 - opts.share), opts.minutesBefore);
  return minutesLeft(cal, rule, deadline, now) <= threshold;
}

/**
 * The deadline after a hold from `holdStart` to `holdEnd`: the time that was left when the clock stopped counts
 * again from the moment it restarts. Working-time rules count working time (`resumeDeadline`); round-the-clock
 * rules count wall-clock time. A deadline already passed when the hold began stays where it is.
 */
export function deadlineAfterHold(cal: WorkCalendar, rule: DeadlineRule, deadline: Date, holdStart: Date, holdEnd: Date): Date {
  if (!isWallClock(rule)) return resumeDeadline(cal, deadline, holdStart, holdEnd);
  const left = deadline.getTime() - holdStart.getTime();
  if (left <= 0) return deadline;
  return new Date(Math.max(holdEnd.getTime(), holdStart.getTime()) + left);
}
