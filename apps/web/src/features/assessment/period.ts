// The assessment's periods: whole months (this one up to today, and the ones before) and the last days, as local
// days YYYY-MM-DD with both ends included, the way GET /api/v1/assessment takes them.
import dayjs, { type Dayjs } from "dayjs";

export const DAY_FORMAT = "YYYY-MM-DD";

export interface Period {
  from: string;
  to: string;
}

/** A preset: `month:0` is this month up to today, `month:1` last month …; `days:N` the last N days up to today. */
export type PresetKey = `month:${number}` | `days:${number}`;

export const MONTH_PRESETS = [0, 1, 2, 3] as const;
export const DAY_PRESETS = [30, 90] as const;

export function presetPeriod(key: PresetKey, today: Dayjs = dayjs()): Period {
  const [kind, n] = key.split(":") as ["month" | "days", string];
  const count = Number(n);
  if (kind === "days") return { from: today.subtract(count - 1, "day").format(DAY_FORMAT), to: today.format(DAY_FORMAT) };
  const month = today.startOf("month").subtract(count, "month");
  return { from: month.format(DAY_FORMAT), to: count === 0 ? today.format(DAY_FORMAT) : month.endOf("month").format(DAY_FORMAT) };
}

export const PRESETS: PresetKey[] = [...MONTH_PRESETS.map((m) => `month:${m}` as const), ...DAY_PRESETS.map((d) => `days:${d}` as const)];

/** The preset a period is, if any (with no period given the server takes this month up to today). */
export function presetOf(period: Partial<Period>, today: Dayjs = dayjs()): PresetKey | null {
  if (!period.from && !period.to) return "month:0";
  return (
    PRESETS.find((p) => {
      const q = presetPeriod(p, today);
      return q.from === period.from && q.to === period.to;
    }) ?? null
  );
}

/** The first day of the month a preset covers (for its label), or null for a span of days. */
export function presetMonth(key: PresetKey, today: Dayjs = dayjs()): Date | null {
  const [kind, n] = key.split(":");
  return kind === "month" ? today.startOf("month").subtract(Number(n), "month").toDate() : null;
}

/** Whether a string is a valid local day. */
export function isDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, DAY_FORMAT).format(DAY_FORMAT) === value;
}
