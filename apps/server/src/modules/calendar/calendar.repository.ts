import { createRequire } from "node:module";
import { type CalendarDay, parentCode, type WorkingHours } from "@gongzhi/contracts";
import type { Queryable } from "../../db/client.js";
import { type Actor, scopeSql } from "../../platform/actor.js";
import { DEFAULT_WINDOWS, type WorkCalendar } from "./working-time.js";

/**
 * The working calendar as data: days that differ from the Monday–Friday week (public holidays and make-up
 * working days, seeded from the `chinese-days` package and editable), and the working windows of areas.
 */

type Windows = readonly (readonly [number, number])[];

interface CalendarData {
  overrides: ReadonlyMap<string, "holiday" | "workday">;
  windows: ReadonlyMap<string, Windows>;
}

/**
 * Loaded calendars by the database's calendar_version token. Every change to calendar_days or working_hours
 * gives the token a fresh random value in the changing transaction, so equal tokens mean equal data and a
 * cached calendar is current exactly while the token it was loaded at is still the database's.
 */
const cache = new Map<string, Promise<CalendarData>>();
const CACHE_ENTRIES = 8;

async function calendarData(q: Queryable): Promise<CalendarData> {
  // The token is read before the data: a change committed in between makes the next call load again.
  const { rows } = await q.query<{ token: string }>("SELECT token::text AS token FROM calendar_version");
  const token = rows[0]?.token ?? "none";
  let data = cache.get(token);
  if (!data) {
    data = loadCalendarData(q);
    cache.set(token, data);
    data.catch(() => cache.delete(token));
    while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return data;
}

async function loadCalendarData(q: Queryable): Promise<CalendarData> {
  const days = await q.query<{ day: string; kind: "holiday" | "workday" }>("SELECT day::text AS day, kind FROM calendar_days");
  const hours = await q.query<{ area_code: string; windows: [number, number][] }>("SELECT area_code, windows FROM working_hours");
  return {
    overrides: new Map(days.rows.map((d) => [d.day, d.kind])),
    windows: new Map(hours.rows.map((h) => [h.area_code, normalizeWindows(h.windows)])),
  };
}

/** Windows as stored, sorted; anything unusable falls back to the default. */
function normalizeWindows(raw: unknown): Windows {
  if (!Array.isArray(raw)) return DEFAULT_WINDOWS;
  const out = raw
    .filter((w): w is [number, number] => Array.isArray(w) && Number.isInteger(w[0]) && Number.isInteger(w[1]) && w[0] < w[1])
    .map(([a, b]) => [a, b] as const)
    .sort((x, y) => x[0] - y[0]);
  return out.length ? out : DEFAULT_WINDOWS;
}

/** The working windows of an area: its own, else its nearest ancestor's, else 9:00–12:00 and 13:30–17:30. */
function windowsFor(data: CalendarData, areaCode: string | null): Windows {
  for (let code = areaCode; code; code = parentCode(code)) {
    const w = data.windows.get(code);
    if (w) return w;
  }
  return DEFAULT_WINDOWS;
}

/** The work calendar of an area: the calendar's days and the area's working windows. Cached per process. */
export async function workCalendarFor(q: Queryable, areaCode: string | null): Promise<WorkCalendar> {
  const data = await calendarData(q);
  return { overrides: data.overrides, windows: windowsFor(data, areaCode) };
}

// ---------------------------------------------------------------------------------------------------------
// Calendar days

export async function listCalendarDays(q: Queryable, f: { year?: number; from?: string; to?: string }): Promise<CalendarDay[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.year) {
    params.push(`${f.year}-01-01`, `${f.year}-12-31`);
    where.push(`day BETWEEN $${params.length - 1}::date AND $${params.length}::date`);
  }
  if (f.from) {
    params.push(f.from);
    where.push(`day >= $${params.length}::date`);
  }
  if (f.to) {
    params.push(f.to);
    where.push(`day <= $${params.length}::date`);
  }
  const { rows } = await q.query<{ day: string; kind: CalendarDay["kind"]; name: string }>(
    `SELECT day::text AS day, kind, name FROM calendar_days ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY day`,
    params,
  );
  return rows;
}

export async function findCalendarDay(q: Queryable, day: string): Promise<CalendarDay | null> {
  const { rows } = await q.query<CalendarDay>("SELECT day::text AS day, kind, name FROM calendar_days WHERE day = $1::date", [day]);
  return rows[0] ?? null;
}

