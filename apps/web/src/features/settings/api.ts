// Data hooks of the case settings: the category table, the routing table, the working calendar and working hours.
import type { CalendarDay, CaseCategory, RoutingRule, WorkingHours } from "@gongzhi/contracts";
import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../shared/api";

export type { CalendarDay, CaseCategory, RoutingRule, WorkingHours };

export const settingsKeys = {
  categories: ["case-categories"] as const,
  routing: ["routing-rules"] as const,
  calendar: ["calendar-days"] as const,
  hours: ["working-hours"] as const,
};

/** Invalidates `keys` after a successful mutation. */
function useChange<I, O>(fn: (input: I) => Promise<O>, keys: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      for (const queryKey of keys) void client.invalidateQueries({ queryKey });
    },
  });
}

/** Every category, inactive and staff-only ones included (parents first). */
export function useAllCategories() {
  return useQuery({
    queryKey: [...settingsKeys.categories, "all"],
    queryFn: ({ signal }) => api<{ items: CaseCategory[] }>("/api/v1/case-categories/all", { signal }),
    select: (d) => d.items,
  });
}

export type CategoryCreate = Omit<CaseCategory, "active"> & { active?: boolean };
export type CategoryPatch = Partial<Omit<CaseCategory, "code" | "family">>;

/** Creates a category (no code given) or changes one. */
export function useSaveCategory(code: string | null) {
  return useChange(
    (body: CategoryCreate | CategoryPatch) =>
      code
        ? api<CaseCategory>(`/api/v1/case-categories/${encodeURIComponent(code)}`, { method: "PATCH", body })
        : api<CaseCategory>("/api/v1/case-categories", { method: "POST", body }),
    [settingsKeys.categories],
  );
}

export function usePatchCategory() {
  return useChange(
    ({ code, patch }: { code: string; patch: CategoryPatch }) =>
      api<CaseCategory>(`/api/v1/case-categories/${encodeURIComponent(code)}`, { method: "PATCH", body: patch }),
    [settingsKeys.categories],
  );
}

export function useDeleteCategory() {
  return useChange(
    (code: string) => api<void>(`/api/v1/case-categories/${encodeURIComponent(code)}`, { method: "DELETE" }),
    [settingsKeys.categories],
  );
}

export interface RoutingFilters {
  areaCode?: string;
  categoryCode?: string;
  handlerKind?: string;
}

export function useRoutingRules(filters: RoutingFilters) {
  return useQuery({
    queryKey: [...settingsKeys.routing, filters],
    queryFn: ({ signal }) => api<{ items: RoutingRule[] }>("/api/v1/routing-rules", { query: { ...filters }, signal }),
    // The whole table in one answer; its length is the total.
    select: (d) => ({ items: d.items, total: d.items.length }),
    placeholderData: keepPreviousData,
  });
}

export interface RoutingRuleInput {
  categoryCode: string | null;
  areaCode: string;
  handlerKind: RoutingRule["handlerKind"];
  handlerRef: string | null;
}

export function useCreateRoutingRule() {
  return useChange((body: RoutingRuleInput) => api<RoutingRule>("/api/v1/routing-rules", { method: "POST", body }), [settingsKeys.routing]);
}

export function useDeleteRoutingRule() {
  return useChange(
    (id: string) => api<void>(`/api/v1/routing-rules/${encodeURIComponent(id)}`, { method: "DELETE" }),
    [settingsKeys.routing],
  );
}

/** The holidays and make-up working days of a year. */
export function useCalendarDays(year: number) {
  return useQuery({
    queryKey: [...settingsKeys.calendar, year],
    queryFn: ({ signal }) => api<{ items: CalendarDay[] }>("/api/v1/calendar-days", { query: { year }, signal }),
    select: (d) => d.items,
    placeholderData: keepPreviousData,
  });
}

export function usePutCalendarDay() {
  return useChange(
    ({ day, kind, name }: CalendarDay) =>
      api<CalendarDay>(`/api/v1/calendar-days/${encodeURIComponent(day)}`, { method: "PUT", body: { kind, name } }),
    [settingsKeys.calendar],
  );
}

export function useDeleteCalendarDay() {
  return useChange(
    (day: string) => api<void>(`/api/v1/calendar-days/${encodeURIComponent(day)}`, { method: "DELETE" }),
    [settingsKeys.calendar],
  );
}

/** Areas in scope with working hours of their own. */
export function useWorkingHours() {
  return useQuery({
    queryKey: settingsKeys.hours,
    queryFn: ({ signal }) => api<{ items: WorkingHours[] }>("/api/v1/working-hours", { signal }),
    select: (d) => d.items,
  });
}

export function usePutWorkingHours() {
  return useChange(
    ({ areaCode, windows }: { areaCode: string; windows: { start: string; end: string }[] }) =>
      api<WorkingHours>(`/api/v1/working-hours/${encodeURIComponent(areaCode)}`, { method: "PUT", body: { windows } }),
    [settingsKeys.hours],
  );
}

export function useDeleteWorkingHours() {
  return useChange(
    (areaCode: string) => api<void>(`/api/v1/working-hours/${encodeURIComponent(areaCode)}`, { method: "DELETE" }),
    [settingsKeys.hours],
  );
}
