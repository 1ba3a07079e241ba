// Data hooks for the case workbench (民情工作台) and a case's page.
import type { Case, CaseEvent, CaseProposal } from "@gongzhi/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, buildUrl } from "../../shared/api";
import type { Page } from "../../shared/types";

export type { Case, CaseEvent, CaseProposal };

export const CASE_STATUSES = [
  "submitted",
  "assigned",
  "in_progress",
  "hold_requested",
  "on_hold",
  "resolved",
  "closed",
  "rejected",
  "merged",
] as const;
export const HANDLER_KINDS = ["grid_worker", "community", "street", "department", "unit", "volunteer_team"] as const;
export const STATUS_COLORS: Record<string, string> = {
  submitted: "gold",
  assigned: "blue",
  in_progress: "processing",
  hold_requested: "orange",
  on_hold: "default",
  resolved: "cyan",
  closed: "green",
  rejected: "red",
  merged: "default",
};

export interface CaseFilters {
  status?: string;
  overdue?: string;
  categoryCode?: string;
  areaCode?: string;
  q?: string;
}

export function useCases(filters: CaseFilters, page: number, pageSize: number) {
  const query = { ...filters, page, pageSize };
  return useQuery({
    queryKey: ["cases", "list", query],
    queryFn: ({ signal }) => api<Page<Case>>("/api/v1/cases", { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function exportUrl(filters: CaseFilters): string {
  return buildUrl("/api/v1/cases/export.xlsx", { ...filters });
}

export function useCase(id: string) {
  return useQuery({ queryKey: ["cases", "one", id], queryFn: ({ signal }) => api<Case>(`/api/v1/cases/${id}`, { signal }) });
}

export function useCaseEvents(id: string) {
  return useQuery({
    queryKey: ["cases", "events", id],
    queryFn: ({ signal }) => api<{ items: CaseEvent[] } | CaseEvent[]>(`/api/v1/cases/${id}/events`, { signal }),
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
}

export function useProposal(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["cases", "proposal", id],
    queryFn: ({ signal }) => api<CaseProposal>(`/api/v1/cases/${id}/proposal`, { signal }),
    enabled,
  });
}

export function useCategoryOptions() {
  return useQuery({
    queryKey: ["case-categories", "public"],
    queryFn: ({ signal }) =>
      api<{ items: { code: string; name: string; parentCode: string | null }[] }>("/api/v1/case-categories", { signal }),
    staleTime: 5 * 60_000,
    select: (d) => d.items.filter((c) => c.parentCode).map((c) => ({ value: c.code, label: c.name })),
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ["departments", "options"],
    queryFn: ({ signal }) => api<{ items: { id: string; name: string }[] }>("/api/v1/departments", { signal }),
    staleTime: 5 * 60_000,
  });
}

/** Posts to a case endpoint and refreshes everything about cases. */
export function useCasePost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => api<unknown>(path, { method: "POST", body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["cases"] }),
  });
}