export async function putCalendarDay(q: Queryable, d: CalendarDay): Promise<void> {
  await q.query(
    `INSERT INTO calendar_days (day, kind, name) VALUES ($1::date, $2, $3)
     ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
    [d.day, d.kind, d.name],
  );
}

export async function deleteCalendarDay(q: Queryable, day: string): Promise<boolean> {
  const { rowCount } = await q.query("DELETE FROM calendar_days WHERE day = $1::date", [day]);
  return rowCount > 0;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The holidays and make-up working days the `chinese-days` package holds, by year. */
export function packagedCalendar(): Map<number, CalendarDay[]> {
  const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as ChineseDaysData;
  // Entries read "English name,中文名,days": the Chinese name is the second field.
  const nameOf = (v: string) => v.split(",")[1]?.trim() || v;
  const byYear = new Map<number, CalendarDay[]>();
  const add = (day: string, kind: CalendarDay["kind"], name: string) => {
    const year = Number(day.slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, []);
    byYear.get(year)!.push({ day, kind, name });
  };
  for (const [day, v] of Object.entries(data.holidays)) add(day, "holiday", nameOf(v));
  for (const [day, v] of Object.entries(data.workdays)) add(day, "workday", `${nameOf(v)}调休上班`);
  for (const days of byYear.values()) days.sort((a, b) => a.day.localeCompare(b.day));
  return byYear;
}

/**
 * Loads each year of the packaged calendar that this database has not loaded before (each year once ever, so
 * an administrator's later edits stay). Safe when several processes boot at once. Returns the years loaded.
 */
export async function seedCalendarDays(q: Queryable): Promise<number[]> {
  const loaded: number[] = [];
  for (const [year, days] of [...packagedCalendar()].sort((a, b) => a[0] - b[0])) {
    const claim = await q.query("INSERT INTO reference_data_loads (key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING key", [
      `calendar:${year}`,
    ]);
    if (!claim.rows.length) continue;
    await q.query(
      `INSERT INTO calendar_days (day, kind, name)
       SELECT d.day::date, d.kind, d.name FROM jsonb_to_recordset($1::jsonb) AS d(day text, kind text, name text)
       ON CONFLICT (day) DO NOTHING`,
      [JSON.stringify(days)],
    );
    loaded.push(year);
  }
  return loaded;
}

// ---------------------------------------------------------------------------------------------------------
// Working hours

const pad = (n: number) => String(n).padStart(2, "0");
/** 540 → "09:00". */
export const minutesToClock = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
/** "09:00" → 540. */
export const clockToMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

interface WorkingHoursRow {
  area_code: string;
  area_name: string | null;
  windows: [number, number][];
}

const toWorkingHours = (r: WorkingHoursRow): WorkingHours => ({
  areaCode: r.area_code,
  areaName: r.area_name,
  windows: normalizeWindows(r.windows).map(([a, b]) => ({ start: minutesToClock(a), end: minutesToClock(b) })),
});

/** The areas in the actor's scope with working hours of their own. */
export async function listWorkingHours(q: Queryable, actor: Actor): Promise<WorkingHours[]> {
  const scope = scopeSql(actor, "w.area_code", 1);
  const { rows } = await q.query<WorkingHoursRow>(
    `SELECT w.area_code, a.name AS area_name, w.windows FROM working_hours w LEFT JOIN areas a ON a.code = w.area_code
      WHERE ${scope.sql} ORDER BY w.area_code`,
    [scope.param],
  );
  return rows.map(toWorkingHours);
}

export async function findWorkingHours(q: Queryable, areaCode: string): Promise<WorkingHours | null> {
  const { rows } = await q.query<WorkingHoursRow>(
    `SELECT w.area_code, a.name AS area_name, w.windows FROM working_hours w LEFT JOIN areas a ON a.code = w.area_code
      WHERE w.area_code = $1`,
    [areaCode],
  );
  return rows[0] ? toWorkingHours(rows[0]) : null;
}

export async function putWorkingHours(q: Queryable, areaCode: string, windows: [number, number][]): Promise<void> {
  await q.query(
    `INSERT INTO working_hours (area_code, windows) VALUES ($1, $2::jsonb)
     ON CONFLICT (area_code) DO UPDATE SET windows = EXCLUDED.windows`,
    [areaCode, JSON.stringify(windows)],
  );
}

export async function deleteWorkingHours(q: Queryable, areaCode: string): Promise<boolean> {
  const { rowCount } = await q.query("DELETE FROM working_hours WHERE area_code = $1", [areaCode]);
  return rowCount > 0;
}
